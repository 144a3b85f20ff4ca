"""Faults during traffic, on the production set-up on loopback (bench_load.Stack). Each scenario
prints what it saw and the run exits non-zero when a promise breaks.

    .venv/bin/python bench/bench_faults.py --database-url postgres://…:5442/carewatch \
        [--replica-url postgres://…:5451/carewatch] [--only redis,postgres,replica,worker]

- ``redis``: Redis stopped while pages are requested. Promise: every page is still served (200).
- ``postgres``: the PostgreSQL cluster restarted (``pg_ctlcluster … restart``; never the cluster on
  port 5432, which this machine shares). Promise: the only errors are 503s showing the "service
  unavailable" page, and pages work again within 5 s of the cluster being back.
- ``replica``: a streaming replica (scripts/replica.sh) behind ``DATABASE_REPLICA_URL``. Reads are
  counted on each cluster (``pg_stat_database.xact_commit``). Promises: the pages read from the
  replica; the replica's replay paused (``pg_wal_replay_pause()``) and a write on the primary: reads
  move to the primary once it is more than ``CAREWATCH_REPLICA_MAX_LAG_SECONDS`` behind, and back
  when replay resumes; the replica stopped: every page is still 200 and reads move to the primary;
  started again: reads return to it.
- ``worker``: ``carewatch worker`` killed (SIGKILL) part way through an import task (a generated
  register, ``carewatch generate --scale 0.01``) in a database of its own. Promises: no partial
  snapshot is visible after the kill; a worker started again runs the task to the end once (one
  once-key, one snapshot); the register's figures equal a clean import's of the same files.

Requests go only to 127.0.0.1; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Literal

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_load import ROOT, Stack  # noqa: E402

CONTEXT = ssl._create_unverified_context()
# A backend that goes idle reports its last counts up to 10 s later (PostgreSQL's statistics): after
# reads move from one cluster to the other, wait this long before counting again.
SETTLE = 11
PAGES = ["/services/", "/find/?near=Oldham", "/", "/api/v1/locations?la=E08000004"]


class Poller(threading.Thread):
    """Requests pages in a loop (one at a time) and keeps (time, status, unavailable-page?)."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.seen, self.running = base, [], True

    def run(self) -> None:
        i = 0
        while self.running:
            # A query of its own on each request: the page cache keeps pages by their query, so none
            # is served from it and each reaches the database, whose faults are what is being tried.
            page = PAGES[i % len(PAGES)]
            path = f"{page}{'&' if '?' in page else '?'}probe={i}"
            i += 1
            try:
                with urllib.request.urlopen(self.base + path, context=CONTEXT, timeout=10) as r:
                    status, body = r.status, b""
            except urllib.error.HTTPError as error:
                status, body = error.code, error.read()
            except OSError:
                status, body = 0, b""
            # The page's words, or the API's error code for the same thing.
            unavailable = b"service is unavailable" in body or b'"code": "unavailable"' in body
            self.seen.append((time.monotonic(), status, unavailable))
            time.sleep(0.05)


def redis_scenario(stack: Stack) -> bool:
    poller = Poller(stack.base)
    poller.start()
    time.sleep(3)
    stopped_at = time.monotonic()
    stack.redis.terminate()
    stack.redis.wait(10)
    time.sleep(8)
    poller.running = False
    poller.join(15)
    after = [s for t, s, _u in poller.seen if t >= stopped_at]
    bad = [s for s in after if s != 200]
    print(
        f"redis: {len(poller.seen)} requests, {len(after)} after Redis stopped, non-200 after: {len(bad)} {sorted(set(bad))}"
    )
    return not bad and len(after) > 0


def postgres_scenario(stack: Stack, database_url: str) -> bool:
    port = re.search(r":(\d+)/", database_url)
    if port is None or port.group(1) == "5432":
        print("postgres: SKIPPED: give a cluster of your own (not the shared one on 5432)")
        return True
    cluster = cluster_on(database_url)
    if cluster is None:
        print(f"postgres: SKIPPED: no Debian cluster on port {port.group(1)}")
        return True
    poller = Poller(stack.base)
    poller.start()
    time.sleep(3)
    began = time.monotonic()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", cluster[0], cluster[1], "restart"], check=True
    )
    back = time.monotonic()
    time.sleep(10)
    poller.running = False
    poller.join(15)
    during = [(t, s, u) for t, s, u in poller.seen if t >= began]
    errors = [(t, s, u) for t, s, u in during if s != 200]
    wrong = [(s, u) for _t, s, u in errors if not (s == 503 and u)]
    after_back = [t for t, s, _u in during if t >= back and s == 200]
    recovery = (after_back[0] - back) if after_back else None
    print(
        f"postgres: restart took {back - began:.1f} s; {len(during)} requests from then, {len(errors)} errors"
        f" ({len(wrong)} not the 'service unavailable' page: {sorted(set(wrong))});"
        f" first page served {recovery if recovery is None else round(recovery, 2)} s after it was back"
    )
    return not wrong and recovery is not None and recovery <= 5


