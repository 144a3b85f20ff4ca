"""``rate(payload)``: the JSON interface behind ``carewatch rate``; the examples are those in docs/ratings.md."""

import pytest

from carewatch.ratings.errors import RatingInputError
from carewatch.ratings.interface import rate

ALL_GOOD = {"safe": "Good", "effective": "Good", "caring": "Good", "responsive": "Good", "well_led": "Good"}


def saf_scores(score=3):
    ranges = {
        "safe": (1, 9),
        "effective": (9, 15),
        "caring": (15, 20),
        "responsive": (20, 27),
        "well_led": (27, 35),
    }
    return {kq: {str(i): score for i in range(*bounds)} for kq, bounds in ranges.items()}


def test_the_principles_example_is_outstanding_and_decided():
    result = rate(
        {
            "framework": "principles",
            "ratings": {
                "safe": "Good",
                "effective": "Good",
                "caring": "Outstanding",
                "responsive": "Outstanding",
                "well_led": "Good",
            },
            "breach": False,
        }
    )
    assert result["overall"] == "Outstanding"
    assert result["judgement"] is False
    assert result["rule"].startswith("Principle 3")
    assert result["well_led"] == "Good"


def test_limiters_report_the_effective_well_led_rating():
    result = rate(
        {
            "framework": "principles",
            "ratings": {
                **ALL_GOOD,
                "caring": "Outstanding",
                "responsive": "Outstanding",
                "well_led": "Outstanding",
            },
            "limiters": {"registered_manager_missing": True, "pir_not_returned": False},
        }
    )
    assert result["well_led"] == "Requires improvement"
    assert result["limited_by"] == ["registered_manager_missing"]
    assert (result["overall"], result["principle"]) == ("Good", "P4")


def test_a_judgement_has_no_overall_and_a_suggestion():
    result = rate({"framework": "principles", "ratings": {**ALL_GOOD, "safe": "Inadequate"}})
    assert result["overall"] is None
    assert result["judgement"] is True
    assert result["suggested"] == "Requires improvement"


def test_names_are_accepted_as_written_by_people_and_the_cqc():
    result = rate(
        {
            "framework": "Principles",
            "ratings": {
                "Safe": "requires improvement",
                "effective": "Requires Improvement",
                "caring": "GOOD",
                "responsive": "good",
                "Well-led": "Good",
            },
        }
    )
    assert (result["overall"], result["principle"]) == ("Requires improvement", "P5")
    assert rate({"framework": "principles", "ratings": {**ALL_GOOD}})["overall"] == "Good"


def test_the_council_example_is_66_7_percent_and_good():
    assert rate({"framework": "local-authority", "scores": [2, 3, 3, 3, 3, 2, 2, 3, 3]}) == {
        "percent": 66.7,
        "rating": "Good",
    }


def test_the_saf_example_gives_each_key_question_and_the_overall():
    scores = saf_scores(3)
    scores["caring"]["17"] = 2
    result = rate({"framework": "saf", "scores": scores})
    assert result["key_questions"]["caring"] == {
        "percent": 70.0,
        "whole_percent": 70,
        "rating": "Good",
        "position": "lower",
        "description": "Good, nearer to Requires improvement",
        "statements": {"15": 3, "16": 3, "17": 2, "18": 3, "19": 3},
        "carried_forward": [],
    }
    assert list(result["key_questions"]) == ["safe", "effective", "caring", "responsive", "well_led"]
    assert result["overall"]["overall"] == "Good"


def test_saf_accepts_the_cqc_api_score_text_evidence_categories_and_earlier_scores():
    scores = saf_scores(3)
    scores["safe"]["1"] = "4 - Evidence shows an exceptional standard of care"
    scores["caring"] = {"17": {"evidence": {"people's experience": 2, "2": 2, "processes": 3}}}
    result = rate(
        {
            "framework": "saf",
            "scores": scores,
            "previous": {"caring": {"15": 3, "16": 3, "17": 3, "18": 3, "19": 3}},
            "assessed_on": "2024-07-15",
        }
    )
    assert result["key_questions"]["safe"]["statements"]["1"] == 4
    assert result["key_questions"]["caring"]["statements"]["17"] == 2  # 7 of 12 = 58% → 2
    assert result["key_questions"]["caring"]["carried_forward"] == [15, 16, 18, 19]


def test_saf_rules_can_be_chosen_in_the_payload():
    scores = saf_scores(3)
    scores["safe"]["1"] = 1
    result = rate(
        {
            "framework": "saf",
            "scores": scores,
            "rules": {
                "overall": "key-question-scores",
                "statement_scored_1_caps_key_question_at": "Requires improvement",
            },
        }
    )
    assert result["key_questions"]["safe"]["rating"] == "Requires improvement"
    assert result["overall"]["principle"] == "key-question-scores"


