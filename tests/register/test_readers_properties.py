"""Property-based: malformed input never crashes a reader, and whatever it yields is valid.

Every reader may raise ImportFileError for a file it cannot read at all; anything else must be
a BadRecord, never an exception, and every record yielded must satisfy the records' contract.
"""

from __future__ import annotations

import copy
import functools
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carewatch.register import formats
from carewatch.register.importers import ImportFileError
from carewatch.register.importers.api_dump import read_api_dump
from carewatch.register.importers.api_json import location_from_api, provider_from_api
from carewatch.register.importers.detect import open_reader
from carewatch.register.importers.records import (
    ALL_RATINGS,
    KEY_QUESTIONS,
    LOCATION_ID_RE,
    BadRecord,
    LocationRecord,
    ProviderRecord,
    RatingRecord,
)
from tests.register.odsutil import (
    directory_record,
    hsca_record,
    latest_rating_rows,
    table,
    write_csv,
    write_table,
)
from tests.register.test_readers_api_json import assessment, detail

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- what a valid record looks like --------------------------------------------------------------


def check_rating(rating: RatingRecord) -> None:
    assert rating.overall is None or rating.overall in ALL_RATINGS
    assert rating.report_on is None or type(rating.report_on) is date
    keys = [kq.key_question for kq in rating.key_questions]
    assert len(keys) == len(set(keys)) and set(keys) <= set(KEY_QUESTIONS)
    for kq in rating.key_questions:
        assert kq.rating in ALL_RATINGS and (kq.report_on is None or type(kq.report_on) is date)
    for service in rating.services:
        assert service.service and service.rating in ALL_RATINGS
        assert all(kq.rating in ALL_RATINGS for kq in service.key_questions)
    assert isinstance(rating.report_link_id, str) and isinstance(rating.predecessor_id, str)


def check_record(record: object) -> None:
    assert isinstance(record, LocationRecord | ProviderRecord)
    record_id = record.location_id if isinstance(record, LocationRecord) else record.provider_id
    assert LOCATION_ID_RE.match(record_id)
    for name in ("registered_on", "deregistered_on"):
        value = getattr(record, name)
        assert value is None or type(value) is date
    if isinstance(record, ProviderRecord):
        return
    assert record.provider_id is None or LOCATION_ID_RE.match(record.provider_id)
    assert record.beds is None or (isinstance(record.beds, int) and record.beds >= 0)
    assert record.latitude is None or -90 <= record.latitude <= 90
    assert record.longitude is None or -180 <= record.longitude <= 180
    for name in ("dormant", "care_home"):
        assert getattr(record, name) in (None, True, False)
    for name in ("service_types", "specialisms", "regulated_activities"):
        values = getattr(record, name)
        assert values is None or all(isinstance(value, str) and value for value in values)
    ratings = record.ratings or ()
    assert sum(rating.is_current for rating in ratings) <= 1
    for rating in ratings:
        check_rating(rating)
    for assessment_record in record.assessments or ():
        assert assessment_record.rating is None or assessment_record.rating in ALL_RATINGS
        for kq in assessment_record.key_questions:
            assert kq.key_question in KEY_QUESTIONS and kq.rating in ALL_RATINGS
            assert kq.percent is None or 0 <= kq.percent <= 100
            for statement in kq.statements:
                assert 1 <= statement.statement_id <= 34
                assert statement.score is None or 1 <= statement.score <= 4


def check_bad(bad: list[BadRecord]) -> None:
    for problem in bad:
        assert problem.source and problem.where and problem.field and problem.reason
        assert "internal error" not in problem.reason, str(problem)


# --- API detail JSON: random mutations of a valid response --------------------------------------

