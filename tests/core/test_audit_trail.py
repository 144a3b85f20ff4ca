"""The audit trail: append-only in the database, shown as a timeline, exported as CSV, seen only by its writers."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.db import DatabaseError, connection, transaction

from carewatch.core import audit, audit_queries
from carewatch.core.models import AuditEntry
from carewatch.organisations import services
from carewatch.register import services as register_services
from tests import access_helpers as ah

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
def world(db):
    register_services.ensure_reference_data()
    oldham, rochdale = ah.council(code="E08000004"), ah.council(code="E08000005")
    icb = ah.icb(code="E54000057")
    oldham.partners.add(icb)
    w = SimpleNamespace(
        oldham=oldham,
        rochdale=rochdale,
        icb=icb,
        oldham_admin=ah.person(oldham, "org_admin", username="oldham-admin"),
        oldham_manager=ah.person(oldham, "qa_manager", username="oldham-manager"),
        oldham_officer=ah.person(oldham, "qa_officer", username="oldham-officer"),
        rochdale_admin=ah.person(rochdale, "org_admin", username="rochdale-admin"),
        icb_analyst=ah.person(icb, "analyst", username="icb-analyst"),
        system_admin=ah.system_admin(),
    )
    w.person = services.add_person(
        actor=w.oldham_admin,
        now=NOW - timedelta(days=2),
        organisation=oldham,
        username="jo",
        first_name="Jo",
        last_name="Bloggs",
        email="jo@example.org",
        roles=["qa_officer"],
        site_domain="testserver",
        use_https=False,
    )
    services.change_roles(
        actor=w.oldham_admin, now=NOW - timedelta(days=1), person=w.person, roles=["qa_manager"]
    )
    services.deactivate_person(actor=w.oldham_admin, now=NOW, person=w.person)
    w.rochdale_person = services.add_person(
        actor=w.rochdale_admin,
        now=NOW,
        organisation=rochdale,
        username="sam",
        first_name="Sam",
        last_name="Smith",
        email="sam@example.org",
        roles=["analyst"],
        site_domain="testserver",
        use_https=False,
    )
    return w


def an_entry() -> AuditEntry:
    return audit.record(
        at=NOW, actor_label="test", action="test.done", object_type="thing", object_id="1", after={"a": 1}
    )


# --- append-only ------------------------------------------------------------------------------


def test_the_database_refuses_to_update_an_audit_entry(db):
    entry = an_entry()
    with pytest.raises(PermissionError, match="append-only"):
        AuditEntry.objects.filter(pk=entry.pk).update(action="test.undone")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditentry SET actor_label = 'someone else' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert (entry.action, entry.actor_label) == ("test.done", "test")


def test_the_application_refuses_to_change_or_delete_an_audit_entry(db):
    entry = an_entry()
    entry.action = "test.undone"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.done"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite keeps deletes possible so test databases can be flushed"
)
def test_postgresql_refuses_to_delete_an_audit_entry_even_in_bulk(db):
    entry = an_entry()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


# --- who sees what ----------------------------------------------------------------------------


def test_a_timeline_shows_the_writing_organisations_entries_newest_first_with_what_changed(world):
    timeline = audit_queries.timeline_for("user", world.person.pk, visible_to=world.oldham_officer)

    assert [e.label for e in timeline] == ["Deactivated", "Roles changed", "Person added"]
    assert [(c.field, c.before, c.after) for c in timeline[0].changes] == [("Active", "Yes", "No")]
    assert [(c.field, c.before, c.after) for c in timeline[1].changes] == [
        ("Roles", "QA officer", "QA manager")
    ]
    added = {c.field: c.after for c in timeline[2].changes}
    assert added["Username"] == "jo" and added["Roles"] == "QA officer"
    assert timeline[2].actor.startswith("Oldham Tester")
    assert timeline[2].organisation == "Oldham Council"


def test_other_organisations_and_partners_do_not_see_an_organisations_audit_entries(world):
    assert audit_queries.timeline_for("user", world.person.pk, visible_to=world.rochdale_admin) == []
    assert audit_queries.timeline_for("user", world.person.pk, visible_to=world.icb_analyst) == []
    assert len(audit_queries.timeline_for("user", world.person.pk, visible_to=world.system_admin)) == 3


def test_timelines_for_many_records_come_from_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        timelines = audit_queries.timelines_for(
            "user", [world.person.pk, world.rochdale_person.pk, 999], visible_to=world.oldham_admin
        )
    assert [len(t) for t in timelines.values()] == [3, 0, 0]


# --- pages and exports --------------------------------------------------------------------------


def test_the_audit_page_shows_the_timeline_to_the_writing_organisation(world, client):
    ah.sign_in(client, world.oldham_officer)
    response = client.get(f"/audit/user/{world.person.pk}/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.title.text == f"Audit trail: user {world.person.pk} – carewatch"
    assert [item.p.text for item in soup.select(".carewatch-timeline__item")] == [
        "Deactivated",
        "Roles changed",
        "Person added",
    ]
    when = soup.select_one(".carewatch-timeline__item time")
    assert when["datetime"] == "2026-11-22T12:00:00+00:00" and when.text == "22 November 2026, 12:00"


@pytest.mark.parametrize("who", ["rochdale_admin", "icb_analyst"])
def test_the_audit_page_and_its_csv_are_not_found_for_other_organisations(world, client, who):
    ah.sign_in(client, getattr(world, who))
    assert client.get(f"/audit/user/{world.person.pk}/").status_code == 404
    assert client.get(f"/audit/user/{world.person.pk}.csv").status_code == 404


def rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_a_records_audit_trail_downloads_as_csv(world, client):
    ah.sign_in(client, world.oldham_officer)
    response = client.get(f"/audit/user/{world.person.pk}.csv")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="carewatch-audit-user-{world.person.pk}.csv"'
    )
    entries = rows(response)
    assert list(entries[0]) == [
        "at",
        "actor",
        "organisation",
        "action",
        "object type",
        "object id",
        "before",
        "after",
    ]
    assert [e["action"] for e in entries] == ["user.created", "user.roles_changed", "user.deactivated"]
    changed = entries[1]
    assert changed["organisation"] == "Oldham Council"
    assert (changed["object type"], changed["object id"]) == ("user", str(world.person.pk))
    assert json.loads(changed["before"]) == {"roles": ["qa_officer"]}
    assert json.loads(changed["after"]) == {"roles": ["qa_manager"]}
    assert entries[0]["before"] == ""


def test_an_organisations_entries_export_between_two_dates(world, client):
    ah.sign_in(client, world.oldham_manager)
    entries = rows(client.get("/audit/export.csv?from=2026-11-21&to=2026-11-22"))
    assert [(e["action"], e["organisation"]) for e in entries] == [
        ("user.roles_changed", "Oldham Council"),
        ("user.deactivated", "Oldham Council"),
    ]  # not the day before, and never Rochdale's


def test_a_system_administrator_exports_everyones_entries(world, client):
    ah.sign_in(client, world.system_admin)
    actions = [e["action"] for e in rows(client.get("/audit/export.csv?from=2026-11-22&to=2026-11-22"))]
    assert actions == ["user.deactivated", "user.created"]


def test_the_export_refuses_dates_it_cannot_read(world, client):
    ah.sign_in(client, world.oldham_admin)
    assert client.get("/audit/export.csv?from=22/11/2026").status_code == 400
    assert client.get("/audit/export.csv?from=2026-11-23&to=2026-11-22").status_code == 400


@pytest.mark.parametrize(
    "query, problem",
    [
        ("to=9999-12-31", "The end date must be between 1 January 2010 and 31 December 2099"),
        ("from=0001-01-01", "The start date must be between 1 January 2010 and 31 December 2099"),
        ("from=2009-12-31&to=2100-01-01", "The start date must be between"),
    ],
)
def test_the_export_names_a_date_outside_the_supported_range(world, client, query, problem):
    ah.sign_in(client, world.oldham_admin)
    response = client.get(f"/audit/export.csv?{query}")
    assert response.status_code == 400
    assert problem in response.content.decode()


def test_only_administrators_and_qa_managers_export_the_organisations_audit_trail(world, client):
    ah.sign_in(client, world.oldham_officer)
    assert client.get("/audit/export.csv").status_code == 403
    assert client.get("/audit/export/").status_code == 403
    ah.sign_in(client, world.oldham_admin)
    soup = BeautifulSoup(client.get("/audit/export/").content, "html.parser")
    assert soup.h1.text == "Download the audit trail"
    assert soup.select_one("main form")["action"] == "/audit/export.csv"
