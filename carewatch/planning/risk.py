"""An explainable risk score for an adult social care service, as at a date (issue 17, docs/planning.md).

Pure functions over plain inputs: :class:`Signals` holds what is known about one service on a day,
:func:`score` turns it into points, each with the sentence a person reads ("Safe rated Requires
improvement in 2024 (+18)"). The default weights are :data:`DEFAULT_WEIGHTS`, in one place; their
evidence and sources are on docs/methodology.md ("Risk score"). No database, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from carewatch.ratings import cqc

# Points for each signal. A weight is a number from 0 to MAX_WEIGHT; "per_*" weights are multiplied by a count.
DEFAULT_WEIGHTS: dict[str, float] = {
    # CQC ratings (the register's rating history)
    "overall_inadequate": 40,
    "overall_requires_improvement": 20,
    "safe_inadequate": 30,
    "safe_requires_improvement": 18,
    "well_led_inadequate": 24,
    "well_led_requires_improvement": 12,
    "other_key_question_inadequate": 10,
    "other_key_question_requires_improvement": 4,
    "downgraded": 15,
    "per_year_rating_older_than_2_years": 4,
    "inherited_rating": 6,
    "never_rated": 15,
    "new_registration": 10,
    "registered_manager_missing": 9,
    "registered_manager_changed": 6,
    "single_location_provider": 3,
    # the council's own evidence (monitoring, cases, capacity)
    "local_qa_inadequate": 20,
    "local_qa_requires_improvement": 10,
    "per_year_since_qa_visit_beyond_1": 6,
    "per_open_finding": 2,
    "per_open_safeguarding_finding": 8,
    "per_overdue_action": 4,
    "per_ladder_level": 8,
    "suspended": 25,
    "low_lived_experience_score": 8,
    "low_lived_experience_volume": 2,
    "per_missed_capacity_return": 3,
    "low_occupancy": 4,
    "high_agency_share": 6,
}

# The weights in groups a person reads together (the weights page's fieldsets), in DEFAULT_WEIGHTS' order;
# every weight in exactly one group.
SIGNAL_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "CQC ratings",
        (
            "overall_inadequate",
            "overall_requires_improvement",
            "safe_inadequate",
            "safe_requires_improvement",
            "well_led_inadequate",
            "well_led_requires_improvement",
            "other_key_question_inadequate",
            "other_key_question_requires_improvement",
            "downgraded",
            "per_year_rating_older_than_2_years",
            "inherited_rating",
            "never_rated",
        ),
    ),
    (
        "CQC registration and the registered manager",
        (
            "new_registration",
            "registered_manager_missing",
            "registered_manager_changed",
            "single_location_provider",
        ),
    ),
    (
        "Your council’s quality assurance",
        (
            "local_qa_inadequate",
            "local_qa_requires_improvement",
            "per_year_since_qa_visit_beyond_1",
            "per_open_finding",
            "per_open_safeguarding_finding",
            "per_overdue_action",
        ),
    ),
    ("Your council’s intervention", ("per_ladder_level", "suspended")),
    ("Lived experience", ("low_lived_experience_score", "low_lived_experience_volume")),
    ("Capacity and staffing", ("per_missed_capacity_return", "low_occupancy", "high_agency_share")),
)

# The largest weight a council may set: two and a half times the largest default (40, rated Inadequate
# overall), so any one signal can be made to outweigh every CQC rating, while a slip (1000 for 10) or an
# absurd number (1e300) that would make one signal the whole score is refused (docs/methodology.md).
MAX_WEIGHT = 100

# What each weight is, in words a council reads on its weights page and in the API (one per weight).
SIGNAL_LABELS: dict[str, str] = {
    "overall_inadequate": "Rated Inadequate overall by CQC",
    "overall_requires_improvement": "Rated Requires improvement overall by CQC",
    "safe_inadequate": "Safe rated Inadequate",
    "safe_requires_improvement": "Safe rated Requires improvement",
    "well_led_inadequate": "Well-led rated Inadequate",
    "well_led_requires_improvement": "Well-led rated Requires improvement",
    "other_key_question_inadequate": "Effective, Caring or Responsive rated Inadequate (each)",
    "other_key_question_requires_improvement": "Effective, Caring or Responsive rated Requires improvement (each)",
    "downgraded": "Latest CQC rating below the one before",
    "per_year_rating_older_than_2_years": "Each year the latest CQC rating is older than 2 years",
    "inherited_rating": "CQC rating inherited from a previous provider",
    "never_rated": "Never rated by CQC",
    "new_registration": "Registered in the last 12 months",
    "registered_manager_missing": "No registered manager",
    "registered_manager_changed": "Registered manager changed in the last 12 months",
    "single_location_provider": "The provider runs only this service",
    "local_qa_inadequate": "Local QA rating Poor (the local scale's Inadequate)",
    "local_qa_requires_improvement": "Local QA rating Requires improvement",
    "per_year_since_qa_visit_beyond_1": "Each year without a QA visit, beyond the first",
    "per_open_finding": "Each open finding",
    "per_open_safeguarding_finding": "Each open safeguarding finding",
    "per_overdue_action": "Each overdue action-plan item",
    "per_ladder_level": "Each level on the ladder of intervention",
    "suspended": "Placements suspended",
    "low_lived_experience_score": "Lived-experience score below 2.5 out of 5",
    "low_lived_experience_volume": "Fewer than 5 lived-experience responses in 12 months",
    "per_missed_capacity_return": "Each missed capacity return in the last 90 days",
    "low_occupancy": "Beds under 80% occupied (latest capacity return)",
    "high_agency_share": "Agency or bank staff 20% or more of staff (latest capacity return)",
}

# Caps on counted signals, so one long list cannot swamp every other signal.
MAX_YEARS_COUNTED = 5
MAX_COUNT = 5
NEW_REGISTRATION_MONTHS = 12
TOP_REASONS = 3  # the reasons a list shows beside a score
LOW_LIVED_EXPERIENCE = 2.5  # mean score out of 5 below which the signal counts
FEW_LIVED_EXPERIENCE = 5  # approved responses in 12 months below which the volume signal counts
LOW_OCCUPANCY = 0.80  # share of beds occupied below which the signal counts
HIGH_AGENCY_SHARE = 0.20  # share of staff from agencies or bank at or above which the signal counts

_BAD = (cqc.INADEQUATE, cqc.REQUIRES_IMPROVEMENT)
_ORDER = {cqc.OUTSTANDING: 4, cqc.GOOD: 3, cqc.REQUIRES_IMPROVEMENT: 2, cqc.INADEQUATE: 1}
_KEY = {cqc.INADEQUATE: "inadequate", cqc.REQUIRES_IMPROVEMENT: "requires_improvement"}
# The local QA scale (Excellent, Good, Requires improvement, Poor): Poor scores as Inadequate.
_LOCAL_KEY = {**_KEY, "Poor": "inadequate"}


class WeightError(ValueError):
    """Weights that cannot be used; ``errors`` maps each bad field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{name}: {problem}" for name, problem in errors.items()))


