"""What local quality monitoring gives the market insight dashboards and the commissioner rating.

Plain figures for a set of councils and a period, read by ``carewatch.insights.sources``, which adds
the denominators from the register (the services active in the councils' areas on the date). The
period is ``since`` < day <= ``until``, as everywhere in insights (the 12 months to a date).

- a visit counts when it has happened (any state but scheduled) on a day in the period;
- a finding counts once its visit's report is published (as in the thematic analysis: until then the
  provider may still challenge it), under its theme's name ("Not yet themed" when it has none);
- feedback counts when it was received in the period and not rejected by the moderator.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, QuerySet

from carewatch.core.models import Organisation
from carewatch.monitoring import lifecycle
from carewatch.monitoring.analysis import UNTHEMED, headline
from carewatch.monitoring.models import Feedback, Finding, ModerationState, Visit, VisitState


def _visits(organisations: Iterable[Organisation], since: date, until: date) -> QuerySet[Visit]:
    return Visit.objects.filter(
        organisation__in=list(organisations), visit_on__gt=since, visit_on__lte=until
    ).exclude(status__in=lifecycle.NOT_CARRIED_OUT)


def visit_counts(*, organisations: Iterable[Organisation], since: date, until: date) -> dict:
    """Visits in the period: how many, to how many locations, how many unannounced; the locations' ids."""
    visits = _visits(organisations, since, until)
    rows = list(visits.values_list("location_id", "announced"))
    return {
        "visits": len(rows),
        "unannounced": sum(1 for _, announced in rows if not announced),
        "location_ids": {location_id for location_id, _ in rows},
    }


def feedback_counts(*, organisations: Iterable[Organisation], since: date, until: date) -> dict:
    """Feedback received in the period (not rejected): responses, and the ids of the locations it was about."""
    rows = list(
        Feedback.objects.filter(
            organisation__in=list(organisations), received_at__date__gt=since, received_at__date__lte=until
        )
        .exclude(moderation=ModerationState.REJECTED)
        .values_list("location_id", flat=True)
    )
    return {"responses": len(rows), "location_ids": set(rows)}


def findings_by_theme(*, organisations: Iterable[Organisation], since: date, until: date) -> dict:
    """The findings of the published reports of visits in the period: ``themes`` as (theme name, findings) most first, ``findings``,
    ``providers`` (distinct providers of the locations visited) and the ``headline`` sentence
    ("12 findings from 5 providers in 4 themes", as in the thematic analysis)."""
    findings = Finding.objects.filter(
        visit__in=_visits(organisations, since, until).filter(status=VisitState.PUBLISHED)
    )
    rows = findings.values("theme__name").annotate(n=Count("id"))
    themes = sorted(
        ((row["theme__name"] or UNTHEMED, row["n"]) for row in rows),
        key=lambda item: (-item[1], item[0] == UNTHEMED, item[0]),
    )
    total = sum(n for _, n in themes)
    providers = findings.values("visit__location__provider_id").distinct().count()
    themed = sum(1 for name, _ in themes if name != UNTHEMED)
    return {
        "themes": themes,
        "findings": total,
        "providers": providers,
        "headline": headline(findings=total, providers=providers, themes=themed),
    }
