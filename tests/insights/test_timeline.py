"""Figures from the dated history: the monthly trend, counts as at a date, the age of ratings."""

from datetime import date

import pytest

from carewatch.insights import areas, services, timeline
from carewatch.insights.queries import market
from carewatch.register import queries as register_queries

OLDHAM = areas.Area("la", "E08000004", "Oldham")
pytestmark = pytest.mark.usefixtures("small_register")


def test_month_ends_run_oldest_first_and_end_at_the_last_month_end_on_or_before_the_date():
    days = timeline.month_ends(date(2024, 3, 15), years=1)
    assert days[0] == date(2023, 3, 31)
    assert days[-1] == date(2024, 2, 29)
    assert len(days) == 12
    assert timeline.month_ends(date(2024, 3, 31), years=1)[-1] == date(2024, 3, 31)


def test_the_monthly_trend_follows_registrations_ratings_and_deregistrations():
    histories = timeline.load(OLDHAM, "care-homes")
    days = [
        date(2019, 3, 31),
        date(2019, 12, 31),
        date(2022, 12, 31),
        date(2023, 12, 31),
        date(2024, 3, 31),
        date(2024, 6, 30),
    ]
    points = {p.on: p for p in timeline.series(histories, days)[("all", "")]}
    # March 2019: Oak Lodge registered but not yet rated; Elm House Good; Birch View Outstanding.
    assert (points[date(2019, 3, 31)].active, points[date(2019, 3, 31)].rated) == (3, 2)
    assert points[date(2019, 3, 31)].pct_good_or_outstanding_of_rated == 100.0
    assert points[date(2019, 3, 31)].pct_good_or_outstanding_of_active == 66.7
    # December 2019: Oak Lodge Requires improvement.
    assert points[date(2019, 12, 31)].requires_improvement == 1
    assert points[date(2019, 12, 31)].pct_good_or_outstanding_of_rated == 66.7
    # December 2023: Ash Court registered, not rated; Oak Lodge Good.
    p = points[date(2023, 12, 31)]
    assert (p.active, p.rated, p.good_or_outstanding) == (4, 3, 3)
    # March 2024: Elm House Inadequate.
    assert points[date(2024, 3, 31)].inadequate == 1
    # June 2024: Birch View deregistered on 1 May 2024.
    assert points[date(2024, 6, 30)].active == 3
    assert points[date(2024, 6, 30)].outstanding == 0


@pytest.mark.parametrize(
    "day", [date(2019, 3, 31), date(2021, 7, 15), date(2024, 2, 15), date(2024, 5, 1), date(2025, 6, 30)]
)
@pytest.mark.parametrize("service", ["care-homes", "home-care", "all"])
def test_the_sweep_agrees_with_the_registers_market_figures_as_at_any_date(day, service):
    expected = next(
        r
        for r in register_queries.market_figures(by="la", service=service, as_of=day)
        if r.code == OLDHAM.code
    )
    got = timeline.counts_on(timeline.load(OLDHAM, service), day)
    series = timeline.series(timeline.load(OLDHAM, service), [day])[("all", "")][0]
    for counts in (got, series):
        assert (
            counts.active,
            counts.outstanding,
            counts.good,
            counts.requires_improvement,
            counts.inadequate,
        ) == (
            expected.active,
            expected.outstanding,
            expected.good,
            expected.requires_improvement,
            expected.inadequate,
        )


def test_inspected_but_not_rated_does_not_replace_the_rating_before_it():
    counts = timeline.counts_on(timeline.load(OLDHAM, "home-care"), date(2024, 1, 31))
    assert counts.good == 1


def test_rating_age_gives_the_median_and_the_shares_older_than_two_and_four_years():
    age = timeline.rating_age_on(timeline.load(OLDHAM, "care-homes"), date(2024, 3, 31))
    # Rated on 31 March 2024: Oak Lodge (2022-03-10, 752 days), Elm House (2024-02-15, 45), Birch View (2017-08-01, 2434).
    assert age.rated == 3
    assert age.median_days == 752
    assert age.older_than_2_years == 2  # 752 and 2434 days are over 730.5
    assert age.older_than_4_years == 1
    assert age.bands == (1, 0, 1, 0, 1)
    assert age.pct_older_than_2_years == 66.7


def test_rating_age_now_comes_from_the_current_ratings():
    age = market.rating_age(OLDHAM, "care-homes", None, today=date(2026, 11, 2))
    # Active now: Oak Lodge (Good 2022-03-10) and Elm House (Inadequate 2024-02-15); Ash Court unrated.
    assert age.rated == 2
    assert (
        age.median_days
        == ((date(2026, 11, 2) - date(2022, 3, 10)).days + (date(2026, 11, 2) - date(2024, 2, 15)).days) / 2
    )
    assert age.older_than_4_years == 1


def test_precomputed_months_give_the_same_figures_as_the_live_history(django_assert_max_num_queries):
    from datetime import UTC, datetime

    until = date(2026, 11, 2)
    live_trend = market.trend(OLDHAM, "care-homes", until=until, years=10)
    live_age = market.rating_age(OLDHAM, "care-homes", date(2024, 3, 31), today=until)
    services.refresh_market_months(until=until, now=datetime(2026, 11, 2, tzinfo=UTC))
    assert market.fresh_version()
    with django_assert_max_num_queries(4):
        stored = market.trend(OLDHAM, "care-homes", until=until, years=10)
    assert [p.as_dict() for p in stored] == [p.as_dict() for p in live_trend]
    stored_age = market.rating_age(OLDHAM, "care-homes", date(2024, 3, 31), today=until)
    assert stored_age == live_age
    england = market.trend(areas.ENGLAND, "all", until=until, years=1)
    assert england[-1].active == 5  # Oak Lodge, Elm House, Ash Court, Cedar Care at Home, Rochdale Grange


def test_a_later_import_makes_the_precomputed_months_stale():
    from datetime import UTC, datetime

    services.refresh_market_months(until=date(2026, 11, 2), now=datetime(2026, 11, 2, tzinfo=UTC))
    assert market.fresh_version()
    from carewatch.register import services as register_services
    from tests.insights.conftest import IMPORTED_AT
    from tests.register import factories as f

    register_services.import_snapshot(
        reader=f.reader([f.location("1-100000009", name="New Home")], name="later"),
        imported_at=IMPORTED_AT,
        actor_label="insights tests",
    )
    assert market.fresh_version() is None
