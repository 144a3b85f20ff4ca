"""The discharge pages as people see them: a coordinator makes a referral, reads the ranked matches with the
weighting in words and sends it; a provider manager accepts; the timeline shows the placement. Another
council's coordinator, another provider and the public are turned away."""

from __future__ import annotations

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from carewatch.discharge.models import PlacementRequest, Referral
from tests import access_helpers as ah
from tests.discharge.conftest import NOW
from tests.discharge.given import a_referral


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def client_for(user) -> Client:
    TOTPDevice.objects.get_or_create(user=user, defaults={"name": "Authenticator app", "confirmed": True})
    return ah.sign_in(Client(), user)


def text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


FORM = {
    "reference": "RD-100",
    "pathway": "3",
    "bed_type": "general_nursing",
    "needs": ["nursing"],
    "funding": "council",
    "search_from": "OL1 1AA",
    "ready_on_day": "18",
    "ready_on_month": "11",
    "ready_on_year": "2026",
}


def test_a_referral_with_no_needs_is_an_error_beside_the_needs(world):
    data = {**FORM, "pathway": "1", "bed_type": "", "needs": []}
    response = client_for(world.coordinator).post("/discharge/new/", data)
    page = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200 and page.title.text.startswith("Error:")
    summary = page.select_one(".govuk-error-summary").get_text(" ")
    assert "Say what care the person needs" in summary
    assert page.select_one("#id_needs-error") is not None
    assert not Referral.objects.exists()


def test_a_missing_date_and_reference_are_named(world):
    data = {**FORM, "reference": "", "ready_on_day": ""}
    page = text(client_for(world.coordinator).post("/discharge/new/", data))
    assert "Enter your team's reference for the referral" in page
    assert "ready to leave" in page


def test_a_coordinator_finds_sends_and_sees_the_placement_confirmed(world):
    coordinator = client_for(world.coordinator)
    response = coordinator.post("/discharge/new/", FORM)
    referral = Referral.objects.get(reference="RD-100")
    assert response["Location"] == f"/discharge/{referral.pk}/matches/"
    matches = text(coordinator.get(response["Location"]))
    assert "Ranked by 40% quality, 30% distance, 15% how recent the vacancy is and 15% in contract" in matches
    assert "Oak House" in matches and "Birch Lodge" in matches
    response = coordinator.post(
        f"/discharge/{referral.pk}/matches/", {"locations": [world.oak.pk, world.birch.pk]}
    )
    assert response.status_code == 302
    assert PlacementRequest.objects.filter(referral=referral).count() == 2

    provider = client_for(world.beta_manager)
    incoming = text(provider.get("/discharge/requests/"))
    assert "RD-100" in incoming and "Birch Lodge" in incoming and "Oak House" not in incoming
    request = PlacementRequest.objects.get(referral=referral, location=world.birch)
    response = provider.post(f"/discharge/requests/{request.pk}/", {"answer": "accept"})
    assert response.status_code == 302

    detail = text(coordinator.get(f"/discharge/{referral.pk}/"))
    assert "Placement confirmed Birch Lodge" in detail
    assert "Placed at Birch Lodge" in detail and "band: 2 to 3 days" in detail
    assert "placed elsewhere" in text(
        client_for(world.acme_manager).get(
            f"/discharge/requests/{PlacementRequest.objects.get(referral=referral, location=world.oak).pk}/"
        )
    )


def test_sending_with_nothing_chosen_is_an_error(world):
    referral = a_referral(world, NOW)
    page = text(client_for(world.coordinator).post(f"/discharge/{referral.pk}/matches/", {}))
    assert "Choose at least one service to send the referral to" in page


def test_declining_without_a_reason_is_an_error_beside_the_reason(world):
    from carewatch.discharge import services

    referral = a_referral(world, NOW)
    (request,) = services.send_requests(
        referral=referral, actor=world.coordinator, location_ids=[world.oak.pk], now=NOW
    )
    page = BeautifulSoup(
        client_for(world.acme_manager)
        .post(f"/discharge/requests/{request.pk}/", {"answer": "decline"})
        .content,
        "html.parser",
    )
    assert "Say why you cannot take this person" in page.select_one("#id_reason-error").get_text()


