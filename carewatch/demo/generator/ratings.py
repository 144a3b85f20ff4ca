"""Ratings the CQC way: draw an overall rating, give it key questions that agree with it.

The rating principles (adult social care, May 2022; docs/generator.md) decide most sets of five
key-question ratings; the rest are inspector judgement. The generator only ever publishes a set
whose overall the principles give, or one of the judgement cases listed in :data:`JUDGEMENT_CASES`
with the overall an inspector would most likely give.
"""

from __future__ import annotations

import functools
import itertools

from carewatch.demo.generator._rand import cumulative, table, weighted

# The CQC's words, which the generator's other modules read from here (R.GOOD, R.NO_PUBLISHED_RATING …).
from carewatch.ratings.cqc import (  # noqa: F401
    GOOD,
    INADEQUATE,
    INSPECTED_NOT_RATED,
    NO_PUBLISHED_RATING,
    NOT_RATED,
    OUTSTANDING,
    RATED,
)
from carewatch.ratings.cqc import REQUIRES_IMPROVEMENT as RI

KEY_QUESTIONS = ("Safe", "Effective", "Caring", "Responsive", "Well-led")
# The order the CQC's API lists them in.
API_KQ_ORDER = ("Safe", "Well-led", "Caring", "Responsive", "Effective")

# Thresholds on a standard-normal latent score: 1.5 % Inadequate, 19 % RI, 76.5 % Good, 3 % Outstanding
# once the spread of area, provider and ownership effects (sd ≈ 0.3) is added to the noise.
THRESHOLDS = (-2.27, -0.86, 1.96)

JUDGEMENT_CASES = {
    "one-inadequate": "exactly one key question Inadequate: no principle decides; the generator publishes "
    "Requires improvement (an inspector could also give Inadequate)",
}


def principles(kqs: dict[str, str]) -> str | None:
    """The overall the principles give for five key-question ratings; None when it is judgement."""
    values = [kqs[k] for k in KEY_QUESTIONS]
    inadequate = values.count(INADEQUATE)
    ri = values.count(RI)
    outstanding = values.count(OUTSTANDING)
    if inadequate >= 2:
        return INADEQUATE
    if inadequate == 1:
        return None
    if ri >= 2:
        return RI
    if outstanding >= 2 and ri == 0:
        return OUTSTANDING
    return GOOD


def consistent(overall: str, kqs: dict[str, str]) -> bool:
    """True when ``overall`` is what the principles give, or a documented judgement case."""
    decided = principles(kqs)
    if decided is not None:
        return decided == overall
    return overall in (RI, INADEQUATE)  # one Inadequate: judgement


def rating_from_latent(z: float) -> str:
    low, mid, high = THRESHOLDS
    if z < low:
        return INADEQUATE
    if z < mid:
        return RI
    if z < high:
        return GOOD
    return OUTSTANDING


# How likely each key question is to be the weak (or the outstanding) one: Safe and Well-led are
# the most often weak (CQC State of Care), Caring the most often outstanding.
_WEAK_WEIGHTS = {"Safe": 10, "Well-led": 9, "Effective": 5, "Responsive": 3, "Caring": 1}
_STRONG_WEIGHTS = {"Caring": 8, "Responsive": 7, "Well-led": 5, "Effective": 3, "Safe": 1}


def _pick(rng, weights: dict[str, int], count: int, exclude: tuple[str, ...] = ()) -> list[str]:
    pool = [(k, w) for k, w in weights.items() if k not in exclude]
    chosen: list[str] = []
    for _ in range(min(count, len(pool))):
        x = rng.random() * sum(w for _, w in pool)
        for index, (name, weight) in enumerate(pool):
            x -= weight
            if x < 0 or index == len(pool) - 1:
                chosen.append(name)
                del pool[index]
                break
    return chosen


_RI_COUNT = table({2: 45, 3: 30, 4: 18, 5: 7})
_INADEQUATE_COUNT = table({2: 55, 3: 30, 4: 15})


def key_questions_for(rng, overall: str) -> dict[str, str]:
    """Five key-question ratings that give ``overall`` under the principles (or a judgement case)."""
    kqs = dict.fromkeys(KEY_QUESTIONS, GOOD)
    if overall == OUTSTANDING:
        for name in _pick(rng, _STRONG_WEIGHTS, 2 if rng.random() < 0.7 else 3):
            kqs[name] = OUTSTANDING
    elif overall == GOOD:
        if rng.random() < 0.16:
            kqs[_pick(rng, _WEAK_WEIGHTS, 1)[0]] = RI
        if rng.random() < 0.08:
            kqs[_pick(rng, _STRONG_WEIGHTS, 1, tuple(k for k, v in kqs.items() if v != GOOD))[0]] = (
                OUTSTANDING
            )
    elif overall == RI:
        if rng.random() < 0.06:  # judgement case: one Inadequate
            weak = _pick(rng, _WEAK_WEIGHTS, 1 + (rng.random() < 0.6))
            kqs[weak[0]] = INADEQUATE
            for name in weak[1:]:
                kqs[name] = RI
        else:
            count = weighted(rng, *_RI_COUNT)
            for name in _pick(rng, _WEAK_WEIGHTS, count):
                kqs[name] = RI
    elif overall == INADEQUATE:
        count = weighted(rng, *_INADEQUATE_COUNT)
        weak = _pick(rng, _WEAK_WEIGHTS, count + 2)
        for name in weak[:count]:
            kqs[name] = INADEQUATE
        for name in weak[count:]:
            if rng.random() < 0.75:
                kqs[name] = RI
    else:
        raise ValueError(f"not a rating: {overall}")
    return kqs


