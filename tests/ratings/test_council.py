"""CQC assessment of councils: nine statement scores → percentage → rating."""

import pytest

from carewatch.ratings import council
from carewatch.ratings.errors import RatingInputError
from carewatch.ratings.vocabulary import Rating


def test_the_cqc_published_example_scores_66_7_percent_and_good():
    result = council.assess(scores=[2, 3, 3, 3, 3, 2, 2, 3, 3])
    assert (result.total, result.maximum) == (24, 36)
    assert result.percent == 66.7
    assert result.rating is Rating.GOOD


def test_scores_can_be_given_by_statement_name_in_any_order():
    names = list(council.STATEMENT_KEYS)
    by_name = dict(zip(reversed(names), reversed([2, 3, 3, 3, 3, 2, 2, 3, 3]), strict=True))
    assert council.assess(scores=by_name) == council.assess(scores=[2, 3, 3, 3, 3, 2, 2, 3, 3])
    assert council.assess(scores={"Assessing needs": 4, **{name: 4 for name in names[1:]}}).percent == 100.0


def test_fourteen_of_thirty_six_is_38_9_percent_and_rounds_into_requires_improvement():
    result = council.assess(scores=[1, 1, 1, 1, 2, 2, 2, 2, 2])
    assert result.percent == 38.9
    assert result.rating is Rating.REQUIRES_IMPROVEMENT


def test_thirteen_of_thirty_six_is_inadequate():
    assert council.assess(scores=[1, 1, 1, 1, 1, 2, 2, 2, 2]).rating is Rating.INADEQUATE


def test_the_nine_statements_fall_in_four_themes():
    assert len(council.STATEMENTS) == 9
    assert list(council.THEMES) == [
        "Working with people",
        "Providing support",
        "Ensuring safety",
        "Leadership",
    ]


@pytest.mark.parametrize(
    ("scores", "field"),
    [
        ([3] * 8, "scores"),
        ([3] * 8 + [5], "scores[8]"),
        ({"assessing_needs": 3}, "scores.supporting_people_to_live_healthier_lives"),
        ({"parking": 3}, "scores.parking"),
    ],
)
def test_a_wrong_set_of_scores_is_refused_naming_the_field(scores, field):
    with pytest.raises(RatingInputError) as error:
        council.assess(scores=scores)
    assert error.value.field == field
