"""CQC's files as they changed over the years: header wording, case and order, date forms, rating
spellings, NUL characters, and a directory with no inspection directorate."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from carewatch.register import formats, models, services
from carewatch.register.importers.directory import read_directory
from carewatch.register.importers.hsca import read_hsca_active_locations
from carewatch.register.importers.records import InvalidValue, LocationRecord, normalise_rating, parse_date
from tests.register.odsutil import directory_record, hsca_record, table, write_csv, write_table

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
FILE_NAME = "01_November_2026_HSCA_Active_Locations"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-11-16", date(2016, 11, 16)),
        ("2016-11-16T09:30:00", date(2016, 11, 16)),
        ("2016-11-16 00:00:00", date(2016, 11, 16)),
        ("16/11/2016", date(2016, 11, 16)),
        ("1/2/2016", date(2016, 2, 1)),
        ("16/11/2015 - 00:00", date(2015, 11, 16)),  # CQC_directory.csv, 2016
        ("16/11/2015 00:00:00", date(2015, 11, 16)),
        ("16-Nov-2016", date(2016, 11, 16)),
        ("16 November 2016", date(2016, 11, 16)),
        ("16-Nov-16", date(2016, 11, 16)),
        ("42690", date(2016, 11, 16)),  # an Excel serial day number
        ("42690.375", date(2016, 11, 16)),
    ],
)
def test_every_date_form_cqc_has_used_reads(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2016", "16/13/2016", "2016", "soon", "16 Brumaire 2016"])
def test_an_impossible_or_unreadable_date_says_so(text: str) -> None:
    with pytest.raises(InvalidValue, match="date"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Requires Improvement", "Requires improvement"),
        ("requires-improvement", "Requires improvement"),
        ("REQUIRES  IMPROVEMENT", "Requires improvement"),
        ("Good", "Good"),
        ("outstanding", "Outstanding"),
        ("Not yet rated", "No published rating"),
        ("Not rated", "Not Rated"),
    ],
)
def test_rating_spellings_read(text: str, expected: str) -> None:
    assert normalise_rating(text) == expected


def renamed_header(columns: list[str]) -> list[str]:
    """An older edition's header: other wordings, other case, stray spaces."""
    other = {
        "Location Postal Code": "Location Postcode",
        "Location Telephone Number": "Location Phone Number",
        "Care homes beds": "Care Home Beds",
        "Care home?": "Care Home ?",
        "Location Latest Overall Rating": "Location Overall Rating",
        "Dormant (Y/N)": "Dormant",
        "Location HSCA start date": "Location Registration Date",
    }
    return [
        other.get(name, name).upper() if index % 3 == 0 else other.get(name, name) + " "
        for index, name in enumerate(columns)
    ]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_an_older_header_in_another_order_reads_the_same_record(tmp_path: Path, suffix: str) -> None:
    columns = list(formats.hsca_columns())
    today = read_hsca_active_locations(
        write_table(tmp_path / f"{FILE_NAME}.{suffix}", formats.HSCA_SHEET, table(columns, [hsca_record()]))
    )
    shuffled = columns[:]
    random.Random(4).shuffle(shuffled)
    older_path = tmp_path / "older" / f"{FILE_NAME}.{suffix}"
    older_path.parent.mkdir()
    older = read_hsca_active_locations(
        write_table(
            older_path,
            formats.HSCA_SHEET,
            table(shuffled, [hsca_record()], header=renamed_header(shuffled)),
        )
    )

    [expected] = [r for r in today if isinstance(r, LocationRecord)]
    [got] = [r for r in older if isinstance(r, LocationRecord)]
    assert got == expected
    assert (got.beds, got.care_home, got.postcode, got.registered_on) == (
        34,
        True,
        "OL1 1AA",
        date(2010, 10, 1),
    )
    assert older.meta.bad_records == [] and older.meta.warnings == []


def test_nul_characters_are_dropped_at_the_reader(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / f"{FILE_NAME}.csv",
        table(list(formats.hsca_columns()), [hsca_record(**{"Location Name": "\x00Summit Home Care\x00"})]),
    )

    [location] = [r for r in read_hsca_active_locations(path) if isinstance(r, LocationRecord)]

    assert location.name == "Summit Home Care"


def write_directory_2016(tmp_path: Path, rows: list[dict]) -> Path:
    """CQC_directory.csv as CQC published it in 2016: 'Local Authority', dates with a time."""
    header = [name if name != "Local authority" else "Local Authority" for name in formats.DIRECTORY_COLUMNS]
    preamble = [["Care Quality Commission"], ["Care directory as at 16 November 2016"], [""], [""]]
    path = tmp_path / "16_November_2016_CQC_directory.csv"
    write_csv(path, [*preamble, *table(list(formats.DIRECTORY_COLUMNS), rows, header=header)])
    return path


@pytest.mark.django_db
def test_a_2016_directory_imports_and_its_care_homes_count_as_adult_social_care(tmp_path: Path) -> None:
    rows = [
        directory_record(
            **{
                "CQC Location ID (for office use only)": "1-100000001",
                "Service types": "Care home service with nursing|Care home service without nursing",
                "Date of latest check": "16/11/2015 - 00:00",
                "Local authority": "Oldham",
            }
        ),
        directory_record(
            **{
                "CQC Location ID (for office use only)": "1-100000002",
                "Service types": "Domiciliary care service",
                "Date of latest check": "03/02/2016 - 00:00",
                "Local authority": "Oldham",
            }
        ),
        directory_record(
            **{
                "CQC Location ID (for office use only)": "1-100000003",
                "Service types": "Doctors consultation service",
                "Date of latest check": "not checked",
                "Local authority": "Oldham",
            }
        ),
    ]
    reader = read_directory(write_directory_2016(tmp_path, rows))

    summary = services.import_snapshot(reader=reader, imported_at=NOW, actor_label="test")

    assert (summary.created, summary.rejected, summary.warnings) == (3, 0, 0)
    assert summary.as_of == date(2016, 11, 16)
    home, agency, surgery = models.Location.objects.order_by("id")
    assert home.care_home and home.nursing and home.adult_social_care
    assert agency.home_care and agency.adult_social_care and not agency.care_home
    assert not surgery.adult_social_care
    assert home.local_authority_id == "E08000004"


@pytest.mark.django_db
def test_a_directorate_given_by_another_source_wins_over_the_inference(tmp_path: Path) -> None:
    hsca = hsca_record(
        **{
            "Location ID": "1-100000001",
            "Location Inspection Directorate": "Hospitals",
            formats.HSCA_SERVICE_TYPE_PREFIX + "Care home service with nursing": "Y",
        }
    )
    path = write_table(
        tmp_path / f"{FILE_NAME}.csv", formats.HSCA_SHEET, table(list(formats.hsca_columns()), [hsca])
    )
    services.import_snapshot(reader=read_hsca_active_locations(path), imported_at=NOW, actor_label="test")
    directory = directory_record(
        **{
            "CQC Location ID (for office use only)": "1-100000001",
            "Service types": "Care home service with nursing",
        }
    )
    services.import_snapshot(
        reader=read_directory(write_directory_2016(tmp_path, [directory])),
        imported_at=NOW,
        actor_label="test",
        force=True,
    )

    assert not models.Location.objects.get(pk="1-100000001").adult_social_care
