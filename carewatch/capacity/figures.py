"""Capacity facts the apps above read, as plain values (docs/capacity.md, "Figures for other apps").

- cases: :func:`missed_returns` (the missed-returns ladder trigger), :func:`contracted_location_ids`
  (ladder steps that need contractual powers);
- insights: :func:`vacancies_by_bed_type` and :func:`return_compliance` for a council, ICB or region
  at any date, :func:`contracted_location_ids` for "in contract" counts.
Nothing here reads the clock: ``today``/``as_of`` come in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Q, Sum

from carewatch.capacity import compliance, queries
from carewatch.capacity.compliance import Month
from carewatch.capacity.models import BedReturn
from carewatch.capacity.vocabulary import BedType, ReturnState
from carewatch.core import access
from carewatch.core.working_days import england_and_wales

contracted_location_ids = queries.contracted_location_ids


@dataclass(frozen=True)
class MissedReturnsRule:
    """Missed monthly returns that raise a ladder trigger: this many in a row, or this many in 12 months."""

    in_a_row: int = 3
    in_twelve: int = 4

    @classmethod
    def from_settings(cls) -> MissedReturnsRule:
        return cls(
            in_a_row=int(settings.CAREWATCH_MISSED_RETURNS_IN_A_ROW),
            in_twelve=int(settings.CAREWATCH_MISSED_RETURNS_IN_TWELVE),
        )

    def describe(self) -> str:
        return f"{self.in_a_row} missed monthly returns in a row, or {self.in_twelve} in 12 months"


@dataclass(frozen=True)
class MissedReturns:
    location_id: str
    months: tuple[tuple[Month, ReturnState], ...]  # the last 12 closed months, oldest first
    in_a_row: int  # missed, counting back from the newest closed month
    in_twelve: int
    triggered: bool
    reason: str  # "3 missed monthly returns in a row (August, September and October 2026)"


def _local_dates(location_ids: list[str], since: date) -> dict[str, list[date]]:
    return queries.return_dates(location_ids, since=since)


def missed_returns(
    *,
    location_ids: Iterable[str],
    today: date,
    rule: MissedReturnsRule | None = None,
    since: date | None = None,
    holidays: Container[date] | None = None,
) -> list[MissedReturns]:
    """Each location's missed monthly returns over the last 12 months whose window has closed, and
    whether ``rule`` (default: the settings, 3 in a row or 4 in 12) is met. ``since``: months before it
    are not counted (when the council started collecting returns, or the location registered)."""
    rule = rule or MissedReturnsRule.from_settings()
    holidays = england_and_wales() if holidays is None else holidays
    current = Month.of(today)
    closed = [m for m in compliance.months(date(today.year - 1, today.month, 1), today)]
    closed = [m for m in closed if compliance.window(m, holidays=holidays)[1] < today][-12:]
    if since is not None:
        closed = [m for m in closed if m.last >= since]
    ids = sorted(set(location_ids))
    dates = _local_dates(ids, closed[0].first if closed else current.first)
    result = []
    for location_id in ids:
        states = tuple(
            (m, compliance.state_of(m, dates.get(location_id, []), today=today, holidays=holidays))
            for m in closed
        )
        missed = [m for m, state in states if state == ReturnState.MISSED]
        run: list[Month] = []
        for m, state in reversed(states):
            if state != ReturnState.MISSED:
                break
            run.insert(0, m)
        triggered = len(run) >= rule.in_a_row or len(missed) >= rule.in_twelve
        if len(run) >= rule.in_a_row:
            reason = f"{len(run)} missed monthly returns in a row ({_months(run)})"
        elif len(missed) >= rule.in_twelve:
            reason = f"{len(missed)} missed monthly returns in 12 months ({_months(missed)})"
        else:
            reason = ""
        result.append(MissedReturns(location_id, states, len(run), len(missed), triggered, reason))
    return result


def _months(months: list[Month]) -> str:
    names = [f"{m.first:%B %Y}" for m in months]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class Compliance:
    month: Month
    on_time: int
    late: int
    missed: int
    due: int
    locations: int

    @property
    def pct_on_time(self) -> float | None:
        return round(100 * self.on_time / self.locations, 1) if self.locations else None


def _area(local_authorities: Iterable[str] = (), icbs: Iterable[str] = (), regions: Iterable[str] = ()) -> Q:
    return (
        Q(local_authority_id__in=sorted(local_authorities))
        | Q(icb_id__in=sorted(icbs))
        | Q(region_id__in=sorted(regions))
    )


def return_compliance(
    *,
    month: Month,
    today: date,
    local_authorities: Iterable[str] = (),
    icbs: Iterable[str] = (),
    regions: Iterable[str] = (),
    holidays: Container[date] | None = None,
) -> Compliance:
    """How many of an area's reporting locations returned ``month``'s figures on time, late or not at all."""
    holidays = england_and_wales() if holidays is None else holidays
    ids = list(
        queries.reporting_locations()
        .filter(_area(local_authorities, icbs, regions))
        .values_list("id", flat=True)
    )
    dates = _local_dates(ids, month.first)
    counts: dict[str, int] = defaultdict(int)
    for location_id in ids:
        counts[compliance.state_of(month, dates.get(location_id, []), today=today, holidays=holidays)] += 1
    return Compliance(
        month=month,
        on_time=counts[ReturnState.ON_TIME],
        late=counts[ReturnState.LATE],
        missed=counts[ReturnState.MISSED],
        due=counts[ReturnState.DUE] + counts[ReturnState.NOT_YET],
        locations=len(ids),
    )


@dataclass(frozen=True)
class BedTypeFigures:
    bed_type: str
    label: str
    capacity: int
    occupied: int
    vacant_accepting: int
    vacant_not_accepting: int

    @property
    def occupancy_pct(self) -> float | None:
        return round(100 * self.occupied / self.capacity, 1) if self.capacity else None


def vacancies_by_bed_type(
    *,
    as_of: datetime,
    local_authorities: Iterable[str] = (),
    icbs: Iterable[str] = (),
    regions: Iterable[str] = (),
    scope: access.OwnerScope | None = None,
) -> list[BedTypeFigures]:
    """Beds by type in an area's latest returns as they stood at ``as_of`` (every bed type, zeros included).
    ``scope``: :data:`access.NATIONAL` for England instead of named areas."""
    area = Q() if scope is not None and scope.national else _area(local_authorities, icbs, regions)
    locations = queries.vacancy_locations(
        queries.VacancyCriteria(area=area, include_unreported=False, as_of=as_of), now=as_of
    )
    totals = {
        row["bed_type"]: row
        for row in BedReturn.objects.filter(capacity_return_id__in=locations.values("latest_return_id"))  # type: ignore[misc]
        .values("bed_type")
        .annotate(
            capacity=Sum("capacity"),
            occupied=Sum("occupied"),
            accepting=Sum("vacant_accepting"),
            not_accepting=Sum("vacant_not_accepting"),
        )
    }
    return [
        BedTypeFigures(
            bed_type=value,
            label=label,
            capacity=int(totals.get(value, {}).get("capacity") or 0),
            occupied=int(totals.get(value, {}).get("occupied") or 0),
            vacant_accepting=int(totals.get(value, {}).get("accepting") or 0),
            vacant_not_accepting=int(totals.get(value, {}).get("not_accepting") or 0),
        )
        for value, label in BedType.choices
    ]
