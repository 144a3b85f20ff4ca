"""Scheduling visits, and what an officer does with a scheduled one: start it (it becomes a draft report),
reschedule it or cancel it (with a reason, kept in its history). Thin views: parse, make one domain call,
say what happened (a success banner) and redirect."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from carewatch.core import http
from carewatch.monitoring import errors, presenters, queries, services
from carewatch.monitoring.forms import visits as forms
from carewatch.monitoring.models import VisitState
from carewatch.monitoring.views.edge import OFFICERS, confirm, visit_for


@OFFICERS
def visit_schedule(request):
    organisation = request.user.organisation
    locations = {location.pk: location for location in queries.locations_to_visit(organisation)}
    officers = {str(request.user.pk): request.user} | {
        str(person.pk): person for person in queries.qa_colleagues(organisation, besides=request.user)
    }
    form = forms.ScheduleForm(
        http.posted(request),
        locations=locations.values(),
        officers=officers.values(),
        initial={"officers": [str(request.user.pk)]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.schedule_visit(
                organisation=organisation,
                actor=request.user,
                location=locations[data["location"]],
                visit_on=data["visit_on"],
                kind=data["kind"],
                announced=data["announced"] == "yes",
                officers=[officers[pk] for pk in data["officers"]],
                now=http.now(),
            )
        except errors.MonitoringError as error:
            http.put_error(form, error)
        else:
            messages.success(
                request,
                f"Visit to {visit.location.name} scheduled for {presenters.long_date(visit.visit_on)}",
            )
            return redirect("monitoring:visit_detail", visit_id=visit.pk)
    return render(request, "monitoring/visit_schedule.html", {"page_title": "Schedule a visit", "form": form})


def _scheduled(request, visit_id):
    """The visit, or None when it is no longer scheduled (the caller goes back to the visit page)."""
    visit = visit_for(request, visit_id)
    return visit if visit.status == VisitState.SCHEDULED else None


@OFFICERS
def visit_start(request, visit_id):
    visit = _scheduled(request, visit_id)
    if visit is None:
        return redirect("monitoring:visit_detail", visit_id=visit_id)
    form = forms.StartForm(http.posted(request), initial={"visit_on": timezone.localdate(http.now())})
    response = confirm(
        request,
        visit,
        page_title="Start the visit",
        template="monitoring/visit_start.html",
        form=form,
        call=lambda: services.start_visit(
            visit=visit, actor=request.user, visit_on=form.cleaned_data["visit_on"], now=http.now()
        ),
    )
    if response:
        return response
    messages.success(request, "Visit started: record the answers and findings in its draft report")
    return redirect("monitoring:visit_detail", visit_id=visit.pk)


@OFFICERS
def visit_reschedule(request, visit_id):
    visit = _scheduled(request, visit_id)
    if visit is None:
        return redirect("monitoring:visit_detail", visit_id=visit_id)
    planned_on = visit.visit_on
    form = forms.RescheduleForm(http.posted(request))
    response = confirm(
        request,
        visit,
        page_title="Reschedule the visit",
        template="monitoring/visit_reschedule.html",
        form=form,
        call=lambda: services.reschedule_visit(
            visit=visit,
            actor=request.user,
            visit_on=form.cleaned_data["visit_on"],
            reason=form.cleaned_data["reason"],
            now=http.now(),
        ),
        extra={"planned_on": planned_on},
    )
    if response:
        return response
    messages.success(
        request,
        f"Visit rescheduled from {presenters.long_date(planned_on)} "
        f"to {presenters.long_date(form.cleaned_data['visit_on'])}",
    )
    return redirect("monitoring:visit_detail", visit_id=visit.pk)


@OFFICERS
def visit_cancel(request, visit_id):
    visit = _scheduled(request, visit_id)
    if visit is None:
        return redirect("monitoring:visit_detail", visit_id=visit_id)
    form = forms.CancelForm(http.posted(request))
    response = confirm(
        request,
        visit,
        page_title="Cancel the visit",
        template="monitoring/visit_cancel.html",
        form=form,
        call=lambda: services.cancel_visit(
            visit=visit, actor=request.user, reason=form.cleaned_data["reason"], now=http.now()
        ),
    )
    if response:
        return response
    messages.success(request, f"Visit to {visit.location.name} cancelled")
    return redirect("monitoring:visit_detail", visit_id=visit.pk)
