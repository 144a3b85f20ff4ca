"""The quality mark's computed criteria judge plain evidence and say why, and a scheme whose tiers
contradict each other is refused naming the field."""

from __future__ import annotations

from datetime import date

import pytest

from carewatch.recognition import quality_mark_criteria as c
from carewatch.recognition import quality_mark_services as qm

TODAY = date(2026, 6, 1)


def test_cqc_overall_good_is_met_by_good_and_not_by_requires_improvement():
    assert c.evaluate(
        c.CQC_OVERALL_GOOD, c.Evidence("1-1", overall="Good", overall_on=date(2025, 3, 4)), today=TODAY
    ) == c.Result(True, "CQC rated it Good overall (4 March 2025)")
    assert not c.evaluate(
        c.CQC_OVERALL_GOOD, c.Evidence("1-1", overall="Requires improvement"), today=TODAY
    ).met
    assert (
        c.evaluate(c.CQC_OVERALL_GOOD, c.Evidence("1-1"), today=TODAY).evidence
        == "CQC has not rated this service"
    )


def test_a_key_question_below_good_is_named():
    evidence = c.Evidence("1-1", key_questions={"safe": "Requires improvement", "caring": "Outstanding"})
    result = c.evaluate(c.KEY_QUESTIONS_GOOD, evidence, today=TODAY)
    assert result == c.Result(False, "Below Good: safe Requires improvement")


def test_a_local_rating_older_than_12_months_does_not_count():
    old = c.LocalRating("Oldham Council", "Good", date(2025, 5, 31))
    recent = c.LocalRating("Oldham Council", "Good", date(2025, 6, 1))
    assert not c.evaluate(c.LOCAL_QA_GOOD, c.Evidence("1-1", local_rating=old), today=TODAY).met
    assert c.evaluate(c.LOCAL_QA_GOOD, c.Evidence("1-1", local_rating=recent), today=TODAY).met


def test_an_open_case_counts_only_at_or_above_the_chosen_level():
    evidence = c.Evidence("1-1", open_case_levels=("1",))
    assert c.evaluate(c.NO_OPEN_CASE, evidence, today=TODAY, level="2").met
    assert c.evaluate(c.NO_OPEN_CASE, evidence, today=TODAY, level="1") == c.Result(
        False, "Open case at level 1"
    )


def test_suspension_commitment_and_returns_say_their_evidence():
    assert not c.evaluate(
        c.NO_SUSPENSION, c.Evidence("1-1", suspensions_since=(date(2026, 2, 1),)), today=TODAY
    ).met
    assert c.evaluate(
        c.COMMITMENT_SIGNED, c.Evidence("1-1", commitment_signed_on=date(2026, 1, 5)), today=TODAY
    ).met
    missed = c.Evidence("1-1", returns_missed="3 missed monthly returns in a row")
    assert c.evaluate(c.RETURNS_UP_TO_DATE, missed, today=TODAY) == c.Result(
        False, "3 missed monthly returns in a row"
    )


def _tiers(gold, silver):
    return [qm.TierInput("Gold", gold), qm.TierInput("Silver", silver)]


def test_a_lower_tier_asking_for_more_than_the_tier_above_is_refused_naming_it():
    problems = qm.scheme_problems(
        "Oldham Quality Mark",
        _tiers([qm.CriterionInput(c.CQC_OVERALL_GOOD)], [qm.CriterionInput(c.COMMITMENT_SIGNED)]),
    )
    assert problems[0][0] == "tier-2-criteria"
    assert "a lower tier cannot be stricter than a higher one" in problems[0][1]


def test_a_lower_tier_counting_open_cases_from_a_lower_level_is_refused():
    problems = qm.scheme_problems(
        "Oldham Quality Mark",
        _tiers(
            [qm.CriterionInput(c.NO_OPEN_CASE, level="3")], [qm.CriterionInput(c.NO_OPEN_CASE, level="1")]
        ),
    )
    assert problems == [
        ("tier-2-criteria", "Silver counts open cases from level 1, stricter than Gold above it (level 3)")
    ]


@pytest.mark.parametrize(
    ("name", "tiers", "field"),
    [
        (
            "",
            _tiers([qm.CriterionInput(c.CQC_OVERALL_GOOD)], [qm.CriterionInput(c.CQC_OVERALL_GOOD)]),
            "name",
        ),
        ("Mark", [qm.TierInput("Gold", [qm.CriterionInput(c.ASSESSED)])], "tier-1-criterion-1-standard"),
        ("Mark", [qm.TierInput("Gold", [qm.CriterionInput(c.NO_OPEN_CASE)])], "tier-1-criterion-1-level"),
        ("Mark", [qm.TierInput("Gold", [])], "tier-1-criteria"),
        (
            "Mark",
            _tiers([qm.CriterionInput(c.CQC_OVERALL_GOOD)], [qm.CriterionInput(c.CQC_OVERALL_GOOD)])[:1] * 2,
            "tier-2-name",
        ),
    ],
)
def test_bad_schemes_name_the_field_at_fault(name, tiers, field):
    assert qm.scheme_problems(name, tiers)[0][0] == field


def test_a_consistent_scheme_has_no_problems():
    gold = [
        qm.CriterionInput(c.CQC_OVERALL_GOOD, must_hold=True),
        qm.CriterionInput(c.NO_OPEN_CASE, level="1"),
    ]
    silver = [
        qm.CriterionInput(c.NO_OPEN_CASE, level="2"),
        qm.CriterionInput(c.ASSESSED, standard="Activities daily"),
    ]
    assert qm.scheme_problems("Mark", _tiers(gold, silver)) == []
