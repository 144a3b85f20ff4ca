"""Action plans: the provider writes and updates them; the council's officers accept them or send them back."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction

from carewatch.core import audit
from carewatch.core.models import User
from carewatch.core.working_days import add_months
from carewatch.monitoring import errors, lifecycle, queries
from carewatch.monitoring.models import (
    ActionPlan,
    ActionPlanStatus,
    ActionState,
    ActionUpdate,
    Finding,
    PlanAction,
    PlanState,
    Visit,
    VisitKind,
)
from carewatch.monitoring.services.checks import (
    OFFICERS,
    require_provider_user,
    require_staff,
    today_of,
)
from carewatch.monitoring.services.visit_steps import schedule


def _schedule_follow_up(plan: ActionPlan, *, actor: User, now: datetime) -> Visit:
    """The follow-up visit about the council's months (default 6) after the plan is accepted."""
    months = queries.timescales(plan.organisation)["follow_up_months"]
    visit = plan.visit
    return schedule(
        organisation=plan.organisation,
        location=plan.location,
        visit_on=add_months(today_of(now), months),
        kind=VisitKind.PLANNED,
        announced=visit.announced,
        officers=[actor],
        now=now,
        actor=actor,
        framework=visit.framework_version.framework,
        note=f"Follow-up to the visit of {visit.visit_on:%-d %B %Y}",
    )


def _locked(plan: ActionPlan) -> ActionPlan:
    return (
        ActionPlan.objects.select_for_update()
        .select_related("organisation", "location", "visit")
        .get(pk=plan.pk)
    )


_PLAN_WORDS: dict[str, str] = {
    PlanState.REQUESTED: "has not been submitted yet",
    PlanState.SUBMITTED: "is with the council",
    PlanState.RESUBMITTED: "is with the council",
    PlanState.RETURNED: "was returned to the provider",
    PlanState.ACCEPTED: "has been accepted",
}


def _move(
    plan: ActionPlan,
    action: str,
    *,
    actor: User | None,
    now: datetime,
    reasons: str = "",
    due_on: date | None = None,
) -> None:
    target = lifecycle.next_plan_state(plan.status, action)
    if target is None:
        raise errors.WrongState(
            f"This action plan {_PLAN_WORDS.get(plan.status, plan.status)}: you cannot {action} it",
            state=plan.status,
            action=action,
        )
    sequence = ActionPlanStatus.objects.filter(plan=plan).count() + 1
    ActionPlanStatus.objects.create(
        plan=plan,
        sequence=sequence,
        status=target,
        at=now,
        by=actor,
        actor_label=audit.actor_label(actor),
        reasons=reasons,
        due_on=due_on,
    )
    plan.status = target


def _require_editable(plan: ActionPlan) -> None:
    if plan.status not in lifecycle.EDITABLE_PLAN_STATES:
        raise errors.WrongState(
            f"This action plan {_PLAN_WORDS.get(plan.status, plan.status)}: its actions cannot be changed now",
            state=plan.status,
            action="edit",
        )


def _check_action_fields(*, description: str, owner_name: str, due_on: date, today: date) -> tuple[str, str]:
    description, owner_name = (description or "").strip(), (owner_name or "").strip()
    if not description:
        raise errors.InvalidInput("Describe the action", field="description")
    if not owner_name:
        raise errors.InvalidInput("Say who owns the action", field="owner_name")
    if len(owner_name) > 200:
        raise errors.InvalidInput("The owner's name must be 200 characters or fewer", field="owner_name")
    if not isinstance(due_on, date) or due_on < today:
        raise errors.InvalidInput("The due date must be today or in the future", field="due_on")
    return description, owner_name


def _action_facts(action: PlanAction) -> dict[str, Any]:
    return {
        "finding": action.finding_id,
        "description": action.description,
        "owner": action.owner_name,
        "due_on": action.due_on.isoformat(),
        "status": action.status,
    }


