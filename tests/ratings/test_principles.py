"""The CQC rating principles (adult social care, May 2022): five key questions → overall."""

from itertools import product

import pytest

from carewatch.ratings import principles
from carewatch.ratings.errors import RatingInputError
from carewatch.ratings.principles import Limiter
from carewatch.ratings.vocabulary import KEY_QUESTIONS, KeyQuestion, Rating

SHORT = {"O": Rating.OUTSTANDING, "G": Rating.GOOD, "RI": Rating.REQUIRES_IMPROVEMENT, "I": Rating.INADEQUATE}


def rate(pattern: str, **kwargs) -> principles.OverallRating:
    """``rate("G G O O G")``: Safe, Effective, Caring, Responsive, Well-led."""
    ratings = dict(zip(KEY_QUESTIONS, (SHORT[word] for word in pattern.split()), strict=True))
    return principles.aggregate(ratings=ratings, **kwargs)


@pytest.mark.parametrize("pattern", ["G G O O G", "O O O G G", "O O O O G", "O O O O O", "G O G G O"])
def test_two_or_more_outstanding_and_the_rest_good_is_outstanding_by_principle_3(pattern):
    result = rate(pattern)
    assert (result.overall, result.principle, result.judgement) == (Rating.OUTSTANDING, "P3", False)


@pytest.mark.parametrize("pattern", ["G G G G G", "O G G G G", "O O G G RI", "O O O O RI", "RI G G G G"])
def test_no_inadequate_and_at_most_one_requires_improvement_is_good_by_principle_4(pattern):
    result = rate(pattern)
    assert (result.overall, result.principle, result.judgement) == (Rating.GOOD, "P4", False)


@pytest.mark.parametrize("pattern", ["RI RI G G G", "RI RI RI RI RI", "O O O RI RI"])
def test_two_or_more_requires_improvement_and_no_inadequate_is_requires_improvement_by_principle_5(pattern):
    result = rate(pattern)
    assert (result.overall, result.principle) == (Rating.REQUIRES_IMPROVEMENT, "P5")


@pytest.mark.parametrize("pattern", ["I I G G G", "I I I I I", "O O O I I", "RI RI I I G", "RI RI RI I I"])
def test_two_or_more_inadequate_is_inadequate_by_principle_6_even_when_principle_5_also_applies(pattern):
    result = rate(pattern)
    assert (result.overall, result.principle) == (Rating.INADEQUATE, "P6")


@pytest.mark.parametrize("pattern", ["I G G G G", "O O O O I", "G G G RI I", "RI RI RI RI I"])
def test_exactly_one_inadequate_is_flagged_as_judgement_with_requires_improvement_suggested(pattern):
    result = rate(pattern)
    assert result.judgement is True
    assert result.overall is None
    assert result.suggested == Rating.REQUIRES_IMPROVEMENT
    assert result.principle == principles.JUDGEMENT
    assert "No principle decides this" in result.rule


def test_the_rule_names_the_key_questions_that_decided_it():
    assert "(Caring, Responsive)" in rate("G G O O G").rule
    assert "(Safe)" in rate("I G G G G").rule


def test_a_breach_caps_an_outstanding_combination_at_requires_improvement_by_principle_1():
    result = rate("G G O O G", breach=True)
    assert (result.overall, result.principle) == (Rating.REQUIRES_IMPROVEMENT, "P1")
    assert "Without the breach: Principle 3" in result.rule


def test_a_breach_does_not_change_a_combination_already_requires_improvement_or_worse():
    assert rate("RI RI G G G", breach=True).principle == "P5"
    assert rate("I I G G G", breach=True).overall == Rating.INADEQUATE
    judgement = rate("I G G G G", breach=True)
    assert (judgement.judgement, judgement.suggested) == (True, Rating.REQUIRES_IMPROVEMENT)


@pytest.mark.parametrize("limiter", list(Limiter))
def test_each_limiter_caps_well_led_at_requires_improvement_before_aggregation(limiter):
    result = rate("O O O G O", limiters=[limiter])
    assert result.ratings[KeyQuestion.WELL_LED] == Rating.REQUIRES_IMPROVEMENT
    assert result.limited_by == (limiter,)
    assert (result.overall, result.principle) == (Rating.GOOD, "P4")
    assert limiter.description in result.rule


def test_a_limiter_with_another_requires_improvement_brings_the_overall_to_requires_improvement():
    result = rate("RI G G G O", limiters=[Limiter.REGISTERED_MANAGER_MISSING])
    assert (result.overall, result.principle) == (Rating.REQUIRES_IMPROVEMENT, "P5")


def test_a_limiter_leaves_a_well_led_rating_already_requires_improvement_or_worse_alone():
    result = rate("G G G G I", limiters=[Limiter.PIR_NOT_RETURNED])
    assert result.ratings[KeyQuestion.WELL_LED] == Rating.INADEQUATE
    assert "makes no difference" in result.rule


def test_all_five_key_questions_are_needed():
    ratings = {kq: Rating.GOOD for kq in KEY_QUESTIONS if kq is not KeyQuestion.CARING}
    with pytest.raises(RatingInputError) as error:
        principles.aggregate(ratings=ratings)
    assert error.value.field == "ratings.caring"


def test_in_all_1024_combinations_raising_one_rating_never_lowers_the_result():
    for values in product(list(Rating), repeat=5):
        ratings = dict(zip(KEY_QUESTIONS, values, strict=True))
        before = principles.aggregate(ratings=ratings).result
        for kq in KEY_QUESTIONS:
            if ratings[kq] < Rating.OUTSTANDING:
                raised = {**ratings, kq: Rating(ratings[kq] + 1)}
                assert principles.aggregate(ratings=raised).result >= before, (values, kq)
