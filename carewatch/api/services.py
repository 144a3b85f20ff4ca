"""``/api/v1/services``: find care near a place, the same search, filters and refusals as the public
finder page (``register.finder``; docs/finder.md), paged like ``/api/v1/locations``.

Mounted in ``carewatch/api/views.py`` with ``api.add_router("/services", …)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema

from carewatch.api import auth, schemas
from carewatch.api.errors import ApiError
from carewatch.capacity import queries as capacity_queries
from carewatch.ratings import cqc
from carewatch.recognition import quality_mark_queries
from carewatch.recognition import queries as recognition_queries
from carewatch.register import finder, places

# The NOT_YET_HELD filters answered from the apps that hold them, as on the public finder page.
HELD = ("vacancies", "commitment", "quality_mark")


def _held_facts(*, today: date) -> finder.HeldFacts:
    now = timezone.now()
    return {
        "commitment": lambda ids: set(recognition_queries.signed_location_ids(ids, today=today)),
        "vacancies": lambda ids: capacity_queries.with_vacancies(ids, now=now),
        "quality_mark": lambda ids: set(quality_mark_queries.held_marks(ids, today=today)),
    }


router = Router(tags=["register"])
Error = schemas.ErrorResponse
ERRORS = {400: Error, 401: Error, 422: Error, 429: Error, 500: Error}

PAGE_SIZE_DEFAULT = 50
PAGE_SIZE_MAX = 200


def _parameter(
    name: str, description: str, schema: dict[str, Any], *, many: bool = False, required: bool = False
) -> dict[str, Any]:
    if many:
        schema = {"type": "array", "items": schema}
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema}


def _choice(values: Iterable[str]) -> dict[str, Any]:
    return {"type": "string", "enum": ["", *values]}


YES_NO = {"type": "string", "enum": ["", "yes", "no"]}
# The parameters as the OpenAPI document describes them. ``finder.parse_query`` reads the query
# string itself, so a value outside these gets the finder page's own words, naming the field.
PARAMETERS = [
    _parameter(
        "near",
        "a postcode (full, sector or district), a town or a council in England",
        {
            "type": "string",
            "minLength": 1,
            "maxLength": finder.NEAR_LIMIT,
            # no control characters, and something besides spaces
            "pattern": r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$",
        },
        required=True,
    ),
    _parameter(
        "within",
        "miles, a whole number from 1 to 50 (10 when not given)",
        {"type": "string", "pattern": "^([1-9]|[1-4][0-9]|50)$"},
    ),
    _parameter("type", "types of care (a service offering any of them)", _choice(finder.KINDS), many=True),
    _parameter("need", "needs (a service caring for all of them)", _choice(finder.NEEDS), many=True),
    _parameter("rating", "at least this overall rating", _choice(finder.RATINGS)),
    *[
        _parameter(kq, f"at least this rating for {cqc.KEY_QUESTION_LABELS[kq]}", _choice(finder.RATINGS))
        for kq in cqc.KEY_QUESTIONS
    ],
    _parameter("rated_recently", f"yes: rated in the last {finder.RECENT_YEARS} years", YES_NO),
    *[
        _parameter(
            name,
            f"yes: only services that have this ({label})"
            if name in HELD
            else f"yes: matches nothing until {reason.removeprefix('carewatch ')}",
            YES_NO,
        )
        for name, (label, reason) in finder.NOT_YET_HELD.items()
    ],
    _parameter(
        "page",
        "1 is the first page; a page past the last is not found (404)",
        {"type": "string", "pattern": "^[1-9][0-9]{0,5}$"},
    ),
    _parameter(
        "page_size",
        f"results per page, 1 to {PAGE_SIZE_MAX}",
        {"type": "integer", "minimum": 1, "maximum": PAGE_SIZE_MAX, "default": PAGE_SIZE_DEFAULT},
    ),
]


def _page_size(request: HttpRequest) -> int:
    text = request.GET.get("page_size", "").strip()
    if not text:
        return PAGE_SIZE_DEFAULT
    if not (text.isascii() and text.isdigit() and 1 <= int(text[:6]) <= PAGE_SIZE_MAX and len(text) <= 6):
        raise ApiError(
            422, "invalid", f"Page size must be a whole number from 1 to {PAGE_SIZE_MAX}", "page_size"
        )
    return int(text)


class Place(Schema):
    name: str
    kind: str
    source: str
    latitude: float
    longitude: float
    described: str


class ServiceResult(Schema):
    id: str
    name: str
    distance_miles: float
    town: str
    postcode: str
    types: list[str]
    care_home: bool
    beds: int | None
    overall_rating: str
    overall_rating_date: date | None
    key_questions: dict[str, str]
    specialisms: list[str]
    url: str


class ServicePage(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    near: Place
    within: int
    counts: dict[str, dict[str, int]]
    notes: list[str]
    results: list[ServiceResult]


@router.get(
    "",
    response={200: ServicePage, 404: Error, **ERRORS},
    url_name="services",
    **auth.anyone(parameters=PARAMETERS),
)
def find_services(request: HttpRequest) -> dict[str, object]:
    """Active adult social care services near a place in England, nearest first, with counts per filter option."""
    size = _page_size(request)
    try:
        query = finder.parse_query(request.GET)
    except finder.QueryError as problem:
        first = problem.problems[0]
        raise ApiError(422, "invalid", first.message, first.field) from None
    try:
        today = timezone.localdate()
        found = finder.find(query, today=today, page_size=size, held=_held_facts(today=today))
    except finder.PlaceProblem as problem:  # no such place in England: not found
        code = "outside_england" if isinstance(problem.cause, places.OutsideEngland) else "unknown_place"
        raise ApiError(404, code, problem.problems[0].message, "near") from None
    except finder.QueryError as problem:  # a page past the last
        first = problem.problems[0]
        raise ApiError(404, "not_found", first.message, first.field) from None
    hits = found.page(query.page, size)
    distances = {hit.location_id: hit.distance_miles for hit in hits}
    base = request.build_absolute_uri(request.path)
    params = request.GET.copy()

    def link(number: int) -> str:
        params["page"] = str(number)
        return f"{base}?{params.urlencode()}"

    last = found.pages(size)
    place = found.place
    return {
        "count": len(found.hits),
        "page": query.page,
        "page_size": size,
        "next": link(query.page + 1) if query.page < last else None,
        "previous": link(query.page - 1) if query.page > 1 else None,
        "near": {
            "name": place.name,
            "kind": place.kind,
            "source": place.source,
            "latitude": round(place.latitude, 6),
            "longitude": round(place.longitude, 6),
            "described": place.described,
        },
        "within": query.within,
        "counts": found.counts,
        "notes": [finder.NOT_YET_HELD[name][1] for name in query.not_yet_held if name not in HELD],
        "results": [
            {
                "id": loc.id,
                "name": loc.name,
                "distance_miles": round(distances[loc.id], 2),
                "town": loc.town,
                "postcode": loc.postcode,
                "types": finder.kind_labels(loc),
                "care_home": loc.care_home,
                "beds": loc.beds,
                "overall_rating": loc.current_rating,
                "overall_rating_date": loc.current_rating_on,
                "key_questions": {
                    kq: getattr(current[0], kq)
                    for kq in cqc.KEY_QUESTIONS
                    if current and getattr(current[0], kq)
                }
                if (current := getattr(loc, "current", []))
                else {},
                "specialisms": [s.name for s in loc.specialisms.all()],
                "url": reverse("api:location", kwargs={"location_id": loc.id}),
            }
            for loc in finder.locations(list(distances))
        ],
    }
