"""Tokens in the API: public data needs none, /me needs one, read tokens cannot change anything."""

import json

import pytest
from ninja import NinjaAPI
from ninja.testing import TestClient

from carewatch.api import auth, errors
from carewatch.core import token_services
from carewatch.core.models import ApiToken
from tests.api.conftest import NOW, bearer
from tests.core.signing_in import sign_in_verified

RATE = {"framework": "local-authority", "scores": [2, 3, 3, 3, 3, 2, 2, 3, 3]}


def test_me_says_who_the_token_belongs_to(client, analyst, read_token):
    response = client.get("/api/v1/me", **bearer(read_token))
    assert response.status_code == 200, response.content
    assert response.json() == {
        "username": "ana",
        "name": "Ana Lyst",
        "organisation": {"id": analyst.organisation_id, "name": "National quality team", "kind": "national"},
        "roles": ["analyst"],
        "scope": "read",
        "token": {"name": "Reports", "prefix": token_services.parse(read_token)},
    }


def test_me_without_a_token_is_refused_in_the_error_shape(client, db):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_signed_in_session_is_not_an_api_identity(client, analyst):
    sign_in_verified(client, analyst)
    assert client.get("/api/v1/me").status_code == 401


@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/market"])
def test_a_revoked_token_is_refused_even_for_public_data(client, analyst, read_token, path):
    token_services.revoke_token(token=ApiToken.objects.get(), by=analyst, now=NOW)
    response = client.get(path, **bearer(read_token))
    assert response.status_code == 401
    assert response.json()["error"] == {
        "code": "invalid_token",
        "message": "The token is unknown or has been revoked.",
        "field": "Authorization",
    }


@pytest.mark.parametrize("header", ["Bearer cw_0000000000_unknown", "Bearer ", "Token abc", "Basic YTpi"])
def test_an_unknown_or_garbled_token_is_refused_not_treated_as_anonymous(client, db, header):
    response = client.get("/api/v1/market", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"


def test_public_data_needs_no_token_and_accepts_any_valid_one(client, read_token, write_token):
    assert client.get("/api/v1/market").status_code == 200
    assert client.get("/api/v1/market", **bearer(read_token)).status_code == 200
    assert client.get("/api/v1/market", **bearer(write_token)).status_code == 200


def test_using_a_token_records_when_it_was_last_used(client, read_token):
    client.get("/api/v1/market", **bearer(read_token))
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize("token", [None, "read", "write"])
def test_rate_writes_nothing_so_anyone_may_post_to_it(client, read_token, write_token, token):
    headers = bearer({"read": read_token, "write": write_token}[token]) if token else {}
    response = client.post("/api/v1/rate", json.dumps(RATE), content_type="application/json", **headers)
    assert response.status_code == 200, response.content


@pytest.fixture
def writing_api():
    """A stand-in for a later endpoint that changes data: declared like the real ones."""
    api = NinjaAPI(urls_namespace="scope-test")
    errors.install(api)

    @api.post("/visits", **auth.anyone())
    def record_visit(request):
        return {"recorded_by": auth.user_of(request).get_username()}

    @api.get("/visits", **auth.token_needed())
    def list_visits(request):
        return {"user": auth.user_of(request).get_username()}

    return TestClient(api)


def test_a_read_token_cannot_change_anything(writing_api, read_token):
    response = writing_api.post("/visits", headers={"Authorization": f"Bearer {read_token}"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "insufficient_scope"


def test_a_write_token_may_change_things_as_its_owner(writing_api, write_token):
    response = writing_api.post("/visits", headers={"Authorization": f"Bearer {write_token}"})
    assert response.status_code == 200
    assert response.json() == {"recorded_by": "ana"}


def test_the_caller_is_anonymous_without_a_token(writing_api, db):
    assert writing_api.post("/visits").json() == {"recorded_by": ""}


def test_the_openapi_document_says_which_endpoints_take_or_need_a_token(client, db):
    document = client.get("/api/v1/openapi.json").json()
    scheme = document["components"]["securitySchemes"]["TokenAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert document["paths"]["/api/v1/me"]["get"]["security"] == [{"TokenAuth": []}]
    assert document["paths"]["/api/v1/locations"]["get"]["security"] == [{"TokenAuth": []}, {}]
    assert document["paths"]["/api/v1/rate"]["post"]["security"] == [{"TokenAuth": []}, {}]


def test_every_api_url_declares_its_access_rule():
    from django.urls import get_resolver

    from carewatch.core.access import rule_of

    api_patterns = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/v1/").url_patterns
    rules = {p.name: rule_of(p.callback) for p in api_patterns}
    assert all(rules.values()), rules
    assert rules["me"].kind == "signed_in"
    assert rules["list_locations"].kind == rules["rate"].kind == rules["openapi-view"].kind == "public"
