"""The CQC's Single Assessment Framework: quality-statement scores → key-question ratings → overall.

- A quality statement scores 1–4. Before December 2024 its score came from its evidence-category
  scores: their share of the maximum, banded like a key question (25–38% → 1 … over 87% → 4).
- A key question: the sum of its statement scores ÷ (4 × their number), as a percentage, banded
  (:mod:`carewatch.ratings.bands`), and placed lower / middle / upper within the band.
- A partial reassessment keeps the earlier score of every statement not reassessed; kept scores count.
- The overall (UNVERIFIED for this framework) follows a configurable rule, by default the rating
  principles (:mod:`carewatch.ratings.principles`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import partial
from typing import Literal

from carewatch.ratings import principles
from carewatch.ratings.bands import CQC_BANDS, Bands, Position, describe, display_percent, score_fraction
from carewatch.ratings.bands import whole_percent as _whole_percent
from carewatch.ratings.errors import RatingInputError
from carewatch.ratings.vocabulary import KEY_QUESTIONS, STATEMENTS, EvidenceCategory, KeyQuestion, Rating

EVIDENCE_SCORING_ENDED_ON = date(2024, 12, 1)
"""Assessments from this date score each quality statement directly, not by evidence category."""

OverallRule = Literal["principles", "key-question-scores"]
OVERALL_RULES: tuple[OverallRule, ...] = ("principles", "key-question-scores")


@dataclass(frozen=True)
class SafRules:
    """The configurable (UNVERIFIED) parts of the framework; the defaults are documented in docs/ratings.md.

    ``overall``: "principles" (default) aggregates the five key-question ratings by the rating
    principles; "key-question-scores" scores each key-question rating 1–4 and bands the total of 20.
    ``statement_scored_1_caps_key_question_at``: when set, a key question with any statement scored 1
    is no better than this rating (default: no cap).
    """

    overall: OverallRule = "principles"
    statement_scored_1_caps_key_question_at: Rating | None = None
    bands: Bands = CQC_BANDS

    def __post_init__(self) -> None:
        if self.overall not in OVERALL_RULES:
            raise RatingInputError(
                "rules.overall", f"{self.overall!r} is not one of {', '.join(OVERALL_RULES)}"
            )


DEFAULT_RULES = SafRules()


def statement_score_from_evidence(
    evidence: Mapping[EvidenceCategory, int], *, bands: Bands = CQC_BANDS, field_name: str = "evidence"
) -> int:
    """A quality-statement score from its evidence-category scores (assessments before December 2024).

    Example: people's experience 3, staff feedback 2, processes 3 → 8 of 12 = 67% → 3.
    """
    if not evidence:
        raise RatingInputError(field_name, "no evidence-category scores")
    for category, score in evidence.items():
        _check_score(score, f"{field_name}.{int(category)}")
    return int(bands.rating(score_fraction(evidence.values())))


@dataclass(frozen=True)
class KeyQuestionResult:
    """One key question's score: the statement scores used, the percentage, rating and position."""

    key_question: KeyQuestion
    scores: Mapping[int, int] = field(repr=False)
    carried_forward: tuple[int, ...]
    fraction: Fraction
    rating: Rating
    position: Position
    capped_by: int | None = None

    @property
    def percent(self) -> float:
        """The percentage to one decimal place, for display (27 of 36 → 75.0)."""
        return display_percent(self.fraction)

    @property
    def whole_percent(self) -> int:
        """The whole percentage the bands apply to, as the CQC publishes ``percentageScore``."""
        return _whole_percent(self.fraction)

    @property
    def description(self) -> str:
        if self.capped_by is not None:
            return f"{self.rating.label} (capped: statement {self.capped_by} scored 1)"
        return describe(self.rating, self.position)


def _check_score(score: int, field_name: str) -> None:
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 4:
        raise RatingInputError(field_name, f"score {score!r} is out of range: scores run from 1 to 4")


