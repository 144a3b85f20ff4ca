"""Check carewatch's "% of care homes rated Good or Outstanding" against LG Inform's published series.

carewatch's definition (docs/methodology.md, "Reproducing LG Inform's % of care homes rated Good or
Outstanding"): active (registered, not dormant) adult social care locations with careHome = Y in the
council, Good or Outstanding as a % of those with a rating, as at the first day of LG Inform's month.
The real Oldham API dump is a single snapshot from today: past months rely on registration and
deregistration dates and the ratings history it holds.
"""

import csv
from datetime import UTC, date, datetime, timedelta

import pytest

from carewatch.insights import areas, timeline
from carewatch.register import queries as register_queries
from carewatch.register import services as register_services
from carewatch.register.importers import detect
from tests.conftest import SHARED_DATA

LGINFORM = SHARED_DATA / "lginform-care-homes-good-outstanding-pct.csv"
OLDHAM = areas.Area("la", "E08000004", "Oldham")
pytestmark = pytest.mark.realdata


def lginform_rows(area_code: str) -> dict[date, float]:
    """LG Inform's values by the first day of their period ("Apr 2026" → 2026-04-01)."""
    if not LGINFORM.exists():
        pytest.skip(f"LG Inform series not found at {LGINFORM}")
    with LGINFORM.open(newline="", encoding="utf-8") as handle:
        return {
            datetime.strptime(row["period"], "%b %Y").date(): float(row["value"])
            for row in csv.DictReader(handle)
            if row["area_code"] == area_code
        }


def lginform_periods() -> list[date]:
    return sorted(lginform_rows("E92000001"))


@pytest.fixture
def oldham_series(db, oldham_dump):
    register_services.ensure_reference_data()
    register_services.import_snapshot(
        reader=detect.open_reader(oldham_dump),
        imported_at=datetime(2026, 11, 22, tzinfo=UTC),
        actor_label="lginform test",
        force=True,
    )
    periods = lginform_periods()
    return timeline.series(timeline.load(OLDHAM, "care-homes"), periods)[("all", "")]


def test_oldhams_monthly_series_is_computed_for_every_lginform_period(oldham_series):
    assert [p.on for p in oldham_series] == lginform_periods()
    for point in oldham_series:
        assert 30 <= point.active <= 60  # Oldham has about 44 care homes
        assert point.rated <= point.active
        assert 70 <= point.pct_good_or_outstanding_of_rated <= 95
    # The last period, recomputed from history, agrees with market_figures as at that date.
    last = oldham_series[-1]
    expected = next(
        r
        for r in register_queries.market_figures(by="la", service="care-homes", as_of=last.on)
        if r.code == OLDHAM.code
    )
    assert (last.active, last.rated, last.good_or_outstanding) == (
        expected.active,
        expected.rated,
        expected.good_or_outstanding,
    )


def test_oldhams_series_against_lginforms_oldham_rows(oldham_series):
    published = lginform_rows(OLDHAM.code)
    if not published:
        pytest.skip(
            "LG Inform's file has no Oldham (E08000004) rows: it holds England and 16 other councils, so the "
            "Oldham series cannot be compared (docs/methodology.md says so)."
        )
    differences = {
        p.on: abs(p.pct_good_or_outstanding_of_rated - published[p.on])
        for p in oldham_series
        if p.on in published
    }
    # A single snapshot from today cannot see locations deregistered before it was taken, nor ratings
    # it no longer lists: allow 5 points, and require most months within 2.
    assert max(differences.values()) <= 5
    assert sum(d <= 2 for d in differences.values()) >= 0.75 * len(differences)


def test_lginforms_values_are_shares_of_a_whole_number_of_care_homes():
    """Every published council value is k/n to one decimal for some n up to 150 (a count of rated homes)."""
    for code in {"E08000002", "E08000007", "E09000003", "E06000036"}:
        for value in lginform_rows(code).values():
            assert any(round(100 * k / n, 1) == value for n in range(5, 151) for k in range(n + 1)), (
                code,
                value,
            )


def test_month_start_and_month_end_differ_by_one_day():
    assert timeline.previous_month_end(date(2026, 4, 1)) == date(2026, 3, 31)
    assert date(2026, 4, 1) - timedelta(days=1) == date(2026, 3, 31)
