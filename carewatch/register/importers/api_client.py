"""The live CQC API as a resumable :class:`~carewatch.register.importers.Reader`.

``read_live_api(client, mode=..., state_path=..., as_of=...)`` plans a run (lists the location ids:
the whole register for ``mode="full"``, the ids changed between ``start`` and ``end`` for
``mode="changes"``) and returns a reader that fetches one detail per id and yields provider and
location records through the API JSON converters.

Resumable: the plan and progress live in ``state_path`` (JSON) and every detail fetched is cached in
a directory beside it (``<state stem>-details/``). A run that stops (an exception, Ctrl-C, the API
going away) continues where it stopped when started again with the same ``state_path``: details in
the cache are read from disk, never fetched again; iteration always yields the whole set of records.
After a successful import call :meth:`LiveApiReader.discard_state`, or the next run with that path
would replay the same cached snapshot.

The HTTP side (:class:`CQCClient`, :class:`CQCApiError`) lives in ``api_client_http`` and is
re-exported here.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from carewatch.register.importers import api_json
from carewatch.register.importers.api_client_http import (
    DEFAULT_USER_AGENT,
    KEY_HEADER,
    CQCApiError,
    CQCClient,
    format_timestamp,
)
from carewatch.register.importers.records import (
    LOCATION_ID_RE,
    BadRecord,
    LocationRecord,
    ProviderRecord,
    SnapshotMeta,
)

__all__ = [
    "DEFAULT_USER_AGENT",
    "KEY_HEADER",
    "CQCApiError",
    "CQCClient",
    "LiveApiReader",
    "ResumeStateError",
    "format_timestamp",
    "read_live_api",
]

STATE_VERSION = 1
Mode = Literal["full", "changes"]


class ResumeStateError(Exception):
    """The state file belongs to another run (mode, window or API) or cannot be read."""


def read_live_api(
    client: CQCClient,
    *,
    mode: Mode = "full",
    start: datetime | None = None,
    end: datetime | None = None,
    state_path: Path,
    as_of: date,
    max_consecutive_failures: int = 5,
) -> LiveApiReader:
    """Plan (or resume) a live sync and return its reader.

    Lists the ids now unless ``state_path`` already holds the plan of the same run (same mode,
    window and base URL), in which case no list request is made. ``start``/``end`` (timezone-aware,
    or naive UTC) are required for ``mode="changes"``. A state of another run raises
    :class:`ResumeStateError`.
    """
    reader = LiveApiReader(
        client,
        mode=mode,
        start=start,
        end=end,
        state_path=Path(state_path),
        as_of=as_of,
        max_consecutive_failures=max_consecutive_failures,
    )
    reader.plan()
    return reader


class LiveApiReader:
    """Yields ProviderRecord (before the first location that names it) and LocationRecord objects."""

    def __init__(
        self,
        client: CQCClient,
        *,
        mode: Mode,
        start: datetime | None,
        end: datetime | None,
        state_path: Path,
        as_of: date,
        max_consecutive_failures: int = 5,
        save_every: int = 1000,
    ) -> None:
        if mode not in ("full", "changes"):
            raise ValueError(f"mode must be 'full' or 'changes', not {mode!r}")
        if mode == "changes" and (start is None or end is None):
            raise ValueError("mode='changes' needs both start and end")
        self.client = client
        self.mode = mode
        self.start = format_timestamp(start) if mode == "changes" and start else None
        self.end = format_timestamp(end) if mode == "changes" and end else None
        self._start_at, self._end_at = start, end
        self.state_path = state_path
        self.details_dir = state_path.parent / f"{state_path.stem}-details"
        self.max_consecutive_failures = max_consecutive_failures
        self.save_every = save_every
        window = f" {self.start} to {self.end}" if mode == "changes" else ""
        self.meta = SnapshotMeta(
            source_kind="api-live",
            source_name=f"{client.base_url} ({mode}{window})",
            as_of=as_of,
            complete_register=False,
        )
        self.estimated_total: int | None = None
        self._state: dict[str, Any] | None = None
        self._consecutive_failures = 0
        self._fetched_since_save = 0

    # -- plan and state ---------------------------------------------------------------------------

    @property
    def location_ids(self) -> list[str]:
        return list(self.plan()["location_ids"])

    def plan(self) -> dict[str, Any]:
        """Load the saved plan for this run or list the ids and save a new one."""
        if self._state is None:
            state = self._load_state()
            if state is None:
                state = {
                    "version": STATE_VERSION,
                    "mode": self.mode,
                    "start": self.start,
                    "end": self.end,
                    "base_url": self.client.base_url,
                    "details_dir": self.details_dir.name,
                    "location_ids": self._list_ids(),
                    "next_index": 0,
                }
                self._state = state
                self._save_state()
            else:
                self._state = state
            self.estimated_total = len(state["location_ids"])
        return self._state

    def _list_ids(self) -> list[str]:
        if self.mode == "full":
            ids = self.client.iter_location_ids()
        else:
            assert self._start_at is not None and self._end_at is not None
            ids = self.client.iter_changed_location_ids(self._start_at, self._end_at)
        return list(dict.fromkeys(ids))  # a register changing while it is paged can repeat an id

    def _load_state(self) -> dict[str, Any] | None:
        if not self.state_path.exists():
            return None
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ResumeStateError(
                f"{self.state_path} cannot be read ({error}); delete it to start a new sync"
            ) from error
        expected = {
            "version": STATE_VERSION,
            "mode": self.mode,
            "start": self.start,
            "end": self.end,
            "base_url": self.client.base_url,
        }
        found = {key: state.get(key) for key in expected} if isinstance(state, dict) else {}
        if found != expected or not isinstance(state.get("location_ids"), list):
            raise ResumeStateError(
                f"{self.state_path} holds another sync ({found}, this one is {expected}): "
                "delete it, or use another state path, to start this one"
            )
        state.setdefault("next_index", 0)
        return state

    def _save_state(self) -> None:
        if self._state is not None:
            self.state_path.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(self.state_path, json.dumps(self._state))

    def discard_state(self) -> None:
        """Forget this run: delete the state file and the detail cache (after a successful import)."""
        self.state_path.unlink(missing_ok=True)
        shutil.rmtree(self.details_dir, ignore_errors=True)
        self._state = None
        self.estimated_total = None

    # -- iteration --------------------------------------------------------------------------------

    def __iter__(self) -> Iterator[LocationRecord | ProviderRecord]:
        state = self.plan()
        bad = self.meta.bad_records
        bad.clear()
        self.meta.warnings.clear()
        self._consecutive_failures = 0
        self._fetched_since_save = 0
        providers_seen: set[str] = set()
        try:
            for index, location_id in enumerate(state["location_ids"]):
                if not LOCATION_ID_RE.match(location_id):
                    bad.append(
                        BadRecord(
                            self.client.base_url, f"record {location_id!r}", "locationId", "malformed id"
                        )
                    )
                    continue
                url = self.client.url_for(self.client.location_path(location_id))
                detail = self._detail("location", location_id, url)
                if index >= state["next_index"]:
                    state["next_index"] = index + 1
                if detail is None:
                    continue
                provider_id = detail.get("providerId")
                if isinstance(provider_id, str) and provider_id not in providers_seen:
                    providers_seen.add(provider_id)
                    provider = self._provider_record(provider_id)
                    if provider is not None:
                        yield provider
                record = api_json.location_from_api(detail, source=url, bad=bad)
                if record is not None:
                    yield record
        finally:
            self._save_state()

    def _provider_record(self, provider_id: str) -> ProviderRecord | None:
        if not LOCATION_ID_RE.match(provider_id):
            return None  # the location converter reports a malformed providerId
        url = self.client.url_for(self.client.provider_path(provider_id))
        detail = self._detail("provider", provider_id, url)
        if detail is None:
            return None
        # A provider's details are not what identifies a location: a problem with them is a warning.
        return api_json.provider_from_api(detail, source=url, bad=self.meta.warnings)

    def _detail(self, kind: str, record_id: str, url: str) -> dict[str, Any] | None:
        """The detail JSON from the cache, else from the API (then cached); None when it failed.

        A definitive refusal (404 and other 4xx but 401/403/429) is cached too, as a ``.missing``
        file, so a resumed run reports it again without asking again; a request that gave up after
        retries is not, so the next run tries it again.
        """
        path = self.details_dir / f"{kind}_{record_id}.json"
        missing = path.with_suffix(".missing")
        with contextlib.suppress(FileNotFoundError, ValueError):
            cached = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(cached, dict):
                return cached
        with contextlib.suppress(FileNotFoundError):
            self._bad_detail(kind, url, record_id, missing.read_text(encoding="utf-8"))
            return None
        try:
            detail = (
                self.client.location(record_id) if kind == "location" else self.client.provider(record_id)
            )
        except CQCApiError as error:
            if error.is_auth_error:
                raise
            self._bad_detail(kind, url, record_id, str(error))
            if not error.gave_up:
                self.details_dir.mkdir(parents=True, exist_ok=True)
                _write_atomically(missing, str(error))
                return None
            self._consecutive_failures += 1
            if self._consecutive_failures >= self.max_consecutive_failures:
                raise CQCApiError(
                    f"{self._consecutive_failures} detail requests in a row failed (last: {error}); "
                    f"the CQC API looks unavailable. Progress is saved in {self.state_path}: "
                    "run again with the same state path to resume",
                    url=url,
                    status=error.status,
                    attempts=error.attempts,
                ) from error
            return None
        self._consecutive_failures = 0
        self.details_dir.mkdir(parents=True, exist_ok=True)
        _write_atomically(path, json.dumps(detail))
        self._fetched_since_save += 1
        if self._fetched_since_save >= self.save_every:
            self._fetched_since_save = 0
            self._save_state()
        return detail

    def _bad_detail(self, kind: str, url: str, record_id: str, reason: str) -> None:
        """A location without its details is rejected; a provider without them is a warning."""
        found = self.meta.bad_records if kind == "location" else self.meta.warnings
        found.append(BadRecord(url, f"record {record_id}", "detail", reason))


def _write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so an interruption never leaves half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
