"""Vacancies in the area of the person's council or ICB: each care home's latest return, stale ones marked,
filtered by bed type, with the whole list as CSV (NHS Capacity Tracker field names, docs/capacity.md)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from carewatch.capacity import forms, presenters, queries
from carewatch.capacity.views.edge import VACANCY_READERS
from carewatch.core import http, tables
from carewatch.core.pagination import page_numbers


@VACANCY_READERS
def vacancy_list(request):
    now = http.now()
    form = forms.VacancyFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {"bed_type": "", "accepting": False}
    criteria = queries.VacancyCriteria(
        area=queries.area_filter(request.user),
        bed_types=frozenset({chosen["bed_type"]}) if chosen["bed_type"] else frozenset(),
        accepting_only=bool(chosen["accepting"]),
    )
    locations = queries.vacancy_locations(criteria, now=now)
    if request.GET.get("download"):
        rows = queries.vacancy_rows(list(locations), criteria, now=now)
        download = tables.download(
            request, {"vacancies": presenters.vacancy_table(rows, now=now)}, "vacancies"
        )
        if download is not None:
            return download
    page = Paginator(locations, 50).get_page(request.GET.get("page"))
    rows = queries.vacancy_rows(list(page.object_list), criteria, now=now)
    return render(
        request,
        "capacity/vacancy_list.html",
        {
            "page_title": "Vacancies",
            "form": form,
            "rows": presenters.vacancy_rows(rows),
            "totals": presenters.totals(rows),
            "page": page,
            "numbers": page_numbers(page),
            "stale_days": queries.stale_days(),
            "download_query": presenters.download_query(request.GET),
        },
    )
