"""The commissioner rating: thresholds, the combination through the ratings engine, as-at recomputation."""

from datetime import date, timedelta

import pytest

from carewatch.core import access
from carewatch.discharge import services as discharge_services
from carewatch.insights import commissioner
from carewatch.insights.areas import Area
from carewatch.insights.commissioner import BY_KEY, CommissionerRating, Measure
from carewatch.ratings import council
from carewatch.ratings.vocabulary import Rating
from tests.discharge import given as discharge_given
from tests.discharge.conftest import NOW as DISCHARGE_NOW
from tests.discharge.conftest import world  # noqa: F401 - Oldham's discharge coordinators and homes

OLDHAM = Area("la", "E08000004", "Oldham")


@pytest.mark.parametrize(
    ("key", "value", "score"),
    [
        ("market_quality", 85.0, 4),
        ("market_quality", 84.9, 3),
        ("market_quality", 75.0, 3),
        ("market_quality", 65.0, 2),
        ("market_quality", 64.9, 1),
        ("market_trend", 2.0, 4),
        ("market_trend", 0.0, 3),
        ("market_trend", -2.0, 2),
        ("market_trend", -2.1, 1),
        ("improvement_speed", 90, 4),
        ("improvement_speed", 91, 3),
        ("improvement_speed", 365, 2),
        ("improvement_speed", 366, 1),
        ("timeliness", 95, 4),
        ("timeliness", 69.9, 1),
        ("qa_coverage", 50, 3),
        ("lived_experience", 10, 2),
        ("discharge_speed", 1, 4),
        ("discharge_speed", 2, 3),
        ("discharge_speed", 3, 3),
        ("discharge_speed", 6, 2),
        ("discharge_speed", 6.5, 1),
    ],
)
def test_each_measure_is_scored_against_its_published_thresholds(key, value, score):
    assert BY_KEY[key].score(value) == score


def test_a_measure_with_too_few_observations_is_shown_but_not_scored():
    measure = Measure(BY_KEY["market_quality"], value=100.0, base=4)
    assert measure.score is None
    assert "too few" in measure.reason


def _rating(*scores: int) -> CommissionerRating:
    keys = [
        "market_quality",
        "market_trend",
        "improvement_speed",
        "timeliness",
        "qa_coverage",
        "lived_experience",
        "discharge_speed",
    ]
    measures = []
    for key, score in zip(keys, scores, strict=False):
        spec = BY_KEY[key]
        # a value that scores exactly ``score``
        value = {4: spec.cutoffs[0], 3: spec.cutoffs[1], 2: spec.cutoffs[2]}.get(score)
        if value is None:
            value = spec.cutoffs[2] - 1 if spec.higher_is_better else spec.cutoffs[2] + 1
        measures.append(Measure(spec, value=value, base=100))
    measures += [Measure(BY_KEY[key], no_data="no data") for key in keys[len(scores) :]]
    return CommissionerRating(area=OLDHAM, on=date(2026, 1, 1), measures=measures)


def test_scores_combine_as_a_percentage_of_the_maximum_banded_like_the_cqcs_council_assessment():
    rating = _rating(3, 2, 3, 2)  # 10 of 16 = 62.5% → 63% → Good (the engine's halves-up rule)
    assert rating.percent == 62.5
    assert rating.rating is Rating.GOOD
    rating = _rating(2, 2, 3, 2)  # 9 of 16 = 56.3% → Requires improvement
    assert rating.rating is Rating.REQUIRES_IMPROVEMENT
    rating = _rating(4, 4, 3, 4)  # 15 of 16 = 93.75% → Outstanding
    assert rating.rating is Rating.OUTSTANDING
    rating = _rating(1, 1, 2, 1)  # 5 of 16 = 31.3% → Inadequate
    assert rating.rating is Rating.INADEQUATE


def test_the_combination_is_the_same_as_the_ratings_engines_council_assessment():
    # CQC's worked example, as nine measures' scores: 24 of 36 = 66.7% → Good.
    scores = (2, 3, 3, 3, 3, 2, 2, 3, 3)
    engine = council.assess(scores=scores)
    measures = [Measure(BY_KEY["market_quality"], value={2: 65.0, 3: 75.0}[s], base=10) for s in scores]
    rating = CommissionerRating(area=OLDHAM, on=date(2026, 1, 1), measures=measures)
    assert (rating.rating, rating.percent) == (engine.rating, engine.percent)


def test_a_rating_resting_on_too_few_measures_says_there_is_not_enough_evidence():
    # 100% on 3 of the 7 measures is not Outstanding: there is not enough evidence to rate.
    rating = _rating(4, 4, 4)
    assert len(rating.scored) == 3 < commissioner.MINIMUM_MEASURES == 4
    assert rating.rating is None and rating.percent is None
    assert rating.label == rating.rating_label == "Not enough evidence to rate"
    assert rating.evidence == "3 of 7"
    assert _rating(4, 4, 4, 4).rating is Rating.OUTSTANDING  # four measures are enough


