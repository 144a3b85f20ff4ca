"""The quality mark's other staff pages (docs/recognition.md, "The quality mark"): the list of applications
and awards with what needs doing, the council's scheme (read by its staff, with the payment premium;
defined and changed by a QA manager), applying (a provider manager) or nominating (a QA officer), renewing,
reinstating a suspended award, recording the review of a flagged one, and the letters. Thin: parse, one
domain call, render or redirect."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from carewatch.core import access, http
from carewatch.core.roles import OrganisationKind, Role
from carewatch.recognition import quality_mark_criteria as criteria
from carewatch.recognition import quality_mark_queries, quality_mark_services
from carewatch.recognition.errors import InvalidInput, RecognitionError
from carewatch.recognition.models import QualityMarkApplication, QualityMarkLetter, QualityMarkScheme

COUNCIL = [OrganisationKind.COUNCIL]
LIST_READERS = access.signed_in(*access.COUNCIL_STAFF, *access.PROVIDER_ROLES)
SCHEME_READERS = access.signed_in(*access.COUNCIL_STAFF, organisation_kinds=COUNCIL)
SCHEME_EDITORS = access.signed_in(Role.QA_MANAGER, organisation_kinds=COUNCIL)
APPLICANTS = access.signed_in(Role.PROVIDER_MANAGER, Role.QA_OFFICER, Role.QA_MANAGER)
REVIEWERS = access.signed_in(Role.QA_OFFICER, Role.QA_MANAGER, organisation_kinds=COUNCIL)
REINSTATERS = access.signed_in(Role.QA_MANAGER, organisation_kinds=COUNCIL)
LETTER_READERS = access.signed_in(Role.QA_OFFICER, Role.QA_MANAGER, *access.PROVIDER_ROLES)
MAX_TIERS = 4
COMPUTED = [(code, title) for code, (title, _) in criteria.RULES.items()]
LEVEL_CHOICES = [("", "Choose a level")] + [(code, f"Level {code} or above") for code in criteria.LEVELS]


def _detail(application: QualityMarkApplication) -> str:
    return reverse("recognition:quality_mark_application", kwargs={"application_id": application.pk})


def _readable(request, application_id: int) -> QualityMarkApplication:
    try:
        return quality_mark_queries.application_for(request.user, application_id)
    except QualityMarkApplication.DoesNotExist:
        raise Http404("There is no quality mark application with that number that you can see.") from None


def _show(form: forms.Form, error: RecognitionError, *, fields: dict[str, str] | None = None) -> None:
    """Put each problem beside its field (``fields`` maps the service's names onto the form's)."""
    problems: list[tuple[str | None, str]] = [(error.field, error.message)]
    if isinstance(error, InvalidInput):
        problems = list(error.problems)
    for field, message in problems:
        name = (fields or {}).get(field or "", field)
        form.add_error(name if name in form.fields else None, message)


# --- the list ----------------------------------------------------------------------------------


@LIST_READERS
def quality_mark_list(request):
    user = request.user
    council = user.organisation if user.organisation and user.organisation.kind == "council" else None
    rows = quality_mark_queries.application_rows(user, today=http.now().date())
    return render(
        request,
        "recognition/quality_mark_list.html",
        {
            "page_title": "Quality marks",
            "rows": rows,
            "council": council,
            "scheme": quality_mark_queries.council_scheme(council.pk) if council else None,
            "shows_premium": council is not None,  # commissioners and council staff only, never providers
            "can_apply": user.has_role(Role.PROVIDER_MANAGER, Role.QA_OFFICER, Role.QA_MANAGER),
            "can_define": council is not None and user.has_role(Role.QA_MANAGER),
        },
    )


# --- the scheme --------------------------------------------------------------------------------


def _council_of(request):
    """The person's council, or None (a system administrator belongs to none)."""
    organisation = request.user.organisation
    return (
        organisation if organisation is not None and organisation.kind == OrganisationKind.COUNCIL else None
    )


@SCHEME_READERS
def quality_mark_scheme(request):
    council = _council_of(request)
    scheme = quality_mark_queries.council_scheme(council.pk) if council else None
    tiers = []
    if scheme is not None:
        for tier in scheme.tiers.all():
            tiers.append((tier, [(quality_mark_services.words_of(c), c) for c in tier.criteria.all()]))
    return render(
        request,
        "recognition/quality_mark_scheme.html",
        {
            "page_title": scheme.name if scheme else "Your council's quality mark",
            "scheme": scheme,
            "tiers": tiers,
            "council": council,
            "can_define": council is not None
            and request.user.has_role(Role.QA_MANAGER)
            and (scheme is None or not quality_mark_queries.has_applications(scheme)),
            "back": reverse("recognition:quality_mark_list"),
        },
    )


