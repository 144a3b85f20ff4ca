"""Market insight pages: dashboards, commissioner ratings, the committee report, the methodology.

Thin: parse the query string, make one domain call, render (or send a table as CSV/XLSX, or a PDF).
Dashboards and commissioner ratings are public; a dashboard's panels from councils' own records show
only what ``access.owners_for(user)`` allows; the committee report is for council and ICB staff,
for councils whose intelligence they may read.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from carewatch.capacity import queries as capacity_queries
from carewatch.core import access, data_version, tables
from carewatch.insights import (
    areas,
    commissioner,
    panels_commissioning,
    panels_planning,
    panels_quality_mark,
    panels_recognition,
    presenters,
    reports,
    sources,
)
from carewatch.insights.forms import CommissionerAreaForm, CommissionerForm, CommitteeForm, DashboardForm
from carewatch.insights.queries import dashboard as dashboard_queries
from carewatch.insights.queries import market
from carewatch.insights.timeline import years_before


@access.public
def dashboard(request):
    form = DashboardForm(request.GET or None, earliest=market.earliest_on())
    area, service, as_of, years = areas.ENGLAND, "care-homes", None, dashboard_queries.DEFAULT_YEARS
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "insights/dashboard.html",
            {
                "page_title": "Care market",
                "form": form,
                "board": None,
                "panels": [],
                "area_choices": areas.choices(),
                "service_labels": areas.SERVICE_LABELS,
                "selected_area": request.GET.get("area", ""),
                "selected_service": request.GET.get("service", ""),
                "years": request.GET.get("years", "") or years,
                "signed_in": request.user.is_authenticated,
            },
            status=400,
        )
    if form.is_valid():
        area = form.cleaned_data["area"]
        service = form.cleaned_data["service"] or service
        as_of = form.cleaned_data["as_of"]
        years = form.cleaned_data["years"] or years
    today = timezone.localdate()
    if as_of is not None and as_of >= today:
        as_of = None
    board = dashboard_queries.build(
        area,
        service=service,
        as_of=as_of,
        today=today,
        years=years,
        owners=access.owners_for(request.user),
        contract_owners=capacity_queries.contract_scope(request.user),
    )
    panels = (
        presenters.dashboard_panels(board)
        + panels_planning.panels(board, owners=access.owners_for(request.user))
        + panels_commissioning.panels(board)
        + panels_quality_mark.panels(
            area,
            owners=access.owners_for(request.user),
            reader_organisation_id=getattr(request.user, "organisation_id", None),
            on=as_of or today,
        )
        + panels_recognition.panels(board)
    )
    download = tables.download(
        request, presenters.panel_tables(panels), f"{area.key}-{service}-{(as_of or today).isoformat()}"
    )
    if download is not None:
        return download
    title = f"Care market: {area.label}"
    return render(
        request,
        "insights/dashboard.html",
        {
            "page_title": title,
            "form": form,
            "board": board,
            "panels": panels,
            "area_choices": areas.choices(),
            "service_labels": areas.SERVICE_LABELS,
            "service_label": areas.SERVICE_LABELS[service],
            "selected_area": area.key,
            "selected_service": service,
            "years": years,
            "signed_in": request.user.is_authenticated,
        },
    )


@access.public
def methodology(request):
    return render(
        request,
        "insights/methodology.html",
        {
            "page_title": "How the market insight figures and commissioner ratings are worked out",
            "measures": commissioner.MEASURES,
            "minimum_measures": commissioner.MINIMUM_MEASURES,
        },
    )


def _as_of(value: date | None, today: date) -> date | None:
    return None if value is None or value >= today else value


@access.public
def commissioner_league(request):
    form = CommissionerForm(request.GET or None, earliest=market.earliest_on())
    level, as_of = "la", None
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "insights/commissioner_league.html",
            {
                "page_title": "Commissioner ratings",
                "form": form,
                "ratings": None,
                "level": level,
                "measures": commissioner.MEASURES,
                "minimum_measures": commissioner.MINIMUM_MEASURES,
            },
            status=400,
        )
    if form.is_valid():
        level = form.cleaned_data["level"] or level
        as_of = form.cleaned_data["as_of"]
    today = timezone.localdate()
    as_of = _as_of(as_of, today)
    # Every area's measures read only carewatch's data and are the same for everyone: kept under the
    # data's version (core.data_version), with the table drawn from them (the page's main cost).
    found = data_version.cached(
        f"commissioner-league:{level}:{as_of}:{today}",
        lambda: commissioner.league(commissioner.ratings(level=level, as_of=as_of, today=today)),
    )
    table = tables.Table(
        "commissioner-ratings",
        "Commissioner ratings",
        [
            "Position",
            "Area",
            "ONS code",
            "Rating",
            "% of maximum",
            "Measures scored",
            *[m.name for m in commissioner.MEASURES],
        ],
        [
            [
                index,
                r.area.label,
                r.area.code,
                r.label,
                r.percent,
                r.evidence,
                *[m.score for m in r.measures],
            ]
            for index, r in enumerate(found, start=1)
        ],
        "Scores 1–4 per measure against the thresholds on the methodology page; combined as % of the maximum over "
        "measures with data and banded like the CQC's council assessment.",
    )
    download = tables.download(request, {table.name: table}, f"{level}-{(as_of or today).isoformat()}")
    if download is not None:
        return download
    return render(
        request,
        "insights/commissioner_league.html",
        {
            "page_title": "Commissioner ratings",
            "form": form,
            "ratings": found,
            "level": level,
            "as_of": as_of,
            "measures": commissioner.MEASURES,
            "minimum_measures": commissioner.MINIMUM_MEASURES,
            "table": table,
            "league_html": data_version.cached(
                f"commissioner-league-html:{level}:{as_of}:{today}",
                lambda: render_to_string(
                    "insights/_league_table.html",
                    {"ratings": found, "as_of": as_of, "measures": commissioner.MEASURES},
                ),
            ),
        },
    )


@access.public
def commissioner_detail(request):
    form = CommissionerAreaForm(request.GET or None, earliest=market.earliest_on())
    if not request.GET.get("area") or not form.is_valid():
        return render(
            request,
            "insights/commissioner_pick.html",
            {
                "page_title": "Commissioner rating for a council or ICB",
                "form": form,
                "area_choices": areas.choices(),
                "submitted": bool(request.GET),
            },
            status=400 if request.GET.get("area") else 200,
        )
    today = timezone.localdate()
    as_of = _as_of(form.cleaned_data["as_of"], today)
    rating = commissioner.rating_for(form.cleaned_data["area"], as_of=as_of, today=today)
    table = tables.Table(
        "measures",
        f"Commissioner rating measures: {rating.area.label}",
        ["Measure", "Value", "Based on", "Score (1–4)", "Why no score", "Source"],
        [[m.spec.name, m.value, m.base, m.score, m.reason, m.spec.source] for m in rating.measures],
    )
    download = tables.download(request, {table.name: table}, f"{rating.area.key}-{rating.on.isoformat()}")
    if download is not None:
        return download
    return render(
        request,
        "insights/commissioner_detail.html",
        {
            "page_title": f"Commissioner rating: {rating.area.label}",
            "rating": rating,
            "minimum_measures": commissioner.MINIMUM_MEASURES,
            "form": form,
            "as_of": as_of,
            "table": table,
        },
    )


@access.signed_in(*access.COUNCIL_STAFF)
def committee_report(request):
    user = request.user
    today = timezone.localdate()
    default_la = ""
    if getattr(user, "organisation", None) is not None and user.organisation.local_authority_id:
        default_la = user.organisation.local_authority_id
    data = {
        "la": request.GET.get("la", ""),
        "date_from": request.GET.get("from", ""),
        "date_to": request.GET.get("to", ""),
    }
    form = CommitteeForm(data if data["la"] else None, initial={"la": default_la})
    if not form.is_valid():
        return render(
            request,
            "insights/committee_pick.html",
            {
                "page_title": "Committee report",
                "form": form,
                "councils": areas.choices()["la"],
                "default_la": default_la,
                "submitted": bool(data["la"]),
            },
            status=400 if data["la"] else 200,
        )
    council = form.cleaned_data["la"]
    owners = access.owners_for(user)
    if not sources.may_read_council(council.code, owners):
        raise access.forbidden("You cannot see that council's records.")
    date_to = form.cleaned_data["date_to"] or today
    date_from = form.cleaned_data["date_from"] or years_before(date_to, 1)
    report = reports.build(
        council,
        date_from=date_from,
        date_to=date_to,
        today=today,
        owners=owners,
        contract_owners=capacity_queries.contract_scope(user),
    )
    stem = f"committee-{council.code}-{date_from.isoformat()}-{date_to.isoformat()}"
    download = tables.download(request, report.tables, stem)
    if download is not None:
        return download
    fmt = request.GET.get("format", "")
    if fmt == "pdf":
        response = HttpResponse(reports.render_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="carewatch-{stem}.pdf"'
        return response
    if fmt == "html":
        response = HttpResponse(reports.render_html(report), content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="carewatch-{stem}.html"'
        return response
    return render(
        request,
        "insights/committee_report.html",
        {"page_title": report.title, "report": report, "query": request.GET.urlencode()},
    )
