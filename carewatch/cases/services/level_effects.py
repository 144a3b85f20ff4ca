"""What arriving at a level does, inside the decision that moves the case there."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from carewatch.cases import errors, ladder, queries
from carewatch.cases.ladder import ActionKind
from carewatch.cases.models import Action, Case, Proposal, RegulatorTrack, Suspension
from carewatch.core.models import User
from carewatch.ratings.cqc import INADEQUATE


def start_suspensions(case: Case, *, actor: User, now: datetime) -> list[Suspension]:
    today = timezone.localdate(now)
    in_force = set(
        Suspension.objects.filter(case=case, lifted_on__isnull=True).values_list("location_id", flat=True)
    )
    created = []
    for location in case.locations.order_by("id"):
        if location.pk in in_force:
            continue
        letter_due_on = queries.deadline(case, ladder.SUSPENSION_LETTER_DUE, today)
        suspension = Suspension.objects.create(
            case=case,
            location=location,
            started_on=today,
            started_by=actor,
            letter_due_on=letter_due_on,
            appeal_until=queries.appeal_until(case, letter_on=letter_due_on),
            review_on=queries.deadline(case, ladder.SUSPENSION_REVIEW, today),
        )
        Action.objects.bulk_create(
            [
                Action(
                    case=case,
                    kind=ActionKind.SUSPENSION,
                    suspension=suspension,
                    owner=actor,
                    title=f"Send the suspension letter for {location.name}",
                    due_on=suspension.letter_due_on,
                    details={"step": "letter"},
                    created_at=now,
                    created_by=actor,
                ),
                Action(
                    case=case,
                    kind=ActionKind.SUSPENSION,
                    suspension=suspension,
                    owner=actor,
                    title=f"Review the suspension at {location.name}",
                    due_on=suspension.review_on,
                    details={"step": "review"},
                    created_at=now,
                    created_by=actor,
                ),
            ]
        )
        created.append(suspension)
    return created


def lift_suspensions(
    suspensions: Iterable[Suspension], *, actor: User, lifted_on: date, reason: str
) -> list[int]:
    ids = [suspension.pk for suspension in suspensions]
    if not ids:
        return []
    lifted = Suspension.objects.filter(pk__in=ids, lifted_on__isnull=True).update(
        lifted_on=lifted_on, lifted_by=actor, lift_reason=reason
    )
    if lifted != len(ids):
        raise errors.SuspensionError("Someone lifted this suspension at the same moment")
    Action.objects.filter(suspension_id__in=ids, done_on__isnull=True).update(done_on=lifted_on)
    return ids


def start_regulator_tracks(case: Case) -> list[RegulatorTrack]:
    tracks = []
    for location in case.locations.filter(
        current_rating=INADEQUATE, current_rating_on__isnull=False
    ).order_by("id"):
        published_on = location.current_rating_on
        if published_on is None:  # never: the filter above
            continue
        track, _ = RegulatorTrack.objects.get_or_create(
            case=case,
            location=location,
            inadequate_published_on=published_on,
            defaults={
                "reinspection_due_on": queries.deadline(case, ladder.REINSPECTION_DUE, published_on),
                "cancellation_considered_on": queries.deadline(
                    case, ladder.CANCELLATION_CONSIDERED, published_on
                ),
            },
        )
        tracks.append(track)
    return tracks


def lapse_moot_proposals(case: Case, *, actor: User, now: datetime, keep: int | None) -> list[int]:
    state = case.level if case.is_open else ladder.CLOSED
    pending = Proposal.objects.filter(case=case, status=Proposal.Status.PENDING)
    if keep is not None:
        pending = pending.exclude(pk=keep)
    moot = [
        proposal.pk
        for proposal in pending
        if not ladder.is_allowed(
            state, ladder.DECISION_FOR_KIND[proposal.kind], proposal.level or ladder.CLOSED
        )
    ]
    if moot:
        Proposal.objects.filter(pk__in=moot, status=Proposal.Status.PENDING).update(
            status=Proposal.Status.LAPSED,
            decided_by=actor,
            decided_at=now,
            decision_reason=f"Overtaken by the decision at revision {case.revision}",
        )
    return moot


def on_level_change(
    case: Case, *, from_level: str, actor: User, now: datetime, reason: str
) -> dict[str, Any]:
    """Side effects of arriving at ``case.level`` (or closing). Returns facts for the audit entry."""
    facts: dict[str, Any] = {}
    if case.is_open and case.level == ladder.SUSPENSION_LEVEL:
        started = start_suspensions(case, actor=actor, now=now)
        if started:
            facts["suspensions_started"] = [s.pk for s in started]
    if not case.is_open or ladder.RANK[case.level] < ladder.RANK[ladder.SUSPENSION_LEVEL]:
        lifted = lift_suspensions(
            Suspension.objects.filter(case=case, lifted_on__isnull=True),
            actor=actor,
            lifted_on=timezone.localdate(now),
            reason=reason,
        )
        if lifted:
            facts["suspensions_lifted"] = lifted
    if case.is_open and case.level == "R" and from_level != "R":
        tracks = start_regulator_tracks(case)
        if tracks:
            facts["regulator_tracks"] = [t.pk for t in tracks]
    return facts
