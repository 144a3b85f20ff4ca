"""Shaping referrals for the pages: the timeline in words and days, needs in a line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from carewatch.capacity.vocabulary import BedType
from carewatch.discharge.models import Delay, Placement, PlacementRequest, Referral
from carewatch.discharge.vocabulary import RequestState, band_of


def needs(referral: Referral) -> str:
    parts = [BedType(referral.bed_type).label] if referral.bed_type else []
    parts += [
        word
        for flag, word in (
            (referral.dementia, "dementia"),
            (referral.nursing, "nursing care"),
            (referral.bariatric, "bariatric care"),
        )
        if flag
    ]
    if referral.other_needs:
        parts.append(referral.other_needs)
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%-d %B %Y} at {local:%H:%M}"


def request_state(request: PlacementRequest, *, now: datetime) -> str:
    if request.state == RequestState.WAITING and now > request.due_by:
        return "Time ran out"
    return RequestState(request.state).label


@dataclass(frozen=True)
class Step:
    label: str
    on: str
    detail: str = ""


def days_between(start: date, end: date) -> int:
    return max(0, (end - start).days)


def timeline(
    referral: Referral,
    requests: list[PlacementRequest],
    delays: list[Delay],
    placement: Placement | None,
    *,
    now: datetime,
) -> list[Step]:
    """Ready date → referral → requests → answers → placement (or cancelled), with the days each took."""
    steps = [Step("Ready to leave hospital", f"{referral.ready_on:%-d %B %Y}")]
    steps.append(
        Step(
            "Referral made",
            when(referral.created_at),
            f"{days_between(referral.ready_on, timezone.localdate(referral.created_at))} days after the ready date",
        )
    )
    events: list[tuple[datetime, Step]] = []
    for request in requests:
        events.append((request.sent_at, Step(f"Sent to {request.location.name}", when(request.sent_at))))
        if request.responded_at is not None and request.state == RequestState.DECLINED:
            events.append(
                (
                    request.responded_at,
                    Step(
                        f"{request.location.name} declined",
                        when(request.responded_at),
                        request.decline_reason,
                    ),
                )
            )
    for delay in delays:
        events.append(
            (
                delay.recorded_at,
                Step(f"Delay: {delay.get_reason_display()}", when(delay.recorded_at), delay.note),
            )
        )
    if placement is not None:
        days = days_between(referral.ready_on, timezone.localdate(placement.placed_at))
        events.append(
            (
                placement.placed_at,
                Step(
                    f"Placed at {placement.location.name}",
                    when(placement.placed_at),
                    f"{days} days after the ready date (band: {band_of(days)})",
                ),
            )
        )
    if referral.cancelled_at is not None:
        events.append(
            (referral.cancelled_at, Step("Cancelled", when(referral.cancelled_at), referral.cancel_reason))
        )
    events.sort(key=lambda pair: pair[0])
    steps += [step for _at, step in events]
    if placement is None and referral.cancelled_at is None:
        waiting = days_between(referral.ready_on, timezone.localdate(now))
        steps.append(
            Step(
                "Still in hospital",
                "today",
                f"{waiting} days after the ready date (band: {band_of(waiting)})",
            )
        )
    return steps
