"""Each person's home after signing in ("My work"), their account page and the menus each role sees.
Time is frozen on Monday 2 March 2026 (tests.cases.given)."""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from carewatch.cases import services
from carewatch.core.models import User
from carewatch.core.roles import Role
from carewatch.register import services as register_services
from tests import access_helpers as ah
from tests.cases import factories as f
from tests.cases import given
from tests.cases.conftest import frozen, world  # noqa: F401  (fixtures)
from tests.core import signing_in
from tests.pages import client_for

NOW = given.OPENED_AT


@pytest.fixture
def places(db):
    register_services.ensure_reference_data()


def soup_of(response, status=200) -> BeautifulSoup:
    assert response.status_code == status, response.status_code
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.title.get_text().strip() == f"{soup.h1.get_text(' ', strip=True)} – carewatch"
    return soup


def menu(client) -> list[str]:
    soup = soup_of(client.get(reverse("staff:home")))
    return [a.get_text(" ", strip=True) for a in soup.select(".govuk-service-navigation__list a")]


def test_signing_in_lands_on_my_work_not_the_public_home_page(client, db):
    assert resolve_url(settings.LOGIN_REDIRECT_URL) == reverse("staff:home") == "/home/"
    person = User.objects.create_user(username="ola", password="correct-horse-battery-staple")
    device = signing_in.authenticator_for(person)
    response = client.post(
        reverse("core:sign_in"), {"username": "ola", "password": "correct-horse-battery-staple"}
    )
    code_page = response["Location"]
    response = client.post(code_page, {"code": signing_in.code_for(device)})
    assert response.status_code == 302 and response["Location"] == "/home/"


@pytest.mark.usefixtures("frozen")
def test_an_officer_sees_what_is_overdue_due_and_coming_up(world, frozen):  # noqa: F811
    case = given.open_case(world, level="2")
    for title, due_on in (
        ("Refer to the CQC", date(2026, 2, 27)),
        ("Check the action plan", date(2026, 3, 2)),
        ("Revisit the home", date(2026, 3, 10)),
    ):
        services.add_action(
            actor=world.officer,
            case=case,
            kind="referral_to_cqc",
            owner=world.officer,
            due_on=due_on,
            title=title,
            now=f.at(2026, 2, 20),
        )
    soup = soup_of(client_for(world.officer).get(reverse("staff:home")))
    assert soup.h1.get_text(strip=True) == "My work"
    assert "1 overdue, 1 due today and 1 due in the next two weeks" in soup.get_text(" ", strip=True)
    assert "Refer to the CQC" in soup.select_one("#overdue-tasks").get_text()
    assert "Check the action plan" in soup.select_one("#tasks-due-today").get_text()
    assert "Revisit the home" in soup.select_one("#tasks-coming-up").get_text()
    pages = soup.select_one("#your-pages").parent.get_text(" ", strip=True)
    for label in ("Visits", "Cases", "Market dashboards", "Commissioner ratings", "Committee report"):
        assert label in pages


@pytest.mark.usefixtures("frozen")
def test_with_nothing_due_my_work_says_so(world):  # noqa: F811
    soup = soup_of(client_for(world.officer).get(reverse("staff:home")))
    assert soup.select_one("#nothing-due").get_text(strip=True).startswith("Nothing is due")


def test_an_icb_analyst_gets_the_insight_pages_in_their_menu_and_on_their_home(places):
    icb = ah.icb(code="E54000057")
    analyst = ah.person(icb, Role.ANALYST)
    client = client_for(analyst)
    items = menu(client)
    assert items == ["Home", "Market insight", "Commissioner ratings", "Committee report", "Account"]
    assert "API tokens" not in items and "Tasks" not in items
    soup = soup_of(client.get(reverse("staff:home")))
    pages = soup.select_one("#your-pages").parent.get_text(" ", strip=True)
    for label in (
        "Market dashboards",
        "Commissioner ratings",
        "Committee report",
        "How the figures are worked out",
    ):
        assert label in pages
    assert "New in NHS Greater Manchester" in soup.get_text(" ", strip=True)


def test_a_discharge_coordinator_can_find_a_service_and_read_the_market(places):
    council = ah.council(code="E08000004")
    client = client_for(ah.person(council, Role.DISCHARGE_COORDINATOR))
    items = menu(client)
    assert {"Home", "Discharge", "Vacancies", "Market insight", "Account"} <= set(items)
    assert "Committee report" not in items
    pages = (
        soup_of(client.get(reverse("staff:home"))).select_one("#your-pages").parent.get_text(" ", strip=True)
    )
    assert "Commissioner ratings" in pages and "Market figures" in pages
    assert "Find a care service" in pages  # on the home page: the menu already fills a line


