"""The thematic analysis page: a council's findings for a period by theme, service type and period,
ready for a committee report, with each table as CSV or XLSX. For the council's QA officers and managers.
"""

from __future__ import annotations

from datetime import date

from django.shortcuts import redirect, render
from django.utils import timezone

from carewatch.core import tables
from carewatch.monitoring import presenters, queries
from carewatch.monitoring.analysis import Granularity
from carewatch.monitoring.forms import analysis as forms
from carewatch.monitoring.views.edge import OFFICERS, council_of


def _last_twelve_months(today: date) -> tuple[date, date]:
    """From the first day of the month eleven months ago to today (12 calendar months, this one included)."""
    index = today.year * 12 + today.month - 1 - 11
    return date(index // 12, index % 12 + 1, 1), today


@OFFICERS
def analysis(request):
    council = council_of(request)
    if council is None:
        return redirect("public:home")
    start, end = _last_twelve_months(timezone.localdate())
    bound = any(key in request.GET for key in ("start_day", "end_day", "granularity"))
    form = forms.AnalysisForm(
        request.GET if bound else None, initial={"start": start, "end": end, "granularity": "quarter"}
    )
    granularity: Granularity = "quarter"
    if bound:
        if not form.is_valid():
            return render(
                request,
                "monitoring/setup/analysis.html",
                {"page_title": "Thematic analysis", "form": form, "result": None},
            )
        start, end, granularity = (form.cleaned_data[key] for key in ("start", "end", "granularity"))
    result = queries.thematic_analysis(organisation=council, start=start, end=end, granularity=granularity)
    table_map = presenters.analysis_tables(result)
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
