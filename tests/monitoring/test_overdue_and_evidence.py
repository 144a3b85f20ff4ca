"""Overdue plans and actions, and what monitoring gives the ladder of intervention."""

from datetime import date

from carewatch.cases import services as cases
from carewatch.cases import triggers
from carewatch.monitoring import evidence, queries, services
from tests.monitoring import factories as f
from tests.monitoring import given

LATER = f.at(2026, 3, 10)


def test_a_plan_not_submitted_by_its_due_date_is_overdue_the_day_after(world):
    plan = given.plan_for(given.published(world))  # due 19 March 2026
    assert queries.overdue_action_plans(world.council, date(2026, 3, 19)) == []
    (overdue,) = queries.overdue_action_plans(world.council, date(2026, 3, 20))
    assert (overdue.plan, overdue.reason, overdue.days_overdue, overdue.location_id) == (
        plan,
        "plan_overdue",
        1,
        world.home.pk,
    )


def test_a_returned_plan_is_overdue_after_its_new_date_and_a_submitted_one_is_not(world):
    plan = given.write_plan(world, given.plan_for(given.published(world)), now=LATER)
    services.submit_action_plan(plan=plan, actor=world.acme_manager, now=LATER)
    assert queries.overdue_action_plans(world.council, date(2026, 3, 30)) == []
    services.return_action_plan(
        plan=plan, actor=world.officer, reasons="Vague", now=LATER, resubmit_by=date(2026, 3, 17)
    )
    assert [o.reason for o in queries.overdue_action_plans(world.council, date(2026, 3, 18))] == [
        "plan_overdue"
    ]


def test_actions_not_done_by_their_date_make_an_accepted_plan_overdue(world):
    plan = given.write_plan(
        world, given.plan_for(given.published(world)), now=LATER
    )  # actions due 9 April 2026
    services.submit_action_plan(plan=plan, actor=world.acme_manager, now=LATER)
    services.accept_action_plan(plan=plan, actor=world.officer, now=LATER)
    first, second = plan.actions.order_by("id")
    services.record_action_progress(
        action=first, actor=world.acme_manager, status="done", note="Done", now=f.at(2026, 4, 1)
    )
    assert queries.overdue_action_plans(world.council, date(2026, 4, 9)) == []
    (overdue,) = queries.overdue_action_plans(world.council, date(2026, 4, 11))
    assert (overdue.reason, overdue.overdue_actions, overdue.days_overdue) == (
        "actions_overdue",
        (second,),
        2,
    )


def test_another_councils_plans_are_not_its_concern(world):
    given.published(world)
    assert queries.overdue_action_plans(f.council("E08000005"), date(2027, 1, 1)) == []


def test_monitoring_is_registered_as_an_evidence_source_for_the_ladder():
    assert evidence.SOURCE in triggers.registered_sources()
    assert isinstance(evidence.SOURCE, triggers.EvidenceSource)


def test_the_latest_published_local_rating_is_given_to_the_ladder(world):
    first = given.published(world, "Poor")
    ratings = evidence.SOURCE.local_qa_ratings(organisation=world.council, today=date(2026, 3, 5))
    assert [(r.location_id, r.rating, r.rated_on, r.object_id) for r in ratings] == [
        (world.home.pk, "Poor", date(2026, 3, 5), f"monitoring.visit:{first.pk}"),
    ]
    assert isinstance(ratings[0], triggers.LocalQaRating)
    assert evidence.SOURCE.local_qa_ratings(organisation=world.council, today=date(2026, 3, 4)) == []
    given.published(world, "Good", findings=0, now=f.at(2026, 6, 1))
    assert [
        r.rating for r in evidence.SOURCE.local_qa_ratings(organisation=world.council, today=date(2026, 7, 1))
    ] == ["Good"]


def test_confirmed_safeguarding_findings_are_given_as_concerns(world):
    visit = given.visit(world)
    confirmed = given.finding(
        world, visit, "Bruising not reported to the safeguarding team", theme="safeguarding"
    )
    given.finding(
        world, visit, "Unexplained bruising, allegation of abuse not referred"
    )  # only suggested: not counted yet
    given.finding(world, visit, "MAR gaps", theme="medicines")
    concerns = evidence.SOURCE.safeguarding_concerns(
        organisation=world.council, since=date(2026, 3, 1), until=date(2026, 3, 2)
    )
    assert [(c.location_id, c.raised_on, c.object_id) for c in concerns] == [
        (world.home.pk, date(2026, 3, 2), f"monitoring.finding:{confirmed.pk}")
    ]
    assert (
        evidence.SOURCE.safeguarding_concerns(
            organisation=world.council, since=date(2026, 3, 2), until=date(2026, 3, 9)
        )
        == []
    )


def test_a_local_poor_rating_leads_the_ladder_to_propose_level_1(world):
    given.published(world, "Poor")
    proposals = triggers.propose_from_evidence(
        organisation=world.council, today=date(2026, 3, 6), now=f.at(2026, 3, 6, 6)
    )
    local = [p for p in proposals if p.trigger == "local_qa_rating"]
    assert len(local) == 1 and local[0].level == "1"


def test_an_overdue_plan_makes_the_ladder_propose_a_step_up_from_level_1(world):
    plan = given.plan_for(given.published(world))  # Requires improvement: due 19 March 2026
    (opening,) = triggers.propose_from_evidence(
        organisation=world.council, today=date(2026, 3, 6), now=f.at(2026, 3, 6, 6)
    )
    cases.decide_proposal(
        actor=world.manager, proposal=opening, accept=True, reason="", now=f.at(2026, 3, 6, 9)
    )

    (item,) = evidence.SOURCE.overdue_action_plans(organisation=world.council, today=date(2026, 3, 25))
    assert isinstance(item, triggers.OverdueActionPlan)
    assert (item.location_id, item.reason, item.due_on, item.summary) == (
        world.home.pk,
        "plan_overdue",
        date(2026, 3, 19),
        "not submitted by 19 March 2026",
    )
    (step_up,) = triggers.propose_from_evidence(
        organisation=world.council, today=date(2026, 3, 25), now=f.at(2026, 3, 25, 6)
    )
    assert step_up.trigger_key.endswith(f"monitoring.actionplan:{plan.pk}:plan_overdue")
    assert (step_up.kind, step_up.level) == (
        "escalate",
        "2",
    ) and "not submitted by 19 March 2026" in step_up.reason