def test_measures_without_data_say_why():
    measure = Measure(BY_KEY["qa_coverage"], no_data="the council does not use carewatch")
    assert measure.score is None
    assert measure.reason == "the council does not use carewatch"


@pytest.mark.usefixtures("small_register")
def test_only_measures_carewatch_builds_are_published():
    assert all(spec.cutoffs is not None for spec in commissioner.MEASURES)
    rating = commissioner.rating_for(OLDHAM, as_of=None, today=date(2026, 11, 2))
    assert len(rating.measures) == len(commissioner.MEASURES) == 7
    assert all("not built" not in m.reason for m in rating.measures)


@pytest.mark.usefixtures("small_register")
def test_every_council_is_rated_and_can_be_recomputed_as_at_a_past_date():
    now = commissioner.rating_for(OLDHAM, as_of=None, today=date(2026, 11, 2))
    then = commissioner.rating_for(OLDHAM, as_of=date(2021, 12, 31), today=date(2026, 11, 2))
    quality_now = now.measures[0]
    quality_then = then.measures[0]
    # Now (the register's current ratings): Oak Lodge Good, Elm House Inadequate; Cedar Care's current
    # report is "Inspected but not rated", so it is not rated now. Then: Good, Good, RI, Outstanding.
    assert quality_now.detail == "1 of 2 rated"
    assert quality_then.detail == "3 of 4 rated"
    assert quality_now.score is None  # fewer than 5 rated: shown, not scored
    assert {r.area.code for r in commissioner.ratings(level="la", as_of=None, today=date(2026, 11, 2))} >= {
        "E08000004",
        "E08000005",
    }
    assert len(commissioner.ratings(level="icb", as_of=None, today=date(2026, 11, 2))) == 42


# --- discharge placement speed (issue 15) ------------------------------------------------------------


def placed_in_days(w, n, location, manager, days):
    referral = discharge_given.a_referral(w, DISCHARGE_NOW, f"RD-{n}")
    sent_at = DISCHARGE_NOW + timedelta(days=days)
    (request,) = discharge_services.send_requests(
        referral=referral, actor=w.coordinator, location_ids=[location.pk], now=sent_at
    )
    discharge_services.accept_request(request=request, actor=manager, now=sent_at + timedelta(hours=1))


def test_discharge_placement_speed_is_the_median_days_from_referral_to_placement(world):  # noqa: F811
    w = world
    on = (DISCHARGE_NOW + timedelta(days=10)).date()
    oldham = Area("la", "E08000004", "Oldham")
    for n, (home, manager, days) in enumerate(
        [
            (w.cedar, w.beta_manager, 0),
            (w.cedar, w.beta_manager, 1),
            (w.cedar, w.beta_manager, 2),
            (w.birch, w.beta_manager, 3),
        ],
        start=1,
    ):
        placed_in_days(w, n, home, manager, days)
    measure = next(
        m
        for m in commissioner.rating_for(oldham, as_of=on, today=on).measures
        if m.spec.key == "discharge_speed"
    )
    assert (measure.value, measure.base, measure.detail) == (1.5, 4, "4 placements")
    assert measure.score is None and "too few" in measure.reason  # 4 placements: shown, not scored
    placed_in_days(w, 5, w.birch, w.beta_manager, 8)
    measure = next(
        m
        for m in commissioner.rating_for(oldham, as_of=on, today=on).measures
        if m.spec.key == "discharge_speed"
    )
    assert (measure.value, measure.base, measure.score) == (2.0, 5, 3)  # median of 0, 1, 2, 3, 8
    # Rochdale's discharge team made no placement: no data, and it counts towards no evidence.
    rochdale = next(
        m
        for m in commissioner.rating_for(Area("la", "E08000005", "Rochdale"), as_of=on, today=on).measures
        if m.spec.key == "discharge_speed"
    )
    assert rochdale.score is None and rochdale.reason == "no placement in the 12 months"


def test_an_area_without_a_discharge_team_has_no_data_for_the_measure():
    measure = commissioner._discharge(access.NOBODY, {})
    assert measure.score is None
    assert measure.reason == "no discharge team in the area uses carewatch"


def test_discharge_speed_alone_adds_evidence_but_three_measures_are_still_not_enough():
    rating = _rating(4, 4)
    rating.measures[-1] = Measure(BY_KEY["discharge_speed"], value=1.0, base=10)
    assert rating.evidence == "3 of 7" and rating.rating is None
    rating.measures[2] = Measure(BY_KEY["improvement_speed"], value=90.0, base=10)
    assert rating.evidence == "4 of 7" and rating.rating is Rating.OUTSTANDING
