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
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.db import connection
from django.db.models import CharField, Prefetch, Q, QuerySet
from django.db.models.functions import Cast

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

    location_id: str
    name: str
    distance_miles: float
    rating_rank: int
    rated_on: str  # ISO date of the current overall rating, "" without one
    kinds: int
    needs: int
    key_questions: tuple[int, ...]


class Hit(Protocol):
    """One result: a service and how far it is (a search's own rows, so no copy is made of thousands)."""

    @property
    def location_id(self) -> str: ...

    @property
    def distance_miles(self) -> float: ...


@dataclass
class Found:
    """What a search found: every match ranked by distance, counts per filter option, notes."""

    place: places.Place
    query: Query
    hits: Sequence[Hit]
    # group (type, need, rating, safe … well_led, rated_recently) → option → services it would give
    counts: dict[str, dict[str, int]]
    in_distance: int  # services within the distance before any filter
    notes: list[str]

    def page(self, number: int, size: int) -> list[Hit]:
        return list(self.hits[(number - 1) * size : number * size])

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


# What the filters read of a service, by (CQC ID, source hash): the hash is of the whole record the
# import wrote (types, specialisms and ratings included: services.snapshot_writer), so a service
# whose hash is unchanged has unchanged facts and they are read from the database once per process.
# An import that changes a service changes its hash; undo puts the old hash back with the old facts.
Facts = tuple[int, int, tuple[int, ...]]  # kinds bits, needs bits, key-question ranks
_FACTS: dict[tuple[str, str], Facts] = {}
_FACTS_LIMIT = 250_000  # about three registers' worth; cleared, never evicted one by one
_CHUNK = 2000  # ids per IN (...) list

_KIND_OF_TYPE = {name: _KIND_BIT[slug] for slug, (_, names) in KINDS.items() for name in names}
_NEED_OF_SPECIALISM = {name: _NEED_BIT[slug] for slug, (_, names) in NEEDS.items() for name in names}


def _read_facts(ids: list[str], *, box: QuerySet[models.Location] | None = None) -> dict[str, Facts]:
    """Types, needs and current key-question ratings of ``ids`` from the database, five queries.

    ``box``: a query of locations that includes every one of ``ids`` (the bounding box searched). When
    most of the box is to be read, the three queries join it as a subquery, rather than carry an
    ``IN (…)`` list of thousands of ids that psycopg binds one by one in Python; rows of the box that
    are not in ``ids`` are read and left out. Otherwise ``ids`` go in lists of ``_CHUNK``."""
    kinds: dict[str, int] = dict.fromkeys(ids, 0)
    needs: dict[str, int] = dict.fromkeys(ids, 0)
    ranks: dict[str, tuple[int, ...]] = dict.fromkeys(ids, (0,) * len(cqc.KEY_QUESTIONS))
    if box is not None:
        chunks: list[Q] = [Q(location_id__in=box.values("pk"))]
    else:
        chunks = [Q(location_id__in=ids[start : start + _CHUNK]) for start in range(0, len(ids), _CHUNK)]
    # By the ids of the types and specialisms the filters know (a few rows): filtered by their names
    # through a join instead, PostgreSQL misjudges how many rows match and reads every location's types.
    kind_of_type = dict(
        (pk, _KIND_OF_TYPE[name])
        for pk, name in models.ServiceType.objects.filter(name__in=_KIND_OF_TYPE).values_list("pk", "name")
    )
    need_of_specialism = dict(
        (pk, _NEED_OF_SPECIALISM[name])
        for pk, name in models.Specialism.objects.filter(name__in=_NEED_OF_SPECIALISM).values_list(
            "pk", "name"
        )
    )
    for chunk in chunks:
        types = models.Location.service_types.through.objects.filter(
            chunk, servicetype_id__in=list(kind_of_type)
        )
        for location_id, type_id in types.values_list("location_id", "servicetype_id"):
            if location_id in kinds:
                kinds[location_id] |= kind_of_type[type_id]
        specialisms = models.Location.specialisms.through.objects.filter(
            chunk, specialism_id__in=list(need_of_specialism)
        )
        for location_id, specialism_id in specialisms.values_list("location_id", "specialism_id"):
            if location_id in needs:
                needs[location_id] |= need_of_specialism[specialism_id]
        current = models.Rating.objects.filter(chunk, is_current=True)
        for location_id, *values in current.values_list("location_id", *cqc.KEY_QUESTIONS):
            if location_id in ranks:
                ranks[location_id] = tuple([_RANK.get(value, 0) for value in values])
    return {location_id: (kinds[location_id], needs[location_id], ranks[location_id]) for location_id in ids}


def _in_box(place: places.Place, within: int) -> QuerySet[models.Location]:
    """The services in the bounding box: a superset of those within ``within`` miles, as a subquery."""
    return models.Location.objects.filter(_box(place, within))


