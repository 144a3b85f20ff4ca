"""The finder's query: its vocabulary (types of care, needs, ratings) and the one parser that reads
the query string of the public page (``/find/``) and of the API (``/api/v1/services``), so both
accept the same filters and refuse the same input with the same words (docs/finder.md).
No database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from carewatch.ratings import cqc

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
