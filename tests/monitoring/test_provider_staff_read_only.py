"""Provider staff read their reports and plans; only a provider manager changes them (docs/access.md;
issue 12: staff could dispute a draft, add an action and submit a plan)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from carewatch.core.roles import Role
from carewatch.monitoring import errors, queries, services
from carewatch.monitoring.models import PlanAction, ProviderComment
from tests.monitoring import factories as f
from tests.monitoring import given

LATER = given.VISITED_AT + timedelta(days=3)


@pytest.fixture
def staff(world):
    return f.provider_user(world.acme, role=Role.PROVIDER_STAFF, name="Sid Staff")


def test_provider_staff_cannot_accept_or_dispute_a_draft(world, staff):
    report = given.sent(world)
    with pytest.raises(errors.NotPermitted, match="provider manager"):
        services.add_provider_comment(
            visit=report, actor=staff, response="disputed", text="Not so", now=LATER
        )
    assert not ProviderComment.objects.filter(visit=report).exists()


def test_provider_staff_cannot_write_or_submit_an_action_plan(world, staff):
    plan = given.plan_for(given.published(world))
    finding = plan.visit.findings.order_by("id").first()
    with pytest.raises(errors.NotPermitted, match="provider manager"):
        services.add_plan_action(
            plan=plan,
            actor=staff,
            finding=finding,
            description="Fix the MAR charts",
            owner_name="Registered manager",
            due_on=LATER.date() + timedelta(days=30),
            now=LATER,
        )
    assert not PlanAction.objects.filter(plan=plan).exists()
    given.write_plan(world, plan, now=LATER)
    with pytest.raises(errors.NotPermitted, match="provider manager"):
        services.submit_action_plan(plan=plan, actor=staff, now=LATER)


def test_provider_staff_still_read_their_reports_and_a_manager_still_writes(world, staff):
    report = given.published(world)
    assert queries.reports_for_provider(staff).filter(pk=report.pk).exists()
    plan = given.write_plan(world, given.plan_for(report), now=LATER)
    assert services.submit_action_plan(plan=plan, actor=world.acme_manager, now=LATER).status == "submitted"


def test_only_provider_managers_are_offered_as_the_people_who_answer_a_report(world, staff):
    assert queries.provider_users(world.home) == [world.acme_manager]
