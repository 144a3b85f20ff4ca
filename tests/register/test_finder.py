"""The finder's search: distance first, then filters, with counts per filter option."""

import json
import math
from collections import Counter
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carewatch.register import finder, places, services
from carewatch.register.importers import detect
from tests.register import factories as f
from tests.register.finder_world import TODAY, build_world


@pytest.fixture
def world(db):
    build_world()


def search(near: str = "OL2 6AA", **params) -> finder.Found:
    query = finder.parse_query(
        {"near": [near], **{k: v if isinstance(v, list) else [v] for k, v in params.items()}}
    )
    return finder.find(query, today=TODAY, page_size=20)


def names(found: finder.Found) -> list[str]:
    from carewatch.register.models import Location

    by_id = dict(Location.objects.values_list("id", "name"))
    return [by_id[hit.location_id] for hit in found.hits]


def test_services_are_ranked_by_distance_and_only_active_adult_social_care_within_the_distance(world):
    found = search(within="3")
    # the GP practice and the deregistered home in Royton are left out; Manchester is 6 miles away
    assert names(found) == [
        "Damson Nursing Home",
        "Elm Residential Home",
        "Chestnut View",
        "Alder House",
        "Birch Court Home Care",
    ]
    distances = [hit.distance_miles for hit in found.hits]
    assert distances == sorted(distances) and distances[0] == 0


def test_a_larger_distance_reaches_further(world):
    assert "Piccadilly Care" not in names(search(within="5"))
    assert "Piccadilly Care" in names(search(within="10"))


def test_types_of_care_are_any_of_and_needs_are_all_of(world):
    assert names(search(type=["nursing", "home-care"])) == [
        "Damson Nursing Home",
        "Alder House",
        "Birch Court Home Care",
        "Piccadilly Care",
    ]
    assert names(search(need=["dementia", "physical-disability"])) == ["Alder House"]
    assert names(search(need="learning-disability")) == ["Chestnut View"]


def test_minimum_ratings_overall_and_per_key_question(world):
    assert names(search(rating="good", within="3")) == [
        "Damson Nursing Home",
        "Alder House",
        "Birch Court Home Care",
    ]
    # Alder House is Good overall but Safe was rated Requires improvement
    assert names(search(rating="good", safe="good", within="3")) == [
        "Damson Nursing Home",
        "Birch Court Home Care",
    ]
    assert names(search(rating="outstanding")) == ["Birch Court Home Care"]


def test_rated_in_the_last_two_years(world):
    # 22 November 2024 onwards: Damson (May 2025), Birch Court (Sept 2025), Beech Court (Feb 2025), Piccadilly (Jan 2025)
    assert names(search(rated_recently="yes", within="20")) == [
        "Damson Nursing Home",
        "Birch Court Home Care",
        "Beech Court",
        "Piccadilly Care",
    ]


def test_each_filter_option_counts_the_services_it_would_give_with_the_other_filters_as_they_are(world):
    found = search(within="3", type="nursing")
    assert len(found.hits) == 2
    # other types count without the type filter, within the same distance
    assert found.counts["type"] == {
        "nursing": 2,
        "residential": 2,
        "home-care": 1,
        "supported-living": 1,
        "extra-care": 0,
        "shared-lives": 0,
    }
    # needs count within the type filter: both nursing homes care for people with dementia
    assert found.counts["need"]["dementia"] == 2
    assert found.counts["need"]["physical-disability"] == 1
    assert found.counts["rating"] == {"outstanding": 0, "good": 2, "requires-improvement": 2}
    assert found.counts["safe"]["good"] == 1
    for option, count in found.counts["type"].items():
        assert count == len(search(within="3", type=option).hits)


def test_filters_for_facts_carewatch_does_not_hold_yet_match_nothing_and_say_so(world):
    found = search(vacancies="yes")
    assert found.hits == []
    assert found.notes == ["carewatch does not hold vacancies yet, so no service matches this filter."]


