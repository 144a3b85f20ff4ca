"""The case list, a case's page, proposing a case or a change, and a QA manager's decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import redirect, render
from django.urls import reverse

from carewatch.cases import errors, forms, ladder, presenters, queries, services
from carewatch.cases.ladder import ProposalKind
from carewatch.cases.models import CaseEvidence
from carewatch.cases.views import _lookups
from carewatch.cases.views._common import (
    now,
    posted,
    put_error,
    rebind_revision,
    refusal_to_act,
    refusal_to_decide,
    today,
)
from carewatch.core import access, audit_queries
from carewatch.core.roles import Role

READERS = (Role.QA_OFFICER, Role.QA_MANAGER, Role.COMMISSIONER)
PROPOSERS = (Role.QA_OFFICER, Role.QA_MANAGER)
PAGE_SIZE = 50


def _level_names(organisation) -> dict[str, str]:
    """Level names on the council's current ladder (the default template before its first case)."""
    version = queries.current_ladder(organisation) if organisation is not None else None
    if version is None:
        return {level.code: level.name for level in ladder.DEFAULT_TEMPLATE.levels}
    return presenters.level_names(version)


def _level_criteria(organisation) -> list[dict]:
    version = queries.current_ladder(organisation) if organisation is not None else None
    spec = queries.ladder_spec(version) if version is not None else ladder.DEFAULT_TEMPLATE
    return [
        {"code": level.code, "name": level.name, "entry_criteria": level.entry_criteria}
        for level in sorted(spec.levels, key=lambda level: ladder.RANK[level.code])
    ]


@access.signed_in(*READERS)
def case_list(request):
    form = forms.CaseFilterForm(request.GET or None)
    cases = (
        form.apply(queries.cases_visible_to(request.user), today=today())
        .prefetch_related("locations", "ladder__levels")
        .order_by(F("next_due_on").asc(nulls_last=True), "-opened_at", "-id")
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/case_list.html",
        {
            "page_title": "Cases",
            "form": form,
            "page": page,
            "rows": presenters.case_rows(page.object_list, today=today()),
            "can_propose": request.user.has_role(*PROPOSERS) and request.user.organisation_id is not None,
            "can_edit_letters": request.user.has_role(Role.QA_MANAGER),
        },
    )


@access.signed_in(*READERS)
def case_detail(request, case_id: int):
    case = _lookups.case_or_404(request.user, case_id)
    view = presenters.case_page(case, user=request.user, today=today())
    return render(
        request,
        "cases/case_detail.html",
        {
            "page_title": f"Case {case.pk}: {view.subject}",
            "case": case,
            "view": view,
            "today": today(),
            "timeline": audit_queries.timeline_for("case", case.pk, visible_to=request.user),
        },
    )


@access.signed_in(*PROPOSERS)
def propose_opening(request):
    organisation = request.user.organisation
    if organisation is None:
        return redirect("cases:case_list")
    location_id = (request.POST.get("location") or request.GET.get("location") or "").strip()
    location = _lookups.location_or_none(location_id) if location_id else None
    others = _lookups.other_locations(location, organisation) if location else []
    form = forms.ProposeOpeningForm(
        posted(request),
        initial={"location": location_id},
        level_names=_level_names(organisation),
        other_locations=others,
        location_known=location is not None,
    )
    if request.method == "POST" and form.is_valid():
        if location is None:
            form.add_error("location", "There is no service with that CQC location ID")
        else:
            chosen = [location, *_lookups.locations_by_id(form.cleaned_data.get("also") or [])]
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
                    now=now(),
                )
            except errors.CaseError as error:
                put_error(form, error)
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


@access.signed_in(*PROPOSERS)
def propose_change(request, case_id: int):
    case = _lookups.case_or_404(request.user, case_id)
    if refusal := refusal_to_act(request.user, case):
        return refusal
    names = presenters.level_names(case.ladder)
    form = forms.ChangeForm(
        posted(request), initial={"seen_revision": case.revision}, state=_state(case), level_names=names
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_change(
                actor=request.user,
                case=case,
                kind=form.cleaned_data["kind"],
                level=form.cleaned_data["level"],
                reason=form.cleaned_data["reason"],
                now=now(),
            )
        except errors.CaseError as error:
            put_error(form, error)
        else:
            messages.success(request, "Your proposal has been sent to the QA managers to decide")
            return redirect("cases:case_detail", case_id=case.pk)
    return _change_page(request, case, form, names, propose=True)


@access.signed_in(Role.QA_MANAGER)
def decide_change(request, case_id: int):
    case = _lookups.case_or_404(request.user, case_id)
    if refusal := refusal_to_decide(request.user, case):
        return refusal
    names = presenters.level_names(case.ladder)
    form = forms.ChangeForm(
        posted(request), initial={"seen_revision": case.revision}, state=_state(case), level_names=names
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
                    now=now(),
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
                    now=now(),
                )
        except errors.CaseChanged as error:
            case = _lookups.case_or_404(request.user, case_id)
            form = rebind_revision(
                forms.ChangeForm, request, error.current_revision, state=_state(case), level_names=names
            )
            put_error(form, error)
        except errors.CaseError as error:
            put_error(form, error)
        else:
            _say_what_happened(request, case_id)
            return redirect("cases:case_detail", case_id=case.pk)
    return _change_page(request, case, form, names, propose=False)


def _state(case) -> str:
    return case.level if case.is_open else ladder.CLOSED


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
            "levels": _level_criteria(case.organisation),
            "form": form,
            "propose": propose,
            "back": reverse("cases:case_detail", kwargs={"case_id": case.pk}),
        },
    )


@access.signed_in(Role.QA_MANAGER)
def proposal_decide(request, proposal_id: int):
    proposal = _lookups.proposal_or_404(request.user, proposal_id)
    if proposal.case is not None:
        if refusal := refusal_to_decide(request.user, proposal.case):
            return refusal
    elif request.user.organisation_id != proposal.organisation_id:
        if request.user.is_superuser:
            return redirect("cases:case_list")
        raise PermissionDenied("Only a QA manager of the council that owns this proposal decides.")
    case = proposal.case
    form = forms.ProposalDecisionForm(
        posted(request), initial={"seen_revision": case.revision if case else None}
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
                now=now(),
            )
        except errors.CaseChanged as error:
            proposal = _lookups.proposal_or_404(request.user, proposal_id)
            form = rebind_revision(forms.ProposalDecisionForm, request, error.current_revision)
            put_error(form, error)
        except errors.CaseError as error:
            put_error(form, error)
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
    names = presenters.level_names(case.ladder) if case else _level_names(proposal.organisation)
    locations = (
        list(proposal.locations.order_by("name", "id"))
        if case is None
        else sorted(case.locations.all(), key=lambda location: (location.name, location.pk))
    )
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
                    for level in _level_criteria(proposal.organisation)
                    if level["code"] == proposal.level
                ),
                "",
            ),
            "evidence": list(proposal.evidence.order_by("added_at", "id")),
            "proposed_by": presenters.person_name(proposal.proposed_by)
            if proposal.proposed_by
            else f"carewatch ({proposal.get_trigger_display()})",
            "decided_by": presenters.person_name(proposal.decided_by) if proposal.decided_by else "",
            "form": form,
            "back": reverse("cases:case_detail", kwargs={"case_id": case.pk})
            if case
            else reverse("cases:task_list"),
        },
    )
