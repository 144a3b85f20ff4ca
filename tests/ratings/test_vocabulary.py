"""Names as people and the CQC write them."""

import pytest

from carewatch.ratings.vocabulary import (
    STATEMENTS,
    EvidenceCategory,
    KeyQuestion,
    Rating,
    parse_evidence_category,
    parse_key_question,
    parse_rating,
    parse_score,
    statement_ids,
    try_parse_score,
)


@pytest.mark.parametrize(
    "text", ["Requires improvement", "Requires Improvement", "REQUIRES IMPROVEMENT", " requires_improvement "]
)
def test_requires_improvement_is_recognised_however_it_is_written(text):
    assert parse_rating(text) is Rating.REQUIRES_IMPROVEMENT


@pytest.mark.parametrize(
    "text", ["No published rating", "Not Rated", "Inspected but not rated", "", "Excellent", 3]
)
def test_values_off_the_four_point_scale_are_not_ratings(text):
    with pytest.raises(ValueError, match="not a rating"):
        parse_rating(text)


@pytest.mark.parametrize("text", ["well_led", "Well-led", "well-led", "Well led", "WELL-LED", "wellled"])
def test_well_led_is_recognised_however_it_is_written(text):
    assert parse_key_question(text) is KeyQuestion.WELL_LED


def test_key_questions_have_the_cqc_labels():
    assert [kq.label for kq in KeyQuestion] == ["Safe", "Effective", "Caring", "Responsive", "Well-led"]


def test_there_are_34_quality_statements_numbered_by_key_question_as_in_the_cqc_api():
    assert sorted(STATEMENTS) == list(range(1, 35))
    assert statement_ids(KeyQuestion.SAFE) == tuple(range(1, 9))
    assert statement_ids(KeyQuestion.EFFECTIVE) == tuple(range(9, 15))
    assert statement_ids(KeyQuestion.CARING) == tuple(range(15, 20))
    assert statement_ids(KeyQuestion.RESPONSIVE) == tuple(range(20, 27))
    assert statement_ids(KeyQuestion.WELL_LED) == tuple(range(27, 35))
    assert STATEMENTS[17].name == "Independence, choice and control"
    assert STATEMENTS[31].name == "Governance, management and sustainability"


def test_a_statement_score_is_read_from_the_cqc_api_text():
    assert parse_score("3 - Evidence shows a good standard of care") == 3
    assert parse_score("2 - Evidence shows some shortfalls in the standard of care") == 2
    assert parse_score(4) == 4


@pytest.mark.parametrize("value", [0, 5, 2.5, True, "Regulations met", "5 - ", None])
def test_values_off_the_one_to_four_scale_are_not_scores(value):
    with pytest.raises(ValueError):
        parse_score(value)
    assert try_parse_score(value) is None


def test_evidence_categories_are_recognised_by_api_id_or_name():
    assert parse_evidence_category("1") is EvidenceCategory.PEOPLES_EXPERIENCE
    assert parse_evidence_category("People's experience") is EvidenceCategory.PEOPLES_EXPERIENCE
    assert (
        parse_evidence_category("feedback from staff and leaders")
        is EvidenceCategory.FEEDBACK_FROM_STAFF_AND_LEADERS
    )
    assert parse_evidence_category(6) is EvidenceCategory.OUTCOMES
    with pytest.raises(ValueError, match="evidence category"):
        parse_evidence_category("7")
