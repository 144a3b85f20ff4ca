"""Market insight with all of England loaded: every England dashboard, and a large council's committee PDF.

Targets (issue 7): p95 under 300 ms for any England dashboard page; the committee PDF under 5 s.
Baseline measured in the same run: rendering the register's market page (/market/, one grouped query
and a table). Precomputed monthly figures are refreshed once after the import, and the England and
regional dashboards' charts drawn into the shared file cache, as ``carewatch import-cqc`` does.
Each dashboard is measured three ways: "warm" (the same process again), "new worker" (this
process's chart copies dropped before every request, the shared file cache kept: a web worker that
has not drawn them itself) and "cold" (both emptied before every request: no warming at all).
Writes bench/results/insights-<vendor>.json.

    .venv/bin/python bench/bench_insights.py [--data var/bench/england] [--database-url URL]
    BENCH_DATABASE_URL=postgres://… .venv/bin/python bench/bench_insights.py
"""

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="var/bench/england")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument(
        "--reuse", action="store_true", help="the database already holds the import (SQLite file)"
    )
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='carewatch-bench-')}/insights.sqlite3"
    os.environ["CAREWATCH_CACHE_DIR"] = tempfile.mkdtemp(prefix="carewatch-bench-cache-")  # as in production
    common.setup_django(url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from carewatch.insights import charts, services, timeline, warming
    from carewatch.register import models
    from carewatch.register import services as register_services
    from carewatch.register.importers import detect

    if not args.reuse:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        call_command("migrate", verbosity=0)
        data = Path(args.data)
        if not (data / "api" / "locations.json").exists():
            call_command("generate", out=str(data), seed=1, scale=1.0, formats="api")
        register_services.import_snapshot(
            reader=detect.open_reader(data / "api"),
            imported_at=datetime.now(UTC),
            actor_label="bench",
            force=True,
        )
    else:
        call_command("migrate", verbosity=0)
    print(f"{models.Location.objects.count()} locations loaded ({connection.vendor})")
    now = timezone.now()
    refresh_seconds, rows = common.timed(
        services.refresh_market_months, until=timezone.localdate(now), now=now, actor_label="bench"
    )
    print(f"refreshed {rows} monthly figures in {refresh_seconds:.1f} s")
    charts.clear_cache()
    warmed = warming.warm_dashboards(today=timezone.localdate(now))
    print(f"drew the charts of {warmed.dashboards} dashboards in {warmed.seconds:.1f} s")
    charts.clear_cache(shared=False)  # the web process below has drawn nothing itself

    client = Client()

    def get(path: str, *, cold: bool = False, new_worker: bool = False) -> float:
        if cold or new_worker:
            charts.clear_cache(shared=cold)
        seconds, response = common.timed(client.get, path)
        assert response.status_code == 200, (path, response.status_code)
        return seconds

    get("/market/")
    baseline = [get("/market/?by=la&service=care-homes") for _ in range(args.requests)]
    base_p95 = common.p95(baseline)
    results = {
        "refresh_market_months": {"seconds": round(refresh_seconds, 1), "rows": rows},
        "warm_dashboards": {"seconds": round(warmed.seconds, 1), "dashboards": warmed.dashboards},
        "baseline_market_page": common.summary(baseline),
    }
    last_month_end = timeline.previous_month_end(timezone.localdate(now))
    dashboards = {
        f"england_{service}": f"/insights/?service={service}"
        for service in ("care-homes", "home-care", "all")
    }
    dashboards["england_care-homes_as_of_month_end"] = f"/insights/?service=care-homes&as_of={last_month_end}"
    dashboards["england_all_10_years"] = "/insights/?service=all&years=10"
    # The first visitor to each dashboard after the import, before any cold measurement empties the cache.
    firsts = {name: get(path, new_worker=True) for name, path in dashboards.items()}
    for name, path in dashboards.items():
        first = firsts[name]
        warm = [get(path) for _ in range(args.requests)]
        new_worker = [get(path, new_worker=True) for _ in range(max(5, args.requests // 4))]
        cold = [get(path, cold=True) for _ in range(max(5, args.requests // 4))]
        results[f"dashboard_{name}"] = {
            **common.summary(warm),
            "first_request_ms": round(first * 1000, 2),
            "warmed_by_the_import": name in ("england_care-homes", "england_home-care", "england_all"),
            "new_worker": common.summary(new_worker),
            "cold_charts": common.summary(cold),
            "target_p95_ms": 300,
            "ratio_p95_to_baseline": round(common.p95(warm) / base_p95, 1),
        }
    mid_month = last_month_end.replace(day=15)
    live = [get(f"/insights/?service=care-homes&as_of={mid_month}") for _ in range(3)]
    results["dashboard_england_care-homes_as_of_mid_month_live"] = {
        **common.summary(live),
        "note": "a date that is not a month-end: recomputed from the whole history (no target)",
    }
    league = [get("/insights/commissioners/") for _ in range(10)]
    results["commissioner_league_councils"] = {
        **common.summary(league),
        "ratio_p95_to_baseline": round(common.p95(league) / base_p95, 1),
    }

    # The committee PDF for the council with most locations.
    from django.db.models import Count

    from carewatch.core import access
    from carewatch.insights import areas, reports, timeline

    code = (
        models.Location.objects.filter(adult_social_care=True)
        .values("local_authority_id")
        .annotate(n=Count("id"))
        .order_by("-n", "local_authority_id")
        .values_list("local_authority_id", flat=True)
        .first()
    )
    council = areas.get("la", code)
    today = timezone.localdate(now)

    def pdf() -> bytes:
        charts.clear_cache()
        report = reports.build(
            council,
            date_from=timeline.years_before(today, 1),
            date_to=today,
            today=today,
            owners=access.NATIONAL,
        )
        return reports.render_pdf(report)

    pdf_samples = []
    for _ in range(3):
        seconds, data = common.timed(pdf)
        pdf_samples.append(seconds)
    results["committee_pdf_largest_council"] = {
        **common.summary(pdf_samples),
        "council": council.name,
        "bytes": len(data),
        "target_ms": 5000,
        "ratio_p95_to_baseline": round(common.p95(pdf_samples) / base_p95, 1),
    }
    for key, value in results.items():
        if "p95_ms" in value:
            print(
                f"{key:55} median {value['median_ms']:8.1f} ms  p95 {value['p95_ms']:8.1f} ms"
                + (f"  ×{value['ratio_p95_to_baseline']}" if "ratio_p95_to_baseline" in value else "")
                + (
                    f"  first {value['first_request_ms']:.0f} ms, new worker p95 {value['new_worker']['p95_ms']:.1f} ms,"
                    f" cold p95 {value['cold_charts']['p95_ms']:.1f} ms"
                    if "cold_charts" in value
                    else ""
                )
            )
    common.write_results(f"insights-{connection.vendor}", {"database": connection.vendor, "results": results})


if __name__ == "__main__":
    main()
