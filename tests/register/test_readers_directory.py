"""CQC_directory.csv: preamble, |-separated lists, partial records."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from carewatch.register import formats
from carewatch.register.importers import ImportFileError
from carewatch.register.importers.directory import read_directory
from carewatch.register.importers.records import LocationRecord
from tests.register.odsutil import Cell, directory_record, table, write_csv

FILE_NAME = "01_November_2026_CQC_directory.csv"
PREAMBLE = [
    ["CQC directory 01 November 2026"],
    ["Produced by the Care Quality Commission"],
    [],
    ["Note: ..."],
]


def write_directory(
    tmp_path: Path,
    records: list[dict[str, Cell]],
    columns: list[str] | None = None,
    name: str = FILE_NAME,
) -> Path:
    return write_csv(
        tmp_path / name, [*PREAMBLE, *table(columns or list(formats.DIRECTORY_COLUMNS), records)]
    )


def read_all(path: Path) -> tuple[list[LocationRecord], list[str]]:
    reader = read_directory(path)
    records = list(reader)
    return records, [str(bad) for bad in reader.meta.bad_records]  # type: ignore[return-value]


def test_a_row_becomes_a_partial_location(tmp_path: Path) -> None:
    [location], bad = read_all(write_directory(tmp_path, [directory_record()]))

    assert bad == []
    assert location == LocationRecord(
        location_id="1-10024040008",
        provider_id="1-9408305833",
        name="Ebenezer Care Services",
        address_line_1="S/C 2-5, Ivy Business Centre, Crown Street, Failsworth, Manchester",
        postcode="M35 9BG",
        phone="01616691029",
        website="www.example.org",
        local_authority="Oldham",
        region="North West",
        service_types=("Homecare agencies", "Supported living"),
        specialisms=("Caring for adults over 65 yrs", "Dementia"),
        source_ref="line 6",
        partial=True,
    )


def test_service_type_descriptions_are_mapped_to_api_names(tmp_path: Path) -> None:
    record = directory_record(
        **{"Service types": "Care home service with nursing| Domiciliary care service |"}
    )

    [location], _ = read_all(write_directory(tmp_path, [record]))

    assert location.service_types == ("Nursing homes", "Homecare agencies")


def test_the_snapshot_is_dated_by_its_file_name_or_not_at_all(tmp_path: Path) -> None:
    dated = read_directory(write_directory(tmp_path, [directory_record()]))
    undated = read_directory(write_directory(tmp_path, [directory_record()], name="directory.csv"))

    assert dated.meta.as_of == date(2026, 11, 1)
    assert undated.meta.as_of is None
    assert dated.meta.source_kind == "directory"


def test_columns_in_any_order_and_extra_columns_are_read(tmp_path: Path) -> None:
    columns = [*formats.DIRECTORY_COLUMNS, "Extra"]
    random.Random(3).shuffle(columns)

    [location], bad = read_all(write_directory(tmp_path, [directory_record(Extra="x")], columns))

    assert bad == [] and location.name == "Ebenezer Care Services"


def test_a_row_whose_location_id_is_malformed_is_rejected(tmp_path: Path) -> None:
    column = "CQC Location ID (for office use only)"
    records = [directory_record(), directory_record(**{column: "1-abc"})]

    locations, bad = read_all(write_directory(tmp_path, records))

    assert len(locations) == 1
    assert len(bad) == 1 and bad[0].startswith(
        f"{FILE_NAME}, line 7, field {column!r}: malformed CQC id '1-abc'"
    )


def test_a_malformed_provider_id_is_kept_blank_with_a_warning(tmp_path: Path) -> None:
    column = "CQC Provider ID (for office use only)"
    reader = read_directory(
        write_directory(tmp_path, [directory_record(), directory_record(**{column: "?"})])
    )

    locations = list(reader)

    assert len(locations) == 2 and locations[1].provider_id is None and reader.meta.bad_records == []
    [warning] = [str(bad) for bad in reader.meta.warnings]
    assert warning.startswith(f"{FILE_NAME}, line 7, field {column!r}: malformed CQC id '?'")


@pytest.mark.parametrize("value", ["2023-02-30", "16/11/2015 - 00:00", "whenever"])
def test_a_column_carewatch_does_not_keep_never_rejects_a_row(tmp_path: Path, value: str) -> None:
    records = [directory_record(), directory_record(**{"Date of latest check": value})]
    reader = read_directory(write_directory(tmp_path, records))

    assert len(list(reader)) == 2
    assert reader.meta.bad_records == [] and reader.meta.warnings == []


def test_a_missing_location_id_column_is_an_import_file_error(tmp_path: Path) -> None:
    columns = [name for name in formats.DIRECTORY_COLUMNS if name != "CQC Location ID (for office use only)"]

    with pytest.raises(ImportFileError, match=r"CQC_directory\.csv: no header row with a 'CQC Location ID"):
        read_directory(write_directory(tmp_path, [directory_record()], columns))


def test_a_missing_name_column_is_an_import_file_error(tmp_path: Path) -> None:
    columns = [name for name in formats.DIRECTORY_COLUMNS if name != "Name"]

    with pytest.raises(ImportFileError, match="missing required column 'Name'"):
        read_directory(write_directory(tmp_path, [directory_record()], columns))


def test_a_non_utf8_file_is_an_import_file_error(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    path.write_bytes("Name\nCafé\n".encode("latin-1"))

    with pytest.raises(ImportFileError, match="not UTF-8 at byte 8"):
        read_directory(path)
