"""Figures from the councils' own records: the ladder of intervention (cases) and QA monitoring.

These are a council's intelligence (carewatch.core.access): every function takes ``owners``, an
:class:`~carewatch.core.access.OwnerScope` — ``access.owners_for(user)`` for a person,
``access.NATIONAL`` for an operator's command — and reads only the records of the councils in it,
narrowed to the area. There is no "None for everyone".

Insights reads the other apps only through their public read functions: cases through
``carewatch.cases.figures`` (``case_figures_for``, ``suspensions_started``) and
``carewatch.cases.queries`` (``suspensions_in_force``); QA monitoring through
``carewatch.monitoring.figures``, with the register's active services as the denominator.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from django.db.models import Q

from carewatch.cases import figures as case_figures
from carewatch.cases import queries as case_queries
from carewatch.core import access
from carewatch.core.models import Organisation
from carewatch.core.roles import OrganisationKind
from carewatch.insights.areas import Area
from carewatch.insights.timeline import years_before
from carewatch.monitoring import figures as monitoring_figures
from carewatch.register.models import Location

NO_DATA_YET = "no data yet"


@dataclass(frozen=True)
class NoData:
    """A figure carewatch cannot give (yet): why, in words."""

    reason: str = NO_DATA_YET

    def __bool__(self) -> bool:
        return False


# --- the councils whose records are read ---------------------------------------------------------


def councils_in(area: Area, owners: access.OwnerScope) -> list[Organisation]:
    """Council organisations in ``area`` whose records may be read."""
    councils = Organisation.objects.filter(kind=OrganisationKind.COUNCIL).select_related("local_authority")
    if area.level != "england":
        councils = councils.filter(local_authority_id__in=area.council_codes())
    return list(owners.filter(councils, "id").order_by("name", "id"))


def council_for(code: str) -> Organisation | None:
    """The council organisation of a local authority (None when the council does not use carewatch)."""
    return Organisation.objects.filter(kind=OrganisationKind.COUNCIL, local_authority_id=code).first()


def may_read_council(code: str, owners: access.OwnerScope) -> bool:
    """Whether ``owners`` covers the records of the council of local authority ``code``."""
    organisation = council_for(code)
    return owners.allows(organisation.pk if organisation is not None else None)


def council_ids_by_area(level: str) -> dict[str, list[int]]:
    """Area code (``la`` or ``icb``) → the ids of the council organisations in it."""
    found: dict[str, list[int]] = {}
    for organisation_id, la_code, icb_code in Organisation.objects.filter(
        kind=OrganisationKind.COUNCIL
    ).values_list("id", "local_authority_id", "local_authority__icb_id"):
        code = la_code if level == "la" else icb_code
        found.setdefault(code or "", []).append(organisation_id)
    return found


def discharge_team_ids_by_area(level: str) -> dict[str, list[int]]:
    """Area code (``la`` or ``icb``) → the organisations whose discharge referrals count for it: the
    councils in it and, for an ICB, the ICB itself (its own discharge team)."""
    found = council_ids_by_area(level)
    if level == "icb":
        for organisation_id, icb_code in Organisation.objects.filter(kind=OrganisationKind.ICB).values_list(
            "id", "icb_id"
        ):
            found.setdefault(icb_code or "", []).append(organisation_id)
    return found


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


@dataclass(frozen=True)
class CasePanel:
    """The ladder figures of the councils named, with the suspensions in force and started."""

    councils: list[str]
    figures: case_figures.CaseFigures
    suspensions_in_force: int
    suspensions_started: int

    @property
    def by_level(self) -> dict[str, int]:
        return self.figures.by_level

    @property
    def open_cases(self) -> int:
        return self.figures.open_cases

    @property
    def opened(self) -> int:
        return self.figures.opened

    @property
    def closed(self) -> int:
        return self.figures.closed

    @property
    def escalated(self) -> int:
        return self.figures.escalated

    @property
    def stepped_down(self) -> int:
        return self.figures.stepped_down

    def as_dict(self) -> dict[str, object]:
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
    area: Area, *, on: date, owners: access.OwnerScope, since: date | None = None
) -> CasePanel | NoData:
    """Cases by ladder level on ``on``, decisions and suspensions in the period (default: 12 months to ``on``)."""
    councils = councils_in(area, owners)
    if not councils:
        return NoData("no council in this area records its cases in carewatch, or none shares them with you")
    since = since or years_before(on, 1)
    scope = access.OwnerScope.of(council.pk for council in councils)
    return CasePanel(
        councils=[council.name for council in councils],
        figures=case_figures.case_figures_for(on=on, owners=scope, since=since, area=area.name),
        suspensions_in_force=case_queries.suspensions_in_force(on=on, owners=scope).count(),
        suspensions_started=case_figures.suspensions_started(since=since, on=on, owners=scope),
    )


# --- QA monitoring ------------------------------------------------------------------------------


class Share(TypedDict):
    """A share of the active services (a commissioner measure): the %, its base and a sentence."""

    percent: float | None
    base: int
    detail: str


class VisitCoverage(Share):
    services_visited: int
    active_services: int
    coverage_percent: float | None
    visits: int
    unannounced_visits: int


class ThemeFindings(TypedDict):
    """QA findings by theme (``carewatch.monitoring.figures.findings_by_theme``)."""

    themes: list[tuple[str, int]]  # (theme name, findings), most first
    findings: int
    providers: int
    headline: str  # "12 findings from 5 providers in 4 themes"


def active_location_ids(la_codes: Collection[str], on: date) -> set[str]:
    """Adult social care locations in the councils' areas that were active on ``on``.

    Active as in the market figures (``timeline.load``): registered by then, not yet deregistered,
    and not dormant by then (a dormant location with no start date is never counted). A register read
    kept here until ``carewatch.register.queries`` offers it.
    """
    registered = Q(registered_on__isnull=True) | Q(registered_on__lte=on)
    not_gone = Q(deregistered_on__isnull=True) | Q(deregistered_on__gt=on)
    not_dormant = Q(dormant=False) | Q(dormant_from__gt=on)
    return set(
        Location.objects.filter(registered & not_gone & not_dormant, local_authority_id__in=list(la_codes))
        .filter(adult_social_care=True)
        .values_list("id", flat=True)
    )


def _monitored(area: Area, owners: access.OwnerScope, what: str) -> list[Organisation] | NoData:
    councils = [c for c in councils_in(area, owners) if c.local_authority_id]
    return councils or NoData(
        f"no council in this area records {what} in carewatch, or none shares them with you"
    )


def _area_codes(councils: list[Organisation]) -> set[str]:
    return {c.local_authority_id for c in councils if c.local_authority_id}


def _responses(n: int) -> str:
    return f"{n:,} response" + ("" if n == 1 else "s")


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def visit_coverage(area: Area, *, on: date, owners: access.OwnerScope) -> VisitCoverage | NoData:
    """QA visit coverage: share of active services with a council QA visit in the 12 months to ``on``.

    The services are those active on ``on`` in the areas of the councils whose records may be read.
    """
    councils = _monitored(area, owners, "QA visits")
    if isinstance(councils, NoData):
        return councils
    active = active_location_ids(_area_codes(councils), on)
    found = monitoring_figures.visit_counts(organisations=councils, since=years_before(on, 1), until=on)
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
    area: Area, *, on: date, owners: access.OwnerScope, since: date | None = None
) -> ThemeFindings | NoData:
    """Findings of QA visits by theme in the period (default: the 12 months to ``on``)."""
    councils = _monitored(area, owners, "findings")
    if isinstance(councils, NoData):
        return councils
    found = monitoring_figures.findings_by_theme(
        organisations=councils, since=since or years_before(on, 1), until=on
    )
    return {
        "themes": found["themes"],
        "findings": found["findings"],
        "providers": found["providers"],
        "headline": found["headline"],
    }


def lived_experience(area: Area, *, on: date, owners: access.OwnerScope) -> Share | NoData:
    """Lived experience collected: share of active services with feedback received in the 12 months to ``on``."""
    councils = _monitored(area, owners, "feedback")
    if isinstance(councils, NoData):
        return councils
    active = active_location_ids(_area_codes(councils), on)
    found = monitoring_figures.feedback_counts(organisations=councils, since=years_before(on, 1), until=on)
    heard = len(found["location_ids"] & active)
    return {
        "percent": _percent(heard, len(active)),
        "base": len(active),
        "detail": f"{heard:,} of {len(active):,} active services with feedback ({_responses(found['responses'])})",
    }
