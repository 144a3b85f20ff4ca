"""Reading referrals and placement requests, scoped to who asks (docs/discharge.md, "Who sees what").

- A referral is read by the people of the organisation (council or ICB) that made it: not its partners
  and not a system administrator, because it is about one person (even without their name).
- A placement request is read by the people of the provider that runs the location it was sent to.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Case, Count, Q, QuerySet, Value, When

from carewatch.core import access
from carewatch.core.access import AnyUser
from carewatch.core.roles import OrganisationKind
from carewatch.discharge.models import Delay, Placement, PlacementRequest, Referral
from carewatch.discharge.vocabulary import RequestState


def referrals_for(user: AnyUser | None) -> QuerySet[Referral]:
    """The referrals of the person's own council or ICB (nothing for anyone else)."""
    person = access.signed_in_user(user)
    organisation = person.organisation if person is not None else None
    if organisation is None or organisation.kind not in (OrganisationKind.COUNCIL, OrganisationKind.ICB):
        return Referral.objects.none()
    return Referral.objects.filter(organisation=organisation)


def referral_list(user: AnyUser | None) -> QuerySet[Referral]:
    """Newest first, with how many requests are out and the placement's service (two joins, one query)."""
    return (
        referrals_for(user)
        .select_related("placement__location")
        .annotate(
            waiting=Count("requests", filter=Q(requests__state=RequestState.WAITING)),
            sent=Count("requests"),
        )
        .order_by("-created_at", "-id")
    )


def requests_for(user: AnyUser | None) -> QuerySet[PlacementRequest]:
    """Requests sent to the person's provider's locations (nothing for anyone else)."""
    return PlacementRequest.objects.filter(access.provider_location_filter(user)).select_related(
        "referral", "location"
    )


def incoming(user: AnyUser | None) -> QuerySet[PlacementRequest]:
    """The provider's requests, those waiting first, then newest first."""
    waiting_first = Case(When(state=RequestState.WAITING, then=Value(0)), default=Value(1))
    return requests_for(user).order_by(waiting_first, "-sent_at", "-id")


def requests_of(referral: Referral) -> list[PlacementRequest]:
    return list(referral.requests.select_related("location", "responded_by").order_by("sent_at", "id"))


def delays_of(referral: Referral) -> list[Delay]:
    return list(referral.delays.select_related("recorded_by").order_by("recorded_at", "id"))


def placement_of(referral: Referral) -> Placement | None:
    return Placement.objects.filter(referral=referral).select_related("location").first()


def held_beds(location_ids: list[str], *, since: dict[str, datetime | None]) -> dict[tuple[str, str], int]:
    """Beds held by placements at each (location, bed type) after that location's latest return (``since``:
    location id → reported_at). A return saved after a placement already counts the person as occupied."""
    held: dict[tuple[str, str], int] = {}
    rows = Placement.objects.filter(location_id__in=location_ids).values_list(
        "location_id", "bed_type", "placed_at"
    )
    for location_id, bed_type, placed_at in rows:
        reported_at = since.get(location_id)
        if reported_at is None or placed_at > reported_at:
            held[(location_id, bed_type)] = held.get((location_id, bed_type), 0) + 1
    return held
