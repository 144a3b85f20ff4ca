"""Reads of action plans: the council's (``action_plans_for``, scoped through ``core.access``), a
provider's own (``action_plans_for_provider``), their actions, and what is overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from carewatch.core import access
from carewatch.core.models import Organisation, User
from carewatch.monitoring import lifecycle
from carewatch.monitoring.models import (
    ActionPlan,
    ActionPlanStatus,
    ActionState,
    PlanAction,
    PlanState,
    Visit,
)


def action_plans_for(user: User) -> QuerySet[ActionPlan]:
    """Action plans of visits the user's council owns or is shared."""
    return (
        access.owners_for(user)
        .filter(ActionPlan.objects.all(), "organisation")
        .select_related("location", "visit")
    )


def action_plans_for_provider(user: User) -> QuerySet[ActionPlan]:
    """A provider's users: the action plans of their own locations."""
    return ActionPlan.objects.filter(
        access.provider_location_filter(user, location_field="location")
    ).select_related("location", "visit")


def action_plan_of(visit: Visit) -> ActionPlan | None:
    """The action plan requested after the visit's report, if any."""
    return ActionPlan.objects.filter(visit=visit).first()


def plan_actions(plan: ActionPlan) -> list[PlanAction]:
    return list(
        PlanAction.objects.filter(plan=plan)
        .select_related("finding")
        .prefetch_related("updates")
        .order_by("finding_id", "due_on", "id")
    )


def last_return(plan: ActionPlan) -> ActionPlanStatus | None:
    """The latest time officers sent the plan back (with their reasons), if ever."""
    return ActionPlanStatus.objects.filter(plan=plan, status=PlanState.RETURNED).order_by("-sequence").first()


@dataclass(frozen=True)
class OverduePlan:
    """A plan the provider owes after its due date, or a submitted plan with actions past their dates."""

    plan: ActionPlan
    location_id: str
    reason: str  # "plan_overdue" or "actions_overdue"
    due_on: date  # the plan's due date, or the earliest overdue action's
    days_overdue: int
    overdue_actions: tuple[PlanAction, ...] = ()

    @property
    def object_id(self) -> str:
        return f"monitoring.actionplan:{self.plan.pk}:{self.reason}"


def overdue_action_plans(organisation: Organisation, today: date) -> list[OverduePlan]:
    """Everything a provider owes the council late, as of ``today`` (strictly after the due date):

    - plans requested or returned and not (re)submitted by ``due_on`` → ``plan_overdue``;
    - submitted or accepted plans with actions not done by their due date → ``actions_overdue``.
    """
    found: list[OverduePlan] = []
    owed = ActionPlan.objects.filter(
        organisation=organisation, status__in=lifecycle.OWED_PLAN_STATES, due_on__lt=today
    )
    for plan in owed.select_related("location").order_by("due_on", "id"):
        found.append(
            OverduePlan(
                plan=plan,
                location_id=plan.location_id,
                reason="plan_overdue",
                due_on=plan.due_on,
                days_overdue=(today - plan.due_on).days,
            )
        )
    late_actions = (
        PlanAction.objects.filter(
            plan__organisation=organisation,
            plan__status__in=[PlanState.SUBMITTED, PlanState.RESUBMITTED, PlanState.ACCEPTED],
            submitted=True,
            due_on__lt=today,
        )
        .exclude(status=ActionState.DONE)
        .select_related("plan__location")
        .order_by("plan_id", "due_on", "id")
    )
    by_plan: dict[int, list[PlanAction]] = {}
    for action in late_actions:
        by_plan.setdefault(action.plan_id, []).append(action)
    for actions in by_plan.values():
        plan = actions[0].plan
        earliest = min(action.due_on for action in actions)
        found.append(
            OverduePlan(
                plan=plan,
                location_id=plan.location_id,
                reason="actions_overdue",
                due_on=earliest,
                days_overdue=(today - earliest).days,
                overdue_actions=tuple(actions),
            )
        )
    return sorted(found, key=lambda item: (item.due_on, item.plan.pk, item.reason))