@transaction.atomic
def add_plan_action(
    *,
    plan: ActionPlan,
    actor: User,
    finding: Finding,
    description: str,
    owner_name: str,
    due_on: date,
    now: datetime,
) -> PlanAction:
    """The provider adds an action answering one of the visit's findings (while the plan is theirs to write)."""
    plan = _locked(plan)
    require_provider_user(actor, plan.location)
    _require_editable(plan)
    if finding.visit_id != plan.visit_id:
        raise errors.InvalidInput("Choose a finding from this visit's report", field="finding")
    description, owner_name = _check_action_fields(
        description=description, owner_name=owner_name, due_on=due_on, today=today_of(now)
    )
    action = PlanAction.objects.create(
        plan=plan,
        finding=finding,
        description=description,
        owner_name=owner_name,
        due_on=due_on,
        created_at=now,
        created_by=actor,
    )
    audit.write(
        now=now,
        actor=actor,
        organisation=plan.organisation,
        action="monitoring.plan_action_added",
        object_type="monitoring.planaction",
        object_id=action.pk,
        after={"plan": plan.pk, **_action_facts(action)},
    )
    return action


@transaction.atomic
def change_plan_action(
    *,
    action: PlanAction,
    actor: User,
    now: datetime,
    description: str | None = None,
    owner_name: str | None = None,
    due_on: date | None = None,
) -> PlanAction:
    """The provider changes an action's description, owner or due date (while the plan is theirs to write)."""
    action = PlanAction.objects.select_for_update().get(pk=action.pk)
    plan = _locked(action.plan)
    require_provider_user(actor, plan.location)
    _require_editable(plan)
    before = _action_facts(action)
    action.description, action.owner_name = _check_action_fields(
        description=action.description if description is None else description,
        owner_name=action.owner_name if owner_name is None else owner_name,
        due_on=action.due_on if due_on is None else due_on,
        today=today_of(now) if due_on is not None else min(today_of(now), action.due_on),
    )
    if due_on is not None:
        action.due_on = due_on
    action.save(update_fields=["description", "owner_name", "due_on"])
    audit.write(
        now=now,
        actor=actor,
        organisation=plan.organisation,
        action="monitoring.plan_action_changed",
        object_type="monitoring.planaction",
        object_id=action.pk,
        before=before,
        after=_action_facts(action),
    )
    return action


@transaction.atomic
def remove_plan_action(*, action: PlanAction, actor: User, now: datetime) -> None:
    """The provider removes an action never yet submitted (submitted actions stay on the record)."""
    action = PlanAction.objects.select_for_update().get(pk=action.pk)
    plan = _locked(action.plan)
    require_provider_user(actor, plan.location)
    _require_editable(plan)
    if action.submitted:
        raise errors.WrongState(
            "This action was part of a submitted plan: change it instead of removing it",
            state=plan.status,
            action="remove",
        )
    facts, action_id = _action_facts(action), action.pk
    action.delete()
    audit.write(
        now=now,
        actor=actor,
        organisation=plan.organisation,
        action="monitoring.plan_action_removed",
        object_type="monitoring.planaction",
        object_id=action_id,
        before={"plan": plan.pk, **facts},
    )


@transaction.atomic
def submit_action_plan(*, plan: ActionPlan, actor: User, now: datetime) -> ActionPlan:
    """The provider submits (or resubmits) the plan: every finding of the visit needs at least one action."""
    plan = _locked(plan)
    require_provider_user(actor, plan.location)
    _require_editable(plan)
    covered = set(PlanAction.objects.filter(plan=plan).values_list("finding_id", flat=True))
    missing = sorted(set(Finding.objects.filter(visit=plan.visit_id).values_list("id", flat=True)) - covered)
    if missing:
        raise errors.ActionsMissing(missing)
    if not covered:
        raise errors.InvalidInput("Add at least one action", field="actions")
    late = today_of(now) > plan.due_on
    _move(plan, lifecycle.SUBMIT, actor=actor, now=now)
    plan.save(update_fields=["status"])
    PlanAction.objects.filter(plan=plan, submitted=False).update(submitted=True)
    audit.write(
        now=now,
        actor=actor,
        organisation=plan.organisation,
        action=f"monitoring.action_plan_{plan.status}",
        object_type="monitoring.actionplan",
        object_id=plan.pk,
        after={"status": plan.status, "actions": PlanAction.objects.filter(plan=plan).count(), "late": late},
    )
    return plan