def check_statements(key_question: KeyQuestion, scores: Mapping[int, int], *, field_name: str) -> None:
    """Raise RatingInputError for an unknown statement, one under another key question, or a bad score."""
    for statement_id, score in scores.items():
        where = f"{field_name}.{statement_id}"
        statement = STATEMENTS.get(statement_id)
        if statement is None:
            raise RatingInputError(
                where, f"unknown quality statement id {statement_id!r}: ids run from 1 to 34"
            )
        if statement.key_question is not key_question:
            raise RatingInputError(
                where,
                f"statement {statement_id} ({statement.name}) belongs to {statement.key_question.label}, "
                f"not {key_question.label}",
            )
        _check_score(score, where)


def score_key_question(
    *,
    key_question: KeyQuestion,
    scores: Mapping[int, int],
    previous: Mapping[int, int] | None = None,
    rules: SafRules = DEFAULT_RULES,
) -> KeyQuestionResult:
    """Score one key question from its statement scores; ``previous`` scores stand where not reassessed."""
    field_name = f"scores.{key_question.value}"
    check_statements(key_question, scores, field_name=field_name)
    check_statements(key_question, previous or {}, field_name=f"previous.{key_question.value}")
    merged = {**(previous or {}), **scores}
    if not merged:
        raise RatingInputError(
            field_name, f"missing key question {key_question.label}: no statement scores, now or earlier"
        )
    fraction = score_fraction(merged.values())
    rating = rules.bands.rating(fraction)
    position = rules.bands.position(fraction)
    cap = rules.statement_scored_1_caps_key_question_at
    capped_by = None
    ones = sorted(statement_id for statement_id, score in merged.items() if score == 1)
    if cap is not None and ones and rating > cap:
        rating, position, capped_by = cap, Position.UPPER, ones[0]
    return KeyQuestionResult(
        key_question=key_question,
        scores=dict(sorted(merged.items())),
        carried_forward=tuple(sorted(set(merged) - set(scores))),
        fraction=fraction,
        rating=rating,
        position=position,
        capped_by=capped_by,
    )


def decide_by_key_question_scores(
    ratings: Mapping[KeyQuestion, Rating], *, bands: Bands = CQC_BANDS
) -> principles.Decision:
    """UNVERIFIED alternative: key-question ratings scored 1–4, totalled out of 20 and banded."""
    total = sum(int(ratings[kq]) for kq in KEY_QUESTIONS)
    fraction = Fraction(total, 4 * len(KEY_QUESTIONS))
    rating = bands.rating(fraction)
    terms = " + ".join(f"{kq.label} {int(ratings[kq])}" for kq in KEY_QUESTIONS)
    return principles.Decision(
        rating,
        "key-question-scores",
        f"Key-question scores (UNVERIFIED rule): {terms} = {total} of 20 = "
        f"{_whole_percent(fraction)}% → {rating.label}.",
    )


@dataclass(frozen=True)
class SafAssessment:
    key_questions: Mapping[KeyQuestion, KeyQuestionResult]
    overall: principles.OverallRating


def assess(
    *,
    scores: Mapping[KeyQuestion, Mapping[int, int]],
    previous: Mapping[KeyQuestion, Mapping[int, int]] | None = None,
    breach: bool = False,
    limiters: Iterable[principles.Limiter] = (),
    rules: SafRules = DEFAULT_RULES,
) -> SafAssessment:
    """Score all five key questions (current scores over ``previous`` ones) and rate the whole."""
    previous = previous or {}
    results = {
        kq: score_key_question(
            key_question=kq, scores=scores.get(kq, {}), previous=previous.get(kq), rules=rules
        )
        for kq in KEY_QUESTIONS
    }
    decide = (
        principles.decide_by_principles
        if rules.overall == "principles"
        else partial(decide_by_key_question_scores, bands=rules.bands)
    )
    overall = principles.combine(
        ratings={kq: result.rating for kq, result in results.items()},
        breach=breach,
        limiters=limiters,
        decide=decide,
    )
    return SafAssessment(key_questions=results, overall=overall)
