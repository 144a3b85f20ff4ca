"""The load mix for bench/bench_load.py (locust, headless, loopback only).

A plan file (``CAREWATCH_LOAD_PLAN``, JSON written by bench_load.py) gives the URLs to sample from:
real location ids, council and ICB codes, session cookies of signed-in officers. Weights mirror the
expected traffic: mostly the public site, then dashboards, officers' pages and API calls, plus a
static file (the yardstick the others are compared with).
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from locust import FastHttpUser, constant_throughput, events, task

PLAN = json.loads(Path(os.environ["CAREWATCH_LOAD_PLAN"]).read_text())
RATE_PER_USER = float(os.environ.get("CAREWATCH_LOAD_RATE_PER_USER", "4"))
_officer = 0
SAMPLES: list[tuple[str, float, str]] = []  # (name, milliseconds, failure or ""), every request


@events.request.add_listener
def _keep(request_type, name, response_time, response_length, exception=None, **kwargs):
    SAMPLES.append((name, response_time, str(exception)[:200] if exception is not None else ""))


@events.quitting.add_listener
def _write(environment, **kwargs):
    path = os.environ.get("CAREWATCH_LOAD_SAMPLES")
    if path:
        with open(path, "w") as out:
            json.dump(SAMPLES, out)


class Visitor(FastHttpUser):
    wait_time = constant_throughput(RATE_PER_USER)
    insecure = True  # the bench's self-signed certificate
    connection_timeout = 10.0
    network_timeout = 30.0

    def on_start(self) -> None:
        global _officer
        # Each simulated person is one signed-in officer; case work is for QA officers and managers.
        self.cookie, self.username = PLAN["sessions"][_officer % len(PLAN["sessions"])]
        self.case_worker = self.username in {"qa-officer", "qa-manager"}
        _officer += 1

    def _get(self, path: str, name: str, *, signed_in: bool = False) -> None:
        headers = {"Cookie": f"sessionid={self.cookie}"} if signed_in else {}
        with self.client.get(
            path, name=name, headers=headers, catch_response=True, allow_redirects=False
        ) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} for {path}")

    # --- the public site -----------------------------------------------------------------------
    @task(6)
    def service_page(self) -> None:
        self._get(f"/services/{random.choice(PLAN['locations'])}/", "service page")

    @task(4)
    def finder(self) -> None:
        self._get(f"/find/?near={random.choice(PLAN['places'])}", "finder")

    @task(3)
    def search(self) -> None:
        self._get(f"/services/?la={random.choice(PLAN['las'])}", "search by council")

    @task(1)
    def home(self) -> None:
        self._get("/", "home")

    # --- dashboards ----------------------------------------------------------------------------
    @task(3)
    def dashboard(self) -> None:
        area = random.choice(PLAN["dashboard_areas"])
        self._get(f"/insights/?area={area}&service=care-homes", "dashboard")

    # --- signed-in officers --------------------------------------------------------------------
    @task(2)
    def my_work(self) -> None:
        self._get("/home/", "officer: my work", signed_in=True)

    @task(2)
    def cases(self) -> None:
        if self.case_worker:
            self._get("/cases/", "officer: cases", signed_in=True)
        else:
            self._get("/insights/commissioners/", "officer: commissioners", signed_in=True)

    # --- the API -------------------------------------------------------------------------------
    @task(3)
    def api_locations(self) -> None:
        self._get(f"/api/v1/locations?la={random.choice(PLAN['las'])}", "api: locations")

    @task(1)
    def api_location(self) -> None:
        self._get(f"/api/v1/locations/{random.choice(PLAN['locations'])}", "api: location")

    # --- the yardstick -------------------------------------------------------------------------
    @task(2)
    def static_file(self) -> None:
        self._get(PLAN["static"], "static file")
