"""Every write of improvement offers (docs/recognition.md, "Improvement offers"): keyword-only, ``now``
passed in, one transaction and one audit entry each; bad input raises ``errors.InvalidInput`` naming every
field at fault, and nothing is saved.

add_offer (the council's catalogue) → book_place (a place for one service; intensive support schedules
monitoring's visits, on the ladder's enhanced-monitoring level or above) → record_attendance.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction

from carewatch.cases import ladder
from carewatch.cases.ladder import VisitFrequency
from carewatch.core import audit
from carewatch.core.models import User
from carewatch.monitoring import errors as monitoring_errors
from carewatch.monitoring import services as monitoring_services
from carewatch.monitoring.models import VisitKind
from carewatch.recognition import peer_queries, peer_ranking, peer_services
from carewatch.recognition.errors import InvalidInput, NotPermitted
from carewatch.recognition.peer_models import ImprovementOffer, OfferBooking, OfferKind, OfferVisit
from carewatch.register.models import Location

TITLE_LIMIT = 200
MAX_VISITS = 60
STEP_DAYS = {
    VisitFrequency.DAILY: 1,
    VisitFrequency.TWICE_WEEKLY: 3,  # Monday and Thursday, near enough: every 3 or 4 days
    VisitFrequency.WEEKLY: 7,
    VisitFrequency.FORTNIGHTLY: 14,
    VisitFrequency.MONTHLY: 28,
}


def add_offer(
    *,
    actor: User,
    title: str,
    theme: str,
    kind: str,
    places: int | None,
    now: datetime,
    description: str = "",
) -> ImprovementOffer:
    """Add an item to the council's catalogue of training and support."""
    peer_services.require_council_qa(actor, "manage improvement offers")
    problems: list[tuple[str, str]] = []
    text = title.strip()
    if not text:
        problems.append(("title", "Enter the title of the offer"))
    elif len(text) > TITLE_LIMIT:
        problems.append(("title", f"The title must be {TITLE_LIMIT} characters or fewer"))
    if theme not in peer_ranking.THEME_NAMES:
        problems.append(("theme", "Choose the theme the offer helps with"))
    if kind not in OfferKind.values:
        problems.append(("kind", "Choose the kind of offer"))
    if places is None or places < 1:
        problems.append(("places", "The number of places must be 1 or more"))
    if problems:
        raise InvalidInput(problems)
    assert actor.organisation is not None and places is not None
    with transaction.atomic():
        offer = ImprovementOffer.objects.create(
            council=actor.organisation,
            title=text,
            theme=theme,
            kind=kind,
            places=places,
            description=description.strip(),
            created_at=now,
            created_by=actor,
        )
        audit.write(
            now=now,
            actor=actor,
            organisation=actor.organisation,
            action="offer.added",
            object_type="recognition.improvementoffer",
            object_id=offer.pk,
            after={"title": text, "theme": theme, "kind": kind, "places": places},
        )
    return offer


def visit_dates(first: date, count: int, frequency: str) -> list[date]:
    """The dates of ``count`` visits from ``first``, every ``STEP_DAYS[frequency]`` days."""
    step = STEP_DAYS[VisitFrequency(frequency)]
    return [first + timedelta(days=step * n) for n in range(count)]


def book_place(
    *,
    actor: User,
    offer: ImprovementOffer,
    location: Location,
    now: datetime,
    first_visit_on: date | None = None,
    visits: int | None = None,
    frequency: str = "",
) -> OfferBooking:
    """Book a place on the offer for one service in the council's area. Intensive support also schedules its
    visits (monitoring's scheduled visits, each carried out and recorded like any other), and needs the
    service to be in the council's open case at the enhanced-monitoring level or above."""
    peer_services.require_council_qa(actor, "manage improvement offers")
    council = actor.organisation
    assert council is not None
    if offer.council_id != council.pk:
        raise NotPermitted("This offer is another council's")
    problems: list[tuple[str, str]] = []
    if offer.withdrawn_on is not None:
        problems.append(("offer", "This offer has been withdrawn"))
    if council.local_authority_id is None or location.local_authority_id != council.local_authority_id:
        problems.append(("location", f"{location.name} is not in {council.name}'s area"))
    taken = offer.bookings.count()
    if taken >= offer.places:
        problems.append(("location", f"All {offer.places} places on {offer.title} are booked"))
    if offer.bookings.filter(location=location).exists():
        problems.append(("location", f"{location.name} already has a place on {offer.title}"))
    dates: list[date] = []
    if offer.kind == OfferKind.INTENSIVE:
        case = peer_queries.open_case_of(council, location)
        if case is None or ladder.RANK[case.level] < ladder.RANK[ladder.LevelCode.ENHANCED]:
            problems.append(
                (
                    "location",
                    f"Intensive support visits need {location.name} to be in an open case at level 2, "
                    "enhanced monitoring, or above",
                )
            )
        if first_visit_on is None:
            problems.append(("first_visit_on", "Enter the date of the first visit"))
        elif first_visit_on < now.date():
            problems.append(("first_visit_on", "The first visit must be today or in the future"))
        if visits is None or not 1 <= visits <= MAX_VISITS:
            problems.append(("visits", f"The number of visits must be between 1 and {MAX_VISITS}"))
        if frequency not in STEP_DAYS:
            problems.append(("frequency", "Choose how often to visit"))
        if not problems:
            assert first_visit_on is not None and visits is not None
            dates = visit_dates(first_visit_on, visits, frequency)
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        booking = OfferBooking.objects.create(offer=offer, location=location, booked_at=now, booked_by=actor)
        for visit_on in dates:
            try:
                visit = monitoring_services.schedule_visit(
                    organisation=council,
                    actor=actor,
                    location=location,
                    visit_on=visit_on,
                    kind=VisitKind.PLANNED,
                    now=now,
                )
            except monitoring_errors.MonitoringError as error:
                raise InvalidInput([("first_visit_on", str(error))]) from error
            OfferVisit.objects.create(booking=booking, visit=visit)
        audit.write(
            now=now,
            actor=actor,
            organisation=council,
            action="offer.booked",
            object_type="recognition.improvementoffer",
            object_id=offer.pk,
            after={
                "booking": booking.pk,
                "location": location.pk,
                "visits": [d.isoformat() for d in dates],
            },
        )
    return booking


def record_attendance(*, actor: User, booking: OfferBooking, attended: bool, now: datetime) -> OfferBooking:
    """Whether the service took up its place."""
    peer_services.require_council_qa(actor, "manage improvement offers")
    if booking.offer.council_id != actor.organisation_id:
        raise NotPermitted("This offer is another council's")
    before = booking.attended
    with transaction.atomic():
        booking.attended = attended
        booking.attendance_recorded_at = now
        booking.save(update_fields=["attended", "attendance_recorded_at"])
        audit.write(
            now=now,
            actor=actor,
            organisation=actor.organisation,
            action="offer.attendance_recorded",
            object_type="recognition.improvementoffer",
            object_id=booking.offer_id,
            before={"attended": before},
            after={"booking": booking.pk, "attended": attended},
        )
    return booking
