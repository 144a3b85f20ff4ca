"""``carewatch generate``: build the synthetic England, then write each requested format.

Layout under ``--out``::

    api/                    locations.json, providers.json, snapshot.json,
                            location_details/location_<id>.json, provider_details/provider_<id>.json
    bulk/                   01_November_2026_HSCA_Active_Locations.{ods,xlsx,csv},
                            01_November_2026_Latest_ratings.ods, 01_November_2026_CQC_directory.csv,
                            01_November_2026_Deactivated_Locations.ods
    monthly/2026-10-01/     HSCA CSV + Latest_ratings for each of the last --months months

The writers run in forked worker processes (``jobs``), each reading the same in-memory model, so
the output does not depend on how many run at once.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from carewatch.demo.generator import editions
from carewatch.demo.generator import writers_api as api
from carewatch.demo.generator import writers_bulk as bulk
from carewatch.demo.generator import writers_closures as closures
from carewatch.demo.generator.api_records import Context
from carewatch.demo.generator.model import DEFAULT_AS_OF, England, build_england

FORMATS = ("api", "hsca-ods", "hsca-xlsx", "hsca-csv", "latest-ratings", "directory", "deactivated")
EDITIONS = editions.EDITIONS  # "current", "2016": how CQC_directory.csv is written
API_PARTS = 2  # the location files are written by this many tasks, to share the work


@dataclass(frozen=True)
class Written:
    label: str
    path: Path
    rows: int
    seconds: float  # wall clock
    size: int  # bytes written
    cpu: float = 0.0  # CPU seconds of the worker: comparable when the machine is busy


def months_back(as_of: date, count: int) -> list[date]:
    """The ``count`` monthly snapshot dates ending at ``as_of``, oldest first (same day of month)."""
    out = []
    for back in range(count - 1, -1, -1):
        year, month = divmod(as_of.year * 12 + as_of.month - 1 - back, 12)
        out.append(date(year, month + 1, min(as_of.day, 28)))
    return out


def source_text(
    seed: int, scale: float, area: str | None, as_of: date, edition: str = editions.CURRENT
) -> str:
    text = f"carewatch generate --seed {seed}"
    if as_of != DEFAULT_AS_OF:
        text += f" --as-of {as_of.isoformat()}"
    if scale != 1.0:
        text += f" --scale {scale:g}"
    if area:
        text += f" --area {area}"
    if edition != editions.CURRENT:
        text += f" --edition {edition}"
    return text


_ENGLAND: England | None = None  # the model the forked workers read
_SOURCE = ""


def _england() -> England:
    if _ENGLAND is None:
        raise RuntimeError("the model is built before the writers start")
    return _ENGLAND


def _size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else 0


def _clear_details(folder: Path, prefix: str) -> None:
    if folder.is_dir():
        for old in folder.glob(f"{prefix}_*.json"):
            old.unlink()


def _task_api_locations(out: Path, part: int) -> tuple[Path, int, int]:
    england = _england()
    ctx = Context(england)
    locations = england.locations[part::API_PARTS]
    return (out / "location_details", *api.write_locations(out, locations, ctx))


def _task_api_providers(out: Path) -> tuple[Path, int, int]:
    england = _england()
    ctx = Context(england)
    api.write_envelopes(out, england, _SOURCE)
    count, size = api.write_providers(out, england.providers, ctx)
    return (
        out / "provider_details",
        count,
        size + _size(out / "locations.json") + _size(out / "providers.json"),
    )


def _task_bulk(writer: Callable, path: Path, when: date) -> tuple[Path, int, int]:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = writer(path, Context(_england()), when)
    return path, rows, _size(path)


def _run(task: tuple) -> Written:
    label, func, args = task
    started, cpu = time.perf_counter(), time.process_time()
    path, rows, size = func(*args)
    return Written(label, path, rows, time.perf_counter() - started, size, time.process_time() - cpu)


def plan(
    out: Path, england: England, formats: tuple[str, ...], months: int, edition: str = editions.CURRENT
) -> list[tuple]:
    tasks: list[tuple] = []  # longest first, so two workers finish together
    when = england.as_of
    stem = bulk.file_stem(when)
    bulk_dir = out / "bulk"
    writers = {
        "hsca-ods": (bulk.write_hsca_ods, f"{stem}_HSCA_Active_Locations.ods"),
        "hsca-xlsx": (bulk.write_hsca_xlsx, f"{stem}_HSCA_Active_Locations.xlsx"),
        "hsca-csv": (bulk.write_hsca_csv, f"{stem}_HSCA_Active_Locations.csv"),
        "latest-ratings": (bulk.write_latest_ratings, f"{stem}_Latest_ratings.ods"),
        "directory": (functools.partial(bulk.write_directory, edition=edition), f"{stem}_CQC_directory.csv"),
        "deactivated": (closures.write_deactivated, f"{stem}_Deactivated_Locations.ods"),
    }
    if "hsca-xlsx" in formats:  # the slowest single task: XlsxWriter spends ~15 µs a cell
        writer, file_name = writers["hsca-xlsx"]
        tasks.append(("hsca-xlsx", _task_bulk, (writer, bulk_dir / file_name, when)))
    if "api" in formats:
        api_dir = out / "api"
        _clear_details(api_dir / "location_details", "location")
        _clear_details(api_dir / "provider_details", "provider")
        for part in range(API_PARTS):
            tasks.append((f"api locations {part + 1}/{API_PARTS}", _task_api_locations, (api_dir, part)))
        tasks.append(("api providers + envelopes", _task_api_providers, (api_dir,)))
    for name in ("latest-ratings", "hsca-ods", "hsca-csv", "directory", "deactivated"):
        if name in formats:
            writer, file_name = writers[name]
            tasks.append((name, _task_bulk, (writer, bulk_dir / file_name, when)))
    for day in months_back(when, months):
        folder = out / "monthly" / day.isoformat()
        month_stem = bulk.file_stem(day)
        tasks.append(
            (
                f"monthly {day} hsca-csv",
                _task_bulk,
                (bulk.write_hsca_csv, folder / f"{month_stem}_HSCA_Active_Locations.csv", day),
            )
        )
        tasks.append(
            (
                f"monthly {day} latest-ratings",
                _task_bulk,
                (bulk.write_latest_ratings, folder / f"{month_stem}_Latest_ratings.ods", day),
            )
        )
    return tasks


def generate(
    out: Path,
    *,
    seed: int = 1,
    as_of: date = DEFAULT_AS_OF,
    scale: float = 1.0,
    area: str | None = None,
    formats: tuple[str, ...] = FORMATS,
    months: int = 0,
    jobs: int | None = None,
    edition: str = editions.CURRENT,
    log: Callable[[str], None] = print,
) -> tuple[England, list[Written]]:
    """Build the model and write every requested format; returns the model and what was written.

    ``edition`` is the edition of CQC_directory.csv (``EDITIONS``); the other files have one layout.
    """
    global _ENGLAND, _SOURCE
    unknown = [name for name in formats if name not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format(s) {', '.join(unknown)}: choose from {', '.join(FORMATS)}")
    editions.directory_edition(edition)  # ValueError for an unknown one, before any work
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    started, cpu = time.perf_counter(), time.process_time()
    england = build_england(seed=seed, as_of=as_of, scale=scale, area=area)
    log(
        f"model: {len(england.locations):,} locations, {len(england.providers):,} providers "
        f"({time.perf_counter() - started:.1f} s, cpu {time.process_time() - cpu:.1f} s)"
    )
    _ENGLAND, _SOURCE = england, source_text(seed, scale, area, as_of, edition)
    tasks = plan(out, england, tuple(formats), months, edition)
    jobs = jobs or min(2, os.cpu_count() or 1)
    written: list[Written] = []
    try:
        if jobs > 1 and len(tasks) > 1 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                for result in pool.imap_unordered(_run, tasks):
                    written.append(result)
                    log(_describe(result))
            order = {task[0]: index for index, task in enumerate(tasks)}
            written.sort(key=lambda w: order[w.label])
        else:
            for task in tasks:
                result = _run(task)
                written.append(result)
                log(_describe(result))
    finally:
        _ENGLAND = None
    log(f"total: {time.perf_counter() - started:.1f} s")
    return england, written


def _describe(w: Written) -> str:
    return f"{w.label}: {w.rows:,} rows/files -> {w.path} ({w.size / 1e6:,.1f} MB, {w.seconds:.1f} s, cpu {w.cpu:.1f} s)"
