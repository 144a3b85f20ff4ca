"""Pages that are not there, and pages a person may not open, are GOV.UK pages with a way on."""

from tests.monitoring import factories as f
from tests.pages import client_for, h1, page, text


def test_a_page_that_does_not_exist_is_a_govuk_page_with_a_way_on(client, db):
    soup = page(client.get("/no-such-page/"), status=404)
    assert h1(soup) == "Page not found"
    assert soup.title.text.strip() == "Page not found – carewatch"
    assert soup.select_one(".govuk-service-navigation")  # the header and menu
    assert "If you typed the web address, check it is correct." in text(soup)
    links = {a.text: a["href"] for a in soup.select("main a")}
    assert links["Find a care service"] == "/services/"
    assert links["Go to the home page"] == "/"


def test_a_service_that_is_not_on_the_register_is_a_govuk_page(client, db):
    soup = page(client.get("/services/1-999999999/"), status=404)
    assert h1(soup) == "Page not found"


def test_a_page_the_person_may_not_open_says_why_and_where_to_go(db):
    council = f.council()
    nobody = f.person(council, name="Nora Noroles")  # signed in, with no role
    soup = page(client_for(nobody).get("/monitoring/visits/"), status=403)
    assert h1(soup) == "You cannot open this page"
    assert soup.title.text.strip() == "You cannot open this page – carewatch"
    words = text(soup)
    assert "Your role does not allow this page." in words
    assert "ask your organisation's administrator" in words
    assert soup.find("a", string="Go to the home page")["href"] == "/"
    assert "Sign out (" in words  # the header knows who they are


def test_a_form_sent_without_its_security_token_is_a_govuk_page_that_says_what_to_do(db):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    soup = page(browser.post("/sign-in/", {"username": "x", "password": "y"}), status=403)
    assert h1(soup) == "Your form could not be sent"
    assert soup.title.text.strip() == "Your form could not be sent – carewatch"
    words = text(soup)
    assert "Go back to the page, refresh it and send the form again." in words
    assert "cookies" in words
    assert soup.find("a", string="Go to the home page")["href"] == "/"
