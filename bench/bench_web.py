"""Market figures, the location page and the register search with all of England loaded.

Baselines measured in the same run: for market figures, counting active locations (one indexed
query); for pages, rendering the sign-in page (the same middleware and base template, no register
queries). Prints p95 and ratios; writes bench/results/web-<backend>.json.

    .venv/bin/python bench/bench_web.py [--data var/bench/england] [--database-url URL]
"""

import argparse
import os
import random
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="var/bench/england")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='carewatch-bench-')}/web.sqlite3"
    common.setup_django(url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from carewatch.register import models, queries, services
    from carewatch.register.importers import detect

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    data = Path(args.data)
    if not (data / "api" / "locations.json").exists():
        call_command("generate", out=str(data), seed=1, scale=1.0)
    services.import_snapshot(
        reader=detect.open_reader(data / "api"),
        imported_at=datetime.now(UTC),
        actor_label="bench",
        force=True,
    )
    print(f"{models.Location.objects.count()} locations loaded ({connection.vendor})")

    rng = random.Random(1)
    results = {}

    # Market figures for every local authority.
    baseline = [common.timed(models.Location.objects.filter(is_active=True).count)[0] for _ in range(20)]
    for service in ("all", "care-homes", "home-care"):
        samples = [common.timed(queries.market_figures, by="la", service=service)[0] for _ in range(10)]
        results[f"market_by_la_{service}"] = {**common.summary(samples), "target_ms": 1000}
    as_of = [
        common.timed(queries.market_figures, by="la", service="care-homes", as_of=date(2024, 3, 31))[0]
        for _ in range(5)
    ]
    results["market_by_la_care-homes_as_of_2024-03-31"] = {**common.summary(as_of), "target_ms": 1000}
    results["baseline_count_active"] = common.summary(baseline)

    # Pages through the full Django stack (test client: no network, real middleware and templates).
    client = Client()
    ids = list(models.Location.objects.values_list("id", flat=True))
    names = list(models.Location.objects.filter(is_active=True).values_list("name", flat=True)[:2000])
    postcodes = list(models.Location.objects.exclude(postcode="").values_list("postcode", flat=True)[:2000])
    las = list(models.LocalAuthority.objects.values_list("code", flat=True))

    def get(path: str) -> float:
        seconds, response = common.timed(client.get, path)
        assert response.status_code == 200, (path, response.status_code)
        return seconds

    client.get("/sign-in/")  # warm up
    page_baseline = [get("/sign-in/") for _ in range(args.requests)]
    location_pages = [get(f"/services/{rng.choice(ids)}/") for _ in range(args.requests)]
    searches = []
    for i in range(args.requests):
        kind = i % 5
        if kind == 0:
            query = f"q={rng.choice(names).split()[0]}"
        elif kind == 1:
            query = f"q={rng.choice(postcodes)[:4]}"
        elif kind == 2:
            query = f"la={rng.choice(las)}&rating=Good"
        elif kind == 3:
            query = f"q={rng.choice(ids)}"
        else:
            query = f"service=Homecare+agencies&la={rng.choice(las)}&page=2"
        searches.append(get(f"/services/?{query}"))
    base_p95 = common.p95(page_baseline)
    results["baseline_sign_in_page"] = common.summary(page_baseline)
    results["location_page"] = {
        **common.summary(location_pages),
        "target_p95_ms": 150,
        "ratio_p95_to_baseline": round(common.p95(location_pages) / base_p95, 1),
    }
    results["register_search"] = {
        **common.summary(searches),
        "target_p95_ms": 150,
        "ratio_p95_to_baseline": round(common.p95(searches) / base_p95, 1),
    }
    base_market = common.p95(baseline)
    for key, value in results.items():
        if key.startswith("market_"):
            value["ratio_p95_to_baseline"] = round(value["p95_ms"] / 1000 / base_market, 1)
    for key, value in results.items():
        print(
            f"{key:45} median {value['median_ms']:8.1f} ms  p95 {value['p95_ms']:8.1f} ms"
            + (f"  ×{value['ratio_p95_to_baseline']}" if "ratio_p95_to_baseline" in value else "")
        )
    common.write_results(f"web-{connection.vendor}", {"database": connection.vendor, "results": results})


if __name__ == "__main__":
    main()
