"""Letters about a case (write, read, download the PDF) and the council's letter templates."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from carewatch.cases import forms, presenters, queries
from carewatch.cases.letters import drafts as letter_drafts
from carewatch.cases.letters import errors as letter_errors
from carewatch.cases.letters import facts as letter_facts
from carewatch.cases.letters import queries as letter_queries
from carewatch.cases.letters import rendering
from carewatch.cases.letters import services as letter_services
from carewatch.cases.letters.models import Letter, LetterKind
from carewatch.cases.models import Action, Suspension
from carewatch.cases.views import edge
from carewatch.core import access
from carewatch.core.roles import OrganisationKind, Role

READERS = (Role.QA_OFFICER, Role.QA_MANAGER, Role.COMMISSIONER)
WRITERS = (Role.QA_OFFICER, Role.QA_MANAGER)
TEMPLATE_EDITORS = (Role.QA_MANAGER, Role.ORG_ADMIN)
SUSPENSION_KINDS = (LetterKind.SUSPENSION, LetterKind.SUSPENSION_LIFTED)


def _subject_of(choice: str, suspensions, actions) -> tuple[str, Suspension | None, Action | None]:
    """``kind:id`` from the choice of letter → the kind, and the suspension or action it is about."""
    kind, _, object_id = choice.partition(":")
    if kind in SUSPENSION_KINDS:
        return kind, next((s for s in suspensions if str(s.pk) == object_id), None), None
    return kind, None, next((a for a in actions if str(a.pk) == object_id), None)


@access.signed_in(*WRITERS)
def letter_write(request, case_id: int):
    """Step 1: which letter. Step 2 (:func:`letter_draft`) shows it to check and edit before it is issued."""
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
        return redirect(
            reverse("cases:letter_draft", kwargs={"case_id": case.pk})
            + "?"
            + urlencode({"letter": form.cleaned_data["letter"]})
        )
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


@access.signed_in(*WRITERS)
def letter_draft(request, case_id: int):
    """Step 2: the letter filled in from the council's template, to read, edit, preview and issue."""
    case = edge.case_or_404(request.user, case_id)
    if refusal := edge.refusal_to_act(request.user, case):
        return refusal
    suspensions = list(queries.suspensions_of(case))
    actions = list(queries.actions_of(case))
    choice = request.GET.get("letter", "")
    if choice not in dict(presenters.letter_choices(case, suspensions, actions)):
        return redirect("cases:letter_write", case_id=case.pk)
    kind, suspension, action = _subject_of(choice, suspensions, actions)
    posted = edge.posted(request)
    include_reason = (
        request.POST.get("include_reason") == "True"
        if posted is not None
        else request.GET.get("reason") == "include"
    )
    today = edge.today()
    try:
        draft = letter_drafts.draft_letter(
            case=case,
            kind=kind,
            today=today,
            signer=request.user,
            suspension=suspension,
            action=action,
            include_reason=include_reason,
        )
    except letter_errors.LetterError as error:
        messages.error(request, error.message)
        return redirect("cases:case_detail", case_id=case.pk)
    form = forms.LetterDraftForm(
        posted,
        initial={"subject": draft.subject, "body": draft.body, "include_reason": include_reason},
    )
    subject, body = draft.subject, draft.body
    if posted is not None and form.is_valid():
        subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
        if request.POST.get("step") == "issue":
            try:
                letter = letter_services.write_letter(
                    actor=request.user,
                    case=case,
                    kind=kind,
                    suspension=suspension,
                    action=action,
                    subject=subject,
                    body=body,
                    include_reason=include_reason,
                    now=edge.now(),
                )
            except letter_errors.LetterError as error:
                edge.put_error(form, error)
            else:
                messages.success(request, f"The letter has been issued: {letter.subject}")
                return redirect("cases:letter_detail", letter_id=letter.pk)
    elif posted is not None:
        subject, body = posted.get("subject", ""), posted.get("body", "")
    preview = letter_drafts.preview(draft, subject=subject, body=body)
    page = presenters.letter_draft_page(draft, user=request.user, choice=choice, case=case)
    return render(
        request,
        "cases/letter_draft.html",
        {
            "page_title": "Check the letter before it is issued",
            "case": case,
            "subject": presenters.case_subject(case),
            "form": form,
            "draft": page,
            "preview_html": mark_safe(preview.html),  # noqa: S308 - letters.rendering escapes every line
            "gaps": letter_drafts.gaps_in(subject + "\n" + body),
            "back": reverse("cases:letter_write", kwargs={"case_id": case.pk})
            + "?"
            + urlencode({"letter": choice}),
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
