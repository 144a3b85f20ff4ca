"""Importing CQC's Deactivated_Locations: closures become deregistrations with their dates, in history.

Files typed here (tests/register/odsutil.py), then one the generator wrote, through
``carewatch import-cqc``.
"""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from carewatch.demo.generator.model import build_england
from carewatch.register import formats, models
from tests.register.odsutil import hsca_record, table, write_table

OLDHAM = "E08000004"


def run(*args, **options) -> dict:
    out = StringIO()
    call_command("import_cqc", *args, stdout=out, stderr=StringIO(), no_refresh=True, json=True, **options)
    return json.loads(out.getvalue())


def hsca_file(tmp_path: Path, day: date, records: list[dict]) -> Path:
    name = f"{day:%d}_{day:%B}_{day.year}_HSCA_Active_Locations.csv"
    return write_table(tmp_path / name, formats.HSCA_SHEET, table(list(formats.hsca_columns()), records))


def closures_file(tmp_path: Path, records: list[dict], *, suffix: str = "ods") -> Path:
    columns = [
        "Location ID",
        "Location Name",
        "Location HSCA start date",
        "Location HSCA End Date",
        "Care home?",
        "Care homes beds at point location de-activated",
        "Location Type/Sector",
        "Location Inspection Directorate",
        "Location Primary Inspection Category",
        "Location Region",
        "Location Local Authority",
        "Location Postal Code",
        "Provider ID",
        "Provider Name",
        "Service type - Care home service without nursing",
    ]
    rows = [["Deactivated locations"], *table(columns, records)]
    return write_table(
        tmp_path / f"01_April_2024_Deactivated_Locations.{suffix}",
        "Deactivated_Locations",
        rows,
        readme=["Deactivated locations", "CQC database as at 01 April 2024"],
    )


@pytest.fixture
def register(tmp_path: Path) -> None:
    """Two care homes in Oldham, each imported from two monthly HSCA files: Treetops's rating changed
    between them, so it has a rating in history and a current one."""
    home = {"Location ID": "1-1000210669", "Location Name": "Treetops Nursing Home"}
    other = {
        "Location ID": "1-1000000002",
        "Location Name": "Willow House",
        "Location Telephone Number": "0161 1",
    }
    earlier = {
        "Location Latest Overall Rating": "Requires Improvement",
        "Publication Date": date(2022, 9, 17),
    }
    later = {"Location Latest Overall Rating": "Good", "Publication Date": date(2023, 11, 2)}
    run(str(hsca_file(tmp_path, date(2023, 10, 1), [hsca_record(**home, **earlier), hsca_record(**other)])))
    run(str(hsca_file(tmp_path, date(2024, 1, 1), [hsca_record(**home, **later), hsca_record(**other)])))


def closed(location_id: str, ended: date | str | None, **fields) -> dict:
    return {
        "Location ID": location_id,
        "Location HSCA End Date": ended,
        "Location HSCA start date": date(2012, 5, 1),
        "Care home?": "Y",
        "Care homes beds at point location de-activated": 20,
        "Location Type/Sector": "Social Care Org",
        "Location Inspection Directorate": "Adult social care",
        "Location Primary Inspection Category": "Residential social care",
        "Location Region": "North West",
        "Location Local Authority": "Oldham",
        "Provider ID": "1-101612188",
        "Service type - Care home service without nursing": "Y",
        **fields,
    }


def ratings(location_id: str) -> list[tuple[str, date | None, bool]]:
    return list(
        models.Rating.objects.filter(location_id=location_id)
        .order_by("report_on", "id")
        .values_list("overall", "report_on", "is_current")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["ods", "xlsx", "csv"])
def test_a_closed_location_becomes_deregistered_with_its_date_and_keeps_its_history(
    tmp_path: Path, register: None, suffix: str
) -> None:
    history = ratings("1-1000210669")
    assert len(history) == 2

    summary = run(str(closures_file(tmp_path, [closed("1-1000210669", date(2024, 3, 14))], suffix=suffix)))

    assert summary["source_kind"] == "deactivated-locations"
    assert (summary["updated"], summary["created"], summary["rejected"]) == (1, 0, 0)
    assert (summary["complete"], summary["deregistered"]) == (False, 0)
    home = models.Location.objects.get(id="1-1000210669")
    assert home.registration_status == "Deregistered"
    assert home.deregistered_on == date(2024, 3, 14)
    assert home.is_active is False
    assert home.deregistration_inferred is False
    assert home.name == "Treetops Nursing Home"  # the file does not name it: kept
    assert home.local_authority_id == OLDHAM
    assert ratings("1-1000210669") == history
    # A location the file does not list is untouched: the file is not a register.
    other = models.Location.objects.get(id="1-1000000002")
    assert (other.registration_status, other.is_active, other.phone) == ("Registered", True, "0161 1")


