"""`carewatch backup` and `carewatch restore`: a restored database gives the same figures and the same
audit trail as when it was backed up (SQLite's online backup; pg_dump/pg_restore on PostgreSQL)."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from carewatch.cases import queries as case_queries
from carewatch.cases import services
from carewatch.core.models import AuditEntry
from carewatch.ops import backup
from tests.cases.test_digest import NOW

DAY = date(2026, 3, 6)


def _needs_tools():
    if connection.vendor == "postgresql" and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump/pg_restore are not installed (Debian: apt-get install postgresql-client)")
    if connection.vendor not in {"postgresql", "sqlite"}:
        pytest.skip(f"no backup for {connection.vendor}")


def figures(world) -> dict:
    """What people see: each person's due work, and the whole audit trail."""
    people = [world.officer, world.manager]
    return {
        "due": {p.email: [(t.title, t.due_on) for t in case_queries.tasks_due(p, DAY)] for p in people},
        "audit": list(
            AuditEntry.objects.order_by("id").values_list(
                "id", "at", "actor_label", "action", "object_type", "object_id", "before", "after"
            )
        ),
    }


def test_a_restored_backup_gives_the_same_figures_and_audit_trail(
    transactional_db, world, due, tmp_path, capsys
):
    _needs_tools()
    before = figures(world)
    assert before["audit"] and before["due"][world.officer.email]
    path = tmp_path / "carewatch.backup"
    call_command("backup", str(path))
    assert f"Backed up to {path}" in capsys.readouterr().out

    # Work goes on after the backup: a new action, with its audit entry.
    services.add_action(
        actor=world.officer,
        case=due,
        kind="referral_to_cqc",
        owner=world.officer,
        due_on=date(2026, 3, 5),
        title="Written after the backup",
        now=NOW,
    )
    assert figures(world) != before

    call_command("restore", str(path), "--yes")
    assert figures(world) == before
    assert not AuditEntry.objects.filter(after__icontains="Written after the backup").exists()


def test_restore_asks_for_confirmation_and_names_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="add --yes"):
        call_command("restore", str(tmp_path / "x.backup"))
    with pytest.raises(CommandError, match="no such backup file"):
        call_command("restore", str(tmp_path / "x.backup"), "--yes")


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    _needs_tools()
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(CommandError):
        call_command("restore", str(junk), "--yes")
    assert connection.vendor in {"sqlite", "postgresql"}


def test_backup_without_a_path_writes_into_the_backup_folder(transactional_db, settings, tmp_path, capsys):
    _needs_tools()
    settings.CAREWATCH_BACKUP_DIR = tmp_path / "backups"
    call_command("backup")
    written = list((tmp_path / "backups").iterdir())
    assert len(written) == 1 and written[0].name.startswith("carewatch-")
    assert written[0].suffix == (".dump" if backup.vendor() == "postgresql" else ".sqlite3")
