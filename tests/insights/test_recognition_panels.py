"""Dashboards read recognition (issue 16): peer pairs active and the supported services' improvement, and
improvement offers taken up, for a council's own staff; CSV downloads; never for the public or another
council."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from carewatch.recognition import offers_services, peer_services
from tests.cases import factories as cf
from tests.pages import client_for, page
from tests.recognition import peer_factories as pf

pytestmark = pytest.mark.django_db
NOW = pf.NOW


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def oldham():
    w = pf.world()
    pairing = peer_services.pair(
        actor=w.officer,
        mentee=w.mentee,
        supporter=w.near_supporter,
        goals="Safer medicines rounds",
        starts_on=date(2026, 5, 1),
        review_on=date(2026, 9, 1),
        now=NOW,
    )
    peer_services.log_session(
        actor=w.officer, pairing=pairing, held_on=date(2026, 5, 10), note="Met", now=NOW
    )
    cf.rerate(w.mentee, rating="Requires improvement", rated_on=date(2026, 5, 20))
    offer = offers_services.add_offer(
        actor=w.officer, title="Medicines training", theme="medicines", kind="training", places=10, now=NOW
    )
    booking = offers_services.book_place(actor=w.officer, offer=offer, location=w.mentee, now=NOW)
    offers_services.record_attendance(actor=w.officer, booking=booking, attended=True, now=NOW)
    w.analyst = cf.person(w.council, "analyst")
    return w


def dashboard(client, **params):
    return client.get(
        reverse("insights:dashboard"), {"area": "la:E08000004", "service": "care-homes", **params}
    )


def test_the_councils_staff_see_peer_pairs_their_improvement_and_offers_taken_up(oldham):
    soup = page(dashboard(client_for(oldham.analyst)))
    peer = soup.find(id="heading-peer-support").find_parent("section").get_text(" ", strip=True)
    assert "1 peer support pairings active; 1 sessions logged." in peer
    assert "1 of 1 supported services with a CQC report since were rated higher than at the start." in peer
    offers = soup.find(id="heading-improvement-offers").find_parent("section").get_text(" ", strip=True)
    assert "1 of 10 places on 1 improvement offers booked; 1 attended." in offers


def test_the_figures_download_as_csv(oldham):
    response = dashboard(client_for(oldham.analyst), download="peer-support", format="csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Pairings active", "1"] in rows and ["Rated higher, %", "100.0"] in rows
    offers = dashboard(client_for(oldham.analyst), download="improvement-offers", format="csv")
    assert ["Places attended", "1"] in list(csv.reader(io.StringIO(offers.content.decode("utf-8-sig"))))


def test_the_public_and_another_council_see_none_of_it(oldham):
    for client in (Client(), client_for(cf.person(cf.council("E08000005"), "commissioner"))):
        soup = page(dashboard(client))
        assert soup.find(id="heading-peer-support") is None
        assert soup.find(id="heading-improvement-offers") is None
        assert dashboard(client, download="peer-support", format="csv").status_code == 404


def test_the_committee_report_carries_peer_support_and_offers_for_the_councils_own_staff(oldham):
    url = reverse("insights:committee_report")
    soup = page(client_for(oldham.analyst).get(url, {"la": "E08000004"}))
    section = soup.find(id="section-committee-peer-support").get_text(" ", strip=True)
    assert "1 peer support pairings active; 1 sessions logged." in section
    assert "1 of 10 places on 1 improvement offers booked; 1 attended." in section
    assert "Pairings active" in section and "Places attended" in section
    assert Client().get(url, {"la": "E08000004"}).status_code == 302  # the public is asked to sign in
    rochdale = client_for(cf.person(cf.council("E08000005"), "commissioner"))
    assert rochdale.get(url, {"la": "E08000004"}).status_code == 403  # another council's report is refused
