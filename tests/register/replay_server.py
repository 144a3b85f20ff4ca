"""A local stand-in for the CQC public API that replays the real Oldham responses and injects faults.

Serves, under ``/public/v1`` on 127.0.0.1 (loopback only, a free port):
- ``/locations?page=N&perPage=M`` and ``/providers?…``: paged envelopes sliced from the real
  ``locations.json``/``providers.json`` lists, with a relative ``nextPageUri`` as the CQC API gives;
- ``/locations/{id}`` and ``/providers/{id}``: the real detail files, byte for byte (404 otherwise);
- ``/changes/location?startTimestamp=…&endTimestamp=…``: a paged envelope of ``changed_ids``;
  400 when the ``:`` of a timestamp arrives URL-encoded.
Like the real API it answers 403 without the right ``Ocp-Apim-Subscription-Key`` or without a
User-Agent. Every request is recorded (raw path and headers) so tests can assert on what was sent.

Faults are scripted per test with :meth:`ReplayServer.script` (the next matching requests get these
faults, one each) and :meth:`ReplayServer.fail_after` (after N matching requests, every one fails).
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

BASE_PATH = "/public/v1"


@dataclass(frozen=True)
class Fault:
    """What to do to one request instead of answering it properly."""

    status: int | None = None  # answer this status with a small JSON body
    retry_after: str | None = None  # with this Retry-After header
    delay: float = 0.0  # wait this long first (longer than the client's timeout: a timeout)
    truncate: bool = False  # answer 200 with the body cut in half and an honest Content-Length
    drop: bool = False  # declare the full Content-Length, send half the body, close the connection


@dataclass(frozen=True)
class SeenRequest:
    path: str  # the raw request target, exactly as the client sent it
    headers: dict[str, str]  # lower-cased names


@dataclass
class _Rule:
    pattern: re.Pattern[str]
    faults: list[Fault] = field(default_factory=list)  # scripted: one per matching request
    serve_first: int | None = None  # fail_after: this many matching requests are served…
    then: Fault | None = None  # …and every later one gets this fault
    matched: int = 0


class ReplayServer:
    def __init__(
        self,
        dump: Path,
        *,
        api_key: str = "test-key",
        changed_ids: list[str] | None = None,
        default_per_page: int = 1000,
    ) -> None:
        self.dump = dump
        self.api_key = api_key
        self.default_per_page = default_per_page
        self.locations = json.loads((dump / "locations.json").read_text(encoding="utf-8"))["locations"]
        self.providers = json.loads((dump / "providers.json").read_text(encoding="utf-8"))["providers"]
        self.changed_ids = (
            changed_ids if changed_ids is not None else [item["locationId"] for item in self.locations[:30]]
        )
        self.requests: list[SeenRequest] = []
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="cqc-replay", daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}{BASE_PATH}"

    def __enter__(self) -> ReplayServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    # -- fault scripts ----------------------------------------------------------------------------

    def script(self, pattern: str, *faults: Fault) -> None:
        """The next requests whose path matches ``pattern`` (a regex) get ``faults``, one each."""
        with self._lock:
            self._rules.append(_Rule(re.compile(pattern), faults=list(faults)))

    def fail_after(self, pattern: str, count: int, fault: Fault) -> None:
        """Serve ``count`` matching requests, then give every later matching request ``fault``."""
        with self._lock:
            self._rules.append(_Rule(re.compile(pattern), serve_first=count, then=fault))

    def heal(self) -> None:
        """Forget every fault: the server answers properly from now on."""
        with self._lock:
            self._rules.clear()

    def paths(self, pattern: str = "") -> list[str]:
        """Raw paths of the requests seen so far, those matching ``pattern`` only when given."""
        with self._lock:
            return [seen.path for seen in self.requests if re.search(pattern, seen.path)]

    def forget_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    def _record(self, path: str, headers: dict[str, str]) -> Fault | None:
        """Record a request and return the fault to inject, if any."""
        with self._lock:
            self.requests.append(SeenRequest(path, headers))
            for rule in self._rules:
                if not rule.pattern.search(path):
                    continue
                if rule.faults:
                    return rule.faults.pop(0)
                if rule.then is not None and rule.serve_first is not None:
                    rule.matched += 1
                    if rule.matched > rule.serve_first:
                        return rule.then
            return None

    # -- responses --------------------------------------------------------------------------------

    def respond(self, raw_path: str) -> tuple[int, bytes]:
        """The status and body the real API would give for a path (below BASE_PATH)."""
        split = urlsplit(raw_path)
        path, query = split.path, parse_qs(split.query)
        if match := re.fullmatch(r"/(locations|providers)/([^/]+)", path):
            kind = match.group(1)[:-1]
            file = self.dump / f"{kind}_details" / f"{kind}_{match.group(2)}.json"
            if file.is_file():
                return 200, file.read_bytes()
            return _error(404, "Resource not found")
        if path == "/locations":
            return self._page(path, query, "locations", self.locations, "")
        if path == "/providers":
            return self._page(path, query, "providers", self.providers, "")
        if path == "/changes/location":
            if "%3a" in split.query.lower():
                return _error(400, "Timestamps must not be URL-encoded")
            try:
                window = [
                    datetime.fromisoformat(query[name][0]) for name in ("startTimestamp", "endTimestamp")
                ]
            except (KeyError, ValueError):
                return _error(400, "startTimestamp and endTimestamp are required ISO timestamps")
            fixed = f"startTimestamp={query['startTimestamp'][0]}&endTimestamp={query['endTimestamp'][0]}&"
            if window[0] >= window[1]:
                return _error(400, "startTimestamp must be before endTimestamp")
            return self._page(path, query, "changes", self.changed_ids, fixed)
        return _error(404, "Resource not found")

    def _page(
        self, path: str, query: dict[str, list[str]], key: str, items: list, fixed: str
    ) -> tuple[int, bytes]:
        page = int(query.get("page", ["1"])[0])
        per_page = int(query.get("perPage", [str(self.default_per_page)])[0])
        total_pages = max(1, -(-len(items) // per_page))

        def uri(number: int) -> str:
            return f"{path}?{fixed}page={number}&perPage={per_page}"

        envelope = {
            "total": len(items),
            "firstPageUri": uri(1),
            "page": page,
            "previousPageUri": uri(page - 1) if page > 1 else None,
            "lastPageUri": uri(total_pages),
            "nextPageUri": uri(page + 1) if page < total_pages else None,
            "perPage": per_page,
            "totalPages": total_pages,
            "uri": path,
            key: items[(page - 1) * per_page : page * per_page],
        }
        return 200, json.dumps(envelope).encode()


def _error(status: int, message: str) -> tuple[int, bytes]:
    return status, json.dumps({"statusCode": status, "message": message}).encode()


def _handler_for(server: ReplayServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else each small response waits ~40 ms for a delayed ACK

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            try:
                self._answer()
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up (a timeout): nothing to do

        def _answer(self) -> None:
            headers = {name.lower(): value for name, value in self.headers.items()}
            fault = server._record(self.path, headers)
            if headers.get("ocp-apim-subscription-key") != server.api_key:
                return self._send(*_error(403, "Access denied due to missing or invalid subscription key."))
            if not headers.get("user-agent"):
                return self._send(*_error(403, "Forbidden: requests need a User-Agent header."))
            if fault and fault.delay:
                time.sleep(fault.delay)
            if not self.path.startswith(BASE_PATH + "/"):
                return self._send(*_error(404, "Resource not found"))
            status, body = server.respond(self.path[len(BASE_PATH) :])
            if fault is None or fault.delay:
                return self._send(status, body)
            if fault.status is not None:
                extra = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
                return self._send(*_error(fault.status, "Injected fault"), extra)
            half = body[: len(body) // 2]
            if fault.truncate:
                return self._send(200, half)
            if fault.drop:
                self._send(200, half, declared=len(body))
                self.close_connection = True

        def _send(
            self, status: int, body: bytes, extra: dict[str, str] | None = None, declared: int = -1
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(declared if declared >= 0 else len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()

    return Handler
