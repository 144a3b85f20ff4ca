"""The risk list (council and ICB staff, their own area only; never public) and a council's risk weights (its
QA officers read them, its QA managers change them). docs/planning.md."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html

from carewatch.core import access, http, pagination
from carewatch.core.roles import OrganisationKind, Role
from carewatch.planning import errors, forms, presenters, queries, risk, services

PAGE_SIZE = 50
READERS = access.signed_in(
    Role.QA_OFFICER,
    Role.QA_MANAGER,
    Role.COMMISSIONER,
    Role.ANALYST,
    organisation_kinds=[OrganisationKind.COUNCIL, OrganisationKind.ICB],
)
WEIGHTS_READERS = access.signed_in(
    Role.QA_OFFICER, Role.QA_MANAGER, organisation_kinds=[OrganisationKind.COUNCIL]
)


def _council_of(user):
    organisation = user.organisation
    return (
        organisation if organisation is not None and organisation.kind == OrganisationKind.COUNCIL else None
    )


@READERS
def risk_list(request):
    today = http.now().date()
    form = forms.RiskListForm(request.GET, today=today)
    valid = form.is_valid()
    as_of = (form.cleaned_data.get("as_of") if valid else None) or today
    found = queries.risk_list_for(request.user, as_of=as_of) if valid else None
    page = Paginator(found.scores if found else [], PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "planning/risk_list.html",
        {
            "page_title": "Services by risk",
            "form": form,
            "found": found,
            "today": today,
            "page": page,
            "first": (page.number - 1) * PAGE_SIZE,
            "numbers": pagination.page_numbers(page),
            "weights_link": _council_of(request.user) is not None
            and request.user.has_role(Role.QA_OFFICER, Role.QA_MANAGER),
        },
        status=200 if valid else 400,
    )


@WEIGHTS_READERS
def weights(request):
    council = _council_of(request.user)  # None for a system administrator: the defaults, read only
    current, version = queries.weights_in_force(organisation=council, as_of=http.now().date())
    may_change = council is not None and request.user.has_role(Role.QA_MANAGER)
    if request.method == "POST" and not may_change:
        raise PermissionDenied("Only a council's QA managers change its risk weights.")
    form = forms.WeightsForm(http.posted(request), initial=forms.WeightsForm.initial_from(current))
    if request.method == "POST" and council is not None and form.is_valid():
        try:
            saved = services.set_weights(
                organisation=council,
                actor=request.user,
                weights=form.weights(),
                note=form.cleaned_data["note"],
                now=http.now(),
            )
        except errors.InvalidWeights as error:
            form.put_problems(error.problems)
        except errors.NotPermitted as error:
            raise PermissionDenied(error.message) from None
        else:
            messages.success(
                request,
                format_html(
                    'Risk weights saved as version {}. <a class="govuk-notification-banner__link" href="{}">'
                    "See the risk list scored with them</a>",
                    saved.version,
                    reverse("planning:risk_list"),
                ),
            )
            return redirect("planning:weights")
    history = queries.weights_history(council) if council is not None else []
    return render(
        request,
        "planning/weights.html",
        {
            "page_title": "Risk weights",
            "form": form,
            "may_change": may_change,
            "version": version,
            "max_weight": presenters.number_text(risk.MAX_WEIGHT),
            "in_force": history[0] if history else None,
            "current_groups": [
                (
                    legend,
                    [
                        (presenters.weight_label(name), presenters.number_text(current[name]))
                        for name in names
                    ],
                )
                for legend, names in risk.SIGNAL_GROUPS
            ],
            "history": presenters.weights_history(history),
        },
    )
