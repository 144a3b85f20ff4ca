"""PostgreSQL restarting: people get a GOV.UK "service unavailable" page (503, Retry-After), not a 500."""

from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client


def test_a_page_whose_database_is_unreachable_says_the_service_is_unavailable(db, monkeypatch):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a" * 32  # the session must be read: the database is asked

    def unreachable(self):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    monkeypatch.setattr(SessionStore, "load", unreachable)
    response = client.get("/services/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.content.decode()
    assert "Sorry, the service is unavailable" in body and "govuk-heading-l" in body
    assert "5432" not in body
    assert len(response["X-Request-ID"]) == 32


def test_other_errors_stay_server_errors(db, monkeypatch):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a" * 32

    def broken(self):
        raise ValueError("a bug")

    monkeypatch.setattr(SessionStore, "load", broken)
    assert client.get("/services/").status_code == 500


def test_the_api_answers_503_in_its_error_shape_when_the_database_is_unreachable(db, monkeypatch):
    from carewatch.register import models

    def unreachable(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(models.Location.objects, "get_queryset", unreachable)
    response = Client(raise_request_exception=False).get("/api/v1/locations")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "unavailable"
    assert "server closed" not in response.content.decode()