@transaction.atomic
def accept_action_plan(*, plan: ActionPlan, actor: User, now: datetime) -> ActionPlan:
    """An officer accepts the plan; a follow-up visit is scheduled about the council's months (default 6) on."""
    plan = _locked(plan)
    require_staff(actor, plan.organisation, OFFICERS, "QA officers")
    _move(plan, lifecycle.ACCEPT, actor=actor, now=now)
    plan.follow_up_visit = _schedule_follow_up(plan, actor=actor, now=now)
    plan.save(update_fields=["status", "follow_up_visit"])
    audit.write(
        now=now,
        actor=actor,
        organisation=plan.organisation,
        action="monitoring.action_plan_accepted",
        object_type="monitoring.actionplan",
        object_id=plan.pk,
        after={
            "follow_up_visit": plan.follow_up_visit.pk,
            "follow_up_on": plan.follow_up_visit.visit_on.isoformat(),
        },
    )
    return plan


@transaction.atomic
def return_action_plan(
    *, plan: ActionPlan, actor: User, reasons: str, now: datetime, resubmit_by: date | None = None
) -> ActionPlan:
    """An officer sends the plan back with reasons; the provider resubmits by ``resubmit_by`` (default: the
    council's action-plan days from today)."""
    plan = _locked(plan)
    require_staff(actor, plan.organisation, OFFICERS, "QA officers")
    reasons = (reasons or "").strip()
    if not reasons:
        raise errors.InvalidInput("Say why the plan is being sent back", field="reasons")
    today = today_of(now)
    due_on = resubmit_by or today + timedelta(days=queries.timescales(plan.organisation)["action_plan_days"])
    if due_on <= today:
        raise errors.InvalidInput("The new due date must be in the future", field="resubmit_by")
    _move(plan, lifecycle.RETURN, actor=actor, now=now, reasons=reasons, due_on=due_on)
    plan.due_on = due_on
    plan.save(update_fields=["status", "due_on"])
    audit.write(
        now=now,
        actor=actor,
        organisation=plan.organisation,
        action="monitoring.action_plan_returned",
        object_type="monitoring.actionplan",
        object_id=plan.pk,
        after={"reasons": reasons, "due_on": due_on.isoformat()},
    )
    return plan


@transaction.atomic
def record_action_progress(
    *, action: PlanAction, actor: User, status: str, note: str, now: datetime
) -> ActionUpdate:
    """The provider records progress on a submitted action (not started, in progress, done) with a note."""
    action = PlanAction.objects.select_for_update().get(pk=action.pk)
    plan = _locked(action.plan)
    require_provider_user(actor, plan.location)
    if not action.submitted or plan.status not in (
        PlanState.SUBMITTED,
        PlanState.RESUBMITTED,
        PlanState.ACCEPTED,
    ):
        raise errors.WrongState(
            "Progress can be recorded once the plan has been submitted", state=plan.status, action="progress"
        )
    if status not in ActionState.values:
        raise errors.InvalidInput("Choose not started, in progress or done", field="status")
    note = (note or "").strip()
    if not note:
        raise errors.InvalidInput("Say what has happened", field="note")
    before = action.status
    update = ActionUpdate.objects.create(
        action=action, at=now, by=actor, actor_label=audit.actor_label(actor), status=status, note=note
    )
    action.status = status
    action.completed_on = today_of(now) if status == ActionState.DONE else None
    action.save(update_fields=["status", "completed_on"])
    audit.write(
        now=now,
        actor=actor,
        organisation=plan.organisation,
        action="monitoring.plan_action_progress",
        object_type="monitoring.planaction",
        object_id=action.pk,
        before={"status": before},
        after={"status": status, "update": update.pk},
    )
    return update
