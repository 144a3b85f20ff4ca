"""Risk scores for every active adult social care service in England, as at a date (docs/planning.md).

Measured: ``risk_all_england``: ``planning.queries.scores_as_at`` for all of England (signals in bulk,
every score and its reasons, the ranking), three runs. Target under 10 s at full scale.

Baseline, measured in the same run: the market figures as at the same date for every local authority
(``register.queries.market_figures(by="la", as_of=…)``), the other England-wide "as at" read of the
register's rating history. Prints seconds and the ratio; writes bench/results/risk-<backend>.json.

The data is the synthetic England's API dump (it carries each service's rating history; the bulk
CSVs carry only current ratings). ``--scale 1.0`` is all of England; a smaller scale is quicker to
generate and says so in the results.

    .venv/bin/python bench/bench_risk.py [--scale 1.0] [--data var/bench/england-api-<scale>] [--database-url URL]
"""

import argparse
import os
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

TARGET_SECONDS = 10.0
AS_OF = date(2026, 11, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--data")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='carewatch-bench-')}/risk.sqlite3"
    common.setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from carewatch.planning import queries as planning
    from carewatch.register import queries, services
    from carewatch.register.importers import detect

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    data = Path(args.data or f"var/bench/england-api-{args.scale:g}")
    if not (data / "api" / "locations.json").exists():
        print(f"generating a synthetic England (scale {args.scale:g}, API dump) into {data} …")
        call_command("generate", out=str(data), seed=1, scale=args.scale, formats="api")
    import_seconds, _ = common.timed(
        services.import_snapshot,
        reader=detect.open_reader(data / "api"),
        imported_at=datetime.now(UTC),
        actor_label="bench",
        force=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    risk_runs, baseline_runs = [], []
    scores: list = []
    for _ in range(args.runs):
        seconds, scores = common.timed(planning.scores_as_at, as_of=AS_OF)
        risk_runs.append(seconds)
        seconds, _ = common.timed(queries.market_figures, by="la", as_of=AS_OF)
        baseline_runs.append(seconds)
    best, baseline = min(risk_runs), min(baseline_runs)
    print(f"imported in {import_seconds:.1f} s; {len(scores)} active adult social care services scored")
    print(f"risk_all_england      {best:.2f} s (target under {TARGET_SECONDS:g} s at scale 1)")
    print(f"baseline market_by_la {baseline:.2f} s; ratio {best / baseline:.2f}")
    common.write_results(
        f"risk-{connection.vendor}",
        {
            "scale": args.scale,
            "as_of": AS_OF.isoformat(),
            "services_scored": len(scores),
            "import_seconds": round(import_seconds, 2),
            "risk_all_england_seconds": [round(s, 3) for s in risk_runs],
            "baseline_market_by_la_seconds": [round(s, 3) for s in baseline_runs],
            "ratio_to_baseline": round(best / baseline, 2),
            "target_seconds": TARGET_SECONDS,
            "met": best < TARGET_SECONDS if args.scale >= 1 else None,
        },
    )


if __name__ == "__main__":
    main()