INTERESTING = st.sampled_from(
    ["", " ", "Y", "N", "2023-02-30", "2024-01-01", "31/12/2020", "Requires Improvement", "Marvellous", "Well-led",
     "1-123456789", "RT242", "1-12", "75", "0", "-1", "1e400", "inf", "NaN", "34.5", "²", "3 - Good", "9 - Great", "Assessed", "true"]
)  # fmt: skip
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats()
    | st.text(max_size=12)
    | INTERESTING
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=8) | INTERESTING, children, max_size=3)
    ),
    max_leaves=6,
)


def base_detail() -> dict[str, Any]:
    value = detail(assessment=[assessment()])
    value["currentRatings"]["serviceRatings"] = [
        {
            "name": "care",
            "rating": "Good",
            "reportDate": "2023-05-16",
            "reportLinkId": "r2",
            "keyQuestionRatings": [],
        }
    ]
    return value


def containers(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every dict and list inside ``value`` with its path."""
    if isinstance(value, dict | list):
        yield path, value
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in items:
            yield from containers(child, (*path, key))


@st.composite
def mutated_details(draw: st.DrawFn) -> Any:
    value = base_detail()
    for _ in range(draw(st.integers(1, 4))):
        if not isinstance(value, dict | list):
            break
        _, target = draw(st.sampled_from(list(containers(value))))
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        action = draw(st.sampled_from(["replace", "delete", "add"] if keys else ["add"]))
        if action == "add":
            if isinstance(target, dict):
                target[draw(st.text(max_size=8) | st.sampled_from(sorted(base_detail())))] = draw(JSON_VALUES)
            else:
                target.append(draw(JSON_VALUES))
        else:
            key = draw(st.sampled_from(keys))
            if action == "delete":
                del target[key]
            else:
                target[key] = draw(JSON_VALUES)
    if draw(st.booleans()) and draw(st.booleans()):
        return draw(JSON_VALUES)  # sometimes not even an object
    return value


@FAST
@given(mutated_details())
def test_a_mutated_location_response_gives_a_valid_record_or_a_bad_record(value: Any) -> None:
    bad: list[BadRecord] = []
    original = copy.deepcopy(value)

    record = location_from_api(value, source="location.json", bad=bad)

    assert value == original or value != value  # not modified (NaN is never equal to itself)
    if record is None:
        assert len(bad) == 1
    else:
        assert bad == []
        check_record(record)
    check_bad(bad)


@FAST
@given(
    st.dictionaries(
        st.sampled_from(["providerId", "name", "registrationDate", "postalAddressLine1", "brandId"])
        | st.text(max_size=6),
        JSON_VALUES,
        max_size=6,
    )
)
def test_a_random_provider_response_gives_a_valid_record_or_a_bad_record(value: dict[str, Any]) -> None:
    bad: list[BadRecord] = []

    record = provider_from_api(value, source="provider.json", bad=bad)

    assert (record is None) == (len(bad) == 1)
    if record is not None:
        check_record(record)
    check_bad(bad)


# --- bulk CSV files: random strings in random cells ---------------------------------------------

CELL_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=15) | INTERESTING


def read_everything(path: Path) -> list[object]:
    """Open and read ``path`` like the importer would; only ImportFileError may escape."""
    try:
        reader = open_reader(path)
        records = list(reader)
    except ImportFileError:
        return []
    for record in records:
        check_record(record)
    check_bad(reader.meta.bad_records)
    return records


@FAST
@given(
    st.lists(
        st.dictionaries(st.sampled_from(formats.hsca_columns()), CELL_TEXT, max_size=8),
        min_size=1,
        max_size=3,
    )
)
def test_random_cells_in_an_hsca_csv_never_crash_the_reader(changes: list[dict[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        rows = table(formats.hsca_columns(), [hsca_record(**change) for change in changes])  # type: ignore[arg-type]
        read_everything(write_csv(Path(folder) / "01_May_2026_HSCA_Active_Locations.csv", rows))


@FAST
@given(
    st.lists(
        st.dictionaries(st.sampled_from(formats.LATEST_RATINGS_COLUMNS), CELL_TEXT, max_size=4),
        min_size=1,
        max_size=6,
    )
)
def test_random_cells_in_a_latest_ratings_csv_never_crash_the_reader(changes: list[dict[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        rows = latest_rating_rows()
        records = [{**row, **change} for row, change in zip(rows, changes + [{}] * len(rows), strict=False)]
        path = write_csv(Path(folder) / "Latest_ratings.csv", table(formats.LATEST_RATINGS_COLUMNS, records))
        read_everything(path)


@FAST
@given(
    st.lists(
        st.dictionaries(st.sampled_from(formats.DIRECTORY_COLUMNS), CELL_TEXT, max_size=5),
        min_size=1,
        max_size=3,
    )
)
def test_random_cells_in_a_directory_csv_never_crash_the_reader(changes: list[dict[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        rows = [
            ["preamble"],
            [],
            [],
            [],
            *table(formats.DIRECTORY_COLUMNS, [directory_record(**c) for c in changes]),
        ]  # type: ignore[arg-type]
        read_everything(write_csv(Path(folder) / "CQC_directory.csv", rows))


# --- damaged files: truncated, or with a byte changed --------------------------------------------


@functools.cache
def sample_files() -> dict[str, bytes]:
    """One small valid file per format, as bytes."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        hsca = table(formats.hsca_columns(), [hsca_record(), hsca_record(**{"Location ID": "1-2000000000"})])
        ratings = table(formats.LATEST_RATINGS_COLUMNS, latest_rating_rows())
        paths = [
            write_table(
                root / "HSCA_Active_Locations.ods",
                formats.HSCA_SHEET,
                hsca,
                readme=["CQC database as at 1 May 2026"],
            ),
            write_table(root / "HSCA_Active_Locations.xlsx", formats.HSCA_SHEET, hsca),
            write_table(root / "HSCA_Active_Locations.csv", "", hsca),
            write_table(root / "Latest_ratings.ods", formats.LATEST_RATINGS_LOCATIONS_SHEET, ratings),
            write_csv(
                root / "CQC_directory.csv",
                [["x"], [], [], [], *table(formats.DIRECTORY_COLUMNS, [directory_record()])],
            ),
        ]
        return {path.name: path.read_bytes() for path in paths}


@st.composite
def damaged_files(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(sample_files())))
    content = sample_files()[name]
    if draw(st.booleans()):
        return name, content[: draw(st.integers(0, len(content) - 1))]
    position = draw(st.integers(0, len(content) - 1))
    return name, content[:position] + bytes([draw(st.integers(0, 255))]) + content[position + 1 :]


