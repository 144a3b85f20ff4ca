"""The visit programme in the REST API, read only, for the council's own QA staff (docs/planning.md, "In the
API"). Mounted in ``carewatch/api/views.py`` with ``api.add_router("/programme", …)``:

- ``GET /programme``: the council's proposed and approved programmes, newest first, paged;
- ``GET /programme/{id}``: one of them, with the visits due but not placed;
- ``GET /programme/{id}/visits``: its visits by day, officer and route order, announced or not, paged.

Only a token of a council's QA officer or QA manager reads them, and only its own council's (another
council's programme is 404). Unannounced visits are never shown to a provider: a provider's token, like
anyone else's, is refused (403) before anything is read.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from carewatch.api import auth, schemas
from carewatch.api import paging as api_paging
from carewatch.api.errors import ApiError
from carewatch.core.models import User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.planning import models, programme_queries

router = Router(tags=["visit programme"])
Error = schemas.ErrorResponse
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error, 500: Error}
READERS = (Role.QA_OFFICER, Role.QA_MANAGER)


class Paging(Schema):
    page: int = Field(
        1, ge=1, le=1_000_000, description="1 is the first page; past the last page gives the last page"
    )
    page_size: int = Field(50, ge=1, le=500)


class ProgrammeFilters(Paging):
    status: str = Field(
        "",
        pattern=r"^(draft|approved)?$",
        description="only proposed (draft) or approved programmes",
    )


class Programme(Schema):
    id: int
    starts_on: date
    ends_on: date
    status: str  # draft (proposed) or approved
    policy_version: int  # 0: the published defaults
    visits: int
    unannounced: int
    created_at: datetime
    approved_at: datetime | None


class Unplaced(Schema):
    location_id: str
    name: str
    reasons: list[str]
    note: str


class ProgrammeDetail(Programme):
    unplaced: list[Unplaced]


class Officer(Schema):
    id: int
    name: str


class ProgrammeVisit(Schema):
    id: int
    location_id: str
    location_name: str
    postcode: str
    officer: Officer
    visit_on: date
    announced: bool
    intensive: bool
    due_on: date | None  # null: added by a manager
    reasons: list[str]
    note: str
    order: int  # within the officer's day, nearest-neighbour order
    distance_km: float | None  # from the visit before, straight line
    visit_id: int | None  # the monitoring visit, once approved


class ProgrammePage(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[Programme]


class ProgrammeVisitPage(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[ProgrammeVisit]


def _qa_staff(request: HttpRequest) -> User:
    """The council QA officer or manager behind the token; 401 without one, 403 for anyone else."""
    person = auth.person_or_401(request)
    organisation = person.organisation
    if organisation is None or organisation.kind != OrganisationKind.COUNCIL or not person.has_role(*READERS):
        raise ApiError(403, "forbidden", "The visit programme is for the council's QA officers and managers.")
    return person


def _programme(plan: models.Programme) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "status": plan.status,
        "policy_version": plan.policy_version,
        "visits": plan.visit_count,  # type: ignore[attr-defined]
        "unannounced": plan.unannounced_count,  # type: ignore[attr-defined]
        "created_at": plan.created_at,
        "approved_at": plan.approved_at,
    }


def _one(person: User, programme_id: int) -> models.Programme:
    plan = programme_queries.programmes_for(person).filter(pk=programme_id).first()
    if plan is None:
        raise ApiError(404, "not_found", f"Your council has no programme {programme_id}.")
    return plan


@router.get("", response={200: ProgrammePage, **ERRORS}, url_name="programmes", **auth.token_needed())
def list_programmes(request: HttpRequest, filters: Query[ProgrammeFilters]) -> dict[str, Any]:
    """The council's proposed and approved visit programmes, newest first."""
    person = _qa_staff(request)
    paginator = Paginator(programme_queries.programmes_for(person, status=filters.status), filters.page_size)
    page = paginator.get_page(filters.page)
    return {
        **api_paging.envelope(request, paginator, page, filters.page_size),
        "results": [_programme(plan) for plan in page.object_list],
    }


@router.get(
    "/{programme_id}", response={200: ProgrammeDetail, **ERRORS}, url_name="programme", **auth.token_needed()
)
def get_programme(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    """One of the council's programmes, with the visits due that it could not place."""
    plan = _one(_qa_staff(request), programme_id)
    return {**_programme(plan), "unplaced": plan.unplaced}


@router.get(
    "/{programme_id}/visits",
    response={200: ProgrammeVisitPage, **ERRORS},
    url_name="programme_visits",
    **auth.token_needed(),
)
def list_programme_visits(request: HttpRequest, programme_id: int, paging: Query[Paging]) -> dict[str, Any]:
    """The programme's visits by day, officer and route order, each announced or not, with its reasons."""
    plan = _one(_qa_staff(request), programme_id)
    paginator = Paginator(programme_queries.programme_visit_rows(plan), paging.page_size)
    page = paginator.get_page(paging.page)
    return {
        **api_paging.envelope(request, paginator, page, paging.page_size),
        "results": [
            {
                "id": item.pk,
                "location_id": item.location_id,
                "location_name": item.location.name,
                "postcode": item.location.postcode,
                "officer": {
                    "id": item.officer_id,
                    "name": item.officer.get_full_name() or item.officer.username,
                },
                "visit_on": item.visit_on,
                "announced": item.announced,
                "intensive": item.intensive,
                "due_on": item.due_on,
                "reasons": item.reasons,
                "note": item.note,
                "order": item.order,
                "distance_km": item.distance_km,
                "visit_id": item.visit_id,
            }
            for item in page.object_list
        ],
    }
