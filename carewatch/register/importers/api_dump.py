"""Read a directory of saved CQC API responses (a "dump"), laid out like ``shared/data/cqc-api-oldham``.

::

    locations.json                     the /locations list envelope (ids, names, postcodes)
    providers.json                     the /providers list envelope
    location_details/location_<id>.json   one /locations/{id} response per location
    provider_details/provider_<id>.json   one /providers/{id} response per provider
    snapshot.json                      optional: {"as_of": "YYYY-MM-DD", "source": "..."}

Providers are yielded first, then locations, each in id order, one file at a time. A top-level
``location_details.json`` (a single example response in the Oldham dump) is ignored.

Only the dump's own files are read: a symbolic link anywhere in it (a file or a folder) refuses the
whole dump, naming the link, and files are opened without following links, so a file swapped for a
link after that check is refused too (docs/security.md, "Limits on input").
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from carewatch.register.importers import ImportFileError
from carewatch.register.importers.api_json import location_from_api, provider_from_api
from carewatch.register.importers.records import (
    BadRecord,
    InvalidValue,
    LocationRecord,
    ProviderRecord,
    SnapshotMeta,
    parse_date,
)

SOURCE_KIND = "api-dump"
SNAPSHOT_FILE = "snapshot.json"


def read_api_dump(path: Path) -> ApiDumpReader:
    """A Reader over the dump directory ``path``; raises ImportFileError if it is not a dump."""
    return ApiDumpReader(Path(path))


class _Kind:
    def __init__(self, noun: str, list_key: str, id_key: str) -> None:
        self.noun = noun  # "location" / "provider"
        self.envelope = f"{noun}s.json"
        self.details = f"{noun}_details"
        self.list_key = list_key
        self.id_key = id_key

    def detail_name(self, record_id: str) -> str:
        return f"{self.details}/{self.noun}_{record_id}.json"


PROVIDERS = _Kind("provider", "providers", "providerId")
LOCATIONS = _Kind("location", "locations", "locationId")


class ApiDumpReader:
    def __init__(self, path: Path) -> None:
        if not path.is_dir():
            raise ImportFileError(f"{path}: not a directory")
        _refuse_links(path)
        if not (path / LOCATIONS.envelope).is_file() and not (path / LOCATIONS.details).is_dir():
            raise ImportFileError(f"{path}: not a CQC API dump (no locations.json and no location_details/)")
        self.path = path
        self.meta = SnapshotMeta(source_kind=SOURCE_KIND, source_name=path.name, complete_register=False)
        self._listed = {kind.noun: self._listed_ids(kind) for kind in (PROVIDERS, LOCATIONS)}
        self.meta.as_of = self._snapshot_date()
        self.estimated_total: int | None = len(self._ids(LOCATIONS))

    def __iter__(self) -> Iterator[LocationRecord | ProviderRecord]:
        self.meta.bad_records.clear()
        yield from self._records(PROVIDERS, provider_from_api)
        yield from self._records(LOCATIONS, location_from_api)

    def _records(self, kind: _Kind, convert: Callable[..., Any]) -> Iterator[Any]:
        bad = self.meta.bad_records
        for record_id in self._ids(kind):
            if "/" in record_id or "\x00" in record_id:
                what = "a /" if "/" in record_id else "a NUL character"
                reason = f"not a CQC id: it has {what} in it, so it cannot name a file in the dump"
                bad.append(
                    BadRecord(
                        source=kind.envelope, where=f"record {record_id}", field=kind.id_key, reason=reason
                    )
                )
                continue
            name = kind.detail_name(record_id)
            file = self.path / name
            if not file.is_file():
                reason = f"listed in {kind.envelope} but there is no {name}"
                bad.append(
                    BadRecord(
                        source=kind.envelope, where=f"record {record_id}", field=kind.id_key, reason=reason
                    )
                )
                continue
            detail = self._load_detail(file, name, record_id)
            if detail is None:
                continue
            held = detail.get(kind.id_key) if isinstance(detail, dict) else None
            if isinstance(held, str) and held.strip() != record_id:
                reason = f"the file is named for {record_id!r} but holds {held!r}"
                bad.append(
                    BadRecord(source=name, where=f"record {record_id}", field=kind.id_key, reason=reason)
                )
                continue
            record = convert(detail, source=name, bad=bad)
            if record is not None:
                yield record

    def _load_detail(self, file: Path, name: str, record_id: str) -> object | None:
        where = f"record {record_id}"
        try:
            text = _read_inside(self.path, name).decode("utf-8")
            return json.loads(text)
        except json.JSONDecodeError as error:
            reason = (
                f"invalid JSON at line {error.lineno}, column {error.colno} (char {error.pos}): {error.msg}"
            )
        except UnicodeDecodeError as error:
            reason = f"not UTF-8 at byte {error.start}"
        except (OSError, RecursionError) as error:
            reason = f"cannot read the file ({type(error).__name__}: {error})"
        self.meta.bad_records.append(BadRecord(source=name, where=where, field="(file)", reason=reason))
        return None

    def _ids(self, kind: _Kind) -> list[str]:
        """Every id listed in the envelope or with a detail file, sorted."""
        ids = set(self._listed[kind.noun])
        prefix = f"{kind.noun}_"
        details = self.path / kind.details
        if details.is_dir():
            with os.scandir(details) as entries:
                for entry in entries:
                    if entry.name.startswith(prefix) and entry.name.endswith(".json"):
                        ids.add(entry.name[len(prefix) : -len(".json")])
        return sorted(ids)

    def _listed_ids(self, kind: _Kind) -> set[str]:
        envelope = self.path / kind.envelope
        if not envelope.is_file():
            return set()
        data = _load_json(self.path, kind.envelope)
        items = data.get(kind.list_key) if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise ImportFileError(f"{envelope}: expected a {kind.list_key!r} list")
        ids = set()
        for item in items:
            record_id = item.get(kind.id_key) if isinstance(item, dict) else None
            if isinstance(record_id, str) and record_id.strip():
                ids.add(record_id.strip())
            # An entry without a usable id cannot be looked up; its detail file (if any) still is.
        return ids

    def _snapshot_date(self) -> date | None:
        snapshot = self.path / SNAPSHOT_FILE
        if snapshot.is_file():
            data = _load_json(self.path, SNAPSHOT_FILE)
            value = data.get("as_of") if isinstance(data, dict) else None
            try:
                as_of = parse_date(value if isinstance(value, str) else None)
            except InvalidValue as error:
                raise ImportFileError(f"{snapshot}: as_of is not a date ({error})") from None
            if as_of is not None:
                return as_of
        return _newest_mtime(self.path)


def _refuse_links(root: Path) -> None:
    """Raise ImportFileError naming the first symbolic link in the dump (at the top or in a details folder)."""
    for folder in (root, root / LOCATIONS.details, root / PROVIDERS.details):
        if folder != root and (folder.is_symlink() or not folder.is_dir()):
            continue  # a linked details folder is reported from the top
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda entry: entry.name):
                if entry.is_symlink():
                    _refuse_link(Path(entry.path))


def _refuse_link(link: Path) -> None:
    raise ImportFileError(
        f"{link}: a symbolic link (to {os.readlink(link)}); carewatch reads only the dump's own files, "
        "so the dump is refused"
    )


def _read_inside(root: Path, name: str) -> bytes:
    """The bytes of the regular file ``name`` ("folder/file.json") inside ``root``, opened one part at a time
    without following links: ImportFileError for a link, OSError when it cannot be read."""
    *folders, filename = name.split("/")
    if any(part in ("", ".", "..") for part in [*folders, filename]):
        raise ImportFileError(f"{root / name}: a path that leads outside the dump, so the dump is refused")
    where = root
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in [*folders, filename]:
            where = where / part
            flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
            if part != filename:
                flags |= os.O_DIRECTORY
            try:
                next_fd = os.open(part, flags, dir_fd=fd)
            except OSError as error:
                if error.errno == errno.ELOOP or os.path.islink(where):
                    _refuse_link(where)
                raise
            os.close(fd)
            fd = next_fd
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        with os.fdopen(fd, "rb") as file:
            fd = -1  # closed with the file
            return file.read()
    finally:
        if fd >= 0:
            os.close(fd)


def _load_json(root: Path, name: str) -> Any:
    file = root / name
    try:
        return json.loads(_read_inside(root, name).decode("utf-8"))
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"{file}: invalid JSON at line {error.lineno}, column {error.colno} (char {error.pos}): {error.msg}"
        ) from None
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{file}: not UTF-8 at byte {error.start}") from None
    except (OSError, RecursionError) as error:
        raise ImportFileError(f"{file}: cannot read the file ({error})") from None


def _newest_mtime(path: Path) -> date | None:
    """The date (UTC) of the newest file in the dump: when it was saved, failing anything better."""
    newest = 0.0
    for folder in (path, path / LOCATIONS.details, path / PROVIDERS.details):
        if not folder.is_dir():
            continue
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_file(follow_symlinks=False) and entry.name.endswith(".json"):
                    newest = max(newest, entry.stat(follow_symlinks=False).st_mtime)
    return datetime.fromtimestamp(newest, tz=UTC).date() if newest else None