def cluster_on(url: str) -> list[str] | None:
    """The Debian cluster (version, name, port, status, …) listening on the URL's port."""
    port = re.search(r":(\d+)/", url)
    if port is None:
        return None
    listing = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
    return next((line.split() for line in listing.splitlines() if line.split()[2] == port.group(1)), None)


def as_postgres(port: str, sql: str, database: str = "postgres") -> str:
    """Run SQL as the cluster's superuser (Debian's peer authentication; root only)."""
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-At", "-p", port, "-d", database, "-c", sql],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def transactions(port: str, database: str) -> int:
    """Transactions committed in DATABASE on the cluster on PORT since its statistics began."""
    return int(
        as_postgres(port, f"SELECT xact_commit FROM pg_stat_database WHERE datname = '{database}'") or 0
    )


def replica_scenario(database_url: str, replica_url: str | None) -> bool:
    primary, replica = cluster_on(database_url), (cluster_on(replica_url) if replica_url else None)
    if replica is None or primary is None or "5432" in (primary[2], replica[2]):
        print(
            "replica: SKIPPED: give --replica-url of a replica cluster (scripts/replica.sh up), not on 5432"
        )
        return True
    if as_postgres(replica[2], "SELECT pg_is_in_recovery()") != "t":
        print(f"replica: the cluster on port {replica[2]} is not a replica (pg_is_in_recovery() is false)")
        return False
    database = database_url.rsplit("/", 1)[1].split("?")[0]
    os.environ["DATABASE_REPLICA_URL"] = replica_url  # passed on to the web instances by Stack
    stack = Stack(database_url, instances=2, workers=1, threads=4)
    ok = True
    try:
        stack.start()
        poller = Poller(stack.base)
        poller.start()
        time.sleep(4)  # warm: each process checks the replica's health on its first request

        def replica_up() -> bool:
            return (
                subprocess.run(
                    ["pg_isready", "-q", "-h", "127.0.0.1", "-p", replica[2]], check=False
                ).returncode
                == 0
            )

        def reads_went_to(where: Literal["replica", "primary"], label: str, seconds: float) -> bool:
            """Count requests, and transactions on the primary and on the replica, over SECONDS; print
            them; whether the pages' reads went WHERE: "replica" (at least one transaction a request
            there, fewer than one for two requests on the primary) or "primary" (at least one a request
            there)."""
            up = as_postgres(replica[2], "SELECT 1") if replica_up() else ""
            r0 = transactions(replica[2], database) if up else 0
            p0, n0 = transactions(primary[2], database), len(poller.seen)
            time.sleep(seconds)
            r1 = transactions(replica[2], database) if up else 0
            p1, n1 = transactions(primary[2], database), len(poller.seen)
            requests, on_primary, on_replica = n1 - n0, p1 - p0, r1 - r0
            print(
                f"replica: {label}: {requests} requests; transactions on the primary {on_primary}"
                f" ({on_primary / max(requests, 1):.1f} a request), on the replica {on_replica}"
                f" ({on_replica / max(requests, 1):.1f} a request)"
            )
            if where == "replica":
                return on_replica >= requests and on_primary < requests / 2
            return on_primary >= requests

        # 1. Healthy: the pages read from the replica; the primary sees next to nothing.
        ok &= reads_went_to("replica", "streaming", 8)
        # 2. Lagging: replay paused, then a write on the primary.
        as_postgres(replica[2], "SELECT pg_wal_replay_pause()")
        as_postgres(
            primary[2],
            "CREATE TABLE IF NOT EXISTS carewatch_bench_lag (at timestamptz);"
            " INSERT INTO carewatch_bench_lag VALUES (now())",
        )
        time.sleep(8)  # past CAREWATCH_REPLICA_MAX_LAG_SECONDS (5) and a health check (2)
        lag = as_postgres(
            replica[2], "SELECT round(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()))"
        )
        ok &= reads_went_to("primary", f"replay paused, {lag} s behind", 6)
        as_postgres(replica[2], "SELECT pg_wal_replay_resume()")
        as_postgres(primary[2], "DROP TABLE carewatch_bench_lag")
        time.sleep(SETTLE)
        ok &= reads_went_to("replica", "replay resumed", 6)
        # 3. Stopped: every page still 200, reads on the primary.
        stopped_at = time.monotonic()
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", replica[0], replica[1], "stop"], check=True
        )
        ok &= reads_went_to("primary", "replica stopped", 8)
        started = time.monotonic()
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", replica[0], replica[1], "start"], check=True
        )
        back = as_postgres(replica[2], "SELECT pg_is_in_recovery()")
        time.sleep(SETTLE)
        came_back = reads_went_to("replica", f"replica started again (pg_is_in_recovery: {back})", 8)
        ok &= came_back and back == "t"
        poller.running = False
        poller.join(15)
        during = [s for t, s, _u in poller.seen if t >= stopped_at]
        bad = [s for t, s, _u in poller.seen if s != 200]
        print(
            f"replica: {len(poller.seen)} requests in all, {len(during)} from the replica's stop on"
            f" (it was stopped {started - stopped_at:.1f} s); non-200 answers: {len(bad)} {sorted(set(bad))}"
        )
        ok &= not bad
    finally:
        stack.stop()
        os.environ.pop("DATABASE_REPLICA_URL", None)
        if replica is not None:
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", replica[0], replica[1], "start"],
                capture_output=True,
                check=False,
            )
    return bool(ok)


