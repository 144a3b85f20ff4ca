"""The risk score's signals, points and sentences (pure: no database)."""

from datetime import date

import pytest

from carewatch.planning import risk

AS_OF = date(2026, 11, 1)


def rated(overall: str, on: date, **key_questions: str) -> risk.RatingAt:
    return risk.RatingAt(on=on, overall=overall, key_questions=key_questions)


def signals(**fields) -> risk.Signals:
    defaults = dict(
        location_id="1-1", name="Home", as_of=AS_OF, registered_on=date(2015, 1, 1), provider_locations=3
    )
    defaults.update(fields)
    return risk.Signals(**defaults)


def test_a_good_recent_rating_with_a_manager_scores_nothing():
    result = risk.score(signals(ratings=(rated("Good", date(2025, 6, 1), safe="Good"),)))
    assert (result.score, result.reasons) == (0, ())


def test_safe_requires_improvement_reads_as_a_sentence_with_its_points():
    result = risk.score(
        signals(ratings=(rated("Requires improvement", date(2024, 3, 1), safe="Requires improvement"),))
    )
    assert [str(reason) for reason in result.reasons] == [
        "rated Requires improvement overall in 2024 (+20)",
        "Safe rated Requires improvement in 2024 (+18)",
    ]
    assert result.score == 38


def test_a_downgrade_an_old_rating_and_a_missing_manager_each_add_their_weight():
    history = (rated("Requires improvement", date(2021, 5, 1)), rated("Good", date(2018, 1, 1)))
    result = risk.score(signals(ratings=history, registered_manager_missing=True))
    by_signal = {reason.signal: str(reason) for reason in result.reasons}
    assert by_signal["downgraded"] == "rating fell from Good to Requires improvement in 2021 (+15)"
    assert by_signal["per_year_rating_older_than_2_years"] == "last CQC rating 5 years old (+12)"
    assert by_signal["registered_manager_missing"] == "registered manager missing (+9)"
    assert result.score == 20 + 15 + 12 + 9


def test_a_new_service_never_rated_says_so():
    result = risk.score(signals(registered_on=date(2026, 3, 10), provider_locations=1))
    assert [str(reason) for reason in result.reasons] == [
        "never rated since registering in 2026 (+15)",
        "registered in March 2026 (+10)",
        "the provider runs only this service (+3)",
    ]


def test_local_evidence_counts_safeguarding_apart_and_caps_long_lists():
    result = risk.score(
        signals(
            ratings=(rated("Good", date(2025, 6, 1)),),
            last_qa_visit_on=date(2024, 9, 1),
            open_findings=2,
            open_safeguarding_findings=9,
            suspended=True,
        )
    )
    by_signal = {reason.signal: str(reason) for reason in result.reasons}
    assert by_signal["per_open_safeguarding_finding"] == "9 open safeguarding findings (+40)"  # capped at 5
    assert by_signal["per_open_finding"] == "2 open findings (+4)"
    assert by_signal["per_year_since_qa_visit_beyond_1"] == "no QA visit for 26 months (+7)"
    assert result.reasons[0].signal == "per_open_safeguarding_finding"


def test_changed_weights_change_the_score_and_a_zero_weight_drops_the_reason():
    weights = risk.parse_weights({"overall_inadequate": "50", "safe_inadequate": 0})
    result = risk.score(signals(ratings=(rated("Inadequate", date(2025, 1, 1), safe="Inadequate"),)), weights)
    assert [reason.signal for reason in result.reasons] == ["overall_inadequate"]
    assert result.score == 50


def test_every_default_weight_is_within_the_published_maximum_and_the_maximum_itself_is_allowed():
    assert all(0 <= weight <= risk.MAX_WEIGHT for weight in risk.DEFAULT_WEIGHTS.values())
    assert risk.parse_weights({"overall_inadequate": "100"})["overall_inadequate"] == risk.MAX_WEIGHT == 100


@pytest.mark.parametrize(
    ("raw", "field", "problem"),
    [
        ({"safe_inadequate": "lots"}, "safe_inadequate", "must be a number"),
        ({"safe_inadequate": -1}, "safe_inadequate", "must be 0 or more"),
        ({"safe_inadequate": "1e300"}, "safe_inadequate", "must be 100 or less"),
        ({"safe_inadequate": 100.01}, "safe_inadequate", "must be 100 or less"),
        ({"safe_inadequate": True}, "safe_inadequate", "must be a number"),
        ({"stars": 3}, "stars", "is not a signal the risk score knows"),
    ],
)
def test_bad_weights_are_refused_naming_the_field(raw, field, problem):
    with pytest.raises(risk.WeightError) as caught:
        risk.parse_weights(raw)
    assert caught.value.errors == {field: problem}


def test_ranking_puts_the_highest_first_and_breaks_ties_by_id():
    scores = [risk.Score("1-2", "B", 5, ()), risk.Score("1-1", "A", 5, ()), risk.Score("1-3", "C", 9, ())]
    assert [item.location_id for item in risk.rank(scores)] == ["1-3", "1-1", "1-2"]


def test_a_new_registered_manager_a_low_occupancy_and_a_high_agency_share_each_say_so():
    result = risk.score(
        signals(
            ratings=(rated("Good", date(2025, 6, 1)),),
            registered_manager_changed_on=date(2026, 3, 1),
            occupancy=0.72,
            agency_share=0.2,
        )
    )
    assert [str(reason) for reason in result.reasons] == [
        "20% of staff from agencies or bank (+6)",  # ties: by the signal's name
        "registered manager changed in March 2026 (+6)",
        "beds 72% occupied (+4)",
    ]
    # Just inside the thresholds: nothing.
    assert (
        risk.score(
            signals(ratings=(rated("Good", date(2025, 6, 1)),), occupancy=0.8, agency_share=0.19)
        ).score
        == 0
    )


def test_a_missing_manager_is_not_also_counted_as_a_changed_one():
    result = risk.score(
        signals(
            ratings=(rated("Good", date(2025, 6, 1)),),
            registered_manager_missing=True,
            registered_manager_changed_on=date(2026, 3, 1),
        )
    )
    assert [reason.signal for reason in result.reasons] == ["registered_manager_missing"]


def test_few_lived_experience_responses_count_only_where_the_council_collects_them():
    good = (rated("Good", date(2025, 6, 1)),)
    assert risk.score(signals(ratings=good, lived_experience_responses=None)).score == 0
    assert risk.score(signals(ratings=good, lived_experience_responses=5)).score == 0
    result = risk.score(signals(ratings=good, lived_experience_responses=1))
    assert [str(reason) for reason in result.reasons] == [
        "only 1 lived-experience response in 12 months (+2)"
    ]


def test_a_poor_local_qa_rating_scores_as_inadequate_in_its_own_words():
    result = risk.score(signals(ratings=(rated("Good", date(2025, 6, 1)),), local_qa_rating="Poor"))
    assert [str(reason) for reason in result.reasons] == ["local QA rating Poor (+20)"]
    assert risk.score(signals(ratings=(rated("Good", date(2025, 6, 1)),), local_qa_rating="Good")).score == 0
