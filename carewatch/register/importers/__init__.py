"""Readers for the CQC's formats.

Every reader is a callable ``read_xxx(path) -> Reader``. A :class:`Reader` is iterable, yielding
:class:`~carewatch.register.importers.records.ProviderRecord` and
:class:`~carewatch.register.importers.records.LocationRecord` objects in any order (providers may be
yielded only as ids on locations). Anything it cannot accept becomes a
:class:`~carewatch.register.importers.records.BadRecord` in ``reader.meta.bad_records`` and the reader
goes on. Only a problem with the file as a whole (missing required column, unreadable file, wrong
encoding for the whole file) raises :class:`ImportFileError`.

Readers never touch the database: ``carewatch.register.services.import_snapshot`` does the writing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from carewatch.core import archives
from carewatch.register.importers.records import LocationRecord, ProviderRecord, SnapshotMeta


class ImportFileError(Exception):
    """The file as a whole cannot be read: the message names the file and what is wrong."""


def check_archive(path: Path, *, inflate: bool = False) -> None:
    """Refuse an ``.xlsx``/``.ods`` whose zip directory declares too much (``core.archives``), before
    any reader opens it: a decompression bomb is an :class:`ImportFileError` naming the file and the limit."""
    try:
        archives.check(path, inflate=inflate)
    except archives.ArchiveRefused as refused:
        raise ImportFileError(str(refused)) from None


class Reader(Protocol):
    meta: SnapshotMeta
    # An estimate of how many location records the reader will yield (for a progress bar), or None.
    estimated_total: int | None

    def __iter__(self) -> Iterator[LocationRecord | ProviderRecord]: ...
