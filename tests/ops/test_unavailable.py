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
