"""The geography reference table: LA names and codes -> ICB -> region."""

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from carewatch.register import reference
from carewatch.register.reference import geography, load_geography, normalise_name

CSV_PATH = Path(reference.__file__).with_name("geography.csv")

REGIONS = {
    "E12000001": "North East",
    "E12000002": "North West",
    "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands",
    "E12000005": "West Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
}
GREATER_MANCHESTER = "E54000057"
NORTH_WEST = "E12000002"


@pytest.fixture(scope="module")
def geo():
    return geography()


def test_geography_is_cached():
    assert geography() is geography()


def test_counts(geo):
    assert len(geo.regions) == 9
    assert len(geo.icbs) == 42
    assert len({la.icb_code for la in geo.local_authorities}) == 42
    # 63 unitaries (incl. Isles of Scilly), 36 metropolitan boroughs, 32 London boroughs
    # plus the City of London, and 21 county councils, as from April 2023.
    by_type = Counter(la.code[:3] for la in geo.local_authorities)
    assert by_type == {"E06": 63, "E08": 36, "E09": 33, "E10": 21}
    assert len(geo.local_authorities) == 153


def test_regions_are_the_nine_english_regions(geo):
    assert {r.code: r.name for r in geo.regions} == REGIONS


def test_codes_match_their_patterns(geo):
    for la in geo.local_authorities:
        assert re.fullmatch(r"E(06|08|09|10)\d{6}", la.code), la
        assert re.fullmatch(r"E54\d{6}", la.icb_code), la
        assert re.fullmatch(r"E12\d{6}", la.region_code), la
    for icb in geo.icbs:
        assert re.fullmatch(r"E54\d{6}", icb.code), icb
        assert re.fullmatch(r"E12\d{6}", icb.region_code), icb
    for region in geo.regions:
        assert re.fullmatch(r"E12\d{6}", region.code), region


def test_codes_and_names_are_unique(geo):
    codes = [la.code for la in geo.local_authorities]
    assert len(codes) == len(set(codes))
    icb_names = [icb.name for icb in geo.icbs]
    assert len(icb_names) == len(set(icb_names))
    for name in icb_names:
        assert name.startswith("NHS ") and name.endswith(" Integrated Care Board"), name


def test_no_name_or_alias_points_at_two_local_authorities_at_once():
    # Read the CSV directly, so the check does not rely on the loader's own one. A name may pass
    # from an abolished council to its successor ("North Yorkshire"), never to two at once.
    owners: dict[str, set[str]] = {}
    current: dict[str, set[str]] = {}
    successors: dict[str, set[str]] = {}
    with CSV_PATH.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            spellings = [row["la_name"], *filter(None, row["aliases"].split("|"))]
            successors[row["la_code"]] = set(filter(None, row["successor_codes"].split("|")))
            for spelling in spellings:
                assert spelling == spelling.strip() and spelling, row
                owners.setdefault(normalise_name(spelling), set()).add(row["la_code"])
                if not row["abolished_on"]:
                    current.setdefault(normalise_name(spelling), set()).add(row["la_code"])
    assert {key: codes for key, codes in current.items() if len(codes) > 1} == {}
    shared = {key: codes for key, codes in owners.items() if len(codes) > 1}
    assert shared == {
        "buckinghamshire": {"E10000002", "E06000060"},
        "bucks": {"E10000002", "E06000060"},
        "dorset": {"E10000009", "E06000059"},
        "north yorkshire": {"E10000023", "E06000065"},
        "somerset": {"E10000027", "E06000066"},
    }
    for codes in shared.values():
        (former,) = (code for code in codes if successors[code])
        assert codes - {former} <= successors[former]


def test_csv_rows_agree_with_loaded_table(geo):
    with CSV_PATH.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(geo.all_local_authorities) == len(geo.local_authorities) + 8
    for row in rows:
        la = geo.local_authority(row["la_code"])
        assert geo.icb(la.icb_code).name == row["icb_name"]
        assert geo.region(la.region_code).name == row["region_name"]