def test_a_page_past_the_last_is_refused_naming_the_page(world):
    query = finder.parse_query({"near": ["OL2 6AA"], "within": ["3"], "page": ["4"]})
    with pytest.raises(finder.QueryError) as raised:
        finder.find(query, today=TODAY, page_size=2)  # 5 services: 3 pages
    assert raised.value.problems == [finder.Problem("page", "There is no page 4: the results have 3 pages")]
    assert (
        len(
            finder.find(
                finder.parse_query({"near": ["OL2 6AA"], "within": ["3"], "page": ["3"]}),
                today=TODAY,
                page_size=2,
            ).page(3, 2)
        )
        == 1
    )


def test_an_unknown_place_is_a_problem_with_the_place_never_the_whole_register(world):
    with pytest.raises(finder.PlaceProblem) as raised:
        search("Atlantis")
    assert raised.value.problems[0].field == "near"


def test_the_search_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        search(within="50", type="nursing", need="dementia")


# --- the query parser ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({}, "near", "Enter a postcode, town or council"),
        ({"near": ["x" * 201]}, "near", "Postcode, town or council must be 200 characters or fewer"),
        ({"near": ["OL1"], "within": ["0"]}, "within", "Distance must be between 1 and 50 miles"),
        ({"near": ["OL1"], "within": ["51"]}, "within", "Distance must be between 1 and 50 miles"),
        (
            {"near": ["OL1"], "within": ["ten"]},
            "within",
            "Enter the distance as a whole number of miles, like 10",
        ),
        ({"near": ["OL1"], "type": ["castle"]}, "type", "Choose a type of care from the list"),
        ({"near": ["OL1"], "need": ["pets"]}, "need", "Choose a need from the list"),
        ({"near": ["OL1"], "rating": ["Good"]}, "rating", "Choose an overall rating from the list"),
        ({"near": ["OL1"], "safe": ["excellent"]}, "safe", "Choose a rating for Safe from the list"),
        ({"near": ["OL1"], "page": ["0"]}, "page", "Page must be a whole number, 1 or more"),
        ({"near": ["OL1"], "rated_recently": ["maybe"]}, "rated_recently", None),
    ],
)
def test_the_parser_names_the_field_of_every_problem(params, field, message):
    with pytest.raises(finder.QueryError) as raised:
        finder.parse_query(params)
    problem = raised.value.problems[0]
    assert problem.field == field
    if message:
        assert problem.message == message


def test_the_distance_defaults_to_10_miles():
    assert finder.parse_query({"near": ["Royton"]}).within == 10


FIELDS = st.sampled_from([*finder.FIELDS, "utm_source", "format"])
VALUES = st.one_of(
    st.text(max_size=250),
    st.sampled_from(["", "yes", "10", "50", "51", "0", "-1", "good", "nursing", "dementia", "1e3", "٣"]),
)


@given(st.dictionaries(FIELDS, st.lists(VALUES, max_size=3), max_size=8))
def test_the_parser_gives_a_query_or_names_the_fields_at_fault_never_anything_else(params):
    try:
        query = finder.parse_query(params)
    except finder.QueryError as error:
        assert error.problems
        assert {p.field for p in error.problems} <= set(finder.FIELDS)
        assert all(p.message for p in error.problems)
    else:
        assert query.near and len(query.near) <= finder.NEAR_LIMIT
        assert finder.WITHIN_MIN <= query.within <= finder.WITHIN_MAX
        assert set(query.kinds) <= set(finder.KINDS) and set(query.needs) <= set(finder.NEEDS)
        assert query.rating in ("", *finder.RATINGS)
        assert query.page >= 1


@given(st.integers(min_value=-1000, max_value=1000))
def test_any_distance_is_accepted_exactly_when_it_is_from_1_to_50(miles):
    try:
        query = finder.parse_query({"near": ["OL1"], "within": [str(miles)]})
    except finder.QueryError as error:
        assert not 1 <= miles <= 50
        assert error.problems[0].field == "within"
    else:
        assert query.within == miles and 1 <= miles <= 50


# --- real Oldham postcodes ----------------------------------------------------------------------


