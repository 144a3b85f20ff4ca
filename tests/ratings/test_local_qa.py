"""The local QA scale: answers → standard → overall, with weights a council configures."""

from fractions import Fraction

import pytest

from carewatch.ratings import local_qa
from carewatch.ratings.errors import RatingInputError
from carewatch.ratings.local_qa import Answer, QaRating, QaRules, Standard

E, G, RI, P = QaRating.EXCELLENT, QaRating.GOOD, QaRating.REQUIRES_IMPROVEMENT, QaRating.POOR


def standard(*ratings, weight=1):
    return Standard(answers=[Answer(rating) for rating in ratings], weight=Fraction(weight))


def test_a_standard_is_rated_by_the_mean_of_its_answers_halves_rounding_up():
    assert local_qa.rate_standard(answers=[Answer(E), Answer(G)]).rating is E  # 3.5
    assert local_qa.rate_standard(answers=[Answer(G), Answer(G), Answer(E)]).rating is G  # 3.33
    assert local_qa.rate_standard(answers=[Answer(RI), Answer(G)]).rating is G  # 2.5
    assert local_qa.rate_standard(answers=[Answer(P), Answer(RI)]).rating is RI  # 1.5
    assert local_qa.rate_standard(answers=[Answer(P), Answer(P), Answer(RI)]).rating is P  # 1.33


def test_a_heavier_question_weighs_more_in_its_standard():
    light = local_qa.rate_standard(answers=[Answer(P), Answer(G)])
    heavy = local_qa.rate_standard(answers=[Answer(P, weight=Fraction(3)), Answer(G)])
    assert (light.score, light.rating) == (2, RI)
    assert (heavy.score, heavy.rating) == (Fraction(3, 2), RI)
    heavier_good = local_qa.rate_standard(answers=[Answer(P), Answer(G, weight=Fraction(3))])
    assert heavier_good.rating is G


def test_the_overall_is_the_weighted_mean_of_the_standard_ratings():
    standards = {"safeguarding": standard(P, P), "involvement": standard(G), "management": standard(G)}
    assert local_qa.assess(standards=standards).overall is RI  # (1 + 3 + 3) / 3 = 2.33
    standards["safeguarding"] = standard(P, P, weight=Fraction(1, 4))
    assert local_qa.assess(standards=standards).overall is G  # (0.25 + 6) / 2.25 = 2.78


def test_the_overall_can_be_taken_from_the_unrounded_standard_scores_instead():
    standards = {"a": standard(G, E), "b": standard(G, RI)}  # 3.5 → Excellent, 2.5 → Good
    assert local_qa.assess(standards=standards).overall is E  # (4 + 3) / 2 = 3.5
    rules = QaRules(overall_from="answers")
    assert local_qa.assess(standards=standards, rules=rules).overall is G  # (3.5 + 2.5) / 2 = 3


def test_a_council_can_set_its_own_thresholds():
    strict = QaRules(thresholds={E: Fraction(4), G: Fraction(3), RI: Fraction(2)})
    assert local_qa.assess(standards={"a": standard(G, E)}, rules=strict).overall is G


@pytest.mark.parametrize(
    ("rules", "field"),
    [
        ({"thresholds": {E: Fraction(2), G: Fraction(3), RI: Fraction(1)}}, "rules.thresholds"),
        ({"points": {E: Fraction(1), G: Fraction(2), RI: Fraction(3), P: Fraction(4)}}, "rules.points"),
        ({"overall_from": "vibes"}, "rules.overall_from"),
    ],
)
def test_rules_that_would_rate_backwards_are_refused(rules, field):
    with pytest.raises(RatingInputError) as error:
        QaRules(**rules)
    assert error.value.field == field


def test_a_weight_of_zero_or_less_is_refused_naming_the_answer():
    with pytest.raises(RatingInputError) as error:
        local_qa.assess(standards={"a": Standard(answers=[Answer(G, weight=Fraction(0))])})
    assert error.value.field == "standards.a.answers[0].weight"
