"""The reads behind monitoring's evidence for the ladder of intervention (``carewatch.monitoring.evidence``
shapes them into the records ``carewatch.cases.triggers`` reads). One council's records each."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from carewatch.core.models import Organisation
from carewatch.monitoring import lifecycle
from carewatch.monitoring.models import Finding, Visit, VisitState


def latest_published_visits(organisation: Organisation, *, today: date) -> list[Visit]:
    """Each location's latest visit by the council with a report published on or before ``today`` and an
    overall rating, by location id."""
    latest: dict[str, Visit] = {}
    published = Visit.objects.filter(
        organisation=organisation, status=VisitState.PUBLISHED, overall_rating__isnull=False
    )
    for visit in published.select_related("location").order_by("location_id", "-published_at", "-id"):
        if visit.published_at is None or visit.location_id in latest:
            continue
        if timezone.localdate(visit.published_at) > today:
            continue
        latest[visit.location_id] = visit
    return list(latest.values())


def safeguarding_findings(organisation: Organisation, *, since: date, until: date) -> list[Finding]:
    """Findings whose confirmed theme is a safeguarding theme, on the council's visits carried out in the
    period (``since`` < visit date <= ``until``), by visit date."""
    return list(
        Finding.objects.filter(
            visit__organisation=organisation,
            theme__safeguarding=True,
            theme_confirmed_at__isnull=False,
            visit__visit_on__gt=since,
            visit__visit_on__lte=until,
        )
        .exclude(visit__status__in=lifecycle.NOT_CARRIED_OUT)
        .select_related("visit")
        .order_by("visit__visit_on", "id")
    )


def visits_to(
    organisation: Organisation, location_ids: Iterable[str], *, today: date, limit: int = 40
) -> list[Visit]:
    """The council's visits carried out (by ``today``) to these locations, newest first, with their
    findings and the findings' themes."""
    return list(
        Visit.objects.filter(
            organisation=organisation, location_id__in=list(location_ids), visit_on__lte=today
        )
        .exclude(status__in=lifecycle.NOT_CARRIED_OUT)
        .select_related("location")
        .prefetch_related("findings__theme")
        .order_by("-visit_on", "-id")[:limit]
    )
