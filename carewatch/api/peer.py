"""Peer support and improvement offers in the REST API, for staff tokens, scoped exactly as the pages are
(docs/recognition.md, "API"). Mounted in ``carewatch/api/views.py``:

- ``GET /recognition/peer/supporters``: the services offering peer support now (a council's QA officers
  and managers, and providers' people);
- ``GET /recognition/peer/pairings``, ``GET /recognition/peer/pairings/{id}``: the pairings the caller may
  read (their council's, or those their provider is in), each with its sessions and outcome; another's is 404;
- ``GET /recognition/offers``: the caller's council's catalogue with places booked and attended.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from carewatch.api import auth, schemas
from carewatch.api import paging as api_paging
from carewatch.api.errors import ApiError
from carewatch.core.roles import OrganisationKind, Role
from carewatch.recognition import offers_queries, peer_queries
from carewatch.recognition.peer_models import PeerPairing

router = Router(tags=["peer support"])
offers_router = Router(tags=["improvement offers"])
Error = schemas.ErrorResponse
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error, 500: Error}
READERS = (Role.QA_OFFICER, Role.QA_MANAGER, Role.PROVIDER_MANAGER, Role.PROVIDER_STAFF)


class Paging(Schema):
    page: int = Field(1, ge=1, description="1 is the first page; past the last page gives the last page")
    page_size: int = Field(50, ge=1, le=200)


def _reader(request: HttpRequest, *, councils_only: bool = False):
    person = auth.person_or_401(request)
    organisation = person.organisation
    kinds = (
        (OrganisationKind.COUNCIL,)
        if councils_only
        else (OrganisationKind.COUNCIL, OrganisationKind.PROVIDER)
    )
    roles = (Role.QA_OFFICER, Role.QA_MANAGER) if councils_only else READERS
    if organisation is None or organisation.kind not in kinds or not person.has_role(*roles):
        raise ApiError(
            403,
            "forbidden",
            "Improvement offers are for a council's QA officers and managers."
            if councils_only
            else "Peer support is for a council's QA officers and managers and providers' people.",
        )
    return person


def _page(request: HttpRequest, queryset, paging: Paging, shape) -> dict[str, Any]:
    return api_paging.paged(request, queryset, page=paging.page, page_size=paging.page_size, shape=shape)


@router.get(
    "/supporters", response={200: dict[str, Any], **ERRORS}, url_name="peer_supporters", **auth.token_needed()
)
def list_supporters(request: HttpRequest, paging: Query[Paging]):
    """The services offering peer support now, by name, with their subjects (theme slugs)."""
    _reader(request)
    return _page(
        request,
        peer_queries.current_supporters(),
        paging,
        lambda s: {
            "id": s.pk,
            "location_id": s.location_id,
            "name": s.location.name,
            "provider": s.organisation.name,
            "subjects": list(s.subjects),
            "volunteered_on": s.volunteered_on,
        },
    )


def _pairing(pairing: PeerPairing, *, full: bool = False) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": pairing.pk,
        "council": pairing.council.name,
        "mentee_location_id": pairing.mentee_id,
        "mentee": pairing.mentee.name,
        "supporter_location_id": pairing.supporter.location_id,
        "supporter": pairing.supporter.location.name,
        "goals": pairing.goals,
        "starts_on": pairing.starts_on,
        "review_on": pairing.review_on,
        "ended_on": pairing.ended_on,
        "case_action_id": pairing.case_action_id,
    }
    if full:
        outcome = peer_queries.outcome(pairing)
        found["sessions"] = [
            {
                "held_on": s.held_on,
                "note": s.note,
                "logged_by": s.logged_by.organisation.name if s.logged_by.organisation else None,
            }
            for s in peer_queries.sessions_of(pairing)
        ]
        found["outcome"] = {
            "rating_before": outcome.rating_before or None,
            "rating_before_on": outcome.rating_before_on,
            "ratings_since": [{"report_on": on, "overall": overall} for on, overall in outcome.ratings_since],
            "council_visits_since": len(outcome.local_since),
            "findings_in_the_year_before": outcome.findings_before,
            "findings_since": outcome.findings_since,
            "improved": outcome.improved,
        }
    return found


@router.get(
    "/pairings", response={200: dict[str, Any], **ERRORS}, url_name="peer_pairings", **auth.token_needed()
)
def list_pairings(request: HttpRequest, paging: Query[Paging]):
    """The pairings the caller may read: current first, then the newest."""
    return _page(request, peer_queries.pairing_list(_reader(request)), paging, _pairing)


@router.get(
    "/pairings/{pairing_id}",
    response={200: dict[str, Any], **ERRORS},
    url_name="peer_pairing",
    **auth.token_needed(),
)
def get_pairing(request: HttpRequest, pairing_id: int):
    """One pairing, with its sessions and the mentee's ratings and findings since it started."""
    person = _reader(request)
    try:
        pairing = peer_queries.pairing_for(person, pairing_id)
    except PeerPairing.DoesNotExist:
        raise ApiError(404, "not_found", f"There is no pairing {pairing_id} you can see.") from None
    return _pairing(pairing, full=True)


@offers_router.get("", response={200: dict[str, Any], **ERRORS}, url_name="offers", **auth.token_needed())
def list_offers(request: HttpRequest, paging: Query[Paging]):
    """The caller's council's catalogue: each offer with its places, places booked and attended."""
    person = _reader(request, councils_only=True)
    offers = offers_queries.catalogue(person).annotate(
        attended=Count("bookings", filter=Q(bookings__attended=True))
    )
    return _page(
        request,
        offers,
        paging,
        lambda o: {
            "id": o.pk,
            "title": o.title,
            "theme": o.theme,
            "kind": o.kind,
            "places": o.places,
            "booked": o.taken,
            "attended": o.attended,
        },
    )
