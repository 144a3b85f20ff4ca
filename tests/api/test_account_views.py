"""What a signed-in person sees when managing their API tokens."""

import pytest
from bs4 import BeautifulSoup
from django.urls import resolve, reverse

from carewatch.core import token_services
from carewatch.core.access import rule_of
from carewatch.core.models import ApiToken, AuditEntry
from tests.api.conftest import NOW, bearer
from tests.core.signing_in import sign_in_verified

LIST = "/account/api-tokens/"
NEW = "/account/api-tokens/new/"


def page(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    soup = BeautifulSoup(response.content, "html.parser")
    h1 = soup.find_all("h1")
    assert len(h1) == 1
    assert soup.title.text.strip() == f"{h1[0].text.strip()} – carewatch"
    for field in soup.select("input:not([type=hidden]), select, textarea"):
        assert soup.find("label", attrs={"for": field.get("id")}), f"unlabelled field {field}"
    for form in soup.select("form[method=post]"):
        assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    return soup


@pytest.fixture
def signed_in(client, analyst):
    sign_in_verified(client, analyst)
    return client


def test_every_token_page_declares_that_it_needs_a_signed_in_person():
    for name in ("token_list", "token_create"):
        assert rule_of(resolve(reverse(f"api_tokens:{name}")).func).kind == "signed_in"
    assert rule_of(resolve(reverse("api_tokens:token_revoke", args=[1])).func).kind == "signed_in"


def test_someone_not_signed_in_is_sent_to_sign_in(client, db):
    response = client.get(LIST)
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_a_person_with_no_tokens_is_told_so(signed_in):
    soup = page(signed_in.get(LIST))
    assert soup.h1.text == "API tokens"
    assert "You have no API tokens." in soup.text
    assert soup.find("a", string="Create an API token")["href"] == NEW


def test_a_person_creates_a_token_and_sees_its_secret_once(signed_in, analyst):
    form = page(signed_in.get(NEW))
    assert {i["value"] for i in form.select("input[name=scope]")} == {"read", "write"}

    response = signed_in.post(NEW, {"name": "Weekly report", "scope": "read"})
    soup = page(response)
    assert soup.h1.text == "Your new API token"
    assert "no-store" in response["Cache-Control"]
    secret = soup.find(id="api-token").text.strip()
    assert token_services.authenticate_token(secret, now=NOW).user == analyst
    assert signed_in.get("/api/v1/me", **bearer(secret)).json()["username"] == "ana"

    listing = signed_in.get(LIST)
    assert secret not in listing.content.decode()
    row = page(listing).find("th", string="Weekly report").parent
    cells = [td.text.strip() for td in row.find_all("td")]
    assert cells[0] == f"cw_{token_services.parse(secret)}_…"
    assert cells[1] == "Read only" and "Active" in cells[4]
    assert cells[3] != "Never"  # used just now, to ask who it belongs to


def test_a_token_needs_a_name_and_a_scope(signed_in):
    soup = page(signed_in.post(NEW, {"name": "  "}))
    summary = [a.text for a in soup.select(".govuk-error-summary__list a")]
    assert summary == ["Enter a name for the token", "Select what the token may do"]
    assert soup.select_one(".govuk-error-summary__list a")["href"] == "#id_name"
    assert not ApiToken.objects.exists()


def test_a_person_revokes_their_token_after_confirming(signed_in, analyst, read_token):
    token = ApiToken.objects.get()
    url = reverse("api_tokens:token_revoke", args=[token.pk])
    confirm = page(signed_in.get(url))
    assert confirm.h1.text == "Revoke the token “Reports”?"
    assert ApiToken.objects.get().revoked_at is None

    response = signed_in.post(url, follow=True)
    soup = page(response)
    assert "The token “Reports” has been revoked." in soup.text
    row = soup.find("th", string="Reports").parent
    assert "Revoked" in row.text and row.find_all("td")[3].text.strip() == "Never"
    assert AuditEntry.objects.filter(action="api.token_revoked", actor=analyst).count() == 1
    assert signed_in.get("/api/v1/me", **bearer(read_token)).status_code == 401


def test_nobody_sees_or_revokes_another_persons_token(client, someone_else, read_token):
    sign_in_verified(client, someone_else)
    url = reverse("api_tokens:token_revoke", args=[ApiToken.objects.get().pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert ApiToken.objects.get().revoked_at is None
    assert "Reports" not in client.get(LIST).content.decode()
