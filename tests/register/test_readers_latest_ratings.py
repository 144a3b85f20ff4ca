"""Latest_ratings (long format): pivoting domain rows into a location's current ratings."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from carewatch.register import formats
from carewatch.register.importers import ImportFileError
from carewatch.register.importers.latest_ratings import read_latest_ratings
from carewatch.register.importers.records import KeyQuestionRating, LocationRecord, ServiceRating
from tests.register.odsutil import Cell, latest_rating_rows, table, write_table

FILE_NAME = "01_November_2026_Latest_ratings"


def write_ratings(
    tmp_path: Path,
    suffix: str,
    records: list[dict[str, Cell]],
    columns: list[str] | None = None,
    header: list[str] | None = None,
) -> Path:
    rows = table(columns or list(formats.LATEST_RATINGS_COLUMNS), records, header=header)
    path = tmp_path / f"{FILE_NAME}.{suffix}"
    return write_table(path, formats.LATEST_RATINGS_LOCATIONS_SHEET, rows, pad=True)


def read_all(path: Path) -> tuple[list[LocationRecord], list[str]]:
    reader = read_latest_ratings(path)
    records = list(reader)
    assert all(isinstance(record, LocationRecord) for record in records)
    return records, [str(bad) for bad in reader.meta.bad_records]  # type: ignore[return-value]


@pytest.mark.parametrize("suffix", ["ods", "xlsx", "csv"])
def test_domain_rows_become_key_questions_each_with_its_own_date(tmp_path: Path, suffix: str) -> None:
    [location], bad = read_all(write_ratings(tmp_path, suffix, latest_rating_rows()))

    assert bad == []
    assert location.partial is True
    assert location.location_id == "1-1000210669"
    assert location.name == "Treetops Nursing Home"
    assert location.provider_id == "1-101612188"
    assert location.local_authority == "Oldham"
    assert location.care_home is True
    assert location.source_ref == "line 2"
    [current] = location.ratings or ()
    assert current.is_current and current.overall == "Good" and current.report_on == date(2023, 5, 16)
    assert current.key_questions == (
        KeyQuestionRating("safe", "Requires improvement", date(2023, 5, 16)),
        KeyQuestionRating("effective", "Good", date(2018, 2, 27)),
        KeyQuestionRating("caring", "Good", date(2018, 2, 27)),
        KeyQuestionRating("responsive", "Good", date(2018, 2, 27)),
        KeyQuestionRating("well_led", "Good", date(2023, 5, 16)),
    )
    assert current.services == ()
    assert location.service_types is None and location.beds is None  # not in this format


def test_other_groups_become_service_ratings(tmp_path: Path) -> None:
    rows = [
        {**row, "Latest Rating": "Not Rated", "Publication Date": date(2025, 3, 1)}
        for row in latest_rating_rows()
        if row["Domain"] == "Overall"
    ]
    rows += latest_rating_rows(**{"Service / Population Group": "Homecare agencies"})
    rows += latest_rating_rows(**{"Service / Population Group": "Supported living"})[:2]

    [location], bad = read_all(write_ratings(tmp_path, "csv", rows))

    assert bad == []
    [current] = location.ratings or ()
    assert current.overall == "Not Rated" and current.key_questions == ()
    assert [service.service for service in current.services] == ["Homecare agencies", "Supported living"]
    assert current.services[1] == ServiceRating(
        "Supported living",
        "Good",
        date(2023, 5, 16),
        "",
        (KeyQuestionRating("safe", "Requires improvement", date(2023, 5, 16)),),
    )


def test_locations_are_grouped_even_when_their_rows_are_not_together(tmp_path: Path) -> None:
    first, second = latest_rating_rows("1-1000000001"), latest_rating_rows("1-1000000002")
    rows = [first[0], second[0], *first[1:], *second[1:]]

    locations, bad = read_all(write_ratings(tmp_path, "csv", rows))

    assert bad == []
    assert [location.location_id for location in locations] == ["1-1000000001", "1-1000000002"]
    assert all(len(location.ratings[0].key_questions) == 5 for location in locations if location.ratings)


@pytest.mark.parametrize("suffix", ["ods", "xlsx", "csv"])
def test_columns_in_any_order_and_extra_columns_are_read(tmp_path: Path, suffix: str) -> None:
    columns = [*formats.LATEST_RATINGS_COLUMNS, "Extra"]
    random.Random(7).shuffle(columns)
    rows = [{**row, "Extra": "x"} for row in latest_rating_rows()]

    [location], bad = read_all(
        write_ratings(tmp_path, suffix, rows, columns, header=[f" {name.lower()}  " for name in columns])
    )

    assert bad == [] and location.ratings and len(location.ratings[0].key_questions) == 5


def test_a_location_with_a_row_for_no_known_key_question_is_skipped_and_the_row_reported(
    tmp_path: Path,
) -> None:
    bad_rows = latest_rating_rows("1-1000000002")
    bad_rows[3]["Domain"] = "Kindness"
    rows = latest_rating_rows("1-1000000001") + bad_rows

    locations, bad = read_all(write_ratings(tmp_path, "csv", rows))

    assert [location.location_id for location in locations] == ["1-1000000001"]
    assert len(bad) == 1 and bad[0].startswith(
        f"{FILE_NAME}.csv, line 11, field 'Domain': unknown key question"
    )


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("Latest Rating", "Superb", "unknown rating 'Superb'"),
        ("Publication Date", "30/02/2023", "impossible date '30/02/2023'"),
    ],
)
def test_a_bad_rating_or_date_is_kept_blank_with_a_warning_and_the_location_read(
    tmp_path: Path, column: str, value: str, reason: str
) -> None:
    bad_rows = latest_rating_rows("1-1000000002")
    bad_rows[3][column] = value
    rows = latest_rating_rows("1-1000000001") + bad_rows
    reader = read_latest_ratings(write_ratings(tmp_path, "csv", rows))

    locations = list(reader)

    assert [location.location_id for location in locations] == ["1-1000000001", "1-1000000002"]
    assert reader.meta.bad_records == []
    [warning] = [str(bad) for bad in reader.meta.warnings]
    assert warning.startswith(f"{FILE_NAME}.csv, line 11, field {column!r}: {reason}")


def test_a_malformed_location_id_is_reported(tmp_path: Path) -> None:
    rows = latest_rating_rows("1-1000000001") + latest_rating_rows("L-123")[:1]

    locations, bad = read_all(write_ratings(tmp_path, "csv", rows))

    assert len(locations) == 1
    assert bad == [f"{FILE_NAME}.csv, line 8, field 'Location ID': malformed CQC id 'L-123'"]


def test_a_repeated_domain_is_reported(tmp_path: Path) -> None:
    rows = latest_rating_rows()
    rows.append(dict(rows[1]))

    locations, bad = read_all(write_ratings(tmp_path, "csv", rows))

    assert locations == []
    assert bad == [
        f"{FILE_NAME}.csv, line 8, field 'Domain': a second Overall / Safe rating for 1-1000210669"
    ]


def test_a_missing_required_column_is_an_import_file_error(tmp_path: Path) -> None:
    columns = [name for name in formats.LATEST_RATINGS_COLUMNS if name != "Domain"]

    with pytest.raises(ImportFileError, match="missing required column 'Domain'"):
        read_latest_ratings(write_ratings(tmp_path, "ods", latest_rating_rows(), columns))


def test_the_snapshot_is_dated_by_its_file_name(tmp_path: Path) -> None:
    reader = read_latest_ratings(write_ratings(tmp_path, "ods", latest_rating_rows()))

    assert reader.meta.as_of == date(2026, 11, 1)
    assert reader.meta.source_kind == "latest-ratings"
    assert reader.meta.complete_register is False
