"""Django's SQLite backend, which puts the database in WAL mode (readers never wait for the writer) as it
connects, unless the database cannot be written: a read-only copy in rollback-journal mode (restored
from a backup, say) still opens for reading, instead of every connection failing on the switch."""

from __future__ import annotations

import sqlite3
from typing import Any

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> sqlite3.Connection:
        connection = super().get_new_connection(conn_params)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as error:
            if not (getattr(error, "sqlite_errorname", "") or "").startswith("SQLITE_READONLY"):
                raise
            # read-only: it keeps the journal mode it has, and every write will say why it is refused
        return connection