def test_loader_rejects_an_alias_shared_by_two_authorities():
    text = (
        "la_code,la_name,aliases,icb_code,icb_name,region_code,region_name,created_on,abolished_on,successor_codes\n"
        "E08000004,Oldham,Borough,E54000057,NHS Greater Manchester Integrated Care Board,E12000002,North West,,,\n"
        "E08000005,Rochdale,borough,E54000057,NHS Greater Manchester Integrated Care Board,E12000002,North West,,,\n"
    )
    with pytest.raises(ValueError, match="names both"):
        load_geography(text)


def test_loader_rejects_a_malformed_code():
    text = (
        "la_code,la_name,aliases,icb_code,icb_name,region_code,region_name,created_on,abolished_on,successor_codes\n"
        "E07000117,Burnley,,E54000048,NHS Lancashire and South Cumbria Integrated Care Board,E12000002,North West,,,\n"
    )
    with pytest.raises(ValueError, match="malformed code"):
        load_geography(text)


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("Oldham", "E08000004"),
        ("OLDHAM", "E08000004"),
        ("  oldham ", "E08000004"),
        ("Kent", "E10000016"),
        ("Bristol, City of", "E06000023"),
        ("Bristol", "E06000023"),
        ("City of Bristol", "E06000023"),
        ("Herefordshire, County of", "E06000019"),
        ("Herefordshire", "E06000019"),
        ("Kingston upon Hull, City of", "E06000010"),
        ("Kingston upon Hull", "E06000010"),
        ("Hull", "E06000010"),
        ("Kingston upon Thames", "E09000021"),
        ("Southend-on-Sea", "E06000033"),
        ("Southend on Sea", "E06000033"),
        ("Southend", "E06000033"),
        ("Bournemouth, Christchurch and Poole", "E06000058"),
        ("Bournemouth Christchurch & Poole", "E06000058"),
        ("St. Helens", "E08000013"),
        ("St Helens", "E08000013"),
        ("Durham", "E06000047"),
        ("County Durham", "E06000047"),
        ("Isles of Scilly", "E06000053"),
        ("City of London", "E09000001"),
        ("Cumberland", "E06000063"),
        ("Westmorland and Furness", "E06000064"),
        ("Westmorland & Furness", "E06000064"),
        ("North Yorkshire", "E06000065"),
        ("Somerset", "E06000066"),
        ("North Somerset", "E06000024"),
        ("Telford and Wrekin", "E06000020"),
        ("Telford & Wrekin", "E06000020"),
        ("Brighton & Hove", "E06000043"),
        ("Windsor & Maidenhead", "E06000040"),
        ("Stockton-on-Tees", "E06000004"),
        ("Stoke-on-Trent", "E06000021"),
        ("Newcastle upon Tyne", "E08000021"),
        ("Hammersmith & Fulham", "E09000013"),
        ("Kensington and Chelsea", "E09000020"),
        ("Barking and Dagenham", "E09000002"),
        ("Bath and North East Somerset", "E06000022"),
        ("Blackburn with Darwen", "E06000008"),
        ("East Riding of Yorkshire", "E06000011"),
        ("Cheshire West and Chester", "E06000050"),
        ("Buckinghamshire", "E06000060"),
        ("North Northamptonshire", "E06000061"),
        ("West Northamptonshire", "E06000062"),
        ("Dorset", "E06000059"),
        ("Gateshead", "E08000037"),
        ("Northumberland", "E06000057"),
        ("E08000004", "E08000004"),
        ("e10000016", "E10000016"),
    ],
)
def test_resolves_cqc_spellings(geo, spelling, code):
    la = geo.resolve_local_authority(spelling)
    assert la is not None, spelling
    assert la.code == code


@pytest.mark.parametrize(
    "name",
    [
        "Atlantis",
        "",
        "   ",
        "Oldam",  # a typo stays unknown: no fuzzy matching
        "Oldham Town",
        "Cumbria",  # abolished 2023 and split between Cumberland and Westmorland and Furness
        "Northamptonshire",  # abolished 2021 and split in two
        "Burnley",  # a district, not a social care authority
        "London",  # a region
        "North West",
        "E07000117",  # Burnley's district code
        "E08000020",  # Gateshead's code before 2013: not in the table, so not guessed
        "E54000057",  # an ICB, not a local authority
    ],
)
def test_unknown_names_resolve_to_none(geo, name):
    assert geo.resolve_local_authority(name) is None


