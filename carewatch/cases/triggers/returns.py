"""The missed capacity returns trigger: a service that misses its monthly capacity return too often.

The rule is capacity's (``capacity.figures.missed_returns``: 3 months in a row or 4 in 12 by default,
``CAREWATCH_MISSED_RETURNS_IN_A_ROW`` / ``…_IN_TWELVE``). Only services in the council's area that
report capacity (care homes and home-care agencies) and have filed at least one return are counted,
from the month after their first: a service never asked for returns is never "missing" them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from carewatch.capacity import figures as capacity_figures
from carewatch.capacity import queries as capacity_queries
from carewatch.capacity.vocabulary import ReturnState
from carewatch.cases import ladder
from carewatch.cases.evidence import EvidenceLink
from carewatch.cases.ladder import Trigger
from carewatch.cases.models import CaseEvidence
from carewatch.cases.triggers.suggestions import Suggestion, area_locations
from carewatch.core.models import Organisation


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def missed_returns(
    organisation: Organisation, today: date, rule: capacity_figures.MissedReturnsRule | None = None
) -> Iterator[Suggestion]:
    locations = {
        location.pk: location
        for location in area_locations(organisation).filter(
            pk__in=capacity_queries.reporting_locations().values("pk")
        )
    }
    if not locations:
        return
    first = capacity_queries.first_return_dates(sorted(locations))
    by_start: dict[date, list[str]] = defaultdict(list)
    for location_id, day in first.items():
        by_start[_month_after(day)].append(location_id)
    found = []
    for since, ids in sorted(by_start.items()):
        found += [
            m
            for m in capacity_figures.missed_returns(location_ids=ids, today=today, rule=rule, since=since)
            if m.triggered
        ]
    rule = rule or capacity_figures.MissedReturnsRule.from_settings()
    for missed in sorted(found, key=lambda m: m.location_id):
        location = locations[missed.location_id]
        months = [m for m, state in missed.months if state == ReturnState.MISSED]
        # One proposal per run of missed months (keyed by its first month); otherwise per newest miss.
        anchor = months[-missed.in_a_row] if missed.in_a_row >= rule.in_a_row else months[-1]
        yield Suggestion(
            trigger=Trigger.MISSED_RETURNS,
            key=f"{Trigger.MISSED_RETURNS}:{location.pk}:{anchor.first:%Y-%m}",
            location=location,
            target=ladder.TRIGGER_TARGET_LEVEL[Trigger.MISSED_RETURNS],
            reason=(
                f"{location.name} missed its monthly capacity return: {missed.reason}. "
                f"The ladder's threshold is {rule.describe()}."
            ),
            evidence=tuple(
                EvidenceLink(
                    kind=CaseEvidence.Kind.CAPACITY_RETURN,
                    object_id=f"{location.pk}:{month.first:%Y-%m}",
                    summary=f"No capacity return for {month.first:%B %Y}",
                )
                for month in months
            ),
            details={
                "in_a_row": missed.in_a_row,
                "in_twelve": missed.in_twelve,
                "months": [f"{month.first:%Y-%m}" for month in months],
            },
        )
