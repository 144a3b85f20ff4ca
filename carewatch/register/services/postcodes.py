"""``carewatch import-postcodes FILE``: postcode points from the ONS Postcode Directory (ONSPD) or
the National Statistics Postcode Lookup (NSPL), the CSV layout the ONS publishes.

Columns used (any case, any order): ``pcds`` (or ``pcd``), ``lat``, ``long``, ``ctry`` (optional)
and ``doterm`` (optional). A row with a termination date is a postcode no longer in use: it is left
out, and removed if an earlier file had it. A row without a grid reference (``lat`` 99.999999) has
no point and is left out. Any other bad row stops the import with the file and line named, and
nothing changes. The file is read as a stream, written in batches in one transaction, and
importing the same file again changes nothing (docs/finder.md).
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from django.db import transaction

from carewatch.core import audit
from carewatch.register import models, places

BATCH = 5000
NO_GRID_REFERENCE = 99.999999
MAX_PROBLEMS = 10


class PostcodeFileError(Exception):
    """The file cannot be imported; ``str()`` names the file (and the line) for people."""


@dataclass
class PostcodeSummary:
    file: str
    rows: int = 0
    imported: int = 0
    terminated: int = 0
    without_grid_reference: int = 0

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _columns(header: list[str], path: Path) -> dict[str, int]:
    names = {name.strip().lower(): i for i, name in enumerate(header)}
    postcode = names.get("pcds", names.get("pcd"))
    if postcode is None or "lat" not in names or "long" not in names:
        raise PostcodeFileError(
            f"{path}: the first line has no pcds (or pcd), lat and long columns: is this the ONSPD or NSPL CSV?"
        )
    found = {"postcode": postcode, "lat": names["lat"], "long": names["long"]}
    for optional in ("ctry", "doterm"):
        if optional in names:
            found[optional] = names[optional]
    return found


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _write(batch: list[models.PostcodePoint], gone: list[str]) -> None:
    if batch:
        models.PostcodePoint.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["postcode"],
            update_fields=["latitude", "longitude", "country_code", "source"],
        )
    if gone:
        models.PostcodePoint.objects.filter(postcode__in=gone).delete()


def import_postcodes(*, path: Path, now: datetime, actor_label: str) -> PostcodeSummary:
    """Load every live postcode's point from ``path``; raises :class:`PostcodeFileError`."""
    summary = PostcodeSummary(file=path.name)
    problems: list[str] = []
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as error:
        raise PostcodeFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    with handle, transaction.atomic():
        rows = csv.reader(handle)
        try:
            header = next(rows)
        except StopIteration:
            raise PostcodeFileError(f"{path}: the file is empty") from None
        except (csv.Error, UnicodeDecodeError) as error:
            raise PostcodeFileError(f"{path} line 1: not a CSV file carewatch can read ({error})") from None
        columns = _columns(header, path)
        widest = max(columns.values())
        batch: list[models.PostcodePoint] = []
        gone: list[str] = []
        try:
            for row in rows:
                if len(problems) >= MAX_PROBLEMS:
                    break
                line = rows.line_num
                if not any(cell.strip() for cell in row):
                    continue
                summary.rows += 1
                if len(row) <= widest:
                    problems.append(f"{path} line {line}: {len(row)} columns, expected at least {widest + 1}")
                    continue
                postcode = places.parse_postcode(row[columns["postcode"]])
                if postcode is None or postcode.kind != places.UNIT:
                    problems.append(
                        f"{path} line {line}: {row[columns['postcode']]!r} is not a full postcode"
                    )
                    continue
                if "doterm" in columns and row[columns["doterm"]].strip():
                    summary.terminated += 1
                    gone.append(postcode.text)
                    continue
                lat, lon = _number(row[columns["lat"]]), _number(row[columns["long"]])
                if lat is None or lon is None or not (-90 <= lat <= 90 or lat == NO_GRID_REFERENCE):
                    problems.append(f"{path} line {line}: lat and long must be numbers of degrees")
                    continue
                if lat == NO_GRID_REFERENCE:
                    summary.without_grid_reference += 1
                    continue
                country = row[columns["ctry"]].strip() if "ctry" in columns else ""
                batch.append(
                    models.PostcodePoint(
                        postcode=postcode.text,
                        latitude=lat,
                        longitude=lon,
                        country_code=country[:9],
                        source=path.name,
                    )
                )
                if len(batch) >= BATCH or len(gone) >= BATCH:
                    if not problems:
                        _write(batch, gone)
                    summary.imported += len(batch)
                    batch, gone = [], []
        except (csv.Error, UnicodeDecodeError) as error:
            problems.append(f"{path} line {rows.line_num}: not a CSV line carewatch can read ({error})")
        if problems:
            transaction.set_rollback(True)
            raise PostcodeFileError("nothing was imported:\n" + "\n".join(problems[:MAX_PROBLEMS]))
        if summary.rows == 0:
            raise PostcodeFileError(f"{path}: the file has a header but no postcodes")
        _write(batch, gone)
        summary.imported += len(batch)
        audit.record(
            at=now,
            actor_label=actor_label,
            action="register.postcodes_imported",
            object_type="postcode_file",
            object_id=path.name,
            after=summary.as_dict(),
        )
    return summary
