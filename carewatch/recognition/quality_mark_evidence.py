"""Reads the evidence the quality mark's computed criteria judge (``quality_mark_criteria``), for a whole
list of services at once: the current CQC rating, the latest published local QA rating, the scheme's
council's open cases and suspensions (and any council's published suspension), the Social Care Commitment
and capacity returns."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Q

from carewatch.capacity import figures as capacity_figures
from carewatch.cases.models import Case, Suspension
from carewatch.core.models import Organisation
from carewatch.monitoring.models import FEEDBACK_CATEGORY_FIELDS, Feedback, ModerationState
from carewatch.monitoring.queries import public as monitoring_public
from carewatch.ratings import cqc
from carewatch.recognition import queries
from carewatch.recognition.quality_mark_criteria import (
    FEEDBACK_MONTHS,
    Evidence,
    LocalRating,
    months_before,
)
from carewatch.register.models import Rating


def gather(location_ids: Iterable[str], *, council: Organisation, today: date) -> dict[str, Evidence]:
    """The evidence about each of these services, as the scheme of ``council`` sees it."""
    ids = sorted(set(location_ids))
    ratings = {
        r.location_id: r for r in Rating.objects.filter(location_id__in=ids, is_current=True).order_by("pk")
    }
    local = monitoring_public.published_ratings(ids)
    cases: dict[str, list[str]] = defaultdict(list)
    for location_id, level in (
        Case.objects.filter(organisation=council, is_open=True, case_locations__location_id__in=ids)
        .values_list("case_locations__location_id", "level")
        .order_by("case_locations__location_id", "level")
    ):
        cases[location_id].append(level)
    since = months_before(today, 12)
    suspended: dict[str, list[date]] = defaultdict(list)
    for location_id, started_on in (
        Suspension.objects.filter(location_id__in=ids, started_on__lte=today)
        .filter(Q(lifted_on__isnull=True) | Q(lifted_on__gt=since))
        .filter(Q(case__organisation=council) | Q(published=True))
        .values_list("location_id", "started_on")
        .order_by("location_id", "started_on", "pk")
    ):
        suspended[location_id].append(started_on)
    signed = queries.signed_location_ids(ids, today=today)
    feedback = _feedback(ids, council=council, since=months_before(today, FEEDBACK_MONTHS), today=today)
    returns = {m.location_id: m for m in capacity_figures.missed_returns(location_ids=ids, today=today)}
    found = {}
    for location_id in ids:
        rating = ratings.get(location_id)
        published = local.get(location_id)
        missed = returns.get(location_id)
        found[location_id] = Evidence(
            location_id=location_id,
            overall=rating.overall if rating else "",
            overall_on=rating.report_on if rating else None,
            key_questions={kq: getattr(rating, kq) for kq in cqc.KEY_QUESTIONS} if rating else {},
            local_rating=(
                LocalRating(published.council, published.rating, published.published_on)
                if published
                else None
            ),
            open_case_levels=tuple(cases.get(location_id, ())),
            suspensions_since=tuple(suspended.get(location_id, ())),
            commitment_signed_on=signed.get(location_id),
            returns_missed=_missed(missed),
            months_checked=len(missed.months) if missed else 0,
            feedback_responses=feedback.get(location_id, (0, None))[0],
            feedback_average=feedback.get(location_id, (0, None))[1],
        )
    return found


def _missed(missed: capacity_figures.MissedReturns | None) -> str | None:
    if missed is None:
        return None
    if missed.triggered:
        return missed.reason
    if missed.in_a_row:
        return f"The latest monthly capacity return was missed ({missed.in_a_row} in a row)"
    return None


def _feedback(
    ids: list[str], *, council: Organisation, since: date, today: date
) -> dict[str, tuple[int, float | None]]:
    """Approved lived-experience responses to the council about each service since ``since``: how many
    (with at least one score) and the mean of every score in them (docs/methodology.md)."""
    scores: dict[str, list[int]] = defaultdict(list)
    responses: dict[str, int] = defaultdict(int)
    for row in (
        Feedback.objects.filter(
            location_id__in=ids,
            organisation=council,
            moderation=ModerationState.APPROVED,
            received_at__date__gt=since,
            received_at__date__lte=today,
        )
        .values_list("location_id", *FEEDBACK_CATEGORY_FIELDS)
        .order_by("location_id", "pk")
    ):
        given = [score for score in row[1:] if score is not None]
        if given:
            responses[row[0]] += 1
            scores[row[0]].extend(given)
    return {
        location_id: (count, round(sum(scores[location_id]) / len(scores[location_id]), 2))
        for location_id, count in responses.items()
    }
