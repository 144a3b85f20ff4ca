"""Find care near a place with the full synthetic England loaded (docs/finder.md, "How fast").

Measured, each over postcodes drawn from the five largest towns (cities) in the register:

- ``finder_10_miles_two_filters``: a 10-mile search around a full city postcode with two filters
  (care home with nursing, dementia): parse, resolve the postcode, bounding box, exact distance,
  filters and counts, and the first page of 20 services loaded. Target p95 under 150 ms.
- ``finder_50_miles``: the same with 50 miles and no filter. Target p95 under 300 ms.
- ``finder_page_10_miles_two_filters``: the whole ``/find/`` page through Django's test client
  (badges and template included), for information.

The finder keeps each service's types, needs and ratings in the process once read (by the record's
source hash): the first search of a process is timed alone (``cold_first_50_miles_ms``), then one
50-mile search around each city warms it, as a running server is.

Baseline, measured in the same run: the plain name search (``register.queries.search_locations``
with a word from a service's name: its count and first page of 25), what ``/services/?q=…`` runs.
Prints p95 and ratios; writes bench/results/finder-<backend>.json.

    .venv/bin/python bench/bench_finder.py [--data var/bench/england] [--database-url URL]
"""

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

TARGETS_MS = {"finder_10_miles_two_filters": 150, "finder_50_miles": 300}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="var/bench/england")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--searches", type=int, default=100)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='carewatch-bench-')}/finder.sqlite3"
    common.setup_django(url)
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from carewatch.register import finder, models, places, queries, services
    from carewatch.register.importers import detect

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    data = Path(args.data)
    bulk = sorted((data / "bulk").glob("*HSCA_Active_Locations.csv"))
    if not bulk:
        print(f"generating a synthetic England into {data} …")
        call_command("generate", out=str(data), seed=1, scale=1.0)
        bulk = sorted((data / "bulk").glob("*HSCA_Active_Locations.csv"))
    source = max(bulk, key=lambda path: path.stat().st_mtime)
    seconds, _ = common.timed(
        services.import_snapshot,
        reader=detect.open_reader(source),
        imported_at=datetime.now(UTC),
        actor_label="bench",
        force=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics, as a database in use has them
    active = models.Location.objects.filter(is_active=True, adult_social_care=True)
    print(
        f"{models.Location.objects.count()} locations loaded from {source.name} in {seconds:.0f} s"
        f" ({active.count()} active adult social care; {connection.vendor})"
    )

    rng = random.Random(1)
    cities = [
        row["town"]
        for row in active.exclude(town="").values("town").annotate(n=Count("id")).order_by("-n", "town")[:5]
    ]
    located = list(
        active.filter(town__in=cities, latitude__isnull=False)
        .exclude(postcode="")
        .order_by("id")
        .values_list("postcode", "town")
    )
    postcodes = [postcode for postcode, _ in located]
    words = [
        word
        for name in active.values_list("name", flat=True)[:5000]
        for word in name.split()
        if len(word) > 3 and word.isalpha()
    ]
    today = timezone.localdate()

    def name_search() -> float:
        def run():
            found = queries.search_locations(
                queries.SearchCriteria(text=rng.choice(words), other_services=False)
            )
            return found.count(), list(found[:25])

        return common.timed(run)[0]

    cpu: dict[str, list[float]] = {}

    def find(params: dict, kind: str = "") -> float:
        query = finder.parse_query(params)
        started, started_cpu = time.perf_counter(), time.process_time()
        found = finder.find(query, today=today, page_size=20)
        finder.locations([hit.location_id for hit in found.page(1, 20)])
        cpu.setdefault(kind, []).append(time.process_time() - started_cpu)
        return time.perf_counter() - started

    client = Client()

    def page(params: dict) -> float:
        seconds, response = common.timed(client.get, "/find/", params)
        assert response.status_code == 200, (params, response.status_code)
        return seconds

    two_filters = {"within": ["10"], "type": ["nursing"], "need": ["dementia"]}
    # The first search of a process reads the types, needs and ratings of every service it meets
    # (register.finder keeps them by source hash): timed once, then warmed as a running server is.
    cold_first_50_miles = find({"near": [postcodes[0]], "within": ["50"]})
    by_city = {city: [pc for pc, town in located if town == city] for city in cities}
    for city in cities:
        find({"near": [by_city[city][0]], "within": ["50"]})
    for _ in range(5):
        name_search()
        find({"near": [rng.choice(postcodes)], **two_filters})
    samples: dict[str, list[float]] = {
        "baseline_name_search": [],
        "finder_10_miles_two_filters": [],
        "finder_50_miles": [],
        "finder_page_10_miles_two_filters": [],
    }
    sizes = {"finder_10_miles_two_filters": [], "finder_50_miles": []}
    for _ in range(args.searches):  # interleaved, so a slow moment of the machine hits every kind alike
        samples["baseline_name_search"].append(name_search())
        near = rng.choice(postcodes)
        samples["finder_10_miles_two_filters"].append(
            find({"near": [near], **two_filters}, "finder_10_miles_two_filters")
        )
        samples["finder_50_miles"].append(find({"near": [near], "within": ["50"]}, "finder_50_miles"))
        samples["finder_page_10_miles_two_filters"].append(
            page({"near": near, "within": "10", "type": "nursing", "need": "dementia"})
        )
    for name, within in (("finder_10_miles_two_filters", 10), ("finder_50_miles", 50)):
        for near in rng.sample(postcodes, 10):
            place = places.resolve(near)
            sizes[name].append(
                finder.search(finder.Query(near=near, within=within), place, today=today).in_distance
            )

    print(f"first 50-mile search of the process (cold): {cold_first_50_miles * 1000:.0f} ms")
    base_p95 = common.p95(samples["baseline_name_search"])
    results: dict[str, dict] = {}
    for name, values in samples.items():
        results[name] = common.summary(values)
        if name != "baseline_name_search":
            results[name]["ratio_p95_to_baseline"] = round(common.p95(values) / base_p95, 1)
        if name in TARGETS_MS:
            results[name]["target_p95_ms"] = TARGETS_MS[name]
            # CPU time of this process: on SQLite (which runs in it) what the search costs when the
            # machine's other processes do not hold the cores; on PostgreSQL the server's share is not in it.
            results[name]["cpu_p95_ms"] = round(common.p95(cpu[name]) * 1000, 1)
            results[name]["cpu_median_ms"] = round(sorted(cpu[name])[len(cpu[name]) // 2] * 1000, 1)
            results[name]["services_within_distance_median"] = sorted(sizes[name])[len(sizes[name]) // 2]
    for name, value in results.items():
        print(
            f"{name:36} median {value['median_ms']:7.1f} ms  p95 {value['p95_ms']:7.1f} ms"
            + (f"  ×{value['ratio_p95_to_baseline']}" if "ratio_p95_to_baseline" in value else "")
            + (f"  cpu p95 {value['cpu_p95_ms']:.1f} ms" if "cpu_p95_ms" in value else "")
            + (f"  (target {value['target_p95_ms']} ms)" if "target_p95_ms" in value else "")
        )
    with open("/proc/loadavg") as load:
        load_average = load.read().split()[:3]
    print(f"load average during the run: {' '.join(load_average)} on {os.cpu_count()} cores")
    common.write_results(
        f"finder-{connection.vendor}",
        {
            "database": connection.vendor,
            "load_average": load_average,
            "source": source.name,
            "locations": models.Location.objects.count(),
            "active_adult_social_care": active.count(),
            "cities": cities,
            "cold_first_50_miles_ms": round(cold_first_50_miles * 1000, 1),
            "results": results,
        },
    )


if __name__ == "__main__":
    main()
