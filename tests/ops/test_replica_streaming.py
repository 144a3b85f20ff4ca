"""The replica router against a real PostgreSQL streaming replica (scripts/replica.sh): reads go to
the replica, a writer's next read to the primary, and a lagging or stopped replica falls back to the
primary. Two throwaway Debian clusters on loopback (ports 5450+), dropped afterwards: about 41 s on
the shared 2-core machine under load (creating the clusters 24 s, the checks 9 s, dropping them 7 s).

Runs in the PostgreSQL suite only (DATABASE_URL is PostgreSQL). Skips, saying why, unless run as root on a machine with Debian's PostgreSQL tools (pg_createcluster,
pg_basebackup): CI without them and developers' machines skip it.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("pg_createcluster", "pg_dropcluster", "pg_lsclusters", "pg_ctlcluster", "pg_basebackup", "runuser")


def _why_not() -> str | None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return "runs in the PostgreSQL suite only (make test-postgres), where the router is in production use"
    if os.name != "posix" or os.geteuid() != 0:
        return "needs root (it creates PostgreSQL clusters with Debian's pg_createcluster)"
    missing = [tool for tool in TOOLS if shutil.which(tool) is None and not Path(f"/usr/bin/{tool}").exists()]
    if missing:
        return f"needs Debian's PostgreSQL tools: {', '.join(missing)} not found"
    return None


pytestmark = pytest.mark.skipif(_why_not() is not None, reason=f"real replica test skipped: {_why_not()}")


def _free_ports(count: int) -> list[int]:
    taken = {line.split()[2] for line in _run("pg_lsclusters", "-h").stdout.splitlines() if line.strip()}
    ports = []
    for port in range(5450, 5500):
        if str(port) in taken:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    pytest.skip("real replica test skipped: no two free ports in 5450-5499")


def _run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, check=check)


@pytest.fixture(scope="module")
def streaming_replica():
    version = sorted(p.name for p in Path("/usr/lib/postgresql").iterdir())[-1]
    primary_port, replica_port = _free_ports(2)
    primary = f"cwtest{os.getpid()}"
    password = secrets.token_hex(12)
    _run("pg_createcluster", version, primary, "-p", str(primary_port), "-o", "fsync=off", "--start")
    try:
        _run(
            "runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-p", str(primary_port), "-c",
            f"CREATE ROLE cwtest LOGIN SUPERUSER PASSWORD '{password}'", "-c", "CREATE DATABASE cwtest OWNER cwtest",
        )  # fmt: skip
        up = _run(str(ROOT / "scripts" / "replica.sh"), "up", primary, str(replica_port), check=False)
        assert up.returncode == 0, up.stdout + up.stderr
        assert "pg_is_in_recovery: t" in up.stdout
        yield {
            "version": version,
            "replica_cluster": f"{primary}_replica",
            "database_url": f"postgres://cwtest:{password}@127.0.0.1:{primary_port}/cwtest",
            "replica_url": f"postgres://cwtest:{password}@127.0.0.1:{replica_port}/cwtest",
            "status": lambda: _run(
                str(ROOT / "scripts" / "replica.sh"), "status", primary, str(replica_port)
            ),
        }
    finally:
        _run(str(ROOT / "scripts" / "replica.sh"), "down", primary, str(replica_port), check=False)
        _run("pg_dropcluster", "--stop", version, primary, check=False)


def test_replica_sh_status_shows_a_streaming_replica(streaming_replica):
    status = streaming_replica["status"]()
    assert "pg_is_in_recovery: t" in status.stdout
    assert "|streaming|" in status.stdout


def test_reads_writes_lag_and_a_stopped_replica_against_a_real_streaming_replica(streaming_replica):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CAREWATCH_", "DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "carewatch.config.settings",
        "SECRET_KEY": "replica-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": streaming_replica["database_url"],
        "DATABASE_REPLICA_URL": streaming_replica["replica_url"],
        "CAREWATCH_REPLICA_MAX_LAG_SECONDS": "1",
        "LOG_LEVEL": "ERROR",
    }
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "ops" / "replica_probe.py"),
            streaming_replica["version"],
            streaming_replica["replica_cluster"],
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    on_replica = {"alias": "replica", "in_recovery": True}
    on_primary = {"alias": "default", "in_recovery": False}

    def where(answer):
        return {"alias": answer["alias"], "in_recovery": answer["in_recovery"]}

    # Reads go to the replica: the connection the router picked is in recovery.
    assert where(seen["read"]) == on_replica
    # A write goes to the primary, and so do the writer's reads, in the request and the next one.
    assert where(seen["write"]) == on_primary and seen["write"]["rows"] == 1
    assert seen["sticky_cookie"]
    assert where(seen["writer_next_read"]) == on_primary and seen["writer_next_read"]["rows"] == 1
    assert where(seen["other_read"]) == on_replica and seen["other_read"]["rows"] == 1
    # Replay paused and a write: past the lag limit, reads go to the primary and see the write.
    assert where(seen["lagging_read"]) == on_primary and seen["lagging_read"]["rows"] == 2
    assert seen["lag_seconds"] > 1
    assert where(seen["caught_up_read"]) == on_replica and seen["caught_up_read"]["rows"] == 2
    # Stopped between two health checks: the read that failed on it is served from the primary (200).
    assert where(seen["before_stop"]) == on_replica
    assert where(seen["read_as_it_stops"]) == on_primary
    assert where(seen["read_while_stopped"]) == on_primary
    # Started again: reads return to it.
    assert where(seen["read_after_start"]) == on_replica
