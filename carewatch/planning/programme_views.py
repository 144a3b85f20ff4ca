"""The visit programme pages: the council's policy, officers' capacity, proposed programmes (generate,
move, remove, add, approve) for QA managers; each officer's diary and its iCalendar file (docs/planning.md).
Thin views: parse, one domain call, render or redirect."""

from __future__ import annotations

from datetime import timedelta

import icalendar
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from carewatch.core import access, http
from carewatch.core.models import User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.planning import errors, forms, presenters, programme, programme_queries, programme_services

COUNCIL = [OrganisationKind.COUNCIL]
MANAGERS = access.signed_in(Role.QA_MANAGER, organisation_kinds=COUNCIL)
OFFICERS = access.signed_in(Role.QA_OFFICER, Role.QA_MANAGER, organisation_kinds=COUNCIL)
DIARY_WEEKS = 8


def _officers(request) -> dict[str, User]:
    return {str(p.pk): p for p in programme_queries.officers_of(request.user.organisation)}


@MANAGERS
def policy(request):
    organisation = request.user.organisation
    today = http.now().date()
    current, version = programme_queries.policy_in_force(organisation=organisation, as_of=today)
    form = forms.PolicyForm(http.posted(request), initial=forms.PolicyForm.initial_from(current))
    if request.method == "POST" and form.is_valid():
        try:
            saved = programme_services.set_policy(
                organisation=organisation, actor=request.user, values=form.values(), now=http.now()
            )
        except errors.InvalidPolicy as error:
            for field, problem in error.problems.items():
                form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, f"Visit policy saved as version {saved.version}")
            return redirect("planning:policy")
    return render(
        request,
        "planning/policy.html",
        {
            "page_title": "Visit policy",
            "form": form,
            "version": version,
            "history": programme_queries.policy_history(organisation)[:10],
            "categories": [form[f"unannounced_{c}"] for c in programme.CATEGORIES],
        },
    )


@MANAGERS
def officer_list(request):
    rows = programme_queries.officer_capacity(request.user.organisation)
    return render(request, "planning/officer_list.html", {"page_title": "Officers’ capacity", "rows": rows})