def _by_hand(lat1, lon1, lat2, lon2):
    """The great-circle distance by the spherical law of cosines (not the code under test's formula)."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    cosine = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 3958.8 * math.acos(max(-1.0, min(1.0, cosine)))


def test_distances_from_a_real_oldham_postcode_match_hand_computed_ones(db, oldham_dump):
    services.import_snapshot(
        reader=detect.open_reader(oldham_dump),
        imported_at=datetime(2026, 11, 22, tzinfo=UTC),
        actor_label="test",
    )
    details = [json.loads(p.read_text()) for p in sorted((oldham_dump / "location_details").glob("*.json"))]
    located = [d for d in details if d.get("onspdLatitude") and d.get("postalCode")]
    postcodes = Counter(" ".join(d["postalCode"].upper().split()) for d in located)
    # a postcode with exactly one service at it: the point is that service's own
    origin = next(
        d
        for d in located
        if postcodes[" ".join(d["postalCode"].upper().split())] == 1
        and d["inspectionDirectorate"] == "Adult social care"
        and d["registrationStatus"] == "Registered"
    )
    lat0, lon0 = origin["onspdLatitude"], origin["onspdLongitude"]
    expected = sorted(
        (round(_by_hand(lat0, lon0, d["onspdLatitude"], d["onspdLongitude"]), 6), d["name"], d["locationId"])
        for d in located
        if d["inspectionDirectorate"] == "Adult social care"
        and d["registrationStatus"] == "Registered"
        and d.get("dormancy") != "Y"
        and _by_hand(lat0, lon0, d["onspdLatitude"], d["onspdLongitude"]) <= 3
    )
    assert len(expected) > 20, "enough real services within 3 miles to check the ranking"
    found = search(origin["postalCode"], within="3")
    assert found.place.name == places.parse_postcode(origin["postalCode"]).text
    assert [hit.location_id for hit in found.hits] == [location_id for _, _, location_id in expected]
    for hit, (miles, _, _) in zip(found.hits, expected, strict=True):
        assert hit.distance_miles == pytest.approx(miles, abs=1e-5)


def test_a_service_changed_by_a_later_import_is_found_with_its_new_needs(world):
    # the finder keeps what it read of each service by its record's hash: a new record is a new hash
    assert names(search(need="learning-disability")) == ["Chestnut View"]
    changed = f.location(
        "1-100000003",
        name="Alder House",
        postcode="OL1 1AA",
        town="Oldham",
        latitude=53.5420,
        longitude=-2.1140,
        service_types=("Nursing homes", "Residential homes"),
        specialisms=("Dementia", "Learning disabilities"),
    )
    services.import_snapshot(
        reader=f.reader([f.provider("1-200000001"), changed], as_of=date(2026, 11, 15), name="later"),
        imported_at=datetime(2026, 11, 23, tzinfo=UTC),
        actor_label="test",
    )
    assert names(search(need="learning-disability")) == ["Chestnut View", "Alder House"]


def test_the_demo_england_gives_the_finder_towns_postcodes_and_points(db, tmp_path):
    # the synthetic England `make run` loads: every location has a town, a postcode and a point
    from carewatch.demo.generator.run import generate

    generate(tmp_path, seed=1, scale=0.05, area="Oldham", formats=("hsca-csv",), log=lambda _: None)
    (source,) = (tmp_path / "bulk").glob("*HSCA_Active_Locations.csv")
    services.import_snapshot(
        reader=detect.open_reader(source), imported_at=datetime(2026, 11, 22, tzinfo=UTC), actor_label="test"
    )
    from carewatch.register.models import Location

    town, postcode = Location.objects.filter(is_active=True, adult_social_care=True).values_list(
        "town", "postcode"
    )[0]
    by_town = search(town, within="10")
    by_postcode = search(postcode, within="10")
    assert by_town.hits and by_postcode.hits
    assert by_postcode.place.kind == "unit" and by_town.place.kind in ("town", "council")


def test_facts_read_by_joining_the_box_are_those_read_by_naming_the_services(world):
    from carewatch.register.finder import nearby

    place = places.resolve("OL2 6AA")
    box = nearby._in_box(place, 10)
    ids = sorted(box.values_list("pk", flat=True))
    assert len(ids) >= 5
    named, joined = nearby._read_facts(ids), nearby._read_facts(ids[1:], box=box)
    assert joined == {i: named[i] for i in ids[1:]}  # a box row not asked for is left out
    assert any(kinds for kinds, _needs, _ranks in named.values())
    assert any(needs for _kinds, needs, _ranks in named.values())
    assert any(any(ranks) for _kinds, _needs, ranks in named.values())
