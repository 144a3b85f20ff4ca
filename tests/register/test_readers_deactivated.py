"""Deactivated_Locations in ODS, XLSX and CSV: closures become deregistrations, tolerantly read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from carewatch.register.importers import ImportFileError, detect
from carewatch.register.importers.deactivated import read_deactivated_locations
from carewatch.register.importers.records import LocationRecord
from tests.register.odsutil import Cell, hsca_record, table, write_csv, write_ods, write_table

FILE_NAME = "01_November_2026_Deactivated_Locations"
README = ["Deactivated locations", "CQC database as at 05 October 2026"]
# The columns as CQC's 2026 file has them (a selection, in its order), and the service-type flags.
COLUMNS = [
    "Location ID",
    "Location ODS Code",
    "Location Name",
    "Location Status",
    "Location HSCA start date",
    "Location HSCA End Date",
    "Care home?",
    "Care homes beds at point location de-activated",
    "Location Type/Sector",
    "Location Primary Inspection Category",
    "Location Inspection Directorate",
    "Location Region",
    "Location Local Authority",
    "Location Street Address",
    "Location City",
    "Location Postal Code",
    "Location Latest Overall Rating",
    "Publication Date",
    "Provider ID",
    "Provider Name",
    "Service type - Care home service with nursing",
    "Service type - Domiciliary care service",
]


def closed(**overrides: Cell) -> dict[str, Cell]:
    """One valid Deactivated_Locations row: a nursing home in Oldham that closed in March 2024."""
    record: dict[str, Cell] = {
        "Location ID": "1-1000210669",
        "Location Name": "Treetops Nursing Home",
        "Location Status": "Deregistered",
        "Location HSCA start date": date(2010, 10, 1),
        "Location HSCA End Date": date(2024, 3, 14),
        "Care home?": "Y",
        "Care homes beds at point location de-activated": 34,
        "Location Type/Sector": "Social Care Org",
        "Location Primary Inspection Category": "Residential social care",
        "Location Inspection Directorate": "Adult social care",
        "Location Region": "North West",
        "Location Local Authority": "Oldham",
        "Location Street Address": "1 Main Road",
        "Location City": "Oldham",
        "Location Postal Code": "OL1 1AA",
        "Location Latest Overall Rating": "Requires Improvement",
        "Publication Date": date(2023, 9, 17),
        "Provider ID": "1-101612188",
        "Provider Name": "Laburnum House (Shaw) Limited",
        "Service type - Care home service with nursing": "Y",
    }
    record.update(overrides)
    return record


def write_deactivated(
    tmp_path: Path,
    suffix: str,
    records: list[dict[str, Cell]],
    *,
    columns: list[str] | None = None,
    header: list[str] | None = None,
    name: str = FILE_NAME,
) -> Path:
    rows = table(columns or COLUMNS, records, header=header)
    return write_table(tmp_path / f"{name}.{suffix}", "Deactivated_Locations", rows, readme=README)


def read_all(path: Path) -> tuple[list[LocationRecord], list[str], list[str]]:
    reader = read_deactivated_locations(path)
    records = list(reader)
    assert all(isinstance(record, LocationRecord) for record in records)
    bad = [str(problem) for problem in reader.meta.bad_records]
    warnings = [str(problem) for problem in reader.meta.warnings]
    return records, bad, warnings  # type: ignore[return-value]


@pytest.mark.parametrize("suffix", ["ods", "xlsx", "csv"])
def test_a_row_becomes_a_deregistration_dated_by_its_end_date(tmp_path: Path, suffix: str) -> None:
    path = write_deactivated(tmp_path, suffix, [closed()])

    [location], bad, warnings = read_all(path)

    assert (bad, warnings) == ([], [])
    assert location.location_id == "1-1000210669"
    assert location.registration_status == "Deregistered"
    assert location.deregistered_on == date(2024, 3, 14)
    assert location.registered_on == date(2010, 10, 1)
    assert location.partial is True
    assert location.provider_id == "1-101612188"
    assert location.name == "Treetops Nursing Home"
    assert (location.care_home, location.beds) == (True, 34)
    assert location.inspection_directorate == "Adult social care"
    assert location.primary_inspection_category == "Residential social care"
    assert location.location_type == "Social Care Org"
    assert (location.local_authority, location.region) == ("Oldham", "North West")
    assert (location.address_line_1, location.town, location.postcode) == ("1 Main Road", "Oldham", "OL1 1AA")
    assert location.service_types == ("Nursing homes",)
    assert location.source_ref == "line 2"
    # What the file does not say stays unknown: the importer leaves the stored value alone.
    assert location.ratings is None
    assert location.phone is None
    assert location.dormant is None


@pytest.mark.parametrize("suffix", ["ods", "xlsx"])
def test_the_snapshot_is_dated_by_the_readme_and_is_never_a_complete_register(
    tmp_path: Path, suffix: str
) -> None:
    reader = read_deactivated_locations(write_deactivated(tmp_path, suffix, [closed()]))

    assert reader.meta.as_of == date(2026, 10, 5)
    assert reader.meta.source_kind == "deactivated-locations"
    assert reader.meta.complete_register is False


def test_a_csv_file_is_dated_by_its_name(tmp_path: Path) -> None:
    reader = read_deactivated_locations(write_deactivated(tmp_path, "csv", [closed()]))

    assert reader.meta.as_of == date(2026, 11, 1)
    assert reader.meta.complete_register is False


@pytest.mark.parametrize(
    "column",
    ["Location HSCA End Date", "Location End Date", "Deactivation date", "Location Deactivation Date"],
)
def test_the_end_date_is_read_under_each_name_cqc_has_given_it(tmp_path: Path, column: str) -> None:
    columns = ["Location ID", "Location Name", column]
    rows = [{"Location ID": "1-1000210669", "Location Name": "Treetops", column: "14/03/2024 - 00:00"}]
    path = write_deactivated(tmp_path, "csv", rows, columns=columns)

    [location], bad, warnings = read_all(path)

    assert location.deregistered_on == date(2024, 3, 14)
    assert (bad, warnings) == ([], [])


def test_columns_are_matched_by_name_whatever_their_case_order_and_spacing(tmp_path: Path) -> None:
    columns = ["Location Local Authority", "LOCATION HSCA END DATE", "Care Homes Beds", "location  id"]
    rows = [
        {
            "Location Local Authority": "Oldham",
            "LOCATION HSCA END DATE": "2024-03-14",
            "Care Homes Beds": "12",
            "location  id": "1-1000210669",
        }
    ]
    path = write_deactivated(tmp_path, "csv", rows, columns=columns)

    [location], bad, _ = read_all(path)

    assert bad == []
    assert (location.location_id, location.deregistered_on) == ("1-1000210669", date(2024, 3, 14))
    assert (location.beds, location.local_authority) == (12, "Oldham")
    assert location.service_types is None  # no flag columns: the file says nothing about them


def test_a_row_without_a_readable_end_date_is_still_a_deregistration_with_a_warning(tmp_path: Path) -> None:
    path = write_deactivated(
        tmp_path,
        "csv",
        [
            closed(**{"Location HSCA End Date": None}),
            closed(**{"Location ID": "1-2000000001", "Location HSCA End Date": "31/02/2024"}),
        ],
    )

    locations, bad, warnings = read_all(path)

    assert bad == []
    assert [(r.registration_status, r.deregistered_on) for r in locations] == [
        ("Deregistered", None),
        ("Deregistered", None),
    ]
    assert len(warnings) == 2
    assert (
        "line 2" in warnings[0] and "'Location HSCA End Date'" in warnings[0] and "no end date" in warnings[0]
    )
    assert "line 3" in warnings[1] and "impossible date" in warnings[1]


def test_only_a_missing_or_malformed_location_id_rejects_a_row(tmp_path: Path) -> None:
    path = write_deactivated(
        tmp_path,
        "csv",
        [
            closed(**{"Location ID": None}),
            closed(**{"Location ID": "not-an-id"}),
            closed(
                **{"Location ID": "1-2000000001", "Care homes beds at point location de-activated": "many"}
            ),
        ],
    )

    locations, bad, warnings = read_all(path)

    assert [r.location_id for r in locations] == ["1-2000000001"]
    assert locations[0].beds is None
    assert len(bad) == 2 and "line 2" in bad[0] and "missing id" in bad[0]
    assert "line 3" in bad[1] and "malformed" in bad[1]
    assert len(warnings) == 1 and "line 4" in warnings[0]


def test_a_file_with_no_end_date_column_is_refused_naming_the_names_it_looked_for(tmp_path: Path) -> None:
    path = write_deactivated(tmp_path, "csv", [closed()], columns=["Location ID", "Location Name"])

    with pytest.raises(ImportFileError, match="Location HSCA End Date.*Deactivation date"):
        read_deactivated_locations(path)


def test_the_first_sheet_is_read_when_none_is_named_deactivated_locations(tmp_path: Path) -> None:
    # The 2017 file was "De-activated locations.xlsx" with one sheet, "Sheet1", and a title row.
    rows = [["De-activated locations"], *table(COLUMNS, [closed()])]
    path = write_ods(tmp_path / "20170801 De-activated locations.ods", {"Sheet1": rows, "Other": [["x"]]})

    [location], bad, _ = read_all(path)

    assert bad == []
    assert location.deregistered_on == date(2024, 3, 14)


def test_the_deactivated_locations_sheet_is_found_among_others(tmp_path: Path) -> None:
    sheets = {
        "Contents": [["Read me"]],
        "Deactivated locations": [["Deactivated locations"], *table(COLUMNS, [closed()])],
    }
    path = write_ods(tmp_path / "locations.ods", sheets)

    [location], _, _ = read_all(path)

    assert location.location_id == "1-1000210669"


def test_a_council_named_as_it_was_when_the_location_closed_is_placed_by_its_code(tmp_path: Path) -> None:
    # Northamptonshire was abolished in April 2021 and split in two: in a 2026 file its name alone
    # cannot place a service, but on the day the location closed (2019) it named one council.
    path = write_deactivated(
        tmp_path,
        "csv",
        [
            closed(
                **{"Location Local Authority": "Northamptonshire", "Location HSCA End Date": date(2019, 6, 1)}
            ),
            closed(**{"Location ID": "1-2000000001", "Location Local Authority": "North Northamptonshire"}),
            closed(**{"Location ID": "1-2000000002", "Location Local Authority": "Atlantis"}),
        ],
    )

    locations, _, _ = read_all(path)

    assert [r.local_authority for r in locations] == ["E10000021", "North Northamptonshire", "Atlantis"]


def test_regulated_activities_and_service_user_bands_are_read_when_the_file_has_them(tmp_path: Path) -> None:
    columns = [
        "Location ID",
        "Location HSCA End Date",
        "Regulated activity - PERSONAL CARE",
        "Service type - Domiciliary care service",
        "Service user band - Dementia",
    ]
    rows = [
        {
            "Location ID": "1-1000210669",
            "Location HSCA End Date": "2024-03-14",
            "Regulated activity - PERSONAL CARE": "Y",
            "Service type - Domiciliary care service": "Y",
            "Service user band - Dementia": "maybe",
        }
    ]
    path = write_deactivated(tmp_path, "csv", rows, columns=columns)

    [location], _, warnings = read_all(path)

    assert location.regulated_activities == ("Personal care",)
    assert location.service_types == ("Homecare agencies",)
    assert location.specialisms == ()
    assert len(warnings) == 1 and "Service user band - Dementia" in warnings[0]


# --- telling the format -------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["ods", "xlsx", "csv"])
def test_detect_knows_the_file_by_its_name(tmp_path: Path, suffix: str) -> None:
    path = write_deactivated(tmp_path, suffix, [closed()])

    assert detect.detect_bulk_format(path) == "deactivated-locations"
    assert detect.open_reader(path).meta.source_kind == "deactivated-locations"


@pytest.mark.parametrize("suffix", ["ods", "xlsx"])
def test_detect_knows_the_file_by_its_sheet_name(tmp_path: Path, suffix: str) -> None:
    path = write_deactivated(tmp_path, suffix, [closed()], name="register-extract")

    assert detect.detect_bulk_format(path) == "deactivated-locations"


def test_detect_knows_the_file_by_its_header_and_still_knows_hsca_by_its_own(tmp_path: Path) -> None:
    deactivated = write_deactivated(tmp_path, "csv", [closed()], name="extract-a")
    hsca_columns = ["Location ID", "Location Name", "Provider ID", "Location Local Authority"]
    hsca = write_csv(tmp_path / "extract-b.csv", table(hsca_columns, [hsca_record()]))

    assert detect.detect_bulk_format(deactivated) == "deactivated-locations"
    assert detect.detect_bulk_format(hsca) == "hsca-active-locations"
