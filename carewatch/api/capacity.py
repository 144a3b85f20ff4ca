"""Contracts, capacity returns and vacancies in the REST API, scoped exactly as the pages are
(docs/capacity.md, "API"). Mounted in ``carewatch/api/views.py`` with ``api.add_router("", …)``:

- ``GET /contracts``, ``GET /contracts/{id}``: a council's own contracts (its people's tokens);
- ``GET /capacity``: returns of the locations the caller may read (a council's or ICB's area, a
  provider's own services); ``POST /capacity``: a provider's write token files a return;
- ``GET /vacancies``: council and ICB staff search the latest returns in their area.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from carewatch.api import auth, schemas
from carewatch.api import paging as api_paging
from carewatch.api.errors import ApiError
from carewatch.capacity import errors, queries, services
from carewatch.capacity.models import CapacityReturn, Contract
from carewatch.capacity.vocabulary import BedType
from carewatch.core import access
from carewatch.core.roles import OrganisationKind, Role

router = Router(tags=["capacity"])
Error = schemas.ErrorResponse
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error, 500: Error}
VACANCY_ROLES = (*access.COUNCIL_STAFF, Role.DISCHARGE_COORDINATOR)


class Paging(Schema):
    page: int = Field(1, ge=1, description="1 is the first page; past the last page gives the last page")
    page_size: int = Field(50, ge=1, le=500)


def _page(request: HttpRequest, items: Any, paging: Paging, shape: Any) -> dict[str, Any]:
    return api_paging.paged(request, items, page=paging.page, page_size=paging.page_size, shape=shape)


# --- contracts -------------------------------------------------------------------------------------


def _contract(contract: Contract) -> dict[str, Any]:
    return {
        "id": contract.pk,
        "reference": contract.reference,
        "council": contract.organisation.name,
        "provider_id": contract.provider_id,
        "type": contract.kind,
        "start_date": contract.starts_on,
        "end_date": contract.ends_on,
        "people_funded": contract.people_funded,
        "location_ids": sorted(loc.pk for loc in contract.locations.all()),
        "service_types": sorted(t.name for t in contract.service_types.all()),
        "fees": [
            {"bed_type": fee.bed_type, "weekly_fee": fee.weekly_fee, "band": fee.band}
            for fee in sorted(contract.fees.all(), key=lambda f: f.bed_type)
        ],
        "ended_early_because": contract.end_reason or None,
    }


def _council_reader(request: HttpRequest):
    person = auth.person_or_401(request)
    if not person.is_superuser and (
        person.organisation is None
        or person.organisation.kind != OrganisationKind.COUNCIL
        or not person.has_role(*access.COUNCIL_STAFF)
    ):
        raise ApiError(403, "forbidden", "Only a council's staff read its contracts.", "Authorization")
    return person


@router.get(
    "/contracts", response={200: dict[str, Any], **ERRORS}, url_name="contracts", **auth.token_needed()
)
def list_contracts(request: HttpRequest, paging: Query[Paging]):
    """The caller's council's contracts, newest first."""
    person = _council_reader(request)
    contracts = queries.contracts_for(person).prefetch_related("locations", "service_types", "fees")
    return _page(request, contracts, paging, _contract)


@router.get(
    "/contracts/{contract_id}",
    response={200: dict[str, Any], **ERRORS},
    url_name="contract",
    **auth.token_needed(),
)
def get_contract(request: HttpRequest, contract_id: int):
    person = _council_reader(request)
    contract = queries.contracts_for(person).filter(pk=contract_id).first()
    if contract is None:
        raise ApiError(404, "not_found", f"Your council has no contract {contract_id}.")
    return _contract(contract)


# --- capacity returns ---------------------------------------------------------------------------


def _bed(bed: Any) -> dict[str, Any]:
    return {
        "bed_type": bed.bed_type,
        "max_capacity": bed.capacity,
        "occupied": bed.occupied,
        "vacant_accepting": bed.vacant_accepting,
        "vacant_not_accepting": bed.vacant_not_accepting,
        "not_accepting_reason": bed.not_accepting_reason,
        "closed": bed.closed,
    }


def _return(row: CapacityReturn) -> dict[str, Any]:
    return {
        "id": row.pk,
        "location_id": row.location_id,
        "reported_at": row.reported_at,
        "channel": row.channel,
        "nil": row.nil,
        "unchanged": row.unchanged,
        "beds": [_bed(bed) for bed in row.beds.all()],
        "people_supported": row.people_supported,
        "hours_per_week": row.hours_per_week,
        "accepting_packages": row.accepting_packages,
        "package_areas": row.package_areas,
        "bariatric": row.bariatric,
        **{name: getattr(row, name) for name in services.STAFF_FIELDS},
    }


class ReturnQuery(Paging):
    location_id: str = Field("", pattern=r"^[^\x00]*$", description="one location's returns")


@router.get(
    "/capacity", response={200: dict[str, Any], **ERRORS}, url_name="capacity_returns", **auth.token_needed()
)
def list_returns(request: HttpRequest, params: Query[ReturnQuery]):
    """Capacity returns the caller may read, newest first."""
    person = auth.person_or_401(request)
    returns = queries.returns_for(person).prefetch_related("beds").order_by("-reported_at", "-id")
    if params.location_id:
        returns = returns.filter(location_id=params.location_id)
    return _page(request, returns, params, _return)


class BedIn(Schema):
    bed_type: str = Field(..., description="one of: " + ", ".join(BedType.values))
    max_capacity: int
    occupied: int
    vacant_accepting: int | None = Field(
        None, description="worked out when left out: capacity − occupied − not accepting"
    )
    vacant_not_accepting: int = 0
    not_accepting_reason: str = Field("", max_length=200)
    closed: bool = False


class ReturnIn(Schema):
    location_id: str = Field(..., max_length=20)
    nil: bool = False
    beds: list[BedIn] = []
    people_supported: int | None = None
    hours_per_week: Decimal | None = None
    accepting_packages: bool | None = None
    package_areas: str = Field("", max_length=500)
    bariatric: bool | None = Field(
        None, description="can take someone who needs bariatric care now (a care home: a new admission)"
    )
    nurses_direct: int | None = None
    nurses_agency: int | None = None
    care_staff_direct: int | None = None
    care_staff_agency: int | None = None
    other_staff_direct: int | None = None
    other_staff_agency: int | None = None


def _figures(body: ReturnIn) -> services.ReturnFigures:
    beds = []
    for bed in body.beds:
        accepting = bed.vacant_accepting
        if accepting is None:
            accepting = max(bed.max_capacity - bed.occupied - bed.vacant_not_accepting, 0)
        beds.append(
            services.BedFigures(
                bed_type=bed.bed_type,
                capacity=bed.max_capacity,
                occupied=bed.occupied,
                vacant_accepting=accepting,
                vacant_not_accepting=bed.vacant_not_accepting,
                not_accepting_reason=bed.not_accepting_reason,
                closed=bed.closed,
            )
        )
    values = body.dict(exclude={"location_id", "beds"})
    return services.ReturnFigures(beds=tuple(beds), **values)


def _api_field(name: str | None) -> str | None:
    """A service's field name as the request body names it (``general_residential-occupied`` → ``beds.general_residential.occupied``)."""
    if name is None:
        return None
    if "-" in name:
        bed, figure = name.split("-", 1)
        return f"beds.{bed}.{'max_capacity' if figure == 'capacity' else figure}"
    return "location_id" if name == "location" else name