def parse_weights(raw: Mapping[str, object]) -> dict[str, float]:
    """The default weights with ``raw`` laid over them; :class:`WeightError` names every bad field."""
    errors: dict[str, str] = {}
    weights = dict(DEFAULT_WEIGHTS)
    for name, value in raw.items():
        if name not in DEFAULT_WEIGHTS:
            errors[name] = "is not a signal the risk score knows"
            continue
        if isinstance(value, bool):
            errors[name] = "must be a number"
            continue
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            errors[name] = "must be a number"
            continue
        if number != number or number in (float("inf"), float("-inf")):
            errors[name] = "must be a number"
        elif number < 0:
            errors[name] = "must be 0 or more"
        elif number > MAX_WEIGHT:
            errors[name] = f"must be {MAX_WEIGHT} or less"
        else:
            weights[name] = number
    if errors:
        raise WeightError(errors)
    return weights


@dataclass(frozen=True)
class RatingAt:
    """One published CQC rating: overall and the key questions it rated."""

    on: date
    overall: str
    key_questions: Mapping[str, str] = field(default_factory=dict)
    inherited: bool = False


@dataclass(frozen=True, kw_only=True)
class CouncilEvidence:
    """What the council's own records said about one service at the end of a day (monitoring, cases,
    capacity): read in bulk by ``risk_evidence``, part of :class:`Signals`."""

    local_qa_rating: str = ""
    last_qa_visit_on: date | None = None
    open_findings: int = 0
    open_safeguarding_findings: int = 0
    overdue_actions: int = 0
    ladder_level: int = 0
    suspended: bool = False
    lived_experience_score: float | None = None
    lived_experience_responses: int | None = None  # None: the council collects none
    missed_capacity_returns: int = 0
    occupancy: float | None = None  # share of beds occupied, latest capacity return
    agency_share: float | None = None  # share of staff from agencies or bank, latest capacity return


