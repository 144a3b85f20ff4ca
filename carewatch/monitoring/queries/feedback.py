"""Reads of lived-experience feedback. ``feedback_summary`` is public: aggregates of approved responses
only, never a single response, never free text. The rest are for the council's QA staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Avg, Count, Prefetch, Q, QuerySet

from carewatch.core.models import Organisation
from carewatch.monitoring.models import (
    FEEDBACK_CATEGORIES,
    Feedback,
    FeedbackLink,
    FeedbackModeration,
    ModerationState,
    RespondentKind,
)
from carewatch.register.models import Location

SUPPRESS_BELOW = 5  # aggregates of fewer responses are not shown (docs/monitoring.md, "Privacy")


@dataclass(frozen=True)
class CategorySummary:
    field: str
    question: str
    responses: int
    suppressed: bool  # fewer than SUPPRESS_BELOW responses: no average shown
    average: float | None  # mean score 1–5, one decimal place
    positive_share: float | None  # share scoring 4 or 5, 0–1


@dataclass(frozen=True)
class FeedbackSummary:
    location_id: str
    responses: int  # approved responses
    by_respondent: dict[str, int | None]  # kind label → count, None when fewer than SUPPRESS_BELOW
    categories: tuple[CategorySummary, ...]
    suppress_below: int = SUPPRESS_BELOW

    @property
    def shown(self) -> tuple[CategorySummary, ...]:
        return tuple(c for c in self.categories if not c.suppressed)


def feedback_summary(
    location: Location, *, organisation: Organisation | None = None, since: date | None = None
) -> FeedbackSummary:
    """Aggregates of APPROVED feedback for a location — never a single response, never free text.

    A category with fewer than 5 scored responses is suppressed (no average); so is a respondent group
    with fewer than 5. ``organisation`` limits it to one council's collection; ``since`` to recent responses.
    """
    approved = Feedback.objects.filter(location=location, moderation=ModerationState.APPROVED)
    if organisation is not None:
        approved = approved.filter(organisation=organisation)
    if since is not None:
        approved = approved.filter(received_at__date__gte=since)
    aggregates: dict[str, Any] = {"total": Count("id")}
    for name, _ in FEEDBACK_CATEGORIES:
        aggregates[f"{name}__n"] = Count("id", filter=Q(**{f"{name}__isnull": False}))
        aggregates[f"{name}__avg"] = Avg(name)
        aggregates[f"{name}__good"] = Count("id", filter=Q(**{f"{name}__gte": 4}))
    figures = approved.aggregate(**aggregates)
    categories = []
    for name, question in FEEDBACK_CATEGORIES:
        n = figures[f"{name}__n"]
        suppressed = n < SUPPRESS_BELOW
        categories.append(
            CategorySummary(
                field=name,
                question=question,
                responses=n,
                suppressed=suppressed,
                average=None if suppressed else round(float(figures[f"{name}__avg"]), 1),
                positive_share=None if suppressed else round(figures[f"{name}__good"] / n, 3),
            )
        )
    counts: dict[str, int] = dict(approved.values_list("respondent_kind").annotate(n=Count("id")).order_by())
    by_respondent = {
        label: (counts.get(kind, 0) if counts.get(kind, 0) >= SUPPRESS_BELOW else None)
        for kind, label in RespondentKind.choices
        if counts.get(kind, 0)
    }
    return FeedbackSummary(
        location_id=str(location.pk),
        responses=figures["total"],
        by_respondent=by_respondent,
        categories=tuple(categories),
    )


def moderation_queue(organisation: Organisation) -> QuerySet[Feedback]:
    """Feedback waiting for this council's moderation, oldest first (for moderators only)."""
    return (
        Feedback.objects.filter(organisation=organisation, moderation=ModerationState.PENDING)
        .select_related("location")
        .order_by("received_at", "id")
    )


def moderation_list(
    organisation: Organisation,
    *,
    status: str = ModerationState.PENDING,
    location_id: str = "",
    received_from: date | None = None,
    received_to: date | None = None,
    newest_first: bool = False,
) -> QuerySet[Feedback]:
    """The council's feedback for its moderators, filtered and sorted (for the paged moderation queue).

    ``status`` is a ``ModerationState`` or ``"all"``; ``location_id`` a CQC location ID or blank for every
    service; ``received_from``/``received_to`` days (inclusive, the council's local dates). Each response
    comes with its service, who recorded it and its decisions, latest first (``moderations``), so a page of
    them costs the same few queries whatever its length.
    """
    feedback = Feedback.objects.filter(organisation=organisation)
    if status != "all":
        feedback = feedback.filter(moderation=status)
    if location_id:
        feedback = feedback.filter(location_id=location_id)
    if received_from is not None:
        feedback = feedback.filter(received_at__date__gte=received_from)
    if received_to is not None:
        feedback = feedback.filter(received_at__date__lte=received_to)
    order = ("-received_at", "-id") if newest_first else ("received_at", "id")
    return (
        feedback.select_related("location", "recorded_by")
        .prefetch_related(
            Prefetch(
                "moderations",
                queryset=FeedbackModeration.objects.select_related("by").order_by("-at", "-id"),
            )
        )
        .order_by(*order)
    )


def moderated_locations(organisation: Organisation) -> QuerySet[Location]:
    """The services the council holds feedback about, by name (the moderation queue's service filter)."""
    return (
        Location.objects.filter(qa_feedback__organisation=organisation)
        .distinct()
        .only("pk", "name", "postcode")
        .order_by("name", "pk")
    )


def open_feedback_link(token: str) -> FeedbackLink | None:
    """The link with this token if it still works (public: says nothing about who owns it)."""
    return (
        FeedbackLink.objects.select_related("location").filter(token=token, revoked_at__isnull=True).first()
    )


def open_feedback_links(organisation: Organisation | None) -> QuerySet[FeedbackLink]:
    """The council's links that still work, by service name (none for a person of no organisation)."""
    return (
        FeedbackLink.objects.filter(organisation=organisation, revoked_at__isnull=True)
        .select_related("location", "created_by")
        .order_by("location__name", "id")
    )
