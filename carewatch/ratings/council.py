"""The CQC's assessment of councils (local authorities, Care Act 2014, from 2023).

Nine quality statements in four themes, weighing equally; their total as a percentage of 36 is banded
like a key question. CQC's worked example: 2, 3, 3, 3, 3, 2, 2, 3, 3 = 24 of 36 = 66.7% → Good.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from carewatch.ratings.bands import CQC_BANDS, Bands, Position, describe, display_percent, score_fraction
from carewatch.ratings.errors import RatingInputError
from carewatch.ratings.vocabulary import Rating, normalise_name

THEMES: dict[str, tuple[str, ...]] = {
    "Working with people": (
        "Assessing needs",
        "Supporting people to live healthier lives",
        "Equity in experience and outcomes",
    ),
    "Providing support": (
        "Care provision, integration and continuity",
        "Partnerships and communities",
    ),
    "Ensuring safety": (
        "Safe systems, pathways and transitions",
        "Safeguarding",
    ),
    "Leadership": (
        "Governance, management and sustainability",
        "Learning, improvement and innovation",
    ),
}
STATEMENTS: tuple[str, ...] = tuple(name for names in THEMES.values() for name in names)
"""The nine statements in the CQC's order: a list of nine scores follows this order."""
STATEMENT_KEYS: tuple[str, ...] = tuple(normalise_name(name).replace(" ", "_") for name in STATEMENTS)
"""The statements as keys: ``assessing_needs`` … ``learning_improvement_and_innovation``."""


@dataclass(frozen=True)
class CouncilAssessment:
    scores: tuple[int, ...]
    fraction: Fraction
    rating: Rating
    position: Position

    @property
    def total(self) -> int:
        return sum(self.scores)

    @property
    def maximum(self) -> int:
        return 4 * len(self.scores)

    @property
    def percent(self) -> float:
        return display_percent(self.fraction)

    @property
    def description(self) -> str:
        return describe(self.rating, self.position)


def order_scores(scores: Sequence[int] | Mapping[str, int], *, field_name: str = "scores") -> tuple[int, ...]:
    """The nine scores in the CQC's order, from a list of nine or a mapping by statement name."""
    if isinstance(scores, Mapping):
        by_key: dict[str, int] = {}
        for name, score in scores.items():
            key = normalise_name(str(name)).replace(" ", "_")
            if key not in STATEMENT_KEYS:
                raise RatingInputError(
                    f"{field_name}.{name}",
                    f"unknown council quality statement: expected one of {', '.join(STATEMENT_KEYS)}",
                )
            if key in by_key:
                raise RatingInputError(f"{field_name}.{name}", f"statement {key} given twice")
            _check_score(score, f"{field_name}.{name}")
            by_key[key] = score
        missing = [key for key in STATEMENT_KEYS if key not in by_key]
        if missing:
            raise RatingInputError(f"{field_name}.{missing[0]}", "missing statement: all nine are needed")
        return tuple(by_key[key] for key in STATEMENT_KEYS)
    if len(scores) != len(STATEMENTS):
        raise RatingInputError(
            field_name, f"expected {len(STATEMENTS)} scores, one per statement, got {len(scores)}"
        )
    for index, score in enumerate(scores):
        _check_score(score, f"{field_name}[{index}]")
    return tuple(scores)


def _check_score(score: object, field_name: str) -> None:
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 4:
        raise RatingInputError(field_name, f"score {score!r} is out of range: scores run from 1 to 4")


def assess(*, scores: Sequence[int] | Mapping[str, int], bands: Bands = CQC_BANDS) -> CouncilAssessment:
    """Rate a council from its nine statement scores (1–4 each)."""
    ordered = order_scores(scores)
    fraction = score_fraction(ordered)
    return CouncilAssessment(
        scores=ordered, fraction=fraction, rating=bands.rating(fraction), position=bands.position(fraction)
    )
