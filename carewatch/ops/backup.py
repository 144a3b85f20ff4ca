"""Backups of the database: PostgreSQL's ``pg_dump`` custom format, or SQLite's online backup API.

``backup(path)`` writes a copy of the database while carewatch keeps running (pg_dump reads one
consistent snapshot; SQLite's backup copies the pages under a read lock). ``restore(path)`` puts
such a copy back over the database, in one transaction on PostgreSQL (``pg_restore --clean
--single-transaction``), so a restore that fails leaves the database as it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connections


class BackupError(Exception):
    pass


def vendor(using: str = "default") -> str:
    return str(connections[using].vendor)


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[name] = str(settings_dict[key])
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def backup(path: Path, using: str = "default") -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    if connection.vendor == "postgresql":
        settings_dict = connection.settings_dict
        result = subprocess.run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), settings_dict["NAME"]],
            env=_pg_env(settings_dict),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return path
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return path
    raise BackupError(f"no backup for a {connection.vendor} database")


def restore(path: Path, using: str = "default") -> None:
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    connection = connections[using]
    if connection.vendor == "postgresql":
        settings_dict = connection.settings_dict
        connection.close()  # pg_restore --clean drops tables this connection might hold locks on
        result = subprocess.run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                settings_dict["NAME"],
                str(path),
            ],
            env=_pg_env(settings_dict),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        return
    if connection.vendor == "sqlite":
        source = sqlite3.connect(path)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is not a sound SQLite database")
            connection.ensure_connection()
            source.backup(connection.connection)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path}: {error}") from None
        finally:
            source.close()
        return
    raise BackupError(f"no restore for a {connection.vendor} database")
