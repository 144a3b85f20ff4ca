"""The thematic analysis page: a council's findings for a period by theme, service type and period,
ready for a committee report, with each table as CSV or XLSX. For the council's QA officers and managers.
"""

from __future__ import annotations

from datetime import date

from django.shortcuts import redirect, render
from django.utils import timezone

from carewatch.core import access, tables
from carewatch.core.roles import OrganisationKind, Role
from carewatch.monitoring import queries, setup_forms
from carewatch.monitoring.models import Severity
from carewatch.monitoring.setup_views import council_of

QA_STAFF = access.signed_in(Role.QA_OFFICER, Role.QA_MANAGER, organisation_kinds=(OrganisationKind.COUNCIL,))


# --- thematic analysis ---------------------------------------------------------------------------


def _last_twelve_months(today: date) -> tuple[date, date]:
    """From the first day of the month eleven months ago to today (12 calendar months, this one included)."""
    index = today.year * 12 + today.month - 1 - 11
    return date(index // 12, index % 12 + 1, 1), today


def _percent(share: float) -> float:
    return round(share * 100, 1)


def analysis_tables(analysis) -> dict[str, tables.Table]:
    """The analysis as three data tables (on the page and as CSV or XLSX downloads)."""
    by_theme = tables.Table(
        name="by-theme",
        caption="Findings by theme",
        columns=["Theme", "Findings", "Share of findings (%)", "Providers", "Unconfirmed themes"]
        + [label for _, label in _severities()],
        rows=[
            [row.theme, row.findings, _percent(row.share), row.providers, row.unconfirmed]
            + [row.by_severity.get(value, 0) for value, _ in _severities()]
            for row in analysis.by_theme
        ],
        note="Findings are counted under their current theme. Unconfirmed: suggested by carewatch, "
        "not yet confirmed by an officer.",
    )
    by_type = tables.Table(
        name="by-service-type",
        caption="Findings by service type",
        columns=["Service type", "Findings", "Share of findings (%)", "Providers", "Visits"],
        rows=[
            [row.label, row.findings, _percent(row.share), row.providers, row.visits]
            for row in analysis.by_service_type
        ],
    )
    trend = tables.Table(
        name="trend",
        caption="Findings by " + ("financial quarter" if analysis.granularity == "quarter" else "month"),
        columns=["Period", "Findings", "Themes (findings)"],
        rows=[
            [
                point.period.label,
                point.findings,
                ", ".join(
                    f"{name} ({count})"
                    for name, count in sorted(point.by_theme.items(), key=lambda item: (-item[1], item[0]))
                ),
            ]
            for point in analysis.trend
        ],
    )
    return {table.name: table for table in (by_theme, by_type, trend)}


def _severities():
    return Severity.choices


@QA_STAFF
def analysis(request):
    council = council_of(request)
    if council is None:
        return redirect("public:home")
    start, end = _last_twelve_months(timezone.localdate())
    bound = any(key in request.GET for key in ("start_day", "end_day", "granularity"))
    form = setup_forms.AnalysisForm(
        request.GET if bound else None, initial={"start": start, "end": end, "granularity": "quarter"}
    )
    granularity = "quarter"
    if bound:
        if not form.is_valid():
            return render(
                request,
                "monitoring/setup/analysis.html",
                {"page_title": "Thematic analysis", "form": form, "result": None},
            )
        start, end, granularity = (form.cleaned_data[key] for key in ("start", "end", "granularity"))
    result = queries.thematic_analysis(organisation=council, start=start, end=end, granularity=granularity)
    table_map = analysis_tables(result)
    download = tables.download(
        request, table_map, f"thematic-analysis-{start.isoformat()}-to-{end.isoformat()}"
    )
    if download is not None:
        return download
    return render(
        request,
        "monitoring/setup/analysis.html",
        {
            "page_title": "Thematic analysis",
            "form": form,
            "result": result,
            "tables": list(table_map.values()),
        },
    )
