"""Report pages for a provider's users: the reports sent to them with the answers and evidence behind each
rating, commenting on factual accuracy (on the report or one question, with evidence files), and writing
and submitting their action plans. A report the provider may not see is a 404. Downloading an evidence
file is for the council that owns the visit and the provider's users."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from carewatch.core import access, http
from carewatch.monitoring import attachments, presenters, queries, services
from carewatch.monitoring.forms import plans as plan_forms
from carewatch.monitoring.forms import reports as forms
from carewatch.monitoring.models import CommentResponse, PlanState
from carewatch.monitoring.views.edge import PROVIDER_USERS, confirm, report_for

EVIDENCE_READERS = access.signed_in(*access.COUNCIL_STAFF, *access.PROVIDER_ROLES)


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
    """The report as the council sent it: ratings, then under each standard the questions, the answers, the
    officers' notes and findings, and the comments on each; comment links only for a provider manager while
    the window is open."""
    report = report_for(request, report_id)
    comments = queries.provider_comments(report)
    findings = queries.findings(report)
    today = timezone.localdate(http.now())
    return render(
        request,
        "monitoring/report_detail.html",
        {
            "page_title": f"Report: {presenters.visit_title(report)}",
            "visit": report,
            "kind": presenters.visit_kind(report),
            "rating": presenters.rating(report),
            "standards": presenters.standard_ratings(report),
            "sections": presenters.report_sections(report, queries.answers(report), findings, comments),
            "findings": [finding for finding in findings if finding.question_id is None],
            "comments": [comment for comment in comments if comment.question_id is None],
            "plan": queries.action_plan_of(report),
            "tag": presenters.STATUS_TAG.get(report.status, ""),
            "status_note": presenters.status_note(report, today=today, provider=True),
            "commentable": presenters.may_comment(request.user, report, today=today),
        },
    )


@PROVIDER_USERS
def report_comment(request, report_id):
    """Accept or dispute the draft, or one question of it (``?question=<code>``), with evidence files."""
    report = report_for(request, report_id)
    code = (request.POST if request.method == "POST" else request.GET).get("question", "")
    answer = None
    if code:
        answer = next((a for a in queries.answers(report) if a.question.code == code), None)
        if answer is None:
            raise Http404("No such question in this report")
    form = forms.CommentForm(http.posted(request), request.FILES or None, initial={"question": code})
    response = confirm(
        request,
        report,
        page_title="Comment on a question" if answer else "Comment on factual accuracy",
        template="monitoring/report_comment.html",
        form=form,
        call=lambda: services.add_provider_comment(
            visit=report,
            actor=request.user,
            response=form.cleaned_data["response"],
            text=form.cleaned_data["text"],
            question=code or None,
            files=form.cleaned_data["evidence"],
            now=http.now(),
        ),
        extra={
            "answer": answer,
            "answer_rating": (queries.rating_label(answer.rating) or "Not assessed") if answer else "",
            "max_files": attachments.max_files(),
        },
        done=_comment_sent,
    )
    if response is not None:
        return response
    anchor = f"#question-{code}" if code else ""
    return redirect(reverse("monitoring:report_detail", kwargs={"report_id": report.pk}) + anchor)


def _comment_sent(comment) -> str:
    if comment.question is None:
        if comment.response == CommentResponse.ACCEPTED:
            return "Your comments have been sent to the council"
        return "Your comments have been sent: a senior officer at the council will review the dispute"
    sent = f"Your comment on question {comment.question.code} has been sent to the council"
    if comment.response == CommentResponse.DISPUTED:
        sent += ": a senior officer will review the dispute"
    return sent


@EVIDENCE_READERS
def evidence_download(request, evidence_id):
    """An evidence file, as an attachment under its safe name, to the council that owns the visit and the
    provider's users; anyone else is refused (404, audited)."""
    evidence = queries.evidence_file_for(request.user, evidence_id)
    if evidence is None:
        services.refuse_evidence_download(actor=request.user, evidence_id=evidence_id, now=http.now())
        raise Http404("No such evidence file")
    try:
        stream = attachments.storage().open(evidence.stored_name, "rb")
    except OSError:
        raise Http404("The evidence file is missing") from None
    response = FileResponse(
        stream, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


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
