"""A service's public page: the council's published quality check, how to get in touch with the service,
and a way to tell the council what it is like."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from carewatch.core.models import Organisation
from carewatch.monitoring import services
from carewatch.register.models import Location
from tests.monitoring import given
from tests.monitoring.conftest import world  # noqa: F401 - Oldham council, Acme Care and Oak House
from tests.pages import h1, page, text

NOW = given.VISITED_AT + timedelta(days=10)


def location_page(location):
    return page(Client().get(reverse("public:location_detail", kwargs={"location_id": location.pk})))


def test_a_published_quality_check_shows_its_summary_date_and_council(world):  # noqa: F811
    given.published(world, "Requires improvement")

    section = location_page(world.home).select_one("#council-quality-check")
    assert section is not None, "no council quality check on the page"
    words = text(section)
    assert "The home needs to improve its medicines." in words
    assert "Oldham Council" in words
    assert "2 March 2026" in words  # the visit
    assert "5 March 2026" in words  # published
    assert "Requires improvement" in words


def test_a_draft_report_is_not_shown_to_the_public(world):  # noqa: F811
    given.sent(world, "Poor")
    soup = location_page(world.home)
    assert soup.select_one("#council-quality-check") is None
    assert "medicines" not in text(soup)


def test_the_page_shows_the_services_phone_number_and_website(world):  # noqa: F811
    Location.objects.filter(pk=world.home.pk).update(phone="0161 555 0123", website="www.oakhouse.example")
    facts = location_page(world.home).select_one("#contact")  # near the top, once
    assert "0161 555 0123" in text(facts)
    assert facts.find("a", href="tel:01615550123")
    website = facts.find("a", string="www.oakhouse.example")
    assert website["href"] == "https://www.oakhouse.example"


def test_a_website_that_is_not_a_web_address_is_not_made_a_link(world):  # noqa: F811
    Location.objects.filter(pk=world.home.pk).update(website="javascript:alert(1)")
    facts = location_page(world.home).select_one("#contact")
    assert not facts.find("a", href=lambda href: href and href.startswith("javascript"))


def test_the_public_reach_the_feedback_form_from_the_services_page(world):  # noqa: F811
    assert location_page(world.home).find("a", string="Tell the council what this service is like") is None

    link = services.create_feedback_link(
        organisation=world.council, actor=world.officer, location=world.home, now=NOW
    )
    soup = location_page(world.home)
    give = soup.find("a", string="Tell the council what this service is like")
    assert give["href"] == reverse("public:feedback_give", kwargs={"feedback_token": link.token})

    form = page(Client().get(give["href"]))
    assert h1(form) == "Give feedback about Oak House"


@pytest.mark.parametrize("easy_read", [False, True])
def test_the_thank_you_page_says_how_to_contact_the_council(world, easy_read):  # noqa: F811
    link = services.create_feedback_link(
        organisation=world.council, actor=world.officer, location=world.home, now=NOW
    )
    url = reverse("public:feedback_given", kwargs={"feedback_token": link.token})
    soup = page(Client().get(f"{url}?version=easy-read" if easy_read else url))
    contact = soup.select_one("#contact-the-council")
    assert contact is not None
    assert "Oldham Council" in text(contact)
    assert contact.find(
        "a", href=lambda href: href and href.startswith("https://www.gov.uk/find-local-council")
    )


def test_the_thank_you_page_gives_the_phone_and_email_the_council_set(world):  # noqa: F811
    Organisation.objects.filter(pk=world.council.pk).update(
        public_phone="0161 770 7777", public_email="adultcare@oldham.gov.uk"
    )
    link = services.create_feedback_link(
        organisation=world.council, actor=world.officer, location=world.home, now=NOW
    )
    url = reverse("public:feedback_given", kwargs={"feedback_token": link.token})
    for version in ("", "?version=easy-read"):
        contact = page(Client().get(url + version)).select_one("#contact-the-council")
        assert contact.find("a", href="tel:01617707777").text == "0161 770 7777"
        assert contact.find("a", href="mailto:adultcare@oldham.gov.uk")
        assert not contact.find("a", href=lambda href: href and "gov.uk/find-local-council" in href)
