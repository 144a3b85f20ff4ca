"""Monitoring's evidence for the ladder of intervention: ``carewatch.cases.triggers`` reads ``SOURCE``.

The record types are defined here, once; the triggers import them. It gives:

- ``local_qa_ratings``: each location's latest PUBLISHED local QA rating by the council (the triggers
  propose level 1 for Requires improvement or Poor);
- ``safeguarding_concerns``: findings whose confirmed theme is a safeguarding theme, dated by the visit;
- ``overdue_action_plans`` (the protocol's optional third method): plans not submitted by their due
  date and submitted plans with actions past their dates (``queries.overdue_action_plans``); the
  triggers propose one level up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from carewatch.core.models import Organisation
from carewatch.monitoring import queries
from carewatch.monitoring.models import VisitState


@dataclass(frozen=True)
class LocalQaRating:
    """A location's latest published local QA rating (PAMMS scale: Excellent, Good, Requires improvement, Poor)."""

    location_id: str
    rating: str
    rated_on: date
    object_id: str  # the monitoring record it comes from (a visit report)
    summary: str = ""


@dataclass(frozen=True)
class SafeguardingConcern:
    location_id: str
    raised_on: date
    object_id: str
    summary: str = ""


@dataclass(frozen=True)
class OverdueActionPlan:
    """An action plan that is overdue (not submitted, or actions past their dates)."""

    location_id: str
    due_on: date
    object_id: str  # "monitoring.actionplan:<id>:plan_overdue" or ":actions_overdue"
    reason: str = ""
    summary: str = ""


def _when(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _overdue_summary(item: queries.OverduePlan) -> str:
    if item.reason == "plan_overdue":
        return f"not submitted by {_when(item.due_on)}"
    count = len(item.overdue_actions)
    return f"{count} action{'s' if count != 1 else ''} past {'their' if count != 1 else 'its'} due date (earliest {_when(item.due_on)})"


class MonitoringEvidence:
    """The monitoring app as a source of evidence for ``carewatch.cases.triggers`` (reads in ``queries``)."""

    def local_qa_ratings(self, *, organisation: Organisation, today: date) -> list[LocalQaRating]:
        return [
            LocalQaRating(
                location_id=visit.location_id,
                rating=queries.rating_label(visit.overall_rating),
                rated_on=timezone.localdate(visit.published_at),
                object_id=f"monitoring.visit:{visit.pk}",
                summary=f"Local QA rating {queries.rating_label(visit.overall_rating)} after the visit of {_when(visit.visit_on)}",
            )
            for visit in queries.latest_published_visits(organisation, today=today)
            if visit.published_at is not None  # always: the visits are published
        ]

    def safeguarding_concerns(
        self, *, organisation: Organisation, since: date, until: date
    ) -> list[SafeguardingConcern]:
        return [
            SafeguardingConcern(
                location_id=finding.visit.location_id,
                raised_on=finding.visit.visit_on,
                object_id=f"monitoring.finding:{finding.pk}",
                summary=f"Safeguarding finding ({finding.get_severity_display().lower()}) on the visit of {_when(finding.visit.visit_on)}",
            )
            for finding in queries.safeguarding_findings(organisation, since=since, until=until)
        ]

    def overdue_action_plans(self, *, organisation: Organisation, today: date) -> list[OverdueActionPlan]:
        return [
            OverdueActionPlan(
                location_id=item.location_id,
                due_on=item.due_on,
                object_id=item.object_id,
                reason=item.reason,
                summary=_overdue_summary(item),
            )
            for item in queries.overdue_action_plans(organisation, today)
        ]

    def evidence_for_locations(
        self, *, organisation: Organisation, location_ids: Iterable[str], today: date
    ) -> list[tuple[str, str, str]]:
        """What an officer may link to a case about these locations: the council's visits to them (their
        local QA ratings) and the visits' findings, newest first, as (kind, object_id, summary)."""
        found = []
        for visit in queries.visits_to(organisation, location_ids, today=today):
            where = f"the visit to {visit.location.name} on {_when(visit.visit_on)}"
            if visit.overall_rating is not None:
                state = (
                    "published"
                    if visit.status == VisitState.PUBLISHED
                    else f"report {visit.get_status_display().lower()}"
                )
                found.append(
                    (
                        "local_qa_rating",
                        f"monitoring.visit:{visit.pk}",
                        f"Local QA rating {queries.rating_label(visit.overall_rating)} after {where} ({state})",
                    )
                )
            for finding in sorted(visit.findings.all(), key=lambda item: item.pk):
                theme = f"; {finding.theme.name}" if finding.theme else ""
                found.append(
                    (
                        "visit_finding",
                        f"monitoring.finding:{finding.pk}",
                        f"{finding.text} ({finding.get_severity_display().lower()}{theme}; {where})",
                    )
                )
        return found


SOURCE = MonitoringEvidence()
