"""Percentages and the CQC's rating bands: 25–38 Inadequate, 39–62 Requires improvement, 63–87 Good, 88+ Outstanding.

Scores are summed exactly (:class:`fractions.Fraction`), never as floats. The rounding rule, decided in
docs/ratings.md ("Rounding"): the exact percentage is rounded to a whole number, halves upwards, and
the whole number is banded. So 62.5% (20 of 32) is 63% and Good, 38.9% (14 of 36) is 39% and Requires
improvement, 87.5% (28 of 32) is 88% and Outstanding. Python's ``round()`` rounds halves to even
(62.5 → 62) and must not be used here.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from carewatch.ratings.errors import RatingInputError
from carewatch.ratings.vocabulary import Rating

HUNDRED = Fraction(100)
HALF = Fraction(1, 2)


class Position(enum.IntEnum):
    """Where a score sits within its band: CQC's "nearing Outstanding" / "nearer to Requires improvement"."""

    LOWER = 1
    MIDDLE = 2
    UPPER = 3

    @property
    def label(self) -> str:
        return self.name.lower()


def whole_percent(fraction: Fraction) -> int:
    """``fraction`` (0–1) as a whole percentage, halves rounded up: 5/8 → 63, 7/18 → 39."""
    return math.floor(fraction * HUNDRED + HALF)


def display_percent(fraction: Fraction) -> float:
    """``fraction`` as a percentage to one decimal place, halves rounded up: 24/36 → 66.7."""
    return float(Fraction(math.floor(fraction * 1000 + HALF), 10))


def score_fraction(scores: Iterable[int], *, maximum_score: int = 4) -> Fraction:
    """Sum of ``scores`` ÷ (``maximum_score`` × their number): the share of the maximum."""
    scores = list(scores)
    if not scores:
        raise ValueError("no scores to total")
    return Fraction(sum(scores), maximum_score * len(scores))


@dataclass(frozen=True)
class Bands:
    """The rating bands by the lowest whole percentage of each, and how a band splits into positions.

    ``lowest`` defaults to the CQC's published bands. ``position_edges`` (UNVERIFIED: the CQC
    describes upper and lower positions but publishes no cut-offs) splits each band into lower,
    middle and upper parts at these shares of its width; the default is thirds.
    """

    requires_improvement_from: int = 39
    good_from: int = 63
    outstanding_from: int = 88
    position_edges: tuple[Fraction, Fraction] = (Fraction(1, 3), Fraction(2, 3))

    def __post_init__(self) -> None:
        if not 25 < self.requires_improvement_from < self.good_from < self.outstanding_from <= 100:
            raise RatingInputError("bands", "band floors must rise strictly between 25 and 100")
        low, high = self.position_edges
        if not 0 < low <= high < 1:
            raise RatingInputError("bands.position_edges", "edges must satisfy 0 < lower ≤ upper < 1")

    def rating(self, fraction: Fraction) -> Rating:
        """The rating for a share of the maximum score (1 = every score 4)."""
        percent = whole_percent(fraction)
        if percent >= self.outstanding_from:
            return Rating.OUTSTANDING
        if percent >= self.good_from:
            return Rating.GOOD
        if percent >= self.requires_improvement_from:
            return Rating.REQUIRES_IMPROVEMENT
        return Rating.INADEQUATE

    def span(self, rating: Rating) -> tuple[Fraction, Fraction]:
        """The exact percentages a rating covers, [low, high): Good is [62.5, 87.5) by default."""
        floors = {
            Rating.INADEQUATE: Fraction(25),
            Rating.REQUIRES_IMPROVEMENT: self.requires_improvement_from - HALF,
            Rating.GOOD: self.good_from - HALF,
            Rating.OUTSTANDING: self.outstanding_from - HALF,
        }
        ceiling = floors[Rating(rating + 1)] if rating < Rating.OUTSTANDING else HUNDRED
        return floors[rating], ceiling

    def position(self, fraction: Fraction) -> Position:
        """Lower, middle or upper part of the band the fraction falls in."""
        low, high = self.span(self.rating(fraction))
        share = (fraction * HUNDRED - low) / (high - low)
        lower_edge, upper_edge = self.position_edges
        if share < lower_edge:
            return Position.LOWER
        if share >= upper_edge:
            return Position.UPPER
        return Position.MIDDLE


CQC_BANDS = Bands()


def describe(rating: Rating, position: Position) -> str:
    """CQC's wording for a place in a band: "Good, nearing Outstanding", "Good, nearer to Requires improvement"."""
    if position is Position.UPPER and rating < Rating.OUTSTANDING:
        return f"{rating.label}, nearing {Rating(rating + 1).label}"
    if position is Position.LOWER and rating > Rating.INADEQUATE:
        return f"{rating.label}, nearer to {Rating(rating - 1).label}"
    return rating.label
