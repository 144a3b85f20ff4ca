"""Shapes of the REST API's responses (OpenAPI schemas via django-ninja)."""

import re
from datetime import date
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from carewatch.core import dates


def _iso_date(value: object) -> object:
    """Only YYYY-MM-DD, as the OpenAPI document says (pydantic would also take 0 as 1 January 1970)."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected a date as YYYY-MM-DD")
    if not isinstance(value, str | date):
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


def _supported(value: date, info: ValidationInfo) -> date:
    """Inside carewatch's dates (``core.dates``: 2010-01-01 to 2099-12-31), naming the field otherwise."""
    try:
        return dates.check_iso(value, name=info.field_name or "the date")
    except ValueError as problem:
        raise PydanticCustomError("date_out_of_range", str(problem)) from None


IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    AfterValidator(_supported),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": dates.ISO_PATTERN,
            "description": f"YYYY-MM-DD, from {dates.EARLIEST.isoformat()} to {dates.LATEST.isoformat()}",
        }
    ),
]


class Error(Schema):
    code: str
    message: str
    field: str | None = None


class ErrorResponse(Schema):
    error: Error


class KeyQuestionRating(Schema):
    key_question: str
    rating: str
    report_date: date | None
    report_link_id: str


class Rating(Schema):
    current: bool
    report_date: date | None
    report_link_id: str
    overall: str
    inherited: bool
    predecessor_location_id: str
    key_questions: list[KeyQuestionRating]
    services: list[dict]


class LocationSummary(Schema):
    id: str
    placements_suspended: bool  # new placements suspended (published, or known to the caller's council)
    name: str
    provider_id: str | None
    postcode: str
    local_authority_code: str | None
    icb_code: str | None
    region_code: str | None
    registration_status: str
    dormant: bool
    active: bool
    care_home: bool
    beds: int | None
    overall_rating: str
    overall_rating_date: date | None
    url: str


class Location(LocationSummary):
    registered_on: date | None
    deregistered_on: date | None
    address: list[str]
    local_authority_name: str
    registered_manager: str
    service_types: list[str]
    specialisms: list[str]
    regulated_activities: list[str]
    ratings: list[Rating]
    cqc_url: str


class LocationPage(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[LocationSummary]


class Provider(Schema):
    id: str
    name: str
    ownership_type: str
    registration_status: str
    brand_name: str
    location_ids: list[str]


class AreaFigures(Schema):
    code: str
    name: str
    active: int
    outstanding: int
    good: int
    requires_improvement: int
    inadequate: int
    not_yet_rated: int
    rated: int
    pct_good_or_outstanding_of_rated: float | None
    pct_good_or_outstanding_of_active: float | None
    beds: int | None


class MarketFigures(Schema):
    by: str
    service: str
    as_of: date | None
    areas: list[AreaFigures]


class OrganisationRef(Schema):
    id: int
    name: str
    kind: str


class TokenRef(Schema):
    name: str
    prefix: str


class Me(Schema):
    username: str
    name: str
    organisation: OrganisationRef | None
    roles: list[str]
    scope: str
    token: TokenRef
