"""Older editions of CQC's files: the generator writes the 2016 directory with its real quirks, and it
imports whole — and so does a 2016 directory typed here by hand, so the generator is not only checked
against itself."""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import UTC, date, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from carewatch.demo.generator import editions
from carewatch.demo.generator.model import build_england
from carewatch.register import formats, models
from carewatch.register.reference import geography

SEED, SCALE, AS_OF = 5, 0.02, date(2016, 11, 16)
NOW = datetime(2016, 11, 20, 9, 0, tzinfo=UTC)


def run_import(path: Path) -> str:
    out = StringIO()
    call_command("import_cqc", str(path), stdout=out, stderr=StringIO(), no_refresh=True, json=True)
    return out.getvalue()


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture(scope="module")
def directory_2016(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("edition2016")
    call_command(
        "generate",
        out=str(out),
        seed=SEED,
        scale=SCALE,
        as_of=AS_OF.isoformat(),
        edition="2016",
        formats="directory,hsca-csv",
        jobs=1,
        stdout=StringIO(),
    )
    return out / "bulk" / "16_November_2016_CQC_directory.csv"


@pytest.fixture(scope="module")
def england():
    return build_england(seed=SEED, as_of=AS_OF, scale=SCALE)


# --- the file as written -----------------------------------------------------------------------


def test_the_2016_directory_has_the_2016_header_preamble_and_dates(directory_2016: Path) -> None:
    rows = csv_rows(directory_2016)

    preamble, header, data = rows[:4], rows[4], rows[5:]
    assert all(len(row) == 1 for row in preamble)
    assert preamble[1] == ["Information correct as at 16/11/2016"]
    assert "Local Authority" in header and "Local authority" not in header
    assert tuple(header) == formats.DIRECTORY_COLUMNS_2016
    checked = [row[header.index("Date of latest check")] for row in data]
    assert any(checked)
    assert all(re.fullmatch(r"\d{2}/\d{2}/\d{4} - 00:00", value) for value in checked if value)


def test_the_2016_directory_names_councils_and_regions_as_they_were_then(directory_2016: Path) -> None:
    rows = csv_rows(directory_2016)
    header, data = rows[4], rows[5:]
    councils = {row[header.index("Local Authority")] for row in data}
    regions = {row[header.index("Region")] for row in data}

    assert "Northamptonshire" in councils and "Cumbria" in councils
    assert not councils & {"North Northamptonshire", "West Northamptonshire", "Cumberland"}
    assert {"East", "Yorkshire & Humberside"} <= regions
    assert not regions & {"East of England", "Yorkshire and The Humber"}


def test_the_current_edition_of_a_2016_file_still_names_the_councils_of_2016(tmp_path: Path) -> None:
    call_command(
        "generate",
        out=str(tmp_path),
        seed=SEED,
        scale=SCALE,
        as_of=AS_OF.isoformat(),
        formats="directory,hsca-csv",
        jobs=1,
        stdout=StringIO(),
    )
    directory = csv_rows(tmp_path / "bulk" / "16_November_2016_CQC_directory.csv")
    hsca = csv_rows(tmp_path / "bulk" / "16_November_2016_HSCA_Active_Locations.csv")
    names = {row[directory[4].index("Local authority")] for row in directory[5:]}
    for column in ("Location Local Authority", "Provider Local Authority"):
        names |= {row[hsca[0].index(column)] for row in hsca[1:]}

    geo = geography()
    assert all(geo.resolve_local_authority(name, on=AS_OF) is not None for name in names), sorted(
        name for name in names if geo.resolve_local_authority(name, on=AS_OF) is None
    )
    assert "Northamptonshire" in names and "North Northamptonshire" not in names


@pytest.mark.parametrize(
    ("code", "town", "expected"),
    [
        ("E06000022", "Bath", "Bath & N E Somerset"),
        ("E09000001", "London", "Corporation of London"),
        ("E06000061", "Kettering", "Northamptonshire"),
        ("E06000062", "Northampton", "Northamptonshire"),
        ("E06000063", "Carlisle", "Cumbria"),
        ("E06000064", "Kendal", "Cumbria"),
        ("E06000058", "Poole", "Poole"),
        ("E06000058", "Bournemouth", "Bournemouth"),
        ("E06000058", "Christchurch", "Dorset"),
        ("E06000059", "Dorchester", "Dorset"),
        ("E06000060", "Aylesbury", "Buckinghamshire"),
        ("E06000065", "Harrogate", "North Yorkshire"),
        ("E08000004", "Oldham", "Oldham"),
    ],
)
def test_a_council_is_named_as_cqc_named_it_in_2016(code: str, town: str, expected: str) -> None:
    assert editions.council_name(code, AS_OF, town, "2016") == expected


def test_every_council_name_and_region_of_the_2016_edition_reads_back_on_its_date() -> None:
    geo = geography()
    for la in geo.local_authorities:
        name = editions.council_name(la.code, AS_OF, "", "2016")  # raises if it would not read back
        held = geo.resolve_local_authority(name, on=AS_OF)
        assert held is not None and la.code in geo.current_successors(held.code)
    spelt = {editions.region_name(region.code, "2016") for region in geo.regions}
    assert {"East", "Yorkshire & Humberside", "London", "North West"} <= spelt


def test_an_unknown_edition_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="edition"):
        call_command("generate", out=str(tmp_path), edition="1999", stdout=StringIO())


