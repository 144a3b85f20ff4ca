"""The public Social Care Commitment register: who has signed, searchable by name, council and service type,
paged, with an open-data CSV (docs/recognition.md, docs/public.md). Counts only: never a member of staff's
name. A lapsed commitment stays on the register, marked as lapsed; a withdrawn one leaves it."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from typing import Any, cast

from django import forms
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from carewatch.core import access, pagination, tables
from carewatch.public.views.open_data import CAREWATCH_ATTRIBUTION, CQC_ATTRIBUTION, OGL_URL
from carewatch.recognition import presenters, queries
from carewatch.register import queries as register_queries
from carewatch.register.formats import ADULT_SOCIAL_CARE_SERVICE_TYPES

PAGE_SIZE = 20
LICENCE_LINE = f"Published under the Open Government Licence v3.0 ({OGL_URL}). {CAREWATCH_ATTRIBUTION}. {CQC_ATTRIBUTION}."
CSV_COLUMNS = [
    "Employer",
    "CQC provider ID",
    "Councils where it runs services",
    "Date signed",
    "Date renewed",
    "Tasks",
    "Tasks completed",
    "Staff signed up",
    "Status",
]


class RegisterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Employer name")
    la = forms.ChoiceField(
        required=False,
        label="Council area",
        error_messages={"invalid_choice": "Choose a council from the list"},
    )
    service = forms.ChoiceField(
        required=False,
        label="Type of service",
        choices=[("", "Any type of service"), *((name, name) for name in ADULT_SOCIAL_CARE_SERVICE_TYPES)],
        error_messages={"invalid_choice": "Choose a type of service from the list"},
    )

    def __init__(self, *args: Any, councils: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["la"]).choices = [("", "Any council"), *councils]

    def search(self) -> queries.RegisterSearch:
        data = self.cleaned_data
        return queries.RegisterSearch(
            text=data["q"], local_authority=data["la"], service_type=data["service"]
        )


def _form(request) -> RegisterForm:
    councils = register_queries.filter_choices()["local_authorities"]
    return RegisterForm(request.GET or None, councils=councils)


@access.public
def commitment_register(request):
    form = _form(request)
    today = timezone.localdate()
    context: dict[str, object] = {
        "page_title": "Social Care Commitment register",
        "form": form,
        "page": None,
        "lapse_months": queries.LAPSE_AFTER_MONTHS,
    }
    if form.is_bound and not form.is_valid():
        context["page_title"] = f"Error: {context['page_title']}"
        return render(request, "public/commitment_register.html", context)
    search = form.search() if form.is_bound else queries.RegisterSearch()
    page = Paginator(queries.register(search, today=today), PAGE_SIZE).get_page(request.GET.get("page"))
    commitments = list(page.object_list)
    councils = queries.councils_of(commitments)
    context.update(
        page=page,
        numbers=pagination.page_numbers(page),
        rows=[(c, presenters.commitment_status(c), councils.get(c.pk, [])) for c in commitments],
        searched=form.is_bound,
    )
    return render(request, "public/commitment_register.html", context)


class _Line:
    def write(self, value: str) -> str:
        return value


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _csv_rows(search: queries.RegisterSearch, today: date) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(tables.safe_row(CSV_COLUMNS))
    commitments: list[Any] = list(queries.register(search, today=today))  # annotated by with_progress
    councils = queries.councils_of(commitments)
    for c in commitments:
        yield writer.writerow(
            tables.safe_row(
                [
                    c.employer.name,
                    c.employer.provider_id or "",
                    "; ".join(councils.get(c.pk, [])),
                    _iso(c.signed_on),
                    _iso(c.renewed_on),
                    c.tasks_total,
                    c.tasks_done,
                    c.staff_signed,
                    presenters.commitment_status(c).text,
                ]
            )
        )
    yield writer.writerow(tables.safe_row([LICENCE_LINE]))


@access.public
def commitment_register_csv(request):
    """Every commitment matching the search (not only one page), then a line naming the licence."""
    form = _form(request)
    search = form.search() if form.is_bound and form.is_valid() else queries.RegisterSearch()
    today = timezone.localdate()
    response = StreamingHttpResponse(_csv_rows(search, today), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="carewatch-social-care-commitment-{today.isoformat()}.csv"'
    )
    response["Link"] = f'<{OGL_URL}>; rel="license"'
    return response
