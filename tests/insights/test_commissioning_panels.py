"""Dashboards read capacity and discharge (issue 15): "Of 1 care home in contract, 1 is rated Requires
improvement; of 1 not in contract, 1", vacancies by bed type and occupancy, return compliance, and
discharge placements, for a council's own staff; CSV downloads; never for the public or another council."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from carewatch.core import access
from carewatch.insights import areas, commissioning
from tests.capacity import given
from tests.capacity.conftest import world  # noqa: F401 - Oldham, Rochdale, Acme's Oak House, Beta's Birch Lodge
from tests.pages import client_for, page

NOW = datetime(2026, 4, 20, 9, tzinfo=UTC)  # after April's return window (8th to 14th)
OLDHAM = areas.Area("la", "E08000004", "Oldham")


@pytest.fixture
def oldham(world):  # noqa: F811
    for home in (world.home, world.other_home):
        home.current_rating = "Requires improvement"
        home.save(update_fields=["current_rating"])
    given.a_contract(world, NOW, starts_on=date(2026, 1, 1))  # Oak House, Acme's
    given.a_return(
        world.home, world.acme_manager, NOW - timedelta(days=10), given.beds(capacity=20, occupied=15)
    )
    return world


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def dashboard(client, **params):
    return client.get(
        reverse("insights:dashboard"), {"area": "la:E08000004", "service": "care-homes", **params}
    )


def test_the_councils_staff_see_the_in_contract_split_vacancies_compliance_and_discharge(oldham):
    soup = page(dashboard(client_for(oldham.analyst)))
    contracts = soup.find(id="panel-contracts") or soup.find(id="heading-contracts").find_parent("section")
    assert (
        "Of 1 care home in contract with Oldham Council, 1 is rated Requires improvement; of 1 not in contract, 1."
        in contracts.get_text(" ", strip=True)
    )
    vacancies = soup.find(id="heading-vacancies").find_parent("section").get_text(" ", strip=True)
    assert "5 beds free and accepting admissions; 15 of 20 beds occupied (75.0%)" in vacancies
    compliance = soup.find(id="heading-compliance").find_parent("section").get_text(" ", strip=True)
    assert "1 of 2 services returned April 2026 in the window" in compliance
    discharge = soup.find(id="heading-discharge").find_parent("section").get_text(" ", strip=True)
    assert "0 placements from 0 referrals in the 12 months" in discharge


def test_the_tables_download_as_csv(oldham):
    response = dashboard(client_for(oldham.analyst), download="contracts", format="csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["In contract", "1", "1", "0"] in rows
    assert ["Not in contract", "1", "1", "0"] in rows
    vacancies = dashboard(client_for(oldham.analyst), download="vacancies", format="csv")
    assert "General residential" in vacancies.content.decode("utf-8-sig")


def test_the_public_and_another_council_see_none_of_it(oldham):
    for client in (Client(), client_for(oldham.rochdale_commissioner)):
        soup = page(dashboard(client))
        for panel in ("contracts", "vacancies", "compliance", "discharge"):
            assert soup.find(id=f"heading-{panel}") is None
        assert dashboard(client, download="contracts", format="csv").status_code == 404


def test_a_partner_reading_the_councils_cases_does_not_read_its_contracts(oldham):
    # Contracts are commercial: the split needs the reader's own council, whatever else they may read.
    councils = [oldham.oldham]
    found = commissioning.contract_split(
        councils,
        service="care-homes",
        on=NOW.date(),
        contract_owners=access.OwnerScope.of([oldham.rochdale.pk]),
    )
    assert not found and "own staff" in found.reason
    # A system administrator reads every council's contracts (docs/capacity.md), one council at a time.
    assert (
        commissioning.contract_split(
            councils, service="care-homes", on=NOW.date(), contract_owners=access.NATIONAL
        ).in_contract
        == 1
    )
    assert not commissioning.contract_split(
        [oldham.oldham, oldham.rochdale], service="care-homes", on=NOW.date(), contract_owners=access.NATIONAL
    )


def test_the_sentence_reads_as_the_issue_asks():
    split = commissioning.ContractSplit("Oldham Council", "home-care", 32, 2, 0, 158, 21, 3)
    assert split.sentence == (
        "Of 32 home-care providers in contract with Oldham Council, 2 are rated Requires improvement; "
        "of 158 not in contract, 21."
    )


def test_the_committee_report_carries_the_commissioning_sections_for_the_councils_staff(oldham):
    analyst = client_for(oldham.analyst)
    soup = page(analyst.get(reverse("insights:committee_report"), {"la": "E08000004"}))
    headings = [h.get_text(" ", strip=True) for h in soup.select("h2[id^=heading-committee-]")]
    assert [h.split(". ", 1)[1] for h in headings] == [
        "Services in contract",
        "Vacancies by bed type",
        "Capacity return compliance",
        "Hospital discharge",
    ]
    contracts = soup.find(id="section-committee-contracts").get_text(" ", strip=True)
    assert (
        "Of 1 service in contract with Oldham Council, 1 is rated Requires improvement; of 1 not in contract, 1."
        in contracts
    )
    response = analyst.get(
        reverse("insights:committee_report"), {"la": "E08000004", "download": "vacancies", "format": "csv"}
    )
    assert response.status_code == 200 and "General residential" in response.content.decode("utf-8-sig")
