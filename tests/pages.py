"""Pages as a person sees them, for the view tests of every app.

``page(response)`` checks what every carewatch page must be (titled "… – carewatch", one h1, every
field labelled, every form that posts protected against CSRF) and returns the parsed page;
``client_for(user)`` is a browser session of a person signed in with both factors.
"""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.test import Client

from tests.core.signing_in import sign_in_verified


def client_for(user) -> Client:
    client = Client()
    sign_in_verified(client, user)
    return client


def page(response, status: int = 200) -> BeautifulSoup:
    """A page as a person sees it: titled, one h1, every field labelled, every post form protected."""
    assert response.status_code == status, response.status_code
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.title and soup.title.text.strip().endswith("– carewatch")
    assert len(soup.find_all("h1")) == 1
    for field in soup.select("input:not([type=hidden]), select, textarea"):
        assert soup.find("label", attrs={"for": field.get("id")}), f"unlabelled field {field}"
    for form in soup.find_all("form", method="post"):
        assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}), "form without a CSRF token"
    return soup


def h1(soup) -> str:
    return " ".join(soup.h1.text.split())


def text(soup) -> str:
    return " ".join(soup.get_text(" ").split())
