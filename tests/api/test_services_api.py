"""/api/v1/services: find care near a place, the same search and refusals as the finder page."""

import pytest
from django.utils import timezone

from tests.register.finder_world import TODAY, build_world


@pytest.fixture
def world(db, monkeypatch):
    build_world()
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)


def test_services_near_a_place_are_ranked_with_their_cqc_id_and_distance(client, world):
    response = client.get("/api/v1/services", {"near": "Royton", "within": "5"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 7 and body["page"] == 1 and body["page_size"] == 50
    assert body["near"]["described"] == "Distances from the centre of Royton"
    assert body["near"]["source"] == "register"
    first = body["results"][0]
    assert first["id"] == "1-100000001"
    assert first["distance_miles"] == pytest.approx(0.02, abs=0.01)
    assert first["types"] == ["Care home with nursing"]
    assert first["overall_rating"] == "Good" and first["overall_rating_date"] == "2025-05-01"
    assert first["key_questions"]["safe"] == "Good"
    assert first["url"] == "/api/v1/locations/1-100000001"
    distances = [r["distance_miles"] for r in body["results"]]
    assert distances == sorted(distances)


def test_the_same_filters_as_the_page_with_counts_per_option(client, world):
    body = client.get(
        "/api/v1/services?near=Royton&within=5&type=nursing&need=dementia&rating=good&safe=good"
    ).json()
    assert [r["id"] for r in body["results"]] == ["1-100000001"]
    assert body["counts"]["safe"]["good"] == 1
    assert body["counts"]["type"]["nursing"] == 1


def test_pages_of_up_to_200_with_links_to_the_next_and_previous(client, world):
    body = client.get("/api/v1/services?near=Royton&within=20&page_size=3&page=2").json()
    assert body["count"] == 8 and len(body["results"]) == 3
    assert body["next"].endswith("page=3") and body["previous"].endswith("page=1")
    assert client.get("/api/v1/services?near=Royton&page_size=200").status_code == 200
    too_big = client.get("/api/v1/services?near=Royton&page_size=201")
    assert too_big.status_code == 422 and too_big.json()["error"]["field"] == "page_size"


@pytest.mark.parametrize(
    ("query", "code", "field", "message"),
    [
        ("near=Atlantis", "unknown_place", "near", "We could not find Atlantis"),
        (
            "near=OL1+9ZZ",
            "unknown_place",
            "near",
            "We could not find the postcode OL1 9ZZ. Try the postcode district OL1",
        ),
        ("near=BT1+1AA", "outside_england", "near", "BT1 1AA is in Northern Ireland. carewatch covers"),
        ("near=Royton&page=9", "not_found", "page", "There is no page 9: the results have 1 page"),
    ],
)
def test_a_place_or_page_that_does_not_exist_is_not_found_naming_the_field(
    client, world, query, code, field, message
):
    response = client.get(f"/api/v1/services?{query}")
    assert response.status_code == 404
    error = response.json()["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert error["message"].startswith(message)


@pytest.mark.parametrize(
    ("query", "code", "field", "message"),
    [
        ("within=5", "invalid", "near", "Enter a postcode, town or council"),
        ("near=Royton&within=51", "invalid", "within", "Distance must be between 1 and 50 miles"),
        ("near=Royton&type=castle", "invalid", "type", "Choose a type of care from the list"),
        ("near=" + "a" * 201, "invalid", "near", "Postcode, town or council must be 200 characters or fewer"),
        ("near=Roy%00ton", "invalid", "near", "Postcode, town or council must be letters"),
    ],
)
def test_bad_input_is_an_error_naming_the_field_never_the_whole_register(
    client, world, query, code, field, message
):
    response = client.get(f"/api/v1/services?{query}")
    assert response.status_code == 422
    error = response.json()["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert error["message"].startswith(message)


def test_the_quality_mark_filter_keeps_services_holding_a_current_award(client, world):
    from django.utils import timezone

    from carewatch.register.models import Location
    from tests.recognition import quality_mark_factories as qf

    damson = Location.objects.get(name="Damson Nursing Home")
    qf.awarded(damson, today=timezone.localdate(), now=timezone.now())
    body = client.get("/api/v1/services?near=Royton&within=5&quality_mark=yes").json()
    assert [row["name"] for row in body["results"]] == ["Damson Nursing Home"]
    assert body["notes"] == []


def test_the_endpoint_is_in_the_openapi_document(client, db):
    document = client.get("/api/v1/openapi.json").json()
    parameters = {p["name"] for p in document["paths"]["/api/v1/services"]["get"]["parameters"]}
    assert {"near", "within", "type", "need", "rating", "safe", "page", "page_size"} <= parameters


def test_has_vacancies_answers_from_capacity_returns_as_the_page_does(client, world):
    from datetime import timedelta

    from carewatch.register.models import Location
    from tests.capacity import given as capacity

    home = Location.objects.get(pk="1-100000001")
    capacity.a_return(home, None, timezone.now() - timedelta(days=1), capacity.beds(capacity=30, occupied=29))

    body = client.get("/api/v1/services?near=Royton&within=5&vacancies=yes").json()
    assert [r["id"] for r in body["results"]] == ["1-100000001"]
    assert body["counts"]["vacancies"] == {"yes": 1}
    assert body["notes"] == []
