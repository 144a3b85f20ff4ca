"""Structured logs: one JSON object a line, with the request id of the request being served."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from carewatch.ops import request_id

_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            # Django logs a 4xx/5xx answer (django.request) after the middleware has finished,
            # passing the request itself.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", "") or request_id.current.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", "") or getattr(getattr(record, "request", None), "request_id", "")
        rid = rid or request_id.current.get()
        if rid:
            entry["request_id"] = rid
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = (
                    value if isinstance(value, str | int | float | bool | type(None)) else repr(value)
                )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
