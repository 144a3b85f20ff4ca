"""Action plans: requested after Requires improvement or Poor, one action per finding, accepted with a follow-up."""

from datetime import date, timedelta

import pytest

from carewatch.monitoring import errors, queries, services
from carewatch.monitoring.models import ActionPlan, ActionPlanStatus, PlanState, Visit, VisitState
from tests.monitoring import factories as f
from tests.monitoring import given

PUBLISHED_ON = date(2026, 3, 5)  # given.published publishes three days after the visit
LATER = f.at(2026, 3, 10)


def test_a_report_rated_requires_improvement_requests_an_action_plan_due_in_14_days(world):
    visit = given.published(world, "Requires improvement")
    plan = given.plan_for(visit)
    assert (plan.status, plan.due_on, plan.location, plan.organisation) == (
        PlanState.REQUESTED,
        date(2026, 3, 19),
        world.home,
        world.council,
    )


def test_a_poor_report_requests_a_plan_and_a_good_one_does_not(world):
    assert given.plan_for(given.published(world, "Poor"))
    assert not ActionPlan.objects.filter(visit=given.published(world, "Good", findings=0)).exists()


def test_the_action_plan_window_is_configurable(world):
    services.configure_monitoring(
        organisation=world.council, actor=world.manager, now=LATER, action_plan_days=28
    )
    assert given.plan_for(given.published(world)).due_on == date(2026, 4, 2)


def test_a_plan_needs_at_least_one_action_for_every_finding(world):
    plan = given.plan_for(given.published(world, findings=3))
    first, second, third = plan.visit.findings.order_by("id")
    services.add_plan_action(
        plan=plan,
        actor=world.acme_manager,
        finding=first,
        description="Daily MAR audit",
        owner_name="Deputy manager",
        due_on=date(2026, 4, 1),
        now=LATER,
    )
    with pytest.raises(errors.ActionsMissing) as refused:
        services.submit_action_plan(plan=plan, actor=world.acme_manager, now=LATER)
    assert (
        refused.value.finding_ids == (second.pk, third.pk)
        and "2 findings have no action" in refused.value.message
    )
    given.write_plan(world, plan, now=LATER)
    assert (
        services.submit_action_plan(plan=plan, actor=world.acme_manager, now=LATER).status
        == PlanState.SUBMITTED
    )


def test_every_action_has_an_owner_and_a_due_date_that_is_not_in_the_past(world):
    plan = given.plan_for(given.published(world))
    finding = plan.visit.findings.first()
    for options, field in (
        ({"owner_name": " "}, "owner_name"),
        ({"due_on": date(2026, 3, 9)}, "due_on"),
        ({"description": ""}, "description"),
    ):
        with pytest.raises(errors.InvalidInput) as refused:
            services.add_plan_action(
                plan=plan,
                actor=world.acme_manager,
                finding=finding,
                now=LATER,
                **{"description": "Audit", "owner_name": "Manager", "due_on": date(2026, 4, 1), **options},
            )
        assert refused.value.field == field


def test_only_users_of_that_locations_provider_write_and_submit_the_plan(world):
    plan = given.plan_for(given.published(world))
    finding = plan.visit.findings.first()
    for outsider in (world.beta_manager, world.officer, world.manager):
        with pytest.raises(errors.NotPermitted):
            services.add_plan_action(
                plan=plan,
                actor=outsider,
                finding=finding,
                description="x",
                owner_name="y",
                due_on=date(2026, 4, 1),
                now=LATER,
            )
    given.write_plan(world, plan, now=LATER)
    for outsider in (world.beta_manager, world.officer):
        with pytest.raises(errors.NotPermitted):
            services.submit_action_plan(plan=plan, actor=outsider, now=LATER)
    # Provider staff read the plan but do not submit it (docs/access.md); its provider manager does.
    staff = f.provider_user(world.acme, role="provider_staff", name="Sam Staff")
    with pytest.raises(errors.NotPermitted):
        services.submit_action_plan(plan=plan, actor=staff, now=LATER)
    assert (
        services.submit_action_plan(plan=plan, actor=world.acme_manager, now=LATER).status
        == PlanState.SUBMITTED
    )


def test_a_finding_from_another_visit_cannot_be_answered_in_this_plan(world):
    plan = given.plan_for(given.published(world))
    elsewhere = given.finding(world, given.visit(world))
    with pytest.raises(errors.InvalidInput) as refused:
        services.add_plan_action(
            plan=plan,
            actor=world.acme_manager,
            finding=elsewhere,
            description="x",
            owner_name="y",
            due_on=date(2026, 4, 1),
            now=LATER,
        )
    assert refused.value.field == "finding"


