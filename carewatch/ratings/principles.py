"""The CQC's rating principles (adult social care, updated May 2022): five key questions → overall.

1. A breach of regulations caps the overall rating at Requires improvement.
2. The five key questions weigh equally (after a focused inspection, new ratings combine with
   carried-forward ones: the caller passes all five).
3. Outstanding normally needs at least two Outstanding key questions and the rest Good.
4. Good normally: no Inadequate and at most one Requires improvement.
5. Two or more Requires improvement → normally Requires improvement.
6. Two or more Inadequate → normally Inadequate.

Rating limiters cap Well-led at Requires improvement before aggregation. A combination no principle
decides (exactly one Inadequate) is inspector judgement: the result says so and suggests a rating.
How the principles are read where their words leave room is set out in docs/ratings.md.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from carewatch.ratings.errors import RatingInputError
from carewatch.ratings.vocabulary import KEY_QUESTIONS, KeyQuestion, Rating

JUDGEMENT = "judgement"
"""The ``principle`` of a result that no principle decides."""

PRINCIPLES: dict[str, str] = {
    "P1": "A breach of regulations caps the overall rating at Requires improvement.",
    "P2": "The five key questions weigh equally.",
    "P3": "At least two key questions Outstanding and the rest Good normally give Outstanding.",
    "P4": "No key question Inadequate and at most one Requires improvement normally give Good.",
    "P5": "Two or more key questions Requires improvement normally give Requires improvement.",
    "P6": "Two or more key questions Inadequate normally give Inadequate.",
}
SOURCE = 'CQC, "How we aggregate ratings using the rating principles: adult social care services" (May 2022)'


class Limiter(enum.Enum):
    """Facts that stop Well-led being better than Requires improvement (CQC rating limiters)."""

    REGISTERED_MANAGER_MISSING = "registered_manager_missing"
    REGISTRATION_CONDITIONS_UNMET = "registration_conditions_unmet"
    NOTIFICATIONS_NOT_SENT = "notifications_not_sent"
    PIR_NOT_RETURNED = "pir_not_returned"

    @property
    def description(self) -> str:
        return _LIMITER_DESCRIPTIONS[self]


_LIMITER_DESCRIPTIONS = {
    Limiter.REGISTERED_MANAGER_MISSING: "a required registered manager is missing without reasonable steps",
    Limiter.REGISTRATION_CONDITIONS_UNMET: "other conditions of registration are not met",
    Limiter.NOTIFICATIONS_NOT_SENT: "statutory notifications were not sent",
    Limiter.PIR_NOT_RETURNED: "a Provider Information Return was not returned",
}
LIMITED_WELL_LED = Rating.REQUIRES_IMPROVEMENT


@dataclass(frozen=True)
class Decision:
    """What a rule makes of five key-question ratings, before the breach cap."""

    rating: Rating
    principle: str
    rule: str
    judgement: bool = False


@dataclass(frozen=True)
class OverallRating:
    """The overall rating, or — when ``judgement`` — no rating and a ``suggested`` one.

    ``ratings`` are the key-question ratings aggregated (Well-led after limiters); ``principle`` is
    the code of the principle that decided ("P3"), ``"judgement"``, or another rule's code.
    """

    overall: Rating | None
    suggested: Rating | None
    principle: str
    rule: str
    ratings: Mapping[KeyQuestion, Rating] = field(repr=False)
    limited_by: tuple[Limiter, ...] = ()
    breach: bool = False

    @property
    def judgement(self) -> bool:
        return self.overall is None

    @property
    def result(self) -> Rating:
        """The rating to order and compare results by: the overall, or the suggestion."""
        rating = self.overall if self.overall is not None else self.suggested
        assert rating is not None
        return rating


def _names(ratings: Mapping[KeyQuestion, Rating], rating: Rating) -> str:
    return ", ".join(kq.label for kq in KEY_QUESTIONS if ratings[kq] == rating)


def decide_by_principles(ratings: Mapping[KeyQuestion, Rating]) -> Decision:
    """Principles 3–6 applied to five key-question ratings (principle 1 is applied afterwards)."""
    count = {rating: sum(1 for kq in KEY_QUESTIONS if ratings[kq] == rating) for rating in Rating}
    inadequate, requires_improvement = count[Rating.INADEQUATE], count[Rating.REQUIRES_IMPROVEMENT]
    if inadequate >= 2:
        return Decision(
            Rating.INADEQUATE,
            "P6",
            f"Principle 6: {inadequate} key questions are Inadequate "
            f"({_names(ratings, Rating.INADEQUATE)}), so the overall is normally Inadequate.",
        )
    if inadequate == 1:
        return Decision(
            Rating.REQUIRES_IMPROVEMENT,
            JUDGEMENT,
            f"No principle decides this: exactly one key question is Inadequate "
            f"({_names(ratings, Rating.INADEQUATE)}). Principle 4 rules out Good, which needs no "
            "Inadequate key question, and principle 6 needs two Inadequate; the inspector decides. "
            "Suggested: Requires improvement, the only rating between those limits.",
            judgement=True,
        )
    if requires_improvement >= 2:
        return Decision(
            Rating.REQUIRES_IMPROVEMENT,
            "P5",
            f"Principle 5: {requires_improvement} key questions are Requires improvement "
            f"({_names(ratings, Rating.REQUIRES_IMPROVEMENT)}), so the overall is normally "
            "Requires improvement.",
        )
    if requires_improvement == 0 and count[Rating.OUTSTANDING] >= 2:
        return Decision(
            Rating.OUTSTANDING,
            "P3",
            f"Principle 3: {count[Rating.OUTSTANDING]} key questions are Outstanding "
            f"({_names(ratings, Rating.OUTSTANDING)}) and the rest Good, so the overall is Outstanding.",
        )
    detail = (
        f"one is Requires improvement ({_names(ratings, Rating.REQUIRES_IMPROVEMENT)})"
        if requires_improvement
        else "none is Requires improvement"
    )
    return Decision(
        Rating.GOOD,
        "P4",
        f"Principle 4: no key question is Inadequate and {detail}, so the overall is normally Good.",
    )


def complete_ratings(ratings: Mapping[KeyQuestion, Rating], *, field_name: str = "ratings") -> None:
    """Raise RatingInputError unless all five key questions have a rating."""
    for key_question in KEY_QUESTIONS:
        if key_question not in ratings:
            raise RatingInputError(
                f"{field_name}.{key_question.value}",
                f"missing key question {key_question.label}: all five are needed for an overall rating",
            )


def limit_well_led(
    ratings: Mapping[KeyQuestion, Rating], limiters: Iterable[Limiter]
) -> tuple[dict[KeyQuestion, Rating], tuple[Limiter, ...]]:
    """The ratings with Well-led capped at Requires improvement when any limiter applies."""
    applied = tuple(limiter for limiter in Limiter if limiter in set(limiters))
    limited = {kq: ratings[kq] for kq in KEY_QUESTIONS}
    if applied:
        limited[KeyQuestion.WELL_LED] = min(limited[KeyQuestion.WELL_LED], LIMITED_WELL_LED)
    return limited, applied


def combine(
    *,
    ratings: Mapping[KeyQuestion, Rating],
    breach: bool = False,
    limiters: Iterable[Limiter] = (),
    decide: Callable[[Mapping[KeyQuestion, Rating]], Decision] = decide_by_principles,
) -> OverallRating:
    """Limiters, then ``decide`` (default: principles 3–6), then the breach cap (principle 1)."""
    complete_ratings(ratings)
    limited, applied = limit_well_led(ratings, limiters)
    decision = decide(limited)
    rule = decision.rule
    if applied:
        reasons = "; ".join(limiter.description for limiter in applied)
        given = ratings[KeyQuestion.WELL_LED]
        effect = (
            f"so Well-led counts as {LIMITED_WELL_LED.label}, not {given.label}"
            if given > LIMITED_WELL_LED
            else f"which makes no difference to Well-led, already {given.label}"
        )
        rule = (
            f"Rating limiter: Well-led cannot be better than {LIMITED_WELL_LED.label} because {reasons}, "
            f"{effect}. {rule}"
        )
    rating, principle = decision.rating, decision.principle
    if breach and rating > Rating.REQUIRES_IMPROVEMENT:
        rating = Rating.REQUIRES_IMPROVEMENT
        principle = "P1" if not decision.judgement else principle
        rule = (
            f"Principle 1: a breach of regulations caps the overall at Requires improvement. "
            f"Without the breach: {rule}"
        )
    elif breach:
        rule = f"{rule} (The breach of regulations caps the overall at Requires improvement; no change.)"
    return OverallRating(
        overall=None if decision.judgement else rating,
        suggested=rating if decision.judgement else None,
        principle=principle,
        rule=rule,
        ratings=limited,
        limited_by=applied,
        breach=breach,
    )


def aggregate(
    *,
    ratings: Mapping[KeyQuestion, Rating],
    breach: bool = False,
    limiters: Iterable[Limiter] = (),
) -> OverallRating:
    """The overall rating of five key-question ratings by the CQC's rating principles."""
    return combine(ratings=ratings, breach=breach, limiters=limiters)
