"""Report pages for a provider's users: the reports sent to them, commenting on factual accuracy, and
writing and submitting their action plans. A report the provider may not see is a 404."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils import timezone

from carewatch.core import http
from carewatch.monitoring import presenters, queries, services
from carewatch.monitoring.forms import plans as plan_forms
from carewatch.monitoring.forms import reports as forms
from carewatch.monitoring.models import CommentResponse, PlanState, VisitState
from carewatch.monitoring.views.edge import PROVIDER_USERS, confirm, report_for


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
    report = report_for(request, report_id)
    return render(
        request,
        "monitoring/report_detail.html",
        {
            "page_title": f"Report: {presenters.visit_title(report)}",
            "visit": report,
            "kind": presenters.visit_kind(report),
            "rating": presenters.rating(report),
            "standards": presenters.standard_ratings(report),
            "findings": queries.findings(report),
            "comments": queries.provider_comments(report),
            "plan": queries.action_plan_of(report),
            "tag": presenters.STATUS_TAG.get(report.status, ""),
            "status_note": presenters.status_note(
                report, today=timezone.localdate(http.now()), provider=True
            ),
            "commentable": report.status in (VisitState.SENT, VisitState.ACCEPTED, VisitState.DISPUTED),
        },
    )


@PROVIDER_USERS
def report_comment(request, report_id):
    report = report_for(request, report_id)
    form = forms.CommentForm(http.posted(request))
    response = confirm(
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
            now=http.now(),
        ),
        done=lambda _: (
            "Your comments have been sent to the council"
            if form.cleaned_data["response"] == CommentResponse.ACCEPTED
            else "Your comments have been sent: a senior officer at the council will review the dispute"
        ),
    )
    return response or redirect("monitoring:report_detail", report_id=report.pk)


@PROVIDER_USERS
def report_plan(request, report_id):
    """The provider writes its action plan: one or more actions per finding, then submits it."""
    report = report_for(request, report_id)
    plan = queries.action_plan_of(report)
    if plan is None:
        return redirect("monitoring:report_detail", report_id=report.pk)
    findings = queries.findings(report)
    form = plan_forms.ActionForm(http.posted(request), findings=findings)
    response = confirm(
        request,
        report,
        page_title="Your action plan",
        template="monitoring/report_plan.html",
        form=form,
        call=lambda: services.add_plan_action(
            plan=plan,
            actor=request.user,
            finding=form.chosen_finding(),
            description=form.cleaned_data["description"],
            owner_name=form.cleaned_data["owner_name"],
            due_on=form.cleaned_data["due_on"],
            now=http.now(),
        ),
        extra={
            "plan": plan,
            "groups": presenters.actions_by_finding(findings, queries.plan_actions(plan)),
            "editable": plan.status in (PlanState.REQUESTED, PlanState.RETURNED),
            "returned": queries.last_return(plan),
        },
        done="Action added to your plan",
    )
    return response or redirect("monitoring:report_plan", report_id=report.pk)


@PROVIDER_USERS
def report_plan_submit(request, report_id):
    report = report_for(request, report_id)
    plan = queries.action_plan_of(report)
    if plan is None:
        return redirect("monitoring:report_detail", report_id=report.pk)
    response = confirm(
        request,
        report,
        page_title="Submit the action plan",
        template="monitoring/report_plan_submit.html",
        call=lambda: services.submit_action_plan(plan=plan, actor=request.user, now=http.now()),
        extra={"plan": plan},
        done="Action plan submitted: the council will accept it or send it back with reasons",
    )
    return response or redirect("monitoring:report_plan", report_id=report.pk)
