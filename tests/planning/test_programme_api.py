"""``/api/v1/programme``: a council's QA officers and managers read its proposed and approved programmes and
their visits, announced or not, paged; another council finds none (404), a provider's token, a commissioner's,
a partner ICB's are refused (403) before anything is read, no token is 401; a bad filter names its field."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache
from django.test import Client

from carewatch.core import token_services
from carewatch.planning import programme, programme_services
from carewatch.register import services
from tests import access_helpers as ah
from tests.register import factories as f

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # a Monday
URL = "/api/v1/programme"


@pytest.fixture(autouse=True)
def _clean_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    records = [
        f.provider("1-200000001", name="Acme Care Ltd"),
        f.location(
            "1-1",
            name="Near One",
            provider_id="1-200000001",
            postcode="OL1 1AA",
            latitude=53.54,
            longitude=-2.11,
            rating="Inadequate",
        ),
        f.location(
            "1-3",
            name="Far Three",
            provider_id="1-200000001",
            postcode="OL8 1AA",
            latitude=53.52,
            longitude=-2.13,
            rating="Inadequate",
        ),
    ]
    services.import_snapshot(reader=f.reader(records), imported_at=NOW, actor_label="test")
    oldham, rochdale = ah.council(code="E08000004"), ah.council(code="E08000005")
    icb = ah.icb(code="E54000057")
    oldham.partners.add(icb)
    acme = ah.provider(provider_id="1-200000001")
    manager = ah.person(oldham, "qa_manager", username="manager-mo")
    officer = ah.person(oldham, "qa_officer", username="officer-olive")
    programme_services.set_policy(
        organisation=oldham,
        actor=manager,
        values={
            **programme.DEFAULT_POLICY.as_dict(),
            "high_risk_score": 30,
            "unannounced_shares": {"care_home": 50},
        },
        now=NOW,
    )
    programme_services.set_capacity(
        organisation=oldham, actor=manager, officer=officer, days_per_week=2, areas=[], now=NOW
    )
    plan = programme_services.generate_programme(
        organisation=oldham, actor=manager, starts_on=date(2027, 1, 11), weeks=4, now=NOW
    )
    return {
        "plan": plan,
        "manager": manager,
        "officer": officer,
        "commissioner": ah.person(oldham, "commissioner"),
        "rochdale": ah.person(rochdale, "qa_manager"),
        "icb": ah.person(icb, "analyst"),
        "provider": ah.person(acme, "provider_manager"),
        "provider staff": ah.person(acme, "provider_staff"),
    }


def bearer(user, scope: str = "read") -> dict:
    secret = token_services.create_token(user=user, name="Diary sync", scope=scope, now=NOW)[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_qa_officer_reads_the_councils_programmes_and_their_visits_announced_or_not(world):
    plan, headers = world["plan"], bearer(world["officer"])
    body = Client().get(URL, **headers).json()
    assert body["count"] == 1 and body["next"] is None
    row = body["results"][0]
    assert (row["id"], row["status"], row["starts_on"], row["visits"], row["unannounced"]) == (
        plan.pk,
        "draft",
        "2027-01-11",
        2,
        1,
    )
    one = Client().get(f"{URL}/{plan.pk}", **headers).json()
    assert one["unplaced"] == [] and one["policy_version"] == 1
    visits = Client().get(f"{URL}/{plan.pk}/visits", **headers).json()
    assert {v["location_id"] for v in visits["results"]} == {"1-1", "1-3"}
    assert sorted(v["announced"] for v in visits["results"]) == [False, True]
    first = visits["results"][0]
    assert first["officer"]["id"] == world["officer"].pk and first["visit_id"] is None
    assert "High risk: score" in first["reasons"][0]


def test_an_approved_programme_names_its_monitoring_visits_and_the_status_filter_and_paging_work(world):
    plan, headers = world["plan"], bearer(world["manager"])
    programme_services.approve_programme(plan=plan, actor=world["manager"], now=NOW)
    assert Client().get(URL, {"status": "draft"}, **headers).json()["count"] == 0
    approved = Client().get(URL, {"status": "approved"}, **headers).json()["results"][0]
    assert approved["status"] == "approved" and approved["approved_at"] is not None
    page = Client().get(f"{URL}/{plan.pk}/visits", {"page_size": 1}, **headers).json()
    assert page["count"] == 2 and len(page["results"]) == 1 and "page=2" in page["next"]
    assert page["results"][0]["visit_id"] is not None


def test_a_bad_filter_or_page_is_422_naming_it(world):
    headers = bearer(world["officer"])
    response = Client().get(URL, {"status": "secret"}, **headers)
    assert response.status_code == 422 and "status" in response.content.decode()
    assert Client().get(URL, {"page_size": 0}, **headers).status_code == 422
    assert Client().get(f"{URL}/not-a-number/visits", **headers).status_code in (404, 422)


def test_another_council_finds_no_programme(world):
    plan, headers = world["plan"], bearer(world["rochdale"])
    assert Client().get(URL, **headers).json()["count"] == 0
    assert Client().get(f"{URL}/{plan.pk}", **headers).status_code == 404
    assert Client().get(f"{URL}/{plan.pk}/visits", **headers).status_code == 404


@pytest.mark.parametrize("who", ["provider", "provider staff", "commissioner", "icb"])
def test_providers_and_staff_who_do_not_plan_visits_are_refused_before_anything_is_read(world, who):
    plan, headers = world["plan"], bearer(world[who])
    for url in (URL, f"{URL}/{plan.pk}", f"{URL}/{plan.pk}/visits"):
        response = Client().get(url, **headers)
        assert response.status_code == 403, url
        text = response.content.decode()
        assert "Near One" not in text and "Far Three" not in text and "announced" not in text


def test_an_unannounced_visit_never_reaches_the_provider_through_the_api(world):
    """Approved, the unannounced visit is in monitoring for Acme's service; Acme's tokens still see nothing of it."""
    plan = world["plan"]
    programme_services.approve_programme(plan=plan, actor=world["manager"], now=NOW)
    unannounced = plan.visits.get(announced=False)
    for who in ("provider", "provider staff"):
        headers = bearer(world[who])
        for url in (URL, f"{URL}/{plan.pk}", f"{URL}/{plan.pk}/visits"):
            assert Client().get(url, **headers).status_code == 403
        location = Client().get(f"/api/v1/locations/{unannounced.location_id}", **headers)
        assert str(unannounced.visit_on) not in location.content.decode()
        assert "visit" not in location.content.decode().lower()


def test_no_token_is_401_and_a_bad_token_is_401(world):
    plan = world["plan"]
    for url in (URL, f"{URL}/{plan.pk}", f"{URL}/{plan.pk}/visits"):
        assert Client().get(url).status_code == 401
        assert Client().get(url, HTTP_AUTHORIZATION="Bearer cw_nope_nope").status_code == 401


def test_the_openapi_document_describes_the_programme_endpoints(client, db):  # noqa: ARG001
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/programme",
        "/api/v1/programme/{programme_id}",
        "/api/v1/programme/{programme_id}/visits",
    } <= set(paths)


def test_an_id_too_big_for_the_database_is_404_not_a_server_error(world):
    headers = bearer(world["officer"])
    huge = 10**20
    for url in (f"{URL}/{huge}", f"{URL}/{huge}/visits"):
        response = Client(raise_request_exception=False).get(url, **headers)
        assert response.status_code in (404, 422), (url, response.status_code)
