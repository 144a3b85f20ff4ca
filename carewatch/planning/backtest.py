"""Backtesting the risk score: did the services it ranked highest on a day go on to do badly?

Pure arithmetic over plain values (no database): a score per service and whether the outcome
followed within the horizon. AUC is the Mann-Whitney probability that a service with the outcome
scored above one without (ties count a half); precision in the top 10% is the share of the highest
tenth (rounded up, ties broken by CQC id) that had the outcome; calibration is the outcome rate in
each tenth of the ranking. docs/planning.md, "Backtest".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from carewatch.planning import risk
from carewatch.ratings import cqc

_RATING_RISK = {cqc.OUTSTANDING: 0.0, cqc.GOOD: 1.0, cqc.REQUIRES_IMPROVEMENT: 2.0, cqc.INADEQUATE: 3.0}
UNRATED_RISK = 1.5  # a service never rated: between Good and Requires improvement
_ORDER = {cqc.OUTSTANDING: 4, cqc.GOOD: 3, cqc.REQUIRES_IMPROVEMENT: 2, cqc.INADEQUATE: 1}


@dataclass(frozen=True)
class Result:
    name: str
    services: int
    outcomes: int
    auc: float | None  # None when every service had the outcome, or none did
    precision_top_10: float | None
    calibration: tuple[tuple[int, int, float], ...]  # (decile 1 = highest scores, services, outcome rate)


def rating_alone(signals: risk.Signals) -> float:
    """The baseline "rating alone": the latest overall rating, worst highest."""
    return _RATING_RISK.get(signals.ratings[0].overall, UNRATED_RISK) if signals.ratings else UNRATED_RISK


def rating_age_alone(signals: risk.Signals) -> float:
    """The baseline "rating age alone": days since the latest rating (since registering if never rated)."""
    start = signals.ratings[0].on if signals.ratings else signals.registered_on
    return float((signals.as_of - start).days) if start else 0.0


DOWNGRADE = "downgrade"
NEXT_INSPECTION = "next-inspection"
OUTCOMES = {
    DOWNGRADE: "a downgrade, a rating of Inadequate or placements suspended",
    NEXT_INSPECTION: "rated Requires improvement or Inadequate at the next inspection, among those inspected",
}


def bad_outcome(signals: risk.Signals, later: list[tuple[date, str]], *, suspended: bool = False) -> bool:
    """The default outcome: a rating after ``as_of`` that is Inadequate or below the rating then
    (``later``: (day, overall)), or placements suspended within the horizon (``suspended``)."""
    if suspended:
        return True
    before = _ORDER.get(signals.ratings[0].overall) if signals.ratings else None
    for _, overall in later:
        if overall == cqc.INADEQUATE:
            return True
        if before is not None and overall in _ORDER and _ORDER[overall] < before:
            return True
    return False


def next_inspection_outcome(later: list[tuple[date, str]]) -> bool | None:
    """The fairer outcome: the first rating after ``as_of`` is Requires improvement or Inadequate; None
    when there is none within the horizon (the service is left out: nothing happened to judge it by)."""
    if not later:
        return None
    first = min(later)[1]
    return first in (cqc.REQUIRES_IMPROVEMENT, cqc.INADEQUATE)


def auc(scores: list[float], outcomes: list[bool]) -> float | None:
    positives = sum(outcomes)
    negatives = len(outcomes) - positives
    if positives == 0 or negatives == 0:
        return None
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):  # average ranks over ties
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    positive_ranks = sum(rank for rank, hit in zip(ranks, outcomes, strict=True) if hit)
    return (positive_ranks - positives * (positives + 1) / 2) / (positives * negatives)


def evaluate(name: str, scored: Mapping[str, float], outcomes: Mapping[str, bool]) -> Result:
    """``scored``: CQC id → score; ``outcomes``: CQC id → whether the outcome followed."""
    ranked = sorted(scored, key=lambda location_id: (-scored[location_id], location_id))
    hits = [outcomes.get(location_id, False) for location_id in ranked]
    top = math.ceil(len(ranked) / 10)
    calibration = []
    for decile in range(10):
        part = hits[decile * len(hits) // 10 : (decile + 1) * len(hits) // 10]
        if part:
            calibration.append((decile + 1, len(part), sum(part) / len(part)))
    return Result(
        name=name,
        services=len(ranked),
        outcomes=sum(hits),
        auc=auc([scored[location_id] for location_id in ranked], hits),
        precision_top_10=sum(hits[:top]) / top if top else None,
        calibration=tuple(calibration),
    )
