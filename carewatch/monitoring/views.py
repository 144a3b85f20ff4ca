"""Pages for local quality monitoring: thin views that parse, make one domain call, render or redirect.

Council QA staff record visits, answers and findings, send drafts, publish reports and decide on action
plans (``visit_*``, ``finding_*``, ``plan_*``); a provider's users read the reports sent to them, comment
on factual accuracy and write their action plans (``report_*``). A record the person may not see is a 404.
"""

from __future__ import annotations

from django import forms as django_forms
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from carewatch.core import access
from carewatch.core.roles import OrganisationKind, Role
from carewatch.monitoring import errors, forms, presenters, queries, services
from carewatch.monitoring.models import CommentResponse, PlanState, VisitState

COUNCIL_STAFF = access.signed_in(*access.COUNCIL_STAFF)
OFFICERS = access.signed_in(Role.QA_OFFICER, Role.QA_MANAGER, organisation_kinds=(OrganisationKind.COUNCIL,))
PROVIDER_USERS = access.signed_in(*access.PROVIDER_ROLES)
SENIOR_OFFICERS = access.signed_in(Role.QA_MANAGER, organisation_kinds=(OrganisationKind.COUNCIL,))


def _now():
    return timezone.now()


def _posted(request):
    return request.POST if request.method == "POST" else None