def test_a_system_administrator_is_not_offered_pages_that_would_send_them_elsewhere(places):
    admin = ah.system_admin()
    items = menu(client_for(admin))
    assert "Organisations" in items
    for label in ("Monitoring set-up", "Ladder", "People", "Tasks", "Visits"):
        assert label not in items
    soup = soup_of(client_for(admin).get(reverse("staff:home")))
    for link in soup.select("#your-pages ~ ul a"):
        response = client_for(admin).get(link["href"])
        assert response.status_code == 200, f"{link.get_text()} → {response.status_code}"


def test_api_tokens_are_under_the_account(places):
    person = ah.person(ah.council(code="E08000004"), Role.QA_OFFICER)
    client = client_for(person)
    assert "API tokens" not in menu(client)
    soup = soup_of(client.get(reverse("staff:account")))
    assert soup.find("a", string="API tokens")["href"] == reverse("api_tokens:token_list")
    assert "QA officer" in soup.get_text(" ", strip=True)


@pytest.mark.usefixtures("frozen")
def test_a_long_list_shows_the_first_ten_and_says_how_many_more(world):  # noqa: F811
    case = given.open_case(world, level="2")
    for number in range(13):
        services.add_action(
            actor=world.officer,
            case=case,
            kind="referral_to_cqc",
            owner=world.officer,
            due_on=date(2026, 3, 2),
            title=f"Task {number:02}",
            now=f.at(2026, 2, 20),
        )
    soup = soup_of(client_for(world.officer).get(reverse("staff:home")))
    rows = soup.select("#tasks-due-today tbody tr")
    assert [row.get_text(" ", strip=True).split(" ")[1] for row in rows] == [f"{n:02}" for n in range(10)]
    assert soup.select_one("#tasks-due-today caption").get_text(strip=True) == "Due today (13)"
    more = soup.select_one("#tasks-due-today-more")
    assert more.get_text(" ", strip=True) == "And 3 more due today: see every task"
    assert more.a["href"] == reverse("cases:task_list")


@pytest.mark.parametrize("role", [Role.QA_OFFICER, Role.COMMISSIONER])
def test_council_staff_reach_the_risk_list_from_their_home_page(places, role):
    person = ah.person(ah.council(code="E08000004"), role)
    soup = soup_of(client_for(person).get(reverse("staff:home")))
    link = soup.find("a", string="Risk list")
    assert link is not None and link["href"] == reverse("planning:risk_list")
    assert client_for(person).get(link["href"]).status_code == 200


def test_providers_are_not_offered_the_risk_list(places):
    company = f.provider(name="Acme Care Ltd")
    provider = ah.person(ah.provider(provider_id=company.pk), Role.PROVIDER_MANAGER)
    soup = soup_of(client_for(provider).get(reverse("staff:home")))
    assert soup.find("a", string="Risk list") is None
    assert "Risk list" not in menu(client_for(provider))


@pytest.mark.parametrize(
    "where, role, offered",
    [
        ("council", Role.COMMISSIONER, True),
        ("icb", Role.COMMISSIONER, True),
        # their menus are full at 1,280 px (tests/browser/analyst/test_analyst_day.py): on their home page
        ("council", Role.QA_OFFICER, False),
        ("council", Role.QA_MANAGER, False),
        ("council", Role.ANALYST, False),
        ("council", Role.DISCHARGE_COORDINATOR, False),
        ("council", Role.ORG_ADMIN, False),
        ("national", Role.ANALYST, False),
    ],
)
def test_the_risk_list_is_in_the_menu_of_the_staff_who_may_see_it(places, where, role, offered):
    organisation = {
        "council": lambda: ah.council(code="E08000004"),
        "icb": lambda: ah.icb(code="E54000057"),
        "national": ah.national,
    }[where]()
    client = client_for(ah.person(organisation, role))
    assert ("Risk list" in menu(client)) is offered
    if offered:
        assert client.get(reverse("planning:risk_list")).status_code == 200
    if where == "council" and role in (Role.QA_OFFICER, Role.QA_MANAGER, Role.ANALYST):
        home = soup_of(client.get(reverse("staff:home")))
        assert home.find("a", string="Risk list")["href"] == reverse("planning:risk_list")


@pytest.mark.parametrize(
    "role, offered", [(Role.QA_OFFICER, True), (Role.QA_MANAGER, True), (Role.COMMISSIONER, False)]
)
def test_a_council_s_qa_staff_find_the_risk_weights_on_their_home_page(places, role, offered):
    client = client_for(ah.person(ah.council(code="E08000004"), role))
    link = soup_of(client.get(reverse("staff:home"))).find("a", string="Risk weights")
    assert (link is not None) is offered
    if offered:
        assert link["href"] == reverse("planning:weights") and client.get(link["href"]).status_code == 200
