"""The capacity pages as people see them, and who may open them: another provider, another council and
anonymous visitors are turned away."""

from __future__ import annotations

import re

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from carewatch.capacity.models import CapacityReturn, Contract
from tests import access_helpers as ah
from tests.capacity.given import a_contract, a_return, beds
from tests.monitoring.factories import at


def client_for(user) -> Client:
    TOTPDevice.objects.get_or_create(user=user, defaults={"name": "Authenticator app", "confirmed": True})
    return ah.sign_in(Client(), user)


def text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def update_url(location) -> str:
    return f"/capacity/returns/{location.pk}/"


def test_the_update_form_is_filled_in_with_the_previous_figures(world):
    a_return(
        world.home, world.acme_manager, at(2026, 11, 1), beds("dementia_nursing", 12, 10), nurses_direct=4
    )
    page = BeautifulSoup(client_for(world.acme_manager).get(update_url(world.home)).content, "html.parser")
    assert page.find("input", {"name": "dementia_nursing-capacity"})["value"] == "12"
    assert page.find("input", {"name": "dementia_nursing-occupied"})["value"] == "10"
    assert page.find("input", {"name": "nurses_direct"})["value"] == "4"
    assert page.title.string.strip() == "Update your vacancies – carewatch"


def test_a_provider_saves_its_vacancies_and_sees_them_in_the_history(world):
    client = client_for(world.acme_manager)
    response = client.post(
        update_url(world.home),
        {
            "general_residential-capacity": "20",
            "general_residential-occupied": "17",
            "care_staff_direct": "15",
        },
        follow=True,
    )
    assert "Vacancies for Oak House saved" in text(response)
    saved = CapacityReturn.objects.get()
    bed = saved.beds.get()
    assert (bed.capacity, bed.occupied, bed.vacant_accepting) == (20, 17, 3)
    assert "General residential: 17 of 20 occupied, 3 free" in text(
        client.get(f"{update_url(world.home)}history/")
    )


def test_saving_unchanged_figures_says_so(world):
    a_return(world.home, world.acme_manager, at(2026, 11, 1), beds(capacity=20, occupied=18))
    response = client_for(world.acme_manager).post(
        update_url(world.home),
        {"general_residential-capacity": "20", "general_residential-occupied": "18"},
        follow=True,
    )
    assert "nothing changed since your last update" in text(response)
    assert CapacityReturn.objects.filter(unchanged=True).count() == 1


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        (
            {"general_residential-capacity": "10", "general_residential-occupied": "12"},
            "occupied beds cannot be more than the maximum capacity",
        ),
        (
            {"general_residential-capacity": "-1", "general_residential-occupied": "0"},
            "General residential: maximum capacity must be 0 or more",
        ),
        (
            {
                "general_residential-capacity": "10",
                "general_residential-occupied": "8",
                "general_residential-vacant_not_accepting": "3",
            },
            "cannot be more than the vacant beds (2)",
        ),
        (
            {
                "general_residential-capacity": "10",
                "general_residential-occupied": "8",
                "general_residential-vacant_not_accepting": "2",
            },
            "say why vacant beds are not accepting",
        ),
        ({}, "say that nobody is supported"),
    ],
)
def test_impossible_figures_show_an_error_beside_the_field_and_save_nothing(world, posted, message):
    response = client_for(world.acme_manager).post(update_url(world.home), posted)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.title.string.startswith("Error:")
    summary = page.select_one(".govuk-error-summary").get_text(" ")
    assert message in summary
    assert not CapacityReturn.objects.exists()


def test_another_provider_cannot_open_or_post_to_a_home_it_does_not_run(world):
    client = client_for(world.beta_manager)
    assert client.get(update_url(world.home)).status_code == 404
    assert (
        client.post(
            update_url(world.home), {"general_residential-capacity": "1", "general_residential-occupied": "1"}
        ).status_code
        == 404
    )
    assert client.get(f"{update_url(world.home)}history/").status_code == 404
    assert not CapacityReturn.objects.exists()


def test_council_staff_and_anonymous_visitors_cannot_open_the_provider_pages(world):
    assert client_for(world.commissioner).get(update_url(world.home)).status_code == 403
    response = Client().get(update_url(world.home))
    assert (
        response.status_code == 302 and "sign-in" in response["Location"] or "login" in response["Location"]
    )


def test_a_provider_sees_only_its_own_services(world):
    shown = text(client_for(world.beta_manager).get("/capacity/returns/"))
    assert "Birch Lodge" in shown and "Ash Court" in shown and "Oak House" not in shown


