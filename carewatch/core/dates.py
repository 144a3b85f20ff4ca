"""The dates carewatch accepts from a query string or the API: 1 January 2010 to 31 December 2099.

CQC's register under the Health and Social Care Act 2008 starts in 2010, so no figure exists before
it; a date after today means today on every page that reads figures "as at" a date. Inside this
range, date arithmetic (the day after, five years before, the end of the month) never leaves
``date.min``..``date.max``, and the range is fixed, so the OpenAPI document can state it as a pattern
and validation never reads the clock (docs/security.md, "Limits on input").
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

EARLIEST = date(2010, 1, 1)
LATEST = date(2099, 12, 31)

# YYYY-MM-DD from 2010-01-01 to 2099-12-31 (a day the month may not have, like 2021-02-30, still
# matches: the parser refuses it). For the OpenAPI document.
ISO_PATTERN = r"^20(1[0-9]|[2-9][0-9])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


def long_date(value: date | None) -> str:
    """GOV.UK style: "6 December 2026" ("" for no date). Every page, letter and report says dates this way."""
    return f"{value.day} {value:%B %Y}" if value else ""


def out_of_range(value: date, *, name: str) -> str | None:
    """Why ``value`` is refused, naming the field (``name``), or None when it is in the range."""
    if EARLIEST <= value <= LATEST:
        return None
    return f"{name} must be between {long_date(EARLIEST)} and {long_date(LATEST)}"


def before_the_data(value: date, *, earliest: date | None, name: str) -> str | None:
    """Why ``value`` is refused when it falls before the first day the data covers (``earliest``, from the
    caller: the earliest date the register holds data for), or None. ``None`` for ``earliest``: no data, no rule.
    """
    if earliest is None or value >= earliest:
        return None
    return f"{name} must be on or after {long_date(earliest)}, the earliest date the register holds data for"


def check_iso(value: date, *, name: str) -> date:
    """``value`` unchanged, or ValueError naming ``name`` and the range as YYYY-MM-DD (the API's words)."""
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"{name} must be a date from {EARLIEST.isoformat()} to {LATEST.isoformat()}")
    return value


class IsoDateField(forms.DateField):
    """A date typed as YYYY-MM-DD in a query string, inside the supported range.

    ``what`` names the field in the error ("The 'as at' date must be between …").
    """

    def __init__(self, *, what: str = "The date", **kwargs: Any) -> None:
        self.what = what
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        kwargs.setdefault(
            "error_messages",
            {"invalid": f"Enter {what[:1].lower()}{what[1:]} as YYYY-MM-DD, for example 2025-03-31"},
        )
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, date):
            problem = out_of_range(value, name=self.what)
            if problem:
                raise forms.ValidationError(problem, code="out_of_range")
