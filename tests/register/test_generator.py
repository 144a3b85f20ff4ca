"""``carewatch generate``: determinism, realistic shares, consistent ratings, valid files."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from django.core.management import call_command

from carewatch.demo.generator import ratings as R
from carewatch.demo.generator.model import build_england
from carewatch.demo.generator.run import generate, months_back
from carewatch.demo.generator.timeline import ENGLAND_CODE
from carewatch.demo.generator.writers_api import pretty_json
from carewatch.register import formats
from carewatch.register.reference import geography

RATED = ("Outstanding", "Good", "Requires improvement", "Inadequate")
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


@pytest.fixture(scope="module")
def england():
    """A fifth of England: big enough for shares, quick to build (~2 s)."""
    return build_england(seed=1, scale=0.2)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Every format (and two monthly snapshots) for a 2 % England."""
    out = tmp_path_factory.mktemp("gen")
    model, written = generate(out, seed=3, scale=0.02, months=2, log=lambda _: None)
    return out, model, written


def _bulk(out: Path, suffix: str) -> Path:
    (path,) = (out / "bulk").glob(f"*{suffix}")
    return path


def _csv_rows(path: Path, skip: int = 0) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[skip:]


def _ods_rows(path: Path, sheet: str) -> list[list[str]]:
    """Every row of one sheet as text (repeated empty cells expanded), via ElementTree."""
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))
    table = next(t for t in root.iter(f"{TABLE}table") if t.get(f"{TABLE}name") == sheet)
    rows = []
    for row in table.iter(f"{TABLE}table-row"):
        cells: list[str] = []
        for cell in row:
            repeat = int(cell.get(f"{TABLE}number-columns-repeated", "1"))
            value = cell.get(f"{OFFICE}date-value") or "".join(p.text or "" for p in cell.iter(f"{TEXT}p"))
            cells.extend([value] * repeat)
        rows.append(cells)
    return rows


def _principles(kqs: dict[str, str]) -> str | None:
    """The CQC rating principles, written out again independently of the generator."""
    values = list(kqs.values())
    if values.count("Inadequate") >= 2:
        return "Inadequate"
    if values.count("Inadequate") == 1:
        return None  # inspector judgement
    if values.count("Requires improvement") >= 2:
        return "Requires improvement"
    if values.count("Outstanding") >= 2 and values.count("Requires improvement") == 0:
        return "Outstanding"
    return "Good"


def _consistent(overall: str, kqs: dict[str, str]) -> bool:
    decided = _principles(kqs)
    if decided is None:  # the documented judgement case: exactly one Inadequate
        return overall in ("Requires improvement", "Inadequate")
    return decided == overall


# --- determinism ---------------------------------------------------------------------------------
def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_byte_identical_files_whatever_the_worker_count(tmp_path):
    generate(tmp_path / "a", seed=7, scale=0.01, months=1, jobs=1, log=lambda _: None)
    generate(tmp_path / "b", seed=7, scale=0.01, months=1, jobs=2, log=lambda _: None)
    first, second = _digest(tmp_path / "a"), _digest(tmp_path / "b")
    assert len(first) > 50
    assert first == second


def test_another_seed_gives_another_england():
    one = build_england(seed=1, scale=0.01)
    two = build_england(seed=2, scale=0.01)
    assert [loc.location_id for loc in one.locations] != [loc.location_id for loc in two.locations]


# --- the shape of England ----------------------------------------------------------------------------
def test_rating_shares_match_the_published_ones(england):
    tally = england.tallies(by="england", service="all")[ENGLAND_CODE]
    share = {r: tally.by_rating[r] / tally.rated * 100 for r in RATED}
    assert 1.5 <= share["Outstanding"] <= 5
    assert 68 <= share["Good"] <= 82
    assert 14 <= share["Requires improvement"] <= 24
    assert 0.5 <= share["Inadequate"] <= 3
    assert 1 <= tally.by_rating["not yet rated"] / tally.active * 100 <= 8


