"""The register's dated history as intervals, so any date — or every month-end — is one sweep.

The rules are exactly those of ``register.queries.market_figures(as_of=…)`` (docs/methodology.md,
"As at an earlier date"): a location counts on day *d* when it was registered on or before *d*, not
deregistered by *d*, and not dormant then (dormant from ``dormant_from``; dormant with no start date:
throughout). Its overall rating on *d* is that of its latest report published on or before *d* that
gave one ("Inspected but not rated" does not replace the rating before it; on one date the current
row wins). Only adult social care locations count.

Each location becomes a few intervals ``[start, end)`` each with one rating; a series over many
dates adds +1 where an interval starts and −1 where it ends (a difference array), so a ten-year
monthly series for all of England costs one pass over the locations, not one query per month.
"""

from __future__ import annotations

import bisect
import calendar
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from carewatch.insights.areas import Area, service_filter
from carewatch.insights.counts import Counts, RatingAge, rating_age_from
from carewatch.ratings.cqc import (
    GOOD,
    INADEQUATE,
    INSPECTED_NOT_RATED,
    OUTSTANDING,
    REQUIRES_IMPROVEMENT,
)
from carewatch.register import models as register

RATING_INDEX = {OUTSTANDING: 0, GOOD: 1, REQUIRES_IMPROVEMENT: 2, INADEQUATE: 3}
UNRATED_INDEX = 4
NEVER = date.max


@dataclass
class LocationHistory:
    id: str
    groups: tuple[
        tuple[str, str], ...
    ]  # (("la", code), ("icb", code), ("region", code), ("england", "E92000001"))
    start: date  # first day counted (date.min when unknown)
    end: date  # first day no longer counted (date.max: still counted)
    beds: int
    steps: list[tuple[date, int]] = field(default_factory=list)  # (report date, rating index), by date
    care_home: bool = False
    home_care: bool = False

    def pieces(self) -> Iterable[tuple[date, date, int, date | None]]:
        """``[from, to)`` with the rating index held and the report date it comes from."""
        if self.start >= self.end:
            return
        cursor, rating, rated_on = self.start, UNRATED_INDEX, None
        for step_on, step_rating in self.steps:
            if step_on <= cursor:
                rating, rated_on = step_rating, step_on
                continue
            if step_on >= self.end:
                break
            yield cursor, step_on, rating, rated_on
            cursor, rating, rated_on = step_on, step_rating, step_on
        yield cursor, self.end, rating, rated_on

    def at(self, day: date) -> tuple[int, date | None] | None:
        """(rating index, report date) on ``day``, or None when not counted then."""
        if not self.start <= day < self.end:
            return None
        rating, rated_on = UNRATED_INDEX, None
        for step_on, step_rating in self.steps:
            if step_on > day:
                break
            rating, rated_on = step_rating, step_on
        return rating, rated_on


def load(area: Area, service: str, *, with_groups: bool = False) -> list[LocationHistory]:
    """Every adult social care location of ``service`` in ``area`` with its dated ratings."""
    locations = register.Location.objects.filter(
        area.location_filter(), service_filter(service), adult_social_care=True
    )
    rows = locations.values_list(
        "id",
        "registered_on",
        "deregistered_on",
        "dormant",
        "dormant_from",
        "care_home",
        "home_care",
        "beds",
        "local_authority_id",
        "icb_id",
        "region_id",
    )
    histories: dict[str, LocationHistory] = {}
    for (
        lid,
        registered_on,
        deregistered_on,
        dormant,
        dormant_from,
        care_home,
        home_care,
        beds,
        la,
        icb,
        region,
    ) in rows.iterator(chunk_size=5000):
        end = deregistered_on or NEVER
        if dormant:
            end = min(end, dormant_from) if dormant_from else date.min
        groups = (
            (("la", la), ("icb", icb), ("region", region), ("england", "E92000001")) if with_groups else ()
        )
        histories[lid] = LocationHistory(
            id=lid,
            groups=groups,
            start=registered_on or date.min,
            end=end,
            beds=(beds or 0) if care_home else 0,
            care_home=care_home,
            home_care=home_care,
        )
    reports = register.Rating.objects.filter(report_on__isnull=False)
    if area.level != "england" or service != "all":
        reports = reports.filter(location__in=locations)
    dated = reports.exclude(overall__in=["", INSPECTED_NOT_RATED]).values_list(
        "location_id", "report_on", "is_current", "overall"
    )
    by_location: dict[str, list[tuple[date, bool, int]]] = defaultdict(list)
    for lid, report_on, is_current, overall in dated.iterator(chunk_size=5000):
        if report_on is not None:  # always: only dated reports are read
            by_location[lid].append((report_on, is_current, RATING_INDEX.get(overall, UNRATED_INDEX)))
    for lid, steps in by_location.items():
        history = histories.get(lid)
        if history is None:
            continue
        steps.sort(key=lambda step: (step[0], step[1]))
        merged: dict[date, int] = {}
        for report_on, _current, rating in steps:
            merged[report_on] = rating  # the last on a date wins: the current row, as in market_figures
        history.steps = sorted(merged.items())
    return list(histories.values())


