"""Server CPU per page of the load mix, measured in one process (no nginx, no gunicorn, no locust).

    .venv/bin/python bench/bench_pages.py --database-url postgres://…/carewatch [--iterations 40]
        [--profile "service page"] [--redis-url redis://127.0.0.1:6379/0]

Each page of bench/locustfile.py's mix is requested through Django's test client with production
settings (DEBUG off, the same middleware) against a database holding the demo data, many times,
with URLs sampled as the load test samples them. For every page it reports the process CPU time
(user + system, ``time.process_time``) per request — the figure that does not depend on what else
the machine is doing — the wall time, the SQL queries one request makes, and the mix's weighted
average (the locustfile's task weights). PostgreSQL's own CPU is not in these figures (it runs in
its own processes); bench_load.py counts it. ``--profile NAME`` prints cProfile's top functions for
one page, by this process's CPU time. JSON in bench/results/pages.json (or ``--name``).

Only the database on the URL is read; officers' sessions are created in it (as bench_load.py does).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

# The locustfile's task weights (bench/locustfile.py). "officer: cases" and "officer: commissioners"
# share one task: case workers (two of the four officers) see cases, the others commissioners.
WEIGHTS = {
    "service page": 6,
    "finder": 4,
    "search by council": 3,
    "home": 1,
    "dashboard": 3,
    "officer: my work": 2,
    "officer: cases": 1,
    "officer: commissioners": 1,
    "api: locations": 3,
    "api: location": 1,
    "static file": 2,
}


def configure(database_url: str, redis_url: str | None) -> None:
    for key in [k for k in os.environ if k.startswith(("CAREWATCH_", "DJANGO_"))]:
        del os.environ[key]
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "carewatch.config.settings",
            "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG",
            "ALLOWED_HOSTS": "testserver,127.0.0.1",
            "DATABASE_URL": database_url,
            # Files shared by processes (the page cache needs a shared cache), unless --redis-url.
            "CAREWATCH_CACHE_DIR": tempfile.mkdtemp(prefix="carewatch-bench-pages-"),
            "CAREWATCH_API_RATE_ANON": "1000000/m",
            "CAREWATCH_READY_MAX_IMPORT_AGE_HOURS": "0",
            "LOG_LEVEL": "ERROR",
        }
    )
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    sys.path.insert(0, str(common.ROOT))
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at", module="whitenoise")
    django.setup()


def plan(rng: random.Random) -> dict:
    """Sessions for the four demo officers, and the URLs to sample (as bench_load.build_plan)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp.plugins.otp_static.models import StaticDevice

    from carewatch.core.models import User
    from carewatch.register.models import Icb, LocalAuthority, Location

    sessions = {}
    for user in User.objects.filter(username__in=["qa-officer", "qa-manager", "commissioner", "analyst"]):
        device, _ = StaticDevice.objects.get_or_create(user=user, name="bench")
        s = SessionStore()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s["otp_device_id"] = device.persistent_id
        s.create()
        sessions[user.username] = s.session_key
    ids = sorted(Location.objects.filter(is_active=True).values_list("id", flat=True))
    postcodes = sorted(set(Location.objects.exclude(postcode="").values_list("postcode", flat=True)))
    las = sorted(LocalAuthority.objects.values_list("code", flat=True))
    icbs = sorted(Icb.objects.values_list("code", flat=True))
    return {
        "sessions": sessions,
        "locations": rng.sample(ids, min(500, len(ids))),
        "places": rng.sample(postcodes, min(200, len(postcodes))),
        "las": las,
        "dashboard_areas": ["england"] + [f"la:{c}" for c in las[:12]] + [f"icb:{c}" for c in icbs[:4]],
    }


