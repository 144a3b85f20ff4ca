"""HSCA_Active_Locations in ODS, XLSX and CSV: records, tolerance and bad rows."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from carewatch.register import formats
from carewatch.register.importers import ImportFileError
from carewatch.register.importers.hsca import read_hsca_active_locations
from carewatch.register.importers.records import LocationRecord, ProviderRecord, RatingRecord
from tests.register.odsutil import Cell, hsca_record, table, write_csv, write_table

FILE_NAME = "01_November_2026_HSCA_Active_Locations"
README = ["HSCA Active Locations", "CQC database as at 05 October 2026"]


def write_hsca(
    tmp_path: Path, suffix: str, records: list[dict[str, Cell]], columns: list[str] | None = None
) -> Path:
    rows = table(columns or list(formats.hsca_columns()), records)
    return write_table(tmp_path / f"{FILE_NAME}.{suffix}", formats.HSCA_SHEET, rows, readme=README, pad=True)


def read_all(path: Path) -> tuple[list[LocationRecord], list[ProviderRecord], list[str]]:
    reader = read_hsca_active_locations(path)
    records = list(reader)
    locations = [record for record in records if isinstance(record, LocationRecord)]
    providers = [record for record in records if isinstance(record, ProviderRecord)]
    return locations, providers, [str(bad) for bad in reader.meta.bad_records]


@pytest.mark.parametrize("suffix", ["ods", "xlsx", "csv"])
def test_a_row_becomes_a_location_with_its_provider_and_current_rating(tmp_path: Path, suffix: str) -> None:
    path = write_hsca(tmp_path, suffix, [hsca_record()])

    locations, providers, bad = read_all(path)

    assert bad == []
    [location] = locations
    assert location.location_id == "1-1000210669"
    assert location.provider_id == "1-101612188"
    assert location.name == "Treetops Nursing Home"
    assert location.registration_status == "Registered"
    assert location.registered_on == date(2010, 10, 1)
    assert (location.dormant, location.care_home, location.beds) == (False, True, 34)
    assert location.service_types == ("Nursing homes",)
    assert location.specialisms == ("Caring for adults over 65 yrs", "Dementia")
    assert location.regulated_activities == (
        "Accommodation for persons who require nursing or personal care",
    )
    assert (location.latitude, location.longitude) == (53.54, -2.11)
    assert (location.icb_code, location.icb_name) == (None, None)
    assert location.local_authority == "Oldham"
    assert location.registered_manager == "Mrs Ann Smith"
    assert location.source_ref == "line 2"
    assert location.ratings == (
        RatingRecord(date(2024, 9, 17), "", "Requires improvement", is_current=True, inherited=False),
    )
    [provider] = providers
    assert provider.provider_id == "1-101612188"
    assert provider.name == "Laburnum House (Shaw) Limited"
    assert provider.ownership_type == "Organisation"
    assert provider.address == "2 High Street, Shaw"


@pytest.mark.parametrize("suffix", ["ods", "xlsx"])
def test_the_snapshot_date_comes_from_the_readme_sheet(tmp_path: Path, suffix: str) -> None:
    reader = read_hsca_active_locations(write_hsca(tmp_path, suffix, [hsca_record()]))

    assert reader.meta.as_of == date(2026, 10, 5)
    assert reader.meta.source_kind == "hsca-active-locations"
    assert reader.meta.complete_register is True


def test_a_csv_snapshot_is_dated_by_its_file_name(tmp_path: Path) -> None:
    reader = read_hsca_active_locations(write_hsca(tmp_path, "csv", [hsca_record()]))

    assert reader.meta.as_of == date(2026, 11, 1)


def test_a_file_without_a_date_has_no_snapshot_date(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "HSCA_Active_Locations.csv", table(formats.hsca_columns(), [hsca_record()]))

    assert read_hsca_active_locations(path).meta.as_of is None


@pytest.mark.parametrize("suffix", ["ods", "xlsx", "csv"])
def test_columns_in_any_order_with_extra_columns_and_odd_spacing_are_read(
    tmp_path: Path, suffix: str
) -> None:
    columns = [*formats.hsca_columns(), "Something New", "Location ICB Code"]
    random.Random(4).shuffle(columns)
    header = [f"  {name.upper()} " if index % 3 == 0 else name for index, name in enumerate(columns)]
    record = hsca_record(**{"Something New": "x", "Location ICB Code": "E54000057"})
    rows = table(columns, [record], header=header)
    path = write_table(tmp_path / f"{FILE_NAME}.{suffix}", formats.HSCA_SHEET, rows, readme=README)

    locations, _, bad = read_all(path)

    assert bad == []
    [location] = locations
    assert location.name == "Treetops Nursing Home"
    assert location.service_types == ("Nursing homes",)
    assert location.ratings and location.ratings[0].overall == "Requires improvement"


def test_an_unknown_service_type_column_is_kept_by_its_description(tmp_path: Path) -> None:
    columns = [*formats.hsca_columns(), "Service type - Hyperbaric therapy service"]
    record = hsca_record(**{"Service type - Hyperbaric therapy service": "Y"})

    [location], _, _ = read_all(write_hsca(tmp_path, "csv", [record], columns))

    assert location.service_types == ("Nursing homes", "Hyperbaric therapy service")


def test_providers_are_yielded_once(tmp_path: Path) -> None:
    records = [hsca_record(**{"Location ID": f"1-100021066{index}"}) for index in range(3)]

    locations, providers, _ = read_all(write_hsca(tmp_path, "csv", records))

    assert len(locations) == 3
    assert [provider.provider_id for provider in providers] == ["1-101612188"]


def test_an_unrated_location_has_no_current_rating(tmp_path: Path) -> None:
    record = hsca_record(**{"Location Latest Overall Rating": None, "Publication Date": None})

    [location], _, _ = read_all(write_hsca(tmp_path, "csv", [record]))

    assert location.ratings == ()


@pytest.mark.parametrize("suffix", ["ods", "xlsx", "csv"])
def test_a_row_whose_location_id_is_malformed_is_rejected_with_line_and_field(
    tmp_path: Path, suffix: str
) -> None:
    records = [hsca_record(), hsca_record(**{"Location ID": "1-12AB"})]

    locations, _, bad = read_all(write_hsca(tmp_path, suffix, records))

    assert [location.location_id for location in locations] == ["1-1000210669"]
    assert len(bad) == 1
    assert bad[0].startswith(f"{FILE_NAME}.{suffix}, line 3, field 'Location ID': malformed CQC id '1-12AB'")


@pytest.mark.parametrize("suffix", ["ods", "xlsx", "csv"])
@pytest.mark.parametrize(
    ("column", "value", "reason", "attribute"),
    [
        ("Location Latest Overall Rating", "Brilliant", "unknown rating 'Brilliant'", "ratings"),
        ("Publication Date", "2023-02-30", "impossible date '2023-02-30'", None),
        ("Dormant (Y/N)", "Maybe", "expected Y or N", "dormant"),
        ("Care homes beds", "lots", "not a number", "beds"),
        ("Provider ID", "P1", "malformed CQC id 'P1'", "provider_id"),
    ],
)
def test_a_bad_optional_field_is_kept_blank_with_a_warning_naming_line_and_field(
    tmp_path: Path, suffix: str, column: str, value: str, reason: str, attribute: str | None
) -> None:
    records = [hsca_record(), hsca_record(**{"Location ID": "1-2000000000", column: value})]
    reader = read_hsca_active_locations(write_hsca(tmp_path, suffix, records))

    locations = [record for record in reader if isinstance(record, LocationRecord)]

    assert [location.location_id for location in locations] == ["1-1000210669", "1-2000000000"]
    assert reader.meta.bad_records == []
    [warning] = [str(bad) for bad in reader.meta.warnings]
    assert warning.startswith(f"{FILE_NAME}.{suffix}, line 3, field {column!r}: {reason}")
    if attribute is not None:
        assert getattr(locations[1], attribute) in (None, ())


@pytest.mark.parametrize("suffix", ["ods", "xlsx", "csv"])
def test_a_missing_required_column_is_an_import_file_error_naming_it(tmp_path: Path, suffix: str) -> None:
    columns = [name for name in formats.hsca_columns() if name != "Location Local Authority"]
    path = write_hsca(tmp_path, suffix, [hsca_record()], columns)

    with pytest.raises(
        ImportFileError,
        match=r"HSCA_Active_Locations\..*: missing required column 'Location Local Authority'",
    ):
        read_hsca_active_locations(path)


def test_a_spreadsheet_without_the_sheet_is_an_import_file_error(tmp_path: Path) -> None:
    path = write_table(tmp_path / "x.ods", "Sheet1", table(formats.hsca_columns(), [hsca_record()]))

    with pytest.raises(ImportFileError, match="no sheet named 'HSCA_Active_Locations'"):
        read_hsca_active_locations(path)


def test_a_csv_that_is_not_utf8_is_an_import_file_error_naming_the_byte(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / f"{FILE_NAME}.csv",
        table(formats.hsca_columns(), [hsca_record(**{"Location Name": "Café Royal"})]),
        encoding="cp1252",
    )
    offset = path.read_bytes().index(b"\xe9")

    with pytest.raises(ImportFileError, match=rf"{FILE_NAME}\.csv: not UTF-8 at byte {offset}\b"):
        read_hsca_active_locations(path)


def test_a_csv_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = write_csv(tmp_path / f"{FILE_NAME}.csv", table(formats.hsca_columns(), [hsca_record()]))
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    locations, _, bad = read_all(path)

    assert bad == [] and len(locations) == 1


def test_rating_capitalisation_is_normalised(tmp_path: Path) -> None:
    records = [
        hsca_record(
            **{"Location ID": "1-1000000001", "Location Latest Overall Rating": "requires improvement"}
        ),
        hsca_record(**{"Location ID": "1-1000000002", "Location Latest Overall Rating": "OUTSTANDING"}),
        hsca_record(
            **{"Location ID": "1-1000000003", "Location Latest Overall Rating": "Inspected But Not Rated"}
        ),
    ]

    locations, _, _ = read_all(write_hsca(tmp_path, "csv", records))

    assert [location.ratings[0].overall for location in locations if location.ratings] == [
        "Requires improvement",
        "Outstanding",
        "Inspected but not rated",
    ]


def test_an_inherited_rating_is_flagged(tmp_path: Path) -> None:
    [location], _, _ = read_all(write_hsca(tmp_path, "csv", [hsca_record(**{"Inherited Rating (Y/N)": "Y"})]))

    assert location.ratings is not None and location.ratings[0].inherited is True


def test_xlsx_rows_and_columns_count_from_a1_whatever_the_first_used_cell(tmp_path: Path) -> None:
    """calamine reads .xlsx; a sheet whose first used cell is C3 still gives lines and columns from A1."""
    import openpyxl

    from carewatch.register.importers import tables

    path = tmp_path / "offset.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "S"
    sheet["C3"], sheet["D3"], sheet["C4"], sheet["D5"] = "Location ID", "Name", "1-123", 4.0
    workbook.save(path)
    rows = [(line, cells) for line, cells in tables.iter_rows(path, "S") if cells]
    assert rows == [(3, ["", "", "Location ID", "Name"]), (4, ["", "", "1-123"]), (5, ["", "", "", "4"])]


def test_a_damaged_xlsx_is_an_import_file_error_naming_it(tmp_path: Path) -> None:
    from carewatch.register.importers import ImportFileError, tables

    path = tmp_path / "damaged.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ImportFileError, match="damaged.xlsx: not a readable XLSX file"):
        list(tables.iter_rows(path, "S"))
