"""Action plan pages for council QA staff: the provider's plan for a visit, accepting it or sending it
back with reasons. (The provider writes its plan on the report pages, ``views.reports``.)"""

from __future__ import annotations

from django.shortcuts import redirect

from carewatch.core import http
from carewatch.monitoring import presenters, queries, services
from carewatch.monitoring.forms import plans as forms
from carewatch.monitoring.models import PlanState
from carewatch.monitoring.views.edge import COUNCIL_STAFF, OFFICERS, confirm, visit_for


@COUNCIL_STAFF
def plan_detail(request, visit_id):
    """The provider's action plan for a visit; QA officers and managers accept it here."""
    visit = visit_for(request, visit_id)
    plan = queries.action_plan_of(visit)
    if plan is None:
        return redirect("monitoring:visit_detail", visit_id=visit.pk)
    response = confirm(
        request,
        visit,
        page_title="Action plan",
        template="monitoring/plan_detail.html",
        call=lambda: services.accept_action_plan(plan=plan, actor=request.user, now=http.now()),
        done=lambda accepted: (
            "Action plan accepted"
            + (
                f": a follow-up visit is scheduled for {presenters.long_date(accepted.follow_up_visit.visit_on)}"
                if accepted.follow_up_visit
                else ""
            )
        ),
        extra={
            "plan": plan,
            "groups": presenters.plan_groups(plan),
            "decidable": plan.status in (PlanState.SUBMITTED, PlanState.RESUBMITTED)
            and presenters.can_act(request.user, visit),
        },
    )
    return response or redirect("monitoring:plan_detail", visit_id=visit.pk)


@OFFICERS
def plan_return(request, visit_id):
    visit = visit_for(request, visit_id)
    plan = queries.action_plan_of(visit)
    if plan is None:
        return redirect("monitoring:visit_detail", visit_id=visit.pk)
    form = forms.ReturnPlanForm(http.posted(request))
    response = confirm(
        request,
        visit,
        page_title="Send the action plan back",
        template="monitoring/plan_return.html",
        form=form,
        call=lambda: services.return_action_plan(
            plan=plan, actor=request.user, reasons=form.cleaned_data["reasons"], now=http.now()
        ),
        extra={"plan": plan},
        done="Action plan sent back to the provider with your reasons",
    )
    return response or redirect("monitoring:plan_detail", visit_id=visit.pk)
