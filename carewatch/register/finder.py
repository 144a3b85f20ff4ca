"""Find care near a place: the query, its filters, the search and counts per filter option.

One parser (:func:`parse_query`) reads the query string of the public page (``/find/``) and of the
API (``/api/v1/services``), so both accept the same filters and refuse the same input with the same
words. :func:`search` takes a :class:`Query` and a :class:`places.Place`:

1. a bounding box on the indexed latitude and longitude picks the active adult social care services
   that can be within the distance (``places.bounding_box``);
2. the exact great-circle distance (``places.haversine_miles``) keeps those within it;
3. the filters are applied in Python to those few hundred or thousand rows, counting how many
   services each filter option would give with the other filters as they are;
4. the services are ranked by distance, then name.

How each filter maps to the CQC's service types and specialisms: docs/finder.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q

from carewatch.ratings import cqc
from carewatch.register import models, places

NEAR_LIMIT = 200
WITHIN_DEFAULT = 10
WITHIN_MIN = 1
WITHIN_MAX = 50
RECENT_YEARS = 2

# slug: (label, the CQC service types that mean it)
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "nursing": ("Care home with nursing", ("Nursing homes",)),
    "residential": ("Care home without nursing", ("Residential homes",)),
    "home-care": ("Help at home (home care)", ("Homecare agencies",)),
    "supported-living": ("Supported living", ("Supported living",)),
    "extra-care": ("Extra care housing", ("Extra Care housing services",)),
    "shared-lives": ("Shared Lives", ("Shared lives",)),
}
# slug: (label, the CQC specialisms / service user bands that mean it)
NEEDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "dementia": ("Dementia", ("Dementia",)),
    "learning-disability": (
        "Learning disability or autism",
        ("Learning disabilities", "Autism", "Learning disabilities or autistic spectrum disorder"),
    ),
    "mental-health": ("Mental health", ("Mental health conditions",)),
    "physical-disability": ("Physical disability", ("Physical disabilities",)),
    "sensory-impairment": ("Sensory impairment", ("Sensory impairment",)),
    "younger-adults": ("Younger adults (18 to 64)", ("Caring for adults under 65 yrs",)),
    "older-people": ("Older people (65 and over)", ("Caring for adults over 65 yrs",)),
}
# slug: (rating, rank); a minimum keeps services rated that or better.
RATINGS: dict[str, tuple[str, int]] = {
    "outstanding": (cqc.OUTSTANDING, 4),
    "good": (cqc.GOOD, 3),
    "requires-improvement": (cqc.REQUIRES_IMPROVEMENT, 2),
}
_RANK = {cqc.OUTSTANDING: 4, cqc.GOOD: 3, cqc.REQUIRES_IMPROVEMENT: 2, cqc.INADEQUATE: 1}
RATING_LABELS = {
    "outstanding": "Outstanding",
    "good": "Good or Outstanding",
    "requires-improvement": "Requires improvement or better",
}
# Filters whose facts carewatch does not hold yet (issues 15 and 16): accepted, matching nothing, said so.
NOT_YET_HELD: dict[str, tuple[str, str]] = {
    "vacancies": ("Has vacancies", "carewatch does not hold vacancies yet"),
    "quality_mark": ("Holds the council’s quality mark", "carewatch does not hold quality marks yet"),
    "commitment": (
        "Signed the Social Care Commitment",
        "carewatch does not hold who signed the Social Care Commitment yet",
    ),
}
FIELDS = (
    "near",
    "within",
    "type",
    "need",
    "rating",
    *cqc.KEY_QUESTIONS,
    "rated_recently",
    *NOT_YET_HELD,
    "page",
)
_YES = ("yes", "true", "1", "on")
_NO = ("", "no", "false", "0", "off")


@dataclass(frozen=True)
class Problem:
    field: str  # the query parameter at fault
    message: str  # for people


class QueryError(Exception):
    """The query cannot be searched: every problem found, each naming its field."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in self.problems))


@dataclass(frozen=True)
class Query:
    near: str
    within: int = WITHIN_DEFAULT
    kinds: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    rating: str = ""  # a RATINGS slug: at least this overall
    key_questions: tuple[tuple[str, str], ...] = ()  # (key question, RATINGS slug): at least this
    rated_recently: bool = False  # the current rating published in the last RECENT_YEARS years
    not_yet_held: tuple[str, ...] = ()  # NOT_YET_HELD filters asked for
    page: int = 1


def _last(params: Mapping[str, Sequence[str]] | object, name: str) -> str:
    values = _all(params, name)
    return values[-1] if values else ""


