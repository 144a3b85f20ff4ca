"""open_reader tells the format from the path: directory, file name, sheets, header."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carewatch.register import formats
from carewatch.register.importers import ImportFileError
from carewatch.register.importers.api_dump import ApiDumpReader
from carewatch.register.importers.detect import open_reader
from carewatch.register.importers.directory import DirectoryReader
from carewatch.register.importers.hsca import HscaReader
from carewatch.register.importers.latest_ratings import LatestRatingsReader
from tests.register.odsutil import (
    directory_record,
    hsca_record,
    latest_rating_rows,
    table,
    write_csv,
    write_table,
)


def hsca_rows() -> list[list[object]]:
    return table(formats.hsca_columns(), [hsca_record()])  # type: ignore[return-value]


def ratings_rows() -> list[list[object]]:
    return table(formats.LATEST_RATINGS_COLUMNS, latest_rating_rows())  # type: ignore[return-value]


def directory_rows() -> list[list[object]]:
    return [["preamble"], [], [], [], *table(formats.DIRECTORY_COLUMNS, [directory_record()])]  # type: ignore[list-item]


def test_a_dump_directory_is_read_as_an_api_dump(tmp_path: Path) -> None:
    (tmp_path / "locations.json").write_text(json.dumps({"locations": []}))

    assert isinstance(open_reader(tmp_path), ApiDumpReader)


def test_the_real_oldham_dump_is_read_as_an_api_dump(oldham_dump: Path) -> None:
    assert isinstance(open_reader(oldham_dump), ApiDumpReader)


def test_another_directory_cannot_be_told(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=rf"cannot tell the format of {tmp_path}: a directory must be"):
        open_reader(tmp_path)


@pytest.mark.parametrize(
    ("name", "sheet", "rows", "expected"),
    [
        ("01_November_2026_HSCA_Active_Locations.ods", formats.HSCA_SHEET, hsca_rows, HscaReader),
        ("HSCA Active Locations.xlsx", formats.HSCA_SHEET, hsca_rows, HscaReader),
        ("01_November_2026_HSCA_Active_Locations.csv", "", hsca_rows, HscaReader),
        (
            "01_November_2026_Latest_ratings.ods",
            formats.LATEST_RATINGS_LOCATIONS_SHEET,
            ratings_rows,
            LatestRatingsReader,
        ),
        ("latest-ratings.csv", "", ratings_rows, LatestRatingsReader),
        ("01_November_2026_CQC_directory.csv", "", directory_rows, DirectoryReader),
    ],
)
def test_a_bulk_file_is_told_by_its_name(tmp_path: Path, name: str, sheet: str, rows, expected: type) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(open_reader(write_table(tmp_path / name, sheet, rows())), expected)


@pytest.mark.parametrize(
    ("suffix", "sheet", "rows", "expected"),
    [
        ("ods", formats.HSCA_SHEET, hsca_rows, HscaReader),
        ("xlsx", formats.LATEST_RATINGS_LOCATIONS_SHEET, ratings_rows, LatestRatingsReader),
        ("csv", "", hsca_rows, HscaReader),
        ("csv", "", ratings_rows, LatestRatingsReader),
        ("csv", "", directory_rows, DirectoryReader),
    ],
)
def test_a_renamed_bulk_file_is_told_by_its_sheets_or_header(  # type: ignore[no-untyped-def]
    tmp_path: Path, suffix: str, sheet: str, rows, expected: type
) -> None:
    assert isinstance(open_reader(write_table(tmp_path / f"download.{suffix}", sheet, rows())), expected)


def test_an_unknown_spreadsheet_cannot_be_told(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "download.csv", [["a", "b"], ["1", "2"]])

    with pytest.raises(ImportFileError, match=r"cannot tell the format of .*download\.csv: neither its name"):
        open_reader(path)


def test_another_kind_of_file_cannot_be_told(tmp_path: Path) -> None:
    path = tmp_path / "register.json"
    path.write_text("{}")

    with pytest.raises(
        ImportFileError, match=r"cannot tell the format of .*register\.json: expected a CQC API dump"
    ):
        open_reader(path)


def test_a_missing_path_cannot_be_told(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="no such file or directory"):
        open_reader(tmp_path / "nothing.ods")
