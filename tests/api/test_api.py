"""The REST API: register, market, ratings; one error shape; an OpenAPI document."""

import json
from datetime import UTC, date, datetime

import pytest

from carewatch.register import services
from tests.register import factories as f


@pytest.fixture
def register(db):
    records = [
        f.provider("1-200000001", name="Acme Care Ltd"),
        f.location("1-100000001", name="Oak Lodge", rating="Good"),
        f.location("1-100000002", name="Elm House", rating="Inadequate", rated_on=date(2026, 2, 1)),
    ]
    services.import_snapshot(
        reader=f.reader(records), imported_at=datetime(2026, 11, 22, tzinfo=UTC), actor_label="t"
    )


def test_the_openapi_document_describes_every_endpoint(client, db):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/locations", "/api/v1/locations/{location_id}", "/api/v1/market", "/api/v1/rate"} <= set(
        document["paths"]
    )
    assert client.get("/api/v1/docs").status_code == 200


def test_locations_are_searched_and_paged(client, register):
    body = client.get("/api/v1/locations?q=o&page_size=1").json()
    assert body["count"] == 2 and len(body["results"]) == 1
    assert body["next"].endswith("page=2") or "page=2" in body["next"]
    assert client.get("/api/v1/locations?rating=Inadequate").json()["results"][0]["name"] == "Elm House"


def test_a_location_has_its_key_question_ratings_with_dates(client, register):
    body = client.get("/api/v1/locations/1-100000002").json()
    current = next(r for r in body["ratings"] if r["current"])
    assert current["overall"] == "Inadequate"
    assert {kq["key_question"]: kq["report_date"] for kq in current["key_questions"]}[
        "well_led"
    ] == "2026-02-01"


def test_an_unknown_location_gives_the_error_shape(client, register):
    response = client.get("/api/v1/locations/1-999")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_market_figures_match_the_web_definitions(client, register):
    body = client.get("/api/v1/market?by=england&service=care-homes").json()
    england = body["areas"][0]
    assert (england["active"], england["good"], england["inadequate"]) == (2, 1, 1)
    assert england["pct_good_or_outstanding_of_rated"] == 50.0


def test_a_bad_query_parameter_gives_the_error_shape_naming_the_field(client, register):
    response = client.get("/api/v1/market?by=planet")
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "by"


def test_the_rate_endpoint_answers_like_the_command(client, db):
    payload = {"framework": "local-authority", "scores": [2, 3, 3, 3, 3, 2, 2, 3, 3]}
    response = client.post("/api/v1/rate", json.dumps(payload), content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json() == {"percent": 66.7, "rating": "Good"}


def test_the_rate_endpoint_names_the_bad_field(client, db):
    payload = {"framework": "local-authority", "scores": [2, 3, 3, 3, 3, 2, 2, 3, 9]}
    response = client.post("/api/v1/rate", json.dumps(payload), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["field"].startswith("scores")


def test_paging_links_keep_the_filters_and_stop_at_either_end(client, register):
    first = client.get("/api/v1/locations?rating=&status=all&page_size=1").json()
    assert first["previous"] is None and "status=all" in first["next"] and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert second["page"] == 2 and second["next"] is None and "page=1" in second["previous"]
    assert {first["results"][0]["id"], second["results"][0]["id"]} == {"1-100000001", "1-100000002"}


def test_a_page_past_the_end_gives_the_last_page(client, register):
    assert client.get("/api/v1/locations?page_size=1&page=99").json()["page"] == 2


@pytest.mark.parametrize(
    ("query", "field"), [("page=0", "page"), ("page_size=0", "page_size"), ("page_size=501", "page_size")]
)
def test_paging_parameters_out_of_bounds_are_refused_naming_them(client, register, query, field):
    response = client.get(f"/api/v1/locations?{query}")
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field


@pytest.mark.parametrize("as_of", ["0", "20260101", "2026-1-1"])
def test_a_date_must_be_written_year_month_day(client, register, as_of):
    response = client.get(f"/api/v1/market?as_of={as_of}")
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "as_of"
    assert client.get("/api/v1/market?as_of=2026-01-01").status_code == 200


def test_gp_practices_and_dentists_are_left_out_unless_asked_for(client, db):
    records = [
        f.provider("1-200000001", name="Acme Care Ltd"),
        f.location("1-100000001", name="Oak Lodge"),
        f.location(
            "1-100000003",
            name="Oak Surgery",
            care_home=False,
            inspection_directorate="Primary medical services",
            service_types=("Doctors/GPs",),
            specialisms=(),
        ),
    ]
    services.import_snapshot(
        reader=f.reader(records), imported_at=datetime(2026, 11, 22, tzinfo=UTC), actor_label="t"
    )

    names = [r["name"] for r in client.get("/api/v1/locations?q=oak").json()["results"]]
    assert names == ["Oak Lodge"]
    asked = client.get("/api/v1/locations?q=oak&other_services=true").json()["results"]
    assert sorted(r["name"] for r in asked) == ["Oak Lodge", "Oak Surgery"]
    by_id = client.get("/api/v1/locations?q=1-100000003").json()["results"]
    assert [r["name"] for r in by_id] == ["Oak Surgery"]
