"""The Single Assessment Framework: statement scores → key questions → overall."""

from fractions import Fraction

import pytest

from carewatch.ratings import saf
from carewatch.ratings.bands import Position
from carewatch.ratings.errors import RatingInputError
from carewatch.ratings.principles import Limiter
from carewatch.ratings.vocabulary import EvidenceCategory, KeyQuestion, Rating, statement_ids

SAFE, EFFECTIVE, CARING, RESPONSIVE, WELL_LED = tuple(KeyQuestion)


def all_scored(score: int) -> dict[KeyQuestion, dict[int, int]]:
    return {kq: dict.fromkeys(statement_ids(kq), score) for kq in KeyQuestion}


def test_caring_with_statement_17_scored_2_and_the_rest_3_is_70_percent_and_good():
    result = saf.score_key_question(key_question=CARING, scores={15: 3, 16: 3, 17: 2, 18: 3, 19: 3})
    assert result.fraction == Fraction(14, 20)
    assert (result.percent, result.whole_percent, result.rating) == (70.0, 70, Rating.GOOD)
    assert result.position is Position.LOWER
    assert result.description == "Good, nearer to Requires improvement"


def test_only_the_statements_assessed_count_in_the_percentage():
    result = saf.score_key_question(key_question=SAFE, scores={1: 4, 2: 3})
    assert result.fraction == Fraction(7, 8)
    assert (result.whole_percent, result.rating) == (88, Rating.OUTSTANDING)


@pytest.mark.parametrize(
    ("scores", "rating"),
    [
        ([1, 1, 2, 1, 2, 1, 2, 2], Rating.INADEQUATE),  # 12 of 32 = 37.5%
        ([2, 1, 2, 1, 2, 1, 2, 2], Rating.REQUIRES_IMPROVEMENT),  # 13 of 32 = 40.6%
        ([2, 3, 2, 3, 2, 3, 2, 2], Rating.REQUIRES_IMPROVEMENT),  # 19 of 32 = 59.4%
        ([2, 3, 2, 3, 2, 3, 2, 3], Rating.GOOD),  # 20 of 32 = 62.5%
        ([3, 4, 3, 4, 3, 4, 3, 3], Rating.GOOD),  # 27 of 32 = 84.4%
        ([3, 4, 3, 4, 3, 4, 3, 4], Rating.OUTSTANDING),  # 28 of 32 = 87.5%
    ],
)
def test_the_eight_safe_statements_cross_each_band_edge_at_the_half_percent(scores, rating):
    result = saf.score_key_question(key_question=SAFE, scores=dict(zip(range(1, 9), scores, strict=True)))
    assert result.rating is rating


def test_a_partial_reassessment_keeps_earlier_scores_for_statements_not_reassessed():
    earlier = {15: 3, 16: 3, 17: 3, 18: 3, 19: 3}
    result = saf.score_key_question(key_question=CARING, scores={17: 2}, previous=earlier)
    assert dict(result.scores) == {15: 3, 16: 3, 17: 2, 18: 3, 19: 3}
    assert result.carried_forward == (15, 16, 18, 19)
    assert result.whole_percent == 70


def test_a_key_question_not_reassessed_at_all_is_carried_forward_whole():
    assessment = saf.assess(
        scores={kq: s for kq, s in all_scored(3).items() if kq is not EFFECTIVE},
        previous={EFFECTIVE: {9: 4, 10: 4}},
    )
    effective = assessment.key_questions[EFFECTIVE]
    assert (effective.rating, effective.carried_forward) == (Rating.OUTSTANDING, (9, 10))


def test_a_key_question_with_no_scores_now_or_earlier_is_refused():
    scores = all_scored(3)
    del scores[RESPONSIVE]
    with pytest.raises(RatingInputError) as error:
        saf.assess(scores=scores)
    assert error.value.field == "scores.responsive"


