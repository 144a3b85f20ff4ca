"""The action plans of the monitoring demo: the provider writes its plan (through the services when it
has a user in carewatch, else directly, labelled "(demo data)"), the council accepts it or sends it back."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction

from carewatch.core import audit
from carewatch.core.models import User
from carewatch.demo.monitoring.texts import at
from carewatch.monitoring import queries, services
from carewatch.monitoring.models import ActionPlan, ActionPlanStatus, PlanAction, PlanState, Visit


def write_plan_for_provider(
    plan: ActionPlan, *, when: datetime, rng: random.Random, provider_user: User | None
) -> None:
    """One action per finding, then submit: through the services when the provider has a user, else directly."""
    owners = ("Registered manager", "Deputy manager", "Clinical lead", "Training lead", "Care coordinator")
    findings = queries.findings(plan.visit)
    existing = list(PlanAction.objects.filter(plan=plan).order_by("id"))
    if provider_user is not None and existing:  # a returned plan: revise its actions, then resubmit
        for action in existing:
            services.change_plan_action(
                action=action,
                actor=provider_user,
                now=when,
                owner_name="Registered manager",
                description=f"{action.description} (revised: measurable outcome and evidence added)",
            )
        services.submit_action_plan(plan=plan, actor=provider_user, now=when)
        return
    if provider_user is not None:
        for finding in findings:
            services.add_plan_action(
                plan=plan,
                actor=provider_user,
                finding=finding,
                description=f"Action: {finding.text[:120]}",
                owner_name=rng.choice(owners),
                due_on=when.date() + timedelta(days=rng.choice((14, 28, 42, 60, 90))),
                now=when,
            )
        services.submit_action_plan(plan=plan, actor=provider_user, now=when)
        return
    provider = plan.location.provider
    label = f"{(provider.name if provider else '') or plan.location.provider_id} (demo data)"
    with transaction.atomic():
        for finding in findings if not existing else ():
            PlanAction.objects.create(
                plan=plan,
                finding=finding,
                description=f"Action: {finding.text[:120]}",
                owner_name=rng.choice(owners),
                due_on=when.date() + timedelta(days=rng.choice((14, 28, 42, 60, 90))),
                submitted=True,
                created_at=when,
            )
        state = PlanState.SUBMITTED if plan.status == PlanState.REQUESTED else PlanState.RESUBMITTED
        sequence = ActionPlanStatus.objects.filter(plan=plan).count() + 1
        ActionPlanStatus.objects.create(
            plan=plan, sequence=sequence, status=state, at=when, actor_label=label
        )
        plan.status = state
        plan.save(update_fields=["status"])
        audit.write(
            now=when,
            actor=None,
            label=label,
            organisation=plan.organisation,
            action=f"monitoring.action_plan_{state}",
            object_type="monitoring.actionplan",
            object_id=plan.pk,
            after={"status": state, "demo": True},
        )


def plan_round(visit: Visit, *, officer: User, rng: random.Random, now: datetime) -> bool:
    """The plan a published report requested, as far as ``now`` allows: submitted (some late, some never),
    then accepted or sent back and resubmitted. False when the report requested no plan."""
    plan = queries.action_plan_of(visit)
    if plan is None:
        return False
    users = queries.provider_users(visit.location)
    submit_at = at(plan.due_on - timedelta(days=rng.randrange(-6, 6)), 15)  # some late
    if rng.random() < 0.12 or submit_at > now:
        return True  # not submitted (yet): overdue once its due date has passed
    write_plan_for_provider(plan, when=submit_at, rng=rng, provider_user=users[0] if users else None)
    decide_at = submit_at + timedelta(days=3 + rng.randrange(7))
    if decide_at > now:
        return True
    if rng.random() < 0.2:
        plan = services.return_action_plan(
            plan=plan,
            actor=officer,
            reasons="Some actions have no clear owner or measurable outcome.",
            now=decide_at,
        )
        resubmit_at = decide_at + timedelta(days=7)
        if resubmit_at > now:
            return True
        write_plan_for_provider(plan, when=resubmit_at, rng=rng, provider_user=users[0] if users else None)
        decide_at = resubmit_at + timedelta(days=3)
        if decide_at > now:
            return True
    services.accept_action_plan(plan=plan, actor=officer, now=decide_at)
    return True
