"""Risk scores in the REST API, for staff tokens, scoped exactly as the risk list is (docs/planning.md, "Where to
see it"). Mounted in ``carewatch/api/views.py`` with ``api.add_router("", …)``:

- ``GET /risk``: every active adult social care service in the caller's area (their council's, scored with its
  weights in force on ``as_of``; an ICB's every council's, with the published defaults), highest first, paged;
- ``GET /locations/{location_id}/risk``: one service's score and every reason; 404 outside the caller's area.

Council and ICB QA officers, QA managers, commissioners and analysts only: providers, national bodies and other
roles get 403, no token 401.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from carewatch.api import auth, schemas
from carewatch.api import paging as api_paging
from carewatch.api.errors import ApiError
from carewatch.core.roles import OrganisationKind
from carewatch.planning import presenters, queries, risk

router = Router(tags=["risk"])
Error = schemas.ErrorResponse
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error, 500: Error}
KINDS = (OrganisationKind.COUNCIL, OrganisationKind.ICB)


class Reason(Schema):
    signal: str = Field(description="the weight's name, as on the weights page and in risk.DEFAULT_WEIGHTS")
    points: float
    text: str = Field(description="the sentence a person reads, e.g. 'rated Inadequate overall in 2025'")


class ScoredService(Schema):
    id: str = Field(description="the CQC location id")
    name: str
    score: float
    reasons: list[Reason] = Field(description="every signal that scored, the biggest first")


class RiskPage(Schema):
    area: str = Field(description="the council's or the ICB's name")
    as_of: date
    weights_version: int = Field(
        description="the council's weights version in force on as_of; 0: the defaults"
    )
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[ScoredService]


class LocationRisk(ScoredService):
    as_of: date
    weights_version: int


class RiskQuery(Schema):
    as_of: schemas.IsoDate | None = Field(None, description="the scores as at this day (default today)")
    page: int = Field(
        1, ge=1, le=1_000_000, description="1 is the first page; past the last gives the last page"
    )
    page_size: int = Field(50, ge=1, le=500)


class AsOf(Schema):
    as_of: schemas.IsoDate | None = Field(None, description="the score as at this day (default today)")


def _reader(request: HttpRequest):
    """The token's person when they may read risk scores (the risk list's rule), else 403."""
    person = auth.person_or_401(request)
    organisation = person.organisation
    if (
        organisation is None
        or organisation.kind not in KINDS
        or not person.has_role(*presenters.READER_ROLES)
    ):
        raise ApiError(
            403,
            "forbidden",
            "Risk scores are for council and ICB QA officers, QA managers, commissioners and analysts.",
        )
    return person


def _as_of(value: date | None) -> date:
    today = timezone.localdate()
    if value is not None and value > today:
        raise ApiError(422, "invalid", "as_of must be today or in the past", "as_of")
    return value or today


def _service(item: risk.Score) -> dict[str, Any]:
    return {
        "id": item.location_id,
        "name": item.name,
        "score": item.score,
        "reasons": [{"signal": r.signal, "points": r.points, "text": r.text} for r in item.reasons],
    }


@router.get("/risk", response={200: RiskPage, **ERRORS}, url_name="risk", **auth.token_needed())
def list_risk(request: HttpRequest, params: Query[RiskQuery]) -> dict[str, Any]:
    """The caller's area's active adult social care services by risk score, highest first, each with every
    reason; as at any past day, with the weights then in force; paged."""
    person = _reader(request)
    found = queries.risk_list_for(person, as_of=_as_of(params.as_of))
    return {
        "area": found.area,
        "as_of": found.as_of,
        "weights_version": found.weights_version,
        **api_paging.paged(
            request, found.scores, page=params.page, page_size=params.page_size, shape=_service
        ),
    }


@router.get(
    "/locations/{location_id}/risk",
    response={200: LocationRisk, **ERRORS},
    url_name="location_risk",
    **auth.token_needed(),
)
def location_risk(request: HttpRequest, location_id: str, params: Query[AsOf]) -> dict[str, Any]:
    """One service's risk score and every reason, when it is an active adult social care service in the caller's
    area; otherwise 404."""
    person = _reader(request)
    found = queries.risk_list_for(person, as_of=_as_of(params.as_of))
    item = next((s for s in found.scores if s.location_id == location_id), None)
    if item is None:
        raise ApiError(
            404,
            "not_found",
            f"no active adult social care service with CQC id {location_id} in your area",
            "location_id",
        )
    return {**_service(item), "as_of": found.as_of, "weights_version": found.weights_version}