def test_another_councils_coordinator_cannot_open_a_referral(world):
    referral = a_referral(world, NOW)
    client = client_for(world.rochdale_coordinator)
    assert client.get(f"/discharge/{referral.pk}/").status_code == 404
    assert client.get(f"/discharge/{referral.pk}/matches/").status_code == 404
    assert "RD-001" not in text(client.get("/discharge/"))


def test_another_provider_cannot_open_a_request(world):
    from carewatch.discharge import services

    referral = a_referral(world, NOW)
    (request,) = services.send_requests(
        referral=referral, actor=world.coordinator, location_ids=[world.oak.pk], now=NOW
    )
    other = client_for(world.beta_manager)
    assert other.get(f"/discharge/requests/{request.pk}/").status_code == 404
    assert other.post(f"/discharge/requests/{request.pk}/", {"answer": "accept"}).status_code == 404
    assert "RD-001" not in text(other.get("/discharge/requests/"))


def test_the_public_is_sent_to_sign_in(world):
    referral = a_referral(world, NOW)
    for url in ("/discharge/", f"/discharge/{referral.pk}/", "/discharge/requests/"):
        response = Client().get(url)
        assert response.status_code == 302 and "sign-in" in response["Location"]


def test_a_delay_is_recorded_and_shows_on_the_timeline(world):
    referral = a_referral(world, NOW)
    client = client_for(world.coordinator)
    page = text(client.post(f"/discharge/{referral.pk}/delay/", {"reason": "other", "note": ""}))
    assert "Say what the other reason is" in page
    client.post(f"/discharge/{referral.pk}/delay/", {"reason": "awaiting_funding"})
    assert "Delay: Awaiting funding decision" in text(client.get(f"/discharge/{referral.pk}/"))


def menu(user) -> dict[str, str]:
    page = BeautifulSoup(client_for(user).get("/").content, "html.parser")
    return {a.get_text(strip=True): a["href"] for a in page.select("a.govuk-service-navigation__link")}


def test_the_coordinators_menu_has_discharge_and_provider_managers_find_placement_requests_at_home(world):
    assert menu(world.coordinator).get("Discharge") == "/discharge/"
    home = BeautifulSoup(client_for(world.acme_manager).get("/home/").content, "html.parser")
    assert home.find("a", string="Placement requests")["href"] == "/discharge/requests/"
    assert "Placement requests" not in menu(world.acme_manager)  # their menu bar is full at 1,280 px


def queries_for(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_lists_read_as_many_queries_for_six_referrals_as_for_one(world):
    from carewatch.discharge import services

    coordinator, provider = client_for(world.coordinator), client_for(world.acme_manager)

    def another(n):
        referral = a_referral(world, NOW, f"RD-{n:03d}")
        services.send_requests(
            referral=referral, actor=world.coordinator, location_ids=[world.oak.pk], now=NOW
        )

    another(1)
    one = queries_for(coordinator, "/discharge/"), queries_for(provider, "/discharge/requests/")
    for n in range(2, 7):
        another(n)
    assert (queries_for(coordinator, "/discharge/"), queries_for(provider, "/discharge/requests/")) == one


def test_an_unknown_place_or_a_bad_weighting_setting_is_said_not_a_500(world, settings):
    referral = a_referral(world, NOW, search_from="ZZ99 9ZZ")
    response = client_for(world.coordinator).get(f"/discharge/{referral.pk}/matches/")
    assert response.status_code == 200 and "We could not find" in text(response)
    settings.CAREWATCH_DISCHARGE_WEIGHTS = "quality:50"
    other = a_referral(world, NOW, "RD-002")
    page = text(client_for(world.coordinator).get(f"/discharge/{other.pk}/matches/"))
    assert "CAREWATCH_DISCHARGE_WEIGHTS: the percentages must add up to 100" in page