@router.post(
    "/capacity", response={201: dict[str, Any], **ERRORS}, url_name="capacity_submit", **auth.token_needed()
)
def submit_return(request: HttpRequest, body: ReturnIn):
    """A provider's write token files one return for one of its services (the same rules as the web form)."""
    person = auth.person_or_401(request)
    location = queries.provider_locations(person).filter(pk=body.location_id).first()
    if location is None:
        raise ApiError(
            404,
            "not_found",
            f"None of your services has the CQC location ID {body.location_id}.",
            "location_id",
        )
    try:
        saved = services.submit_return(
            location=location, actor=person, figures=_figures(body), channel="api", now=timezone.now()
        )
    except errors.NotPermitted as refused:
        raise ApiError(403, "forbidden", refused.message, _api_field(refused.field)) from None
    except errors.CapacityError as refused:
        raise ApiError(422, "invalid", refused.message, _api_field(refused.field)) from None
    return Status(201, _return(saved))


# --- vacancies ---------------------------------------------------------------------------------------


class VacancyQuery(Paging):
    bed_type: list[str] = Field([], description="any of: " + ", ".join(BedType.values))
    accepting_only: bool = Field(False, description="only care homes with a vacancy accepting admissions")
    fresh_only: bool = Field(False, description="leave out returns older than the stale limit (7 days)")
    local_authority: str = Field(
        "", pattern=r"^[^\x00]*$", description="narrow to one council's area (ONS code)"
    )


@router.get(
    "/vacancies", response={200: dict[str, Any], **ERRORS}, url_name="vacancies", **auth.token_needed()
)
def search_vacancies(request: HttpRequest, params: Query[VacancyQuery]):
    """Care homes in the caller's area with their latest return: council and ICB staff."""
    person = auth.person_or_401(request)
    organisation = person.organisation
    if not person.is_superuser and (
        organisation is None
        or organisation.kind not in (OrganisationKind.COUNCIL, OrganisationKind.ICB)
        or not person.has_role(*VACANCY_ROLES)
    ):
        raise ApiError(403, "forbidden", "Only council and ICB staff search vacancies.", "Authorization")
    unknown = [value for value in params.bed_type if value not in BedType.values]
    if unknown:
        raise ApiError(
            422,
            "invalid",
            f"{unknown[0]} is not a bed type: use one of {', '.join(BedType.values)}",
            "bed_type",
        )
    now = timezone.now()
    criteria = queries.VacancyCriteria(
        area=queries.area_filter(person),
        bed_types=frozenset(params.bed_type),
        accepting_only=params.accepting_only,
        fresh_only=params.fresh_only,
        local_authority=params.local_authority,
    )
    paginator = Paginator(queries.vacancy_locations(criteria, now=now), params.page_size)
    page = paginator.get_page(params.page)
    rows = queries.vacancy_rows(list(page.object_list), criteria, now=now)
    return {
        **api_paging.envelope(request, paginator, page, params.page_size),
        "stale_after_days": queries.stale_days(),
        "results": [
            {
                "location_id": row.location.pk,
                "name": row.location.name,
                "local_authority_code": row.location.local_authority_id,
                "reported_at": row.reported_at,
                "stale": row.stale,
                "nil": row.nil,
                "vacant_accepting": row.vacant_accepting,
                "beds": [_bed(bed) for bed in row.beds],
            }
            for row in rows
        ],
    }
