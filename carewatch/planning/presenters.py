"""Shaping risk scores for pages other apps render."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from carewatch.core.roles import Role
from carewatch.monitoring.models import VisitState
from carewatch.planning import queries, risk

READER_ROLES = (Role.QA_OFFICER, Role.QA_MANAGER, Role.COMMISSIONER, Role.ANALYST)


def location_risk(user, location_id: str, *, today: date, as_of: date | None = None) -> risk.Score | None:
    """For a service's page: ``{% include "planning/_location_risk.html" with risk=… %}``. The score and
    its reasons (as at ``as_of``, a past day, else today) for council and ICB staff whose area the service
    is in; None for everyone else."""
    if not getattr(user, "is_authenticated", False) or not user.has_role(*READER_ROLES):
        return None
    return queries.location_score_for(user, location_id, as_of=as_of or today)


def number_text(value: float) -> str:
    """A weight as typed: 40, 2.5 (whole numbers without ".0", nothing rounded away)."""
    number = float(value)
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def weight_label(name: str) -> str:
    """What a weight is, in words (``risk.SIGNAL_LABELS``), or its name for one without a label."""
    return risk.SIGNAL_LABELS.get(name, name.replace("_", " ").capitalize())


@dataclass(frozen=True)
class WeightsChange:
    """One version of a council's weights on its history, with what changed against the version before."""

    version: int
    created_at: datetime
    author: str
    note: str
    changes: list[str]  # "Safe rated Inadequate: 30 → 45"


def weights_history(versions: list) -> list[WeightsChange]:
    """``queries.weights_history`` (newest first) in words: each version against the one before it, the first
    against the published defaults. A weight a version does not hold (a signal added since) is its default."""
    rows: list[WeightsChange] = []
    oldest_first = list(reversed(versions))
    for index, version in enumerate(oldest_first):
        before = oldest_first[index - 1].weights if index else {}
        changes = []
        for name in dict.fromkeys([*risk.DEFAULT_WEIGHTS, *version.weights]):
            default = risk.DEFAULT_WEIGHTS.get(name, 0)
            old, new = before.get(name, default), version.weights.get(name, default)
            if float(old) != float(new):
                changes.append(f"{weight_label(name)}: {number_text(old)} → {number_text(new)}")
        person = version.created_by
        rows.append(
            WeightsChange(
                version=version.version,
                created_at=version.created_at,
                author=(person.get_full_name() or person.username) if person else "carewatch",
                note=version.note,
                changes=changes,
            )
        )
    return list(reversed(rows))


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
