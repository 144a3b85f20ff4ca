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
ASSESSORS = access.signed_in(Role.QA_OFFICER, Role.QA_MANAGER, organisation_kinds=[OrganisationKind.COUNCIL])


class AssessForm(forms.Form):
    """Met or not, and a note, for each assessed criterion of the tier (``met_<id>``, ``note_<id>``)."""

    def __init__(self, data, *, criteria):
        super().__init__(data)
        self.criteria = list(criteria)
        for number, criterion in enumerate(self.criteria, start=1):
            self.fields[f"met_{criterion.pk}"] = forms.ChoiceField(
                choices=[("yes", "Met"), ("no", "Not met")],
                widget=forms.RadioSelect,
                label=f"{number}. {criterion.standard}",
                error_messages={"required": f"Say whether criterion {number} is met"},
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                max_length=1000,
                label=f"Your note on criterion {number}",
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "required": f"Write a note on criterion {number}",
                    "max_length": "The note must be 1000 characters or fewer",
                },
            )
            self.fields[f"evidence_{criterion.pk}"] = forms.CharField(
                max_length=1000,
                label=f"Evidence you saw for criterion {number}",
                help_text="Name each document, record or visit, with its date or a link, so another officer can find it",
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "required": f"Say what evidence you saw for criterion {number}",
                    "max_length": "The evidence must be 1000 characters or fewer",
                },
            )

    def pairs(self):
        return [(self[f"met_{c.pk}"], self[f"note_{c.pk}"], self[f"evidence_{c.pk}"]) for c in self.criteria]

    def judgements(self) -> dict[int, tuple[bool, str, str]]:
        data = self.cleaned_data
        return {
            c.pk: (data[f"met_{c.pk}"] == "yes", data[f"note_{c.pk}"], data[f"evidence_{c.pk}"])
            for c in self.criteria
        }


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
            "letters": quality_mark_queries.letters_of(application),
            "renewals": application.renewals.order_by("pk"),
            "can_renew": quality_mark_services.renewable(application, today=today)
            and (
                (
                    user.organisation_id == application.scheme.council_id
                    and (user.has_role(Role.QA_OFFICER) or user.has_role(Role.QA_MANAGER))
                )
                or user.has_role(Role.PROVIDER_MANAGER)
            ),
            "can_reinstate": application.state == QualityMarkState.SUSPENDED
            and user.organisation_id == application.scheme.council_id
            and user.has_role(Role.QA_MANAGER),
            "can_review": application.state == QualityMarkState.AWARDED
            and bool(application.review_reason)
            and user.organisation_id == application.scheme.council_id
            and (user.has_role(Role.QA_OFFICER) or user.has_role(Role.QA_MANAGER)),
            "can_assess": application.state == QualityMarkState.APPLIED
            and user.organisation_id == application.scheme.council_id
            and (user.has_role(Role.QA_OFFICER) or user.has_role(Role.QA_MANAGER)),
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


@ASSESSORS
def quality_mark_assess(request, application_id: int):
    application = _readable(request, application_id)
    if application.state != QualityMarkState.APPLIED:
        messages.success(request, "This application has already been assessed")
        return redirect(_detail(application))
    criteria = [criterion for criterion, *_judged in quality_mark_queries.assessments_of(application)]
    form = AssessForm(http.posted(request), criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            quality_mark_services.assess_application(
                application=application, actor=request.user, judgements=form.judgements(), now=http.now()
            )
        except InvalidInput as error:
            for field, message in error.problems:
                name = field.replace("criterion-", "").replace("-", "_", 1)  # criterion-7-note → 7_note
                number, _, part = name.partition("_")
                form.add_error(f"{part}_{number}" if f"{part}_{number}" in form.fields else None, message)
        except RecognitionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Assessment recorded")
            return redirect(_detail(application))
    return render(
        request,
        "recognition/quality_mark_assess.html",
        {
            "page_title": "Assess the quality mark application",
            "application": application,
            "computed": quality_mark_services.computed_now(application, today=http.now().date()),
            "form": form,
            "back": _detail(application),
        },
    )
