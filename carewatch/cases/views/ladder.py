"""The ladder editor and the council's extra bank holidays, for the council's organisation administrator."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from carewatch.cases import errors, forms, ladder, presenters, queries, services
from carewatch.cases.views import edge
from carewatch.core import access
from carewatch.core.roles import OrganisationKind, Role
from carewatch.core.working_days import england_and_wales

COUNCIL_ADMIN = access.signed_in(Role.ORG_ADMIN, organisation_kinds=(OrganisationKind.COUNCIL,))


@COUNCIL_ADMIN
def ladder_edit(request):
    organisation = request.user.organisation
    if organisation is None:  # a system administrator belongs to no council
        return redirect("cases:case_list")
    current = queries.current_ladder(organisation)
    spec = queries.ladder_spec(current) if current is not None else ladder.DEFAULT_TEMPLATE
    form = forms.LadderForm(edge.posted(request), spec=spec)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.save_ladder(
                actor=request.user,
                organisation=organisation,
                spec=form.to_spec(),
                note=form.cleaned_data["note"],
                now=edge.now(),
            )
        except errors.CaseError as error:
            error.field = forms.LadderForm.field_for_error(error.field)
            edge.put_error(form, error)
        else:
            messages.success(
                request,
                f"Version {version.number} of the ladder has been saved. Open cases keep the version they opened under",
            )
            return redirect("cases:ladder_edit")
    return render(
        request,
        "cases/ladder_edit.html",
        {
            "page_title": "Your ladder of intervention",
            "form": form,
            "current": current,
            "versions": [
                {
                    "number": version.number,
                    "created_at": version.created_at,
                    "by": presenters.person_name(version.created_by)
                    if version.created_by
                    else "carewatch (the default template)",
                    "note": version.note,
                }
                for version in queries.ladder_versions(organisation)[:20]
            ],
        },
    )


@COUNCIL_ADMIN
def bank_holidays(request):
    organisation = request.user.organisation
    if organisation is None:
        return redirect("cases:case_list")
    form = forms.BankHolidayForm(edge.posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            holiday = services.add_bank_holiday(
                actor=request.user,
                organisation=organisation,
                falls_on=form.cleaned_data["falls_on"],
                name=form.cleaned_data["name"],
                now=edge.now(),
            )
        except errors.CaseError as error:
            edge.put_error(form, error)
        else:
            messages.success(
                request,
                f"{holiday.name} on {presenters.long_date(holiday.falls_on)} is no longer a working day",
            )
            return redirect("cases:bank_holidays")
    national = england_and_wales()
    this_year = edge.today().year
    days = [
        {
            "on": day,
            "name": name,
            "added": day not in national.dates,
            "past": day < edge.today(),
        }
        for day, name in sorted(queries.holidays_for(organisation).names)
        if this_year - 1 <= day.year <= this_year + 1
    ]
    return render(
        request,
        "cases/bank_holidays.html",
        {
            "page_title": "Bank holidays and closure days",
            "form": form,
            "days": days,
            "known_until": national.known_until,
        },
    )