# Likelihood of a re-rated key question's value given the overall the report must reach.
_FOCUSED_PRIOR = {
    OUTSTANDING: {OUTSTANDING: 6, GOOD: 4, RI: 0.01, INADEQUATE: 0.001},
    GOOD: {OUTSTANDING: 0.3, GOOD: 10, RI: 1.2, INADEQUATE: 0.01},
    RI: {OUTSTANDING: 0.01, GOOD: 3, RI: 8, INADEQUATE: 0.6},
    INADEQUATE: {OUTSTANDING: 0.001, GOOD: 0.5, RI: 3, INADEQUATE: 8},
}


def focused_ratings(
    rng, overall: str, carried: dict[str, str], rerated: tuple[str, ...]
) -> dict[str, str] | None:
    """New ratings for ``rerated`` that, with the ``carried`` ones, give ``overall``; None if impossible."""
    options, weights = _focused_options(overall, tuple(sorted(carried.items())), rerated)
    if not options:
        return None
    return dict(zip(rerated, weighted(rng, options, weights), strict=True))


@functools.cache
def _focused_options(
    overall: str, carried: tuple[tuple[str, str], ...], rerated: tuple[str, ...]
) -> tuple[tuple[tuple[str, ...], ...], tuple[float, ...]]:
    options: list[tuple[str, ...]] = []
    weights: list[float] = []
    prior = _FOCUSED_PRIOR[overall]
    base = dict(carried)
    for combo in itertools.product(RATED, repeat=len(rerated)):
        trial = dict(base)
        trial.update(zip(rerated, combo, strict=True))
        if principles(trial) != overall:
            continue
        weight = 1.0
        for value in combo:
            weight *= prior[value]
        options.append(combo)
        weights.append(weight)
    return tuple(options), cumulative(weights)


def overall_for(kqs: dict[str, str]) -> str:
    """The published overall for a full set: the principles', or RI for the one-Inadequate judgement."""
    decided = principles(kqs)
    return decided if decided is not None else RI


# --- Single Assessment Framework ---------------------------------------------------------------
QUALITY_STATEMENTS: dict[str, tuple[tuple[int, str], ...]] = {
    "Safe": (
        (1, "Learning culture"),
        (2, "Safe systems, pathways and transitions"),
        (3, "Safeguarding"),
        (4, "Involving people to manage risks"),
        (5, "Safe environments"),
        (6, "Safe and effective staffing"),
        (7, "Infection prevention and control"),
        (8, "Medicines optimisation"),
    ),
    "Effective": (
        (9, "Assessing needs"),
        (10, "Delivering evidence-based care and treatment"),
        (11, "How staff, teams and services work together"),
        (12, "Supporting people to live healthier lives"),
        (13, "Monitoring and improving outcomes"),
        (14, "Consent to care and treatment"),
    ),
    "Caring": (
        (15, "Kindness, compassion and dignity"),
        (16, "Treating people as individuals"),
        (17, "Independence, choice and control"),
        (18, "Responding to people\u2019s immediate needs"),
        (19, "Workforce wellbeing and enablement"),
    ),
    "Responsive": (
        (20, "Person-centred care"),
        (21, "Care provision, integration and continuity"),
        (22, "Providing information"),
        (23, "Listening to and involving people"),
        (24, "Equity in access"),
        (25, "Equity in experiences and outcomes"),
        (26, "Planning for the future"),
    ),
    # The CQC's API lists 27–33 for Well-led (environmental sustainability, 34, is not yet scored).
    "Well-led": (
        (27, "Shared direction and culture"),
        (28, "Capable, compassionate and inclusive leaders"),
        (29, "Freedom to speak up"),
        (30, "Workforce equality, diversity and inclusion"),
        (31, "Governance, management and sustainability"),
        (32, "Partnerships and communities"),
        (33, "Learning, improvement and innovation"),
    ),
}
SCORE_LABELS = {
    1: "1 - Evidence shows significant shortfalls",
    2: "2 - Evidence shows some shortfalls",
    3: "3 - Evidence shows a good standard of care",
    4: "4 - Evidence shows an exceptional standard of care",
}
_BAND_TARGET = {INADEQUATE: (1, 2), RI: (2, 3), GOOD: (3, 2), OUTSTANDING: (4, 3)}


def percentage(scores: list[int]) -> int:
    """CQC's key-question score: round(sum ÷ (4 × statements) × 100)."""
    return round(sum(scores) / (4 * len(scores)) * 100)


def band(percent: int) -> str:
    """25–38 Inadequate, 39–62 Requires improvement, 63–87 Good, 88+ Outstanding."""
    if percent >= 88:
        return OUTSTANDING
    if percent >= 63:
        return GOOD
    if percent >= 39:
        return RI
    return INADEQUATE


def statement_scores(rng, rating: str, count: int) -> list[int]:
    """``count`` statement scores (1–4) whose percentage falls in ``rating``'s band."""
    main, other = _BAND_TARGET[rating]
    while True:
        mix = {INADEQUATE: 0.25, RI: 0.35, GOOD: 0.12, OUTSTANDING: 0.2}[rating]
        scores = [other if rng.random() < mix else main for _ in range(count)]
        if band(percentage(scores)) == rating:
            return scores