def _all(params: Mapping[str, Sequence[str]] | object, name: str) -> list[str]:
    getlist = getattr(params, "getlist", None)
    if getlist is not None:  # a Django QueryDict
        return [str(v) for v in getlist(name)]
    assert isinstance(params, Mapping)
    value = params.get(name, [])
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _whole_number(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else None


def _printable(text: str) -> bool:
    """No control characters (Unicode category Cc: U+0000-001F, U+007F-009F)."""
    return not any(ch <= "\x1f" or "\x7f" <= ch <= "\x9f" for ch in text)


def parse_query(params: Mapping[str, Sequence[str]] | object) -> Query:
    """The finder's query from a query string (a ``QueryDict`` or a mapping of names to lists of values).

    Raises :class:`QueryError` naming every field at fault. Parameters it does not know are ignored
    (tracking tags, ``format``), values it does not know are not.
    """
    problems: list[Problem] = []
    near = " ".join(_last(params, "near").split())
    if not near:
        problems.append(Problem("near", "Enter a postcode, town or council"))
    elif len(near) > NEAR_LIMIT:
        problems.append(
            Problem("near", f"Postcode, town or council must be {NEAR_LIMIT} characters or fewer")
        )
    elif not _printable(near):
        problems.append(Problem("near", "Postcode, town or council must be letters, numbers and spaces"))

    within = WITHIN_DEFAULT
    within_text = _last(params, "within").strip()
    if within_text:
        number = _whole_number(within_text)
        if number is None:
            problems.append(Problem("within", "Enter the distance as a whole number of miles, like 10"))
        elif not WITHIN_MIN <= number <= WITHIN_MAX:
            problems.append(
                Problem("within", f"Distance must be between {WITHIN_MIN} and {WITHIN_MAX} miles")
            )
        else:
            within = number

    def choices(name: str, known: Iterable[str], message: str) -> tuple[str, ...]:
        values = [v for v in _all(params, name) if v != ""]
        if any(v not in known for v in values):
            problems.append(Problem(name, message))
            return ()
        return tuple(dict.fromkeys(values))

    kinds = choices("type", KINDS, "Choose a type of care from the list")
    needs = choices("need", NEEDS, "Choose a need from the list")

    def one_rating(name: str, message: str) -> str:
        value = _last(params, name)
        if value and value not in RATINGS:
            problems.append(Problem(name, message))
            return ""
        return value

    rating = one_rating("rating", "Choose an overall rating from the list")
    key_questions = tuple(
        (kq, value)
        for kq in cqc.KEY_QUESTIONS
        if (value := one_rating(kq, f"Choose a rating for {cqc.KEY_QUESTION_LABELS[kq]} from the list"))
    )

    def yes(name: str, label: str) -> bool:
        value = _last(params, name).strip().lower()
        if value in _YES:
            return True
        if value not in _NO:
            problems.append(Problem(name, f"{label}: tick the box or leave it empty"))
        return False

    rated_recently = yes("rated_recently", f"Rated in the last {RECENT_YEARS} years")
    not_yet_held = tuple(name for name, (label, _) in NOT_YET_HELD.items() if yes(name, label))

    page = 1
    page_text = _last(params, "page").strip()
    if page_text:
        number = _whole_number(page_text)
        if number is None or number < 1:
            problems.append(Problem("page", "Page must be a whole number, 1 or more"))
        else:
            page = number
    if problems:
        raise QueryError(problems)
    return Query(
        near=near,
        within=within,
        kinds=kinds,
        needs=needs,
        rating=rating,
        key_questions=key_questions,
        rated_recently=rated_recently,
        not_yet_held=not_yet_held,
        page=page,
    )


# --- the search ----------------------------------------------------------------------------------


@dataclass
class _Profile:
    id: str
    name: str
    distance: float
    rating_rank: int
    rated_on: date | None
    kinds: set[str] = field(default_factory=set)
    needs: set[str] = field(default_factory=set)
    key_questions: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
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


def _box(place: places.Place, miles: int, prefix: str = "") -> Q:
    south, north, west, east = places.bounding_box(place.latitude, place.longitude, miles)
    return Q(
        **{
            f"{prefix}is_active": True,
            f"{prefix}adult_social_care": True,
            f"{prefix}latitude__gte": south,
            f"{prefix}latitude__lte": north,
            f"{prefix}longitude__gte": west,
            f"{prefix}longitude__lte": east,
        }
    )


_KIND_OF = {name: slug for slug, (_, names) in KINDS.items() for name in names}
_NEED_OF = {name: slug for slug, (_, names) in NEEDS.items() for name in names}


def _profiles(place: places.Place, within: int) -> list[_Profile]:
    rows = models.Location.objects.filter(_box(place, within)).values_list(
        "id", "name", "latitude", "longitude", "current_rating", "current_rating_on"
    )
    found: dict[str, _Profile] = {}
    for location_id, name, lat, lon, rating, rated_on in rows:
        if lat is None or lon is None:  # outside the box: never, but the columns may be empty
            continue
        distance = places.haversine_miles(place.latitude, place.longitude, lat, lon)
        if distance <= within:
            found[location_id] = _Profile(location_id, name, distance, _RANK.get(rating, 0), rated_on)
    if not found:
        return []
    box = _box(place, within, "location__")
    kinds = models.Location.service_types.through.objects.filter(box, servicetype__name__in=_KIND_OF)
    for location_id, name in kinds.values_list("location_id", "servicetype__name"):
        if location_id in found:
            found[location_id].kinds.add(_KIND_OF[name])
    needs = models.Location.specialisms.through.objects.filter(box, specialism__name__in=_NEED_OF)
    for location_id, name in needs.values_list("location_id", "specialism__name"):
        if location_id in found:
            found[location_id].needs.add(_NEED_OF[name])
    current = models.Rating.objects.filter(box, is_current=True).values_list(
        "location_id", *cqc.KEY_QUESTIONS
    )
    for location_id, *values in current:
        if location_id in found:
            found[location_id].key_questions = {
                kq: _RANK.get(value, 0) for kq, value in zip(cqc.KEY_QUESTIONS, values, strict=True)
            }
    return list(found.values())


Test = Callable[[_Profile], bool]


def _any_kind(wanted: set[str]) -> Test:
    return lambda p: bool(p.kinds & wanted)


def _all_needs(wanted: set[str]) -> Test:
    return lambda p: wanted <= p.needs


def _overall_at_least(least: int) -> Test:
    return lambda p: p.rating_rank >= least


def _key_question_at_least(kq: str, least: int) -> Test:
    return lambda p: p.key_questions.get(kq, 0) >= least


def _rated_since(since: date) -> Test:
    return lambda p: p.rated_on is not None and p.rated_on >= since


def _nothing(p: _Profile) -> bool:
    return False


def _tests(query: Query, *, today: date) -> dict[str, Test]:
    """One test per filter group the query uses: a service passes the group or not."""
    tests: dict[str, Test] = {}
    if query.kinds:
        tests["type"] = _any_kind(set(query.kinds))
    if query.needs:
        tests["need"] = _all_needs(set(query.needs))
    if query.rating:
        tests["rating"] = _overall_at_least(RATINGS[query.rating][1])
    for kq, slug in query.key_questions:
        tests[kq] = _key_question_at_least(kq, RATINGS[slug][1])
    if query.rated_recently:
        tests["rated_recently"] = _rated_since(_years_before(today, RECENT_YEARS))
    for name in query.not_yet_held:
        tests[name] = _nothing
    return tests


def _option_tests(query: Query, *, today: date) -> dict[str, dict[str, Test]]:
    """Per filter group, each option as it would be if chosen (with the group's other choices)."""
    needs = set(query.needs)
    options: dict[str, dict[str, Test]] = {
        "type": {slug: _any_kind({slug}) for slug in KINDS},
        "need": {slug: _all_needs(needs | {slug}) for slug in NEEDS},
        "rating": {slug: _overall_at_least(rank) for slug, (_, rank) in RATINGS.items()},
        "rated_recently": {"yes": _rated_since(_years_before(today, RECENT_YEARS))},
    }
    for kq in cqc.KEY_QUESTIONS:
        options[kq] = {slug: _key_question_at_least(kq, rank) for slug, (_, rank) in RATINGS.items()}
    return options


def search(query: Query, place: places.Place, *, today: date) -> Found:
    """Active adult social care services within ``query.within`` miles of ``place`` that pass every
    filter, nearest first; with counts per filter option (the other filters as they are)."""
    profiles = _profiles(place, query.within)
    tests = _tests(query, today=today)
    passes = {name: [test(p) for p in profiles] for name, test in tests.items()}
    matching = [p for i, p in enumerate(profiles) if all(column[i] for column in passes.values())]
    matching.sort(key=lambda p: (p.distance, p.name, p.id))

    counts: dict[str, dict[str, int]] = {}
    for group, options in _option_tests(query, today=today).items():
        others = [column for name, column in passes.items() if name != group]
        pool = [p for i, p in enumerate(profiles) if all(column[i] for column in others)]
        counts[group] = {slug: sum(1 for p in pool if test(p)) for slug, test in options.items()}
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
