"""Market figures for one area, or every council, as at any date: counts, trend, rating age.

Three ways to the same figures (docs/insights.md, "Precomputed months"):
- now (``as_of`` None): ``register.queries.market_figures`` on the register as it is;
- a month-end covered by fresh ``MarketMonth`` rows: read from the table;
- any other date, or stale rows: recomputed live from the dated history (``timeline``), with the
  definitions of ``market_figures(as_of=…)``.

Every figure is a :class:`~carewatch.insights.counts.Counts` (or a ``RatingAge``). CQC special
measures (public register figures computed by ``carewatch.cases.figures``) are here too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar, cast

from django.core.cache import cache
from django.db.models import Count, Min, QuerySet

from carewatch.cases import figures as case_figures
from carewatch.core.models import Organisation
from carewatch.insights import timeline
from carewatch.insights.areas import ENGLAND, SERVICES, Area, service_filter
from carewatch.insights.counts import Counts, RatingAge, rating_age_from
from carewatch.insights.models import MarketMonth
from carewatch.insights.sources import NoData
from carewatch.ratings.cqc import RATED
from carewatch.register import models as register
from carewatch.register import queries as register_queries

CACHE_SECONDS = 6 * 3600
T = TypeVar("T")


def register_version() -> int:
    """The register's version: the id of its latest snapshot in force (0 before any import).

    Undoing the latest import (``import-cqc --undo``) takes the register back to the version before.
    """
    return (
        register.Snapshot.objects.filter(undone_at__isnull=True)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
        or 0
    )


class Live:
    """The dated history, loaded at most once per request and shared by every live figure."""

    def __init__(self) -> None:
        self._everything: list[timeline.LocationHistory] | None = None
        self._areas: dict[tuple[str, str], list[timeline.LocationHistory]] = {}
        self._now: dict[tuple[str, str], list[register_queries.AreaFigures]] = {}

    def market_now(self, level: str, service: str) -> list[register_queries.AreaFigures]:
        """``register.queries.market_figures`` now: once per request, and kept until the next import."""
        if (level, service) not in self._now:
            self._now[(level, service)] = cached(
                f"market-now:{level}:{service}",
                lambda: register_queries.market_figures(by=level, service=service),
            )
        return self._now[(level, service)]

    def histories(
        self, area: Area, service: str, *, everything: bool = False
    ) -> list[timeline.LocationHistory]:
        if everything or self._everything is not None:
            if self._everything is None:
                self._everything = timeline.load(ENGLAND, "all", with_groups=True)
            return timeline.in_area(timeline.of_service(self._everything, service), area.level, area.code)
        key = (area.key, service)
        if key not in self._areas:
            self._areas[key] = timeline.load(area, service)
        return self._areas[key]


def cached(name: str, compute: Callable[[], T]) -> T:
    """Figures of the register as it is now change only with an import: keep them per register version."""
    key = f"insights:{register_version()}:{name}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return cast(T, found)


def earliest_on() -> date | None:
    """The earliest date the register holds data for: the first registration of any location (None: empty).

    Figures "as at" an earlier date would all be 0, so the pages refuse such a date (``core.dates``).
    """

    def first() -> str:
        found = register.Location.objects.aggregate(first=Min("registered_on"))["first"]
        return found.isoformat() if found else ""  # "" rather than None, which the cache cannot keep

    found = cached("earliest-on", first)
    return date.fromisoformat(found) if found else None


def fresh_version() -> int | None:
    """The register version of the precomputed months when they match the register, else None."""
    version = register_version()
    if version and figures_complete(version):
        return version
    return None


def figures_complete(version: int) -> bool:
    """Whether the monthly figures of ``version`` were written for every service (a refresh finished)."""
    written = MarketMonth.objects.filter(register_version=version).values("service").distinct().count()
    return written == len(SERVICES)


def _months(version: int, area: Area, service: str) -> QuerySet[MarketMonth]:
    return MarketMonth.objects.filter(
        register_version=version, level=area.level, code=area.code, service=service
    )


def ratings(area: Area, service: str, as_of: date | None, *, today: date, live: Live | None = None) -> Counts:
    """Active locations by overall rating, and beds, in ``area`` (now, or as at ``as_of``)."""
    if as_of is None:
        live = live or Live()
        if area.level == "england":  # England is the sum of every council (and any unmatched locations)
            return Counts.total(live.market_now("la", service), today)
        rows = live.market_now(area.level, service)
        row = next((r for r in rows if r.code == area.code), None)
        return Counts.of(row, today) if row is not None else Counts(on=today)
    version = fresh_version() if as_of == timeline.month_end(as_of) else None
    if version:
        month = _months(version, area, service).filter(on=as_of).first()
        if month is not None:
            return month.counts()
    return timeline.counts_on((live or Live()).histories(area, service), as_of)


def rating_age(
    area: Area, service: str, as_of: date | None, *, today: date, live: Live | None = None
) -> RatingAge:
    """The age of the latest overall rating of each rated active location: median and shares over 2 and 4 years."""
    if as_of is None:
        return cached(
            f"age-now:{area.key}:{service}:{today}", lambda: _current_rating_age(area, service, today)
        )
    version = fresh_version() if as_of == timeline.month_end(as_of) else None
    if version:
        month = _months(version, area, service).filter(on=as_of).first()
        if month is not None:
            return month.rating_age()
    return timeline.rating_age_on((live or Live()).histories(area, service), as_of)


def _current_rating_age(area: Area, service: str, today: date) -> RatingAge:
    """Now: from each active rated location's current rating date (grouped by date in the database)."""
    by_date = (
        register.Location.objects.filter(
            area.location_filter(),
            service_filter(service),
            adult_social_care=True,
            is_active=True,
            current_rating__in=RATED,
            current_rating_on__isnull=False,
        )
        .values_list("current_rating_on")
        .annotate(n=Count("id"))
        .order_by()
    )
    ages: list[int] = []
    for rated_on, n in by_date:
        ages.extend([(today - rated_on).days] * n)
    return rating_age_from(today, ages)


