"""The shortlist: kept in the visitor's session, changed by POSTs with a CSRF token, shared as a link."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from carewatch.public.views import choose
from tests.cases import factories as f
from tests.pages import page, text

pytestmark = pytest.mark.django_db
SHORTLIST = "/shortlist/"


def add(client, location, **extra):
    return client.post(SHORTLIST, {"action": "add", "id": location.pk, **extra})


def names(soup) -> list[str]:
    return [text(heading) for heading in soup.select("#shortlist h2")]


def test_the_address_is_the_one_the_pages_link_to():
    assert reverse("public:shortlist") == SHORTLIST


def test_services_added_stay_on_the_shortlist_in_order_and_can_be_removed():
    oak, birch = f.location(name="Oak House"), f.location(name="Birch Lodge")
    client = Client()
    response = add(client, oak)
    assert response.status_code == 302 and response["Location"] == SHORTLIST
    client.get(SHORTLIST)  # shows (and so clears) the first message
    soup = page(client.post(SHORTLIST, {"action": "add", "id": birch.pk}, follow=True))
    assert names(soup) == ["Oak House", "Birch Lodge"]
    assert text(soup.select_one(".govuk-notification-banner")) == "Success Birch Lodge is on your shortlist."

    client.post(SHORTLIST, {"action": "remove", "id": oak.pk})
    assert names(page(client.get(SHORTLIST))) == ["Birch Lodge"]


def test_adding_takes_you_back_to_the_page_you_were_on_but_never_to_another_site():
    oak = f.location(name="Oak House")
    here = reverse("public:location_detail", kwargs={"location_id": oak.pk})
    assert add(Client(), oak, next=here)["Location"] == here
    assert add(Client(), oak, next="https://evil.example/")["Location"] == SHORTLIST


def test_the_shortlist_is_protected_against_cross_site_requests():
    oak = f.location(name="Oak House")
    client = Client(enforce_csrf_checks=True)
    assert add(client, oak).status_code == 403
    assert page(client.get(SHORTLIST)).select_one("#shortlist") is None


def test_the_shortlist_holds_at_most_ten_services():
    client = Client()
    homes = [f.location(name=f"Home {number:02d}") for number in range(11)]
    for home in homes:
        add(client, home)
    soup = page(client.get(SHORTLIST))
    assert len(names(soup)) == choose.MOST_ON_SHORTLIST
    assert "Your shortlist is full" in text(soup)
    assert "Home 10" not in names(soup)


def test_an_unknown_or_malformed_id_changes_nothing_and_says_why():
    client = Client()
    response = client.post(SHORTLIST, {"action": "add", "id": "1-999999999"}, follow=True)
    assert response.status_code == 200
    assert "There is no service with CQC ID 1-999999999" in text(page(response))
    response = client.post(SHORTLIST, {"action": "add", "id": "<script>"}, follow=True)
    assert "Choose a service to add" in text(page(response))
    assert client.session.get(choose.SESSION_KEY, []) == []


def test_the_share_link_shows_the_same_list_without_the_session():
    oak, birch = f.location(name="Oak House"), f.location(name="Birch Lodge")
    client = Client()
    add(client, oak)
    add(client, birch)
    link = page(client.get(SHORTLIST)).select_one("#share-link")["href"]
    assert link.endswith(f"/shortlist/?id={oak.pk}&id={birch.pk}")

    shared = page(Client().get(link.removeprefix("http://testserver")))
    assert names(shared) == ["Oak House", "Birch Lodge"]
    assert "Shared shortlist" in text(shared.h1)


def test_a_shared_link_names_the_ids_it_cannot_find_and_shows_the_rest():
    oak = f.location(name="Oak House")
    soup = page(Client().get(SHORTLIST, {"id": [oak.pk, "1-999999999", "not an id!"]}))
    assert names(soup) == ["Oak House"]
    unknown = text(soup.select_one("#unknown-ids"))
    assert "1-999999999" in unknown and "not an id!" in unknown


def test_a_shared_link_can_be_kept_as_your_own_shortlist():
    oak, birch = f.location(name="Oak House"), f.location(name="Birch Lodge")
    client = Client()
    client.post(SHORTLIST, {"action": "save-shared", "ids": [oak.pk, "1-999999999", birch.pk]})
    assert names(page(client.get(SHORTLIST))) == ["Oak House", "Birch Lodge"]


def test_keeping_a_shared_link_of_one_service_says_1_service():
    oak = f.location(name="Oak House")
    soup = page(Client().post(SHORTLIST, {"action": "save-shared", "ids": [oak.pk]}, follow=True))
    assert text(soup.select_one(".govuk-notification-banner")) == "Success Your shortlist now has 1 service."


def test_compare_these_takes_up_to_four_from_the_shortlist():
    client = Client()
    homes = [f.location(name=f"Home {number}") for number in range(5)]
    for home in homes:
        add(client, home)
    soup = page(client.get(SHORTLIST))
    link = soup.select_one("#compare-link")["href"]
    compared = page(client.get(link))
    assert [text(th) for th in compared.select("#comparison thead th")] == [
        f"Home {number}" for number in range(4)
    ]
    assert len(soup.select('input[name="id"][type="checkbox"]')) == 5  # or choose which four


def test_one_service_cannot_be_compared_yet():
    client = Client()
    add(client, f.location(name="Oak House"))
    soup = page(client.get(SHORTLIST))
    assert soup.select_one("#compare-link") is None
    assert "Add one more service" in text(soup)


def test_every_page_links_the_guidance_the_shortlist_and_open_data_from_its_footer():
    footer = page(Client().get("/")).select_one("footer")
    links = {a["href"] for a in footer.select("a")}
    assert {reverse("public:questions_to_ask"), SHORTLIST, reverse("public:open_data")} <= links


def test_a_shared_link_naming_more_than_ten_shows_the_first_ten_and_says_so():
    homes = [f.location(name=f"Home {number:02d}") for number in range(12)]
    soup = page(Client().get(SHORTLIST, {"id": [home.pk for home in homes]}))
    assert names(soup) == [f"Home {number:02d}" for number in range(10)]
    assert "We show the first 10" in text(soup.select_one("#too-long"))
