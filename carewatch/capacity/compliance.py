"""The monthly capacity return: its window, and each month's state for one location. Pure functions.

The monthly return is due between the 8th and the 14th of each month, or the next working day when the
14th is not one (DHSC's mandatory Capacity Tracker collection: providers "update data by the 14th day of
each month – or next working day"; councils publish the windows, 8 to 14 July, 8 to 16 September 2024).
A return saved in the window counts (an unchanged or nil one too); one after the window but in the same
month is late; none by the month's end is missed (docs/capacity.md, "Return compliance").
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from carewatch.capacity.vocabulary import ReturnState
from carewatch.core.working_days import next_working_day

OPENS_ON_DAY = 8
DUE_BY_DAY = 14


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return self.next().first - timedelta(days=1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def __str__(self) -> str:
        return f"{self.first:%B %Y}"


def window(month: Month, *, holidays: Container[date]) -> tuple[date, date]:
    """The first and last day (inclusive) a month's return may be saved on time."""
    return date(month.year, month.month, OPENS_ON_DAY), next_working_day(
        date(month.year, month.month, DUE_BY_DAY), holidays=holidays
    )


def months(since: date, until: date) -> list[Month]:
    """Every month from ``since``'s to ``until``'s, oldest first."""
    result, month, last = [], Month.of(since), Month.of(until)
    while (month.year, month.month) <= (last.year, last.month):
        result.append(month)
        month = month.next()
    return result


def state_of(
    month: Month, returned_on: Iterable[date], *, today: date, holidays: Container[date]
) -> ReturnState:
    """A location's return for ``month``, given the (local) dates it saved returns on."""
    opens, due = window(month, holidays=holidays)
    days = [day for day in returned_on if opens <= day <= max(due, month.last)]
    if any(day <= due for day in days):
        return ReturnState.ON_TIME
    if today < opens:
        return ReturnState.NOT_YET
    if today <= due:
        return ReturnState.DUE
    if days:
        return ReturnState.LATE
    return ReturnState.MISSED  # the window has closed (saving one later this month makes it late)
