""" "In contract" on the register's pages: a council's staff see which services their council contracts
with (the service page, the search results and a filter); the public, a provider and another council's
staff never do. Contracts are commercial records (docs/capacity.md, "Who sees what")."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.urls import reverse

from carewatch.core.roles import Role
from tests.capacity import given
from tests.capacity.conftest import world  # noqa: F401, F811 - Oldham, Rochdale, Oak House, Birch Lodge
from tests.cases import factories as cases_factories
from tests.monitoring import factories as f
from tests.pages import client_for, page

NOW = datetime(2026, 4, 2, 9, tzinfo=UTC)


@pytest.fixture
def contracted(world):  # noqa: F811
    given.a_contract(world, NOW, starts_on=date(2026, 1, 1))  # Oldham contracts with Acme for Oak House
    return world


def service_page(client, location):
    return page(client.get(reverse("public:location_detail", args=[location.pk])))


def search(client, **params):
    return page(client.get(reverse("public:location_search"), {"la": "E08000004", **params}))


def names(soup):
    return [a.get_text(strip=True) for a in soup.select("table a.govuk-link")]


def test_council_staff_see_on_the_service_page_whether_their_council_has_it_in_contract(contracted):
    analyst = client_for(contracted.analyst)
    panel = service_page(analyst, contracted.home).select_one("#location-contract").get_text(" ", strip=True)
    assert panel.startswith("In contract Oldham Council has this service in contract.")
    panel = (
        service_page(analyst, contracted.other_home)
        .select_one("#location-contract")
        .get_text(" ", strip=True)
    )
    assert "Not in contract Oldham Council has no contract for this service" in panel


@pytest.mark.parametrize("who", ["public", "provider", "icb"])
def test_the_public_a_provider_and_other_organisations_never_see_it(contracted, who):
    client = {
        "public": lambda: Client(),
        "provider": lambda: client_for(contracted.acme_manager),
        "icb": lambda: client_for(f.person(cases_factories.icb_organisation(), Role.ANALYST)),
    }[who]()
    soup = service_page(client, contracted.home)
    assert soup.select_one("#location-contract") is None
    assert "In contract" not in soup.get_text()
    soup = search(client)
    assert soup.select_one("#id_in_contract") is None
    assert not soup.select(".carewatch-in-contract")
    assert names(search(client, in_contract="on")) == ["Birch Lodge", "Oak House"]  # the filter is ignored


def test_another_councils_staff_read_only_their_own_councils_contracts(contracted):
    rochdale = client_for(contracted.rochdale_commissioner)
    panel = service_page(rochdale, contracted.home).select_one("#location-contract").get_text(" ", strip=True)
    assert panel.startswith("Not in contract Rochdale Council has no contract for this service")
    assert "Oldham" not in panel
    assert not search(rochdale).select(".carewatch-in-contract")
    assert names(search(rochdale, in_contract="on")) == []


def test_council_staff_see_in_contract_in_the_results_and_can_filter_on_it(contracted):
    commissioner = client_for(contracted.commissioner)
    soup = search(commissioner)
    assert soup.select_one("label[for=id_in_contract]").get_text(strip=True) == "In contract with my council"
    tagged = [
        row.select_one("a").get_text(strip=True)
        for row in soup.select("tbody tr")
        if row.select(".carewatch-in-contract")
    ]
    assert tagged == ["Oak House"]
    assert names(search(commissioner, in_contract="on")) == ["Oak House"]


def test_a_contract_that_has_not_started_is_not_in_contract(world):  # noqa: F811
    given.a_contract(world, NOW, starts_on=date(2099, 1, 1))
    assert names(search(client_for(world.commissioner), in_contract="on")) == []


def csv_rows(client, **params) -> list[list[str]]:
    import csv
    import io

    response = client.get(reverse("public:location_search"), {"la": "E08000004", "format": "csv", **params})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_council_staff_download_the_search_with_an_in_contract_column(contracted):
    header, *rows = csv_rows(client_for(contracted.analyst))
    assert header[-1] == "In contract"
    by_name = {row[1]: row[-1] for row in rows}
    assert by_name == {"Oak House": "Y", "Birch Lodge": "N"}
    # With the filter, only the services in contract.
    header, *rows = csv_rows(client_for(contracted.analyst), in_contract="on")
    assert [(row[1], row[-1]) for row in rows] == [("Oak House", "Y")]


@pytest.mark.parametrize("who", ["public", "provider", "icb"])
def test_nobody_else_downloads_the_in_contract_column(contracted, who):
    client = {
        "public": lambda: Client(),
        "provider": lambda: client_for(contracted.acme_manager),
        "icb": lambda: client_for(f.person(cases_factories.icb_organisation(), Role.ANALYST)),
    }[who]()
    header, *rows = csv_rows(client)
    assert "In contract" not in header
    assert len(header) == len(rows[0]) and {row[1] for row in rows} == {"Oak House", "Birch Lodge"}


def test_another_councils_staff_download_their_own_councils_contracts_not_oldhams(contracted):
    header, *rows = csv_rows(client_for(contracted.rochdale_commissioner))
    assert header[-1] == "In contract"
    assert {row[1]: row[-1] for row in rows} == {"Oak House": "N", "Birch Lodge": "N"}
