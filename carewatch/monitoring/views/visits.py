"""Visit pages for council QA staff: the list, recording a visit, its answers and findings, sending the
draft, a senior officer's review of a dispute, publishing the report. Thin views: parse, make one domain
call, render or redirect. A visit the person's council may not see is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from carewatch.core import http, pagination
from carewatch.core.roles import Role
from carewatch.monitoring import errors, presenters, queries, services
from carewatch.monitoring.forms import reports as report_forms
from carewatch.monitoring.forms import visits as forms
from carewatch.monitoring.models import CommentResponse, VisitState
from carewatch.monitoring.views.edge import (
    COUNCIL_STAFF,
    OFFICERS,
    SENIOR_OFFICERS,
    confirm,
    visit_for,
)

PAGE_SIZE = 25


@COUNCIL_STAFF
def visit_list(request):
    """The visits the person's council may see: filtered by status, officer and date, latest first (or
    earliest), 25 a page. A filter that does not make sense is an error summary, never the whole list."""
    today = timezone.localdate(http.now())
    form = forms.VisitFilterForm(request.GET, officers=queries.qa_officers(request.user.organisation))
    valid = form.is_valid()
    visits = queries.visit_list(request.user, today=today, **form.filters()) if valid else queries.no_visits()
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    filtered = valid and any(form.cleaned_data.get(name) for name in ("status", "officer", "since", "until"))
    return render(
        request,
        "monitoring/visit_list.html",
        {
            "page_title": "Visits",
            "form": form,
            "page": page,
            "page_numbers": pagination.page_numbers(page),
            "rows": presenters.visit_rows(page.object_list, today=today),
            "filtered": filtered,
            "oldest_first": valid and form.cleaned_data.get("sort") == forms.OLDEST,
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
    form = forms.VisitForm(http.posted(request), locations=locations.values(), colleagues=colleagues.values())
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
                now=http.now(),
            )
        except errors.MonitoringError as error:
            http.put_error(form, error)
        else:
            messages.success(request, "Visit recorded: record the answers and findings in its draft report")
            return redirect("monitoring:visit_detail", visit_id=visit.pk)
    return render(request, "monitoring/visit_create.html", {"page_title": "Record a visit", "form": form})


@COUNCIL_STAFF
def visit_detail(request, visit_id):
    visit = visit_for(request, visit_id)
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
            "findings": queries.findings(visit),
            "comments": queries.provider_comments(visit),
            "plan": queries.action_plan_of(visit),
            "tag": presenters.STATUS_TAG.get(visit.status, ""),
            "status_note": presenters.status_note(visit, today=timezone.localdate(http.now())),
            "history": presenters.history_rows(visit),
            "schedulable": can_act and visit.status == VisitState.SCHEDULED,
            "editable": can_act and visit.status == VisitState.DRAFT,
            "publishable": can_act
            and visit.status in (VisitState.SENT, VisitState.ACCEPTED, VisitState.REVIEWED),
            "reviewable": presenters.may_review(request.user, visit),
            "can_act": can_act,
            "reviews": [
                (review, [code for code in review.changes if code != "overall"])
                for review in queries.dispute_reviews(visit)
            ],
        },
    )


@SENIOR_OFFICERS
def visit_review(request, visit_id):
    """A senior officer (a QA manager who did not carry out the visit) upholds the disputed draft or amends
    answers; the service refuses anyone else, and its message is shown."""
    visit = visit_for(request, visit_id)
    if visit.status != VisitState.DISPUTED:
        return redirect("monitoring:visit_detail", visit_id=visit.pk)
    disputes = [c for c in queries.provider_comments(visit) if c.response == CommentResponse.DISPUTED]
    answers = presenters.disputed_answers(queries.answers(visit), disputes)
    form = report_forms.ReviewForm(http.posted(request), answers=answers)
    response = confirm(
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
            now=http.now(),
        ),
        done="Dispute reviewed: the report can now be published",
        extra={
            "disputes": disputes,
            "rating": presenters.rating(visit),
            "groups": presenters.review_groups(form, answers),
            "whole_report": not any(comment.question_id for comment in disputes),
        },
    )
    return response or redirect("monitoring:visit_detail", visit_id=visit.pk)


@OFFICERS
def visit_answers(request, visit_id):
    visit = visit_for(request, visit_id)
    if visit.status != VisitState.DRAFT:
        return redirect("monitoring:visit_detail", visit_id=visit.pk)
    questions = queries.questions(visit.framework_version)
    existing = {answer.question_id: answer for answer in queries.answers(visit)}
    form = forms.AnswersForm(http.posted(request), questions=questions, existing=existing)
    if request.method == "POST" and form.is_valid():
        try:
            rated = services.record_answers(
                visit=visit, actor=request.user, answers=form.answers(), now=http.now()
            )
        except errors.MonitoringError as error:
            http.put_error(form, error)
        else:
            messages.success(request, f"Answers saved: the draft is rated {presenters.rating(rated)}")
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
    visit = visit_for(request, visit_id)
    if visit.status != VisitState.DRAFT:
        return redirect("monitoring:visit_detail", visit_id=visit.pk)
    form = forms.FindingForm(http.posted(request), questions=queries.questions(visit.framework_version))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            finding = services.add_finding(
                visit=visit,
                actor=request.user,
                text=data["text"],
                severity=data["severity"],
                question=data["question"],
                now=http.now(),
            )
        except errors.MonitoringError as error:
            http.put_error(form, error)
        else:
            messages.success(request, "Finding added: confirm its theme")
            return redirect("monitoring:finding_theme", visit_id=visit.pk, finding_id=finding.pk)
    return render(
        request,
        "monitoring/finding_add.html",
        {"page_title": "Add a finding", "visit": visit, "form": form, "title": presenters.visit_title(visit)},
    )


@OFFICERS
def finding_theme(request, visit_id, finding_id):
    visit = visit_for(request, visit_id)
    finding = next((item for item in queries.findings(visit) if item.pk == finding_id), None)
    if finding is None:
        raise Http404("No such finding")
    choices, top = presenters.theme_choices(visit.organisation, finding.text)
    chosen = finding.theme.slug if finding.theme_confirmed_at and finding.theme else top
    form = forms.ThemeForm(http.posted(request), choices=choices, initial={"theme": chosen})
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_finding_theme(
                finding=finding, actor=request.user, theme=form.cleaned_data["theme"], now=http.now()
            )
        except errors.MonitoringError as error:
            http.put_error(form, error)
        else:
            messages.success(request, "Theme of the finding confirmed")
            return redirect("monitoring:visit_detail", visit_id=visit.pk)
    return render(
        request,
        "monitoring/finding_theme.html",
        {"page_title": "Confirm the theme", "visit": visit, "finding": finding, "form": form},
    )


@OFFICERS
def visit_send(request, visit_id):
    visit = visit_for(request, visit_id)
    response = confirm(
        request,
        visit,
        page_title="Send the draft to the provider",
        template="monitoring/visit_send.html",
        call=lambda: services.send_draft_to_provider(visit=visit, actor=request.user, now=http.now()),
        extra={"findings": queries.findings(visit), "rating": presenters.rating(visit)},
        done=lambda sent: (
            "Draft sent to the provider: comments are due by " + presenters.long_date(sent.comments_due_on)
        ),
    )
    return response or redirect("monitoring:visit_detail", visit_id=visit.pk)


@OFFICERS
def visit_publish(request, visit_id):
    visit = visit_for(request, visit_id)
    form = report_forms.PublishForm(http.posted(request), initial={"public_summary": visit.public_summary})
    response = confirm(
        request,
        visit,
        page_title="Publish the report",
        template="monitoring/visit_publish.html",
        form=form,
        call=lambda: services.publish_report(
            visit=visit,
            actor=request.user,
            public_summary=form.cleaned_data["public_summary"],
            now=http.now(),
        ),
        extra={"rating": presenters.rating(visit)},
        done="Report published",
    )
    return response or redirect("monitoring:visit_detail", visit_id=visit.pk)
