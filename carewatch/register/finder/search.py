"""The finder's search: a :class:`query.Query` and a :class:`places.Place` to ranked services.

1. a bounding box on the indexed latitude and longitude picks the active adult social care services
   that can be within the distance (``places.bounding_box``), with their types, needs and current
   ratings, in one query;
2. the exact great-circle distance keeps those within it;
3. the filters are applied in Python to those few hundred or thousand rows, counting how many
   services each filter option would give with the other filters as they are;
4. the services are ranked by distance, then name, then CQC ID.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import (
    Case,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)

from carewatch.ratings import cqc
from carewatch.register import models, places
from carewatch.register.finder.query import (
    _RANK,
    KINDS,
    NEEDS,
    NOT_YET_HELD,
    RATINGS,
    RECENT_YEARS,
    Problem,
    Query,
    QueryError,
)

_KQ_INDEX = {kq: i for i, kq in enumerate(cqc.KEY_QUESTIONS)}
_KIND_BIT = {slug: 1 << i for i, slug in enumerate(KINDS)}
_NEED_BIT = {slug: 1 << i for i, slug in enumerate(NEEDS)}


@dataclass(slots=True)
class _Profile:
    """What the filters read of one service: its kinds and needs as bits (``_KIND_BIT``, ``_NEED_BIT``),
    ranks 0-4 (0: no rating) overall and per key question."""

    id: str
    name: str
    distance: float
    rating_rank: int
    rated_on: str  # ISO date of the current overall rating, "" without one
    kinds: int
    needs: int
    key_questions: tuple[int, ...]


class Hit(NamedTuple):
    location_id: str
    distance_miles: float


@dataclass
class Found:
    """What a search found: every match ranked by distance, counts per filter option, notes."""

    place: places.Place
    query: Query
    hits: list[Hit]
    # group (type, need, rating, safe … well_led, rated_recently) → option → services it would give
    counts: dict[str, dict[str, int]]
    in_distance: int  # services within the distance before any filter
    notes: list[str]

    def page(self, number: int, size: int) -> list[Hit]:
        return self.hits[(number - 1) * size : number * size]

    def pages(self, size: int) -> int:
        return max(1, -(-len(self.hits) // size))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _box(place: places.Place, miles: int) -> Q:
    south, north, west, east = places.bounding_box(place.latitude, place.longitude, miles)
    return Q(
        is_active=True,
        adult_social_care=True,
        latitude__gte=south,
        latitude__lte=north,
        longitude__gte=west,
        longitude__lte=east,
    )


def _lookup_bits(
    model: type[models.ServiceType] | type[models.Specialism], names: dict[str, int]
) -> dict[int, int]:
    """The rows of ``model`` the finder reads: row id → its finder bit (``names``: name → finder bit)."""
    rows = model.objects.filter(name__in=names).order_by("id").values_list("id", "name")
    return {row_id: names[name] for row_id, name in rows}


def _mask_sum(through: Any, column: str, bits: dict[int, int]) -> Subquery | Value:
    """SUM over a location's lookup rows of a distinct power of two per row id: their bitwise OR."""
    if not bits:
        return Value(0)
    row_bit = {row_id: 1 << i for i, row_id in enumerate(bits)}
    total = (
        through.objects.filter(location_id=OuterRef("pk"), **{f"{column}__in": list(row_bit)})
        .values("location_id")
        .annotate(
            mask=Sum(
                Case(
                    *(When(**{column: row_id}, then=Value(bit)) for row_id, bit in row_bit.items()),
                    default=Value(0),
                )
            )
        )
        .values("mask")
    )
    return Subquery(total, output_field=IntegerField())


def _finder_masks(row_mask: int, bits: dict[int, int]) -> int:
    """A location's row-id bits (``_mask_sum``) as finder bits."""
    mask = 0
    for i, finder_bit in enumerate(bits.values()):
        if row_mask >> i & 1:
            mask |= finder_bit
    return mask


