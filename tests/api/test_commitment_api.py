"""``GET /api/v1/recognition/commitments``: the public Social Care Commitment register, anonymous, paged like
/api/v1/locations, with the same search and figures as the public page; bad filters name their field."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client

from carewatch.recognition import services
from tests.recognition import factories as f

pytestmark = pytest.mark.django_db
NOW = f.NOW
URL = "/api/v1/recognition/commitments"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def signed():
    services.install_defaults(now=NOW)
    oldham, rochdale = f.cf.council(), f.cf.council("E08000005")
    acme = f.employer("Acme Care Ltd", oldham)
    manager = f.manager_of(acme)
    commitment = f.signed(acme, manager, signed_on=date(2026, 1, 5), due_on=date(2026, 9, 1))
    services.record_sign_ups(commitment=commitment, actor=manager, counts={"care_worker": 9}, now=NOW)
    beta = f.employer("Beta Home Care", rochdale, home="Beta Office", service_type="Homecare agencies")
    f.signed(beta, f.manager_of(beta), signed_on=date(2025, 10, 1), due_on=date(2026, 1, 1))
    return commitment


def test_anyone_reads_the_register_with_dates_tasks_staff_counts_and_lapsed_ones_marked(signed):
    body = Client().get(URL).json()
    assert body["count"] == 2 and body["page"] == 1 and body["next"] is None
    assert body["licence"].startswith("Open Government Licence v3.0")
    acme, beta = body["results"]
    assert acme == {
        "employer": "Acme Care Ltd",
        "provider_id": signed.employer.provider_id,
        "councils": ["Oldham"],
        "signed_on": "2026-01-05",
        "renewed_on": None,
        "tasks": 7,
        "tasks_completed": 0,
        "staff_signed": 9,
        "status": "Current",
        "lapsed": False,
    }
    assert (beta["employer"], beta["status"], beta["lapsed"]) == ("Beta Home Care", "Lapsed", True)


def test_the_register_is_searched_and_paged_with_links(signed):
    assert [r["employer"] for r in Client().get(URL + "?la=E08000005").json()["results"]] == [
        "Beta Home Care"
    ]
    assert [r["employer"] for r in Client().get(URL + "?q=acme").json()["results"]] == ["Acme Care Ltd"]
    assert [r["employer"] for r in Client().get(URL + "?service=Homecare agencies").json()["results"]] == [
        "Beta Home Care"
    ]
    first = Client().get(URL + "?page_size=1").json()
    assert [r["employer"] for r in first["results"]] == ["Acme Care Ltd"]
    assert first["next"].endswith("page_size=1&page=2") and first["previous"] is None
    second = Client().get(first["next"]).json()
    assert [r["employer"] for r in second["results"]] == ["Beta Home Care"] and second["next"] is None


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("la=E08999999", 404, "la"),
        ("la=Hospital", 422, "la"),
        ("service=Zoos", 422, "service"),
        ("page=0", 422, "page"),
        ("page_size=201", 422, "page_size"),
    ],
)
def test_a_bad_filter_is_refused_naming_its_field(signed, query, status, field):
    response = Client().get(f"{URL}?{query}")
    assert response.status_code == status
    assert response.json()["error"]["field"] == field


def test_the_endpoint_is_in_the_openapi_document_as_public():
    document = Client().get("/api/v1/openapi.json").json()
    operation = document["paths"][URL]["get"]
    assert {} in operation["security"]
