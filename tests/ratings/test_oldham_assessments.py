"""The engine reproduces the CQC's published Single Assessment Framework scores for Oldham.

Reads the real CQC API responses in ../shared/data/cqc-api-oldham in place (never copied); skipped
when they are absent. Four locations carry an ``assessment[]`` block; a dental practice's is on the
"Regulations met" scale, not 1–4, and is left out.
"""

import json
from pathlib import Path

import pytest

from carewatch.ratings import saf
from carewatch.ratings.vocabulary import Rating, parse_key_question, parse_rating, try_parse_score

pytestmark = pytest.mark.realdata


def scored_assessments(dump: Path) -> list[tuple[str, dict]]:
    """(location id, asgRatings entry) for every assessment whose statements are scored 1–4."""
    found = []
    for path in sorted((dump / "location_details").glob("*.json")):
        text = path.read_text(encoding="utf-8")
        if '"assessment"' not in text:
            continue
        location = json.loads(text)
        for assessment in location.get("assessment") or []:
            for group in assessment["ratings"]["asgRatings"]:
                statements = [t for kq in group["keyQuestionRatings"] for t in kq["topicareas"]]
                if all(try_parse_score(t["qualityStatementscore"]) for t in statements):
                    found.append((location["locationId"], group))
    return found


def scores_of(key_question_rating: dict) -> dict[int, int]:
    """Every statement's score, assessed now or not: not-assessed statements keep earlier scores."""
    return {
        int(topic["qualityStatementId"]): try_parse_score(topic["qualityStatementscore"])
        for topic in key_question_rating["topicareas"]
    }


def test_the_two_adult_social_care_assessments_and_the_gp_assessment_are_on_the_one_to_four_scale(
    oldham_dump,
):
    locations = [location_id for location_id, _ in scored_assessments(oldham_dump)]
    assert {"1-5203053560", "1-5312102242"} <= set(locations)
    assert "1-16561595022" not in locations  # dental: "Regulations met", percentageScore "0"


def test_each_published_key_question_percentage_and_rating_is_reproduced(oldham_dump):
    checked = []
    for location_id, group in scored_assessments(oldham_dump):
        for kq_rating in group["keyQuestionRatings"]:
            key_question = parse_key_question(kq_rating["name"])
            result = saf.score_key_question(key_question=key_question, scores=scores_of(kq_rating))
            published = (int(kq_rating["percentageScore"]), parse_rating(kq_rating["rating"]))
            assert (result.whole_percent, result.rating) == published, (location_id, kq_rating["name"])
            checked.append((location_id, key_question.value, result.whole_percent))
    assert ("1-5312102242", "caring", 70) in checked  # statement 17 scored 2, the rest 3: 14 of 20
    assert ("1-5203053560", "caring", 75) in checked
    assert len(checked) == 15  # three locations × five key questions


def test_each_published_overall_rating_is_reproduced_by_the_default_rule(oldham_dump):
    for location_id, group in scored_assessments(oldham_dump):
        scores = {parse_key_question(kq["name"]): scores_of(kq) for kq in group["keyQuestionRatings"]}
        result = saf.assess(scores=scores)
        assert result.overall.overall is parse_rating(group["rating"]) is Rating.GOOD, location_id
        assert result.overall.principle == "P4"