def _profiles(place: places.Place, within: int) -> list[_Profile]:
    """The active adult social care services within ``within`` miles, in one query: the bounding box
    on the indexed latitude and longitude, each row's types, needs and current ratings beside it."""
    kind_bits = _lookup_bits(
        models.ServiceType, {name: _KIND_BIT[slug] for slug, (_, names) in KINDS.items() for name in names}
    )
    need_bits = _lookup_bits(
        models.Specialism, {name: _NEED_BIT[slug] for slug, (_, names) in NEEDS.items() for name in names}
    )
    located = (
        models.Location.objects.filter(_box(place, within))
        .annotate(
            kinds_found=_mask_sum(models.Location.service_types.through, "servicetype_id", kind_bits),
            needs_found=_mask_sum(models.Location.specialisms.through, "specialism_id", need_bits),
            current=FilteredRelation("ratings", condition=Q(ratings__is_current=True)),
        )
        .values_list(
            "id",
            "name",
            "latitude",
            "longitude",
            "current_rating",
            "current_rating_on",
            "kinds_found",
            "needs_found",
            *(f"current__{kq}" for kq in cqc.KEY_QUESTIONS),
        )
    )
    # Executed as it is: Django's per-row converters cost more than the search (a date stays text
    # on SQLite and becomes ISO text on PostgreSQL: compared as text).
    sql, params = located.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    kinds_memo: dict[int, int] = {}
    needs_memo: dict[int, int] = {}
    found: list[_Profile] = []
    here_lat, here_lon = place.latitude, place.longitude
    # places.haversine_miles, inlined: it runs for every service in the box
    phi0, cos0 = math.radians(here_lat), math.cos(math.radians(here_lat))
    radians, sin, cos, asin, sqrt = math.radians, math.sin, math.cos, math.asin, math.sqrt
    diameter = 2 * places.EARTH_RADIUS_MILES
    rank = _RANK.get
    for location_id, name, lat, lon, rating, rated_on, kinds, needs, *key_questions in rows:
        if lat is None or lon is None:  # never inside the box, but the columns may be empty
            continue
        phi = radians(lat)
        a = sin((phi - phi0) / 2) ** 2 + cos0 * cos(phi) * sin(radians(lon - here_lon) / 2) ** 2
        distance = diameter * asin(min(1.0, sqrt(a)))
        if distance > within:
            continue
        kinds, needs = kinds or 0, needs or 0
        if kinds not in kinds_memo:
            kinds_memo[kinds] = _finder_masks(kinds, kind_bits)
        if needs not in needs_memo:
            needs_memo[needs] = _finder_masks(needs, need_bits)
        found.append(
            _Profile(
                location_id,
                name,
                distance,
                _RANK.get(rating, 0),
                str(rated_on) if rated_on else "",
                kinds_memo[kinds],
                needs_memo[needs],
                tuple([rank(value, 0) for value in key_questions]),
            )
        )
    return found


Test = Callable[[_Profile], bool]


def _tests(query: Query, *, today: date) -> list[tuple[str, Test]]:
    """One test per filter group the query uses: a service passes the group or not."""
    tests: list[tuple[str, Test]] = []
    if query.kinds:
        wanted = sum(_KIND_BIT[slug] for slug in query.kinds)
        tests.append(("type", lambda p: bool(p.kinds & wanted)))
    if query.needs:
        needed = sum(_NEED_BIT[slug] for slug in query.needs)
        tests.append(("need", lambda p: p.needs & needed == needed))
    if query.rating:
        least = RATINGS[query.rating][1]
        tests.append(("rating", lambda p: p.rating_rank >= least))
    for kq, slug in query.key_questions:
        tests.append((kq, _key_question_at_least(_KQ_INDEX[kq], RATINGS[slug][1])))
    if query.rated_recently:
        since = _years_before(today, RECENT_YEARS).isoformat()
        tests.append(("rated_recently", lambda p: p.rated_on >= since))
    tests.extend((name, _nothing) for name in query.not_yet_held)
    return tests


def _key_question_at_least(index: int, least: int) -> Test:
    return lambda p: p.key_questions[index] >= least


def _nothing(p: _Profile) -> bool:
    return False


def _bit_counts(masks: Counter[int], bits: dict[str, int]) -> dict[str, int]:
    return {slug: sum(n for mask, n in masks.items() if mask & bit) for slug, bit in bits.items()}


def _rank_counts(ranks: Counter[int]) -> dict[str, int]:
    return {
        slug: sum(n for rank, n in ranks.items() if rank >= least) for slug, (_, least) in RATINGS.items()
    }


