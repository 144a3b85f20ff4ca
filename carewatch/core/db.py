"""Database pieces the models cannot express, as migration operations.

``InsertOnlyTrigger`` makes the database itself refuse to rewrite history: the audit trail and every
status history (the ``InsertOnly`` models, see ``carewatch.core.models``) are written once, and a
trigger refuses what would change them even when code bypasses ``save()`` (``QuerySet.update``, raw
SQL). Each app's migrations add one operation per table::

    InsertOnlyTrigger(table="cases_casestatus", message="case status rows are insert-only")

- PostgreSQL: a ``BEFORE UPDATE OR DELETE ... FOR EACH ROW`` trigger calling a function that raises
  ``message``. ``TRUNCATE`` fires no row trigger, so test databases can still be emptied.
- SQLite: a ``BEFORE UPDATE`` trigger only. Deletes stay possible so that test databases can be
  flushed (Django flushes SQLite with ``DELETE``); the models refuse deletes themselves.
- Any other database: nothing.

The trigger and its function are both named ``<table>_insert_only``.
"""

from __future__ import annotations

from typing import Any

from django.db import router
from django.db.migrations.operations.base import Operation


def _literal(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


class InsertOnlyTrigger(Operation):
    """A trigger that refuses updates (and, on PostgreSQL, deletes) of every row of ``table``."""

    reversible = True
    reduces_to_sql = True
    # Squashing must keep it: it is the only thing that creates the trigger.
    elidable = False

    def __init__(self, table: str, message: str | None = None, hints: dict | None = None):
        self.table = table
        self.message = message or f"{table} rows are insert-only"
        self.hints = hints or {}

    def deconstruct(self):
        kwargs: dict[str, Any] = {"table": self.table}
        if self.message != f"{self.table} rows are insert-only":
            kwargs["message"] = self.message
        if self.hints:
            kwargs["hints"] = self.hints
        return (self.__class__.__qualname__, [], kwargs)

    @property
    def trigger_name(self) -> str:
        return f"{self.table}_insert_only"

    # --- SQL, by database --------------------------------------------------------------------

    def forwards_sql(self, vendor: str, quote) -> list[str]:
        table, name = quote(self.table), quote(self.trigger_name)
        if vendor == "postgresql":
            # In RAISE's format string a % is a placeholder: %% is a literal one.
            raise_message = _literal(self.message.replace("%", "%%"))
            return [
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$\n"
                f"BEGIN\n  RAISE EXCEPTION {raise_message};\nEND;\n$$ LANGUAGE plpgsql",
                f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table}\n"
                f"  FOR EACH ROW EXECUTE FUNCTION {name}()",
            ]
        if vendor == "sqlite":
            return [
                f"CREATE TRIGGER {name} BEFORE UPDATE ON {table}\n"
                f"BEGIN SELECT RAISE(ABORT, {_literal(self.message)}); END"
            ]
        return []

    def backwards_sql(self, vendor: str, quote) -> list[str]:
        table, name = quote(self.table), quote(self.trigger_name)
        if vendor == "postgresql":
            return [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]
        if vendor == "sqlite":
            return [f"DROP TRIGGER IF EXISTS {name}"]
        return []

    # --- Operation -----------------------------------------------------------------------------

    def state_forwards(self, app_label, state):
        pass  # no model changes

    def _run(self, app_label, schema_editor, statements) -> None:
        if not router.allow_migrate(schema_editor.connection.alias, app_label, **self.hints):
            return
        for sql in statements:
            # params=None: nothing in the statement is a placeholder (PL/pgSQL bodies may hold a %).
            schema_editor.execute(sql, params=None)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        connection = schema_editor.connection
        self._run(app_label, schema_editor, self.forwards_sql(connection.vendor, connection.ops.quote_name))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        connection = schema_editor.connection
        self._run(app_label, schema_editor, self.backwards_sql(connection.vendor, connection.ops.quote_name))

    def describe(self) -> str:
        return f"Make {self.table} insert-only (trigger {self.trigger_name})"

    @property
    def migration_name_fragment(self) -> str:
        return self.trigger_name
