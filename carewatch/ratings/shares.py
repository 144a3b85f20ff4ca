"""The shares quoted from counts of locations by overall rating (docs/methodology.md, "Market figures").

Pure arithmetic: mixed into any dataclass that counts active locations and each rating (the
register's market figures, the insights timeline), so every page rounds the same way.
"""

from __future__ import annotations


class RatingShares:
    """Rated, not yet rated and "Good or Outstanding" from the counts the class itself holds."""

    active: int
    outstanding: int
    good: int
    requires_improvement: int
    inadequate: int

    @property
    def rated(self) -> int:
        return self.outstanding + self.good + self.requires_improvement + self.inadequate

    @property
    def not_yet_rated(self) -> int:
        return self.active - self.rated

    @property
    def good_or_outstanding(self) -> int:
        return self.outstanding + self.good

    @property
    def pct_good_or_outstanding_of_rated(self) -> float | None:
        return round(100 * self.good_or_outstanding / self.rated, 1) if self.rated else None

    @property
    def pct_good_or_outstanding_of_active(self) -> float | None:
        return round(100 * self.good_or_outstanding / self.active, 1) if self.active else None
