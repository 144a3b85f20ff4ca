"""Short ways to get a visit or a plan into a state through the services, as people would."""

from __future__ import annotations

from datetime import timedelta

from carewatch.monitoring import queries, services
from carewatch.monitoring.models import ActionPlan, Visit
from tests.monitoring import factories as f

VISITED_AT = f.at(2026, 3, 2, 9)  # Monday 2 March 2026
VISIT_ON = VISITED_AT.date()


def visit(
    world, *, location=None, now=VISITED_AT, announced=False, kind="planned", officers=None, **options
) -> Visit:
    return services.create_visit(
        organisation=world.council,
        actor=world.officer,
        location=location or world.home,
        visit_on=now.date(),
        kind=kind,
        announced=announced,
        officers=officers or [world.officer],
        now=now,
        **options,
    )


def answer_all(world, visit: Visit, rating: str, *, now=VISITED_AT, overrides: dict | None = None) -> Visit:
    """Answer every question ``rating`` (``overrides``: question code → rating)."""
    answers = {
        q.code: services.AnswerInput(
            rating=(overrides or {}).get(q.code, rating), observation=f"Observed for {q.code}"
        )
        for q in queries.questions(visit.framework_version)
    }
    return services.record_answers(visit=visit, actor=world.officer, answers=answers, now=now)


def finding(
    world,
    visit: Visit,
    text: str = "MAR charts had gaps for three people.",
    *,
    severity="medium",
    now=VISITED_AT,
    **options,
):
    if "question" not in options and "statement_id" not in options:
        options["statement_id"] = 8
    return services.add_finding(
        visit=visit, actor=world.officer, text=text, severity=severity, now=now, **options
    )


def sent(
    world, rating: str = "Requires improvement", *, findings: int = 2, now=VISITED_AT, location=None
) -> Visit:
    draft = visit(world, now=now, location=location)
    answer_all(world, draft, rating, now=now)
    for number in range(findings):
        finding(
            world,
            draft,
            f"Finding number {number + 1}: medicines were not recorded on the MAR chart.",
            now=now,
        )
    return services.send_draft_to_provider(visit=draft, actor=world.officer, now=now)


def published(
    world, rating: str = "Requires improvement", *, findings: int = 2, now=VISITED_AT, location=None
) -> Visit:
    report = sent(world, rating, findings=findings, now=now, location=location)
    manager = world.acme_manager if report.location.provider_id == world.acme.pk else world.beta_manager
    later = now + timedelta(days=3)
    services.add_provider_comment(visit=report, actor=manager, response="accepted", text="", now=later)
    return services.publish_report(
        visit=report,
        actor=world.officer,
        public_summary="The home needs to improve its medicines.",
        now=later,
    )


def plan_for(visit: Visit) -> ActionPlan:
    return ActionPlan.objects.get(visit=visit)


def write_plan(world, plan: ActionPlan, *, now=None, actor=None):
    """One action per finding, owned by the registered manager, due in a month."""
    now = now or VISITED_AT + timedelta(days=5)
    for item in plan.visit.findings.order_by("id"):
        services.add_plan_action(
            plan=plan,
            actor=actor or world.acme_manager,
            finding=item,
            description=f"Fix: {item.text[:40]}",
            owner_name="Registered manager",
            due_on=now.date() + timedelta(days=30),
            now=now,
        )
    return plan
