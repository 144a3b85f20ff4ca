"""Typed access to fields of CQC API JSON: each getter raises :class:`Bad` naming the JSON path."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from carewatch.register.importers.records import (
    LOCATION_ID_RE,
    InvalidValue,
    normalise_key_question,
    normalise_rating,
    parse_date,
)


class Bad(Exception):
    """A field a converter cannot accept: its JSON path and why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


def kind(value: object) -> str:
    """How a JSON value is described in messages."""
    return {dict: "an object", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


def obj(value: object, path: str) -> dict[str, Any]:
    """An object (``{}`` for null)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Bad(path, f"expected an object, got {kind(value)}")
    return value


def array(value: object, path: str) -> list[Any]:
    """A list (``[]`` for null)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise Bad(path, f"expected a list, got {kind(value)}")
    return value


def text(data: dict[str, Any], key: str, path: str | None = None) -> str | None:
    """A string (numbers as written), stripped and without NUL characters; None when absent or blank."""
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Bad(path or key, f"expected text, got {kind(value)}")
    return str(value).replace("\x00", "").strip() or None


def cqc_id(data: dict[str, Any], key: str, *, required: bool = False) -> str | None:
    """A location or provider id matching LOCATION_ID_RE."""
    value = text(data, key)
    if value is None:
        if required:
            raise Bad(key, "missing id")
        return None
    if not LOCATION_ID_RE.match(value):
        raise Bad(key, f"malformed CQC id {value!r}")
    return value


def date_value(data: dict[str, Any], key: str, path: str | None = None) -> date | None:
    value = text(data, key, path)
    try:
        return parse_date(value)
    except InvalidValue as error:
        raise Bad(path or key, str(error)) from None


def rating(value: object, path: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise Bad(path, f"expected a rating, got {kind(value)}")
    try:
        return normalise_rating(value)
    except InvalidValue as error:
        raise Bad(path, str(error)) from None


def key_question(value: object, path: str) -> str:
    try:
        if not isinstance(value, str):
            raise InvalidValue(f"expected a key question name, got {kind(value)}")
        return normalise_key_question(value)
    except InvalidValue as error:
        raise Bad(path, str(error)) from None


def rated_key_questions(value: object, path: str) -> Iterator[tuple[str, str, dict[str, Any], str]]:
    """``(key question, rating, entry, its path)`` for each rated entry of a ``keyQuestionRatings`` array.

    Entries without a rating are left out; a key question rated twice is Bad.
    """
    seen: set[str] = set()
    for index, item in enumerate(array(value, path)):
        entry = obj(item, f"{path}[{index}]")
        name = entry.get("name")
        here = f"{path}[{name if isinstance(name, str) and name else index}]"
        key = key_question(name, f"{here}.name")
        if key in seen:
            raise Bad(here, "the key question appears twice")
        given = rating(entry.get("rating"), f"{here}.rating")
        if given is None:
            continue
        seen.add(key)
        yield key, given, entry, here


def flag(data: dict[str, Any], key: str) -> bool | None:
    """``"Y"`` → True, ``"N"`` → False, absent → None."""
    value = text(data, key)
    if value is None:
        return None
    if value.upper() not in ("Y", "N"):
        raise Bad(key, f"expected Y or N, got {value!r}")
    return value.upper() == "Y"


def count(data: dict[str, Any], key: str) -> int | None:
    """A whole number such as ``numberOfBeds`` (``34``, ``"34"``, ``34.0``)."""
    value = data.get(key)
    if value is None or value == "":
        return None
    if (
        isinstance(value, str)
        and value.strip().isascii()
        and value.strip().isdigit()
        or isinstance(value, float)
        and value.is_integer()
    ):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
        raise Bad(key, f"expected a whole number, got {value!r}")
    return value


def percent(value: object, path: str) -> int | None:
    """CQC's ``percentageScore``: ``"75"`` → 75; blank → None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    digits = str(value).strip()
    if isinstance(value, bool) or not (digits.isascii() and digits.isdigit()) or int(digits) > 100:
        raise Bad(path, f"expected a percentage 0-100, got {value!r}")
    return int(digits)


def coordinate(data: dict[str, Any], key: str, limit: float) -> float | None:
    """A latitude (limit 90) or longitude (limit 180)."""
    value = data.get(key)
    if value is None or value == "":
        return None
    try:
        number = float(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        number = None
    if number is None or not -limit <= number <= limit:
        raise Bad(key, f"expected a coordinate within ±{limit}, got {value!r}")
    return number


def names(data: dict[str, Any], key: str) -> tuple[str, ...]:
    """The distinct ``name`` of each object in the list ``key``, in order."""
    found: list[str] = []
    for index, item in enumerate(array(data.get(key), key)):
        name = text(obj(item, f"{key}[{index}]"), "name", f"{key}[{index}].name")
        if name and name not in found:
            found.append(name)
    return tuple(found)
