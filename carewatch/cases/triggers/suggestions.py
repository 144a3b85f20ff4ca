"""What a trigger suggests before it becomes a proposal, and what the triggers share: the council's
ladder settings, its area's locations, dates in words."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet

from carewatch.cases import ladder, queries
from carewatch.cases.evidence import EvidenceLink
from carewatch.cases.models import Case
from carewatch.core.models import Organisation
from carewatch.register.models import Location


@dataclass(frozen=True)
class Suggestion:
    """What the evidence points to, before :func:`~.proposing.propose` checks it against the cases."""

    trigger: str
    key: str
    location: Location
    reason: str
    evidence: tuple[EvidenceLink, ...]
    target: str = ""  # the level to reach (open or escalate)
    case: Case | None = None  # when the evidence is about a known case
    kind: str = ""  # when the evidence asks for a particular move (step down, close)
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    ladder_id: int | None
    safeguarding_threshold: int
    safeguarding_period_days: int

    def timescale(self, key: str) -> tuple[int, str]:
        if self.ladder_id is not None:
            row = queries.timescale(self.ladder_id, key)
            return row.number, row.unit
        spec = next(t for level in ladder.DEFAULT_TEMPLATE.levels for t in level.timescales if t.key == key)
        return spec.number, spec.unit


def settings_for(organisation: Organisation) -> Settings:
    version = queries.current_ladder(organisation)
    if version is None:
        template = ladder.DEFAULT_TEMPLATE
        return Settings(None, template.safeguarding_concerns_threshold, template.safeguarding_period_days)
    return Settings(version.pk, version.safeguarding_concerns_threshold, version.safeguarding_period_days)


def area_locations(organisation: Organisation) -> QuerySet[Location]:
    return Location.objects.filter(local_authority_id=organisation.local_authority_id, is_active=True)


def when(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def locations_by_id(organisation: Organisation, ids: Iterable[str]) -> dict[str, Location]:
    return {location.pk: location for location in Location.objects.filter(pk__in=set(ids))}
