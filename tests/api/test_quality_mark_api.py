"""``GET /api/v1/recognition/quality-marks``: the quality marks held today, anonymous and paged like the
commitment register; the same awards the public badges show (suspended and expired ones never)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client

from carewatch.recognition import quality_mark_services as qm
from tests.cases import factories as cf
from tests.recognition import factories as f
from tests.recognition import quality_mark_factories as qf

pytestmark = pytest.mark.django_db
NOW = f.NOW  # 1 June 2026
TODAY = date(2026, 6, 1)
URL = "/api/v1/recognition/quality-marks"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def awards():
    oldham, rochdale = cf.council(), cf.council("E08000005")
    acme = f.employer("Acme Care Ltd", oldham, home="Acme House")
    beta = f.employer("Beta Care", rochdale, home="Beta House")
    gone = f.employer("Gone Care", oldham, home="Gone House")
    expired = f.employer("Old Care", oldham, home="Old House")
    held = qf.awarded(acme.provider.locations.get(), oldham, today=TODAY, now=NOW)
    qf.awarded(beta.provider.locations.get(), rochdale, today=TODAY, now=NOW, tier="Silver")
    gone_home = gone.provider.locations.get()
    qf.awarded(gone_home, oldham, today=TODAY, now=NOW)
    cf.rerate(gone_home, rating="Inadequate", rated_on=date(2026, 5, 30))
    qm.review_awards(today=TODAY, now=NOW)  # suspends Gone House's
    qf.awarded(expired.provider.locations.get(), oldham, today=date(2025, 5, 1), now=NOW)  # expired 1 May
    return held


def test_anyone_reads_the_marks_held_today_as_the_badges_show_them(awards):
    response = Client().get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 and body["licence"].startswith("Open Government Licence")
    acme, beta = body["results"]
    assert acme == {
        "location_id": awards.location_id,
        "location_name": "Acme House",
        "scheme": "Oldham Quality Mark",
        "scheme_id": awards.scheme_id,
        "tier": "Gold",
        "council": awards.scheme.council.name,
        "starts_on": "2026-06-01",
        "expires_on": "2027-06-01",
    }
    assert (beta["location_name"], beta["tier"]) == ("Beta House", "Silver")


def test_the_marks_are_filtered_by_council_and_paged_with_links(awards):
    assert [r["location_name"] for r in Client().get(URL + "?la=E08000005").json()["results"]] == [
        "Beta House"
    ]
    first = Client().get(URL + "?page_size=1").json()
    assert [r["location_name"] for r in first["results"]] == ["Acme House"]
    assert first["next"].endswith("page_size=1&page=2") and first["previous"] is None
    assert [r["location_name"] for r in Client().get(first["next"]).json()["results"]] == ["Beta House"]


def test_bad_filters_name_their_field(awards):
    unknown = Client().get(URL + "?la=E08999999")
    assert unknown.status_code == 404 and unknown.json()["error"]["field"] == "la"
    bad = Client().get(URL + "?page_size=500")
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "page_size"