def test_a_statement_under_the_wrong_key_question_is_refused_naming_both():
    with pytest.raises(RatingInputError) as error:
        saf.score_key_question(key_question=CARING, scores={3: 3})
    assert error.value.field == "scores.caring.3"
    assert "belongs to Safe, not Caring" in error.value.problem


@pytest.mark.parametrize(("statement", "score"), [(35, 3), (0, 3), (15, 5), (15, 0)])
def test_unknown_statements_and_scores_off_the_scale_are_refused(statement, score):
    with pytest.raises(RatingInputError) as error:
        saf.score_key_question(key_question=CARING, scores={statement: score})
    assert error.value.field == f"scores.caring.{statement}"


@pytest.mark.parametrize(
    ("evidence", "score"),
    [
        ((3, 2, 3), 3),  # 8 of 12 = 67%
        ((2, 2, 3), 2),  # 7 of 12 = 58%
        ((3, 2, 3, 2), 3),  # 10 of 16 = 62.5% → 63%
        ((4, 4, 3, 4), 4),  # 15 of 16 = 94%
        ((1, 2, 1, 1), 1),  # 5 of 16 = 31%
        ((4, 3, 4, 3, 4, 3), 4),  # 21 of 24 = 87.5% → 88%: "over 87%"
    ],
)
def test_evidence_category_scores_make_a_statement_score_banded_like_a_key_question(evidence, score):
    categories = dict(zip(EvidenceCategory, evidence, strict=False))
    assert saf.statement_score_from_evidence(categories) == score


def test_the_overall_follows_the_rating_principles_by_default():
    scores = all_scored(3)
    scores[CARING] = {15: 4, 16: 4, 17: 4}
    scores[RESPONSIVE] = {20: 4, 21: 4}
    result = saf.assess(scores=scores)
    assert (result.overall.overall, result.overall.principle) == (Rating.OUTSTANDING, "P3")


def test_the_overall_rule_can_be_the_total_of_key_question_scores_instead():
    scores = all_scored(3)
    scores[CARING] = {15: 4, 16: 4, 17: 4}
    scores[RESPONSIVE] = {20: 4, 21: 4}
    result = saf.assess(scores=scores, rules=saf.SafRules(overall="key-question-scores"))
    assert (result.overall.overall, result.overall.principle) == (Rating.GOOD, "key-question-scores")
    assert "17 of 20 = 85%" in result.overall.rule


def test_breach_and_limiters_apply_to_the_overall_as_under_the_principles():
    scores = all_scored(4)
    result = saf.assess(scores=scores, limiters=[Limiter.NOTIFICATIONS_NOT_SENT])
    assert result.key_questions[WELL_LED].rating is Rating.OUTSTANDING
    assert result.overall.ratings[WELL_LED] is Rating.REQUIRES_IMPROVEMENT
    assert result.overall.overall is Rating.GOOD
    assert saf.assess(scores=scores, breach=True).overall.overall is Rating.REQUIRES_IMPROVEMENT


def test_a_statement_scored_1_can_be_configured_to_cap_its_key_question():
    scores = {1: 1, 2: 4, 3: 4, 4: 4, 5: 4, 6: 4, 7: 4, 8: 4}  # 29 of 32 = 91%
    assert saf.score_key_question(key_question=SAFE, scores=scores).rating is Rating.OUTSTANDING
    rules = saf.SafRules(statement_scored_1_caps_key_question_at=Rating.REQUIRES_IMPROVEMENT)
    capped = saf.score_key_question(key_question=SAFE, scores=scores, rules=rules)
    assert (capped.rating, capped.capped_by) == (Rating.REQUIRES_IMPROVEMENT, 1)
    assert capped.description == "Requires improvement (capped: statement 1 scored 1)"


def test_an_unknown_overall_rule_is_refused():
    with pytest.raises(RatingInputError) as error:
        saf.SafRules(overall="average")
    assert error.value.field == "rules.overall"
