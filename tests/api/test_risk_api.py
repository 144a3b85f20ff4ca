"""Risk scores in the API (issue 17): staff tokens only, scoped as the risk list is (a council its own area with
its weights, an ICB its councils' with the defaults); another council's service is 404; providers, national
bodies and other roles 403; no token 401; as at a past day with the weights then in force."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client

from carewatch.core import token_services
from carewatch.planning import services
from carewatch.register import services as register_services
from tests import access_helpers as ah
from tests.api.conftest import bearer
from tests.register import factories as f

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(db):
    records = [
        f.location("1-1", name="Calm Home", rating="Good", rated_on=date(2025, 5, 1), registered_manager="A"),
        f.location(
            "1-2", name="Worried Home", rating="Inadequate", rated_on=date(2025, 2, 1), registered_manager=""
        ),
        f.location("1-4", name="Rochdale Home", rating="Inadequate", local_authority="Rochdale"),
    ]
    register_services.import_snapshot(reader=f.reader(records), imported_at=NOW, actor_label="test")
    return ah.council(code="E08000004")


def get(user, path: str, **params):
    headers = {}
    if user is not None:
        headers = bearer(token_services.create_token(user=user, name="t", scope="read", now=NOW)[1])
    return Client().get(f"/api/v1/{path}", params, **headers)


def test_a_council_officer_reads_their_area_highest_first_with_every_reason(world):
    response = get(ah.person(world, "qa_officer"), "risk")
    assert response.status_code == 200
    body = response.json()
    assert (body["area"], body["as_of"], body["weights_version"], body["count"]) == (
        "Oldham",
        "2026-11-22",
        0,
        2,
    )
    assert [item["id"] for item in body["results"]] == ["1-2", "1-1"]
    worried = body["results"][0]
    assert worried["name"] == "Worried Home"
    assert {
        "signal": "overall_inadequate",
        "points": 40.0,
        "text": "rated Inadequate overall in 2025",
    } in worried["reasons"]
    assert worried["score"] == sum(reason["points"] for reason in worried["reasons"])


def test_the_council_s_weights_in_force_on_the_day_are_used(world):
    services.set_weights(
        organisation=world,
        actor=None,
        weights={"overall_inadequate": 60},
        note="",
        now=datetime(2026, 6, 1, tzinfo=UTC),
    )
    officer = ah.person(world, "analyst")
    today = get(officer, "locations/1-2/risk").json()
    assert today["weights_version"] == 1 and today["id"] == "1-2"
    assert {
        "signal": "overall_inadequate",
        "points": 60.0,
        "text": "rated Inadequate overall in 2025",
    } in today["reasons"]
    before = get(officer, "locations/1-2/risk", as_of="2026-05-31").json()
    assert (before["weights_version"], before["as_of"]) == (0, "2026-05-31")
    assert before["score"] == today["score"] - 20


def test_an_icb_reads_every_council_in_it_with_the_defaults(world):
    icb = ah.icb(code="E54000057")
    body = get(ah.person(icb, "commissioner"), "risk").json()
    assert body["count"] == 3 and body["weights_version"] == 0
    assert get(ah.person(icb, "analyst"), "locations/1-4/risk").status_code == 200


def test_another_council_s_service_is_not_found(world):
    rochdale = ah.council(code="E08000005")
    response = get(ah.person(rochdale, "qa_manager"), "locations/1-2/risk")
    assert response.status_code == 404
    assert response.json()["error"] == {
        "code": "not_found",
        "message": "no active adult social care service with CQC id 1-2 in your area",
        "field": "location_id",
    }
    assert [i["id"] for i in get(ah.person(rochdale, "commissioner"), "risk").json()["results"]] == ["1-4"]
    assert get(ah.person(world, "qa_officer"), "locations/1-999/risk").status_code == 404


def test_providers_national_bodies_other_roles_and_no_token_are_refused(world):
    people = (
        ah.person(ah.provider(provider_id="1-200000001"), "provider_manager"),
        ah.person(ah.national(), "analyst"),
        ah.person(world, "discharge_coordinator"),
        ah.person(world, "org_admin"),
        ah.system_admin(),
    )
    for path in ("risk", "locations/1-2/risk"):
        assert get(None, path).json()["error"]["code"] == "unauthenticated"
        assert get(None, path).status_code == 401
        for person in people:
            response = get(person, path)
            assert response.status_code == 403, (person, path)
            assert response.json()["error"]["code"] == "forbidden"


def test_the_list_is_paged_with_links_that_keep_the_date(world):
    body = get(ah.person(world, "qa_officer"), "risk", page_size=1, as_of="2026-11-01").json()
    assert (body["count"], body["page"], [i["id"] for i in body["results"]]) == (2, 1, ["1-2"])
    assert body["previous"] is None and "as_of=2026-11-01" in body["next"] and "page=2" in body["next"]
    second = get(ah.person(world, "qa_officer", username="o2"), "risk", page=2, page_size=1).json()
    assert [i["id"] for i in second["results"]] == ["1-1"] and second["next"] is None


@pytest.mark.parametrize(
    "as_of, message",
    [
        ("2026-11-23", "as_of must be today or in the past"),
        ("22/11/2026", None),
        ("2009-12-31", None),
    ],
)
def test_a_bad_date_is_refused_naming_it(world, as_of, message):
    for path in ("risk", "locations/1-2/risk"):
        response = get(ah.person(world, "qa_officer", username=f"o-{path}-{as_of}"), path, as_of=as_of)
        assert response.status_code == 422
        error = response.json()["error"]
        assert error["field"] == "as_of" and (message is None or error["message"] == message)


def test_the_openapi_document_and_the_docs_page_list_the_risk_endpoints(client, db):
    document = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/risk", "/api/v1/locations/{location_id}/risk"} <= set(document["paths"])
    operation = document["paths"]["/api/v1/risk"]["get"]
    assert {"401", "403", "422"} <= set(operation["responses"])
    assert operation["security"] == [{"TokenAuth": []}]
    page = client.get("/api/v1/docs").content.decode()
    assert "/api/v1/risk" in page and "/api/v1/locations/{location_id}/risk" in page