def requests_for(name: str, p: dict, rng: random.Random):
    """(path, session cookie or None) for one request of the page called ``name``."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    officers = p["sessions"]
    case_workers = [officers[u] for u in ("qa-officer", "qa-manager") if u in officers]
    others = [officers[u] for u in ("commissioner", "analyst") if u in officers]
    match name:
        case "service page":
            return f"/services/{rng.choice(p['locations'])}/", None
        case "finder":
            return f"/find/?near={rng.choice(p['places'])}", None
        case "search by council":
            return f"/services/?la={rng.choice(p['las'])}", None
        case "home":
            return "/", None
        case "dashboard":
            return f"/insights/?area={rng.choice(p['dashboard_areas'])}&service=care-homes", None
        case "officer: my work":
            return "/home/", rng.choice(list(officers.values()))
        case "officer: cases":
            return "/cases/", rng.choice(case_workers)
        case "officer: commissioners":
            return "/insights/commissioners/", rng.choice(others)
        case "api: locations":
            return f"/api/v1/locations?la={rng.choice(p['las'])}", None
        case "api: location":
            return f"/api/v1/locations/{rng.choice(p['locations'])}", None
        case "static file":
            return staticfiles_storage.url("carewatch/carewatch.css"), None
    raise ValueError(name)


_clients: dict = {}


def get(path: str, cookie: str | None):
    from django.test import Client

    # One client (and so one loaded middleware chain, as a server worker has) for every request;
    # its cookies are emptied each time: a visitor without cookies, or an officer's session only.
    client = _clients.setdefault("client", Client())
    client.cookies.clear()
    if cookie:
        client.cookies["sessionid"] = cookie
    # As behind nginx: HTTPS, said in X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER), so no SSL redirect.
    response = client.get(path, secure=True, headers={"X-Forwarded-Proto": "https"})
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    else:
        response.content  # noqa: B018 (rendered already; read as a server would)
    return response


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--redis-url", default=None, help="use Redis for the caches, as production does")
    parser.add_argument("--iterations", type=int, default=40, help="requests per page, after a warm-up")
    parser.add_argument("--warm-up", type=int, default=5, help="requests per page first, not counted")
    parser.add_argument("--pages", default="", help="comma-separated page names (default: the whole mix)")
    parser.add_argument("--profile", default="", help="print cProfile's top functions for this page")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--name", default="pages")
    args = parser.parse_args()
    if not args.database_url:
        raise SystemExit("--database-url (with the demo data) is needed")
    configure(args.database_url, args.redis_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest, as in production
    rng = random.Random(args.seed)
    p = plan(rng)
    names = [n.strip() for n in args.pages.split(",") if n.strip()] or list(WEIGHTS)
    results: dict[str, dict] = {}
    for name in names:
        for _ in range(args.warm_up):
            get(*requests_for(name, p, rng))
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            get(*requests_for(name, p, rng))
        cpu, wall, again, served = [], [], [], {}
        for _ in range(args.iterations):
            path, cookie = requests_for(name, p, rng)
            c0, w0 = time.process_time(), time.perf_counter()
            response = get(path, cookie)
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
            served[response.get("X-Page-Cache", "-")] = served.get(response.get("X-Page-Cache", "-"), 0) + 1
            # The same URL at once again: what a page costs when the page cache has it.
            c0 = time.process_time()
            get(path, cookie)
            again.append(time.process_time() - c0)
        results[name] = {
            "cpu_ms_mean": round(statistics.mean(cpu) * 1000, 2),
            "cpu_ms_median": round(statistics.median(cpu) * 1000, 2),
            "cpu_ms_same_url_again": round(statistics.mean(again) * 1000, 2),
            "wall_ms_median": round(statistics.median(wall) * 1000, 2),
            "queries": len(queries),
            "page_cache": served,
            "n": args.iterations,
        }
        print(
            f"{name:24} cpu {results[name]['cpu_ms_mean']:7.2f} ms mean"
            f" ({results[name]['cpu_ms_median']:.2f} median; same URL again {results[name]['cpu_ms_same_url_again']:.2f})"
            f"  wall {results[name]['wall_ms_median']:7.2f} ms  {results[name]['queries']:3} queries  {served}"
        )
    measured = [n for n in names if n in WEIGHTS]
    weighted = None
    if set(measured) == set(WEIGHTS):
        weighted = round(
            sum(results[n]["cpu_ms_mean"] * WEIGHTS[n] for n in measured) / sum(WEIGHTS.values()), 2
        )
        print(f"{'mix (weighted)':24} cpu {weighted:7.2f} ms a request")

    if args.profile:
        # CPU time, not wall time: on a busy machine waits on PostgreSQL and for a core would swamp it.
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(args.iterations):
            get(*requests_for(args.profile, p, rng))
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
        print(out.getvalue())

    if not args.pages:
        common.write_results(
            args.name,
            {
                "database": connection.vendor,
                "cache": "redis" if args.redis_url else "files",
                "iterations": args.iterations,
                "weighted_cpu_ms_per_request": weighted,
                "weights": WEIGHTS,
                "pages": results,
                "load_average_after": os.getloadavg(),
            },
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
