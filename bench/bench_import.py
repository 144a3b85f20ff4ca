"""Import of the full synthetic England, per format, from empty and again unchanged; then, for the
HSCA CSV, one month's file after the month before (the changes the undo log keeps) and its undo.

Baseline, measured in the same run: reading the same files with a fast parser alone (polars), which
parses without validating, normalising or writing anything. Prints each import time and its ratio to
the baseline, and writes bench/results/import-<backend>.json.

    .venv/bin/python bench/bench_import.py [--data var/bench/england] [--scale 1.0] [--database-url URL]
"""

import argparse
import json
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


def fresh_database(url: str | None) -> str:
    if url:
        return url
    return f"sqlite:///{tempfile.mkdtemp(prefix='carewatch-bench-')}/bench.sqlite3"


def reset_schema() -> None:
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        call_command("migrate", verbosity=0)
    else:
        call_command("migrate", verbosity=0)
        call_command("flush", interactive=False, verbosity=0)  # every table empty: an import from empty


def polars_read(path: Path) -> int:
    import polars as pl

    if path.is_dir():  # the API dump: every detail JSON file parsed
        count = 0
        for sub in ("location_details", "provider_details"):
            for file in sorted((path / sub).glob("*.json")):
                json.loads(file.read_bytes())
                count += 1
        return count
    if path.suffix == ".csv":
        return pl.read_csv(path, infer_schema_length=0).height
    if path.suffix == ".xlsx":
        return pl.read_excel(path, sheet_name="HSCA_Active_Locations", infer_schema_length=0).height
    if path.suffix == ".ods":
        return pl.read_ods(path, sheet_name="HSCA_Active_Locations", infer_schema_length=0).height
    raise ValueError(path)


def import_once(path: Path):
    from carewatch.register import services
    from carewatch.register.importers import detect

    return services.import_snapshot(
        reader=detect.open_reader(path), imported_at=datetime.now(UTC), actor_label="bench", force=True
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="var/bench/england")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--formats", default="api,hsca-csv,hsca-xlsx,hsca-ods")
    args = parser.parse_args()
    common.setup_django(fresh_database(args.database_url))
    from django.core.management import call_command
    from django.db import connection

    data = Path(args.data)
    if not (data / "api" / "locations.json").exists():
        print(f"generating a synthetic England (scale {args.scale}) into {data} …")
        call_command("generate", out=str(data), seed=1, scale=args.scale)
    if len(list(data.glob("monthly/*/*HSCA_Active_Locations.csv"))) < 2:
        print(f"generating the last two months' HSCA CSV into {data / 'monthly'} …")
        call_command("generate", out=str(data), seed=1, scale=args.scale, formats="hsca-csv", months=2)
    files = {
        "api": data / "api",
        "hsca-csv": newest(data / "bulk", "*HSCA_Active_Locations.csv"),
        "hsca-xlsx": next((data / "bulk").glob("*HSCA_Active_Locations.xlsx")),
        "hsca-ods": next((data / "bulk").glob("*HSCA_Active_Locations.ods")),
    }
    results = {}
    for name in args.formats.split(","):
        path = files[name]
        reset_schema()
        baseline, rows = common.timed(polars_read, path)
        first, summary = common.timed(import_once, path)
        again, summary_again = common.timed(import_once, path)
        results[name] = {
            "path": str(path),
            "rows_read_by_baseline": rows,
            "baseline_polars_s": round(baseline, 2),
            "import_from_empty_s": round(first, 2),
            "reimport_unchanged_s": round(again, 2),
            "ratio_import_to_baseline": round(first / baseline, 1),
            "ratio_reimport_to_baseline": round(again / baseline, 1),
            "created": summary.created,
            "rejected": summary.rejected,
            "reimport_already_imported": summary_again.already_imported,
            "targets": {"import_from_empty_s": 60, "reimport_unchanged_s": 15},
        }
        print(
            f"{name:10} baseline {baseline:6.2f}s  import {first:6.2f}s (×{first / baseline:.1f})  "
            f"re-import {again:6.2f}s (×{again / baseline:.1f})  created {summary.created}"
        )
    if "hsca-csv" in args.formats.split(","):
        results["month-on-month"] = month_on_month(data / "monthly")
    common.write_results(f"import-{connection.vendor}", {"database": connection.vendor, "results": results})


def newest(folder: Path, pattern: str) -> Path:
    return max(folder.glob(pattern), key=lambda path: common_date(path))


def common_date(path: Path):
    from carewatch.register.importers import tables

    return tables.as_of_from_file_name(path)


def month_on_month(folder: Path) -> dict:
    """Last month's HSCA CSV, then this month's: the import that changes, deregisters and logs for undo.

    Baseline: the same import with the undo log switched off (``UndoLog.save`` a no-op), so the ratio is
    what keeping the changes costs. Then the undo of this month's import.
    """
    from carewatch.register import models, services
    from carewatch.register.services import undo_log

    months = sorted(folder.glob("*/*HSCA_Active_Locations.csv"), key=common_date)
    previous, current = months[-2], months[-1]
    real_save = undo_log.UndoLog.save

    def without_log(self) -> None:
        self.rows = []

    timings = {}
    for label, save in (("without_undo_log", without_log), ("with_undo_log", real_save)):
        reset_schema()
        import_once(previous)
        undo_log.UndoLog.save = save  # type: ignore[method-assign]
        try:
            seconds, summary = common.timed(import_once, current)
        finally:
            undo_log.UndoLog.save = real_save  # type: ignore[method-assign]
        timings[label] = (seconds, summary)
    baseline, _ = timings["without_undo_log"]
    logged, summary = timings["with_undo_log"]
    changes = models.SnapshotChange.objects.filter(snapshot_id=summary.snapshot_id).count()
    undo_s, undone = common.timed(
        lambda: services.undo_snapshot(
            snapshot_id=summary.snapshot_id, now=datetime.now(UTC), actor_label="bench"
        )
    )
    print(
        f"month-on-month ({previous.name} → {current.name}): without undo log {baseline:6.2f}s,"
        f" with it {logged:6.2f}s (×{logged / baseline:.2f}), {changes} changes kept; undo {undo_s:6.2f}s"
        f" (restored {undone.restored}, removed {undone.removed})"
    )
    return {
        "previous": previous.name,
        "current": current.name,
        "baseline_without_undo_log_s": round(baseline, 2),
        "import_with_undo_log_s": round(logged, 2),
        "ratio_with_to_without_undo_log": round(logged / baseline, 2),
        "created": summary.created,
        "updated": summary.updated,
        "deregistered": summary.deregistered,
        "changes_kept": changes,
        "undo_s": round(undo_s, 2),
        "undo_restored": undone.restored,
        "undo_removed": undone.removed,
    }


if __name__ == "__main__":
    main()