def test_about_fifteen_thousand_care_homes_and_ten_thousand_home_care_agencies(england):
    care_homes = england.tallies(by="england", service="care-homes")[ENGLAND_CODE]
    home_care = england.tallies(by="england", service="home-care")[ENGLAND_CODE]
    assert 2700 <= care_homes.active <= 3100  # 15,000 × 0.2, less the dormant ones
    assert 1800 <= home_care.active <= 2100
    assert 30 <= care_homes.beds / care_homes.active <= 45
    nursing = [loc for loc in england.locations if loc.kind == "nursing"]
    assert 0.28 <= len(nursing) / sum(1 for loc in england.locations if loc.care_home) <= 0.4


def test_quality_varies_between_regions_and_councils(england):
    def good_or_better(t):
        return (t.by_rating["Outstanding"] + t.by_rating["Good"]) / t.rated * 100

    regions = [good_or_better(t) for t in england.tallies(by="region").values()]
    assert max(regions) - min(regions) >= 4
    councils = [good_or_better(t) for t in england.tallies(by="la").values() if t.rated >= 60]
    assert max(councils) - min(councils) >= 10


def test_individual_owners_do_worse_than_chains(england):
    providers = {p.provider_id: p for p in england.providers}
    by_kind: dict[str, Counter] = {"Individual": Counter(), "chain": Counter()}
    for location in england.locations:
        state = england.state_as_at(location, england.as_of)
        if not (state.active and state.rated and location.adult_social_care):
            continue
        provider = providers[location.provider_id]
        key = "chain" if provider.tier == "chain" else provider.ownership
        if key in by_kind:
            by_kind[key][state.overall in ("Outstanding", "Good")] += 1
    individual = by_kind["Individual"][True] / sum(by_kind["Individual"].values())
    chain = by_kind["chain"][True] / sum(by_kind["chain"].values())
    assert individual < chain


def test_deregistered_dormant_and_non_social_care_locations_exist(england):
    total = len(england.locations)
    deregistered = sum(1 for loc in england.locations if loc.deregistered_on)
    registered = [loc for loc in england.locations if loc.registered_at(england.as_of)]
    dormant = sum(1 for loc in registered if loc.dormant_at(england.as_of))
    other = sum(1 for loc in registered if not loc.adult_social_care)
    assert 0.12 <= deregistered / total <= 0.18
    assert 0.005 <= dormant / len(registered) <= 0.03
    assert 0.02 <= other / len(registered) <= 0.05
    assert all(len(loc.own_reports()) <= 6 for loc in england.locations)


def test_chains_mid_size_groups_and_single_site_providers(england):
    sizes = Counter(len(p.location_ids) for p in england.providers)
    chains = [p for p in england.providers if p.tier == "chain"]
    assert len(chains) == 10 and all(p.brand_id.startswith("BD") for p in chains)
    assert max(sizes) >= 20  # a fifth of 50–300
    assert sizes[1] > sum(sizes.values()) / 2
    assert {p.ownership for p in england.providers} >= {"Organisation", "Individual", "Partnership"}


# --- ratings -----------------------------------------------------------------------------------------
def test_every_current_key_question_set_agrees_with_its_overall(england):
    checked = judgement = 0
    for location in england.locations:
        for state in location.timeline:
            if state.overall not in RATED:
                continue
            kqs = {name: kq.rating for name, kq in state.key_questions.items()}
            assert set(kqs) == set(R.KEY_QUESTIONS), location.location_id
            assert _consistent(state.overall, kqs), (location.location_id, state.overall, kqs)
            checked += 1
            judgement += _principles(kqs) is None
    assert checked > 10_000
    assert 0 < judgement < checked * 0.05


def test_focused_inspections_leave_key_questions_with_different_dates(england):
    mixed = [
        loc
        for loc in england.locations
        if loc.timeline and len({kq.published for kq in loc.timeline[-1].key_questions.values()}) > 1
    ]
    assert len(mixed) > 100
    focused = [r for loc in england.locations for r in loc.reports if r.focused]
    assert all("Safe" in r.kqs and "Well-led" in r.kqs and len(r.kqs) < 5 for r in focused)