WORKER_CODE = r"""
import json, sys
import django
django.setup()
from carewatch.ops.models import DoneOnce
from carewatch.register.models import Location, Provider, Rating, Snapshot
from django_tasks_db.models import DBTaskResult
if sys.argv[1] == "enqueue":
    from carewatch.ops.tasks import import_cqc_files
    print(import_cqc_files.enqueue(sys.argv[2]).id)
else:
    snapshots = list(Snapshot.objects.values(
        "created_count", "updated_count", "unchanged_count", "active_count", "rejected_count"))
    print(json.dumps({
        "snapshots": snapshots,
        "locations": Location.objects.count(),
        "active": Location.objects.filter(is_active=True).count(),
        "providers": Provider.objects.count(),
        "ratings": Rating.objects.count(),
        "import_once_keys": DoneOnce.objects.filter(key__startswith="import-cqc:").count(),
        "tasks": sorted(DBTaskResult.objects.values_list("status", flat=True)),
    }))
"""


def worker_scenario(database_url: str) -> bool:
    primary = cluster_on(database_url)
    if primary is None or primary[2] == "5432":
        print("worker: SKIPPED: give a cluster of your own (not the shared one on 5432)")
        return True
    port, base = primary[2], database_url.rsplit("/", 1)[0]
    work, clean, template = "carewatch_faults_worker", "carewatch_faults_clean", "carewatch_faults_template"
    files = Path("/tmp/carewatch-faults-register")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CAREWATCH_", "DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "carewatch.config.settings",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG",
        "CAREWATCH_TASKS_BACKEND": "database",
        "LOG_LEVEL": "ERROR",
    }
    carewatch = str(Path(sys.executable).parent / "carewatch")

    def run(database: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            args,
            env={**env, "DATABASE_URL": f"{base}/{database}"},
            cwd=ROOT,
            capture_output=True,
            text=True,
            **kwargs,
        )

    def figures(database: str) -> dict:
        return json.loads(run(database, sys.executable, "-c", WORKER_CODE, "figures", check=True).stdout)

    began = time.monotonic()
    if not (files / "api" / "locations.json").exists():
        run(
            "unused",
            carewatch,
            "generate",
            "--out",
            str(files),
            "--scale",
            "0.01",
            "--formats",
            "api",
            check=True,
        )
    # An empty, migrated database kept between runs (migrating from nothing takes a minute or more).
    if as_postgres(port, f"SELECT count(*) FROM pg_database WHERE datname = '{template}'") == "0":
        as_postgres(port, f"CREATE DATABASE {template} OWNER carewatch")
    run(template, carewatch, "migrate", "-v0", check=True)
    for database in (clean, work):
        as_postgres(port, f"DROP DATABASE IF EXISTS {database}")
        as_postgres(port, f"CREATE DATABASE {database} OWNER carewatch TEMPLATE {template}")
    print(f"worker: two empty databases ready in {time.monotonic() - began:.0f} s (copies of {template})")
    try:
        # The clean import, for the figures to compare with.
        run(clean, carewatch, "import-cqc", str(files / "api"), "--json", "--no-refresh", check=True)
        expected = figures(clean)
        task_id = run(work, sys.executable, "-c", WORKER_CODE, "enqueue", str(files / "api"), check=True)
        print(f"worker: import task {task_id.stdout.strip()} queued")
        worker_started = time.monotonic()
        worker = subprocess.Popen(
            [carewatch, "worker", "--worker-id", "faults-host", "--interval", "0.2"],
            env={**env, "DATABASE_URL": f"{base}/{work}"},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Wait (bounded) until the worker's import transaction has written rows, then kill it.
        writing = "0"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and worker.poll() is None:
            writing = as_postgres(
                port,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + work + "'"
                " AND backend_xid IS NOT NULL AND xact_start < now() - interval '1 second'",
            )
            if writing != "0":
                break
            time.sleep(0.1)
        if writing == "0":
            print("worker: the import never started writing (or finished first): nothing to kill")
            worker.kill()
            return False
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        time.sleep(1)  # the server notices the closed connection and rolls the transaction back
        after_kill = figures(work)
        partial = after_kill["snapshots"] or after_kill["locations"] or after_kill["providers"]
        print(
            f"worker: killed (SIGKILL) {time.monotonic() - worker_started:.1f} s after it started, its import"
            " transaction open and writing; then visible: "
            f"{len(after_kill['snapshots'])} snapshots, {after_kill['locations']} locations,"
            f" {after_kill['providers']} providers, once-keys {after_kill['import_once_keys']},"
            f" tasks {after_kill['tasks']}"
        )
        resumed = run(
            work,
            carewatch,
            "worker",
            "--worker-id",
            "faults-host",
            "--batch",
            "--interval",
            "0.2",
            timeout=300,
        )
        print(f"worker: started again: {resumed.stdout.strip().splitlines()[:1]}")
        final = figures(work)
        run(work, sys.executable, "-c", WORKER_CODE, "enqueue", str(files / "api"), check=True)
        run(
            work,
            carewatch,
            "worker",
            "--worker-id",
            "faults-host",
            "--batch",
            "--interval",
            "0.2",
            timeout=300,
        )
        twice = figures(work)
        register = ("snapshots", "locations", "active", "providers", "ratings")
        same = all(final[k] == expected[k] for k in register)
        print(
            f"worker: after the second worker: tasks {final['tasks']}, once-keys {final['import_once_keys']},"
            f" {len(final['snapshots'])} snapshot(s) {final['snapshots']}, {final['locations']} locations,"
            f" {final['providers']} providers, {final['ratings']} ratings"
        )
        print(
            f"worker: a clean import of the same files: {len(expected['snapshots'])} snapshot(s)"
            f" {expected['snapshots']}, {expected['locations']} locations, {expected['providers']} providers,"
            f" {expected['ratings']} ratings — {'the same' if same else 'DIFFERENT'}"
        )
        print(
            f"worker: the same files queued once more: tasks {twice['tasks']},"
            f" {len(twice['snapshots'])} snapshot(s) (the once-key skips the import)"
        )
        print(f"worker: {time.monotonic() - began:.0f} s in all")
        return bool(
            not partial
            and "RUNNING" in after_kill["tasks"]
            and final["tasks"] == ["SUCCESSFUL"]
            and final["import_once_keys"] == 1
            and same
            and len(twice["snapshots"]) == 1
            and twice["tasks"] == ["SUCCESSFUL", "SUCCESSFUL"]
        )
    finally:
        for database in (clean, work):
            as_postgres(port, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--replica-url", help="a streaming replica of --database-url (scripts/replica.sh)")
    parser.add_argument("--only", default="redis,postgres,replica,worker")
    args = parser.parse_args()
    results = {}
    for name in args.only.split(","):
        if name == "replica":
            results[name] = replica_scenario(args.database_url, args.replica_url)
            continue
        if name == "worker":
            results[name] = worker_scenario(args.database_url)
            continue
        stack = Stack(args.database_url, instances=2, workers=1, threads=4)
        try:
            stack.start()
            results[name] = (
                redis_scenario(stack) if name == "redis" else postgres_scenario(stack, args.database_url)
            )
        finally:
            stack.stop()
    for name, ok in results.items():
        print(f"{name}: {'promise kept' if ok else 'PROMISE BROKEN'}")
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
