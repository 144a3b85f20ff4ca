"""Figures from the councils' own records: the ladder of intervention (cases) and QA monitoring.

These are a council's intelligence (carewatch.core.access): every function takes ``owners``, the
ids of the council organisations whose records may be read (``access.visible_owner_ids(user)``,
narrowed to the area), or ``None`` for every council (a command run by an operator, the commissioner
ratings' own aggregates).

Cases come from ``carewatch.cases.queries`` (``case_figures``, ``suspensions_in_force``,
``special_measures_figures``) and, for the commissioner measures that need them, straight from the
cases' rows. QA monitoring figures (visit coverage, findings by theme, lived experience) come from
``carewatch.monitoring.figures``, with the register's active services as the denominator.
"""

from __future__ import annotations

import importlib
import statistics
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.utils import timezone

from carewatch.core.models import Organisation
from carewatch.core.roles import OrganisationKind
from carewatch.insights.areas import Area
from carewatch.insights.timeline import years_before

NO_DATA_YET = "no data yet"


@dataclass(frozen=True)
class NoData:
    """A figure carewatch cannot give (yet): why, in words."""

    reason: str = NO_DATA_YET

    def __bool__(self) -> bool:
        return False


def _module(name: str):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def councils_in(area: Area, owners: Collection[int] | None) -> list[Organisation]:
    """Council organisations in ``area`` whose records may be read."""
    councils = Organisation.objects.filter(kind=OrganisationKind.COUNCIL).select_related("local_authority")
    if area.level != "england":
        councils = councils.filter(local_authority_id__in=area.council_codes())
    if owners is not None:
        councils = councils.filter(id__in=list(owners))
    return list(councils.order_by("name", "id"))


def council_for(code: str) -> Organisation | None:
    return Organisation.objects.filter(kind=OrganisationKind.COUNCIL, local_authority_id=code).first()


# --- cases -------------------------------------------------------------------------------------


LEVEL_LABELS = {
    "0": "0 Routine monitoring",
    "1": "1 Improvement required",
    "2": "2 Enhanced monitoring",
    "3": "3 Provider concern",
    "R": "R Regulator track (CQC special measures)",
    "4": "4 Suspension of new placements",
    "5": "5 Large-scale enquiry or contract default",
}


@dataclass
class CasePanel:
    councils: list[str]
    by_level: dict[str, int] = field(default_factory=dict)
    open_cases: int = 0
    opened: int = 0
    closed: int = 0
    escalated: int = 0
    stepped_down: int = 0
    suspensions_in_force: int = 0
    suspensions_started: int = 0

    def as_dict(self) -> dict:
        return {
            "councils": self.councils,
            "by_level": self.by_level,
            "open_cases": self.open_cases,
            "opened_in_12_months": self.opened,
            "closed_in_12_months": self.closed,
            "escalated_in_12_months": self.escalated,
            "stepped_down_in_12_months": self.stepped_down,
            "suspensions_in_force": self.suspensions_in_force,
            "suspensions_started_in_12_months": self.suspensions_started,
        }


def case_panel(
    area: Area, *, on: date, owners: Collection[int] | None, since: date | None = None
) -> CasePanel | NoData:
    """Cases by ladder level on ``on``, decisions and suspensions in the 12 months to ``on``."""
    queries = _module("carewatch.cases.queries")
    if queries is None or not hasattr(queries, "case_figures"):
        return NoData()
    from carewatch.cases.ladder import ORDER
    from carewatch.cases.models import Suspension

    councils = councils_in(area, owners)
    if not councils:
        return NoData("no council in this area records its cases in carewatch, or none shares them with you")
    since = since or years_before(on, 1)
    panel = CasePanel(councils=[c.name for c in councils], by_level=dict.fromkeys(ORDER, 0))
    for council in councils:
        figures = queries.case_figures(on=on, organisation=council, since=since)
        for level, count in figures.by_level.items():
            panel.by_level[level] = panel.by_level.get(level, 0) + count
        panel.open_cases += figures.open_cases
        panel.opened += figures.opened
        panel.closed += figures.closed
        panel.escalated += figures.escalated
        panel.stepped_down += figures.stepped_down
    ids = [c.id for c in councils]
    panel.suspensions_in_force = queries.suspensions_in_force(on=on, owners=ids).count()
    panel.suspensions_started = Suspension.objects.filter(
        case__organisation_id__in=ids, started_on__gt=since, started_on__lte=on
    ).count()
    return panel


