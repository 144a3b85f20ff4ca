"""Faults during traffic, on the production set-up on loopback (bench_load.Stack). Each scenario
prints what it saw and the run exits non-zero when a promise breaks.

    .venv/bin/python bench/bench_faults.py --database-url postgres://…:5442/carewatch [--only redis,postgres]

- ``redis``: Redis stopped while pages are requested. Promise: every page is still served (200).
- ``postgres``: the PostgreSQL cluster restarted (``pg_ctlcluster … restart``; never the cluster on
  port 5432, which this machine shares). Promise: the only errors are 503s showing the "service
  unavailable" page, and pages work again within 5 s of the cluster being back.

Requests go only to 127.0.0.1; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import re
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_load import Stack  # noqa: E402

CONTEXT = ssl._create_unverified_context()
PAGES = ["/services/", "/find/?near=Oldham", "/", "/api/v1/locations?la=E08000004"]


class Poller(threading.Thread):
    """Requests pages in a loop (one at a time) and keeps (time, status, unavailable-page?)."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.seen, self.running = base, [], True

    def run(self) -> None:
        i = 0
        while self.running:
            path = PAGES[i % len(PAGES)]
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
    cluster = next(
        (
            line.split()
            for line in subprocess.run(
                ["pg_lsclusters", "-h"], capture_output=True, text=True
            ).stdout.splitlines()
            if line.split()[2] == port.group(1)
        ),
        None,
    )
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--only", default="redis,postgres")
    args = parser.parse_args()
    results = {}
    for name in args.only.split(","):
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