class SchemeForm(forms.Form):
    """A scheme in one form: its name, and up to four tiers, each with its computed criteria (chosen from
    the list, with a level or thresholds where they take one), its written standards and its premium."""

    name = forms.CharField(
        required=False,
        max_length=200,
        label="Name of the quality mark",
        help_text="For example, Oldham Quality Mark",
    )

    def __init__(self, data=None, *, initial=None):
        super().__init__(data, initial=initial)
        for n in range(1, MAX_TIERS + 1):
            self.fields[f"tier-{n}-name"] = forms.CharField(
                required=False,
                max_length=200,
                label=f"Name of tier {n}",
                help_text="Leave blank to have fewer tiers",
            )
            self.fields[f"tier-{n}-criteria"] = forms.MultipleChoiceField(
                required=False,
                choices=COMPUTED,
                widget=forms.CheckboxSelectMultiple,
                label=f"Tier {n}: criteria carewatch checks from its evidence",
            )
            self.fields[f"tier-{n}-must"] = forms.MultipleChoiceField(
                required=False,
                choices=COMPUTED,
                widget=forms.CheckboxSelectMultiple,
                label=f"Tier {n}: criteria that must hold for as long as the award lasts",
                help_text="Failing one of these suspends the award the same day; failing any other flags it for review",
            )
            self.fields[f"tier-{n}-level"] = forms.ChoiceField(
                required=False, choices=LEVEL_CHOICES, label=f"Tier {n}: an open case counts from"
            )
            self.fields[f"tier-{n}-threshold"] = forms.DecimalField(
                required=False,
                max_digits=3,
                decimal_places=1,
                label=f"Tier {n}: lowest average feedback score (1 to 5)",
                error_messages={
                    "invalid": f"Enter the lowest average feedback score for tier {n} as a number, like 4.2"
                },
            )
            self.fields[f"tier-{n}-minimum"] = forms.IntegerField(
                required=False,
                label=f"Tier {n}: fewest feedback responses",
                error_messages={
                    "invalid": f"Enter the fewest feedback responses for tier {n} as a whole number"
                },
            )
            self.fields[f"tier-{n}-standards"] = forms.CharField(
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
                label=f"Tier {n}: standards an officer assesses",
                help_text="One standard a line, in words a provider understands",
            )
            self.fields[f"tier-{n}-premium"] = forms.DecimalField(
                required=False,
                max_digits=7,
                decimal_places=2,
                label=f"Tier {n}: payment premium, £ a resident a week (optional)",
                error_messages={"invalid": f"Enter the premium for tier {n} in pounds, like 25 or 17.50"},
            )

    def tier_fields(self):
        return [
            {
                "number": n,
                **{
                    part: self[f"tier-{n}-{part}"]
                    for part in (
                        "name",
                        "criteria",
                        "must",
                        "level",
                        "threshold",
                        "minimum",
                        "standards",
                        "premium",
                    )
                },
            }
            for n in range(1, MAX_TIERS + 1)
        ]

    def tiers(self) -> tuple[list[quality_mark_services.TierInput], dict[str, str]]:
        """The tiers filled in, highest first, and how the service's field names map onto this form's."""
        data = self.cleaned_data
        tiers: list[quality_mark_services.TierInput] = []
        fields: dict[str, str] = {}
        for n in range(1, MAX_TIERS + 1):
            name = data.get(f"tier-{n}-name") or ""
            kinds = data.get(f"tier-{n}-criteria") or []
            standards = [
                line.strip() for line in (data.get(f"tier-{n}-standards") or "").splitlines() if line.strip()
            ]
            if not (name.strip() or kinds or standards):
                continue
            must = set(data.get(f"tier-{n}-must") or [])
            number = len(tiers) + 1
            items = [
                quality_mark_services.CriterionInput(
                    kind,
                    level=data.get(f"tier-{n}-level") or "",
                    must_hold=kind in must,
                    threshold=data.get(f"tier-{n}-threshold"),
                    minimum=data.get(f"tier-{n}-minimum"),
                )
                for kind in kinds
            ] + [quality_mark_services.CriterionInput(criteria.ASSESSED, standard=text) for text in standards]
            for index in range(1, len(items) + 1):
                prefix = f"tier-{number}-criterion-{index}"
                fields[f"{prefix}-kind"] = f"tier-{n}-criteria"
                fields[f"{prefix}-level"] = f"tier-{n}-level"
                fields[f"{prefix}-threshold"] = f"tier-{n}-threshold"
                fields[f"{prefix}-minimum"] = f"tier-{n}-minimum"
                fields[f"{prefix}-standard"] = f"tier-{n}-standards"
            for part in ("name", "criteria", "premium"):
                fields[f"tier-{number}-{part}"] = f"tier-{n}-{part}"
            tiers.append(quality_mark_services.TierInput(name, items, premium=data.get(f"tier-{n}-premium")))
        fields["tier-1-name"] = fields.get("tier-1-name", "tier-1-name")
        return tiers, fields


