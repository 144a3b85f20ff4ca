"""Working-day and calendar arithmetic for deadlines. Pure functions: nothing here reads the clock.

A **working day** is Monday to Friday and not a bank holiday. England and Wales bank holidays come
from ``carewatch/core/data/bank_holidays_england_and_wales.csv`` (GOV.UK's list, 2018–2030, with
substitute days and one-off holidays); a council's administrator adds others in carewatch
(``cases.ExtraBankHoliday``), and callers merge them in with :func:`holidays_with`.

Conventions (docs/ladder.md, "Working days"):

- ``add_working_days(start, n)`` is the n-th working day **after** ``start``; ``start`` itself never
  counts, so a letter due "within 7 working days" of a decision on a Friday is due 7 working days
  later, whatever day ``start`` falls on. ``n == 0`` returns ``start`` unchanged.
- ``working_days_between(start, end)`` counts working days ``d`` with ``start < d <= end``; it is the
  inverse of ``add_working_days`` (``working_days_between(s, add_working_days(s, n)) == n``).
- Negative ``n`` is refused (``ValueError``): deadlines only run forwards.
- Arithmetic that would land after the last year the holiday list covers raises
  :class:`HolidaysNotKnown` rather than silently treating unknown bank holidays as working days.
"""

from __future__ import annotations

import csv
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path

BANK_HOLIDAYS_CSV = Path(__file__).resolve().parent / "data" / "bank_holidays_england_and_wales.csv"


class DayUnit(StrEnum):
    """How a timescale counts: calendar days, working days, or calendar months."""

    CALENDAR = "calendar"
    WORKING = "working"
    MONTHS = "months"


class HolidaysNotKnown(ValueError):
    """The arithmetic would run past the last date the bank-holiday list covers."""


@dataclass(frozen=True)
class Holidays:
    """A set of non-working dates, and the last date the list is known to cover."""

    dates: frozenset[date] = field(default_factory=frozenset)
    known_until: date | None = None  # None: no limit (a hand-made list in a test, say)
    names: tuple[tuple[date, str], ...] = ()

    def __contains__(self, day: object) -> bool:
        return day in self.dates

    def name_of(self, day: date) -> str | None:
        return dict(self.names).get(day)


@cache
def england_and_wales() -> Holidays:
    """The maintained England and Wales list (read once per process)."""
    with BANK_HOLIDAYS_CSV.open(newline="", encoding="utf-8") as handle:
        rows = [(date.fromisoformat(row["date"]), row["name"]) for row in csv.DictReader(handle)]
    last_year = max(day.year for day, _ in rows)
    return Holidays(
        dates=frozenset(day for day, _ in rows), known_until=date(last_year, 12, 31), names=tuple(rows)
    )


def holidays_with(base: Holidays, extra: Iterable[tuple[date, str]]) -> Holidays:
    """``base`` plus extra (date, name) pairs, such as those a council's administrator added."""
    extra = list(extra)
    if not extra:
        return base
    return Holidays(
        dates=base.dates | {day for day, _ in extra},
        known_until=base.known_until,
        names=base.names + tuple(extra),
    )


def is_working_day(day: date, *, holidays: Container[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def _check_known(day: date, holidays: Container[date]) -> None:
    known_until = getattr(holidays, "known_until", None)
    if known_until is not None and day > known_until:
        raise HolidaysNotKnown(
            f"{day:%-d %B %Y} is after {known_until:%-d %B %Y}, the last date the bank-holiday list covers: "
            "update carewatch/core/data/bank_holidays_england_and_wales.csv"
        )


def add_working_days(start: date, n: int, *, holidays: Container[date]) -> date:
    """The ``n``-th working day after ``start`` (``start`` itself is not counted; ``n == 0`` → ``start``)."""
    if n < 0:
        raise ValueError(f"cannot add a negative number of working days ({n})")
    day = start
    remaining = n
    while remaining:
        day += timedelta(days=1)
        _check_known(day, holidays)
        if is_working_day(day, holidays=holidays):
            remaining -= 1
    return day


def add_calendar_days(start: date, n: int) -> date:
    if n < 0:
        raise ValueError(f"cannot add a negative number of days ({n})")
    return start + timedelta(days=n)


def add_months(start: date, n: int) -> date:
    """The same day ``n`` calendar months later, or the month's last day when it is shorter (31 Aug + 6 → 28/29 Feb)."""
    if n < 0:
        raise ValueError(f"cannot add a negative number of months ({n})")
    month_index = start.month - 1 + n
    year, month = start.year + month_index // 12, month_index % 12 + 1
    next_month_first = date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month_first - timedelta(days=1)).day
    return date(year, month, min(start.day, last_day))


def add_days(start: date, n: int, unit: DayUnit | str, *, holidays: Container[date] = frozenset()) -> date:
    """``start`` plus ``n`` days counted as ``unit`` ("calendar" or "working"), or ``n`` months ("months")."""
    unit = DayUnit(unit)
    if unit is DayUnit.WORKING:
        return add_working_days(start, n, holidays=holidays)
    if unit is DayUnit.MONTHS:
        return add_months(start, n)
    return add_calendar_days(start, n)


def working_days_between(start: date, end: date, *, holidays: Container[date]) -> int:
    """How many working days ``d`` satisfy ``start < d <= end`` (negative when ``end`` is before ``start``)."""
    if end < start:
        return -working_days_between(end, start, holidays=holidays)
    _check_known(end, holidays)
    days = (end - start).days
    full_weeks, rest = divmod(days, 7)
    count = full_weeks * 5
    day = start + timedelta(days=full_weeks * 7)
    for _ in range(rest):
        day += timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    dates = getattr(holidays, "dates", None)
    candidates = dates if dates is not None else holidays
    if isinstance(candidates, Iterable):
        count -= sum(1 for holiday in candidates if start < holiday <= end and holiday.weekday() < 5)
    else:  # a Container we cannot iterate: walk the days
        count = sum(
            1
            for offset in range(1, days + 1)
            if is_working_day(start + timedelta(days=offset), holidays=holidays)
        )
    return count


def next_working_day(day: date, *, holidays: Container[date]) -> date:
    """``day`` itself when it is a working day, else the next one."""
    while not is_working_day(day, holidays=holidays):
        day += timedelta(days=1)
        _check_known(day, holidays)
    return day
