"""The REST API under /api/v1: the same queries and rules as the web pages.

OpenAPI document: /api/v1/openapi.json; readable docs: /api/v1/docs; how to use it: docs/api.md.

Every endpoint declares who may call it: ``**auth.anyone()`` for public data, ``**auth.token_needed()``
for an endpoint that needs a token (the default, so an endpoint that forgets to say is not public).
Endpoints that read tenant data pass ``auth.user_of(request)`` to ``carewatch.core.access``.
"""

import json
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Schema

from carewatch.api import auth, errors, schemas
from carewatch.api import paging as api_paging
from carewatch.api.base import CarewatchAPI
from carewatch.api.docs import ReferencePage
from carewatch.api.errors import ApiError
from carewatch.api.throttling import AnonThrottle, TokenThrottle
from carewatch.cases import queries as cases_queries
from carewatch.ratings import interface as ratings_interface
from carewatch.ratings.errors import RatingInputError
from carewatch.register import models, queries
from carewatch.register.formats import CQC_LOCATION_URL
from carewatch.register.presenters import LocationPage

api = CarewatchAPI(
    title="carewatch API",
    version="1",
    description=(
        "The CQC register, market figures and the rating rules engine. Send an API token as"
        " `Authorization: Bearer cw_…` (create one at /account/api-tokens/); public data needs none."
        " Errors always have the shape"
        ' {"error": {"code", "message", "field"}}. Calls are rate limited (429 with Retry-After).'
    ),
    urls_namespace="api",
    docs=ReferencePage(),
    auth=[auth.TokenAuth()],
    throttle=[AnonThrottle(), TokenThrottle()],
)
errors.install(api)

Error = schemas.ErrorResponse
# Every operation can meet these: a bad token, a bad parameter, too many calls, a fault of ours.
ERRORS = {400: Error, 401: Error, 422: Error, 429: Error, 500: Error}
NOT_FOUND = {404: Error}


def error(request, status: int, code: str, message: str, field: str | None = None):
    return api.create_response(request, errors.body(code, message, field), status=status)


TEXT = r"^[^\x00]*$"  # any text but a null character (PostgreSQL refuses those)


class LocationFilters(Schema):
    q: str = Field("", pattern=TEXT)
    la: str = Field("", pattern=TEXT)
    icb: str = Field("", pattern=TEXT)
    region: str = Field("", pattern=TEXT)
    service: str = Field("", pattern=TEXT)
    rating: str = Field("", pattern=TEXT)
    status: Literal["active", "registered", "all"] = "active"
    exclude_suspended: bool = Field(
        False, description="leave out locations with new placements suspended (as far as the caller may know)"
    )
    other_services: bool = Field(
        False,
        description=(
            "include services that are not adult social care, such as GP practices and dentists "
            "(a CQC ID in q or a service type includes them anyway)"
        ),
    )
    page: int = Field(1, ge=1, description="1 is the first page; past the last page gives the last page")
    page_size: int = Field(50, ge=1, le=500)


def _suspended_ids(request: HttpRequest) -> set[str]:
    """Suspensions the caller may know of: published ones, and their councils' (and partners') own."""
    return cases_queries.suspended_location_ids_known_to(auth.user_of(request), on=timezone.localdate())


def _summary(loc: models.Location, suspended: set[str]) -> dict:
    return {
        "id": loc.id,
        "placements_suspended": loc.id in suspended,
        "name": loc.name,
        "provider_id": loc.provider_id,
        "postcode": loc.postcode,
        "local_authority_code": loc.local_authority_id,
        "icb_code": loc.icb_id,
        "region_code": loc.region_id,
        "registration_status": loc.registration_status,
        "dormant": loc.dormant,
        "active": loc.is_active,
        "care_home": loc.care_home,
        "beds": loc.beds,
        "overall_rating": loc.current_rating,
        "overall_rating_date": loc.current_rating_on,
        "url": reverse("api:location", kwargs={"location_id": loc.id}),
    }


@api.get("/locations", response={200: schemas.LocationPage, **ERRORS}, tags=["register"], **auth.anyone())
def list_locations(request: HttpRequest, filters: Query[LocationFilters]):
    """Search the register: the same filters as the web search, paged."""
    page_size = filters.page_size
    suspended = _suspended_ids(request)
    criteria = queries.SearchCriteria(
        text=filters.q,
        local_authority=filters.la,
        icb=filters.icb,
        region=filters.region,
        service_type=filters.service,
        rating=filters.rating,
        status=filters.status,
        exclude_ids=frozenset(suspended) if filters.exclude_suspended else frozenset(),
        other_services=filters.other_services,
    )
    return api_paging.paged(
        request,
        queries.search_locations(criteria),
        page=filters.page,
        page_size=page_size,
        shape=lambda loc: _summary(loc, suspended),
    )