@pytest.mark.django_db
def test_a_location_only_in_the_file_is_created_as_deregistered(tmp_path: Path, register: None) -> None:
    summary = run(
        str(closures_file(tmp_path, [closed("1-3000000003", "02/05/2019", **{"Location Name": "Elm"})]))
    )

    assert (summary["created"], summary["rejected"], summary["problems"]) == (1, 0, [])
    elm = models.Location.objects.get(id="1-3000000003")
    assert (elm.name, elm.registration_status, elm.deregistered_on) == (
        "Elm",
        "Deregistered",
        date(2019, 5, 2),
    )
    assert (elm.registered_on, elm.is_active) == (date(2012, 5, 1), False)
    assert (elm.care_home, elm.adult_social_care, elm.beds) == (True, True, 20)
    assert elm.local_authority_id == OLDHAM
    assert elm.provider_id == "1-101612188"
    assert list(elm.service_types.values_list("name", flat=True)) == ["Residential homes"]


@pytest.mark.django_db
def test_a_closure_without_a_date_deregisters_with_a_warning_and_keeps_a_date_already_known(
    tmp_path: Path, register: None
) -> None:
    run(str(closures_file(tmp_path, [closed("1-1000210669", date(2024, 3, 14))])))
    (tmp_path / "later").mkdir()
    newer = closures_file(
        tmp_path / "later", [closed("1-1000210669", None), closed("1-1000000002", "not a date")]
    )

    summary = run(str(newer))

    assert summary["rejected"] == 0
    assert len([p for p in summary["problems"] if p.startswith("warning:")]) == 2
    home, other = models.Location.objects.order_by("-id")
    assert (home.registration_status, home.deregistered_on) == ("Deregistered", date(2024, 3, 14))
    assert (other.registration_status, other.deregistered_on, other.is_active) == (
        "Deregistered",
        None,
        False,
    )


@pytest.mark.django_db
def test_undoing_the_import_puts_the_closed_location_back(tmp_path: Path, register: None) -> None:
    summary = run(
        str(
            closures_file(
                tmp_path,
                [closed("1-1000210669", date(2024, 3, 14)), closed("1-3000000003", date(2019, 1, 1))],
            )
        )
    )

    call_command(
        "import_cqc", undo=summary["snapshot_id"], stdout=StringIO(), stderr=StringIO(), no_refresh=True
    )

    home = models.Location.objects.get(id="1-1000210669")
    assert (home.registration_status, home.deregistered_on, home.is_active) == ("Registered", None, True)
    assert not models.Location.objects.filter(id="1-3000000003").exists()


# --- what the generator writes -------------------------------------------------------------------

SEED, SCALE, AS_OF = 4, 0.02, date(2026, 11, 1)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("closures")
    call_command(
        "generate",
        out=str(out),
        seed=SEED,
        scale=SCALE,
        formats="hsca-csv,deactivated",
        jobs=1,
        stdout=StringIO(),
    )
    return out / "bulk"


@pytest.mark.django_db
def test_the_generators_closures_import_as_the_deregistrations_of_its_england(generated: Path) -> None:
    england = build_england(seed=SEED, as_of=AS_OF, scale=SCALE)
    closures = {loc.location_id: loc.deregistered_on for loc in england.locations if loc.deregistered_on}
    assert len(closures) > 50
    run(str(generated / "01_November_2026_HSCA_Active_Locations.csv"))
    active = models.Location.objects.filter(is_active=True).count()

    summary = run(str(generated / "01_November_2026_Deactivated_Locations.ods"))

    assert (summary["rejected"], summary["warnings"], summary["problems"]) == (0, 0, [])
    assert summary["created"] == len(closures)
    stored = dict(
        models.Location.objects.filter(registration_status="Deregistered").values_list(
            "id", "deregistered_on"
        )
    )
    assert stored == closures
    assert models.Location.objects.filter(is_active=True).count() == active
    assert not models.Location.objects.filter(local_authority__isnull=True).exists()
    # Closed care homes in councils abolished since (Northamptonshire 2021…) are in today's councils.
    assert set(
        models.Location.objects.filter(id__in=closures).values_list(
            "local_authority__abolished_on", flat=True
        )
    ) == {None}


def test_the_generators_closures_file_lists_every_closure_by_its_as_at_date(generated: Path) -> None:
    from carewatch.register.importers import columns
    from carewatch.register.importers.deactivated import read_deactivated_locations

    path = generated / "01_November_2026_Deactivated_Locations.ods"
    england = build_england(seed=SEED, as_of=AS_OF, scale=SCALE)

    reader = read_deactivated_locations(path)
    records = list(reader)

    assert reader.meta.as_of == AS_OF  # from the README sheet
    assert (
        columns.header_of(path, "Deactivated_Locations", "Location ID").names == formats.deactivated_columns()
    )
    assert len(records) == sum(1 for loc in england.locations if loc.deregistered_on)
    assert {r.location_id for r in records if r.service_types} == {r.location_id for r in records}
