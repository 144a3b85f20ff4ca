"""The risk list page: council and ICB staff see their own area's services by score; nobody else."""

from datetime import UTC, date, datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from carewatch.planning import views
from carewatch.register import services
from tests import access_helpers as ah
from tests.register import factories as f

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
URL = "/planning/risk/"


@pytest.fixture
def world(db):
    records = [
        f.location("1-1", name="Calm Home", rating="Good", rated_on=date(2025, 5, 1), registered_manager="A"),
        f.location(
            "1-2", name="Worried Home", rating="Inadequate", rated_on=date(2025, 2, 1), registered_manager=""
        ),
        f.location("1-4", name="Rochdale Home", rating="Inadequate", local_authority="Rochdale"),
    ]
    services.import_snapshot(reader=f.reader(records), imported_at=NOW, actor_label="test")


def rows(response) -> list[list[str]]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [" ".join(cell.get_text(" ", strip=True).split()) for cell in row.find_all("td")]
        for row in soup.select("#risk-list tbody tr")
    ]


def test_a_council_officer_sees_their_area_highest_score_first_with_its_reasons(client, world):
    ah.sign_in(client, ah.person(ah.council(code="E08000004"), "qa_officer"))
    response = client.get(reverse("planning:risk_list"))
    assert response.status_code == 200
    found = rows(response)
    assert [row[1].split(" 1-")[0] for row in found] == ["Worried Home", "Calm Home"]
    assert "Rated Inadequate overall in 2025 (+40)" in found[0][3]
    assert "Services by risk – carewatch" in response.content.decode()


def test_an_icb_commissioner_sees_every_council_in_the_icb(client, world):
    ah.sign_in(client, ah.person(ah.icb(code="E54000057"), "commissioner"))
    names = [row[1] for row in rows(client.get(URL))]
    assert any(name.startswith("Rochdale Home") for name in names) and len(names) == 3


def test_another_council_sees_only_its_own_area(client, world):
    ah.sign_in(client, ah.person(ah.council(code="E08000005"), "qa_manager"))
    names = [row[1] for row in rows(client.get(URL))]
    assert len(names) == 1 and names[0].startswith("Rochdale Home")


def test_the_public_providers_and_national_bodies_are_refused(client, world):
    assert client.get(URL).status_code == 302  # sent to sign in
    ah.sign_in(client, ah.person(ah.provider(provider_id="1-200000001"), "provider_manager"))
    assert client.get(URL).status_code == 403
    ah.sign_in(client, ah.person(ah.national(), "analyst"))
    assert client.get(URL).status_code == 403


def test_the_list_is_paged(client, world, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    ah.sign_in(client, ah.person(ah.council(code="E08000004"), "analyst"))
    second = client.get(URL, {"page": 2})
    assert [row[0] for row in rows(second)] == ["2"] and "Calm Home" in rows(second)[0][1]
    assert 'aria-label="Pages of services"' in second.content.decode()


def test_the_service_page_shows_the_score_and_reasons_to_staff_of_its_area_only(client, world):
    page = reverse("public:location_detail", kwargs={"location_id": "1-2"})
    assert 'id="location-risk"' not in client.get(page).content.decode()  # the public
    ah.sign_in(client, ah.person(ah.council(code="E08000005"), "qa_officer"))
    assert 'id="location-risk"' not in client.get(page).content.decode()  # another council
    ah.sign_in(client, ah.person(ah.provider(provider_id="1-200000001"), "provider_manager"))
    assert 'id="location-risk"' not in client.get(page).content.decode()  # its own provider
    ah.sign_in(client, ah.person(ah.council(code="E08000004"), "commissioner"))
    panel = BeautifulSoup(client.get(page).content, "html.parser").select_one("#location-risk")
    text = " ".join(panel.get_text(" ", strip=True).split())
    assert "Risk score" in text and "Rated Inadequate overall in 2025 (+40)" in text


def test_the_kept_scores_follow_a_change_of_weights_and_a_new_import(client, world):
    from carewatch.planning import services as planning_services

    council = ah.council(code="E08000004")
    officer = ah.person(council, "qa_manager")
    ah.sign_in(client, officer)
    assert "(+40)" in rows(client.get(URL))[0][3]
    planning_services.set_weights(
        organisation=council, actor=officer, weights={"overall_inadequate": 55}, now=NOW
    )
    assert "(+55)" in rows(client.get(URL))[0][3]
    records = [f.location("1-1", name="Calm Home renamed", rating="Good", rated_on=date(2025, 5, 1))]
    services.import_snapshot(
        reader=f.reader(records), imported_at=datetime(2026, 11, 23, tzinfo=UTC), actor_label="t"
    )
    assert any(row[1].startswith("Calm Home renamed") for row in rows(client.get(URL)))
