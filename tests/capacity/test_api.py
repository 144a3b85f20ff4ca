"""/api/v1/contracts, /api/v1/capacity and /api/v1/vacancies: the pages' rules, the API's error shape."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from carewatch.capacity.models import CapacityReturn
from carewatch.core import token_services
from tests.capacity.given import a_contract, a_return, beds
from tests.monitoring.factories import at

NOW = at(2026, 11, 20)


@pytest.fixture(autouse=True)
def no_throttle_history():
    cache.clear()
    yield
    cache.clear()


def token(user, scope="read") -> dict:
    _, secret = token_services.create_token(user=user, name="test", scope=scope, now=NOW)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def post(client, headers, body):
    return client.post("/api/v1/capacity", data=json.dumps(body), content_type="application/json", **headers)


def test_a_council_reads_its_own_contracts_and_no_other_councils(client, world):
    contract = a_contract(world, NOW)
    mine = client.get("/api/v1/contracts", **token(world.analyst)).json()
    assert mine["count"] == 1 and mine["results"][0]["reference"] == "OMBC-001"
    assert mine["results"][0]["location_ids"] == [world.home.pk]
    assert client.get("/api/v1/contracts", **token(world.rochdale_commissioner)).json()["count"] == 0
    refused = client.get(f"/api/v1/contracts/{contract.pk}", **token(world.rochdale_commissioner))
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/contracts", **token(world.acme_manager)).status_code == 403
    assert client.get("/api/v1/contracts").status_code == 401


def test_a_providers_write_token_files_a_return(client, world):
    body = {
        "location_id": world.home.pk,
        "beds": [{"bed_type": "general_nursing", "max_capacity": 30, "occupied": 27}],
        "nurses_direct": 6,
    }
    response = post(client, token(world.acme_manager, "write"), body)
    assert response.status_code == 201, response.content
    saved = response.json()
    assert saved["channel"] == "api" and saved["beds"][0]["vacant_accepting"] == 3
    assert CapacityReturn.objects.get().nurses_direct == 6


def test_a_read_token_cannot_file_a_return(client, world):
    body = {
        "location_id": world.home.pk,
        "beds": [{"bed_type": "general_nursing", "max_capacity": 30, "occupied": 27}],
    }
    assert post(client, token(world.acme_manager), body).status_code == 403
    assert not CapacityReturn.objects.exists()


def test_impossible_figures_are_refused_naming_the_field(client, world):
    body = {
        "location_id": world.home.pk,
        "beds": [{"bed_type": "general_nursing", "max_capacity": 30, "occupied": 31}],
    }
    response = post(client, token(world.acme_manager, "write"), body)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "beds.general_nursing.occupied"
    body["beds"][0]["bed_type"] = "penthouse"
    assert post(client, token(world.acme_manager, "write"), body).status_code == 422
    assert not CapacityReturn.objects.exists()


def test_another_provider_or_a_council_cannot_file_for_a_home(client, world):
    body = {
        "location_id": world.home.pk,
        "beds": [{"bed_type": "general_nursing", "max_capacity": 30, "occupied": 27}],
    }
    refused = post(client, token(world.beta_manager, "write"), body)
    assert refused.status_code == 404 and refused.json()["error"]["field"] == "location_id"
    assert post(client, token(world.commissioner, "write"), body).status_code == 404
    assert not CapacityReturn.objects.exists()


def test_returns_are_read_by_area_and_by_provider(client, world):
    a_return(world.home, world.acme_manager, NOW, beds())
    a_return(world.rochdale_home, world.beta_manager, NOW, beds())

    def ids(who):
        return [r["location_id"] for r in client.get("/api/v1/capacity", **token(who)).json()["results"]]

    assert ids(world.analyst) == [world.home.pk]
    assert ids(world.rochdale_commissioner) == [world.rochdale_home.pk]
    assert ids(world.acme_manager) == [world.home.pk]
    assert ids(world.beta_manager) == [world.rochdale_home.pk]


def test_vacancies_for_staff_in_their_area_only(client, world):
    a_return(world.home, world.acme_manager, at(2026, 11, 19), beds("dementia_nursing", 10, 7))
    a_return(world.rochdale_home, world.beta_manager, at(2026, 11, 19), beds("dementia_nursing", 10, 7))
    found = client.get(
        "/api/v1/vacancies?bed_type=dementia_nursing&accepting_only=true", **token(world.analyst)
    ).json()
    assert [r["name"] for r in found["results"]] == ["Oak House"] and found["results"][0][
        "vacant_accepting"
    ] == 3
    assert client.get("/api/v1/vacancies", **token(world.acme_manager)).status_code == 403
    bad = client.get("/api/v1/vacancies?bed_type=penthouse", **token(world.analyst))
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "bed_type"


def test_a_return_by_the_api_says_whether_it_can_take_bariatric_care(client, world):
    body = {
        "location_id": world.home.pk,
        "beds": [{"bed_type": "general_nursing", "max_capacity": 30, "occupied": 27}],
        "bariatric": True,
    }
    response = post(client, token(world.acme_manager, "write"), body)
    assert response.status_code == 201, response.content
    assert response.json()["bariatric"] is True and CapacityReturn.objects.get().bariatric is True
    listed = client.get("/api/v1/capacity", **token(world.analyst)).json()
    assert listed["results"][0]["bariatric"] is True
