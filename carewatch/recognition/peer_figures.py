"""Figures insights reads about peer support and improvement offers (docs/recognition.md, "Figures"), for a
list of councils on a date: plain values, no presentation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from carewatch.core.models import Organisation
from carewatch.recognition import peer_queries
from carewatch.recognition.peer_models import ImprovementOffer, OfferBooking, PeerPairing


@dataclass(frozen=True)
class PeerFigures:
    pairs_active: int  # started on or before the date, review not yet passed... or not ended
    pairs_started: int  # every pairing started on or before the date
    sessions: int  # sessions held on or before the date
    mentees_rated_since: int  # pairings whose mentee had a CQC report after the start
    mentees_improved: int  # of those, rated higher than at the start
    offers: int  # offers in the catalogue (not withdrawn)
    places: int
    places_booked: int
    places_attended: int

    @property
    def improved_pct(self) -> float | None:
        return (
            round(100 * self.mentees_improved / self.mentees_rated_since, 1)
            if self.mentees_rated_since
            else None
        )


def peer_figures(councils: Sequence[Organisation], *, on: date) -> PeerFigures:
    ids = [c.pk for c in councils]
    started = PeerPairing.objects.filter(council_id__in=ids, starts_on__lte=on)
    active = started.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
    rated = improved = 0
    for pairing in started.order_by("pk"):
        outcome = peer_queries.outcome(pairing)
        if outcome.improved is not None:
            rated += 1
            improved += int(outcome.improved)
    offers = ImprovementOffer.objects.filter(council_id__in=ids, withdrawn_on__isnull=True)
    bookings = OfferBooking.objects.filter(offer__council_id__in=ids, booked_at__date__lte=on).aggregate(
        booked=Count("pk"), attended=Count("pk", filter=Q(attended=True))
    )
    return PeerFigures(
        pairs_active=active.count(),
        pairs_started=started.count(),
        sessions=sum(
            started.annotate(n=Count("sessions", filter=Q(sessions__held_on__lte=on))).values_list(
                "n", flat=True
            )
        ),
        mentees_rated_since=rated,
        mentees_improved=improved,
        offers=offers.count(),
        places=sum(offers.values_list("places", flat=True)),
        places_booked=bookings["booked"],
        places_attended=bookings["attended"],
    )
