"""Ladder steps that rely on contractual powers (a contract default notice, and so termination) are
offered only for services the council contracts with; otherwise the option says why and the service
refuses it. Time is frozen on Monday 2 March 2026."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from carewatch.capacity import services as capacity_services
from carewatch.capacity.services import ContractInput
from carewatch.cases import errors, queries, services
from carewatch.cases.models import Action
from tests.cases import factories as f
from tests.cases import given
from tests.cases.pages import date_fields, page
from tests.cases.pages import errors as page_errors

NOW = given.OPENED_AT

pytestmark = pytest.mark.usefixtures("frozen")


def notice(world, case):
    return services.issue_default_notice(
        actor=world.manager,
        case=case,
        owner=world.manager,
        breach="Staffing",
        remedy_by=date(2026, 4, 1),
        now=NOW,
    )


def provider_named(world, name):
    provider = world.home.provider
    provider.name = name
    provider.save(update_fields=["name"])
    return provider


def test_a_default_notice_for_a_service_not_in_contract_is_refused_saying_why(world):
    provider_named(world, "Acme Care")
    case = given.open_case(world, level="5")
    with pytest.raises(errors.NoContractualPowers) as refused:
        notice(world, case)
    assert refused.value.message == (
        "Oldham Council has no contract with Acme Care for this service, so it has no contractual powers here"
    )
    assert refused.value.field == "kind"
    assert not Action.objects.filter(case=case).exists()


def test_a_contract_with_the_provider_gives_the_powers(world):
    given.in_contract(world)
    case = given.open_case(world, level="5")
    assert notice(world, case).kind == "default_notice"


def test_a_contract_naming_other_locations_of_the_provider_does_not_cover_this_one(world):
    sister = f.location(world.council, provider=world.home.provider, name="Sister House")
    given.in_contract(world, locations=[sister])
    case = given.open_case(world, level="5")
    assert not queries.contract_powers(case, on=date(2026, 3, 2)).available


def test_another_councils_contract_gives_this_council_no_powers(world):
    other = f.council("E08000005")
    other_commissioner = f.person(other, "commissioner")
    capacity_services.record_contract(
        organisation=other,
        actor=other_commissioner,
        contract=ContractInput(
            reference="RMBC-1", provider_id=world.home.provider_id, kind="spot", starts_on=date(2026, 1, 1)
        ),
        now=NOW,
    )
    case = given.open_case(world, level="5")
    powers = queries.contract_powers(case, on=date(2026, 3, 2))
    assert not powers.available
    assert "Oldham Council has no contract with" in powers.reason


def test_the_add_action_page_offers_a_default_notice_only_under_a_contract(world, manager):
    provider_named(world, "Acme Care")
    case = given.open_case(world, level="5")
    url = reverse("cases:action_add", kwargs={"case_id": case.pk})
    soup = page(manager.get(url))
    option = soup.select_one("input[value=default_notice]")
    assert option.has_attr("disabled")
    hint = soup.select_one(f"#{option['aria-describedby']}").get_text(" ", strip=True)
    assert hint == (
        "Not available: Oldham Council has no contract with Acme Care for this service, "
        "so it has no contractual powers here."
    )
    # Posting it anyway (an old page, a crafted request) is an error beside the choice, never a 500.
    response = manager.post(
        url,
        {
            "kind": "default_notice",
            "owner": world.manager.pk,
            "breach": "Staffing",
            **date_fields("due_on", date(2026, 4, 1)),
        },
    )
    assert response.status_code == 200
    assert list(page_errors(page(response)).values()) == [
        "Oldham Council has no contract with Acme Care for this service, so it has no contractual powers here"
    ]
    assert not Action.objects.filter(case=case).exists()

    given.in_contract(world)
    soup = page(manager.get(url))
    assert not soup.select_one("input[value=default_notice]").has_attr("disabled")
    response = manager.post(
        url,
        {
            "kind": "default_notice",
            "owner": world.manager.pk,
            "breach": "Staffing",
            **date_fields("due_on", date(2026, 4, 1)),
        },
    )
    assert response.status_code == 302
    assert Action.objects.get(case=case).kind == "default_notice"
