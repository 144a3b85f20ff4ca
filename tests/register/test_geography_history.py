"""Geography as at a snapshot's date: CQC's old spellings, region aliases, abolished councils and successors."""

from datetime import date

import pytest
from django.db import IntegrityError

from carewatch.insights import areas
from carewatch.register import models, queries
from carewatch.register.reference import current_successors, geography
from carewatch.register.services.reference_data import GeographyResolver, ensure_reference_data
from tests.register import factories as f

DIRECTORY_2016 = date(2016, 11, 16)  # the real 2016 CQC_directory.csv's date
LATER = date(2024, 6, 1)

NORTHAMPTONSHIRE = "E10000021"
CUMBRIA = "E10000006"
NORTH_YORKSHIRE_COUNTY, NORTH_YORKSHIRE = "E10000023", "E06000065"
SOMERSET_COUNTY, SOMERSET = "E10000027", "E06000066"
DORSET_COUNTY, DORSET = "E10000009", "E06000059"
BUCKINGHAMSHIRE_COUNTY, BUCKINGHAMSHIRE = "E10000002", "E06000060"
BOURNEMOUTH, POOLE, BCP = "E06000028", "E06000029", "E06000058"
ABOLISHED = {
    NORTHAMPTONSHIRE: (date(2021, 4, 1), ["E06000061", "E06000062"]),
    CUMBRIA: (date(2023, 4, 1), ["E06000063", "E06000064"]),
    NORTH_YORKSHIRE_COUNTY: (date(2023, 4, 1), [NORTH_YORKSHIRE]),
    SOMERSET_COUNTY: (date(2023, 4, 1), [SOMERSET]),
    DORSET_COUNTY: (date(2019, 4, 1), [BCP, DORSET]),
    BOURNEMOUTH: (date(2019, 4, 1), [BCP]),
    POOLE: (date(2019, 4, 1), [BCP]),
    BUCKINGHAMSHIRE_COUNTY: (date(2020, 4, 1), [BUCKINGHAMSHIRE]),
}


@pytest.fixture(scope="module")
def geo():
    return geography()


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("Bath & N E Somerset", "E06000022"),
        ("Bath and N.E. Somerset", "E06000022"),
        ("Bath & NE Somerset", "E06000022"),
        ("Corporation of London", "E09000001"),
        ("City of London Corporation", "E09000001"),
        ("London, City of", "E09000001"),
        ("Bristol, City of", "E06000023"),
        ("Bristol City Council", "E06000023"),
        ("Herefordshire, County of", "E06000019"),
        ("Kingston upon Hull, City of", "E06000010"),
        ("Kingston Upon Hull", "E06000010"),
        ("Hull City Council", "E06000010"),
        ("Durham", "E06000047"),
        ("Durham County Council", "E06000047"),
        ("Telford & Wrekin", "E06000020"),
        ("Southend", "E06000033"),
        ("Southend On Sea", "E06000033"),
        ("St Helens", "E08000013"),
        ("St. Helens", "E08000013"),
        ("Saint Helens", "E08000013"),
        ("Newcastle Upon Tyne", "E08000021"),
        ("Richmond Upon Thames", "E09000027"),
        ("Kingston Upon Thames", "E09000021"),
        ("Stoke on Trent", "E06000021"),
        ("Stockton On Tees", "E06000004"),
        ("Blackburn With Darwen", "E06000008"),
        ("Windsor And Maidenhead", "E06000040"),
        ("Royal Borough of Windsor & Maidenhead", "E06000040"),
        ("London Borough of Barnet", "E09000003"),
        ("Barnet London Borough Council", "E09000003"),
        ("Leicester City Council", "E06000016"),
        ("Hertfordshire County Council", "E10000015"),
        ("Isle Of Wight", "E06000046"),
        ("Isle of Wight Council", "E06000046"),
        ("Council of the Isles of Scilly", "E06000053"),
        ("N E Lincolnshire", "E06000012"),
        ("North East Lincs", "E06000012"),
        ("Redcar & Cleveland", "E06000003"),
        ("Cheshire West & Chester", "E06000050"),
        ("Westminster City Council", "E09000033"),
        ("Herts", "E10000015"),
        ("Notts", "E10000024"),
        ("Hammersmith & Fulham", "E09000013"),
    ],
)
def test_an_old_cqc_spelling_resolves_on_the_2016_date_and_today(geo, spelling, code):
    for on in (DIRECTORY_2016, None):
        la = geo.resolve_local_authority(spelling, on=on)
        assert la is not None and la.code == code, (spelling, on)


