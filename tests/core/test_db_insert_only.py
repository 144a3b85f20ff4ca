"""The database refuses to rewrite history: every insert-only table has its trigger (carewatch.core.db).

PostgreSQL refuses UPDATE and DELETE of any row; SQLite refuses UPDATE and lets DELETE through so that
test databases can be flushed (the models refuse deletes themselves).
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.writer import OperationWriter

from carewatch.core.db import InsertOnlyTrigger
from carewatch.monitoring import services as monitoring
from tests.cases import given as cases_given
from tests.monitoring import factories as f
from tests.monitoring import given

# Every table whose rows are history, and the words its refusal uses.
HISTORY_TABLES = {
    "core_auditentry": "audit entries are append-only",
    "cases_casestatus": "case status rows are insert-only",
    "monitoring_frameworkversion": "monitoring_frameworkversion rows are insert-only",
    "monitoring_question": "monitoring_question rows are insert-only",
    "monitoring_visitstatus": "monitoring_visitstatus rows are insert-only",
    "monitoring_providercomment": "monitoring_providercomment rows are insert-only",
    "monitoring_disputereview": "monitoring_disputereview rows are insert-only",
    "monitoring_feedbackmoderation": "monitoring_feedbackmoderation rows are insert-only",
    "monitoring_actionplanstatus": "monitoring_actionplanstatus rows are insert-only",
    "monitoring_actionupdate": "monitoring_actionupdate rows are insert-only",
}
# History tables whose refusals their own apps' tests exercise (tests/capacity/test_returns.py::
# test_returns_are_insert_only, tests/planning/test_weights.py); here: the trigger is in the migrations
# and in the test database.
HISTORY_TABLES_TESTED_IN_THEIR_APPS = {
    "capacity_bedreturn": "capacity returns are insert-only",
    "capacity_capacityreturn": "capacity returns are insert-only",
    "monitoring_evidencefile": "monitoring_evidencefile rows are insert-only",
    "planning_weightsversion": "risk weights versions are insert-only",
    "planning_policyversion": "visit policy versions are insert-only",
    "planning_officercapacity": "officer capacity rows are insert-only",
    "recognition_qualitymarkletter": "quality mark letters are insert-only",
}
EVERY_HISTORY_TABLE = {**HISTORY_TABLES, **HISTORY_TABLES_TESTED_IN_THEIR_APPS}
POSTGRESQL = connection.vendor == "postgresql"
SQLITE = connection.vendor == "sqlite"


def _triggers_in_migrations() -> dict[str, InsertOnlyTrigger]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {
        op.table: op
        for migration in loader.disk_migrations.values()
        for op in migration.operations
        if isinstance(op, InsertOnlyTrigger)
    }


def _triggers_in_database() -> dict[str, set[tuple[str, str]]]:
    """table → {(trigger name, what it fires on)}."""
    found: dict[str, set[tuple[str, str]]] = {}
    with connection.cursor() as cursor:
        if POSTGRESQL:
            cursor.execute(
                "SELECT c.relname, t.tgname, t.tgtype FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE NOT t.tgisinternal"
            )
            for table, name, tgtype in cursor.fetchall():
                # tgtype bits: 1 row, 2 before, 4 insert, 8 delete, 16 update.
                events = [
                    word
                    for bit, word in ((1, "row"), (2, "before"), (8, "delete"), (16, "update"))
                    if tgtype & bit
                ]
                found.setdefault(table, set()).add((name, " ".join(events)))
        else:
            cursor.execute("SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger'")
            for table, name, sql in cursor.fetchall():
                events = "before update" if "BEFORE UPDATE ON" in sql.upper() else sql
                found.setdefault(table, set()).add((name, events))
    return found


def test_every_history_table_has_one_insert_only_trigger_in_the_migrations():
    operations = _triggers_in_migrations()
    assert {table: op.message for table, op in operations.items()} == EVERY_HISTORY_TABLE


@pytest.mark.django_db
@pytest.mark.skipif(not (POSTGRESQL or SQLITE), reason="triggers exist on PostgreSQL and SQLite only")
def test_the_test_database_has_every_trigger_the_migrations_create():
    expected = "row before delete update" if POSTGRESQL else "before update"
    found = _triggers_in_database()
    assert {table: found.get(table) for table in EVERY_HISTORY_TABLE} == {
        table: {(f"{table}_insert_only", expected)} for table in EVERY_HISTORY_TABLE
    }


def test_the_operation_can_be_written_into_a_migration():
    text, imports = OperationWriter(
        InsertOnlyTrigger(table="cases_casestatus", message="no"), indentation=0
    ).serialize()
    assert "carewatch.core.db.InsertOnlyTrigger(" in text and "import carewatch.core.db" in imports
    assert InsertOnlyTrigger(table="t").deconstruct() == ("InsertOnlyTrigger", [], {"table": "t"})


# --- behaviour: one row in every history table, then try to change it -----------------------------


@pytest.fixture
def history(db):
    """A row in every history table, written through the services as people would."""
    monitoring.install_defaults(now=f.at(2026, 1, 5))  # frameworks and questions (a no-op after migrating)
    council = f.council()
    acme = f.provider("Acme Care Ltd")
    world = SimpleNamespace(
        council=council,
        officer=f.officer(council),
        manager=f.manager(council),  # a QA manager who did not visit: reviews the dispute, opens the case
        acme=acme,
        home=f.location(council, provider=acme, name="Oak House"),
        acme_manager=f.provider_user(acme),
    )
    now = given.VISITED_AT
    visit = given.sent(world, "Requires improvement", findings=1)  # visit statuses, audit entries
    monitoring.add_provider_comment(
        visit=visit,
        actor=world.acme_manager,
        response="disputed",
        question="CH-13",
        text="Our MAR audit shows no gaps on those dates",
        now=now + timedelta(days=4),
    )
    monitoring.review_dispute(
        visit=visit,
        actor=world.manager,
        outcome="upheld",
        reasons="The gaps were seen",
        now=now + timedelta(days=5),
    )
    feedback = monitoring.record_feedback(
        visit=visit,
        actor=world.officer,
        respondent_kind="person",
        scores={"safety": "4"},
        anonymous=True,
        now=now,
    )
    monitoring.moderate_feedback(
        feedback=feedback, actor=world.manager, decision="approved", now=now
    )  # four-eyes
    monitoring.publish_report(
        visit=visit,
        actor=world.officer,
        public_summary="Medicines must improve.",
        now=now + timedelta(days=6),
    )
    plan = given.write_plan(world, given.plan_for(visit), now=now + timedelta(days=7))
    monitoring.submit_action_plan(plan=plan, actor=world.acme_manager, now=now + timedelta(days=7))
    monitoring.record_action_progress(
        action=plan.actions.first(),
        actor=world.acme_manager,
        status="in_progress",
        note="Audit tool agreed",
        now=now + timedelta(days=8),
    )
    cases_given.open_case(world)  # a case status (every service above wrote audit entries)
    with connection.cursor() as cursor:
        counts = {}
        for table in HISTORY_TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    assert all(counts.values()), f"the fixture must write a row in every history table: {counts}"
    return world


def _try(sql: str, params: list) -> str:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as refused:
        return f"refused: {refused}"
    return "done"


def _first_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(id) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


@pytest.mark.skipif(not (POSTGRESQL or SQLITE), reason="triggers exist on PostgreSQL and SQLite only")
def test_the_database_refuses_to_update_any_row_of_a_history_table(history):
    outcomes = {}
    for table in HISTORY_TABLES:
        quoted = connection.ops.quote_name(table)
        outcomes[table] = _try(f"UPDATE {quoted} SET id = id WHERE id = %s", [_first_id(table)])
    assert {table: outcome.splitlines()[0] for table, outcome in outcomes.items()} == {
        table: f"refused: {message}" for table, message in HISTORY_TABLES.items()
    }


@pytest.mark.skipif(not POSTGRESQL, reason="SQLite keeps deletes possible so test databases can be flushed")
def test_postgresql_refuses_to_delete_any_row_of_a_history_table(history):
    outcomes, before = {}, {table: _first_id(table) for table in HISTORY_TABLES}
    for table in HISTORY_TABLES:
        outcomes[table] = _try(
            f"DELETE FROM {connection.ops.quote_name(table)} WHERE id = %s", [before[table]]
        )
    assert {table: outcome.splitlines()[0] for table, outcome in outcomes.items()} == {
        table: f"refused: {message}" for table, message in HISTORY_TABLES.items()
    }
    assert {table: _first_id(table) for table in HISTORY_TABLES} == before


@pytest.mark.skipif(not SQLITE, reason="only SQLite lets deletes through")
def test_sqlite_lets_deletes_through_so_test_databases_can_be_flushed(history):
    table = connection.ops.quote_name("cases_casestatus")
    with transaction.atomic():
        assert _try(f"DELETE FROM {table} WHERE id = %s", [_first_id("cases_casestatus")]) == "done"
        transaction.set_rollback(True)


# --- the operation itself: forwards, backwards, quoting --------------------------------------------


@pytest.mark.django_db
@pytest.mark.skipif(not (POSTGRESQL or SQLITE), reason="triggers exist on PostgreSQL and SQLite only")
def test_the_operation_installs_and_removes_its_trigger_and_quotes_its_message():
    operation = InsertOnlyTrigger(table="db_test_history", message="it's 100% history")
    editor = connection.schema_editor(collect_sql=True)  # not entered: SQLite's editor refuses a transaction

    def run(method) -> None:
        editor.collected_sql = []
        method("core", editor, None, None)
        with connection.cursor() as cursor:
            for sql in editor.collected_sql:
                cursor.execute(sql)

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE db_test_history (id integer PRIMARY KEY, note varchar(20))")
        cursor.execute("INSERT INTO db_test_history (id, note) VALUES (1, 'first')")
    run(operation.database_forwards)
    assert (
        _try("UPDATE db_test_history SET note = %s", ["second"]).splitlines()[0]
        == "refused: it's 100% history"
    )
    expected_delete = "refused: it's 100% history" if POSTGRESQL else "done"
    with transaction.atomic():
        assert _try("DELETE FROM db_test_history", []).splitlines()[0] == expected_delete
        transaction.set_rollback(True)
    run(operation.database_backwards)
    assert _try("UPDATE db_test_history SET note = %s", ["second"]) == "done"
    assert _try("DELETE FROM db_test_history", []) == "done"
