"""The read behind the thematic analysis: a council's findings for a period (the counting is
:func:`carewatch.monitoring.analysis.summarise`)."""

from __future__ import annotations

from datetime import date

from carewatch.core.models import Organisation
from carewatch.monitoring import analysis, lifecycle
from carewatch.monitoring.analysis import Granularity, ThematicAnalysis
from carewatch.monitoring.models import Finding, VisitState


def thematic_analysis(
    *,
    organisation: Organisation,
    start: date,
    end: date,
    granularity: Granularity = "quarter",
    published_only: bool = True,
) -> ThematicAnalysis:
    """The council's findings on its visits between ``start`` and ``end`` (by visit date, inclusive),
    from published reports unless ``published_only=False``, shaped for a committee report
    (:mod:`carewatch.monitoring.analysis` says what counts)."""
    if end < start:
        raise ValueError("the period ends before it starts")
    spans = analysis.periods(start, end, granularity)
    findings = Finding.objects.filter(
        visit__organisation=organisation, visit__visit_on__gte=start, visit__visit_on__lte=end
    )
    findings = findings.exclude(visit__status__in=lifecycle.NOT_CARRIED_OUT)
    if published_only:
        findings = findings.filter(visit__status=VisitState.PUBLISHED)
    rows = list(
        findings.select_related("theme", "visit__location", "visit__framework_version__framework").order_by(
            "id"
        )
    )
    return analysis.summarise(
        rows,
        organisation=organisation.name,
        start=start,
        end=end,
        spans=spans,
        granularity=granularity,
        published_only=published_only,
    )
