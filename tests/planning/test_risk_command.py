"""``carewatch risk``: every active adult social care service in a council, scored from the register."""

import json
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carewatch.planning import queries
from carewatch.register import services
from carewatch.register.importers.records import RatingRecord
from tests.register import factories as f

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def history(*ratings: tuple[str, date]) -> tuple[RatingRecord, ...]:
    return tuple(
        RatingRecord(
            report_on=on,
            report_link_id=f"r-{on}",
            overall=overall,
            is_current=index == 0,
            key_questions=f.key_questions(overall, on),
        )
        for index, (overall, on) in enumerate(ratings)
    )


@pytest.fixture
def oldham(db):
    records = [
        f.location("1-1", rating="Good", rated_on=date(2025, 5, 1), registered_manager="A Manager"),
        f.location(
            "1-2",
            ratings=history(("Inadequate", date(2025, 2, 1)), ("Good", date(2020, 1, 1))),
            registered_manager="",
        ),
        f.location(
            "1-3", rating="Inadequate", deregistered_on=date(2025, 6, 1), registration_status="Deregistered"
        ),
        f.location("1-4", rating="Inadequate", local_authority="Rochdale", registered_manager="B"),
    ]
    services.import_snapshot(reader=f.reader(records), imported_at=NOW, actor_label="test")


def run(*args: str) -> str:
    out = StringIO()
    call_command("risk", *args, stdout=out)
    return out.getvalue()


def test_the_json_lists_every_active_service_in_the_area_with_id_score_and_reasons(oldham):
    payload = json.loads(run("--la", "oldham", "--as-of", "2026-11-01", "--format", "json"))
    services_out = payload["services"]
    assert [item["id"] for item in services_out] == ["1-2", "1-1"]  # not deregistered, not Rochdale
    worst = services_out[0]
    assert worst["score"] == 40 + 30 + 24 + 3 * 10 + 15 + 9
    assert "rating fell from Good to Inadequate in 2025" in [r["text"] for r in worst["reasons"]]
    assert services_out[1]["score"] == 0 and services_out[1]["reasons"] == []


def test_as_at_a_past_date_a_later_rating_is_not_seen(oldham):
    payload = json.loads(run("--la", "Oldham", "--as-of", "2024-01-01", "--format", "json"))
    by_id = {item["id"]: item for item in payload["services"]}
    assert "1-3" in by_id  # still registered then
    assert [r["text"] for r in by_id["1-2"]["reasons"]] == [
        "registered manager missing",
        "last CQC rating 4 years old",
    ]
    assert by_id["1-2"]["score"] == 9 + 8  # the Good of 2020, four years old: no Inadequate yet


def test_the_table_and_csv_show_the_reasons(oldham):
    assert "rated Inadequate overall in 2025 (+40)" in run("--la", "Oldham", "--as-of", "2026-11-01")
    lines = run("--la", "Oldham", "--as-of", "2026-11-01", "--format", "csv").splitlines()
    assert lines[0] == "id,name,score,reasons" and lines[1].startswith("1-2,")


def test_an_unknown_council_or_a_bad_date_is_a_clear_error(oldham):
    with pytest.raises(CommandError, match="no council called 'Atlantis'"):
        run("--la", "Atlantis")
    with pytest.raises(CommandError, match="--as-of must be a date"):
        run("--la", "Oldham", "--as-of", "yesterday")


def test_scoring_all_of_england_takes_the_same_queries_however_many_services(oldham):
    with CaptureQueriesContext(connection) as few:
        queries.scores_as_at(as_of=date(2026, 11, 1))
    more = [f.location(f"1-9{n}", rating="Requires improvement") for n in range(20)]
    services.import_snapshot(
        reader=f.reader(more, as_of=date(2026, 11, 2)), imported_at=NOW, actor_label="test"
    )
    with CaptureQueriesContext(connection) as many:
        scores = queries.scores_as_at(as_of=date(2026, 11, 1))
    assert len(scores) == 23 and len(many) == len(few)
