"""Dashboards and the committee report gain the quality mark (issue 16): holders by tier, awards and
withdrawals in the 12 months, the weekly premium for the council's own staff only; CSV and XLSX downloads;
nothing for the public or another council."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from carewatch.core.roles import Role
from carewatch.recognition import quality_mark_services as qm
from tests.cases import factories as cf
from tests.pages import client_for, page
from tests.recognition import factories as f
from tests.recognition import quality_mark_factories as qf

pytestmark = pytest.mark.django_db
NOW = f.NOW  # 1 June 2026
TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def oldham():
    council = cf.council()
    homes = []
    for name in ("Acme Care", "Beta Care", "Cedar Care"):
        home = f.employer(name, council, home=f"{name} House").provider.locations.get()
        home.beds = 20
        home.save(update_fields=["beds"])
        homes.append(home)
    qf.awarded(homes[0], council, today=TODAY, now=NOW)
    qf.awarded(homes[1], council, today=TODAY, now=NOW, tier="Silver")
    qf.awarded(homes[2], council, today=TODAY, now=NOW)
    council.quality_mark.tiers.filter(name="Gold").update(premium_per_bed=25)
    cf.rerate(homes[2], rating="Inadequate", rated_on=date(2026, 5, 30))
    qm.review_awards(today=TODAY, now=NOW)  # Cedar's Gold withdrawn
    return council


def dashboard(client, **params):
    return client.get(
        reverse("insights:dashboard"), {"area": "la:E08000004", "service": "care-homes", **params}
    )


def test_the_councils_commissioner_sees_holders_awards_withdrawals_and_the_premium(oldham):
    commissioner = client_for(cf.person(oldham, Role.COMMISSIONER))
    soup = page(dashboard(commissioner))
    panel = soup.find(id="heading-quality-marks").find_parent("section").get_text(" ", strip=True)
    assert "2 services held a council quality mark on 1 June 2026; 3 awarded and 1 withdrawn" in panel
    response = dashboard(commissioner, download="quality-marks", format="csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Quality mark",
        "Tier",
        "Holders",
        "Awarded in 12 months",
        "Withdrawn in 12 months",
        "Premium a week (£)",
    ]
    assert ["Oldham Quality Mark", "Gold", "1", "2", "1", "500.0"] in rows
    assert ["Oldham Quality Mark", "Silver", "1", "1", "0", "0.0"] in rows
    xlsx = dashboard(commissioner, download="quality-marks", format="xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")


def test_the_committee_report_carries_the_quality_mark_section(oldham):
    analyst = client_for(cf.person(oldham, Role.ANALYST))
    soup = page(analyst.get(reverse("insights:committee_report"), {"la": "E08000004"}))
    section = soup.find(id="section-committee-quality-marks").get_text(" ", strip=True)
    assert "Quality mark holders" in section and "Gold" in section


def test_the_public_and_another_council_see_none_of_it(oldham):
    rochdale = cf.council("E08000005")
    for client in (Client(), client_for(cf.person(rochdale, Role.COMMISSIONER))):
        assert page(dashboard(client)).find(id="heading-quality-marks") is None
        assert dashboard(client, download="quality-marks", format="csv").status_code == 404