def _tally(group: str, pool: list[_Profile], query: Query, since: str) -> dict[str, int]:
    """How many of ``pool`` each option of ``group`` keeps (with the group's other choices, for needs)."""
    if group == "type":
        return _bit_counts(Counter(p.kinds for p in pool), _KIND_BIT)
    if group == "need":
        needed = sum(_NEED_BIT[slug] for slug in query.needs)
        return _bit_counts(Counter(p.needs for p in pool if p.needs & needed == needed), _NEED_BIT)
    if group == "rating":
        return _rank_counts(Counter(p.rating_rank for p in pool))
    if group == "rated_recently":
        return {"yes": sum(1 for p in pool if p.rated_on >= since)}
    index = _KQ_INDEX[group]
    return _rank_counts(Counter(p.key_questions[index] for p in pool))


COUNTED = ("type", "need", "rating", *cqc.KEY_QUESTIONS, "rated_recently")


def search(query: Query, place: places.Place, *, today: date) -> Found:
    """Active adult social care services within ``query.within`` miles of ``place`` that pass every
    filter, nearest first; with counts per filter option (the other filters as they are)."""
    profiles = _profiles(place, query.within)
    tests = _tests(query, today=today)
    # A service failing exactly one filter group still counts towards that group's options.
    matching: list[_Profile] = []
    failing_one: dict[str, list[_Profile]] = defaultdict(list)
    for profile in profiles:
        failed = ""
        for group, test in tests:
            if not test(profile):
                if failed:
                    break
                failed = group
        else:
            if failed:
                failing_one[failed].append(profile)
            else:
                matching.append(profile)
    matching.sort(key=lambda p: (p.distance, p.name, p.id))
    since = _years_before(today, RECENT_YEARS).isoformat()
    counts: dict[str, dict[str, int]] = {}
    for group in COUNTED:
        counts[group] = _tally(group, matching, query, since)
        if failing_one[group]:
            for slug, n in _tally(group, failing_one[group], query, since).items():
                counts[group][slug] += n
    notes = [NOT_YET_HELD[name][1] + ", so no service matches this filter." for name in query.not_yet_held]
    return Found(
        place=place,
        query=query,
        hits=[Hit(p.id, p.distance) for p in matching],
        counts=counts,
        in_distance=len(profiles),
        notes=notes,
    )


def locations(ids: Sequence[str]) -> list[models.Location]:
    """The services of one page of results, in the order given, with what a result shows."""
    rows = (
        models.Location.objects.filter(pk__in=list(ids))
        .select_related("provider")
        .prefetch_related(
            "service_types",
            "specialisms",
            Prefetch(
                "ratings",
                queryset=models.Rating.objects.filter(is_current=True).order_by("id"),
                to_attr="current",
            ),
        )
    )
    by_id = {row.pk: row for row in rows}
    return [by_id[i] for i in ids if i in by_id]


def kind_labels(location: models.Location) -> list[str]:
    """The finder's words for a service's types (from the prefetched service types)."""
    names = {st.name for st in location.service_types.all()}
    return [label for slug, (label, types) in KINDS.items() if names & set(types)]


def need_labels(location: models.Location) -> list[str]:
    names = {sp.name for sp in location.specialisms.all()}
    return [label for slug, (label, kinds) in NEEDS.items() if names & set(kinds)]


class PlaceProblem(QueryError):
    """The place cannot be searched: unknown, or outside England (``cause`` says which)."""

    def __init__(self, cause: places.PlaceError):
        self.cause = cause
        super().__init__([Problem("near", str(cause))])


def find(query: Query, *, today: date, page_size: int) -> Found:
    """Resolve the place and search: what the page and the API call after :func:`parse_query`.
    Raises :class:`PlaceProblem` for the place, :class:`QueryError` for a page past the last one."""
    try:
        place = places.resolve(query.near)
    except places.PlaceError as problem:
        raise PlaceProblem(problem) from None
    found = search(query, place, today=today)
    if query.page > found.pages(page_size):
        last = found.pages(page_size)
        raise QueryError(
            [
                Problem(
                    "page",
                    f"There is no page {query.page}: the results have {last} page{'s' if last > 1 else ''}",
                )
            ]
        )
    return found