def _initial(scheme: QualityMarkScheme | None) -> dict:
    if scheme is None:
        return {}
    initial: dict = {"name": scheme.name}
    for n, tier in enumerate(scheme.tiers.all(), start=1):
        found = list(tier.criteria.all())
        computed = [c for c in found if c.kind != criteria.ASSESSED]
        initial[f"tier-{n}-name"] = tier.name
        initial[f"tier-{n}-criteria"] = [c.kind for c in computed]
        initial[f"tier-{n}-must"] = [c.kind for c in computed if c.must_hold]
        initial[f"tier-{n}-standards"] = "\n".join(c.standard for c in found if c.kind == criteria.ASSESSED)
        initial[f"tier-{n}-premium"] = tier.premium_per_bed
        for c in computed:
            if c.level:
                initial[f"tier-{n}-level"] = c.level
            if c.threshold is not None:
                initial[f"tier-{n}-threshold"] = c.threshold
            if c.minimum is not None:
                initial[f"tier-{n}-minimum"] = c.minimum
    return initial


@SCHEME_EDITORS
def quality_mark_scheme_edit(request):
    council = _council_of(request)
    if council is None:  # a system administrator: no council's scheme to set up
        return quality_mark_scheme(request)
    scheme = quality_mark_queries.council_scheme(council.pk)
    form = SchemeForm(http.posted(request), initial=_initial(scheme))
    if request.method == "POST" and form.is_valid():
        tiers, fields = form.tiers()
        try:
            quality_mark_services.define_scheme(
                council=council,
                actor=request.user,
                name=form.cleaned_data["name"],
                tiers=tiers,
                now=http.now(),
            )
        except RecognitionError as error:
            _show(form, error, fields=fields)
        else:
            messages.success(request, "Quality mark saved")
            return redirect("recognition:quality_mark_scheme")
    return render(
        request,
        "recognition/quality_mark_scheme_edit.html",
        {
            "page_title": "Change your quality mark" if scheme else "Set up your quality mark",
            "form": form,
            "council": council,
            "locked": scheme is not None and quality_mark_queries.has_applications(scheme),
            "back": reverse("recognition:quality_mark_scheme"),
        },
    )


# --- applying, nominating and renewing -----------------------------------------------------------


class ApplyForm(forms.Form):
    location = forms.ChoiceField(
        label="Service",
        error_messages={"required": "Choose the service", "invalid_choice": "Choose the service"},
    )
    tier = forms.ChoiceField(
        label="Tier",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the tier", "invalid_choice": "Choose the tier"},
    )

    def __init__(self, data, *, locations, tiers):
        super().__init__(data)
        location_field: forms.ChoiceField = self.fields["location"]  # type: ignore[assignment]
        location_field.choices = [("", "Choose a service")] + [(loc.pk, loc.name) for loc in locations]
        tier_field: forms.ChoiceField = self.fields["tier"]  # type: ignore[assignment]
        tier_field.choices = [(str(t.pk), t.name) for t in tiers]


