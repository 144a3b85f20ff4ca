"""``/api/v1/referrals``: a discharge coordinator's token reads its team's referrals and (a write token) makes
one; another council's coordinator, a provider and anonymous callers are refused; bad input names its field."""

from __future__ import annotations

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from carewatch.core import token_services
from tests.discharge.conftest import NOW
from tests.discharge.given import a_referral

URL = "/api/v1/referrals"


@pytest.fixture(autouse=True)
def _frozen():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


def bearer(user, scope: str = "read") -> dict:
    secret = token_services.create_token(user=user, name="Ward system", scope=scope, now=NOW)[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


BODY = {
    "reference": "RD-API-1",
    "pathway": "3",
    "funding": "nhs_chc",
    "search_from": "OL1 1AA",
    "ready_on": "2026-11-19",
    "bed_type": "general_nursing",
    "nursing": True,
}


def test_a_coordinator_reads_its_teams_referrals_with_their_requests(world):
    referral = a_referral(world, NOW)
    body = Client().get(URL, **bearer(world.coordinator)).json()
    assert body["count"] == 1 and body["results"][0]["reference"] == "RD-001"
    one = Client().get(f"{URL}/{referral.pk}", **bearer(world.coordinator)).json()
    assert (one["pathway"], one["bed_type"], one["state"], one["requests"]) == (
        "3",
        "general_nursing",
        "open",
        [],
    )


def test_another_councils_coordinator_finds_no_referral(world):
    referral = a_referral(world, NOW)
    headers = bearer(world.rochdale_coordinator)
    assert Client().get(URL, **headers).json()["count"] == 0
    response = Client().get(f"{URL}/{referral.pk}", **headers)
    assert response.status_code == 404


def test_a_provider_and_anonymous_callers_are_refused(world):
    assert Client().get(URL, **bearer(world.acme_manager)).status_code == 403
    assert Client().get(URL).status_code == 401


def test_a_write_token_makes_a_referral(world):
    response = Client().post(URL, BODY, content_type="application/json", **bearer(world.coordinator, "write"))
    assert response.status_code == 201
    assert (response.json()["reference"], response.json()["funding"]) == ("RD-API-1", "nhs_chc")


def test_a_referral_with_no_needs_is_422_naming_needs(world):
    body = {**BODY, "pathway": "1", "bed_type": "", "nursing": False}
    response = Client().post(URL, body, content_type="application/json", **bearer(world.coordinator, "write"))
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "needs"


def test_a_read_token_cannot_make_a_referral(world):
    response = Client().post(URL, BODY, content_type="application/json", **bearer(world.coordinator))
    assert response.status_code == 403
