"""The risk list: council and ICB staff, their own area only; never public (docs/planning.md)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from carewatch.core import access, http, pagination
from carewatch.core.roles import OrganisationKind, Role
from carewatch.planning import queries

PAGE_SIZE = 50
READERS = access.signed_in(
    Role.QA_OFFICER,
    Role.QA_MANAGER,
    Role.COMMISSIONER,
    Role.ANALYST,
    organisation_kinds=[OrganisationKind.COUNCIL, OrganisationKind.ICB],
)


@READERS
def risk_list(request):
    found = queries.risk_list_for(request.user, as_of=http.now().date())
    page = Paginator(found.scores, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "planning/risk_list.html",
        {
            "page_title": "Services by risk",
            "found": found,
            "page": page,
            "first": (page.number - 1) * PAGE_SIZE,
            "numbers": pagination.page_numbers(page),
        },
    )
