"""Places a family types into the finder: postcodes read, countries told, points found offline."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carewatch.register import models, places
from tests.register.finder_world import build_world


@pytest.mark.parametrize(
    ("text", "kind", "written"),
    [
        ("OL1 6AB", "unit", "OL1 6AB"),
        ("ol16ab", "unit", "OL1 6AB"),
        ("  ol1   6ab ", "unit", "OL1 6AB"),
        ("SW1A 1AA", "unit", "SW1A 1AA"),
        ("OL1 6", "sector", "OL1 6"),
        ("OL16", "district", "OL16"),
        ("OL1", "district", "OL1"),
        ("G1", "district", "G1"),
    ],
)
def test_a_postcode_is_read_as_a_unit_sector_or_district(text, kind, written):
    postcode = places.parse_postcode(text)
    assert postcode is not None
    assert (postcode.kind, postcode.text) == (kind, written)


@pytest.mark.parametrize("text", ["Royton", "", "OL", "1AB", "OL1 6AB X", "OL1 6ABC", "ZZZZ9 9ZZ"])
def test_text_that_is_not_a_postcode_is_not_read_as_one(text):
    assert places.parse_postcode(text) is None


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("EH1 1YZ", places.SCOTLAND),
        ("G2 1AA", places.SCOTLAND),
        ("TD1 1AA", places.SCOTLAND),
        ("CF10 1AA", places.WALES),
        ("SY23 1AA", places.WALES),
        ("CH7 1AA", places.WALES),
        ("BT1 1AA", places.NORTHERN_IRELAND),
        ("OL1 6AB", None),
        ("SY1 1AA", None),  # Shrewsbury, England
        ("SY10 7AA", None),  # straddles the border: decided by the directory or the register
        ("TD15 1AA", None),  # Berwick-upon-Tweed, England
        ("CH4 0AA", None),  # straddles the border
    ],
)
def test_the_postcode_area_or_district_names_the_country_where_it_alone_decides(text, country):
    postcode = places.parse_postcode(text)
    assert postcode is not None
    assert places.country_of_area(postcode) == country


def test_the_haversine_distance_matches_a_hand_computed_one():
    # Oldham town centre to Manchester Piccadilly, computed by hand with R = 3,958.8 miles.
    lat1, lon1, lat2, lon2 = 53.5409, -2.1114, 53.4774, -2.2309
    dlat, dlon = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = (
        math.sin(dlat / 2) ** 2
        + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
    )
    by_hand = 2 * 3958.8 * math.asin(math.sqrt(a))
    assert places.haversine_miles(lat1, lon1, lat2, lon2) == pytest.approx(by_hand, rel=1e-12)
    assert 6.0 < by_hand < 6.6


@given(
    st.floats(min_value=49.0, max_value=61.0),
    st.floats(min_value=-8.0, max_value=2.0),
    st.integers(min_value=1, max_value=50),
    st.floats(min_value=0, max_value=2 * math.pi),
    st.floats(min_value=0, max_value=1),
)
def test_every_point_within_the_distance_is_inside_the_bounding_box(lat, lon, miles, bearing, share):
    # a point at share × miles along a bearing, by the destination-point formula
    d = share * miles / places.EARTH_RADIUS_MILES
    phi1, lambda1 = math.radians(lat), math.radians(lon)
    phi2 = math.asin(math.sin(phi1) * math.cos(d) + math.cos(phi1) * math.sin(d) * math.cos(bearing))
    lambda2 = lambda1 + math.atan2(
        math.sin(bearing) * math.sin(d) * math.cos(phi1), math.cos(d) - math.sin(phi1) * math.sin(phi2)
    )
    lat2, lon2 = math.degrees(phi2), math.degrees(lambda2)
    south, north, west, east = places.bounding_box(lat, lon, miles)
    assert south - 1e-9 <= lat2 <= north + 1e-9
    assert west - 1e-9 <= lon2 <= east + 1e-9


@given(st.text(max_size=40))
def test_reading_any_text_as_a_postcode_never_fails(text):
    postcode = places.parse_postcode(text)
    if postcode is not None:
        assert places.parse_postcode(postcode.text) == postcode
        assert postcode.text == postcode.text.upper().strip()


@given(
    st.from_regex(r"[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-Z]?", fullmatch=True),
    st.from_regex(r"[0-9][ABD-HJLNP-UW-Z]{2}", fullmatch=True),
)
def test_every_well_formed_full_postcode_is_read_as_a_unit_with_or_without_its_space(outward, inward):
    for written in (f"{outward} {inward}", f"{outward}{inward}", f" {outward.lower()}  {inward.lower()} "):
        postcode = places.parse_postcode(written)
        assert postcode is not None and postcode.kind == "unit"
        assert postcode.text == f"{outward} {inward}"


# --- resolving a place against the register ------------------------------------------------------


@pytest.fixture
def world(db):
    build_world()


def test_a_full_postcode_known_to_the_register_is_the_point_of_its_services(world):
    place = places.resolve("ol2 6aa")
    assert (place.kind, place.name, place.source) == ("unit", "OL2 6AA", "register")
    assert place.described == "Distances from OL2 6AA"
    assert (place.latitude, place.longitude) == (53.5660, -2.1230)


def test_a_district_is_the_middle_of_the_services_in_the_whole_district_not_the_start_of_a_longer_one(world):
    place = places.resolve("OL1")
    assert place.described == "Distances from the centre of the OL1 postcode district"
    # OL1's services only (OL10 and OL16 are other districts): the median of their points
    assert place.latitude == pytest.approx(53.5420)


def test_a_town_is_the_middle_of_its_services(world):
    place = places.resolve("royton")
    assert (place.kind, place.name) == ("town", "Royton")
    assert place.described == "Distances from the centre of Royton"


def test_a_council_is_the_middle_of_the_services_in_its_area(world):
    place = places.resolve("Rochdale")
    assert place.kind == "council"
    assert place.described == "Distances from the centre of Rochdale council’s area"


def test_an_unknown_full_postcode_in_a_known_district_suggests_the_district(world):
    with pytest.raises(places.UnknownPlace) as raised:
        places.resolve("OL1 9ZZ")
    assert raised.value.suggestion == "OL1"
    assert "Try the postcode district OL1" in str(raised.value)


def test_an_unknown_place_says_so(world):
    with pytest.raises(places.UnknownPlace) as raised:
        places.resolve("Atlantis")
    assert str(raised.value).startswith("We could not find Atlantis")


@pytest.mark.parametrize(
    ("text", "regulator"),
    [("EH1 1YZ", "the Care Inspectorate"), ("CF10 1AA", "Care Inspectorate Wales (CIW)"), ("BT1", "RQIA")],
)
def test_a_postcode_outside_england_names_the_regulator_to_use(world, text, regulator):
    with pytest.raises(places.OutsideEngland) as raised:
        places.resolve(text)
    assert "carewatch covers care services in England only" in str(raised.value)
    assert regulator in str(raised.value)


def test_the_ons_postcode_directory_gives_the_exact_point_and_says_so(world):
    models.PostcodePoint.objects.create(
        postcode="OL1 9ZZ", latitude=53.55, longitude=-2.10, country_code=places.ENGLAND, source="ONSPD.csv"
    )
    place = places.resolve("OL19ZZ")
    assert (place.latitude, place.longitude, place.source) == (53.55, -2.10, "onspd")
    assert place.source_note == "The point comes from the ONS Postcode Directory."


def test_the_directory_decides_a_postcode_on_the_border(world):
    models.PostcodePoint.objects.create(
        postcode="SY10 7AA", latitude=52.8, longitude=-3.1, country_code=places.WALES, source="ONSPD.csv"
    )
    with pytest.raises(places.OutsideEngland) as raised:
        places.resolve("SY10 7AA")
    assert raised.value.country == places.WALES