def of_service(histories: Iterable[LocationHistory], service: str) -> list[LocationHistory]:
    """The subset of a loaded "all" history for one service type."""
    if service == "care-homes":
        return [h for h in histories if h.care_home]
    if service == "home-care":
        return [h for h in histories if h.home_care]
    return list(histories)


def in_area(histories: Iterable[LocationHistory], level: str, code: str) -> list[LocationHistory]:
    """The subset of a grouped history in one area."""
    if level == "england":
        return list(histories)
    return [h for h in histories if (level, code) in h.groups]


def counts_on(histories: Iterable[LocationHistory], day: date) -> Counts:
    counts = Counts(on=day)
    totals = [0] * 5
    for history in histories:
        state = history.at(day)
        if state is None:
            continue
        counts.active += 1
        counts.beds += history.beds
        totals[state[0]] += 1
    counts.outstanding, counts.good, counts.requires_improvement, counts.inadequate = totals[:4]
    return counts


def rating_age_on(histories: Iterable[LocationHistory], day: date) -> RatingAge:
    ages = []
    for history in histories:
        state = history.at(day)
        if state is not None and state[0] != UNRATED_INDEX and state[1] is not None:
            ages.append((day - state[1]).days)
    return rating_age_from(day, ages)


def series(
    histories: Iterable[LocationHistory], days: Sequence[date], *, grouped: bool = False
) -> dict[tuple[str, str], list[Counts]]:
    """Counts on each of ``days`` (ascending): for the whole set (key ``("all", "")``) or per group."""
    n = len(days)
    # per group: 6 difference arrays (five rating states and beds), each of n + 1
    diffs: dict[tuple[str, str], list[list[int]]] = defaultdict(lambda: [[0] * (n + 1) for _ in range(6)])
    for history in histories:
        keys = [g for g in history.groups if g[1]] if grouped else [("all", "")]
        for start, end, rating, _rated_on in history.pieces():
            first = bisect.bisect_left(days, start)  # first day >= start
            stop = bisect.bisect_left(days, end)  # first day >= end: not counted
            if first >= stop:
                continue
            for key in keys:
                arrays = diffs[key]
                arrays[rating][first] += 1
                arrays[rating][stop] -= 1
                if history.beds:
                    arrays[5][first] += history.beds
                    arrays[5][stop] -= history.beds
    result: dict[tuple[str, str], list[Counts]] = {}
    for key, arrays in diffs.items():
        running = [0] * 6
        out = []
        for index, day in enumerate(days):
            for state in range(6):
                running[state] += arrays[state][index]
            out.append(
                Counts(
                    on=day,
                    active=sum(running[:5]),
                    outstanding=running[0],
                    good=running[1],
                    requires_improvement=running[2],
                    inadequate=running[3],
                    beds=running[5],
                )
            )
        result[key] = out
    if not grouped and ("all", "") not in result:
        result[("all", "")] = [Counts(on=day) for day in days]
    return result


# --- dates -------------------------------------------------------------------------------------


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def previous_month_end(day: date) -> date:
    """The last month-end on or before ``day``."""
    end = month_end(day)
    return end if end == day else day.replace(day=1) - timedelta(days=1)


def month_ends(until: date, *, years: int) -> list[date]:
    """The month-ends of the last ``years`` years, oldest first, ending with the last one on or before ``until``."""
    last = previous_month_end(until)
    result = [last]
    for _ in range(12 * years - 1):
        result.append(result[-1].replace(day=1) - timedelta(days=1))
    return sorted(result)


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
