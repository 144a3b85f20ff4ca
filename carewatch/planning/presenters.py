"""Shaping risk scores for pages other apps render."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from carewatch.core.roles import Role
from carewatch.monitoring.models import VisitState
from carewatch.planning import queries, risk

READER_ROLES = (Role.QA_OFFICER, Role.QA_MANAGER, Role.COMMISSIONER, Role.ANALYST)


def location_risk(user, location_id: str, *, today: date) -> risk.Score | None:
    """For a service's page: ``{% include "planning/_location_risk.html" with risk=… %}``. The score and
    its reasons for council and ICB staff whose area the service is in; None for everyone else."""
    if not getattr(user, "is_authenticated", False) or not user.has_role(*READER_ROLES):
        return None
    return queries.location_score_for(user, location_id, as_of=today)


@dataclass(frozen=True)
class Day:
    day: date
    officer: str
    visits: list  # planning.ProgrammeVisit, in route order

    @property
    def distance_km(self) -> float:
        return round(sum(v.distance_km or 0 for v in self.visits), 1)


def programme_days(visits: Iterable) -> list[Day]:
    """A programme's visits grouped per day per officer, each group in nearest-neighbour order."""
    groups: dict[tuple[date, str, int], list] = defaultdict(list)
    for item in visits:
        name = item.officer.get_full_name() or item.officer.username
        groups[(item.visit_on, name, item.officer_id)].append(item)
    return [
        Day(day, name, sorted(items, key=lambda v: (v.order, v.pk)))
        for (day, name, _), items in sorted(groups.items())
    ]


@dataclass(frozen=True)
class DiaryEntry:
    visit: object  # monitoring.Visit
    state: str  # "record": today or overdue; "later": planned for a later day; "done": carried out
    note: str


def _entry(visit, today: date) -> DiaryEntry:
    if visit.status != VisitState.SCHEDULED:
        return DiaryEntry(visit, "done", f"Report: {visit.get_status_display()}")
    if visit.visit_on < today:
        return DiaryEntry(visit, "record", f"Overdue: planned for {visit.visit_on:%-d %B %Y}")
    if visit.visit_on == today:
        return DiaryEntry(visit, "record", "Today")
    return DiaryEntry(visit, "later", f"You can record it from {visit.visit_on:%A %-d %B}")


def diary_days(visits: Iterable, *, today: date) -> list[tuple[date, list[DiaryEntry]]]:
    """An officer's visits by day: each to record now (today's and overdue ones), later (saying from
    when: a visit is recorded on the day it is carried out), or done."""
    groups: dict[date, list[DiaryEntry]] = defaultdict(list)
    for visit in visits:
        groups[visit.visit_on].append(_entry(visit, today))
    return sorted(groups.items())
