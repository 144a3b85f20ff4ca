"""Funnel plot limits for a proportion: exact binomial control limits around a target (the England mean).

Method (Spiegelhalter, "Funnel plots for comparing institutional performance", Statistics in
Medicine 2005; the method of the Public Health England funnel plot tools): for an area with ``n``
rated locations and the England proportion ``p0``, the limit at probability ``P`` is the binomial
``P``-quantile of Bin(n, p0), interpolated so that the limits are smooth in ``n``:
``r_P`` is the smallest ``r`` with F(r) ≥ P and the limit is (r_P − α) / n with
α = (F(r_P) − P) / (F(r_P) − F(r_P − 1)). The 95% limits use P = 0.025 and 0.975 (about two
standard errors), the 99.8% limits P = 0.001 and 0.999 (about three).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

LIMITS = {"95": (0.025, 0.975), "99.8": (0.001, 0.999)}


def _cdf_table(n: int, p: float) -> list[float]:
    """F(0..n) of Bin(n, p), from the pmf in log space (stable for large n)."""
    if p <= 0:
        return [1.0] * (n + 1)
    if p >= 1:
        return [0.0] * n + [1.0]
    log_p, log_q = math.log(p), math.log1p(-p)
    log_n = math.lgamma(n + 1)
    total, cdf = 0.0, []
    for r in range(n + 1):
        total += math.exp(log_n - math.lgamma(r + 1) - math.lgamma(n - r + 1) + r * log_p + (n - r) * log_q)
        cdf.append(min(total, 1.0))
    return cdf


def binomial_limit(n: int, p0: float, probability: float) -> float:
    """The interpolated binomial control limit, as a proportion, for ``n`` at ``probability``."""
    if n <= 0:
        raise ValueError("n must be positive")
    return _limit_from(_cdf_table(n, p0), n, probability)


def _limit_from(cdf: list[float], n: int, probability: float) -> float:
    r = next((r for r, value in enumerate(cdf) if value >= probability), n)
    below = cdf[r - 1] if r > 0 else 0.0
    step = cdf[r] - below
    alpha = (cdf[r] - probability) / step if step > 0 else 0.0
    return max(0.0, min(1.0, (r - alpha) / n))


@dataclass(frozen=True)
class Limits:
    n: int
    lower_998: float
    lower_95: float
    upper_95: float
    upper_998: float


def limits(n: int, p0: float) -> Limits:
    if n <= 0:
        raise ValueError("n must be positive")
    cdf = _cdf_table(n, p0)
    return Limits(
        n=n,
        lower_998=_limit_from(cdf, n, LIMITS["99.8"][0]),
        lower_95=_limit_from(cdf, n, LIMITS["95"][0]),
        upper_95=_limit_from(cdf, n, LIMITS["95"][1]),
        upper_998=_limit_from(cdf, n, LIMITS["99.8"][1]),
    )


def classify(successes: int, n: int, p0: float, found: Limits | None = None) -> str:
    """Where a point falls: above or below the 95% or 99.8% limits, or within them."""
    if n <= 0:
        return "no rated services"
    found = found or limits(n, p0)
    share = successes / n
    if share > found.upper_998:
        return "above 99.8% limit"
    if share > found.upper_95:
        return "above 95% limit"
    if share < found.lower_998:
        return "below 99.8% limit"
    if share < found.lower_95:
        return "below 95% limit"
    return "within limits"


def curve(max_n: int, p0: float, *, points: int = 60) -> list[Limits]:
    """Limits at ``points`` values of n from 1 to ``max_n`` (denser at small n, where they move most)."""
    if max_n < 1:
        return []
    values = sorted({max(1, round(math.exp(math.log(max_n) * i / (points - 1)))) for i in range(points)})
    return [limits(n, p0) for n in values]