def _put_error(form, error: errors.MonitoringError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _visit(request, visit_id):
    return get_object_or_404(queries.visits_for(request.user), pk=visit_id)


def _report(request, report_id):
    return get_object_or_404(queries.reports_for_provider(request.user), pk=report_id)


# --- council QA staff ----------------------------------------------------------------------------


@COUNCIL_STAFF
def visit_list(request):
    visits = queries.visits_for(request.user).order_by("-visit_on", "-id")[:200]
    return render(
        request,
        "monitoring/visit_list.html",
        {
            "page_title": "Visits",
            "rows": presenters.visit_rows(visits),
            "can_record": request.user.has_role(Role.QA_OFFICER, Role.QA_MANAGER),
        },
    )


@OFFICERS
def visit_create(request):
    organisation = request.user.organisation
    locations = {location.pk: location for location in queries.locations_to_visit(organisation)}
    colleagues = {
        str(person.pk): person for person in queries.qa_colleagues(organisation, besides=request.user)
    }
    form = forms.VisitForm(_posted(request), locations=locations.values(), colleagues=colleagues.values())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        location = locations[data["location"]]
        try:
            visit = services.create_visit(
                organisation=organisation,
                actor=request.user,
                location=location,
                visit_on=data["visit_on"],
                kind=data["kind"],
                announced=data["announced"] == "yes",
                officers=[request.user, *(colleagues[pk] for pk in data["other_officers"])],
                now=_now(),
            )
        except errors.MonitoringError as error:
            _put_error(form, error)
        else:
            return redirect("monitoring:visit_detail", visit_id=visit.pk)
    return render(request, "monitoring/visit_create.html", {"page_title": "Record a visit", "form": form})


@COUNCIL_STAFF
def visit_detail(request, visit_id):
    visit = _visit(request, visit_id)
    plan = presenters.plan_of(visit)
    can_act = presenters.can_act(request.user, visit)
    return render(
        request,
        "monitoring/visit_detail.html",
        {
            "page_title": presenters.visit_title(visit),
            "visit": visit,
            "kind": presenters.visit_kind(visit),
            "rating": presenters.rating(visit),
            "standards": presenters.standard_ratings(visit),
            "findings": presenters.findings(visit),
            "comments": presenters.comments(visit),
            "plan": plan,
            "tag": presenters.STATUS_TAG.get(visit.status, ""),
            "editable": can_act and visit.status == VisitState.DRAFT,
            "publishable": can_act
            and visit.status in (VisitState.SENT, VisitState.ACCEPTED, VisitState.REVIEWED),
            "reviewable": _may_review(request.user, visit),
            "can_act": can_act,
            "reviews": [
                (review, [code for code in review.changes if code != "overall"])
                for review in visit.dispute_reviews.select_related("reviewer").order_by("at", "id")
            ],
        },
    )


def _may_review(user, visit) -> bool:
    """Whether to offer "Review the dispute": a QA manager of the council who did not carry out the visit,
    while the draft is disputed (``services.review_dispute`` decides in the end)."""
    return (
        visit.status == VisitState.DISPUTED
        and user.organisation_id == visit.organisation_id
        and user.has_role(Role.QA_MANAGER)
        and not visit.officers.filter(pk=user.pk).exists()
    )


def _disputed_answers(visit, disputes):
    """The answers a reviewer may change: those the provider's disputed comments name, else every rated one."""
    answers = queries.answers(visit)
    named = {comment.question_id for comment in disputes if comment.question_id}
    if named:
        return [answer for answer in answers if answer.question_id in named]
    return [answer for answer in answers if answer.rating]


def _review_groups(form, answers) -> list[tuple[str, list]]:
    """("Standard 8: Management of medicines", [(rating field, "Currently: Good"), …]) for the review form."""
    current = {
        answer.question.code: queries.rating_label(answer.rating) or "Not assessed" for answer in answers
    }
    return [
        (
            f"Standard {group.number}: {group.name}",
            [(form[f"rating_{q.code}"], f"Currently: {current[q.code]}") for q in group.questions],
        )
        for group in presenters.by_standard([answer.question for answer in answers])
    ]


@SENIOR_OFFICERS
def visit_review(request, visit_id):
    """A senior officer (a QA manager who did not carry out the visit) upholds the disputed draft or amends
    answers; the service refuses anyone else, and its message is shown."""
    visit = _visit(request, visit_id)
    if visit.status != VisitState.DISPUTED:
        return redirect("monitoring:visit_detail", visit_id=visit.pk)
    disputes = [c for c in presenters.comments(visit) if c.response == CommentResponse.DISPUTED]
    answers = _disputed_answers(visit, disputes)
    form = forms.ReviewForm(_posted(request), answers=answers)
    response = _confirm(
        request,
        visit,
        page_title="Review the dispute",
        template="monitoring/visit_review.html",
        form=form,
        call=lambda: services.review_dispute(
            visit=visit,
            actor=request.user,
            outcome=form.cleaned_data["outcome"],
            reasons=form.cleaned_data["reasons"],
            changes=form.changes(),
            now=_now(),
        ),
        extra={
            "disputes": disputes,
            "rating": presenters.rating(visit),
            "groups": _review_groups(form, answers),
            "whole_report": not any(comment.question_id for comment in disputes),
        },
    )
    return response or redirect("monitoring:visit_detail", visit_id=visit.pk)


@OFFICERS
def visit_answers(request, visit_id):
    visit = _visit(request, visit_id)
    if visit.status != VisitState.DRAFT:
        return redirect("monitoring:visit_detail", visit_id=visit.pk)
    questions = queries.questions(visit.framework_version)
    existing = {answer.question_id: answer for answer in queries.answers(visit)}
    form = forms.AnswersForm(_posted(request), questions=questions, existing=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_answers(visit=visit, actor=request.user, answers=form.answers(), now=_now())
        except errors.MonitoringError as error:
            _put_error(form, error)
        else:
            return redirect("monitoring:visit_detail", visit_id=visit.pk)
    return render(
        request,
        "monitoring/visit_answers.html",
        {
            "page_title": "Record the answers",
            "visit": visit,
            "form": form,
            "groups": presenters.by_standard(questions, form),
            "title": presenters.visit_title(visit),
        },
    )


@OFFICERS
def finding_add(request, visit_id):
    visit = _visit(request, visit_id)
    if visit.status != VisitState.DRAFT:
        return redirect("monitoring:visit_detail", visit_id=visit.pk)
    form = forms.FindingForm(_posted(request), questions=queries.questions(visit.framework_version))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            finding = services.add_finding(
                visit=visit,
                actor=request.user,
                text=data["text"],
                severity=data["severity"],
                question=data["question"],
                now=_now(),
            )
        except errors.MonitoringError as error:
            _put_error(form, error)
        else:
            return redirect("monitoring:finding_theme", visit_id=visit.pk, finding_id=finding.pk)
    return render(
        request,
        "monitoring/finding_add.html",
        {"page_title": "Add a finding", "visit": visit, "form": form, "title": presenters.visit_title(visit)},
    )


@OFFICERS
def finding_theme(request, visit_id, finding_id):
    visit = _visit(request, visit_id)
    finding = next((item for item in presenters.findings(visit) if item.pk == finding_id), None)
    if finding is None:
        raise Http404("No such finding")
    choices, top = presenters.theme_choices(visit.organisation, finding.text)
    chosen = finding.theme.slug if finding.theme_confirmed_at and finding.theme else top
    form = forms.ThemeForm(_posted(request), choices=choices, initial={"theme": chosen})
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_finding_theme(
                finding=finding, actor=request.user, theme=form.cleaned_data["theme"], now=_now()
            )
        except errors.MonitoringError as error:
            _put_error(form, error)
        else:
            return redirect("monitoring:visit_detail", visit_id=visit.pk)
    return render(
        request,
        "monitoring/finding_theme.html",
        {"page_title": "Confirm the theme", "visit": visit, "finding": finding, "form": form},
    )


def _confirm(request, visit, *, page_title, template, call, form=None, extra=None):
    """A page with one button (and perhaps one form) that makes one domain call."""
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            call()
        except errors.MonitoringError as error:
            if form is None:
                form = django_forms.Form({})
                form.is_valid()
            _put_error(form, error)
        else:
            return None
    context = {"page_title": page_title, "visit": visit, "form": form, "title": presenters.visit_title(visit)}
    return render(request, template, {**context, **(extra or {})})


@OFFICERS
def visit_send(request, visit_id):
    visit = _visit(request, visit_id)
    response = _confirm(
        request,
        visit,
        page_title="Send the draft to the provider",
        template="monitoring/visit_send.html",
        call=lambda: services.send_draft_to_provider(visit=visit, actor=request.user, now=_now()),
        extra={"findings": presenters.findings(visit), "rating": presenters.rating(visit)},
    )
    return response or redirect("monitoring:visit_detail", visit_id=visit.pk)


@OFFICERS
def visit_publish(request, visit_id):
    visit = _visit(request, visit_id)
    form = forms.PublishForm(_posted(request), initial={"public_summary": visit.public_summary})
    response = _confirm(
        request,
        visit,
        page_title="Publish the report",
        template="monitoring/visit_publish.html",
        form=form,
        call=lambda: services.publish_report(
            visit=visit, actor=request.user, public_summary=form.cleaned_data["public_summary"], now=_now()
        ),
        extra={"rating": presenters.rating(visit)},
    )
    return response or redirect("monitoring:visit_detail", visit_id=visit.pk)


@COUNCIL_STAFF
def plan_detail(request, visit_id):
    """The provider's action plan for a visit; QA officers and managers accept it here."""
    visit = _visit(request, visit_id)
    plan = presenters.plan_of(visit)
    if plan is None:
        return redirect("monitoring:visit_detail", visit_id=visit.pk)
    response = _confirm(
        request,
        visit,
        page_title="Action plan",
        template="monitoring/plan_detail.html",
        call=lambda: services.accept_action_plan(plan=plan, actor=request.user, now=_now()),
        extra={
            "plan": plan,
            "groups": presenters.actions_by_finding(plan),
            "decidable": plan.status in (PlanState.SUBMITTED, PlanState.RESUBMITTED)
            and presenters.can_act(request.user, visit),
        },
    )
    return response or redirect("monitoring:plan_detail", visit_id=visit.pk)


@OFFICERS
def plan_return(request, visit_id):
    visit = _visit(request, visit_id)
    plan = presenters.plan_of(visit)
    if plan is None:
        return redirect("monitoring:visit_detail", visit_id=visit.pk)
    form = forms.ReturnPlanForm(_posted(request))
    response = _confirm(
        request,
        visit,
        page_title="Send the action plan back",
        template="monitoring/plan_return.html",
        form=form,
        call=lambda: services.return_action_plan(
            plan=plan, actor=request.user, reasons=form.cleaned_data["reasons"], now=_now()
        ),
        extra={"plan": plan},
    )
    return response or redirect("monitoring:plan_detail", visit_id=visit.pk)


# --- a provider's users --------------------------------------------------------------------------


@PROVIDER_USERS
def report_list(request):
    reports = queries.reports_for_provider(request.user).order_by("-visit_on", "-id")
    plans = {plan.visit_id: plan for plan in queries.action_plans_for_provider(request.user)}
    rows = [{**row, "plan": plans.get(row["visit"].pk)} for row in presenters.visit_rows(reports)]
    return render(
        request,
        "monitoring/report_list.html",
        {"page_title": "Reports and action plans", "rows": rows},
    )


@PROVIDER_USERS
def report_detail(request, report_id):
    report = _report(request, report_id)
    return render(
        request,
        "monitoring/report_detail.html",
        {
            "page_title": f"Report: {presenters.visit_title(report)}",
            "visit": report,
            "kind": presenters.visit_kind(report),
            "rating": presenters.rating(report),
            "standards": presenters.standard_ratings(report),
            "findings": presenters.findings(report),
            "comments": presenters.comments(report),
            "plan": presenters.plan_of(report),
            "tag": presenters.STATUS_TAG.get(report.status, ""),
            "commentable": report.status in (VisitState.SENT, VisitState.ACCEPTED, VisitState.DISPUTED),
        },
    )


@PROVIDER_USERS
def report_comment(request, report_id):
    report = _report(request, report_id)
    form = forms.CommentForm(_posted(request))
    response = _confirm(
        request,
        report,
        page_title="Comment on factual accuracy",
        template="monitoring/report_comment.html",
        form=form,
        call=lambda: services.add_provider_comment(
            visit=report,
            actor=request.user,
            response=form.cleaned_data["response"],
            text=form.cleaned_data["text"],
            now=_now(),
        ),
    )
    return response or redirect("monitoring:report_detail", report_id=report.pk)


@PROVIDER_USERS
def report_plan(request, report_id):
    """The provider writes its action plan: one or more actions per finding, then submits it."""
    report = _report(request, report_id)
    plan = presenters.plan_of(report)
    if plan is None:
        return redirect("monitoring:report_detail", report_id=report.pk)
    findings = presenters.findings(report)
    form = forms.ActionForm(_posted(request), findings=findings)
    finding = next(
        (f for f in findings if request.method == "POST" and str(f.pk) == request.POST.get("finding")), None
    )
    response = _confirm(
        request,
        report,
        page_title="Your action plan",
        template="monitoring/report_plan.html",
        form=form,
        call=lambda: services.add_plan_action(
            plan=plan,
            actor=request.user,
            finding=finding,
            description=form.cleaned_data["description"],
            owner_name=form.cleaned_data["owner_name"],
            due_on=form.cleaned_data["due_on"],
            now=_now(),
        ),
        extra={
            "plan": plan,
            "groups": presenters.actions_by_finding(plan),
            "editable": plan.status in (PlanState.REQUESTED, PlanState.RETURNED),
            "returned": queries.last_return(plan),
        },
    )
    return response or redirect("monitoring:report_plan", report_id=report.pk)


@PROVIDER_USERS
def report_plan_submit(request, report_id):
    report = _report(request, report_id)
    plan = presenters.plan_of(report)
    if plan is None:
        return redirect("monitoring:report_detail", report_id=report.pk)
    response = _confirm(
        request,
        report,
        page_title="Submit the action plan",
        template="monitoring/report_plan_submit.html",
        call=lambda: services.submit_action_plan(plan=plan, actor=request.user, now=_now()),
        extra={"plan": plan},
    )
    return response or redirect("monitoring:report_plan", report_id=report.pk)