@api.get(
    "/locations/{location_id}",
    response={200: schemas.Location, **ERRORS, **NOT_FOUND},
    tags=["register"],
    url_name="location",
    **auth.anyone(),
)
def get_location(request: HttpRequest, location_id: str):
    """One location with its current ratings (each key question with its own date) and history."""
    try:
        loc = queries.location_with_history(location_id)
    except models.Location.DoesNotExist:
        raise ApiError(404, "not_found", f"no location with CQC id {location_id}", "location_id") from None
    view = LocationPage(loc)
    return {
        **_summary(loc, _suspended_ids(request)),
        "registered_on": loc.registered_on,
        "deregistered_on": loc.deregistered_on,
        "address": view.address,
        "local_authority_name": loc.local_authority_name,
        "registered_manager": loc.registered_manager,
        "service_types": [s.name for s in loc.service_types.all()],
        "specialisms": [s.name for s in loc.specialisms.all()],
        "regulated_activities": [s.name for s in loc.regulated_activities.all()],
        "ratings": [_rating(r) for r in view.timeline],
        "cqc_url": CQC_LOCATION_URL.format(location_id=loc.id),
    }


def _rating(rating: models.Rating) -> dict:
    return {
        "current": rating.is_current,
        "report_date": rating.report_on,
        "report_link_id": rating.report_link_id,
        "overall": rating.overall,
        "inherited": rating.inherited,
        "predecessor_location_id": rating.predecessor_id,
        "key_questions": [
            {"key_question": kq, "rating": value, "report_date": on, "report_link_id": link}
            for kq, value, on, link in rating.key_question_rows()
            if value
        ],
        "services": rating.services,
    }


@api.get(
    "/providers/{provider_id}",
    response={200: schemas.Provider, **ERRORS, **NOT_FOUND},
    tags=["register"],
    **auth.anyone(),
)
def get_provider(request: HttpRequest, provider_id: str):
    try:
        provider = queries.provider(provider_id)
    except models.Provider.DoesNotExist:
        raise ApiError(404, "not_found", f"no provider with CQC id {provider_id}", "provider_id") from None
    return {
        "id": provider.id,
        "name": provider.name,
        "ownership_type": provider.ownership_type,
        "registration_status": provider.registration_status,
        "brand_name": provider.brand_name,
        "location_ids": queries.provider_location_ids(provider),
    }


class MarketQuery(Schema):
    by: Literal["england", "region", "icb", "la"] = "la"
    service: Literal["care-homes", "home-care", "all"] = "all"
    as_of: schemas.IsoDate | None = None


@api.get("/market", response={200: schemas.MarketFigures, **ERRORS}, tags=["market"], **auth.anyone())
def market(request: HttpRequest, params: Query[MarketQuery]):
    """Market figures per area, with both denominators; as at any date."""
    rows = queries.market_figures(by=params.by, service=params.service, as_of=params.as_of)
    return {
        "by": params.by,
        "service": params.service,
        "as_of": params.as_of,
        "areas": [r.as_dict() for r in rows],
    }


RATE_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["framework"],
                "properties": {"framework": {"type": "string", "enum": list(ratings_interface.FRAMEWORKS)}},
            },
            "example": {"framework": "local-authority", "scores": [2, 3, 3, 3, 3, 2, 2, 3, 3]},
        }
    },
}


def _json_int(text: str) -> int:
    """A JSON integer; Python refuses more than 4,300 digits, said here in plain words."""
    if len(text) > 4_300:
        raise ValueError(f"a number has {len(text):,} digits: carewatch reads numbers of up to 4,300 digits")
    return int(text)


@api.post(
    "/rate",
    response={200: dict[str, Any], **ERRORS, 413: Error},
    tags=["ratings"],
    **auth.anyone(writes_nothing=True, requestBody=RATE_BODY),
)
def rate(request: HttpRequest):
    """The rating rules engine: the same JSON in and out as `carewatch rate` (docs/ratings.md).

    A POST that writes nothing: anyone may call it, anonymously or with a read or write token.
    """
    try:
        payload = json.loads(request.body or b"null", parse_int=_json_int)
    except RecursionError:
        return error(
            request, 400, "invalid_json", "the body is not JSON carewatch reads: nested too deeply", "body"
        )
    except (ValueError, UnicodeDecodeError) as problem:
        return error(request, 400, "invalid_json", f"the body is not JSON: {problem}", "body")
    try:
        return ratings_interface.rate(payload)
    except RatingInputError as problem:
        return error(request, 400, "invalid_rating_input", problem.problem, problem.field)


@api.get("/me", response={200: schemas.Me, **ERRORS}, tags=["account"], **auth.token_needed())
def me(request: HttpRequest):
    """Who the token belongs to: their organisation, roles and the token's scope. Needs a token."""
    token = auth.token_of(request)
    assert token is not None  # token_needed(): ninja has let only a token's holder in
    user = token.user
    organisation = user.organisation
    return {
        "username": user.get_username(),
        "name": user.get_full_name(),
        "organisation": (
            {"id": organisation.pk, "name": organisation.name, "kind": organisation.kind}
            if organisation
            else None
        ),
        "roles": sorted(user.role_names),
        "scope": token.scope,
        "token": {"name": token.name, "prefix": token.prefix},
    }


api.add_router("/insights", "carewatch.api.insights.router")
api.add_router("/services", "carewatch.api.services.router")
api.add_router("", "carewatch.api.capacity.router")
api.add_router("/recognition", "carewatch.api.recognition.router")
api.add_router("/recognition/peer", "carewatch.api.peer.router")
api.add_router("/recognition/offers", "carewatch.api.peer.offers_router")
api.add_router("/referrals", "carewatch.api.discharge.router")
api.add_router("/programme", "carewatch.api.programme.router")
api.add_router("", "carewatch.api.risk.router")
