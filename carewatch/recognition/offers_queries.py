"""Reads of improvement offers (docs/recognition.md, "Improvement offers"): a council's catalogue, with
places taken; the offers matching the themes of a service's findings; bookings."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, QuerySet

from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind
from carewatch.recognition import peer_queries
from carewatch.recognition.peer_models import ImprovementOffer, OfferBooking
from carewatch.register.models import Location


def offers_visible_to(user: User) -> QuerySet[ImprovementOffer]:
    """A council's QA officers and managers read their council's catalogue; nobody else."""
    organisation = user.organisation if user.is_active else None
    if (
        organisation is None
        or organisation.kind != OrganisationKind.COUNCIL
        or not user.has_role(*peer_queries.COUNCIL_QA)
    ):
        return ImprovementOffer.objects.none()
    return ImprovementOffer.objects.filter(council=organisation)


def catalogue(user: User) -> QuerySet[ImprovementOffer]:
    return (
        offers_visible_to(user)
        .filter(withdrawn_on__isnull=True)
        .annotate(taken=Count("bookings"))
        .order_by("title", "pk")
    )


def offer_for(user: User, offer_id: int) -> ImprovementOffer:
    """One offer the person may read (``DoesNotExist`` otherwise), with its places taken."""
    return offers_visible_to(user).annotate(taken=Count("bookings")).get(pk=offer_id)


def bookings_of(offer: ImprovementOffer) -> QuerySet[OfferBooking]:
    return (
        offer.bookings.select_related("location")
        .annotate(visit_count=Count("visits"))
        .order_by("booked_at", "pk")
    )


def booking_for(user: User, booking_id: int) -> OfferBooking:
    return (
        OfferBooking.objects.filter(offer__in=offers_visible_to(user))
        .select_related("offer", "location")
        .get(pk=booking_id)
    )


def suggested_for(council: Organisation, location: Location, *, today: date) -> list[ImprovementOffer]:
    """The council's offers whose theme is one of the themes of the service's findings (24 months), the
    commonest theme first."""
    themes = peer_queries.finding_themes([location.pk], today=today).get(location.pk)
    if not themes:
        return []
    order = {slug: n for n, (slug, _count) in enumerate(themes.most_common())}
    offers = ImprovementOffer.objects.filter(
        council=council, withdrawn_on__isnull=True, theme__in=list(order)
    )
    return sorted(offers.annotate(taken=Count("bookings")), key=lambda o: (order[o.theme], o.title, o.pk))
