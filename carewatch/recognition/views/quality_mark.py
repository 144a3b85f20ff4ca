"""The quality mark's staff pages (docs/recognition.md, "The quality mark"): an application, with which
computed criteria are met now and the evidence behind each, the officer's assessment, and the decision a
QA manager who did not assess it makes. Thin: parse, one domain call, render or redirect."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from carewatch.core import access, http
from carewatch.core.govuk_forms import DateField
from carewatch.core.roles import OrganisationKind, Role
from carewatch.recognition import quality_mark_queries, quality_mark_services
from carewatch.recognition.errors import InvalidInput, RecognitionError
from carewatch.recognition.models import QualityMarkApplication, QualityMarkState

READERS = access.signed_in(Role.QA_OFFICER, Role.QA_MANAGER, *access.PROVIDER_ROLES)
DECIDERS = access.signed_in(Role.QA_MANAGER, organisation_kinds=[OrganisationKind.COUNCIL])


class DecideForm(forms.Form):
    award = forms.ChoiceField(
        choices=[("yes", "Award the quality mark"), ("no", "Refuse it")],
        widget=forms.RadioSelect,
        label="Your decision",
        error_messages={"required": "Choose whether to award the quality mark"},
    )
    starts_on = DateField(what="the date the award starts", label="Starts", required=False)
    expires_on = DateField(
        what="the expiry date",
        label="Expires",
        required=False,
        help_text="Leave blank for 12 months after the start",
    )
    note = forms.CharField(
        required=False,
        max_length=500,
        label="Reason (needed when you refuse)",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The reason must be 500 characters or fewer"},
    )


def _readable(request, application_id: int) -> QualityMarkApplication:
    try:
        return quality_mark_queries.application_for(request.user, application_id)
    except QualityMarkApplication.DoesNotExist:
        raise Http404("There is no quality mark application with that number that you can see.") from None


def _detail(application: QualityMarkApplication) -> str:
    return reverse("recognition:quality_mark_application", kwargs={"application_id": application.pk})


@READERS
def quality_mark_application(request, application_id: int):
    application = _readable(request, application_id)
    today = http.now().date()
    user = request.user
    return render(
        request,
        "recognition/quality_mark_application.html",
        {
            "page_title": f"{application.scheme.name}: {application.tier.name}",
            "application": application,
            "computed": quality_mark_services.computed_now(application, today=today),
            "assessed": quality_mark_queries.assessments_of(application),
            "can_decide": application.state == QualityMarkState.ASSESSED
            and user.organisation_id == application.scheme.council_id
            and user.has_role(Role.QA_MANAGER)
            and user.pk != application.assessed_by_id,
        },
    )


@DECIDERS
def quality_mark_decide(request, application_id: int):
    application = _readable(request, application_id)
    form = DecideForm(http.posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            quality_mark_services.decide_application(
                application=application,
                actor=request.user,
                award=data["award"] == "yes",
                starts_on=data["starts_on"],
                expires_on=data["expires_on"],
                note=data["note"],
                now=http.now(),
            )
        except RecognitionError as error:
            problems: list[tuple[str | None, str]] = [(error.field, error.message)]
            if isinstance(error, InvalidInput):
                problems = list(error.problems)
            for field, message in problems:
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, "Decision recorded")
            return redirect(_detail(application))
    return render(
        request,
        "recognition/quality_mark_decide.html",
        {
            "page_title": "Decide on the quality mark",
            "application": application,
            "form": form,
            "back": _detail(application),
        },
    )