def test_state_as_at_follows_the_history(england):
    location = next(
        loc for loc in england.locations if len(loc.own_reports()) >= 3 and not loc.deregistered_on
    )
    first, second = location.reports[0], location.reports[1]
    assert not england.state_as_at(location, location.registered_on - timedelta(days=1)).registered
    assert england.state_as_at(location, first.published - timedelta(days=1)).overall is None
    assert england.state_as_at(location, first.published).overall == first.overall
    assert england.state_as_at(location, second.published - timedelta(days=1)).overall == first.overall
    assert england.state_as_at(location, second.published).overall == second.overall


def test_assessments_follow_the_cqc_scoring(england):
    assessed = [loc.assessment for loc in england.locations if loc.assessment]
    assert len(assessed) > 50
    for assessment in assessed:
        for kq, rows in assessment.statements.items():
            scores = [row[2] for row in rows]
            percent = round(sum(scores) / (4 * len(scores)) * 100)
            assert percent == assessment.kq_percent[kq]
            band = (
                "Outstanding"
                if percent >= 88
                else "Good"
                if percent >= 63
                else "Requires improvement"
                if percent >= 39
                else "Inadequate"
            )
            assert band == assessment.kq_ratings[kq]
        assert _consistent(assessment.overall, assessment.kq_ratings)


def test_tallies_are_self_consistent(england):
    for service in ("all", "care-homes", "home-care"):
        totals = {}
        for by in ("la", "icb", "region", "england"):
            tallies = england.tallies(by=by, service=service)
            for tally in tallies.values():
                assert sum(tally.by_rating.values()) == tally.active
            totals[by] = (
                sum(t.active for t in tallies.values()),
                sum(t.beds for t in tallies.values()),
                sum(t.by_rating["Good"] for t in tallies.values()),
            )
        assert len(set(totals.values())) == 1, totals
    assert len(england.tallies(by="icb")) == 42
    assert len(england.tallies(by="la")) == len(geography().local_authorities)


def test_area_gives_exactly_that_councils_part_of_england(tmp_path, england):
    oldham = geography().resolve_local_authority("Oldham")
    expected = sorted(loc.location_id for loc in england.locations if loc.la_code == oldham.code)
    model, _ = generate(
        tmp_path, seed=1, scale=0.2, area="Oldham", formats=("api", "hsca-csv"), log=lambda _: None
    )
    assert sorted(loc.location_id for loc in model.locations) == expected
    envelope = json.loads((tmp_path / "api" / "locations.json").read_text())
    assert envelope["total"] == len(expected) and envelope["firstPageUri"].endswith("localAuthority=Oldham")
    for path in (tmp_path / "api" / "location_details").glob("*.json"):
        assert json.loads(path.read_text())["localAuthority"] == "Oldham"
    rows = _csv_rows(_bulk(tmp_path, "HSCA_Active_Locations.csv"))
    column = rows[0].index("Location Local Authority")
    assert rows[1:] and {row[column] for row in rows[1:]} == {"Oldham"}
    icb = build_england(seed=1, scale=0.02, area="E54000057")
    assert {loc.icb_code for loc in icb.locations} == {"E54000057"}
    with pytest.raises(ValueError):
        build_england(scale=0.01, area="Atlantis")


# --- the files -----------------------------------------------------------------------------------------
def test_api_dump_is_laid_out_like_the_real_one(small):
    out, model, _ = small
    api = out / "api"
    locations = json.loads((api / "locations.json").read_text())
    providers = json.loads((api / "providers.json").read_text())
    assert locations["nextPageUri"] is None and locations["totalPages"] == 1
    assert (
        locations["total"]
        == len(locations["locations"])
        == len(list((api / "location_details").glob("*.json")))
    )
    assert providers["total"] == len(list((api / "provider_details").glob("*.json")))
    assert json.loads((api / "snapshot.json").read_text()) == {
        "as_of": "2026-11-01",
        "source": "carewatch generate --seed 3 --scale 0.02",
    }
    provider_ids = {p["providerId"] for p in providers["providers"]}
    statuses = Counter()
    for entry in locations["locations"]:
        path = api / "location_details" / f"location_{entry['locationId']}.json"
        text = path.read_text()
        detail = json.loads(text)
        assert (
            text
            == pretty_json(detail, sort_keys=True) + "\n"
            == json.dumps(detail, indent=4, sort_keys=True) + "\n"
        )
        assert detail["providerId"] in provider_ids
        assert detail["careHome"] in ("Y", "N") and detail["dormancy"] in ("Y", "N")
        statuses[detail["registrationStatus"]] += 1
        if detail["registrationStatus"] == "Deregistered":
            assert date.fromisoformat(detail["deregistrationDate"]) <= model.as_of
    assert statuses["Deregistered"] > 0 and statuses["Registered"] > 0