@pytest.mark.parametrize(
    "name",
    [
        "London",  # a region, even though "City of London" without "City of" reads so
        "North",
        "Oldham Town",
        "Oldam",
        "Borough Council",
        "City of",
    ],
)
def test_loose_matching_never_guesses(geo, name):
    assert geo.resolve_local_authority(name, on=DIRECTORY_2016) is None
    assert geo.resolve_local_authority(name) is None


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("East", "E12000006"),
        ("Eastern", "E12000006"),
        ("East of England", "E12000006"),
        ("EAST OF ENGLAND", "E12000006"),
        ("Yorkshire & Humberside", "E12000003"),
        ("Yorkshire and Humberside", "E12000003"),
        ("Yorkshire and Humber", "E12000003"),
        ("Yorkshire & the Humber", "E12000003"),
        ("Yorkshire and The Humber", "E12000003"),
        ("London Region", "E12000007"),
        ("London", "E12000007"),
        ("North East Region", "E12000001"),
        ("North-West", "E12000002"),
        ("South West Region", "E12000009"),
        ("E12000004", "E12000004"),
    ],
)
def test_a_region_alias_resolves(geo, spelling, code):
    region = geo.resolve_region(spelling)
    assert region is not None and region.code == code


@pytest.mark.parametrize("name", ["", "North", "Atlantis", "Humberside", "E54000057", "England"])
def test_an_unknown_region_stays_unknown(geo, name):
    assert geo.resolve_region(name) is None


def test_northamptonshire_in_2016_is_the_county_council(geo):
    la = geo.resolve_local_authority("Northamptonshire", on=DIRECTORY_2016)
    assert la is not None and la.code == NORTHAMPTONSHIRE
    assert la.abolished_on == date(2021, 4, 1)
    assert geo.resolve_local_authority("Northamptonshire", on=date(2021, 3, 31)).code == NORTHAMPTONSHIRE
    assert geo.resolve_local_authority("Cumbria", on=DIRECTORY_2016).code == CUMBRIA


@pytest.mark.parametrize("on", [date(2021, 4, 1), LATER, None])
def test_northamptonshire_after_abolition_is_unknown_because_it_was_split(geo, on):
    assert geo.resolve_local_authority("Northamptonshire", on=on) is None
    why = geo.unresolved_reason("Northamptonshire", on=on)
    assert "abolished on 1 April 2021" in why
    assert "North Northamptonshire (E06000061)" in why
    assert "West Northamptonshire (E06000062)" in why


def test_a_council_named_before_it_existed_is_unknown_with_its_start_date(geo):
    assert geo.resolve_local_authority("Cumberland", on=DIRECTORY_2016) is None
    assert "created on 1 April 2023" in geo.unresolved_reason("Cumberland", on=DIRECTORY_2016)
    assert geo.resolve_local_authority("Cumberland", on=LATER).code == "E06000063"


def test_a_name_nobody_ever_had_is_unknown_and_not_guessed(geo):
    assert "not in carewatch's reference table" in geo.unresolved_reason("Atlantis", on=DIRECTORY_2016)


@pytest.mark.parametrize(
    ("name", "on", "code"),
    [
        ("North Yorkshire", DIRECTORY_2016, NORTH_YORKSHIRE_COUNTY),
        ("North Yorkshire", date(2023, 3, 31), NORTH_YORKSHIRE_COUNTY),
        ("North Yorkshire", date(2023, 4, 1), NORTH_YORKSHIRE),
        ("North Yorkshire", None, NORTH_YORKSHIRE),
        ("Somerset", DIRECTORY_2016, SOMERSET_COUNTY),
        ("Somerset", LATER, SOMERSET),
        ("North Somerset", DIRECTORY_2016, "E06000024"),
        ("Dorset", date(2019, 3, 31), DORSET_COUNTY),
        ("Dorset", date(2019, 4, 1), DORSET),
        ("Buckinghamshire", date(2020, 3, 31), BUCKINGHAMSHIRE_COUNTY),
        ("Buckinghamshire", date(2020, 4, 1), BUCKINGHAMSHIRE),
        ("Bucks", DIRECTORY_2016, BUCKINGHAMSHIRE_COUNTY),
        ("Bournemouth", DIRECTORY_2016, BOURNEMOUTH),
        ("Poole", DIRECTORY_2016, POOLE),
        # Bournemouth and Poole each went whole into one successor: the name still places a service.
        ("Bournemouth", LATER, BCP),
        ("Poole", None, BCP),
        ("Bournemouth, Christchurch and Poole", LATER, BCP),
    ],
)
def test_a_name_resolves_to_the_council_of_that_date(geo, name, on, code):
    la = geo.resolve_local_authority(name, on=on)
    assert la is not None and la.code == code


