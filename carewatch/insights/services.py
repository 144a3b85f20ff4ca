"""Writes of the insights app: refreshing the precomputed monthly market figures.

Run after every import (``carewatch insights_refresh``; the import command or task calls
:func:`refresh_market_months`). Nothing here reads the clock: the caller passes ``until``.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterable
from datetime import date, datetime

import numpy as np
from django.db import transaction

from carewatch.core import audit, bulk
from carewatch.insights import timeline
from carewatch.insights.areas import ENGLAND, SERVICES
from carewatch.insights.counts import FOUR_YEARS, TWO_YEARS, RatingAge, rating_age_from
from carewatch.insights.models import MarketMonth
from carewatch.insights.queries.market import register_version

logger = logging.getLogger(__name__)
YEARS = 10


def refresh_market_months(
    *, until: date, now: datetime, years: int = YEARS, actor_label: str = "system"
) -> int:
    """Compute every area's monthly figures for the last ``years`` years; returns the rows written.

    ``until``: the last day to cover (the last month-end on or before it is the newest row).
    Resumable: each service's figures are written in their own transaction, and a run interrupted
    part way (an import killed during its refresh) is finished by the next run, which computes only
    the services still missing for the register's version. The figures of earlier versions go once
    every service is written; until then the dashboards compute live (``queries.market.fresh_version``).
    """
    version = register_version()
    days = timeline.month_ends(until, years=years)
    done = set(
        MarketMonth.objects.filter(register_version=version, on=days[-1] if days else until)
        .values_list("service", flat=True)
        .distinct()
    )
    written = 0
    everything = None
    for service in SERVICES:
        if service in done:
            continue
        if everything is None:
            everything = timeline.load(ENGLAND, "all", with_groups=True)
        rows = _service_rows(everything, service, days, version)
        with transaction.atomic():
            MarketMonth.objects.filter(register_version=version, service=service).delete()
            bulk.fast_insert(MarketMonth, rows)
        written += len(rows)
    with transaction.atomic():
        MarketMonth.objects.exclude(register_version=version).delete()
        audit.record(
            at=now,
            actor_label=actor_label,
            action="insights.market_months_refreshed",
            object_type="register_version",
            object_id=str(version),
            after={"rows": written, "until": until.isoformat(), "years": years, "resumed": bool(done)},
        )
    logger.info("insights.market_months_refreshed version=%s rows=%s", version, written)
    return written


def _service_rows(
    everything: list[timeline.LocationHistory], service: str, days: list[date], version: int
) -> list[MarketMonth]:
    histories = timeline.of_service(everything, service)
    counts = timeline.series(histories, days, grouped=True)
    ages = age_summaries(histories, days)
    return [
        MarketMonth.of(
            register_version=version,
            level=level,
            code=code,
            service=service,
            counts=figures,
            age=ages.get((level, code, index)) or rating_age_from(figures.on, []),
        )
        for (level, code), per_day in counts.items()
        for index, figures in enumerate(per_day)
    ]


def age_summaries(
    histories: Iterable[timeline.LocationHistory], days: list[date]
) -> dict[tuple[str, str, int], RatingAge]:
    """(level, code, day index) → the rating ages on that day, vectorised with numpy.

    Same figures as ``timeline.rating_age_on`` for each day and area (a test pins that), but one pass
    over every (piece of history × area) instead of one per day.
    """
    group_ids: dict[tuple[str, str], int] = {}
    firsts: list[int] = []
    stops: list[int] = []
    rated: list[int] = []
    area_keys: list[int] = []
    for history in histories:
        keys = [group_ids.setdefault(g, len(group_ids)) for g in history.groups if g[1]]
        for start, end, rating, rated_on in history.pieces():
            if rating == timeline.UNRATED_INDEX or rated_on is None:
                continue
            first, stop = bisect.bisect_left(days, start), bisect.bisect_left(days, end)
            if first >= stop:
                continue
            for key in keys:
                firsts.append(first)
                stops.append(stop)
                rated.append(rated_on.toordinal())
                area_keys.append(key)
    if not firsts:
        return {}
    first_a, stop_a = np.array(firsts), np.array(stops)
    rated_a, area_a = np.array(rated), np.array(area_keys)
    names = {index: key for key, index in group_ids.items()}
    result: dict[tuple[str, str, int], RatingAge] = {}
    for index, day in enumerate(days):
        mask = (first_a <= index) & (stop_a > index)
        if not mask.any():
            continue
        ages = day.toordinal() - rated_a[mask]
        groups = area_a[mask]
        order = np.lexsort((ages, groups))
        ages, groups = ages[order], groups[order]
        present, starts, sizes = np.unique(groups, return_index=True, return_counts=True)
        low = ages[starts + (sizes - 1) // 2]
        high = ages[starts + sizes // 2]
        over_2 = np.add.reduceat((ages > TWO_YEARS).astype(np.int64), starts)
        over_4 = np.add.reduceat((ages > FOUR_YEARS).astype(np.int64), starts)
        bands = np.minimum(4, (ages / 365.25).astype(np.int64))
        band_counts = np.zeros((len(present), 5), dtype=np.int64)
        np.add.at(band_counts, (np.repeat(np.arange(len(present)), sizes), bands), 1)
        for position, group in enumerate(present):
            level, code = names[int(group)]
            result[(level, code, index)] = RatingAge(
                on=day,
                rated=int(sizes[position]),
                median_days=(int(low[position]) + int(high[position])) / 2,
                older_than_2_years=int(over_2[position]),
                older_than_4_years=int(over_4[position]),
                bands=tuple(int(v) for v in band_counts[position]),
            )
    return result