def _details(out: Path):
    for path in sorted((out / "api" / "location_details").glob("*.json")):
        yield json.loads(path.read_text())


def test_api_ratings_carry_dates_inheritance_and_per_service_ratings(small):
    out, _, _ = small
    seen = Counter()
    for detail in _details(out):
        current = detail.get("currentRatings", {}).get("overall", {})
        kqs = current.get("keyQuestionRatings", [])
        if current.get("rating") in RATED:
            assert {k["name"] for k in kqs} == set(R.KEY_QUESTIONS)
            assert _consistent(current["rating"], {k["name"]: k["rating"] for k in kqs})
            seen["dated"] += len({k["reportDate"] for k in kqs}) > 1
        if any("organisationId" in k for k in kqs):
            seen["inherited"] += 1
            predecessor = detail["relationships"][0]
            assert predecessor["type"] == "HSCA Predecessor"
            # after a focused inspection of its own, only the carried-forward ones are inherited
            assert {k["organisationId"] for k in kqs if "organisationId" in k} == {
                predecessor["relatedLocationId"]
            }
        if current.get("rating") == "Not Rated":
            services = detail["currentRatings"]["serviceRatings"]
            assert len(services) >= 2 and len(detail["gacServiceTypes"]) >= 2
            assert {s["name"] for s in services} == {t["name"] for t in detail["gacServiceTypes"]}
            seen["not rated"] += 1
        if "assessment" in detail:
            assert "currentRatings" not in detail
            block = detail["assessment"][0]["ratings"]["asgRatings"][0]
            for kq in block["keyQuestionRatings"]:
                scores = [int(t["qualityStatementscore"][0]) for t in kq["topicareas"]]
                assert int(kq["percentageScore"]) == round(sum(scores) / (4 * len(scores)) * 100)
                assert {t["status"] for t in kq["topicareas"]} <= {"Assessed", "Not Assessed"}
            seen["assessed"] += 1
    assert seen["dated"] and seen["inherited"] and seen["not rated"] and seen["assessed"], seen


def test_hsca_csv_xlsx_and_ods_hold_the_same_rows(small):
    out, _, _ = small
    csv_rows = _csv_rows(_bulk(out, "HSCA_Active_Locations.csv"))
    assert tuple(csv_rows[0]) == formats.hsca_columns()
    ods_path = _bulk(out, "HSCA_Active_Locations.ods")
    with zipfile.ZipFile(ods_path) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        assert "META-INF/manifest.xml" in archive.namelist()
    ods_rows = _ods_rows(ods_path, formats.HSCA_SHEET)
    assert tuple(ods_rows[0]) == formats.hsca_columns()
    assert len(ods_rows) == len(csv_rows)
    readme = _ods_rows(ods_path, formats.HSCA_README_SHEET)
    assert ["CQC database as at 01 November 2026"] in readme
    workbook = openpyxl.load_workbook(_bulk(out, "HSCA_Active_Locations.xlsx"), read_only=True)
    assert workbook.sheetnames == [formats.HSCA_README_SHEET, formats.HSCA_SHEET]
    xlsx_rows = list(workbook[formats.HSCA_SHEET].iter_rows(values_only=True))
    assert tuple(xlsx_rows[0]) == formats.hsca_columns()
    assert len(xlsx_rows) == len(csv_rows)
    assert "CQC database as at 01 November 2026" in [
        r[0] for r in workbook[formats.HSCA_README_SHEET].iter_rows(values_only=True)
    ]
    for csv_row, ods_row, xlsx_row in zip(csv_rows[1:40], ods_rows[1:40], xlsx_rows[1:40], strict=False):
        ods_row = ods_row + [""] * (len(csv_row) - len(ods_row))
        as_text = [
            "" if v is None else (v.date().isoformat() if hasattr(v, "date") else str(v)) for v in xlsx_row
        ]
        assert csv_row == ods_row == as_text


