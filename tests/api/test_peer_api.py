"""Peer support and improvement offers in the API: staff tokens only, scoped as the pages are (the council
that made the pairing and the two providers in it; another council and another provider get 404; the
public 401); offers are the council's own."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client

from carewatch.core import token_services
from carewatch.recognition import offers_services, peer_services
from tests.api.conftest import bearer
from tests.cases import factories as cf
from tests.recognition import factories as f
from tests.recognition import peer_factories as pf

pytestmark = pytest.mark.django_db
NOW = pf.NOW


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def paired():
    w = pf.world()
    w.pairing = peer_services.pair(
        actor=w.officer,
        mentee=w.mentee,
        supporter=w.near_supporter,
        goals="Safer medicines rounds",
        starts_on=date(2026, 6, 1),
        review_on=date(2026, 9, 1),
        now=NOW,
    )
    peer_services.log_session(
        actor=f.manager_of(w.near_org),
        pairing=w.pairing,
        held_on=date(2026, 6, 1),
        note="First visit",
        now=NOW,
    )
    return w


def _get(user, path: str):
    headers = {}
    if user is not None:
        headers = bearer(token_services.create_token(user=user, name="t", scope="read", now=NOW)[1])
    return Client().get(f"/api/v1/recognition/{path}", **headers)


def test_the_council_reads_its_pairing_with_sessions_and_outcome(paired):
    response = _get(paired.officer, f"peer/pairings/{paired.pairing.pk}")
    assert response.status_code == 200
    body = response.json()
    assert (body["mentee"], body["supporter"]) == ("Elm House", "Oak House")
    assert [s["note"] for s in body["sessions"]] == ["First visit"]
    assert body["outcome"]["rating_before"] == "Inadequate" and body["outcome"]["findings_since"] == 1
    listed = _get(paired.officer, "peer/pairings").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == paired.pairing.pk


def test_both_providers_in_the_pairing_read_it_and_others_get_404(paired):
    assert _get(f.staff_of(paired.mentee_org), f"peer/pairings/{paired.pairing.pk}").status_code == 200
    assert _get(f.manager_of(paired.near_org), f"peer/pairings/{paired.pairing.pk}").status_code == 200
    assert _get(f.manager_of(paired.far_org), f"peer/pairings/{paired.pairing.pk}").status_code == 404
    assert _get(f.manager_of(paired.far_org), "peer/pairings").json()["count"] == 0
    other_council = cf.officer(cf.council("E08000005"))
    assert _get(other_council, f"peer/pairings/{paired.pairing.pk}").status_code == 404


def test_the_public_and_other_roles_are_refused(paired):
    assert _get(None, "peer/pairings").status_code == 401
    assert _get(None, "peer/supporters").status_code == 401
    assert _get(cf.person(paired.council, "analyst"), "peer/pairings").status_code == 403


def test_supporters_are_listed_with_their_subjects(paired):
    body = _get(f.manager_of(paired.mentee_org), "peer/supporters").json()
    assert [(r["name"], r["subjects"]) for r in body["results"]] == [
        ("Ash Court", ["staffing-levels"]),
        ("Oak House", ["medicines"]),
    ]


def test_offers_are_the_councils_own_with_places_taken(paired):
    offer = offers_services.add_offer(
        actor=paired.officer,
        title="Medicines training",
        theme="medicines",
        kind="training",
        places=3,
        now=NOW,
    )
    offers_services.book_place(actor=paired.officer, offer=offer, location=paired.mentee, now=NOW)
    body = _get(paired.manager, "offers").json()
    assert body["results"] == [
        {
            "id": offer.pk,
            "title": "Medicines training",
            "theme": "medicines",
            "kind": "training",
            "places": 3,
            "booked": 1,
            "attended": 0,
        }
    ]
    assert _get(cf.officer(cf.council("E08000005")), "offers").json()["count"] == 0
    assert _get(f.manager_of(paired.mentee_org), "offers").status_code == 403