def special_measures(area: Area, *, on: date) -> dict | NoData:
    """Locations in CQC special measures (latest rating Inadequate), entered and came out in 12 months.

    From the register (public), computed by ``carewatch.cases.figures``: for England and for a
    council (its definition is per local authority).
    """
    queries = _module("carewatch.cases.queries")
    if queries is None or not hasattr(queries, "special_measures_figures"):
        return NoData()
    if area.level not in ("england", "la"):
        return NoData("shown for England and for each council")
    from carewatch.insights.services import register_version

    # Public register figures, the same for everyone: kept for an hour per register version and date.
    key = f"insights:special-measures:{register_version()}:{area.key}:{on.isoformat()}"
    found = cache.get(key)
    if found is None:
        if area.level == "england":
            found = queries.special_measures_figures(on=on).as_dict()
        else:
            stand_in = Organisation(
                name=area.name, local_authority_id=area.code
            )  # unsaved: only its area is read
            found = queries.special_measures_figures(on=on, organisation=stand_in).as_dict()
        cache.set(key, found, 3600)
    return found


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def improvement_days(*, on: date, owners: Collection[int] | None = None) -> dict[int, list[int]]:
    """Per council: days from opening to closing of each case closed in the 24 months to ``on``."""
    from carewatch.cases.ladder import Decision
    from carewatch.cases.models import CaseStatus

    rows = CaseStatus.objects.filter(
        decision__in=[Decision.OPENED, Decision.CLOSED], decided_at__lt=_end_of(on)
    ).values_list("case_id", "decision", "decided_at", "case__organisation_id")
    if owners is not None:
        rows = rows.filter(case__organisation_id__in=list(owners))
    opened: dict[int, date] = {}
    closed: dict[int, tuple[date, int]] = {}
    for case_id, decision, decided_at, organisation_id in rows.order_by("case_id", "revision"):
        day = timezone.localdate(decided_at)
        if decision == Decision.OPENED:
            opened[case_id] = day
        else:
            closed[case_id] = (day, organisation_id)
    window = years_before(on, 2)
    result: dict[int, list[int]] = defaultdict(list)
    for case_id, (closed_on, organisation_id) in closed.items():
        if window < closed_on <= on and case_id in opened:
            result[organisation_id].append((closed_on - opened[case_id]).days)
    return result


def timeliness(*, on: date, owners: Collection[int] | None = None) -> dict[int, tuple[int, int]]:
    """Per council: (on time, due) over case actions and suspension letters due in the 12 months to ``on``.

    On time: done (letter sent) on or before its due date. Due and not done by ``on``: late.
    """
    from carewatch.cases.models import Action, Suspension

    since = years_before(on, 1)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    actions = Action.objects.filter(due_on__gt=since, due_on__lte=on)
    letters = Suspension.objects.filter(letter_due_on__gt=since, letter_due_on__lte=on)
    if owners is not None:
        actions = actions.filter(case__organisation_id__in=list(owners))
        letters = letters.filter(case__organisation_id__in=list(owners))
    for organisation_id, due_on, done_on in actions.values_list("case__organisation_id", "due_on", "done_on"):
        counts[organisation_id][1] += 1
        if done_on is not None and done_on <= due_on and done_on <= on:
            counts[organisation_id][0] += 1
    for organisation_id, due_on, sent_on in letters.values_list(
        "case__organisation_id", "letter_due_on", "letter_sent_on"
    ):
        counts[organisation_id][1] += 1
        if sent_on is not None and sent_on <= due_on and sent_on <= on:
            counts[organisation_id][0] += 1
    return {key: (value[0], value[1]) for key, value in counts.items()}


