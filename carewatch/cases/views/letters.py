"""Letters about a case (write, read, download the PDF) and the council's letter templates."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from carewatch.cases import forms, presenters, queries
from carewatch.cases.letters import errors as letter_errors
from carewatch.cases.letters import facts as letter_facts
from carewatch.cases.letters import queries as letter_queries
from carewatch.cases.letters import rendering
from carewatch.cases.letters import services as letter_services
from carewatch.cases.letters.models import Letter, LetterKind
from carewatch.cases.views import edge
from carewatch.core import access
from carewatch.core.roles import OrganisationKind, Role

READERS = (Role.QA_OFFICER, Role.QA_MANAGER, Role.COMMISSIONER)
WRITERS = (Role.QA_OFFICER, Role.QA_MANAGER)
TEMPLATE_EDITORS = (Role.QA_MANAGER, Role.ORG_ADMIN)
SUSPENSION_KINDS = (LetterKind.SUSPENSION, LetterKind.SUSPENSION_LIFTED)


@access.signed_in(*WRITERS)
def letter_write(request, case_id: int):
    case = edge.case_or_404(request.user, case_id)
    if refusal := edge.refusal_to_act(request.user, case):
        return refusal
    suspensions = list(queries.suspensions_of(case))
    actions = list(queries.actions_of(case))
    choices = presenters.letter_choices(case, suspensions, actions)
    form = forms.WriteLetterForm(
        edge.posted(request), initial={"letter": request.GET.get("letter")}, choices=choices
    )
    if request.method == "POST" and form.is_valid():
        kind, _, object_id = form.cleaned_data["letter"].partition(":")
        suspension = (
            next((s for s in suspensions if str(s.pk) == object_id), None)
            if kind in SUSPENSION_KINDS
            else None
        )
        action = (
            next((a for a in actions if str(a.pk) == object_id), None)
            if kind not in SUSPENSION_KINDS
            else None
        )
        try:
            letter = letter_services.write_letter(
                actor=request.user, case=case, kind=kind, suspension=suspension, action=action, now=edge.now()
            )
        except letter_errors.LetterError as error:
            edge.put_error(form, error)
        else:
            messages.success(request, f"The letter has been written: {letter.subject}")
            return redirect("cases:letter_detail", letter_id=letter.pk)
    return render(
        request,
        "cases/letter_write.html",
        {
            "page_title": "Write a letter",
            "case": case,
            "subject": presenters.case_subject(case),
            "form": form,
            "back": reverse("cases:case_detail", kwargs={"case_id": case.pk}),
        },
    )


def _letter_or_404(request, letter_id: int) -> Letter:
    try:
        return letter_queries.letter_for(request.user, letter_id)
    except Letter.DoesNotExist:
        raise Http404("No such letter") from None


@access.signed_in(*READERS)
def letter_detail(request, letter_id: int):
    letter = _letter_or_404(request, letter_id)
    return render(
        request,
        "cases/letter_detail.html",
        {
            "page_title": letter.get_kind_display() + " letter",
            "letter": letter,
            "letter_html": mark_safe(letter.html),  # noqa: S308 - written by letters.rendering, every fact escaped
            "written_by": presenters.person_name(letter.created_by),
            "back": reverse("cases:case_detail", kwargs={"case_id": letter.case_id}),
        },
    )


@access.signed_in(*READERS)
def letter_pdf(request, letter_id: int):
    letter = _letter_or_404(request, letter_id)
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="case-{letter.case_id}-{letter.kind.replace("_", "-")}-letter-{letter.pk}.pdf"'
    )
    return response


# --- the council's templates ---------------------------------------------------------------------------


@access.signed_in(*TEMPLATE_EDITORS, organisation_kinds=(OrganisationKind.COUNCIL,))
def letter_templates(request):
    organisation = request.user.organisation
    if organisation is None:
        return redirect("cases:case_list")
    return render(
        request,
        "cases/letter_templates.html",
        {"page_title": "Letter templates", "templates": letter_queries.templates_of(organisation)},
    )


@access.signed_in(*TEMPLATE_EDITORS, organisation_kinds=(OrganisationKind.COUNCIL,))
def letter_template_edit(request, letter_kind: str):
    organisation = request.user.organisation
    if organisation is None:
        return redirect("cases:case_list")
    if letter_kind not in LetterKind.values:
        raise Http404("No such kind of letter")
    current = letter_queries.template_text(organisation, letter_kind)
    start = current
    if request.GET.get("start") == "default":
        start = letter_queries.default_text(letter_kind)
    form = forms.LetterTemplateForm(
        edge.posted(request), initial={"subject": start.subject, "body": start.body}
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = letter_services.save_template(
                actor=request.user,
                organisation=organisation,
                kind=letter_kind,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                now=edge.now(),
            )
        except letter_errors.LetterError as error:
            edge.put_error(form, error)
        else:
            messages.success(
                request, f"Version {saved.version} of the {current.label.lower()} letter has been saved"
            )
            return redirect("cases:letter_templates")
    sample = letter_facts.sample_facts(letter_kind)
    preview, preview_error = None, ""
    try:
        preview = rendering.render_letter(
            subject_template=current.subject, body_template=current.body, facts=sample
        )
    except letter_errors.LetterError as error:
        preview_error = error.message
    return render(
        request,
        "cases/letter_template_edit.html",
        {
            "page_title": f"Edit the {current.label.lower()} letter",
            "current": current,
            "form": form,
            "facts": letter_facts.facts_for_kind(letter_kind),
            "preview_html": mark_safe(preview.html) if preview else "",  # noqa: S308 - letters.rendering escapes
            "preview_subject": preview.subject if preview else "",
            "preview_error": preview_error,
            "default_url": reverse("cases:letter_template_edit", kwargs={"letter_kind": letter_kind})
            + "?start=default",
            "back": reverse("cases:letter_templates"),
        },
    )