@dataclass(frozen=True, kw_only=True)
class Signals(CouncilEvidence):
    """What is known about one service on ``as_of``: the register's facts below and the council's evidence
    (the fields of :class:`CouncilEvidence`). Ratings newest first, none after ``as_of``."""

    location_id: str
    name: str
    as_of: date
    registered_on: date | None = None
    ratings: tuple[RatingAt, ...] = ()
    registered_manager_missing: bool = False
    registered_manager_changed_on: date | None = None  # changed in the 12 months before ``as_of``
    provider_locations: int = 1


@dataclass(frozen=True)
class Reason:
    signal: str
    points: float
    text: str

    def __str__(self) -> str:
        return f"{self.text} (+{_points(self.points)})"


@dataclass(frozen=True)
class Score:
    location_id: str
    name: str
    score: float
    reasons: tuple[Reason, ...]  # the biggest first

    def top(self, count: int = TOP_REASONS) -> tuple[Reason, ...]:
        return self.reasons[:count]

    @property
    def more(self) -> int:
        """How many reasons :meth:`top` leaves out."""
        return max(0, len(self.reasons) - TOP_REASONS)


def _points(value: float) -> str:
    return f"{value:g}"


def _years(start: date, end: date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _months(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _rating_reasons(signals: Signals) -> list[tuple[str, float, str]]:
    found: list[tuple[str, float, str]] = []
    if not signals.ratings:
        since = f" since registering in {signals.registered_on.year}" if signals.registered_on else ""
        found.append(("never_rated", 1, f"never rated{since}"))
        return found
    latest = signals.ratings[0]
    if latest.overall in _BAD:
        found.append(
            (f"overall_{_KEY[latest.overall]}", 1, f"rated {latest.overall} overall in {latest.on.year}")
        )
    for question, label in cqc.KEY_QUESTION_LABELS.items():
        rating = latest.key_questions.get(question, "")
        if rating not in _BAD:
            continue
        prefix = question if question in ("safe", "well_led") else "other_key_question"
        found.append((f"{prefix}_{_KEY[rating]}", 1, f"{label} rated {rating} in {latest.on.year}"))
    earlier = next((r for r in signals.ratings[1:] if r.overall in _ORDER), None)
    if earlier and latest.overall in _ORDER and _ORDER[latest.overall] < _ORDER[earlier.overall]:
        found.append(
            ("downgraded", 1, f"rating fell from {earlier.overall} to {latest.overall} in {latest.on.year}")
        )
    age = _years(latest.on, signals.as_of)
    if age > 2:
        counted = min(age - 2, MAX_YEARS_COUNTED)
        found.append(("per_year_rating_older_than_2_years", counted, f"last CQC rating {age} years old"))
    if latest.inherited:
        found.append(("inherited_rating", 1, "rating inherited from a previous provider"))
    return found


def _local_reasons(signals: Signals) -> list[tuple[str, float, str]]:
    found: list[tuple[str, float, str]] = []
    if signals.local_qa_rating in _LOCAL_KEY:
        found.append(
            (
                f"local_qa_{_LOCAL_KEY[signals.local_qa_rating]}",
                1,
                f"local QA rating {signals.local_qa_rating}",
            )
        )
    if signals.last_qa_visit_on is not None:
        months = _months(signals.last_qa_visit_on, signals.as_of)
        if months > 12:
            counted = min((months - 12) / 12, MAX_YEARS_COUNTED)
            found.append(("per_year_since_qa_visit_beyond_1", counted, f"no QA visit for {months} months"))
    counts = (
        ("per_open_finding", signals.open_findings, "open finding"),
        ("per_open_safeguarding_finding", signals.open_safeguarding_findings, "open safeguarding finding"),
        ("per_overdue_action", signals.overdue_actions, "overdue action-plan item"),
        ("per_missed_capacity_return", signals.missed_capacity_returns, "missed capacity return"),
    )
    for name, count, word in counts:
        if count > 0:
            found.append((name, min(count, MAX_COUNT), _plural(count, word)))
    if signals.ladder_level > 0:
        found.append(
            ("per_ladder_level", signals.ladder_level, f"at level {signals.ladder_level} of the ladder")
        )
    if signals.suspended:
        found.append(("suspended", 1, "placements suspended"))
    score = signals.lived_experience_score
    if score is not None and score < LOW_LIVED_EXPERIENCE:
        found.append(("low_lived_experience_score", 1, f"lived-experience score {score:.1f} out of 5"))
    responses = signals.lived_experience_responses
    if responses is not None and responses < FEW_LIVED_EXPERIENCE:
        found.append(
            (
                "low_lived_experience_volume",
                1,
                f"only {_plural(responses, 'lived-experience response')} in 12 months",
            )
        )
    if signals.occupancy is not None and signals.occupancy < LOW_OCCUPANCY:
        found.append(("low_occupancy", 1, f"beds {signals.occupancy:.0%} occupied"))
    if signals.agency_share is not None and signals.agency_share >= HIGH_AGENCY_SHARE:
        found.append(("high_agency_share", 1, f"{signals.agency_share:.0%} of staff from agencies or bank"))
    return found


def score(signals: Signals, weights: Mapping[str, float] = DEFAULT_WEIGHTS) -> Score:
    """The service's score: the sum of every signal's points, with the reasons biggest first."""
    found = _rating_reasons(signals) + _local_reasons(signals)
    if signals.registered_on and _months(signals.registered_on, signals.as_of) < NEW_REGISTRATION_MONTHS:
        found.append(("new_registration", 1, f"registered in {signals.registered_on:%B %Y}"))
    if signals.registered_manager_missing:
        found.append(("registered_manager_missing", 1, "registered manager missing"))
    changed = signals.registered_manager_changed_on
    if changed is not None and not signals.registered_manager_missing:
        found.append(("registered_manager_changed", 1, f"registered manager changed in {changed:%B %Y}"))
    if signals.provider_locations == 1:
        found.append(("single_location_provider", 1, "the provider runs only this service"))
    reasons = [
        Reason(signal=name, points=round(multiplier * weights.get(name, 0), 1), text=text)
        for name, multiplier, text in found
    ]
    reasons = [reason for reason in reasons if reason.points > 0]
    reasons.sort(key=lambda reason: (-reason.points, reason.signal))
    return Score(
        location_id=signals.location_id,
        name=signals.name,
        score=round(sum(reason.points for reason in reasons), 1),
        reasons=tuple(reasons),
    )


def rank(scores: list[Score]) -> list[Score]:
    """Highest score first; ties by CQC id, so the order is stable."""
    return sorted(scores, key=lambda item: (-item.score, item.location_id))