def test_an_ons_code_resolves_whatever_the_date(geo):
    assert geo.resolve_local_authority(NORTHAMPTONSHIRE, on=LATER).code == NORTHAMPTONSHIRE
    assert geo.resolve_local_authority("e10000023").code == NORTH_YORKSHIRE_COUNTY


def test_abolished_councils_carry_their_dates_and_successors(geo):
    for code, (abolished_on, successors) in ABOLISHED.items():
        la = geo.local_authority(code)
        assert la.abolished_on == abolished_on, code
        assert sorted(la.successor_codes) == successors, code
        for successor in successors:
            assert geo.local_authority(successor).created_on == abolished_on, successor


def test_an_abolished_council_takes_the_icb_and_region_of_its_successors(geo):
    for code in ABOLISHED:
        la = geo.local_authority(code)
        successors = [geo.local_authority(s) for s in la.successor_codes]
        assert la.region_code in {s.region_code for s in successors}, code
        assert la.icb_code in {s.icb_code for s in successors}, code
    assert geo.local_authority(CUMBRIA).icb_code == "E54000050"  # most of its people: North Cumbria


def test_the_current_list_has_no_abolished_council(geo):
    current = {la.code for la in geo.local_authorities}
    assert len(current) == 153
    assert current.isdisjoint(ABOLISHED)
    assert {la.code for la in geo.former_local_authorities} == set(ABOLISHED)


@pytest.mark.parametrize(
    ("code", "successors"),
    [
        (NORTHAMPTONSHIRE, ["E06000061", "E06000062"]),
        (CUMBRIA, ["E06000063", "E06000064"]),
        (NORTH_YORKSHIRE_COUNTY, [NORTH_YORKSHIRE]),
        (SOMERSET_COUNTY, [SOMERSET]),
        (DORSET_COUNTY, [BCP, DORSET]),
        (BOURNEMOUTH, [BCP]),
        (POOLE, [BCP]),
        (BUCKINGHAMSHIRE_COUNTY, [BUCKINGHAMSHIRE]),
        ("E08000004", ["E08000004"]),  # a current council is its own successor
    ],
)
def test_current_successors(code, successors):
    assert current_successors(code) == successors


def test_current_successors_of_an_unknown_code_raises():
    with pytest.raises(KeyError):
        current_successors("E10000099")


# --- the database ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_ensure_reference_data_creates_the_abolished_councils_with_their_successors():
    ensure_reference_data()
    ensure_reference_data()  # a second run changes nothing and does not fail
    for code, (abolished_on, successors) in ABOLISHED.items():
        row = models.LocalAuthority.objects.get(pk=code)
        assert row.abolished_on == abolished_on
        assert sorted(row.successors.values_list("code", flat=True)) == successors
    northants = models.LocalAuthority.objects.get(pk=NORTHAMPTONSHIRE)
    assert (northants.name, northants.icb_id, northants.region_id) == (
        "Northamptonshire",
        "E54000059",
        "E12000004",
    )
    assert list(
        models.LocalAuthority.objects.get(pk=BCP).predecessors.order_by("code").values_list("code", flat=True)
    ) == [
        BOURNEMOUTH,
        POOLE,
        DORSET_COUNTY,
    ]
    assert models.LocalAuthority.objects.get(pk="E06000061").created_on == date(2021, 4, 1)
    assert models.LocalAuthority.objects.filter(abolished_on__isnull=True).count() == 153