def test_accepting_the_plan_schedules_a_follow_up_visit_about_six_months_on(world):
    plan = given.write_plan(world, given.plan_for(given.published(world)), now=LATER)
    services.submit_action_plan(plan=plan, actor=world.acme_manager, now=LATER)
    accepted = services.accept_action_plan(plan=plan, actor=world.officer, now=f.at(2026, 3, 12))
    follow_up = accepted.follow_up_visit
    assert (accepted.status, follow_up.status, follow_up.kind, follow_up.visit_on) == (
        PlanState.ACCEPTED,
        VisitState.SCHEDULED,
        "planned",
        date(2026, 9, 12),
    )
    assert (follow_up.location, follow_up.organisation, list(follow_up.officers.all())) == (
        world.home,
        world.council,
        [world.officer],
    )
    assert "Follow-up to the visit of 2 March 2026" in queries.visit_history(follow_up)[0].note
    assert not queries.reports_for_provider(world.acme_manager).filter(pk=follow_up.pk).exists()


def test_the_follow_up_interval_is_configurable(world):
    services.configure_monitoring(
        organisation=world.council, actor=world.manager, now=LATER, follow_up_months=3
    )
    plan = given.write_plan(world, given.plan_for(given.published(world)), now=LATER)
    services.submit_action_plan(plan=plan, actor=world.acme_manager, now=LATER)
    assert services.accept_action_plan(
        plan=plan, actor=world.officer, now=LATER
    ).follow_up_visit.visit_on == date(2026, 6, 10)


def test_a_plan_sent_back_with_reasons_is_revised_and_resubmitted(world):
    plan = given.write_plan(world, given.plan_for(given.published(world)), now=LATER)
    services.submit_action_plan(plan=plan, actor=world.acme_manager, now=LATER)
    with pytest.raises(errors.InvalidInput):
        services.return_action_plan(plan=plan, actor=world.officer, reasons="", now=LATER)
    returned = services.return_action_plan(
        plan=plan, actor=world.officer, reasons="Actions are not measurable", now=f.at(2026, 3, 11)
    )
    assert (returned.status, returned.due_on) == (PlanState.RETURNED, date(2026, 3, 25))
    action = returned.actions.order_by("id").first()
    with pytest.raises(errors.WrongState):
        services.remove_plan_action(action=action, actor=world.acme_manager, now=LATER)
    services.change_plan_action(
        action=action,
        actor=world.acme_manager,
        now=LATER,
        description="Weekly MAR audit by the deputy, results to the manager",
    )
    services.submit_action_plan(plan=plan, actor=world.acme_manager, now=f.at(2026, 3, 20))
    services.accept_action_plan(plan=plan, actor=world.officer, now=f.at(2026, 3, 21))
    assert list(
        ActionPlanStatus.objects.filter(plan=plan).order_by("sequence").values_list("status", "reasons")
    ) == [
        ("requested", ""),
        ("submitted", ""),
        ("returned", "Actions are not measurable"),
        ("resubmitted", ""),
        ("accepted", ""),
    ]


def test_an_accepted_plan_cannot_be_changed_but_its_progress_is_recorded(world):
    plan = given.write_plan(world, given.plan_for(given.published(world)), now=LATER)
    action = plan.actions.order_by("id").first()
    with pytest.raises(errors.WrongState):
        services.record_action_progress(
            action=action, actor=world.acme_manager, status="in_progress", note="Started", now=LATER
        )
    services.submit_action_plan(plan=plan, actor=world.acme_manager, now=LATER)
    services.accept_action_plan(plan=plan, actor=world.officer, now=LATER)
    with pytest.raises(errors.WrongState):
        services.change_plan_action(
            action=action, actor=world.acme_manager, now=LATER, owner_name="Someone else"
        )
    with pytest.raises(errors.WrongState):
        services.accept_action_plan(plan=plan, actor=world.officer, now=LATER)
    services.record_action_progress(
        action=action, actor=world.acme_manager, status="in_progress", note="Audit tool agreed", now=LATER
    )
    services.record_action_progress(
        action=action, actor=world.acme_manager, status="done", note="First audits done", now=f.at(2026, 4, 2)
    )
    action.refresh_from_db()
    assert (action.status, action.completed_on, action.updates.count()) == ("done", date(2026, 4, 2), 2)
    with pytest.raises(errors.NotPermitted):
        services.record_action_progress(
            action=action, actor=world.beta_manager, status="done", note="x", now=LATER
        )


def test_a_follow_up_visit_starts_like_any_scheduled_visit(world):
    plan = given.write_plan(world, given.plan_for(given.published(world)), now=LATER)
    services.submit_action_plan(plan=plan, actor=world.acme_manager, now=LATER)
    follow_up = services.accept_action_plan(plan=plan, actor=world.officer, now=LATER).follow_up_visit
    started = services.start_visit(
        visit=follow_up, actor=world.officer, now=f.at(2026, 9, 10) + timedelta(hours=1)
    )
    assert Visit.objects.get(pk=started.pk).status == VisitState.DRAFT
