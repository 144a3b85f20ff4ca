"""The case list, a case's page, proposing a case or a change, and a QA manager's decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse

from carewatch.cases import errors, forms, ladder, presenters, queries, services
from carewatch.cases.ladder import ProposalKind
from carewatch.cases.models import CaseEvidence
from carewatch.cases.views import edge
from carewatch.core import access
from carewatch.core.roles import Role

READERS = (Role.QA_OFFICER, Role.QA_MANAGER, Role.COMMISSIONER)
PROPOSERS = (Role.QA_OFFICER, Role.QA_MANAGER)
PAGE_SIZE = 50


@access.signed_in(*READERS)
def case_list(request):
    form = forms.CaseFilterForm(request.GET or None)
    cases = queries.case_list(request.user, today=edge.today(), **form.filters())
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/case_list.html",
        {
            "page_title": "Cases",
            "form": form,
            "page": page,
            "rows": presenters.case_rows(page.object_list, today=edge.today()),
            "can_propose": request.user.has_role(*PROPOSERS) and request.user.organisation_id is not None,
            "can_edit_letters": request.user.has_role(Role.QA_MANAGER),
        },
    )


@access.signed_in(*READERS)
def case_detail(request, case_id: int):
    case = edge.case_or_404(request.user, case_id)
    view = presenters.case_page(case, user=request.user, today=edge.today())
    return render(
        request,
        "cases/case_detail.html",
        {
            "page_title": f"Case {case.pk}: {view.subject}",
            "case": case,
            "view": view,
            "today": edge.today(),
            "audit_trail": presenters.case_audit_trail(case, user=request.user),
        },
    )


@access.signed_in(*PROPOSERS)
def propose_opening(request):
    organisation = request.user.organisation
    if organisation is None:
        return redirect("cases:case_list")
    location_id = (request.POST.get("location") or request.GET.get("location") or "").strip()
    location = queries.location_or_none(location_id) if location_id else None
    if location is None and request.method == "GET":
        return _find_the_service(request)
    others = queries.other_locations(location, organisation) if location else []
    form = forms.ProposeOpeningForm(
        edge.posted(request),
        initial={"location": location_id},
        level_names=presenters.council_level_names(organisation),
        other_locations=others,
        location_known=location is not None,
    )
    if request.method == "POST" and form.is_valid():
        if location is None:
            form.add_error("location", "There is no service with that CQC location ID")
        else:
            chosen = [location, *queries.locations_by_id(form.cleaned_data.get("also") or [])]
            evidence = []
            if form.cleaned_data["attach_rating"] and location.current_rating:
                evidence.append(
                    services.EvidenceLink(
                        kind=CaseEvidence.Kind.CQC_RATING,
                        object_id=f"{location.pk}:{location.current_rating_on or ''}",
                        summary=f"CQC rated {location.name} {location.current_rating}"
                        + (
                            f" on {presenters.long_date(location.current_rating_on)}"
                            if location.current_rating_on
                            else ""
                        ),
                    )
                )
            try:
                services.propose_opening(
                    actor=request.user,
                    organisation=organisation,
                    locations=chosen,
                    provider=location.provider if len(chosen) > 1 else None,
                    level=form.cleaned_data["level"],
                    reason=form.cleaned_data["reason"],
                    evidence=evidence,
                    now=edge.now(),
                )
            except errors.CaseError as error:
                edge.put_error(form, error)
            else:
                messages.success(
                    request, f"You proposed a case about {location.name}: a QA manager will decide"
                )
                return redirect("cases:case_list")
    open_case = queries.open_case_for_location(organisation, location.pk) if location else None
    return render(
        request,
        "cases/propose_opening.html",
        {
            "page_title": "Propose a case",
            "form": form,
            "location": location,
            "open_case": open_case,
            "back": reverse("public:location_detail", kwargs={"location_id": location.pk})
            if location
            else reverse("cases:case_list"),
        },
    )


FOUND_AT_MOST = 25


def _find_the_service(request):
    """Proposing a case, step 1: find the service by its name, town or postcode, then choose it."""
    searched = "q" in request.GET
    form = forms.ServiceSearchForm(request.GET if searched else None)
    results: list = []
    found = 0
    if searched and form.is_valid():
        results, found = queries.find_locations(form.cleaned_data["q"], limit=FOUND_AT_MOST)
    return render(
        request,
        "cases/propose_find.html",
        {
            "page_title": "Which service is the case about?",
            "form": form,
            "searched": searched and form.is_valid(),
            "query": form.cleaned_data.get("q", "") if searched and form.is_valid() else "",
            "results": presenters.service_choices(results, organisation=request.user.organisation),
            "found": found,
            "shown": len(results),
            "back": reverse("cases:case_list"),
        },
    )


@access.signed_in(*PROPOSERS)
def propose_change(request, case_id: int):
    case = edge.case_or_404(request.user, case_id)
    if refusal := edge.refusal_to_act(request.user, case):
        return refusal
    names = presenters.level_names(case.ladder)
    form = forms.ChangeForm(
        edge.posted(request),
        initial={"seen_revision": case.revision},
        state=presenters.case_state(case),
        level_names=names,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_change(
                actor=request.user,
                case=case,
                kind=form.cleaned_data["kind"],
                level=form.cleaned_data["level"],
                reason=form.cleaned_data["reason"],
                now=edge.now(),
            )
        except errors.CaseError as error:
            edge.put_error(form, error)
        else:
            messages.success(request, "Your proposal has been sent to the QA managers to decide")
            return redirect("cases:case_detail", case_id=case.pk)
    return _change_page(request, case, form, names, propose=True)


@access.signed_in(Role.QA_MANAGER)
def decide_change(request, case_id: int):
    case = edge.case_or_404(request.user, case_id)
    if refusal := edge.refusal_to_decide(request.user, case):
        return refusal
    names = presenters.level_names(case.ladder)
    form = forms.ChangeForm(
        edge.posted(request),
        initial={"seen_revision": case.revision},
        state=presenters.case_state(case),
        level_names=names,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == ProposalKind.CLOSE:
                services.close_case(
                    actor=request.user,
                    case=case,
                    reason=data["reason"],
                    seen_revision=data["seen_revision"],
                    now=edge.now(),
                )
            else:
                decide = (
                    services.escalate_case
                    if data["kind"] == ProposalKind.ESCALATE
                    else services.de_escalate_case
                )
                decide(
                    actor=request.user,
                    case=case,
                    level=data["level"],
                    reason=data["reason"],
                    seen_revision=data["seen_revision"],
                    now=edge.now(),
                )
        except errors.CaseChanged as error:
            case = edge.case_or_404(request.user, case_id)
            form = edge.rebind_revision(
                forms.ChangeForm,
                request,
                error.current_revision,
                state=presenters.case_state(case),
                level_names=names,
            )
            edge.put_error(form, error)
        except errors.CaseError as error:
            edge.put_error(form, error)
        else:
            _say_what_happened(request, case_id)
            return redirect("cases:case_detail", case_id=case.pk)
    return _change_page(request, case, form, names, propose=False)


def _say_what_happened(request, case_id: int) -> None:
    change = queries.latest_change(case_id)
    if change is None:
        return
    if change.decision == "closed":
        messages.success(request, "The case has been closed")
    elif change.decision == "escalated":
        text = f"The case has been escalated to level {change.level}"
        if change.level == ladder.SUSPENSION_LEVEL:
            text += ": new placements are suspended. Write the suspension letter"
        messages.success(request, text)
    elif change.decision == "de_escalated":
        messages.success(request, f"The case has been stepped down to level {change.level}")
    else:
        messages.success(request, f"The case has been opened at level {change.level}")


def _change_page(request, case, form, names, *, propose: bool):
    return render(
        request,
        "cases/case_change.html",
        {
            "page_title": ("Propose a change to case " if propose else "Decide on case ") + str(case.pk),
            "case": case,
            "subject": presenters.case_subject(case),
            "level": presenters.level_tag(case.level, names),
            "levels": presenters.level_criteria(case.organisation),
            "form": form,
            "propose": propose,
            "back": reverse("cases:case_detail", kwargs={"case_id": case.pk}),
        },
    )


@access.signed_in(Role.QA_MANAGER)
def proposal_decide(request, proposal_id: int):
    proposal = edge.proposal_or_404(request.user, proposal_id)
    if proposal.case is not None:
        if refusal := edge.refusal_to_decide(request.user, proposal.case):
            return refusal
    elif request.user.organisation_id != proposal.organisation_id:
        if request.user.is_superuser:
            return redirect("cases:case_list")
        raise PermissionDenied("Only a QA manager of the council that owns this proposal decides.")
    case = proposal.case
    form = forms.ProposalDecisionForm(
        edge.posted(request), initial={"seen_revision": case.revision if case else None}
    )
    pending = proposal.status == proposal.Status.PENDING
    if request.method == "POST" and pending and form.is_valid():
        data = form.cleaned_data
        try:
            decided = services.decide_proposal(
                actor=request.user,
                proposal=proposal,
                accept=data["accept"] == "yes",
                reason=data["reason"],
                seen_revision=data["seen_revision"] if case else None,
                now=edge.now(),
            )
        except errors.CaseChanged as error:
            proposal = edge.proposal_or_404(request.user, proposal_id)
            form = edge.rebind_revision(forms.ProposalDecisionForm, request, error.current_revision)
            edge.put_error(form, error)
        except errors.CaseError as error:
            edge.put_error(form, error)
        else:
            if data["accept"] == "yes" and decided.case_id:
                _say_what_happened(request, decided.case_id)
                return redirect("cases:case_detail", case_id=decided.case_id)
            messages.success(request, "You declined the proposal")
            return (
                redirect("cases:case_detail", case_id=decided.case_id)
                if decided.case_id
                else redirect("cases:task_list")
            )
    names = (
        presenters.level_names(case.ladder) if case else presenters.council_level_names(proposal.organisation)
    )
    locations = queries.proposal_locations(proposal) if case is None else queries.case_locations(case)
    return render(
        request,
        "cases/proposal_decide.html",
        {
            "page_title": f"Decide: {proposal.get_kind_display().lower()}",
            "proposal": proposal,
            "pending": pending,
            "case": case,
            "subject": presenters.case_subject(case)
            if case
            else ", ".join(location.name for location in locations),
            "locations": locations,
            "current": presenters.level_tag(case.level, names) if case else None,
            "target": presenters.level_tag(proposal.level, names) if proposal.level else None,
            "target_criteria": next(
                (
                    level["entry_criteria"]
                    for level in presenters.level_criteria(proposal.organisation)
                    if level["code"] == proposal.level
                ),
                "",
            ),
            "evidence": list(queries.proposal_evidence(proposal)),
            "proposed_by": presenters.person_name(proposal.proposed_by)
            if proposal.proposed_by
            else f"carewatch ({proposal.get_trigger_display()})",
            "decided_by": presenters.person_name(proposal.decided_by) if proposal.decided_by else "",
            "own_proposal": proposal.proposed_by_id == request.user.pk,
            "four_eyes": proposal.organisation.four_eyes,
            "form": form,
            "back": reverse("cases:case_detail", kwargs={"case_id": case.pk})
            if case
            else reverse("cases:task_list"),
        },
    )
