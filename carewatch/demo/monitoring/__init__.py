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

Each service's visit, report, feedback and plan is written in one transaction, with its own random
numbers: a run that is stopped part way (Ctrl-C during ``make run``) leaves whole services only, and the
next run adds the services still missing, as an uninterrupted run would have.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction

from carewatch.core.models import Organisation, User
from carewatch.core.roles import Role
from carewatch.demo.monitoring.plans import plan_round
from carewatch.demo.monitoring.visits import collect_feedback, one_visit, report_round
from carewatch.monitoring import errors, queries, services, themes
from carewatch.monitoring.models import FeedbackLink, Visit
from carewatch.register.models import Location


@dataclass(frozen=True)
class DemoSummary:
    visits: int = 0
    findings: int = 0
    feedback: int = 0
    action_plans: int = 0
    skipped: bool = False


def generate_demo_monitoring(
    *, organisation: Organisation, rng_seed: int, today: date, now: datetime, max_locations: int = 60
) -> DemoSummary:
    """Visits over the 18 months to ``today`` for up to ``max_locations`` of the council's active locations,
    with findings, feedback and action plans. Needs a QA officer and a QA manager at the council (the demo
    users). Skips the services that already have visits; does nothing when every chosen one has."""
    services.install_defaults(now=now)
    staff = list(User.objects.filter(organisation=organisation, is_active=True).order_by("id"))
    managers = [u for u in staff if u.has_role(Role.QA_MANAGER)]
    officers = [u for u in staff if u.has_role(Role.QA_OFFICER) and u not in managers]
    if not officers or not managers:
        raise errors.NotPermitted(
            f"{organisation.name} needs a QA officer and a QA manager before demo visits can be made"
        )
    rows = list(themes.labelled_findings())
    locations = list(
        Location.objects.filter(
            local_authority_id=organisation.local_authority_id, is_active=True, provider__isnull=False
        ).order_by("id")
    )
    # Locations whose provider has users in carewatch come first, so the demo provider has reports to read.
    locations.sort(key=lambda place: (not queries.provider_users(place), place.pk))
    chosen = locations[:max_locations]
    visited = set(Visit.objects.filter(organisation=organisation).values_list("location_id", flat=True))
    if {place.pk for place in chosen} <= visited:
        return DemoSummary(skipped=True)
    visits = findings = feedback = plans = 0
    for index, place in enumerate(chosen):
        if place.pk in visited:
            continue
        with transaction.atomic():
            added = _one_service(organisation, place, index, officers, managers, rows, rng_seed, today, now)
        visits, findings, feedback, plans = (
            visits + 1,
            findings + added.findings,
            feedback + added.feedback,
            plans + added.action_plans,
        )
    return DemoSummary(visits=visits, findings=findings, feedback=feedback, action_plans=plans)


def _one_service(
    organisation: Organisation,
    place: Location,
    index: int,
    officers: list[User],
    managers: list[User],
    rows: list,
    rng_seed: int,
    today: date,
    now: datetime,
) -> DemoSummary:
    """One chosen service's visit and all that follows it; the random numbers depend only on the seed and
    the service's place in the list, so a resumed run writes what an uninterrupted one would have."""
    rng = random.Random(f"{rng_seed}:{index}")
    links: dict[str, FeedbackLink] = {}
    if index % 4 == 0:  # every fourth service has a feedback link, open since before its visits
        links[place.pk] = services.create_feedback_link(
            organisation=organisation, actor=officers[0], location=place, now=now - timedelta(days=540)
        )
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
    visit, findings = one_visit(organisation, place, visit_on, team, rng, rows)
    report_round(visit, officer=team[0], manager=managers[0], rng=rng, now=now)
    # four-eyes: someone other than the officer who recorded feedback on the visit approves it
    moderator = team[1] if len(team) > 1 else managers[0]  # officers and managers are different people
    feedback = collect_feedback(visit, officer=team[0], moderator=moderator, rng=rng, now=now, links=links)
    plans = plan_round(visit, officer=team[0], rng=rng, now=now)
    return DemoSummary(visits=1, findings=findings, feedback=feedback, action_plans=plans)
