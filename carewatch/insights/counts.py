"""The one type of market figures in insights: an area's active services by overall rating on a day.

Every market figure — now (from ``register.queries.market_figures``), at a month-end (a precomputed
``MarketMonth`` row) or at any date (recomputed from the dated history by ``timeline``) — is a
:class:`Counts`, and the age of the latest ratings a :class:`RatingAge`. The shares of Good or
Outstanding come from ``carewatch.ratings.shares`` (the same rounding as the register's pages).
``MarketMonth.of``, ``.counts()`` and ``.rating_age()`` store and read them back field for field.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from carewatch.ratings.shares import RatingShares

if TYPE_CHECKING:
    from carewatch.register.queries import AreaFigures

TWO_YEARS = 730.5  # days: "older than 2 years" means more than 2 × 365.25 days
FOUR_YEARS = 1461


@dataclass
class Counts(RatingShares):
    """Active locations by overall rating on one day, with beds of active care homes."""

    on: date
    active: int = 0
    outstanding: int = 0
    good: int = 0
    requires_improvement: int = 0
    inadequate: int = 0
    beds: int = 0

    @classmethod
    def of(cls, figures: AreaFigures, on: date) -> Counts:
        """One area's figures from ``register.queries.market_figures`` (the register as it is now)."""
        return cls(
            on=on,
            active=figures.active,
            outstanding=figures.outstanding,
            good=figures.good,
            requires_improvement=figures.requires_improvement,
            inadequate=figures.inadequate,
            beds=figures.beds or 0,
        )

    @classmethod
    def total(cls, rows: Iterable[AreaFigures], on: date) -> Counts:
        """The sum of several areas' figures (England: every council and any unmatched locations)."""
        total = cls(on=on)
        for row in rows:
            total.active += row.active
            total.outstanding += row.outstanding
            total.good += row.good
            total.requires_improvement += row.requires_improvement
            total.inadequate += row.inadequate
            total.beds += row.beds or 0
        return total

    def as_dict(self) -> dict[str, object]:
        return {
            "on": self.on.isoformat(),
            "active": self.active,
            "rated": self.rated,
            "outstanding": self.outstanding,
            "good": self.good,
            "requires_improvement": self.requires_improvement,
            "inadequate": self.inadequate,
            "not_yet_rated": self.not_yet_rated,
            "pct_good_or_outstanding_of_rated": self.pct_good_or_outstanding_of_rated,
            "pct_good_or_outstanding_of_active": self.pct_good_or_outstanding_of_active,
            "beds": self.beds,
        }


@dataclass(frozen=True)
class RatingAge:
    """How old the latest CQC rating of each rated active location is on ``on``."""

    on: date
    rated: int
    median_days: float | None
    older_than_2_years: int
    older_than_4_years: int
    bands: tuple[int, ...] = ()  # counts under 1, 1–2, 2–3, 3–4, 4 years and over

    BAND_LABELS: ClassVar[tuple[str, ...]] = (
        "Under 1 year",
        "1 to 2 years",
        "2 to 3 years",
        "3 to 4 years",
        "4 years or more",
    )

    @property
    def median_years(self) -> float | None:
        return None if self.median_days is None else round(self.median_days / 365.25, 1)

    @property
    def median_label(self) -> str:
        if self.median_days is None:
            return "–"
        months = round(self.median_days / 30.4375)
        years, months = divmod(months, 12)
        return f"{years} years {months} months" if years else f"{months} months"

    @property
    def pct_older_than_2_years(self) -> float | None:
        return round(100 * self.older_than_2_years / self.rated, 1) if self.rated else None

    @property
    def pct_older_than_4_years(self) -> float | None:
        return round(100 * self.older_than_4_years / self.rated, 1) if self.rated else None

    def as_dict(self) -> dict[str, object]:
        return {
            "on": self.on.isoformat(),
            "rated": self.rated,
            "median_days": self.median_days,
            "median_years": self.median_years,
            "older_than_2_years": self.older_than_2_years,
            "pct_older_than_2_years": self.pct_older_than_2_years,
            "older_than_4_years": self.older_than_4_years,
            "pct_older_than_4_years": self.pct_older_than_4_years,
            "bands": dict(zip(self.BAND_LABELS, self.bands, strict=False)),
        }


def rating_age_from(on: date, ages_in_days: Sequence[int]) -> RatingAge:
    """The rating ages on ``on`` from each rated active location's age in days."""
    bands = [0] * 5
    for age in ages_in_days:
        bands[min(4, int(age // 365.25))] += 1
    return RatingAge(
        on=on,
        rated=len(ages_in_days),
        median_days=float(statistics.median(ages_in_days)) if ages_in_days else None,
        older_than_2_years=sum(1 for age in ages_in_days if age > TWO_YEARS),
        older_than_4_years=sum(1 for age in ages_in_days if age > FOUR_YEARS),
        bands=tuple(bands),
    )