def test_hsca_csv_gives_the_generators_own_tallies(small):
    """A miniature round trip: counting the bulk file the documented way gives :func:`tallies`."""
    out, model, _ = small
    rows = _csv_rows(_bulk(out, "HSCA_Active_Locations.csv"))
    col = {name: i for i, name in enumerate(rows[0])}
    names = {la.name: la.code for la in geography().local_authorities}
    counted: dict[str, Counter] = {}
    for row in rows[1:]:
        if (
            row[col["Dormant (Y/N)"]] == "Y"
            or row[col["Location Inspection Directorate"]] != "Adult social care"
        ):
            continue
        if row[col["Care home?"]] != "Y":
            continue
        tally = counted.setdefault(names[row[col["Location Local Authority"]]], Counter())
        rating = row[col["Location Latest Overall Rating"]]
        tally["active"] += 1
        tally[rating if rating in RATED else "not yet rated"] += 1
        tally["beds"] += int(row[col["Care homes beds"]])
    expected = {
        code: Counter({"active": t.active, "beds": t.beds, **t.by_rating})
        for code, t in model.tallies(by="la", service="care-homes").items()
        if t.active
    }
    assert {code: +c for code, c in counted.items()} == {code: +c for code, c in expected.items()}


def test_latest_ratings_is_long_and_contiguous(small):
    out, _, _ = small
    rows = _ods_rows(_bulk(out, "Latest_ratings.ods"), formats.LATEST_RATINGS_LOCATIONS_SHEET)
    assert tuple(rows[0]) == formats.LATEST_RATINGS_COLUMNS
    col = {name: i for i, name in enumerate(rows[0])}
    seen: list[str] = []
    domains: dict[str, set] = {}
    for row in rows[1:]:
        location_id = row[col["Location ID"]]
        if not seen or seen[-1] != location_id:
            assert location_id not in seen, "rows of one location must be contiguous"
            seen.append(location_id)
        if row[col["Service / Population Group"]] == "Overall":
            domains.setdefault(location_id, set()).add(row[col["Domain"]])
        date.fromisoformat(row[col["Publication Date"]])
    assert sum(1 for d in domains.values() if d == set(formats.LATEST_RATINGS_DOMAINS)) > 100


def test_directory_has_four_preamble_rows(small):
    out, _, _ = small
    rows = _csv_rows(_bulk(out, "CQC_directory.csv"))
    assert all(len(row) == 1 for row in rows[:4])
    assert tuple(rows[4]) == formats.DIRECTORY_COLUMNS
    types = rows[4].index("Service types")
    assert any("|" in row[types] for row in rows[5:])


def test_monthly_snapshots_follow_the_register(small):
    out, model, _ = small
    days = months_back(model.as_of, 2)
    assert days == [date(2026, 10, 1), date(2026, 11, 1)]
    for day in days:
        rows = _csv_rows(
            out / "monthly" / day.isoformat() / f"{day.day:02d}_{day:%B}_{day.year}_HSCA_Active_Locations.csv"
        )
        registered = sum(1 for loc in model.locations if loc.registered_at(day))
        assert len(rows) - 1 == registered


def test_the_command_reports_each_file_and_its_time(tmp_path):
    stdout = io.StringIO()
    call_command("generate", out=str(tmp_path), scale=0.01, formats="hsca-csv,directory", stdout=stdout)
    text = stdout.getvalue()
    assert "model:" in text and "hsca-csv:" in text and "directory:" in text and "total:" in text
    assert sorted(p.name for p in (tmp_path / "bulk").iterdir()) == [
        "01_November_2026_CQC_directory.csv",
        "01_November_2026_HSCA_Active_Locations.csv",
    ]