# --- the round trip ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_2016_directory_imports_whole_with_every_council_placed(directory_2016: Path, england) -> None:
    import json

    summary = json.loads(run_import(directory_2016))

    assert summary["rejected"] == 0, summary["problems"][:5]
    assert not [p for p in summary["problems"] if "local authority" in p], summary["problems"][:5]
    assert summary["created"] == sum(1 for loc in england.locations if loc.registered_at(AS_OF))
    assert not models.Location.objects.filter(local_authority__isnull=True).exists()
    assert models.Location.objects.filter(local_authority_id="E10000021").exists()  # Northamptonshire


@pytest.mark.django_db
def test_care_homes_per_region_after_importing_the_2016_directory_equal_the_generators(
    directory_2016: Path, england
) -> None:
    run_import(directory_2016)

    mine = dict(
        models.Location.objects.filter(care_home=True, adult_social_care=True)
        .values_list("region_id")
        .annotate(n=Count("id"))
        .order_by("region_id")
    )
    # The directory lists every registered location, dormant ones too, and says nothing of dormancy.
    expected = Counter(
        loc.region_code
        for loc in england.locations
        if loc.registered_at(AS_OF) and loc.care_home and loc.adult_social_care
    )
    assert mine == dict(expected)
    assert sum(mine.values()) > 100


# --- a 2016 directory typed by hand ----------------------------------------------------------------

HAND_TYPED_2016 = """\
"CQC care directory",,,,,,,,,,,,,,
"Information correct as at 16/11/2016",,,,,,,,,,,,,,
,,,,,,,,,,,,,,
,,,,,,,,,,,,,,
Name,Also known as,Address,Postcode,Phone number,Service's website (if available),Service types,\
Date of latest check,Specialisms/services,Provider name,Local Authority,Region,Location URL,\
CQC Location ID (for office use only),CQC Provider ID (for office use only)
Avon Lodge,,"1 Pulteney Road, Bath",BA2 4HA,01225000001,,Residential homes,16/11/2015 - 00:00,\
Dementia,Avon Care Ltd,Bath & N E Somerset,South West,http://www.cqc.org.uk/location/1-101000001,\
1-101000001,1-201000001
Barbican Home Care,,"2 Silk Street, London",EC2Y 8DS,02070000002,,Homecare agencies,03/02/2016 - 00:00,\
Caring for adults over 65 yrs,City Care Ltd,Corporation of London,London,\
http://www.cqc.org.uk/location/1-101000002,1-101000002,1-201000002
Nene House,,"3 Rockingham Road, Kettering",NN16 8JX,01536000003,,Nursing homes|Residential homes,\
21/06/2016 - 00:00,Dementia|Physical disabilities,Nene Ltd,Northamptonshire,East Midlands,\
http://www.cqc.org.uk/location/1-101000003,1-101000003,1-201000003
Eden View,,"4 Castle Street, Carlisle",CA3 8SY,01228000004,,Residential homes,,Dementia,Eden Ltd,\
Cumbria,North West,http://www.cqc.org.uk/location/1-101000004,1-101000004,1-201000004
Fenland Lodge,,"5 Broad Street, Ely",CB7 4AH,01353000005,,Nursing homes,01/12/2015 - 00:00,,Fen Ltd,\
Cambridgeshire,East,http://www.cqc.org.uk/location/1-101000005,1-101000005,1-201000005
Minster Court,,"6 Minster Yard, York",YO1 7HH,01904000006,,Residential homes,09/09/2016 - 00:00,,\
Minster Ltd,York,Yorkshire & Humberside,http://www.cqc.org.uk/location/1-101000006,1-101000006,1-201000006
Ouse Surgery,,"7 Ouse Street, York",YO1 7HJ,01904000007,,Doctors/Gps,09/09/2016 - 00:00,,\
Ouse Partners,York,Yorkshire & Humberside,http://www.cqc.org.uk/location/1-101000007,1-101000007,1-201000007
"""


@pytest.mark.django_db
def test_a_hand_typed_2016_directory_imports_with_its_councils_regions_and_care_homes(tmp_path: Path) -> None:
    import json

    path = tmp_path / "16_November_2016_CQC_directory.csv"
    path.write_text(HAND_TYPED_2016, encoding="utf-8")

    summary = json.loads(run_import(path))

    assert (summary["rejected"], summary["created"], summary["problems"]) == (0, 7, [])
    placed = {
        row["id"]: (row["local_authority_id"], row["region_id"], row["care_home"], row["adult_social_care"])
        for row in models.Location.objects.values(
            "id", "local_authority_id", "region_id", "care_home", "adult_social_care"
        )
    }
    assert placed == {
        "1-101000001": ("E06000022", "E12000009", True, True),  # Bath and North East Somerset
        "1-101000002": ("E09000001", "E12000007", False, True),  # City of London
        "1-101000003": ("E10000021", "E12000004", True, True),  # Northamptonshire, abolished 2021
        "1-101000004": ("E10000006", "E12000002", True, True),  # Cumbria, abolished 2023
        "1-101000005": ("E10000003", "E12000006", True, True),  # Cambridgeshire, East of England
        "1-101000006": ("E06000014", "E12000003", True, True),  # York, Yorkshire and The Humber
        "1-101000007": ("E06000014", "E12000003", False, False),  # a GP practice: not adult social care
    }