@pytest.mark.parametrize(
    ("la_code", "icb_code", "region_code"),
    [
        ("E08000004", GREATER_MANCHESTER, NORTH_WEST),  # Oldham
        ("E06000063", "E54000050", NORTH_WEST),  # Cumberland: North East and North Cumbria ICB
        ("E06000064", "E54000048", NORTH_WEST),  # Westmorland and Furness: Lancashire and South Cumbria
        ("E06000065", "E54000051", "E12000003"),  # North Yorkshire: Humber and North Yorkshire
        ("E06000066", "E54000038", "E12000009"),  # Somerset
        ("E06000042", "E54000024", "E12000008"),  # Milton Keynes: BLMK ICB, South East region
        ("E09000001", "E54000029", "E12000007"),  # City of London: North East London
        ("E06000053", "E54000036", "E12000009"),  # Isles of Scilly
        ("E10000012", "E54000026", "E12000006"),  # Essex: mostly Mid and South Essex
        ("E10000030", "E54000063", "E12000008"),  # Surrey: mostly Surrey Heartlands
        ("E10000032", "E54000064", "E12000008"),  # West Sussex: Sussex
        ("E06000039", "E54000034", "E12000008"),  # Slough: Frimley
    ],
)
def test_local_authority_icb_and_region(geo, la_code, icb_code, region_code):
    la = geo.local_authority(la_code)
    assert (la.icb_code, la.region_code) == (icb_code, region_code)


def test_oldham_is_in_greater_manchester_icb_in_the_north_west(geo):
    oldham = geo.resolve_local_authority("Oldham")
    icb = geo.icb(oldham.icb_code)
    assert icb.code == GREATER_MANCHESTER
    assert icb.name == "NHS Greater Manchester Integrated Care Board"
    assert geo.region(oldham.region_code).name == "North West"
    assert icb.region_code == NORTH_WEST


def test_icb_region_is_the_majority_region_of_its_authorities(geo):
    assert geo.icb("E54000050").region_code == "E12000001"  # NENC: 12 North East LAs + Cumberland
    assert geo.icb("E54000024").region_code == "E12000006"  # BLMK: 3 East of England LAs + Milton Keynes
    for icb in geo.icbs:
        regions = Counter(la.region_code for la in geo.local_authorities_in_icb(icb.code))
        assert regions.most_common(1)[0][0] == icb.region_code


def test_members_of_an_icb_and_a_region(geo):
    gm = {la.name for la in geo.local_authorities_in_icb(GREATER_MANCHESTER)}
    assert gm == {
        "Bolton",
        "Bury",
        "Manchester",
        "Oldham",
        "Rochdale",
        "Salford",
        "Stockport",
        "Tameside",
        "Trafford",
        "Wigan",
    }
    london = geo.local_authorities_in_region("E12000007")
    assert len(london) == 33
    assert all(la.code.startswith("E09") for la in london)
    assert sum(len(geo.local_authorities_in_icb(icb.code)) for icb in geo.icbs) == 153
    assert sum(len(geo.local_authorities_in_region(r.code)) for r in geo.regions) == 153


def test_unknown_codes_raise(geo):
    with pytest.raises(KeyError):
        geo.icb("E54000001")
    with pytest.raises(KeyError):
        geo.region("E12000010")
    with pytest.raises(KeyError):
        geo.local_authorities_in_icb("E54000052")  # Surrey Heartlands' code before April 2023


@pytest.mark.realdata
def test_real_oldham_dump_resolves(geo, oldham_dump):
    files = sorted((oldham_dump / "location_details").glob("*.json"))
    assert files, f"no location_details/*.json under {oldham_dump}"
    names: set[str] = set()
    checked_icbs = 0
    for path in files:
        location = json.loads(path.read_text(encoding="utf-8"))
        name = location.get("localAuthority")
        if not name:
            continue
        names.add(name)
        la = geo.resolve_local_authority(name)
        assert la is not None, f"{path.name}: unknown local authority {name!r}"
        icb_code = location.get("onspdIcbCode")
        if icb_code and la.code == "E08000004":
            assert la.icb_code == icb_code, path.name
            checked_icbs += 1
    assert names
    unresolved = sorted(n for n in names if geo.resolve_local_authority(n) is None)
    assert unresolved == []
    assert checked_icbs > 0