def ladder_path(
    location_ids: Collection[str], *, owners: Collection[int] | None, until: date
) -> dict[str, list[dict]]:
    """Per location: the decisions of the cases that include it, oldest first (what a committee reads)."""
    from carewatch.cases.models import CaseLocation, CaseStatus

    links = CaseLocation.objects.filter(location_id__in=list(location_ids))
    if owners is not None:
        links = links.filter(case__organisation_id__in=list(owners))
    cases_of: dict[int, list[str]] = defaultdict(list)
    for case_id, location_id in links.values_list("case_id", "location_id"):
        cases_of[case_id].append(location_id)
    result: dict[str, list[dict]] = defaultdict(list)
    statuses = (
        CaseStatus.objects.filter(case_id__in=list(cases_of), decided_at__lt=_end_of(until))
        .order_by("case_id", "revision")
        .values_list("case_id", "decision", "from_level", "level", "decided_at")
    )
    for case_id, decision, from_level, level, decided_at in statuses:
        for location_id in cases_of[case_id]:
            result[location_id].append(
                {
                    "case": case_id,
                    "on": timezone.localdate(decided_at),
                    "decision": decision.replace("_", " "),
                    "from_level": from_level,
                    "level": level,
                }
            )
    return result


# --- QA monitoring ------------------------------------------------------------------------------


def active_location_ids(la_codes: Collection[str], on: date) -> set[str]:
    """Adult social care locations in the councils' areas that were active on ``on``.

    Active as in the market figures (``timeline.load``): registered by then, not yet deregistered,
    and not dormant by then (a dormant location with no start date is never counted).
    """
    from django.db.models import Q

    from carewatch.register.models import Location

    registered = Q(registered_on__isnull=True) | Q(registered_on__lte=on)
    not_gone = Q(deregistered_on__isnull=True) | Q(deregistered_on__gt=on)
    not_dormant = Q(dormant=False) | Q(dormant_from__gt=on)
    return set(
        Location.objects.filter(registered & not_gone & not_dormant, local_authority_id__in=list(la_codes))
        .filter(adult_social_care=True)
        .values_list("id", flat=True)
    )


def _monitored(area: Area, owners: Collection[int] | None, what: str) -> list[Organisation] | NoData:
    councils = [c for c in councils_in(area, owners) if c.local_authority_id]
    return councils or NoData(
        f"no council in this area records {what} in carewatch, or none shares them with you"
    )


def _responses(n: int) -> str:
    return f"{n:,} response" + ("" if n == 1 else "s")


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def visit_coverage(area: Area, *, on: date, owners: Collection[int] | None) -> dict | NoData:
    """QA visit coverage: share of active services with a council QA visit in the 12 months to ``on``.

    The services are those active on ``on`` in the areas of the councils whose records may be read.
    """
    from carewatch.monitoring import figures

    councils = _monitored(area, owners, "QA visits")
    if isinstance(councils, NoData):
        return councils
    active = active_location_ids({c.local_authority_id for c in councils}, on)
    found = figures.visit_counts(organisations=councils, since=years_before(on, 1), until=on)
    covered = len(found["location_ids"] & active)
    percent = _percent(covered, len(active))
    return {
        "percent": percent,
        "base": len(active),
        "detail": f"{covered:,} of {len(active):,} active services visited",
        "services_visited": covered,
        "active_services": len(active),
        "coverage_percent": percent,
        "visits": found["visits"],
        "unannounced_visits": found["unannounced"],
    }


def findings_by_theme(
    area: Area, *, on: date, owners: Collection[int] | None, since: date | None = None
) -> dict | NoData:
    """Findings of QA visits by theme in the period (default: the 12 months to ``on``)."""
    from carewatch.monitoring import figures

    councils = _monitored(area, owners, "findings")
    if isinstance(councils, NoData):
        return councils
    return figures.findings_by_theme(organisations=councils, since=since or years_before(on, 1), until=on)


def lived_experience(area: Area, *, on: date, owners: Collection[int] | None) -> dict | NoData:
    """Lived experience collected: share of active services with feedback received in the 12 months to ``on``."""
    from carewatch.monitoring import figures

    councils = _monitored(area, owners, "feedback")
    if isinstance(councils, NoData):
        return councils
    active = active_location_ids({c.local_authority_id for c in councils}, on)
    found = figures.feedback_counts(organisations=councils, since=years_before(on, 1), until=on)
    heard = len(found["location_ids"] & active)
    return {
        "percent": _percent(heard, len(active)),
        "base": len(active),
        "detail": f"{heard:,} of {len(active):,} active services with feedback ({_responses(found['responses'])})",
    }


def median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None
