"""Demo peer support and improvement offers (docs/recognition.md): two strong services in the demo council's
area volunteer as peer supporters; the council's QA officer pairs a provider of concern (a service in one
of its open cases, else its lowest-rated service) with the supporter carewatch suggests first, with two
sessions logged; the council's catalogue holds medicines training, a falls workshop and intensive support
visits, with places booked and attendance recorded.

Each step is one service call in its own transaction (so the audit trail reads as it would for real), and
a step already done is left as it is: a run stopped part way leaves whole records, and the next run
finishes the rest. Dates count back from ``today``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction

from carewatch.core.models import Organisation, User
from carewatch.core.roles import Role
from carewatch.demo import recognition as commitment_demo
from carewatch.ratings import cqc
from carewatch.recognition import errors, offers_services, peer_queries, peer_services
from carewatch.recognition.peer_models import ImprovementOffer, OfferKind, PeerPairing, PeerSupporter
from carewatch.register import models as register

LABEL = commitment_demo.LABEL
SUPPORTERS = 2
SUBJECTS = (
    ["medicines", "training-and-supervision"],
    ["staffing-levels", "care-planning", "risk-assessment"],
)
OFFERS = (
    ("Medicines training for senior carers", "medicines", OfferKind.TRAINING, 12),
    ("Falls prevention workshop", "risk-assessment", OfferKind.WORKSHOP, 20),
    ("Intensive support visits", "medicines", OfferKind.INTENSIVE, 2),
)


@dataclass(frozen=True)
class PeerSummary:
    supporters: int = 0
    pairings: int = 0
    offers: int = 0


def _officer(council: Organisation) -> User | None:
    return (
        User.objects.filter(organisation=council, role_grants__role=Role.QA_OFFICER, is_active=True)
        .order_by("id")
        .first()
    )


def _strong(council: Organisation, today: date) -> list[register.Location]:
    """Active services in the area rated Good or Outstanding, one per provider, not in an open case."""
    rated = register.Location.objects.filter(
        local_authority_id=council.local_authority_id,
        is_active=True,
        provider__isnull=False,
        ratings__is_current=True,
        ratings__overall__in=[cqc.OUTSTANDING, cqc.GOOD],
    ).order_by("-ratings__overall", "id")  # "Outstanding" sorts after "Good": outstanding first
    found: list[register.Location] = []
    providers: set[str] = set()
    for location in rated[:200]:
        if location.provider_id in providers or peer_queries.why_not_eligible(location, today=today):
            continue
        providers.add(location.provider_id or "")
        found.append(location)
        if len(found) == SUPPORTERS:
            break
    return found


def _mentee(council: Organisation) -> register.Location | None:
    """A service in the council's open cases, else its lowest-rated active service that is no supporter."""
    concern = peer_queries.locations_of_concern(council).first()
    if concern is not None:
        return concern
    supporting = PeerSupporter.objects.filter(withdrawn_on__isnull=True).values("location_id")
    rated = (
        register.Rating.objects.filter(
            location__local_authority_id=council.local_authority_id,
            location__is_active=True,
            is_current=True,
            overall__in=list(peer_queries.RATING_ORDER),
        )
        .exclude(location_id__in=supporting)
        .select_related("location")
        .order_by("location_id")[:500]
    )
    lowest = min(rated, key=lambda r: (peer_queries.RATING_ORDER[r.overall], r.location_id), default=None)
    return lowest.location if lowest is not None else None


def generate_demo_peer_support(*, council: Organisation, today: date, now: datetime) -> PeerSummary:
    officer = _officer(council)
    if officer is None or council.local_authority_id is None:
        return PeerSummary()
    volunteered = 0
    for index, location in enumerate(_strong(council, today)):
        with transaction.atomic():
            if PeerSupporter.objects.filter(location=location, withdrawn_on__isnull=True).exists():
                continue
            assert location.provider is not None
            peer_services.volunteer_supporter(
                actor=None,
                organisation=commitment_demo._employer(location.provider, now=now),
                location=location,
                subjects=SUBJECTS[index % len(SUBJECTS)],
                now=now,
                label=LABEL,
            )
            volunteered += 1
    paired = 0
    mentee = _mentee(council)
    if mentee is not None and not PeerPairing.objects.filter(council=council).exists():
        suggested = peer_queries.suggestions(mentee, today=today, limit=1)
        if suggested:
            with transaction.atomic():
                pairing = peer_services.pair(
                    actor=officer,
                    mentee=mentee,
                    supporter=suggested[0].supporter,
                    goals="Medicines given and recorded safely on every round; a registered manager's "
                    "weekly audit in place",
                    starts_on=today - timedelta(days=60),
                    review_on=today + timedelta(days=30),
                    case=peer_queries.open_case_of(council, mentee),
                    now=now,
                )
                for days, note in (
                    (50, "Walked the morning medicines round together and compared MAR charts"),
                    (20, "Shared our audit tool; agreed a weekly audit and a peer check in a month"),
                ):
                    peer_services.log_session(
                        actor=officer,
                        pairing=pairing,
                        held_on=today - timedelta(days=days),
                        note=note,
                        now=now,
                    )
            paired += 1
    return PeerSummary(supporters=volunteered, pairings=paired, offers=_offers(council, officer, mentee, now))


def _offers(council: Organisation, officer: User, mentee: register.Location | None, now: datetime) -> int:
    added = 0
    for title, theme, kind, places in OFFERS:
        with transaction.atomic():
            if ImprovementOffer.objects.filter(council=council, title=title).exists():
                continue
            offer = offers_services.add_offer(
                actor=officer, title=title, theme=theme, kind=kind, places=places, now=now
            )
            added += 1
            if mentee is None:
                continue
            try:
                if kind == OfferKind.INTENSIVE:
                    offers_services.book_place(
                        actor=officer,
                        offer=offer,
                        location=mentee,
                        first_visit_on=now.date() + timedelta(days=1),
                        visits=5,
                        frequency="daily",
                        now=now,
                    )
                elif kind == OfferKind.TRAINING:
                    booking = offers_services.book_place(actor=officer, offer=offer, location=mentee, now=now)
                    offers_services.record_attendance(actor=officer, booking=booking, attended=True, now=now)
            except errors.InvalidInput:
                continue  # intensive support needs an open case at level 2 or above: the offer stays unbooked
    return added