@MANAGERS
def officer_capacity(request, officer_id: int):
    officer = _officers(request).get(str(officer_id))
    if officer is None:
        raise Http404
    current = next(
        (
            row
            for row in programme_queries.officer_capacity(request.user.organisation)
            if row.user.pk == officer.pk
        ),
        None,
    )
    initial = {"days_per_week": current.days_per_week, "areas": ", ".join(current.areas)} if current else {}
    form = forms.CapacityForm(http.posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            programme_services.set_capacity(
                organisation=request.user.organisation,
                actor=request.user,
                officer=officer,
                days_per_week=form.cleaned_data["days_per_week"],
                areas=programme_services.parse_areas(form.cleaned_data["areas"]),
                now=http.now(),
            )
        except errors.PlanningError as error:
            http.put_error(form, error)
        else:
            messages.success(request, f"Capacity saved for {officer.get_full_name() or officer.username}")
            return redirect("planning:officer_list")
    return render(
        request,
        "planning/officer_capacity.html",
        {"page_title": f"Capacity of {officer.get_full_name() or officer.username}", "form": form},
    )


@MANAGERS
def programme_list(request):
    organisation = request.user.organisation
    today = http.now().date()
    form = forms.GenerateForm(
        http.posted(request), initial={"starts_on": today + timedelta(days=7 - today.weekday()), "weeks": "4"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = programme_services.generate_programme(
                organisation=organisation,
                actor=request.user,
                starts_on=form.cleaned_data["starts_on"],
                weeks=form.cleaned_data["weeks"],
                now=http.now(),
            )
        except errors.PlanningError as error:
            http.put_error(form, error, field=error.field if error.field != "officers" else None)
        else:
            messages.success(request, "Programme proposed: check it, change it and approve it")
            return redirect("planning:programme_detail", programme_id=plan.pk)
    no_capacity = [row for row in programme_queries.officer_capacity(organisation) if not row.days_per_week]
    return render(
        request,
        "planning/programme_list.html",
        {
            "page_title": "Visit programme",
            "form": form,
            "programmes": list(programme_queries.programmes_of(organisation)[:20]),
            "no_capacity": no_capacity,
        },
    )


def _programme(request, programme_id: int):
    plan = programme_queries.programme_for(request.user, programme_id)
    if plan is None:
        raise Http404
    return plan


@MANAGERS
def programme_detail(request, programme_id: int):
    plan = _programme(request, programme_id)
    visits = programme_queries.programme_visits(plan)
    error = None
    if request.method == "POST":
        try:
            programme_services.approve_programme(plan=plan, actor=request.user, now=http.now())
        except errors.PlanningError as exc:
            error = exc.message
        else:
            messages.success(
                request, f"Programme approved: {len(visits)} visit{pluralize(len(visits))} scheduled"
            )
            return redirect("planning:programme_detail", programme_id=plan.pk)
    return render(
        request,
        "planning/programme_detail.html",
        {
            "page_title": f"Programme from {plan.starts_on:%-d %B %Y}",
            "plan": plan,
            "days": presenters.programme_days(visits),
            "count": len(visits),
            "unannounced": sum(not v.announced for v in visits),
            "draft": plan.status == "draft",
            "approve_error": error,
        },
    )


def _item(request, programme_id: int, item_id: int):
    plan = _programme(request, programme_id)
    item = plan.visits.select_related("location", "officer", "programme").filter(pk=item_id).first()
    if item is None:
        raise Http404
    return plan, item


@MANAGERS
def visit_move(request, programme_id: int, item_id: int):
    plan, item = _item(request, programme_id, item_id)
    officers = _officers(request)
    form = forms.MoveForm(
        http.posted(request),
        officers=officers.values(),
        initial={"visit_on": item.visit_on, "officer": str(item.officer_id)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme_services.move_visit(
                item=item,
                actor=request.user,
                visit_on=form.cleaned_data["visit_on"],
                officer=officers.get(form.cleaned_data["officer"]),
                now=http.now(),
            )
        except errors.PlanningError as error:
            http.put_error(form, error)
        else:
            messages.success(request, f"Visit to {item.location.name} moved")
            return redirect("planning:programme_detail", programme_id=plan.pk)
    return render(
        request,
        "planning/visit_move.html",
        {"page_title": f"Move the visit to {item.location.name}", "form": form, "plan": plan, "item": item},
    )


@MANAGERS
def visit_remove(request, programme_id: int, item_id: int):
    plan, item = _item(request, programme_id, item_id)
    if request.method != "POST":
        return redirect("planning:visit_move", programme_id=plan.pk, item_id=item.pk)
    try:
        programme_services.remove_visit(item=item, actor=request.user, now=http.now())
    except errors.PlanningError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Visit to {item.location.name} removed from the programme")
    return redirect("planning:programme_detail", programme_id=plan.pk)


@MANAGERS
def visit_add(request, programme_id: int):
    plan = _programme(request, programme_id)
    officers = _officers(request)
    form = forms.AddForm(http.posted(request), officers=officers.values())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        location = programme_queries.location(data["location"])
        try:
            if location is None:
                raise errors.InvalidInput("There is no service with that CQC location ID", field="location")
            programme_services.add_visit(
                plan=plan,
                actor=request.user,
                location=location,
                visit_on=data["visit_on"],
                officer=officers.get(data["officer"]),
                announced=data["announced"] == "yes",
                reason=data["reason"],
                now=http.now(),
            )
        except errors.PlanningError as error:
            http.put_error(form, error)
        else:
            messages.success(request, f"Visit to {location.name} added")
            return redirect("planning:programme_detail", programme_id=plan.pk)
    return render(
        request, "planning/visit_add.html", {"page_title": "Add a visit", "form": form, "plan": plan}
    )


# --- an officer's diary ---------------------------------------------------------------------------


@OFFICERS
def diary(request):
    today = http.now().date()
    visits = programme_queries.diary(
        request.user, since=today, until=today + timedelta(weeks=DIARY_WEEKS), overdue=True, done=True
    )
    return render(
        request,
        "planning/diary.html",
        {
            "page_title": "My visit diary",
            "days": presenters.diary_days(visits, today=today),
            "today": today,
            "weeks": DIARY_WEEKS,
        },
    )


@OFFICERS
def diary_ics(request):
    """The officer's scheduled visits as an iCalendar file: for the officer's own calendar only."""
    now = http.now()
    today = timezone.localdate(now)
    visits = programme_queries.diary(request.user, since=today, until=today + timedelta(weeks=DIARY_WEEKS))
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//carewatch//visit diary//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "carewatch visits")
    for visit in visits:
        event = icalendar.Event()
        location = visit.location
        event.add("uid", f"visit-{visit.pk}@carewatch")
        event.add("dtstamp", now)
        event.add("dtstart", visit.visit_on)
        event.add("dtend", visit.visit_on + timedelta(days=1))
        kind = "Visit" if visit.announced else "Unannounced visit"
        event.add("summary", f"{kind}: {location.name}")
        event.add(
            "location", ", ".join(p for p in [location.address_line_1, location.town, location.postcode] if p)
        )
        event.add(
            "description",
            ("Announced" if visit.announced else "UNANNOUNCED: do not tell the provider")
            + f". Record it: {request.build_absolute_uri(reverse('monitoring:visit_detail', args=[visit.pk]))}",
        )
        event.add("class", "CONFIDENTIAL")
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="carewatch-visits.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