def test_a_provider_uploads_a_csv_and_a_bad_one_lists_its_problems(world):
    client = client_for(world.acme_manager)
    bad = SimpleUploadedFile(
        "v.csv", f"location_id,bed_type,max_capacity,occupied\n{world.home.pk},respite,2,3\n".encode()
    )
    response = client.post("/capacity/returns/upload/", {"file": bad})
    shown = text(response)
    assert "nothing was saved" in shown and re.search(
        r"2 occupied Respite: occupied beds cannot be more", shown
    )
    good = SimpleUploadedFile(
        "v.csv", f"location_id,bed_type,max_capacity,occupied\n{world.home.pk},respite,3,2\n".encode()
    )
    assert "Vacancies saved for 1 service" in text(
        client.post("/capacity/returns/upload/", {"file": good}, follow=True)
    )


def test_council_staff_see_vacancies_in_their_area_only_with_stale_marked_and_a_csv(world, settings):
    a_return(world.home, world.acme_manager, at(2020, 1, 9), beds(capacity=20, occupied=15))
    a_return(world.rochdale_home, world.beta_manager, at(2020, 1, 9), beds(capacity=9, occupied=1))
    client = client_for(world.analyst)
    shown = text(client.get("/capacity/vacancies/"))
    assert "Oak House" in shown and "Birch Lodge" in shown and "Ash Court" not in shown
    assert "Out of date" in shown and "No return" in shown
    download = client.get("/capacity/vacancies/?download=vacancies&format=csv")
    body = download.content.decode()
    assert download["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0].startswith(
        "CQC Location ID,Location Name,Local Authority,Bed Type,Maximum Capacity"
    )
    assert "Oak House" in body and "Ash Court" not in body
    assert "Ash Court" in text(client_for(world.rochdale_commissioner).get("/capacity/vacancies/"))


def test_providers_and_anonymous_visitors_cannot_read_the_vacancy_list(world):
    assert client_for(world.acme_manager).get("/capacity/vacancies/").status_code == 403
    assert Client().get("/capacity/vacancies/").status_code == 302


def test_a_commissioner_records_a_contract_on_the_web(world):
    client = client_for(world.commissioner)
    response = client.post(
        "/capacity/contracts/record/",
        {
            "reference": "OMBC-9",
            "provider_id": world.acme.pk,
            "location_ids": world.home.pk,
            "kind": "spot",
            "service_types": ["Residential homes"],
            "starts_on_day": "1",
            "starts_on_month": "4",
            "starts_on_year": "2026",
            "fee_bed_type": "general_residential",
            "fee": "£812.50",
        },
        follow=True,
    )
    shown = text(response)
    assert "Contract OMBC-9 recorded" in shown and "£812.50 a week" in shown
    assert Contract.objects.get().locations.get() == world.home


def test_a_contract_with_a_bad_provider_shows_the_error_beside_the_field(world):
    response = client_for(world.commissioner).post(
        "/capacity/contracts/record/",
        {
            "reference": "X",
            "provider_id": "1-999",
            "kind": "spot",
            "starts_on_day": "1",
            "starts_on_month": "4",
            "starts_on_year": "2026",
        },
    )
    page = BeautifulSoup(response.content, "html.parser")
    assert (
        "No provider in the CQC register has the ID 1-999"
        in page.select_one("#id_provider_id-error").get_text()
    )


def test_another_council_cannot_see_a_contract_and_a_provider_cannot_list_them(world):
    contract = a_contract(world, at(2026, 11, 1))
    assert client_for(world.analyst).get(f"/capacity/contracts/{contract.pk}/").status_code == 200
    assert (
        client_for(world.rochdale_commissioner).get(f"/capacity/contracts/{contract.pk}/").status_code == 404
    )
    assert (
        client_for(world.rochdale_commissioner)
        .post(f"/capacity/contracts/{contract.pk}/end/", {"reason": "x"})
        .status_code
        == 404
    )
    assert client_for(world.acme_manager).get("/capacity/contracts/").status_code == 403
    assert "OMBC-001" not in text(client_for(world.rochdale_commissioner).get("/capacity/contracts/"))


def test_an_analyst_reads_contracts_but_cannot_record_one(world):
    assert client_for(world.analyst).get("/capacity/contracts/").status_code == 200
    assert client_for(world.analyst).get("/capacity/contracts/record/").status_code == 403