@APPLICANTS
def quality_mark_apply(request):
    """A provider manager applies for one of its services (choosing the council's scheme where the service
    is), or a council's QA officer or manager nominates a service in its area."""
    user = request.user
    organisation = user.organisation
    schemes: list[QualityMarkScheme] = []
    locations: list = []
    if organisation is None:  # a system administrator: neither applies nor nominates
        pass
    elif organisation.kind == OrganisationKind.COUNCIL:
        schemes = [s for s in [quality_mark_queries.council_scheme(organisation.pk)] if s is not None]
        locations = (
            quality_mark_queries.locations_to_nominate(organisation.local_authority_id) if schemes else []
        )
    else:
        locations = quality_mark_queries.locations_to_apply_for(organisation.provider_id)
        councils = {loc.local_authority_id for loc in locations}
        schemes = [s for s in quality_mark_queries.schemes() if s.council.local_authority_id in councils]
    chosen_id = request.GET.get("scheme") or request.POST.get("scheme")
    scheme = next((s for s in schemes if str(s.pk) == chosen_id), schemes[0] if len(schemes) == 1 else None)
    council_side = organisation is not None and organisation.kind == OrganisationKind.COUNCIL
    if scheme is not None and not council_side:
        locations = [loc for loc in locations if loc.local_authority_id == scheme.council.local_authority_id]
    form = ApplyForm(
        http.posted(request) if scheme else None,
        locations=locations,
        tiers=scheme.tiers.all() if scheme else [],
    )
    if request.method == "POST" and scheme is not None and form.is_valid():
        location = next(loc for loc in locations if loc.pk == form.cleaned_data["location"])
        tier = scheme.tiers.get(pk=int(form.cleaned_data["tier"]))
        try:
            application = quality_mark_services.apply_for_mark(
                scheme=scheme, tier=tier, location=location, actor=user, now=http.now()
            )
        except RecognitionError as error:
            _show(form, error)
        else:
            messages.success(request, "Nomination made" if application.nominated else "Application made")
            return redirect(_detail(application))
    return render(
        request,
        "recognition/quality_mark_apply.html",
        {
            "page_title": "Nominate a service" if council_side else "Apply for a quality mark",
            "form": form,
            "scheme": scheme,
            "schemes": schemes,
            "back": reverse("recognition:quality_mark_list"),
        },
    )


@APPLICANTS
def quality_mark_renew(request, application_id: int):
    award = _readable(request, application_id)
    error = ""
    if request.method == "POST":
        try:
            renewal = quality_mark_services.renew_award(award=award, actor=request.user, now=http.now())
        except RecognitionError as problem:
            error = problem.message
        else:
            messages.success(request, "Renewal started: it is assessed and decided like a new application")
            return redirect(_detail(renewal))
    return render(
        request,
        "recognition/quality_mark_renew.html",
        {"page_title": "Renew the award", "award": award, "error": error, "back": _detail(award)},
    )


# --- after an award: review, reinstate, letters --------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Say what the review found",
            "max_length": "Write 500 characters or fewer",
        },
    )

    def __init__(self, data, *, label: str):
        super().__init__(data)
        self.fields["reason"].label = label


@REINSTATERS
def quality_mark_reinstate(request, application_id: int):
    award = _readable(request, application_id)
    form = ReasonForm(
        http.posted(request), label="Why the award is reinstated (the provider's letter quotes it)"
    )
    if request.method == "POST" and form.is_valid():
        try:
            quality_mark_services.reinstate_award(
                award=award, actor=request.user, reason=form.cleaned_data["reason"], now=http.now()
            )
        except RecognitionError as error:
            _show(form, error)
        else:
            messages.success(request, "Award reinstated: the provider has a letter and the badge shows again")
            return redirect(_detail(award))
    return render(
        request,
        "recognition/quality_mark_reason.html",
        {
            "page_title": "Reinstate the award",
            "award": award,
            "form": form,
            "intro": f"Suspended on {award.suspended_on:%-d %B %Y}: {award.suspension_reason}"
            if award.suspended_on
            else "",
            "button": "Reinstate the award",
            "back": _detail(award),
        },
    )


@REVIEWERS
def quality_mark_review(request, application_id: int):
    award = _readable(request, application_id)
    form = ReasonForm(http.posted(request), label="What the review found")
    if request.method == "POST" and form.is_valid():
        try:
            quality_mark_services.clear_review(
                award=award, actor=request.user, note=form.cleaned_data["reason"], now=http.now()
            )
        except RecognitionError as error:
            _show(form, error)
        else:
            messages.success(request, "Review recorded: the award stands")
            return redirect(_detail(award))
    return render(
        request,
        "recognition/quality_mark_reason.html",
        {
            "page_title": "Record the review",
            "award": award,
            "form": form,
            "intro": f"Flagged for review: {award.review_reason}" if award.review_reason else "",
            "button": "Keep the award",
            "back": _detail(award),
        },
    )


@LETTER_READERS
def quality_mark_letter(request, quality_mark_letter_id: int):
    try:
        letter = quality_mark_queries.letter_for(request.user, quality_mark_letter_id)
    except QualityMarkLetter.DoesNotExist:
        raise Http404("There is no letter with that number that you can see.") from None
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="quality-mark-letter-{letter.pk}.pdf"'
    return response


def premium(value: Decimal | None) -> str:
    return f"£{value:,.2f}" if value is not None else ""