def test_the_local_qa_framework_rates_standards_and_the_whole():
    result = rate(
        {
            "framework": "local-qa",
            "standards": {
                "safeguarding": ["Good", "Requires improvement", "Poor"],
                "management": {"answers": ["Excellent", {"answer": "Good", "weight": 3}], "weight": 2},
            },
            "rules": {"thresholds": {"Excellent": 3.6}},
        }
    )
    assert result == {
        "standards": {
            "safeguarding": {"score": 2.0, "rating": "Requires improvement"},
            "management": {"score": 3.25, "rating": "Good"},
        },
        "score": 2.67,
        "overall": "Good",
    }


@pytest.mark.parametrize(
    ("payload", "field", "problem"),
    [
        ([], "input", "expected an object"),
        ({}, "framework", "missing"),
        ({"framework": "ofsted"}, "framework", "unknown framework 'ofsted'"),
        ({"framework": 3}, "framework", "unknown framework 3"),
        ({"framework": "principles"}, "ratings", "missing"),
        ({"framework": "principles", "ratings": ALL_GOOD, "breech": True}, "breech", "unknown field"),
        (
            {"framework": "principles", "ratings": {**ALL_GOOD, "well_led": "Not Rated"}},
            "ratings.well_led",
            "not a rating",
        ),
        (
            {"framework": "principles", "ratings": {**ALL_GOOD, "kind": "Good"}},
            "ratings.kind",
            "not a key question",
        ),
        (
            {"framework": "principles", "ratings": {**ALL_GOOD, "Well-led": "Good"}},
            "ratings.Well-led",
            "given twice",
        ),
        (
            {"framework": "principles", "ratings": {k: v for k, v in ALL_GOOD.items() if k != "caring"}},
            "ratings.caring",
            "missing key question Caring",
        ),
        (
            {"framework": "principles", "ratings": ALL_GOOD, "breach": "no"},
            "breach",
            "expected true or false",
        ),
        (
            {"framework": "principles", "ratings": ALL_GOOD, "limiters": {"late": True}},
            "limiters.late",
            "unknown limiter",
        ),
        ({"framework": "saf", "scores": {**saf_scores(), "safe": {"1": 5}}}, "scores.safe.1", "out of range"),
        (
            {"framework": "saf", "scores": {**saf_scores(), "safe": {"35": 3}}},
            "scores.safe.35",
            "unknown quality statement id",
        ),
        (
            {"framework": "saf", "scores": {**saf_scores(), "safe": {"x": 3}}},
            "scores.safe.x",
            "unknown quality statement id",
        ),
        (
            {"framework": "saf", "scores": {**saf_scores(), "caring": {"3": 3}}},
            "scores.caring.3",
            "statement 3 (Safeguarding) belongs to Safe, not Caring",
        ),
        (
            {"framework": "saf", "scores": {k: v for k, v in saf_scores().items() if k != "well_led"}},
            "scores.well_led",
            "missing key question Well-led",
        ),
        (
            {"framework": "saf", "scores": {**saf_scores(), "safe": {"1": "Regulations met"}}},
            "scores.safe.1",
            "not a score",
        ),
        (
            {"framework": "saf", "scores": {**saf_scores(), "safe": {"1": {"evidence": {"9": 3}}}}},
            "scores.safe.1.evidence.9",
            "not an evidence category",
        ),
        (
            {
                "framework": "saf",
                "assessed_on": "2025-01-10",
                "scores": {**saf_scores(), "safe": {"1": {"evidence": {"1": 3}}}},
            },
            "scores.safe.1.evidence",
            "only to assessments before December 2024",
        ),
        (
            {"framework": "saf", "scores": saf_scores(), "assessed_on": "last week"},
            "assessed_on",
            "Invalid isoformat",
        ),
        (
            {"framework": "saf", "scores": saf_scores(), "rules": {"overall": "mean"}},
            "rules.overall",
            "is not one of",
        ),
        ({"framework": "local-authority", "scores": [2, 3, 3]}, "scores", "expected 9 scores"),
        (
            {"framework": "local-authority", "scores": [2, 3, 3, 3, 3, 2, 2, 3, 0]},
            "scores[8]",
            "out of range",
        ),
        ({"framework": "local-authority", "scores": "24/36"}, "scores", "expected a list"),
        (
            {"framework": "local-qa", "standards": {"a": ["Fine"]}},
            "standards.a.answers[0]",
            "not on the local QA scale",
        ),
        ({"framework": "local-qa", "standards": {"a": []}}, "standards.a.answers", "no answers"),
        (
            {"framework": "local-qa", "standards": {"a": {"answers": ["Good"], "weight": -1}}},
            "standards.a.weight",
            "greater than 0",
        ),
        (
            {"framework": "local-qa", "standards": {"a": ["Good"]}, "rules": {"points": {"Good": "3"}}},
            "rules.points.Good",
            "expected a number",
        ),
    ],
)
def test_invalid_input_raises_an_error_naming_the_field_and_the_problem(payload, field, problem):
    with pytest.raises(RatingInputError) as error:
        rate(payload)
    assert error.value.field == field
    assert problem in error.value.problem
    assert str(error.value) == f"{field}: {error.value.problem}"
