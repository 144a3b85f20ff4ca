"""`carewatch market --area …`: the dashboard on the command line, as a table, JSON or one table as CSV."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from carewatch.core import access
from carewatch.insights import areas
from carewatch.insights.queries import dashboard as dashboard_queries
from tests import access_helpers as ah

pytestmark = pytest.mark.usefixtures("small_register")


def market(*args) -> str:
    out = io.StringIO()
    call_command("market", *args, stdout=out)
    return out.getvalue()


def test_a_councils_dashboard_by_name_as_a_table():
    text = market("--area", "Oldham", "--service", "care-homes")
    assert text.startswith("Oldham: care homes, as at ")
    for heading in (
        "== Ratings [table: ratings]",
        "== Trend over 5 years [table: trend]",
        "== Variation between councils",
    ):
        assert heading in text
    assert "Councils' own records" not in text and "[table: cases]" not in text  # left out unless asked


def test_json_gives_the_same_figures_as_the_web_dashboard_as_at_a_past_date():
    payload = json.loads(
        market(
            "--area", "la:E08000004", "--service", "care-homes", "--as-of", "2021-12-31", "--format", "json"
        )
    )
    assert payload["as_of"] == "2021-12-31" and payload["name"] == "Oldham"
    ratings = {
        row[0]: row[1] for row in next(p for p in payload["panels"] if p["id"] == "ratings")["table"]["rows"]
    }
    board = dashboard_queries.build(
        areas.get("la", "E08000004"),
        service="care-homes",
        as_of=date(2021, 12, 31),
        today=date.today(),
        owners=access.NOBODY,
    )
    assert ratings["Good"] == board.ratings.good and ratings["Active services"] == board.ratings.active


def test_one_table_as_csv_and_clear_errors():
    rows = list(csv.reader(io.StringIO(market("--area", "england", "--format", "csv", "--table", "trend"))))
    assert rows[0] == ["Month-end", "Active", "Rated", "Good or Outstanding", "% of rated", "% of active"]
    with pytest.raises(CommandError, match="--table: choose one of ratings, trend"):
        market("--area", "england", "--format", "csv")
    with pytest.raises(CommandError, match="--area: no single council matches 'Atlantis'"):
        market("--area", "Atlantis")


def test_council_records_only_when_asked():
    ah.council(code="E08000004")
    assert "[table: cases]" not in market("--area", "Oldham")
    text = market("--area", "Oldham", "--with-council-records")
    assert "== Cases by ladder level and suspensions [table: cases]" in text
    assert "[table: visits]" in text and "[table: findings]" in text