def _profiles(place: places.Place, within: int) -> list[_Profile]:
    """The active adult social care services within ``within`` miles: the bounding box on the indexed
    latitude and longitude in one query, the exact distance here, each service's facts beside it."""
    located = (
        _in_box(place, within)
        .annotate(rated_on_text=Cast("current_rating_on", CharField()))
        .values_list("id", "name", "latitude", "longitude", "current_rating", "rated_on_text", "source_hash")
    )
    # Executed as it is: Django's per-row converters cost more than the search. The date comes as
    # ISO text (YYYY-MM-DD) and is compared as text.
    sql, params = located.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    here_lat, here_lon = place.latitude, place.longitude
    # places.haversine_miles, inlined: it runs for every service in the box
    phi0, cos0 = math.radians(here_lat), math.cos(math.radians(here_lat))
    radians, sin, cos, asin, sqrt = math.radians, math.sin, math.cos, math.asin, math.sqrt
    diameter = 2 * places.EARTH_RADIUS_MILES
    found: list[_Profile] = []
    unknown: list[tuple[_Profile, str]] = []  # facts not yet read in this process
    facts_of = _FACTS.get
    blank: Facts = (0, 0, ())
    for location_id, name, lat, lon, rating, rated_on, source_hash in rows:
        if lat is None or lon is None:  # never inside the box, but the columns may be empty
            continue
        phi = radians(lat)
        a = sin((phi - phi0) / 2) ** 2 + cos0 * cos(phi) * sin(radians(lon - here_lon) / 2) ** 2
        distance = diameter * asin(min(1.0, sqrt(a)))
        if distance > within:
            continue
        facts = facts_of((location_id, source_hash)) if source_hash else None
        profile = _Profile(
            location_id, name, distance, _RANK.get(rating, 0), str(rated_on or ""), *(facts or blank)
        )
        found.append(profile)
        if facts is None:
            unknown.append((profile, source_hash))
    if unknown:
        # Most of the box not yet read (a process's first searches here): join the box instead of a list.
        box = _in_box(place, within) if 2 * len(unknown) > len(rows) else None
        fresh = _read_facts([profile.location_id for profile, _ in unknown], box=box)
        if len(_FACTS) + len(fresh) > _FACTS_LIMIT:
            _FACTS.clear()
        for profile, source_hash in unknown:
            profile.kinds, profile.needs, profile.key_questions = facts = fresh[profile.location_id]
            if source_hash:
                _FACTS[(profile.location_id, source_hash)] = facts
    return found


Test = Callable[[_Profile], bool]


# A filter on a fact the register does not hold (who signed the Social Care Commitment, who has
# vacancies): the caller, higher up, passes for each such filter a function that, given a query of the
# services in the bounding box (to use as a subquery: ``location_id__in=candidates``), returns those
# that carry the fact; it may return some outside the distance, which are never looked up. A filter
# with no function matches nothing and says why.
HeldFacts = Mapping[str, Callable[[QuerySet[models.Location, str]], AbstractSet[str]]]


def _tests(query: Query, *, today: date, held: Mapping[str, AbstractSet[str]]) -> list[tuple[str, Test]]:
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
    for name in query.not_yet_held:
        tests.append((name, _carries(held[name]) if name in held else _nothing))
    return tests


def _carries(ids: AbstractSet[str]) -> Test:
    return lambda p: p.location_id in ids


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


def search(query: Query, place: places.Place, *, today: date, held: HeldFacts | None = None) -> Found:
    """Active adult social care services within ``query.within`` miles of ``place`` that pass every
    filter, nearest first; with counts per filter option (the other filters as they are). ``held``: the
    facts the caller can tell for the NOT_YET_HELD filters (see :data:`HeldFacts`)."""
    profiles = _profiles(place, query.within)
    # The box as a subquery, not an IN (…) list of the thousands of services found in it.
    candidates = _in_box(place, query.within).values_list("pk", flat=True)
    facts = {
        name: frozenset(carriers(candidates))
        for name, carriers in (held or {}).items()
        if name in NOT_YET_HELD
    }
    tests = _tests(query, today=today, held=facts)
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
    matching.sort(key=lambda p: (p.distance_miles, p.name, p.location_id))
    since = _years_before(today, RECENT_YEARS).isoformat()
    counts: dict[str, dict[str, int]] = {}
    for group in COUNTED:
        counts[group] = _tally(group, matching, query, since)
        if failing_one[group]:
            for slug, n in _tally(group, failing_one[group], query, since).items():
                counts[group][slug] += n
    for name, ids in facts.items():
        counts[name] = {"yes": sum(1 for p in (*matching, *failing_one[name]) if p.location_id in ids)}
    notes = [
        NOT_YET_HELD[name][1] + ", so no service matches this filter."
        for name in query.not_yet_held
        if name not in facts
    ]
    return Found(
        place=place,
        query=query,
        hits=matching,  # each has location_id and distance_miles, as a Hit
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


def find(query: Query, *, today: date, page_size: int, held: HeldFacts | None = None) -> Found:
    """Resolve the place and search: what the page and the API call after :func:`parse_query`.
    Raises :class:`PlaceProblem` for the place, :class:`QueryError` for a page past the last one."""
    try:
        place = places.resolve(query.near)
    except places.PlaceError as problem:
        raise PlaceProblem(problem) from None
    found = search(query, place, today=today, held=held)
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
