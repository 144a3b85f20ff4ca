"""Streaming ODS reading: values, repeats, sheets, damage and flat memory."""

from __future__ import annotations

import tracemalloc
import zipfile
from datetime import date
from pathlib import Path

import pytest

from carewatch.register.importers import ImportFileError, ods
from tests.register.odsutil import ods_rows, write_ods, write_ods_xml


def test_cells_are_read_as_strings_numbers_and_dates(tmp_path: Path) -> None:
    path = write_ods(
        tmp_path / "f.ods",
        {"Data": [["Location ID", "Beds", "Start", "Lat"], ["1-123456789", 34, date(2010, 10, 1), 53.54]]},
    )

    assert list(ods.iter_sheet_rows(path, "Data")) == [
        ["Location ID", "Beds", "Start", "Lat"],
        ["1-123456789", "34", "2010-10-01", "53.54"],
    ]


def test_text_is_taken_from_nested_spans_spaces_and_paragraphs(tmp_path: Path) -> None:
    row = (
        "<table:table-row>"
        '<table:table-cell office:value-type="string"><text:p>Care<text:s text:c="2"/>home '
        "<text:span>with <text:span>nursing</text:span></text:span></text:p><text:p>line two</text:p>"
        "</table:table-cell>"
        '<table:table-cell office:value-type="float" office:value="12.0"><text:p>12.00</text:p></table:table-cell>'
        '<table:table-cell office:value-type="date" office:date-value="2024-02-29T00:00:00"><text:p>x</text:p>'
        "</table:table-cell>"
        "</table:table-row>"
    )
    path = write_ods_xml(tmp_path / "f.ods", {"Data": [row]})

    assert list(ods.iter_sheet_rows(path, "Data")) == [
        ["Care  home with nursing\nline two", "12", "2024-02-29"]
    ]


def test_repeated_cells_and_rows_are_expanded_but_trailing_padding_is_dropped(tmp_path: Path) -> None:
    rows = [
        '<table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell>'
        '<table:table-cell table:number-columns-repeated="2"/>'
        '<table:table-cell table:number-columns-repeated="2" office:value-type="string"><text:p>Y</text:p>'
        "</table:table-cell>"
        '<table:table-cell table:number-columns-repeated="16000"/></table:table-row>',
        '<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="5"/>'
        "</table:table-row>",
        '<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="string">'
        "<text:p>b</text:p></table:table-cell></table:table-row>",
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/>'
        "</table:table-row>",
    ]
    path = write_ods_xml(tmp_path / "f.ods", {"Data": rows})

    assert list(ods.iter_sheet_rows(path, "Data")) == [["a", "", "", "Y", "Y"], [], [], ["b"], ["b"]]


def test_only_the_named_sheet_is_read_and_sheet_names_are_listed(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "f.ods", {"README": [["about"]], "Data": [["x"]], "Other": [["y"]]}, pad=True)

    assert ods.sheet_names(path) == ["README", "Data", "Other"]
    assert list(ods.iter_sheet_rows(path, "Data")) == [["x"]]


def test_a_missing_sheet_is_an_import_file_error_naming_it(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "f.ods", {"Data": [["x"]]})

    with pytest.raises(ImportFileError, match="no sheet named 'Missing'"):
        list(ods.iter_sheet_rows(path, "Missing"))


def test_the_sheet_scan_can_stop_at_the_sheet_wanted(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "f.ods", {"README": [["about"]], "Data": [["x"]], "Other": [["y"]]})

    assert ods.sheet_names(path, stop_at=lambda name: name == "Data") == ["README", "Data"]


def test_the_readme_date_is_read(tmp_path: Path) -> None:
    path = write_ods(
        tmp_path / "f.ods", {"README": [["HSCA Active Locations"], ["CQC database as at 01 November 2026"]]}
    )

    assert ods.read_as_of(path) == date(2026, 11, 1)
    assert ods.as_of_from_text("CQC  database as at 5 October 2025.") == date(2025, 10, 5)
    assert ods.as_of_from_text("CQC database as at 31 February 2025") is None
    assert ods.as_of_from_text("something else") is None


def test_a_file_that_is_not_a_zip_is_an_import_file_error(tmp_path: Path) -> None:
    path = tmp_path / "f.ods"
    path.write_text("Location ID,Name\n")

    with pytest.raises(ImportFileError, match=r"f\.ods: not a readable ODS file"):
        ods.sheet_names(path)


def test_truncated_xml_is_an_import_file_error_with_its_position(tmp_path: Path) -> None:
    path = tmp_path / "f.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "content.xml", '<?xml version="1.0"?>\n<office:document-content xmlns:office="x"><a>'
        )

    with pytest.raises(ImportFileError, match="not well-formed XML at line 2"):
        list(ods.iter_sheet_rows(path, "Data"))


def test_twenty_thousand_rows_stream_in_flat_memory(tmp_path: Path) -> None:
    header = ["Location ID", "Latest Rating", "Beds", "Publication Date", "Care home?"]
    body = ([f"1-{100000000 + row}", "Good", row, date(2020, 1, 1), "Y"] for row in range(20_000))
    path = write_ods(tmp_path / "big.ods", {"Data": [header, *body]}, pad=True)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("content.xml").file_size > 5_000_000

    tracemalloc.start()
    try:
        count = 0
        for row in ods.iter_sheet_rows(path, "Data"):
            count += 1
            assert len(row) == 5
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert count == 20_001
    # Building the sheet's tree (or keeping its rows) would take tens of megabytes.
    assert peak < 4 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def test_rows_helper_pads_like_libreoffice() -> None:
    rows = list(ods_rows([["a"]], pad=True))

    assert 'number-columns-repeated="1000"' in rows[0]
    assert 'number-rows-repeated="1048000"' in rows[-1]