def test_a_contract_file_with_problems_lists_them_by_line(world):
    body = f"reference,provider_id,type,start_date\nA,{world.acme.pk},block,2026-04-01\nB,{world.acme.pk},weekly,2026-04-01\n".encode()
    response = client_for(world.commissioner).post(
        "/capacity/contracts/import/", {"file": SimpleUploadedFile("c.csv", body)}
    )
    shown = text(response)
    assert "nothing was imported" in shown and "3 type Choose block, spot" in shown
    assert not Contract.objects.exists()


def test_ending_a_contract(world):
    contract = a_contract(world, at(2026, 11, 1))
    response = client_for(world.commissioner).post(
        f"/capacity/contracts/{contract.pk}/end/",
        {
            "ends_on_day": "30",
            "ends_on_month": "11",
            "ends_on_year": "2026",
            "reason": "The provider gave notice",
        },
        follow=True,
    )
    assert "Contract OMBC-001 ended" in text(response)


def test_the_menu_offers_the_provider_its_vacancies(world):
    page = BeautifulSoup(client_for(world.acme_manager).get("/capacity/returns/").content, "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in page.select(".govuk-service-navigation__list a")}
    assert links.get("Vacancies") == "/capacity/returns/"


def _queries_for(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_vacancy_and_contract_lists_read_the_same_number_of_queries_however_many_rows(world):
    from tests.monitoring import factories as f

    client = client_for(world.commissioner)
    a_return(world.home, world.acme_manager, at(2026, 11, 1), beds())
    a_contract(world, at(2026, 11, 1))
    few = (_queries_for(client, "/capacity/vacancies/"), _queries_for(client, "/capacity/contracts/"))
    for n in range(5):
        home = f.location(world.oldham, provider=world.acme, name=f"Extra {n}")
        a_return(home, world.acme_manager, at(2026, 11, 1), beds(), beds("respite", 2, 1))
        a_contract(world, at(2026, 11, 1), reference=f"OMBC-X{n}", location_ids=(home.pk,))
    many = (_queries_for(client, "/capacity/vacancies/"), _queries_for(client, "/capacity/contracts/"))
    assert many == few


def test_a_provider_says_it_can_take_bariatric_care_and_the_next_form_remembers(world):
    client = client_for(world.acme_manager)
    client.post(
        update_url(world.home),
        {"general_residential-capacity": "20", "general_residential-occupied": "17", "bariatric": "yes"},
    )
    assert CapacityReturn.objects.get().bariatric is True
    page = BeautifulSoup(client.get(update_url(world.home)).content, "html.parser")
    assert page.find("input", {"name": "bariatric", "value": "yes"}).has_attr("checked")
    response = client.post(
        update_url(world.home),
        {"general_residential-capacity": "20", "general_residential-occupied": "17", "bariatric": "maybe"},
    )
    assert "Select a valid choice" in text(response) and CapacityReturn.objects.count() == 1


def test_figures_saved_before_the_window_opens_say_they_are_not_this_months_return(world):
    """A return saved before the 8th does not count for the month (docs/capacity.md): the page and the
    message after saving say so, so that the provider saves again in the window instead of missing it."""
    a_return(world.home, world.acme_manager, at(2026, 11, 10), beds(capacity=20, occupied=18))
    client = client_for(world.acme_manager)
    with time_machine.travel("2026-12-07 10:00 +00:00", tick=False):
        form = text(client.get(update_url(world.home)))
        response = client.post(
            update_url(world.home),
            {"general_residential-capacity": "20", "general_residential-occupied": "18"},
            follow=True,
        )
    assert "Saving them unchanged counts as this month's return" not in form
    assert "Figures saved before 8 December 2026 do not count as this month's return" in form
    assert (
        "Vacancies for Oak House saved: nothing changed since your last update. This does not count as "
        "December 2026's return: save your figures again between 8 December 2026 and 14 December 2026"
    ) in text(response)
    assert "Not due yet" in text(response)


def test_figures_saved_in_the_window_count_as_this_months_return(world):
    a_return(world.home, world.acme_manager, at(2026, 11, 10), beds(capacity=20, occupied=18))
    with time_machine.travel("2026-12-09 10:00 +00:00", tick=False):
        response = client_for(world.acme_manager).post(
            update_url(world.home),
            {"general_residential-capacity": "20", "general_residential-occupied": "18"},
            follow=True,
        )
    assert (
        "Vacancies for Oak House saved: nothing changed since your last update. This is your December 2026 "
        "return"
    ) in text(response)
    assert "Returned" in text(response)
