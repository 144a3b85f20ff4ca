"""Demo data for local quality monitoring: visits, findings, feedback and action plans for a council.

    from carewatch.demo import monitoring as monitoring_demo
    monitoring_demo.generate_demo_monitoring(organisation=council, rng_seed=1, today=today, now=now)

Everything the council's people do goes through the services, with "now" moved along each visit's own
timeline (visit → draft sent two days later → comments → published after the window → action plan →
accepted), and only steps already in the past by ``now`` happen, so recent visits are still drafts or
with the provider. Finding texts are the labelled set's, varied (other people's initials, numbers,
openings and endings). Providers with a provider user in carewatch comment and write their plans
through the services; for the others, the provider's side of a plan is written directly, labelled
"(demo data)", so that the demo shows plans in every state. Deterministic for a given seed and dates;
a second run for the same council changes nothing.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.monitoring import errors, queries, services, themes
from carewatch.monitoring.models import (
    ActionPlan,
    ActionPlanStatus,
    FeedbackLink,
    Finding,
    PlanAction,
    PlanState,
    Visit,
)
from carewatch.register.models import Location

# The quality statement a finding in each theme most often relates to (the question asked about it).
THEME_STATEMENT = {
    "medicines": 8,
    "staffing-levels": 6,
    "training-and-supervision": 19,
    "care-planning": 20,
    "risk-assessment": 4,
    "safeguarding": 3,
    "infection-control": 7,
    "nutrition-and-hydration": 12,
    "dignity-and-privacy": 15,
    "consent-and-mental-capacity": 14,
    "activities": 17,
    "premises-and-equipment": 5,
    "records": 31,
    "complaints-handling": 23,
    "leadership-and-governance": 28,
    "notifications": 31,
    "recruitment-checks": 6,
    "communication-with-families": 32,
    "end-of-life-care": 26,
}
THEME_STANDARD = {"recruitment-checks": 11, "records": 16, "notifications": 14, "premises-and-equipment": 9}
OPENINGS = (
    "",
    "",
    "",
    "On the day of the visit: ",
    "We found that ",
    "Officer noted – ",
    "At feedback we discussed that ",
    "Observed: ",
)
ENDINGS = (
    "",
    "",
    "",
    " Discussed with the manager at feedback.",
    " The manager agreed to look into this.",
    " This was also found at the last visit.",
    " Raised with the deputy manager on the day.",
    " See evidence log.",
)
FEEDBACK_COMMENTS = (
    "Staff are lovely and always have time for a chat.",
    "The food could be better, it is often cold.",
    "I would like to go out more.",
    "My mum is well looked after.",
    "They are short of staff at weekends.",
    "The carers are kind but always rushing.",
    "I feel safe here.",
    "Nobody told us about the change of manager.",
    "The home is always clean and smells fresh.",
    "Not enough to do in the afternoons.",
)
TARGETS = (("Excellent", 8), ("Good", 55), ("Requires improvement", 28), ("Poor", 9))
FINDINGS_FOR = {"Excellent": (0, 1), "Good": (1, 3), "Requires improvement": (3, 6), "Poor": (5, 8)}
SEVERITIES_FOR = {
    "Excellent": ("low",),
    "Good": ("low", "low", "medium"),
    "Requires improvement": ("low", "medium", "medium", "high"),
    "Poor": ("medium", "high", "high", "critical"),
}


@dataclass(frozen=True)
class DemoSummary:
    visits: int = 0
    findings: int = 0
    feedback: int = 0
    action_plans: int = 0
    skipped: bool = False


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _vary(text: str, rng: random.Random) -> str:
    text = re.sub(
        r"\b(Person|Mr|Mrs|Ms|Resident) [A-Z]\b",
        lambda m: f"{m.group(1)} {rng.choice('ABCDEFGHJKLMNPRSTW')}",
        text,
    )
    text = re.sub(r"\b([2-9])\b", lambda m: str(max(2, int(m.group(1)) + rng.choice((-1, 0, 0, 1)))), text)
    opening = rng.choice(OPENINGS)
    if (
        opening
        and text[:1].isupper()
        and not text.startswith(("MAR", "DBS", "DNACPR", "PRN", "CQC", "LOLER", "SALT", "PPE"))
    ):
        text = text[0].lower() + text[1:]
    return f"{opening}{text}{rng.choice(ENDINGS)}".strip()


def _weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _answer_for(target: str, rng: random.Random) -> str:
    spread = {
        "Excellent": (("Excellent", 60), ("Good", 40)),
        "Good": (("Excellent", 8), ("Good", 80), ("Requires improvement", 12)),
        "Requires improvement": (("Good", 40), ("Requires improvement", 50), ("Poor", 10)),
        "Poor": (("Good", 15), ("Requires improvement", 45), ("Poor", 40)),
    }[target]
    return _weighted(rng, spread)


def _provider_users(location: Location) -> list[User]:
    if location.provider_id is None:
        return []
    return list(
        User.objects.filter(
            organisation__kind=OrganisationKind.PROVIDER,
            organisation__provider_id=location.provider_id,
            is_active=True,
            role_grants__role__in=[Role.PROVIDER_MANAGER, Role.PROVIDER_STAFF],
        )
        .distinct()
        .order_by("id")
    )


def _write_plan_for_provider(
    plan: ActionPlan, *, when: datetime, rng: random.Random, provider_user: User | None
) -> None:
    """One action per finding, then submit: through the services when the provider has a user, else directly."""
    owners = ("Registered manager", "Deputy manager", "Clinical lead", "Training lead", "Care coordinator")
    findings = list(Finding.objects.filter(visit=plan.visit_id).order_by("id"))
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
    label = f"{plan.location.provider.name or plan.location.provider_id} (demo data)"
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
        audit.record(
            at=when,
            actor_label=label,
            action=f"monitoring.action_plan_{state}",
            object_type="monitoring.actionplan",
            object_id=str(plan.pk),
            organisation=plan.organisation,
            after={"status": state, "demo": True},
        )


def _question_for(asked, theme: str):
    statement, standard = THEME_STATEMENT[theme], THEME_STANDARD.get(theme)
    matching = [q for q in asked if q.statement_id == statement]
    return next(
        (q for q in matching if standard is None or q.standard == standard), matching[0] if matching else None
    )


def _one_visit(organisation, location, visit_on, officers, rng, rows) -> tuple[Visit, int]:
    target = _weighted(rng, TARGETS)
    start = _at(visit_on, 9 + rng.randrange(4))
    visit = services.create_visit(
        organisation=organisation,
        actor=officers[0],
        location=location,
        visit_on=visit_on,
        kind=_weighted(rng, (("planned", 75), ("responsive", 25))),
        announced=rng.random() < 0.4,
        officers=officers[: 1 + (rng.random() < 0.35)],
        now=start,
    )
    asked = queries.questions(visit.framework_version)
    answers = {
        q.code: services.AnswerInput(rating=_answer_for(target, rng), observation="Seen on the walk round.")
        for q in asked
    }
    low, high = FINDINGS_FOR[target]
    chosen = rng.sample(rows, rng.randint(low, high))
    for row in chosen:  # the questions findings relate to are answered below Good
        question = _question_for(asked, row.theme)
        if question is not None:
            answers[question.code] = services.AnswerInput(
                rating=rng.choice(("Requires improvement", "Poor")) if target != "Excellent" else "Good",
                records=row.text[:200],
            )
    services.record_answers(visit=visit, actor=officers[0], answers=answers, now=start + timedelta(hours=3))
    for row in chosen:
        question = _question_for(asked, row.theme)
        services.add_finding(
            visit=visit,
            actor=officers[0],
            text=_vary(row.text, rng),
            severity=rng.choice(SEVERITIES_FOR[target]),
            question=question,
            statement_id=THEME_STATEMENT[row.theme],
            theme=row.theme if rng.random() < 0.85 else None,
            now=start + timedelta(hours=4),
        )
    return visit, len(chosen)


def _report_round(visit: Visit, *, officer: User, manager: User, rng: random.Random, now: datetime) -> None:
    """Send, comment, review and publish as far as ``now`` allows."""
    sent_at = _at(visit.visit_on + timedelta(days=2 + rng.randrange(5)), 11)
    if sent_at > now:
        return
    visit = services.send_draft_to_provider(visit=visit, actor=officer, now=sent_at)
    provider_users = _provider_users(visit.location)
    publish_at = _at(visit.comments_due_on + timedelta(days=1 + rng.randrange(4)), 14)
    if provider_users:
        comment_at = sent_at + timedelta(days=3 + rng.randrange(6))
        if comment_at > now:
            return
        disputed = rng.random() < 0.25
        services.add_provider_comment(
            visit=visit,
            actor=provider_users[0],
            response="disputed" if disputed else "accepted",
            text="We do not agree with the finding on medicines: our audit shows no gaps."
            if disputed
            else "Thank you for the report.",
            now=comment_at,
        )
        if disputed:
            review_at = comment_at + timedelta(days=4)
            if review_at > now:
                return
            services.review_dispute(
                visit=visit,
                actor=manager,
                outcome="upheld",
                reasons="The evidence seen on the day supports the finding.",
                now=review_at,
            )
            publish_at = max(publish_at, review_at + timedelta(days=1))
        else:
            publish_at = comment_at + timedelta(days=2)
    if publish_at > now:
        return
    visit.refresh_from_db()
    summary = (
        f"{visit.location.name} was visited {'unannounced' if not visit.announced else 'with notice'} on {visit.visit_on:%-d %B %Y}. "
        f"Overall rating: {queries.rating_label(visit.overall_rating)}."
    )
    services.publish_report(visit=visit, actor=officer, public_summary=summary, now=publish_at)


def _plan_round(visit: Visit, *, officer: User, rng: random.Random, now: datetime) -> bool:
    plan = ActionPlan.objects.filter(visit=visit).select_related("location__provider").first()
    if plan is None:
        return False
    users = _provider_users(visit.location)
    submit_at = _at(plan.due_on - timedelta(days=rng.randrange(-6, 6)), 15)  # some late
    if rng.random() < 0.12 or submit_at > now:
        return True  # not submitted (yet): overdue once its due date has passed
    _write_plan_for_provider(plan, when=submit_at, rng=rng, provider_user=users[0] if users else None)
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
        _write_plan_for_provider(plan, when=resubmit_at, rng=rng, provider_user=users[0] if users else None)
        decide_at = resubmit_at + timedelta(days=3)
        if decide_at > now:
            return True
    services.accept_action_plan(plan=plan, actor=officer, now=decide_at)
    return True


def _feedback(visit: Visit, *, officer: User, rng: random.Random, now: datetime, links: dict) -> int:
    quality = {4: 4.5, 3: 4.0, 2: 3.2, 1: 2.5}.get(visit.overall_rating or 3, 3.8)
    count = 0
    for number in range(rng.randint(0, 12)):
        scores = {
            name: max(1, min(5, round(rng.gauss(quality, 0.8))))
            for name in ("safety", "kindness", "listened_to", "food", "cleanliness")
        }
        if rng.random() < 0.6:
            scores["activities"] = max(1, min(5, round(rng.gauss(quality - 0.5, 1))))
        if rng.random() < 0.5:
            scores["staff_know_me"] = max(1, min(5, round(rng.gauss(quality, 0.9))))
        options = {
            "respondent_kind": _weighted(
                rng, (("person", 45), ("relative", 35), ("staff", 15), ("other", 5))
            ),
            "scores": scores,
            "comments": rng.choice(FEEDBACK_COMMENTS) if rng.random() < 0.6 else "",
            "easy_read": rng.random() < 0.2,
        }
        when = _at(visit.visit_on, 13) + timedelta(minutes=number)
        if visit.location_id in links and rng.random() < 0.5:
            when = _at(visit.visit_on + timedelta(days=rng.randrange(1, 20)), 19)
            if when > now:
                continue
            feedback = services.submit_feedback(token=links[visit.location_id].token, now=when, **options)
        else:
            feedback = services.record_feedback(visit=visit, actor=officer, now=when, **options)
        moderate_at = when + timedelta(days=2)
        if moderate_at <= now and rng.random() < 0.9:
            rejected = rng.random() < 0.06
            services.moderate_feedback(
                feedback=feedback,
                actor=officer,
                decision="rejected" if rejected else "approved",
                reason="Names a member of staff" if rejected else "",
                now=moderate_at,
            )
        count += 1
    return count


def generate_demo_monitoring(
    *, organisation: Organisation, rng_seed: int, today: date, now: datetime, max_locations: int = 60
) -> DemoSummary:
    """Visits over the 18 months to ``today`` for up to ``max_locations`` of the council's active locations,
    with findings, feedback and action plans. Needs a QA officer and a QA manager at the council (the demo
    users). Does nothing if the council already has visits."""
    if Visit.objects.filter(organisation=organisation).exists():
        return DemoSummary(skipped=True)
    services.install_defaults(now=now)
    staff = list(User.objects.filter(organisation=organisation, is_active=True).order_by("id"))
    managers = [u for u in staff if u.has_role(Role.QA_MANAGER)]
    officers = [u for u in staff if u.has_role(Role.QA_OFFICER) and u not in managers]
    if not officers or not managers:
        raise errors.NotPermitted(
            f"{organisation.name} needs a QA officer and a QA manager before demo visits can be made"
        )
    rng = random.Random(rng_seed)
    rows = list(themes.labelled_findings())
    locations = list(
        Location.objects.filter(
            local_authority_id=organisation.local_authority_id, is_active=True, provider__isnull=False
        ).order_by("id")
    )
    # Locations whose provider has users in carewatch come first, so the demo provider has reports to read.
    locations.sort(key=lambda place: (not _provider_users(place), place.pk))
    chosen = locations[:max_locations]
    links: dict[str, FeedbackLink] = {
        place.pk: services.create_feedback_link(
            organisation=organisation, actor=officers[0], location=place, now=now - timedelta(days=540)
        )
        for place in chosen[::4]
    }
    visits = findings = feedback = plans = 0
    for index, place in enumerate(chosen):
        days_ago = (
            20 + rng.randrange(520) if index else 30
        )  # the demo provider's first visit: a recent, published one
        visit_on = today - timedelta(days=days_ago)
        if visit_on.weekday() >= 5:
            visit_on -= timedelta(days=visit_on.weekday() - 4)
        team = [
            officers[index % len(officers)],
            *[o for o in officers if o != officers[index % len(officers)]],
        ]
        visit, added = _one_visit(organisation, place, visit_on, team, rng, rows)
        visits, findings = visits + 1, findings + added
        _report_round(visit, officer=team[0], manager=managers[0], rng=rng, now=now)
        feedback += _feedback(visit, officer=team[0], rng=rng, now=now, links=links)
        plans += _plan_round(visit, officer=team[0], rng=rng, now=now)
    return DemoSummary(visits=visits, findings=findings, feedback=feedback, action_plans=plans)