@pytest.mark.django_db
def test_two_current_councils_cannot_share_a_name():
    ensure_reference_data()
    county = models.LocalAuthority.objects.get(pk=NORTH_YORKSHIRE_COUNTY)
    assert county.name == "North Yorkshire"  # allowed: the county was abolished
    county.abolished_on = None
    with pytest.raises(IntegrityError):
        county.save()


def test_the_resolver_reads_names_as_at_the_snapshot_date():
    resolver = GeographyResolver(on=DIRECTORY_2016)
    assert resolver.resolve(f.location("1-100000001", local_authority="Northamptonshire")) == NORTHAMPTONSHIRE
    assert (
        resolver.resolve(f.location("1-100000002", local_authority="North Yorkshire"))
        == NORTH_YORKSHIRE_COUNTY
    )
    assert resolver.resolve(f.location("1-100000003", local_authority="Bath & N E Somerset")) == "E06000022"
    assert resolver.problems == []
    assert resolver.resolve_region("Yorkshire & Humberside") == "E12000003"
    assert resolver.region_by_name.get("east") == "E12000006"  # what location_fields reads today


def test_the_resolver_without_a_date_reads_names_as_they_stand_now():
    resolver = GeographyResolver()
    assert resolver.resolve(f.location("1-100000002", local_authority="North Yorkshire")) == NORTH_YORKSHIRE


def test_the_resolver_reports_a_split_council_after_its_abolition():
    resolver = GeographyResolver(on=LATER)
    assert resolver.resolve(f.location("1-100000001", local_authority="Cumbria")) is None
    (problem,) = resolver.problems
    assert "'Cumbria'" in problem
    assert "abolished on 1 April 2023" in problem
    assert "Cumberland (E06000063)" in problem and "Westmorland and Furness (E06000064)" in problem


@pytest.mark.django_db
def test_lists_of_current_councils_leave_out_abolished_ones():
    ensure_reference_data()
    public_filter = dict(queries.filter_choices()["local_authorities"])
    picker = dict(areas.choices()["la"])
    today = {row.code for row in queries.market_figures(by="la")}
    for code in ABOLISHED:
        assert code not in public_filter
        assert f"la:{code}" not in picker
        assert code not in today
    assert len(public_filter) == len(picker) == len(today) == 153
    assert areas.find_council("North Yorkshire").code == NORTH_YORKSHIRE


@pytest.mark.django_db
def test_market_figures_as_at_a_date_list_the_councils_not_yet_abolished():
    ensure_reference_data()
    in_2016 = {row.code for row in queries.market_figures(by="la", as_of=DIRECTORY_2016)}
    assert set(ABOLISHED) <= in_2016
    in_2022 = {row.code for row in queries.market_figures(by="la", as_of=date(2022, 1, 1))}
    assert {NORTH_YORKSHIRE_COUNTY, CUMBRIA} <= in_2022
    assert NORTHAMPTONSHIRE not in in_2022


@pytest.mark.django_db
def test_the_commissioner_league_lists_only_councils_of_its_date():
    from carewatch.insights import commissioner

    ensure_reference_data()
    now = {row.area.code for row in commissioner.ratings(level="la", as_of=None, today=LATER)}
    assert now.isdisjoint(ABOLISHED) and len(now) == 153
    then = {row.area.code for row in commissioner.ratings(level="la", as_of=date(2020, 1, 1), today=LATER)}
    assert {NORTHAMPTONSHIRE, CUMBRIA} <= then
    assert DORSET_COUNTY not in then


def test_the_loader_refuses_an_abolished_council_without_a_successor():
    from carewatch.register.reference import CSV_HEADER, load_geography

    icb = "E54000059,NHS Northamptonshire Integrated Care Board,E12000004,East Midlands"
    header = ",".join(CSV_HEADER)
    with pytest.raises(ValueError, match="no successor named"):
        load_geography(
            f"{header}\nE06000061,North Northamptonshire,,{icb},,,\nE10000021,Northamptonshire,,{icb},,2021-04-01,\n"
        )
    with pytest.raises(ValueError, match="did not exist when it was abolished"):
        load_geography(
            f"{header}\nE06000061,North Northamptonshire,,{icb},2022-04-01,,\n"
            f"E10000021,Northamptonshire,,{icb},,2021-04-01,E06000061\n"
        )
