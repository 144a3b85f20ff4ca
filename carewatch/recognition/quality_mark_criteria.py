"""The quality mark's computed criteria (docs/recognition.md, docs/methodology.md): each a small pure
function over the evidence carewatch holds about one service, returning whether it is met and the evidence
in words. No database here: ``quality_mark_evidence.gather`` reads the evidence, these judge it.

from carewatch.recognition import quality_mark_criteria as criteria
criteria.evaluate(criteria.CQC_OVERALL_GOOD, evidence, today=day)  # → Result(met=True, evidence="…")
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from carewatch.ratings import cqc

CQC_OVERALL_GOOD = "cqc_overall_good"
KEY_QUESTIONS_GOOD = "key_questions_good"
LOCAL_QA_GOOD = "local_qa_good"
NO_OPEN_CASE = "no_open_case"
NO_SUSPENSION = "no_suspension"
COMMITMENT_SIGNED = "commitment_signed"
RETURNS_UP_TO_DATE = "returns_up_to_date"
FEEDBACK_AVERAGE = "feedback_average"
ASSESSED = "assessed"  # not computed: an officer judges it against a written standard

GOOD_OR_BETTER = (cqc.OUTSTANDING, cqc.GOOD)
LOCAL_GOOD_OR_BETTER = ("Excellent", "Good")  # the local QA scale (monitoring.QaRating)
LEVELS = ("0", "1", "2", "3", "4")  # the ladder's level codes (cases.ladder.LevelCode)
FEEDBACK_SCALE = (Decimal("1"), Decimal("5"))  # lived-experience answers score 1 (worst) to 5 (best)
FEEDBACK_MONTHS = 12  # responses received in the last 12 months count


@dataclass(frozen=True)
class LocalRating:
    council: str
    rating: str  # "Excellent", "Good", "Requires improvement", "Poor"
    published_on: date


@dataclass(frozen=True)
class Evidence:
    """What carewatch holds about one service, as plain values (see ``quality_mark_evidence.gather``)."""

    location_id: str
    overall: str = ""  # the current CQC overall rating, "" when unrated
    overall_on: date | None = None
    key_questions: Mapping[str, str] = field(default_factory=dict)  # "safe" → "Good"
    local_rating: LocalRating | None = None  # the latest published local QA rating
    open_case_levels: tuple[str, ...] = ()  # the council's open cases about the service, by level code
    suspensions_since: tuple[date, ...] = ()  # start dates of suspensions in force in the last 12 months
    commitment_signed_on: date | None = None
    returns_missed: str | None = None  # why returns are not up to date; None when they are
    months_checked: int = 0  # closed months of capacity returns looked at
    feedback_responses: int = 0  # approved responses to the scheme's council in the last 12 months
    feedback_average: float | None = None  # the mean of every score in them, 1 to 5


@dataclass(frozen=True)
class Result:
    met: bool
    evidence: str


def months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def _day(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "no date"


def cqc_overall_good(evidence: Evidence, *, today: date, level: str = "") -> Result:
    if not evidence.overall or evidence.overall not in cqc.RATED:
        return Result(False, "CQC has not rated this service")
    said = f"CQC rated it {evidence.overall} overall ({_day(evidence.overall_on)})"
    return Result(evidence.overall in GOOD_OR_BETTER, said)


def key_questions_good(evidence: Evidence, *, today: date, level: str = "") -> Result:
    rated = {kq: r for kq, r in evidence.key_questions.items() if r in cqc.RATED}
    if not rated:
        return Result(False, "CQC has not rated this service's key questions")
    below = [f"{kq.replace('_', '-')} {r}" for kq, r in rated.items() if r not in GOOD_OR_BETTER]
    if below:
        return Result(False, "Below Good: " + ", ".join(below))
    return Result(True, f"All {len(rated)} rated key questions Good or Outstanding")


def local_qa_good(evidence: Evidence, *, today: date, level: str = "") -> Result:
    found = evidence.local_rating
    if found is None:
        return Result(False, "No published local quality assurance rating")
    said = f"{found.council} rated it {found.rating} ({_day(found.published_on)})"
    if found.published_on < months_before(today, 12):
        return Result(False, said + ", more than 12 months ago")
    return Result(found.rating in LOCAL_GOOD_OR_BETTER, said)


def no_open_case(evidence: Evidence, *, today: date, level: str = "") -> Result:
    at_or_above = sorted(code for code in evidence.open_case_levels if code >= (level or "0"))
    if at_or_above:
        return Result(False, "Open case at level " + ", ".join(at_or_above))
    return Result(True, f"No open case at level {level or '0'} or above")


def no_suspension(evidence: Evidence, *, today: date, level: str = "") -> Result:
    if evidence.suspensions_since:
        started = max(evidence.suspensions_since)
        return Result(False, f"New placements suspended from {_day(started)}")
    return Result(True, "No suspension of new placements in the last 12 months")


def commitment_signed(evidence: Evidence, *, today: date, level: str = "") -> Result:
    if evidence.commitment_signed_on is None:
        return Result(False, "The employer has not signed the Social Care Commitment, or it has lapsed")
    return Result(True, f"Social Care Commitment signed {_day(evidence.commitment_signed_on)}")


def returns_up_to_date(evidence: Evidence, *, today: date, level: str = "") -> Result:
    if evidence.returns_missed:
        return Result(False, evidence.returns_missed)
    return Result(True, f"Capacity returns made for the last {evidence.months_checked} closed months")


def feedback_average(
    evidence: Evidence,
    *,
    today: date,
    level: str = "",
    threshold: Decimal | None = None,
    minimum: int | None = None,
) -> Result:
    wanted, fewest = threshold or Decimal("4"), minimum or 1
    count, average = evidence.feedback_responses, evidence.feedback_average
    if count < fewest or average is None:
        return Result(
            False,
            f"{count} lived-experience response{'s' if count != 1 else ''} in the last "
            f"{FEEDBACK_MONTHS} months, fewer than the {fewest} needed",
        )
    said = f"Average feedback score {average:.1f} out of 5 from {count} responses in the last {FEEDBACK_MONTHS} months"
    return Result(Decimal(f"{average:.1f}") >= wanted, said)


Rule = Callable[..., Result]

RULES: dict[str, tuple[str, Rule]] = {
    CQC_OVERALL_GOOD: ("CQC overall rating Good or Outstanding", cqc_overall_good),
    KEY_QUESTIONS_GOOD: ("No CQC key question below Good", key_questions_good),
    LOCAL_QA_GOOD: ("A published local QA rating of Good or better in the last 12 months", local_qa_good),
    NO_OPEN_CASE: ("No open case on the ladder at the chosen level or above", no_open_case),
    NO_SUSPENSION: ("No suspension of new placements in the last 12 months", no_suspension),
    COMMITMENT_SIGNED: ("The employer has signed the Social Care Commitment", commitment_signed),
    RETURNS_UP_TO_DATE: ("Capacity returns up to date", returns_up_to_date),
    FEEDBACK_AVERAGE: (
        "Lived-experience feedback averages at least a chosen score, from at least a chosen number of responses",
        feedback_average,
    ),
}
KIND_CHOICES = [(code, title) for code, (title, _) in RULES.items()] + [(ASSESSED, "Assessed by an officer")]


def evaluate(
    kind: str,
    evidence: Evidence,
    *,
    today: date,
    level: str = "",
    threshold: Decimal | None = None,
    minimum: int | None = None,
) -> Result:
    """Judge one computed criterion; ``level`` only matters for ``no_open_case``, ``threshold`` and
    ``minimum`` only for ``feedback_average``."""
    _, rule = RULES[kind]
    if kind == FEEDBACK_AVERAGE:
        return feedback_average(evidence, today=today, threshold=threshold, minimum=minimum)
    return rule(evidence, today=today, level=level)


def describe(
    kind: str,
    *,
    level: str = "",
    standard: str = "",
    threshold: Decimal | None = None,
    minimum: int | None = None,
) -> str:
    """A criterion in words, as the public methodology page shows it."""
    if kind == ASSESSED:
        return standard
    if kind == FEEDBACK_AVERAGE:
        return (
            f"Lived-experience feedback averages at least {threshold or Decimal('4')} out of 5, from at least "
            f"{minimum or 1} responses in the last {FEEDBACK_MONTHS} months"
        )
    if kind == NO_OPEN_CASE:
        return f"No open case on the council's ladder of intervention at level {level or '0'} or above"
    return RULES[kind][0]
