"""Recognition in the REST API: the public Social Care Commitment register (``/recognition/commitments``),
the same employers, search and figures as the public page and its CSV (``recognition.queries.register``),
paged like ``/api/v1/locations``; and the quality marks held today (``/recognition/quality-marks``), the same
awards the public badges show (``recognition.quality_mark_queries.current_awards``).

Mounted in ``carewatch/api/views.py`` with ``api.add_router("/recognition", …)``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from carewatch.api import auth, schemas
from carewatch.api import paging as api_paging
from carewatch.api.errors import ApiError
from carewatch.recognition import presenters, quality_mark_queries, queries
from carewatch.register import queries as register_queries
from carewatch.register.formats import ADULT_SOCIAL_CARE_SERVICE_TYPES

router = Router(tags=["recognition"])
Error = schemas.ErrorResponse
ERRORS = {400: Error, 401: Error, 422: Error, 429: Error, 500: Error}
TEXT = r"^[^\x00]*$"  # any text but a null character (PostgreSQL refuses those)


class CommitmentFilters(Schema):
    q: str = Field("", max_length=200, pattern=TEXT, description="part of the employer's name")
    la: str = Field(
        "",
        pattern=r"^((E0[6-9]|E10)[0-9]{6})?$",
        description="a council's ONS code (E06/E08/E09/E10…): it runs services there; an unknown one is 404",
    )
    service: str = Field(
        "",
        description="a CQC service type it offers",
        json_schema_extra={"enum": ["", *ADULT_SOCIAL_CARE_SERVICE_TYPES]},
    )
    page: int = Field(
        1, ge=1, le=1_000_000, description="1 is the first page; past the last page gives the last page"
    )
    page_size: int = Field(50, ge=1, le=200)


class Commitment(Schema):
    employer: str
    provider_id: str | None
    councils: list[str]
    signed_on: date
    renewed_on: date | None
    tasks: int
    tasks_completed: int
    staff_signed: int
    status: str  # "Current" or "Lapsed"
    lapsed: bool


class CommitmentPage(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    licence: str
    results: list[Commitment]


LICENCE = (
    "Open Government Licence v3.0: https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
)


@router.get(
    "/commitments",
    response={200: CommitmentPage, 404: Error, **ERRORS},
    url_name="commitments",
    **auth.anyone(),
)
def list_commitments(request: HttpRequest, filters: Query[CommitmentFilters]) -> dict[str, Any]:
    """The Social Care Commitment register: employers who signed, with the date, tasks completed and staff
    signed up (counts only), lapsed ones marked; searchable by name, council and service type; paged."""
    if filters.la and not register_queries.local_authority_known(filters.la):
        raise ApiError(404, "not_found", f"There is no council with the code {filters.la}", "la")
    if filters.service and filters.service not in ADULT_SOCIAL_CARE_SERVICE_TYPES:
        raise ApiError(
            422, "invalid", f"{filters.service} is not an adult social care service type", "service"
        )
    search = queries.RegisterSearch(text=filters.q, local_authority=filters.la, service_type=filters.service)
    paginator = Paginator(queries.register(search, today=timezone.localdate()), filters.page_size)
    page = paginator.get_page(filters.page)
    found: list[Any] = list(page.object_list)  # annotated by queries.with_progress
    councils = queries.councils_of(found)
    return {
        **api_paging.envelope(request, paginator, page, filters.page_size),
        "licence": LICENCE,
        "results": [
            {
                "employer": c.employer.name,
                "provider_id": c.employer.provider_id,
                "councils": councils.get(c.pk, []),
                "signed_on": c.signed_on,
                "renewed_on": c.renewed_on,
                "tasks": c.tasks_total,
                "tasks_completed": c.tasks_done,
                "staff_signed": c.staff_signed,
                "status": presenters.commitment_status(c).text,
                "lapsed": bool(c.lapsed),
            }
            for c in found
        ],
    }


class QualityMarkFilters(Schema):
    la: str = Field(
        "",
        pattern=r"^((E0[6-9]|E10)[0-9]{6})?$",
        description="a council's ONS code: only that council's quality mark; an unknown one is 404",
    )
    page: int = Field(
        1, ge=1, le=1_000_000, description="1 is the first page; past the last page gives the last page"
    )
    page_size: int = Field(50, ge=1, le=200)


class QualityMark(Schema):
    location_id: str
    location_name: str
    scheme: str  # "Oldham Quality Mark"
    scheme_id: int  # its criteria: /quality-marks/<scheme_id>/
    tier: str  # "Gold"
    council: str
    starts_on: date
    expires_on: date


class QualityMarkPage(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    licence: str
    results: list[QualityMark]


@router.get(
    "/quality-marks",
    response={200: QualityMarkPage, 404: Error, **ERRORS},
    url_name="quality_marks",
    **auth.anyone(),
)
def list_quality_marks(request: HttpRequest, filters: Query[QualityMarkFilters]) -> dict[str, Any]:
    """The councils' quality marks held today (awarded, in date, not suspended: the badges the public pages
    show), by service name, with the scheme, tier, council and dates; paged."""
    if filters.la and not register_queries.local_authority_known(filters.la):
        raise ApiError(404, "not_found", f"There is no council with the code {filters.la}", "la")
    found = quality_mark_queries.current_awards(today=timezone.localdate(), local_authority=filters.la)
    paginator = Paginator(found, filters.page_size)
    page = paginator.get_page(filters.page)
    return {
        **api_paging.envelope(request, paginator, page, filters.page_size),
        "licence": LICENCE,
        "results": [
            {
                "location_id": award.location_id,
                "location_name": award.location.name,
                "scheme": award.scheme.name,
                "scheme_id": award.scheme_id,
                "tier": award.tier.name,
                "council": award.scheme.council.name,
                "starts_on": award.starts_on,
                "expires_on": award.expires_on,
            }
            for award in page.object_list
        ],
    }
