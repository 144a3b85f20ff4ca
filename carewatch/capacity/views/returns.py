"""The provider's pages: its services with their last return, the one-page vacancy update (the previous
figures filled in), the history of returns, and a CSV upload for many services at once."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from carewatch.capacity import errors, forms, presenters, queries, services
from carewatch.capacity.views.edge import REPORTERS, organisation_of, own_location, show_error
from carewatch.core import http
from carewatch.core.roles import OrganisationKind


@REPORTERS
def return_list(request):
    provider = organisation_of(request, OrganisationKind.PROVIDER)
    if provider is None:
        return redirect("staff:home")
    now = http.now()
    locations = list(queries.provider_locations(request.user))
    return render(
        request,
        "capacity/return_list.html",
        {
            "page_title": "Your vacancies",
            "provider": provider,
            "rows": presenters.service_rows(locations, now=now),
            "window": presenters.window_text(now),
            "stale_days": queries.stale_days(),
        },
    )


@REPORTERS
def return_update(request, location_id):
    if organisation_of(request, OrganisationKind.PROVIDER) is None:
        return redirect("staff:home")  # a system administrator runs no service
    location = own_location(request, location_id)
    previous = queries.latest_return(location)
    form = forms.ReturnForm(
        http.posted(request),
        initial=forms.initial_from(previous),
        care_home=location.care_home,
        home_care=location.home_care,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.submit_return(
                location=location, actor=request.user, figures=form.figures(), channel="web", now=http.now()
            )
        except errors.CapacityError as error:
            show_error(form, error)
        else:
            said = presenters.saved_text(http.now())
            messages.success(
                request,
                f"Vacancies for {location.name} saved"
                + (": nothing changed since your last update" if saved.unchanged else "")
                + (f". {said}" if said else ""),
            )
            return redirect("capacity:return_list")
    now = http.now()
    shown, others = presenters.bed_sections(form, location=location, previous=previous)
    return render(
        request,
        "capacity/return_update.html",
        {
            "page_title": "Update your vacancies",
            "location": location,
            "form": form,
            "previous": previous,
            "previous_when": presenters.when(previous.reported_at) if previous else "",
            "stale": previous is not None and queries.is_stale(previous.reported_at, now=now),
            "stale_days": queries.stale_days(),
            "window": presenters.window_text(now),
            "beds": shown,
            "other_beds": others,
            "other_open": any(group["errors"] for group in others),
            "staff": presenters.staff_groups(form),
        },
    )


@REPORTERS
def return_history(request, location_id):
    if organisation_of(request, OrganisationKind.PROVIDER) is None:
        return redirect("staff:home")  # a system administrator runs no service
    location = own_location(request, location_id)
    return render(
        request,
        "capacity/return_history.html",
        {
            "page_title": f"Vacancy history: {location.name}",
            "location": location,
            "returns": presenters.history_rows(queries.history(location)),
        },
    )


@REPORTERS
def return_upload(request):
    provider = organisation_of(request, OrganisationKind.PROVIDER)
    if provider is None:
        return redirect("staff:home")
    form = forms.UploadForm(http.posted(request), request.FILES if request.method == "POST" else None)
    problems: list[errors.Problem] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.import_returns(
                actor=request.user, file=form.cleaned_data["file"], now=http.now()
            )
        except errors.FileRefused as refused:
            problems = refused.problems
            form.add_error(
                "file", "The file has problems: nothing was saved. Correct them and upload it again"
            )
        except errors.CapacityError as error:
            show_error(form, error)
        else:
            count = len(result.returns)
            said = presenters.saved_text(http.now())
            messages.success(
                request,
                f"Vacancies saved for {count} service{'s' if count != 1 else ''}"
                + (f". {said}" if said else ""),
            )
            return redirect("capacity:return_list")
    return render(
        request,
        "capacity/return_upload.html",
        {
            "page_title": "Upload your vacancies",
            "form": form,
            "problems": problems,
            "columns": services.returns.RETURN_COLUMNS,
        },
    )