@FAST
@given(damaged_files())
def test_a_damaged_bulk_file_is_read_or_refused_but_never_crashes(damaged: tuple[str, bytes]) -> None:
    name, content = damaged
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        read_everything(path)


@FAST
@given(st.integers(0, 2000), st.sampled_from(["location", "provider", "locations", "snapshot"]))
def test_a_truncated_file_in_a_dump_is_a_bad_record_or_an_import_file_error(cut: int, which: str) -> None:
    import json

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "location_details").mkdir()
        (root / "provider_details").mkdir()
        files = {
            "location": (
                root / "location_details" / f"location_{detail()['locationId']}.json",
                json.dumps(base_detail()),
            ),
            "provider": (
                root / "provider_details" / "provider_1-101612188.json",
                '{"providerId": "1-101612188"}',
            ),
            "locations": (
                root / "locations.json",
                json.dumps({"locations": [{"locationId": detail()["locationId"]}]}),
            ),
            "snapshot": (root / "snapshot.json", '{"as_of": "2026-11-01"}'),
        }
        for key, (path, text) in files.items():
            path.write_text(text[:cut] if key == which else text)
        try:
            reader = read_api_dump(root)
            records = list(reader)
        except ImportFileError:
            return
        for record in records:
            check_record(record)
        check_bad(reader.meta.bad_records)
