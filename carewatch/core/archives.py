"""Zip archives (``.xlsx``, ``.ods``) checked from their central directory before any reader opens them.

A spreadsheet is a zip of XML. A few megabytes of deflated zeros can declare gigabytes: a 4 MB
``.xlsx`` that expands to 2 GiB aborted the process inside calamine, and a 2 MB ``.ods`` of the
same kind took 4.6 GB of memory (issue 12). :func:`check` reads only the zip's directory (names and
sizes, no content) and refuses, naming the file, the entry and the limit:

- more than :data:`MAX_ENTRIES` entries;
- more than ``CAREWATCH_MAX_UNCOMPRESSED_MB`` in all, once expanded (default 1,024 MB: a full
  England ``Latest_ratings.ods`` expands to about 400 MB);
- an entry over 1 MB that expands more than ``CAREWATCH_MAX_COMPRESSION_RATIO`` times its
  compressed size (default 100, as Apache POI's ``ZipSecureFile``; CQC's and the generator's files
  expand 7 to 35 times; deflated zeros about 1,000 times).

The directory is written by whoever made the file, so it can understate a size. Python's ``zipfile``
never reads past the size the directory gives (and then fails the CRC check), so a reader built on
it, like the ODS reader, is bounded by these checks. A reader with its own unzipping (calamine) is
not: ``check(path, inflate=True)`` also expands every entry in 1 MB pieces, counting, and refuses an
entry whose content is not what the directory says, before that reader sees the file.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MAX_ENTRIES = 10_000
MB = 1024 * 1024
# Entries smaller than this expand to too little to matter, whatever their ratio.
RATIO_FLOOR = MB
_CHUNK = MB


class ArchiveRefused(ValueError):
    """The archive is refused before reading; the message names the file, the entry and the limit."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_ratio: float
    max_entries: int = MAX_ENTRIES


def limits() -> Limits:
    """The limits in force (``CAREWATCH_MAX_UNCOMPRESSED_MB``, ``CAREWATCH_MAX_COMPRESSION_RATIO``)."""
    return Limits(
        max_bytes=int(settings.CAREWATCH_MAX_UNCOMPRESSED_MB * MB),
        max_ratio=float(settings.CAREWATCH_MAX_COMPRESSION_RATIO),
    )


def _mb(size: int) -> str:
    return f"{size / MB:,.1f} MB"


def check(path: Path | str, *, inflate: bool = False, within: Limits | None = None) -> None:
    """Refuse ``path`` (``ArchiveRefused``) when its zip directory exceeds the limits.

    A file that is not a zip at all is left to its reader, which says so in its own words.
    ``inflate`` also expands every entry to prove the directory's sizes (for readers that do not use
    Python's ``zipfile``).
    """
    path = Path(path)
    within = within or limits()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return  # not a zip: its reader says so in its own words
    with archive:
        check_open(path.name, archive, inflate=inflate, within=within)


def check_open(
    name: str, archive: zipfile.ZipFile, *, inflate: bool = False, within: Limits | None = None
) -> None:
    """:func:`check` for an archive already open (an upload held in memory), named ``name`` in messages."""
    within = within or limits()
    entries = archive.infolist()
    _check_directory(name, entries, within)
    if inflate:
        for entry in entries:
            _check_content(name, archive, entry)


def _check_directory(name: str, entries: list[zipfile.ZipInfo], within: Limits) -> None:
    if len(entries) > within.max_entries:
        raise ArchiveRefused(
            f"{name}: refused before reading: it holds {len(entries):,} files; "
            f"carewatch reads archives (.xlsx, .ods) of at most {within.max_entries:,}"
        )
    total = 0
    for entry in entries:
        total += entry.file_size
        if total > within.max_bytes:
            raise ArchiveRefused(
                f"{name}: refused before reading: it expands to more than {_mb(within.max_bytes)} "
                f"(at {entry.filename}); the limit is CAREWATCH_MAX_UNCOMPRESSED_MB = "
                f"{within.max_bytes // MB:,}"
            )
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_FLOOR and ratio > within.max_ratio:
            raise ArchiveRefused(
                f"{name}: refused before reading: {entry.filename} expands from "
                f"{_mb(entry.compress_size)} to {_mb(entry.file_size)}, {ratio:,.0f} times; the limit is "
                f"CAREWATCH_MAX_COMPRESSION_RATIO = {within.max_ratio:g} times (a decompression bomb?)"
            )


def _check_content(name: str, archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Expand ``entry`` in pieces: ``zipfile`` stops at the declared size, then checks the CRC."""
    try:
        with archive.open(entry) as stream:
            while stream.read(_CHUNK):
                pass
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise ArchiveRefused(
            f"{name}: refused before reading: {entry.filename} does not match the archive's directory "
            f"or cannot be expanded ({error})"
        ) from None