def trend(area: Area, service: str, *, until: date, years: int, live: Live | None = None) -> list[Counts]:
    """Counts at each month-end of the last ``years`` years up to ``until``, oldest first."""
    days = timeline.month_ends(until, years=years)
    version = fresh_version()
    if version:
        months = {
            row.on: row for row in _months(version, area, service).filter(on__gte=days[0], on__lte=days[-1])
        }
        if all(day in months for day in days):
            return [months[day].counts() for day in days]
    return timeline.series((live or Live()).histories(area, service), days)[("all", "")]


def council_figures(
    service: str, as_of: date | None, *, today: date, live: Live | None = None
) -> list[tuple[str, str, Counts]]:
    """Every council: (code, name, counts) now or as at ``as_of``."""
    names: dict[str, str] = dict(register.LocalAuthority.objects.values_list("code", "name"))
    if as_of is not None and as_of == timeline.month_end(as_of):
        version = fresh_version()
        if version:
            months = MarketMonth.objects.filter(
                register_version=version, level="la", service=service, on=as_of
            )
            found = {month.code: month.counts() for month in months}
            if found:
                return [
                    (code, names[code], found.get(code, Counts(on=as_of)))
                    for code in sorted(names, key=lambda c: names[c])
                ]
    if as_of is not None:
        histories = (live or Live()).histories(ENGLAND, service, everything=True)
        by_council = timeline.series(histories, [as_of], grouped=True)
        return [
            (code, names[code], by_council.get(("la", code), [Counts(on=as_of)])[0])
            for code in sorted(names, key=lambda c: (names[c], c))
        ]
    rows = (live or Live()).market_now("la", service)
    return [(row.code, row.name, Counts.of(row, today)) for row in rows if row.code]


def special_measures(area: Area, *, on: date) -> dict[str, object] | NoData:
    """Locations in CQC special measures (latest rating Inadequate), entered and came out in 12 months.

    From the register (public), computed by ``carewatch.cases.figures``: for England and for a
    council (its definition is per local authority).
    """
    if area.level not in ("england", "la"):
        return NoData("shown for England and for each council")
    # Public register figures, the same for everyone: kept for an hour per register version and date.
    key = f"insights:special-measures:{register_version()}:{area.key}:{on.isoformat()}"
    found: dict[str, object] | None = cache.get(key)
    if found is None:
        if area.level == "england":
            found = case_figures.special_measures_figures(on=on).as_dict()
        else:
            stand_in = Organisation(
                name=area.name, local_authority_id=area.code
            )  # unsaved: only its area is read
            found = case_figures.special_measures_figures(on=on, organisation=stand_in).as_dict()
        cache.set(key, found, 3600)
    return found
