"""Discharge referrals in the REST API, scoped exactly as the pages are (docs/discharge.md, "API"). Mounted in
``carewatch/api/views.py`` with ``api.add_router("/referrals", …)``:

- ``GET /referrals``, ``GET /referrals/{id}``: the caller's team's referrals (a discharge coordinator's
  token; another organisation's referral is 404);
- ``POST /referrals``: a coordinator's write token makes a referral (the same rules as the web form;
  a referral with no needs is 422 naming ``needs``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from carewatch.api import auth, schemas
from carewatch.api import paging as api_paging
from carewatch.api.errors import ApiError
from carewatch.capacity.vocabulary import BedType
from carewatch.core.roles import OrganisationKind, Role
from carewatch.discharge import errors, queries, services
from carewatch.discharge.models import Referral
from carewatch.discharge.vocabulary import Funding, Pathway

router = Router(tags=["discharge"])
Error = schemas.ErrorResponse
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error, 500: Error}


class Paging(Schema):
    page: int = Field(1, ge=1, description="1 is the first page; past the last page gives the last page")
    page_size: int = Field(50, ge=1, le=500)


class ReferralIn(Schema):
    reference: str = Field(
        ..., max_length=40, description="your team's reference: never a name or NHS number"
    )
    pathway: str = Field(..., description="1, 2 or 3: " + "; ".join(Pathway.labels))
    funding: str = Field(..., description="any of: " + ", ".join(Funding.values))
    search_from: str = Field(..., max_length=100, description="a postcode, town or hospital postcode")
    ready_on: date = Field(..., description="the date the person is ready to leave hospital")
    bed_type: str = Field("", description="empty for pathway 1, or any of: " + ", ".join(BedType.values))
    dementia: bool = False
    nursing: bool = False
    bariatric: bool = False
    other_needs: str = Field("", max_length=500)


def _coordinator(request: HttpRequest):
    person = auth.person_or_401(request)
    organisation = person.organisation
    if (
        organisation is None
        or organisation.kind not in (OrganisationKind.COUNCIL, OrganisationKind.ICB)
        or not person.has_role(Role.DISCHARGE_COORDINATOR)
    ):
        raise ApiError(403, "forbidden", "Referrals are for a council's or an ICB's discharge coordinators.")
    return person


def _referral(referral: Referral) -> dict[str, Any]:
    placement = getattr(referral, "placement", None)
    return {
        "id": referral.pk,
        "reference": referral.reference,
        "pathway": referral.pathway,
        "bed_type": referral.bed_type or None,
        "dementia": referral.dementia,
        "nursing": referral.nursing,
        "bariatric": referral.bariatric,
        "other_needs": referral.other_needs,
        "funding": referral.funding,
        "search_from": referral.search_from,
        "ready_on": referral.ready_on,
        "created_at": referral.created_at,
        "state": referral.state,
        "placed_at": placement.placed_at if placement is not None else None,
        "placed_location_id": placement.location_id if placement is not None else None,
        "requests": [
            {
                "location_id": request.location_id,
                "sent_at": request.sent_at,
                "due_by": request.due_by,
                "state": request.state,
                "decline_reason": request.decline_reason or None,
            }
            for request in sorted(referral.requests.all(), key=lambda r: (r.sent_at, r.pk))
        ],
    }


def _scoped(person):
    return queries.referrals_for(person).select_related("placement").prefetch_related("requests")


@router.get("", response={200: dict[str, Any], **ERRORS}, url_name="referrals", **auth.token_needed())
def list_referrals(request: HttpRequest, paging: Query[Paging]):
    """The caller's team's referrals, newest first."""
    person = _coordinator(request)
    return api_paging.paged(
        request,
        _scoped(person).order_by("-created_at", "-id"),
        page=paging.page,
        page_size=paging.page_size,
        shape=_referral,
    )


@router.get(
    "/{referral_id}", response={200: dict[str, Any], **ERRORS}, url_name="referral", **auth.token_needed()
)
def get_referral(request: HttpRequest, referral_id: int):
    person = _coordinator(request)
    referral = _scoped(person).filter(pk=referral_id).first()
    if referral is None:
        raise ApiError(404, "not_found", f"Your team has no referral {referral_id}.")
    return _referral(referral)


@router.post("", response={201: dict[str, Any], **ERRORS}, url_name="referral_create", **auth.token_needed())
def create_referral(request: HttpRequest, body: ReferralIn):
    """A discharge coordinator's write token makes a referral (the same rules as the web form)."""
    person = _coordinator(request)
    try:
        referral = services.create_referral(
            organisation=person.organisation,
            actor=person,
            details=services.ReferralInput(**body.dict()),
            now=timezone.now(),
        )
    except errors.NotPermitted as refused:
        raise ApiError(403, "forbidden", refused.message, refused.field) from None
    except errors.DischargeError as refused:
        raise ApiError(422, "invalid", refused.message, refused.field) from None
    return Status(201, _referral(_scoped(person).get(pk=referral.pk)))
