"""A feedback link for people to use: its address as text with a copy button (added by a script file,
never inline), its QR code drawn on the server as SVG, and a poster to print.

Pages are read as a person reads them (BeautifulSoup). Time is frozen on Monday 2 March 2026, 11am.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest
import qrcode
import time_machine
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from carewatch.monitoring import services
from tests.monitoring import factories as f
from tests.monitoring import given
from tests.pages import client_for, h1, page, text

NOW = given.VISITED_AT + timedelta(hours=2)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def link(world):
    return services.create_feedback_link(
        organisation=world.council, actor=world.officer, location=world.home, now=NOW
    )


def address_of(link) -> str:
    return f"http://testserver/feedback/{link.token}/"


def modules(svg: bytes) -> set[tuple[int, int]]:
    """The dark squares of a QR code drawn as one SVG path of unit squares ("M4,4H5V5H4z…")."""
    root = ElementTree.fromstring(svg)
    path = root.find(f"{SVG}path")
    assert path is not None and not root.findall(f".//{SVG}script") and "style" not in path.attrib
    return {(int(x), int(y)) for x, y in re.findall(r"M(\d+),(\d+)H", path.attrib["d"])}


def test_the_link_list_shows_each_address_as_text_with_a_copy_button_a_script_file_turns_on(world, link):
    soup = page(client_for(world.officer).get(reverse("monitoring:link_list")))
    card = soup.select_one(f"#link-card-{link.pk}")
    assert card.select_one(f"#link-{link.pk}").text == address_of(link)
    button = card.select_one("button[type=button][data-copy]")
    assert button["data-copy"] == f"link-{link.pk}" and button.has_attr("hidden")
    assert " ".join(button.text.split()) == "Copy link for Oak House"
    assert card.select_one(f"#link-{link.pk}-status")["role"] == "status"
    scripts = soup.select("script")
    assert all(script.get("src") for script in scripts), "no inline script (the CSP refuses them)"
    assert "/static/carewatch/copy.js" in [script["src"] for script in scripts]
    copy_js = Path(finders.find("carewatch/copy.js")).read_text()
    assert "navigator.clipboard.writeText" in copy_js and "button.hidden = false" in copy_js
    actions = {a.get_text(" ", strip=True): a["href"] for a in card.select(".govuk-summary-card__action a")}
    assert actions["Poster and QR code for Oak House"] == reverse(
        "monitoring:link_poster", kwargs={"link_id": link.pk}
    )


def test_the_qr_code_is_an_svg_drawn_on_the_server_that_encodes_the_public_address(world, link):
    response = client_for(world.officer).get(reverse("monitoring:link_qr_code", kwargs={"link_id": link.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == 'inline; filename="feedback-oak-house.svg"'
    expected = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    expected.add_data(address_of(link))
    matrix = expected.get_matrix()
    dark = {(x, y) for y, row in enumerate(matrix) for x, on in enumerate(row) if on}
    assert modules(response.content) == dark


def test_the_poster_names_the_service_shows_the_qr_code_the_address_and_how_feedback_is_used(world, link):
    soup = page(client_for(world.officer).get(reverse("monitoring:link_poster", kwargs={"link_id": link.pk})))
    assert soup.title.text == "Poster for Oak House – carewatch"
    assert h1(soup) == "Tell us what you think about Oak House"
    poster = soup.select_one("article.carewatch-poster")
    assert poster.select_one(".govuk-caption-l").text == "Oldham Council"
    image = poster.select_one("img.carewatch-poster__qr")
    assert image["src"] == reverse("monitoring:link_qr_code", kwargs={"link_id": link.pk})
    assert image["alt"] == "QR code for the feedback form about Oak House"
    assert poster.select_one("#poster-address").text == address_of(link)
    assert "How we use your feedback" in text(poster)
    assert "We never publish your words or your name." in text(poster)
    stylesheets = [tag["href"] for tag in soup.select("link[rel=stylesheet]")]
    assert "/static/monitoring/feedback.css" in stylesheets
    css = Path(finders.find("monitoring/feedback.css")).read_text()
    printed = css[css.index("@media print") :]
    assert ".govuk-service-navigation" in printed and ".carewatch-poster-tools" in printed
    assert soup.select_one(".carewatch-poster-tools") is not None


def test_another_councils_officer_gets_no_poster_or_qr_code_and_a_stopped_link_has_none(world, link):
    rochdale = f.council("E08000005")
    other = client_for(f.officer(rochdale, name="Rory Rochdale"))
    for name in ("monitoring:link_poster", "monitoring:link_qr_code"):
        assert other.get(reverse(name, kwargs={"link_id": link.pk})).status_code == 404
    assert Client().get(reverse("monitoring:link_poster", kwargs={"link_id": link.pk})).status_code == 302
    services.revoke_feedback_link(link=link, actor=world.officer, now=NOW)
    officer = client_for(world.officer)
    for name in ("monitoring:link_poster", "monitoring:link_qr_code"):
        assert officer.get(reverse(name, kwargs={"link_id": link.pk})).status_code == 404
