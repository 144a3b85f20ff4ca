"""Market insight in the REST API: dashboards and commissioner ratings (public CQC-based figures).

Mounted in ``carewatch/api/views.py`` with ``api.add_router("/insights", insights.router)``.
A dashboard's panels from councils' own records (cases, visits, findings) are included only for a
token whose person may see them (``carewatch.core.access``), exactly as on the web page.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from carewatch.api import auth, schemas
from carewatch.api.errors import ApiError
from carewatch.core import access
from carewatch.insights import areas, commissioner, sources
from carewatch.insights.queries import dashboard as dashboard_queries
from carewatch.insights.queries import market

router = Router(tags=["insights"])
Error = schemas.ErrorResponse
ERRORS = {400: Error, 401: Error, 404: Error, 422: Error, 429: Error, 500: Error}


class DashboardQuery(Schema):
    area: str = Field(
        "england",
        pattern=r"^[^\x00]*$",  # any text but a null character (PostgreSQL refuses those: a 500 before)
        description="england, region:E12…, icb:E54… or la:E06/E08/E09/E10…",
    )
    service: Literal["care-homes", "home-care", "all"] = "care-homes"
    as_of: schemas.IsoDate | None = None
    years: int = Field(5, ge=1, le=10, description="Years of monthly trend")


class CommissionerQuery(Schema):
    level: Literal["la", "icb"] = "la"
    as_of: schemas.IsoDate | None = None


def _as_of(value: date | None, *, today: date) -> date | None:
    """The date asked for (None for today or later), refused when it falls before the data, as on the pages."""
    if value is None or value >= today:
        return None
    earliest = market.earliest_on()
    if earliest is not None and value < earliest:
        raise ApiError(
            422,
            "invalid",
            f"as_of must be on or after {earliest.isoformat()}, the earliest date the register holds data for",
            "as_of",
        )
    return value


def _private(value: object) -> Any:
    if isinstance(value, sources.NoData):
        return {"no_data": value.reason}
    if isinstance(value, sources.CasePanel):
        return value.as_dict()
    return value


@router.get(
    "/dashboard", response={200: dict[str, Any], **ERRORS}, url_name="insights_dashboard", **auth.anyone()
)
def dashboard(request: HttpRequest, params: Query[DashboardQuery]):
    """One area's dashboard: ratings (both denominators), beds, monthly trend, rating age, councils with funnel limits."""
    try:
        area = areas.parse(params.area)
    except areas.UnknownArea as problem:
        raise ApiError(404, "unknown_area", str(problem), "area") from None  # no such area: not found
    today = timezone.localdate()
    as_of = _as_of(params.as_of, today=today)
    board = dashboard_queries.build(
        area,
        service=params.service,
        as_of=as_of,
        today=today,
        years=params.years,
        owners=access.owners_for(auth.user_of(request)),
    )
    result = {
        "area": {"level": area.level, "code": area.code, "name": area.name},
        "service": params.service,
        "as_of": as_of,
        "ratings": board.ratings.as_dict(),
        "trend": [point.as_dict() for point in board.trend],
        "rating_age": board.age.as_dict(),
        "special_measures": _private(board.special_measures),
        "england": board.england.as_dict(),
        "councils": [
            {
                "code": row.code,
                "name": row.name,
                "rank": row.rank,
                "in_scope": row.in_scope,
                "rated": row.counts.rated,
                "good_or_outstanding": row.counts.good_or_outstanding,
                "pct_good_or_outstanding_of_rated": row.pct,
                "pct_good_or_outstanding_of_active": row.counts.pct_good_or_outstanding_of_active,
                "funnel": row.position,
            }
            for row in board.councils
        ],
        "funnel_limits": [
            {
                "n": c.n,
                "lower_998": c.lower_998,
                "lower_95": c.lower_95,
                "upper_95": c.upper_95,
                "upper_998": c.upper_998,
            }
            for c in board.curve
        ],
        "council_records": None,
    }
    if board.private is not None:
        result["council_records"] = {
            "councils": board.private.councils,
            "cases": _private(board.private.cases),
            "qa_visits": _private(board.private.visits),
            "findings_by_theme": _private(board.private.findings),
        }
    return result


@router.get(
    "/commissioner-ratings",
    response={200: dict[str, Any], **ERRORS},
    url_name="insights_commissioner_ratings",
    **auth.anyone(),
)
def commissioner_ratings(request: HttpRequest, params: Query[CommissionerQuery]):
    """Every council's (or ICB's) commissioner rating, best first, with each measure's value and score."""
    today = timezone.localdate()
    as_of = _as_of(params.as_of, today=today)
    found = commissioner.league(commissioner.ratings(level=params.level, as_of=as_of, today=today))
    return {
        "level": params.level,
        "as_of": as_of,
        "method": "/insights/methodology/#commissioner",
        "ratings": [rating.as_dict() for rating in found],
    }
