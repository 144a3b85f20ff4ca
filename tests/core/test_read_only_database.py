"""A read-only database (a read-only SQLite file, a PostgreSQL standby): the public site and every page
that only reads still work; what must write answers 503 "carewatch is read-only just now", never a 500."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from django.db import OperationalError, connection
from django.db.utils import load_backend
from django.test import Client
from django.urls import reverse

from carewatch.core import token_services
from carewatch.register import services as register_services
from tests.cases import factories as cf
from tests.pages import client_for, h1, page
from tests.register import factories as rf

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
def register(transactional_db):
    records = [
        rf.provider("1-200000001", name="Acme Care Ltd"),
        rf.location("1-100000001", name="Oak Lodge Care Home", postcode="OL8 2BA"),
    ]
    register_services.import_snapshot(reader=rf.reader(records), imported_at=NOW, actor_label="test")


@pytest.fixture
def manager(transactional_db):
    return cf.manager(cf.council())


@pytest.fixture
def staff(manager) -> Client:
    """The manager, signed in (before the database becomes read-only: ask for this fixture first)."""
    return client_for(manager)


@pytest.mark.parametrize(
    "url",
    ["/", "/services/", "/services/?q=oak", "/services/1-100000001/", "/providers/1-200000001/", "/market/"],
)
def test_the_public_site_is_served_from_a_read_only_database(client, register, read_only_database, url):
    assert page(client.get(url)).h1


def test_signed_in_staff_still_read_their_pages(staff, read_only_database):
    assert h1(page(staff.get(reverse("cases:letter_templates")))) == "Letter templates"


def read_only_page(response) -> None:
    soup = page(response, 503)
    assert h1(soup) == "carewatch is read-only just now"


def test_a_change_a_manager_saves_is_refused_with_the_read_only_page(staff, read_only_database):
    url = reverse("cases:letter_template_edit", kwargs={"letter_kind": "suspension"})
    read_only_page(staff.post(url, {"subject": "Suspension", "body": "Dear {{ provider.name }}"}))


def test_signing_in_and_out_are_refused_with_the_read_only_page(manager, staff, read_only_database):
    read_only_page(
        Client().post(reverse("core:sign_in"), {"username": manager.username, "password": "wrong"})
    )
    read_only_page(staff.post(reverse("core:sign_out")))


def test_a_write_after_the_page_has_answered_is_refused_with_the_read_only_page_too(
    manager, read_only_database
):
    # The password-reset link keeps its token in a new session, saved after the view: in the middleware.
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(manager.pk))
    url = reverse("core:password_reset_confirm", args=[uid, default_token_generator.make_token(manager)])
    read_only_page(Client(raise_request_exception=False).get(url))


def test_the_api_answers_a_token_never_used_before_from_a_read_only_database(register, manager, request):
    _, secret = token_services.create_token(user=manager, name="Reports", scope="read", now=NOW)
    request.getfixturevalue("read_only_database")  # after the token is made
    response = Client().get("/api/v1/locations", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200, response.content


@pytest.mark.django_db
def test_a_read_only_sqlite_file_not_in_wal_mode_still_opens_for_reading(tmp_path):
    # A copy restored from a backup is in rollback-journal mode, and turning on WAL is a write: once every
    # new connection did, so a read-only file answered every page with a 500.
    path = tmp_path / "carewatch.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=DELETE")
        db.execute("CREATE TABLE place (name TEXT)")
        db.execute("INSERT INTO place VALUES ('Oak Lodge')")
    db.close()
    # carewatch's SQLite settings when the suite runs on SQLite; on PostgreSQL, the backend alone
    sqlite = connection.vendor == "sqlite"
    engine = connection.settings_dict["ENGINE"] if sqlite else "carewatch.core.sqlite"
    options = dict(connection.settings_dict["OPTIONS"]) if sqlite else {}
    wrapper = load_backend(engine).DatabaseWrapper(
        {**connection.settings_dict, "ENGINE": engine, "NAME": f"file:{path}?mode=ro", "OPTIONS": options},
        alias="read_only_copy",
    )
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT name FROM place")
            assert cursor.fetchall() == [("Oak Lodge",)]
            with pytest.raises(OperationalError, match="readonly database"):
                cursor.execute("INSERT INTO place VALUES ('Willow Court')")
    finally:
        wrapper.close()
