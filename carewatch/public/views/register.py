"""Public register pages: search, a location, a provider, market figures. Thin: parse, query, render."""

import csv

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from carewatch.capacity import queries as capacity_queries
from carewatch.cases import presenters as cases_presenters
from carewatch.cases import queries as cases_queries
from carewatch.core import access, tables
from carewatch.monitoring import queries as monitoring_queries
from carewatch.monitoring.queries import public as monitoring_public
from carewatch.planning import forms as planning_forms
from carewatch.planning import presenters as planning_presenters
from carewatch.public import badges
from carewatch.public import presenters as public_presenters
from carewatch.public.forms import MarketForm, SearchForm
from carewatch.public.forms_staff import ContractFilterForm
from carewatch.public.views import choose
from carewatch.register import models, presenters, queries, summaries

PAGE_SIZE = 25


def _council_contracts(user, today) -> tuple[str, frozenset[str]] | None:
    """For a signed-in council's staff: the council's name and the services it has in contract today.
    None for everyone else (the public, providers, ICBs, system administrators): contracts are the
    council's commercial records (docs/capacity.md, "Who sees what")."""
    scope = capacity_queries.contract_scope(user)
    if scope.national or not scope.ids or not user.has_role(*access.COUNCIL_STAFF):
        return None
    ids = frozenset(capacity_queries.contracted_location_ids(scope=scope, on=today))
    return user.organisation.name, ids


@access.public
def location_search(request):
    choices = queries.filter_choices()
    form = SearchForm(request.GET or None, choices=choices)
    today = timezone.localdate()
    suspended = frozenset(cases_queries.suspended_location_ids_known_to(request.user, on=today))
    contracts = _council_contracts(request.user, today)
    contract_form = ContractFilterForm(request.GET or None) if contracts else None
    context = {
        "page_title": "Find a care service",
        "form": form,
        "contract_form": contract_form,
        "council_name": contracts[0] if contracts else "",
        "contracted": contracts[1] if contracts else frozenset(),
        "choices": choices,
        "searched": bool(request.GET),
        "suspended": suspended,
        "page": None,
    }
    if form.is_bound and not form.is_valid():  # the page says what to change: never the whole register
        context["page_title"] = f"Error: {context['page_title']}"
        return render(request, "public/location_search.html", context)
    if form.is_bound:
        criteria = form.criteria(suspended_ids=suspended)
    else:
        criteria = queries.SearchCriteria(other_services=False)
    locations = queries.search_locations(criteria)
    if (
        contracts
        and contract_form is not None
        and contract_form.is_valid()
        and contract_form.cleaned_data["in_contract"]
    ):
        locations = locations.filter(pk__in=sorted(contracts[1]))
    if request.GET.get("format") == "csv":
        rows = presenters.location_csv_rows(locations)
        if contracts:  # the council's own staff only: contracts are its commercial records
            rows = _with_in_contract(rows, contracts[1])
        return _csv_response("carewatch-services.csv", rows)
    context["page"] = Paginator(locations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "public/location_search.html", context)


@access.public
def location_detail(request, location_id: str):
    try:
        location = queries.location_with_history(location_id)
    except models.Location.DoesNotExist:
        raise Http404(f"No service with CQC ID {location_id}") from None
    today = timezone.localdate()
    # The risk panel as at a past day (``?as_of=YYYY-MM-DD``, as the risk list links it); a date the risk
    # list would refuse is ignored here: the panel scores today.
    as_of = planning_forms.RiskListForm(request.GET, today=today)
    risk_as_of = (
        as_of.cleaned_data["as_of"] if as_of.is_valid() and as_of.cleaned_data["as_of"] != today else None
    )
    return render(
        request,
        "public/location_detail.html",
        {
            "page_title": location.name,
            "location": location,
            "view": presenters.LocationPage(location),
            "summary": summaries.plain_summary(location),
            "badges": badges.badges_for([location.pk], today=today)[location.pk],
            "questions": public_presenters.questions_for(location),
            "questions_section": public_presenters.section_for(location),
            "shortlist": choose.shortlist_ids(request),
            "location_cases": cases_presenters.location_cases(request.user, location.pk, today=today),
            "location_risk": planning_presenters.location_risk(
                request.user, location.pk, today=today, as_of=risk_as_of
            ),
            "risk_as_of": risk_as_of,
            "council_contracts": _council_contracts(request.user, today),
            "feedback": monitoring_queries.feedback_summary(location),  # approved, aggregate only
            "quality_check": monitoring_queries.published_summary(location),
            "feedback_link": monitoring_public.feedback_link_for(location),
        },
    )


@access.public
def provider_detail(request, provider_id: str):
    try:
        provider = queries.provider(provider_id)
    except models.Provider.DoesNotExist:
        raise Http404(f"No provider with CQC ID {provider_id}") from None
    locations = queries.provider_locations(provider)
    return render(
        request,
        "public/provider_detail.html",
        {"page_title": provider.name or provider.id, "provider": provider, "locations": locations},
    )


@access.public
def market(request):
    form = MarketForm(request.GET or None)
    by, service, as_of = "region", "care-homes", None
    if form.is_valid():
        by = form.cleaned_data["by"] or by
        service = form.cleaned_data["service"] or service
        as_of = form.cleaned_data["as_of"]
    rows = queries.market_figures(by=by, service=service, as_of=as_of)
    if request.GET.get("format") == "csv":
        return _csv_response(
            f"carewatch-market-{by}-{service}.csv", presenters.market_csv_rows(rows, service)
        )
    return render(
        request,
        "public/market.html",
        {
            "page_title": "Market figures",
            "form": form,
            "rows": rows,
            "by": by,
            "service": service,
            "as_of": as_of,
            "totals": presenters.market_totals(rows),
        },
    )


def _with_in_contract(rows, contracted: frozenset[str]):
    """The register's CSV rows with an "In contract" column (Y/N, the council's contracts in force today)."""
    rows = iter(rows)
    yield [*next(rows), "In contract"]
    for row in rows:
        yield [*row, "Y" if row[0] in contracted else "N"]


def _csv_response(filename: str, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    for row in rows:
        writer.writerow(tables.safe_row(row))
    return response
