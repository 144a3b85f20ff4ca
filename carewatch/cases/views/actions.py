"""Actions (add, record as done) and suspensions (letter sent, review, lift, publish)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from carewatch.cases import errors, forms, presenters, queries, services, wording
from carewatch.cases.ladder import ActionKind
from carewatch.cases.models import CaseEvidence
from carewatch.cases.views import edge
from carewatch.core import access
from carewatch.core.roles import Role

PROPOSERS = (Role.QA_OFFICER, Role.QA_MANAGER)


def _back_to(case) -> str:
    return reverse("cases:case_detail", kwargs={"case_id": case.pk})


@access.signed_in(*PROPOSERS)
def action_add(request, case_id: int):
    case = edge.case_or_404(request.user, case_id)
    if refusal := edge.refusal_to_act(request.user, case):
        return refusal
    owners = queries.action_owners(case.organisation)
    form = forms.ActionForm(edge.posted(request), initial={"owner": request.user.pk}, owners=owners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind = data["kind"]
        details: dict = {}
        if kind == ActionKind.ENHANCED_MONITORING:
            details["visit_frequency"] = data["visit_frequency"]
        if kind == ActionKind.DEFAULT_NOTICE:
            details["breach"] = data["breach"]
        if kind == ActionKind.ACTION_PLAN and data["requested_by_cqc"]:
            details["requested_by_cqc"] = True
        peer = None
        if kind == ActionKind.PEER_SUPPORT and data["peer_provider"]:
            peer = queries.provider_or_none(data["peer_provider"])
            if peer is None:
                form.add_error("peer_provider", "There is no provider with that CQC provider ID")
        if not form.errors:
            try:
                action = services.add_action(
                    actor=request.user,
                    case=case,
                    kind=kind,
                    owner=next(person for person in owners if person.pk == data["owner"]),
                    due_on=data["due_on"],
                    title=data["title"],
                    details=details,
                    peer_provider=peer,
                    now=edge.now(),
                )
            except StopIteration:
                form.add_error("owner", "Choose who owns the action")
            except errors.CaseError as error:
                edge.put_error(form, error)
            else:
                messages.success(
                    request, f"“{action.title}” has been added, due {presenters.long_date(action.due_on)}"
                )
                return redirect("cases:case_detail", case_id=case.pk)
    return render(
        request,
        "cases/action_add.html",
        {
            "page_title": "Add an action",
            "case": case,
            "contract_powers": queries.contract_powers(case, on=edge.now().date()),
            "subject": presenters.case_subject(case),
            "form": form,
            "back": _back_to(case),
        },
    )


@access.signed_in(*PROPOSERS)
def evidence_add(request, case_id: int):
    case = edge.case_or_404(request.user, case_id)
    if refusal := edge.refusal_to_act(request.user, case):
        return refusal
    candidates = queries.evidence_candidates(case, today=edge.today())
    form = forms.EvidenceForm(edge.posted(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        chosen = [candidates[int(index)] for index in form.cleaned_data["chosen"]]
        concern = form.cleaned_data["concern"].strip()
        if concern:
            chosen.append(
                services.EvidenceLink(
                    kind=CaseEvidence.Kind.CONCERN, object_id=f"note:{uuid.uuid4().hex[:16]}", summary=concern
                )
            )
        try:
            rows = services.link_evidence(actor=request.user, case=case, evidence=chosen, now=edge.now())
        except errors.CaseError as error:
            edge.put_error(form, error)
        else:
            messages.success(request, f"{wording.counted(len(rows), 'item')} of evidence linked")
            return redirect(reverse("cases:case_detail", kwargs={"case_id": case.pk}) + "#evidence")
    return render(
        request,
        "cases/evidence_add.html",
        {
            "page_title": "Link evidence",
            "case": case,
            "subject": presenters.case_subject(case),
            "form": form,
            "back": _back_to(case),
        },
    )


@access.signed_in(*PROPOSERS)
def action_complete(request, action_id: int):
    action = edge.action_or_404(request.user, action_id)
    case = action.case
    if refusal := edge.refusal_to_act(request.user, case):
        return refusal
    if action.kind == ActionKind.SUSPENSION and action.suspension_id:
        step = (
            "cases:suspension_letter_sent"
            if action.details.get("step") == "letter"
            else "cases:suspension_review"
        )
        return redirect(step, suspension_id=action.suspension_id)
    if action.done_on is not None:
        messages.success(request, f"“{action.title}” was done on {presenters.long_date(action.done_on)}")
        return redirect("cases:case_detail", case_id=case.pk)
    is_meeting = action.kind == ActionKind.PROVIDER_CONCERNS_MEETING
    form = forms.CompleteActionForm(edge.posted(request), initial={"done_on": edge.today()})
    if not is_meeting:
        del form.fields["next_meeting_on"]
    if request.method == "POST" and form.is_valid():
        try:
            if is_meeting:
                services.record_meeting(
                    actor=request.user,
                    action=action,
                    held_on=form.cleaned_data["done_on"],
                    next_meeting_on=form.cleaned_data["next_meeting_on"],
                    now=edge.now(),
                )
            else:
                services.complete_action(
                    actor=request.user, action=action, done_on=form.cleaned_data["done_on"], now=edge.now()
                )
        except errors.CaseError as error:
            edge.put_error(form, error)
        else:
            messages.success(request, f"“{action.title}” has been recorded as done")
            return redirect("cases:case_detail", case_id=case.pk)
    return render(
        request,
        "cases/action_complete.html",
        {
            "page_title": "Record a meeting" if is_meeting else "Record an action as done",
            "action": action,
            "row": presenters.action_row(action, today=edge.today()),
            "case": case,
            "is_meeting": is_meeting,
            "form": form,
            "back": _back_to(case),
        },
    )


# --- suspensions -------------------------------------------------------------------------------------


def _suspension_context(suspension, **extra) -> dict:
    return {
        "suspension": suspension,
        "case": suspension.case,
        "back": _back_to(suspension.case),
        **extra,
    }


@access.signed_in(*PROPOSERS)
def suspension_letter_sent(request, suspension_id: int):
    suspension = edge.suspension_or_404(request.user, suspension_id)
    if refusal := edge.refusal_to_act(request.user, suspension.case):
        return refusal
    form = forms.LetterSentForm(edge.posted(request), initial={"sent_on": edge.today()})
    if suspension.letter_sent_on is not None and request.method == "GET":
        messages.success(
            request, f"The suspension letter was sent on {presenters.long_date(suspension.letter_sent_on)}"
        )
        return redirect("cases:case_detail", case_id=suspension.case_id)
    if request.method == "POST" and form.is_valid():
        try:
            suspension = services.record_suspension_letter_sent(
                actor=request.user,
                suspension=suspension,
                sent_on=form.cleaned_data["sent_on"],
                now=edge.now(),
            )
        except errors.CaseError as error:
            edge.put_error(form, error)
        else:
            messages.success(
                request,
                f"The suspension letter has been recorded as sent: the provider may appeal until "
                f"{presenters.long_date(suspension.appeal_until)}",
            )
            return redirect("cases:case_detail", case_id=suspension.case_id)
    return render(
        request,
        "cases/suspension_letter_sent.html",
        _suspension_context(suspension, page_title="Record that the suspension letter was sent", form=form),
    )


@access.signed_in(Role.QA_MANAGER)
def suspension_review(request, suspension_id: int):
    suspension = edge.suspension_or_404(request.user, suspension_id)
    if refusal := edge.refusal_to_decide(request.user, suspension.case):
        return refusal
    form = forms.ReviewForm(
        edge.posted(request),
        initial={"reviewed_on": edge.today(), "next_review_on": edge.today() + timedelta(days=28)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            suspension = services.review_suspension(
                actor=request.user,
                suspension=suspension,
                reviewed_on=form.cleaned_data["reviewed_on"],
                next_review_on=form.cleaned_data["next_review_on"],
                reason=form.cleaned_data["reason"],
                now=edge.now(),
            )
        except errors.CaseError as error:
            edge.put_error(form, error)
        else:
            messages.success(
                request,
                f"The suspension stays in force: the next review is on {presenters.long_date(suspension.review_on)}",
            )
            return redirect("cases:case_detail", case_id=suspension.case_id)
    return render(
        request,
        "cases/suspension_review.html",
        _suspension_context(
            suspension,
            page_title=f"Review the suspension at {suspension.location.name}",
            form=form,
            lift_url=reverse("cases:suspension_lift", kwargs={"suspension_id": suspension.pk}),
        ),
    )


@access.signed_in(Role.QA_MANAGER)
def suspension_lift(request, suspension_id: int):
    suspension = edge.suspension_or_404(request.user, suspension_id)
    case = suspension.case
    if refusal := edge.refusal_to_decide(request.user, case):
        return refusal
    if suspension.lifted_on is not None:
        messages.success(
            request, f"This suspension was lifted on {presenters.long_date(suspension.lifted_on)}"
        )
        return redirect("cases:case_detail", case_id=case.pk)
    choices = presenters.step_down_choices(suspension)
    form = forms.LiftForm(
        edge.posted(request),
        initial={"lifted_on": edge.today(), "seen_revision": case.revision},
        step_down_choices=choices,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.lift_suspension(
                actor=request.user,
                suspension=suspension,
                lifted_on=data["lifted_on"],
                reason=data["reason"],
                step_down_to=data.get("step_down_to") or None,
                seen_revision=data["seen_revision"],
                now=edge.now(),
            )
        except errors.CaseChanged as error:
            suspension = edge.suspension_or_404(request.user, suspension_id)
            choices = presenters.step_down_choices(suspension)
            form = edge.rebind_revision(
                forms.LiftForm, request, error.current_revision, step_down_choices=choices
            )
            edge.put_error(form, error)
        except errors.CaseError as error:
            edge.put_error(form, error)
        else:
            text = f"The suspension at {suspension.location.name} has been lifted"
            if data.get("step_down_to"):
                text += f" and the case stepped down to level {data['step_down_to']}"
            messages.success(request, text)
            return redirect("cases:case_detail", case_id=case.pk)
    return render(
        request,
        "cases/suspension_lift.html",
        _suspension_context(
            suspension,
            page_title=f"Lift the suspension at {suspension.location.name}",
            form=form,
            steps_down=bool(choices),
        ),
    )


@access.signed_in(Role.QA_MANAGER)
def suspension_publish(request, suspension_id: int):
    suspension = edge.suspension_or_404(request.user, suspension_id)
    if refusal := edge.refusal_to_decide(request.user, suspension.case):
        return refusal
    form = forms.PublishForm(
        edge.posted(request), initial={"published": "yes" if suspension.published else "no"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            suspension = services.set_suspension_published(
                actor=request.user,
                suspension=suspension,
                published=form.cleaned_data["published"] == "yes",
                now=edge.now(),
            )
        except errors.CaseError as error:
            edge.put_error(form, error)
        else:
            messages.success(
                request,
                "The suspension is shown on the public page"
                if suspension.published
                else "The suspension is no longer shown on the public page",
            )
            return redirect("cases:case_detail", case_id=suspension.case_id)
    return render(
        request,
        "cases/suspension_publish.html",
        _suspension_context(
            suspension, page_title=f"Publish the suspension at {suspension.location.name}", form=form
        ),
    )
