"""The demo council's visit programme (docs/planning.md): a visit policy, each QA officer's capacity and a
proposed programme for the four weeks from next Monday, waiting for the QA manager to change and approve.

Written through ``planning.programme_services`` as the demo QA manager, so the audit trail reads as it
would for real. Each step is skipped when it is already there (a policy, an officer's capacity, a
programme starting that Monday): a run stopped part way is finished by the next, and running again
changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from carewatch.core.models import Organisation
from carewatch.core.roles import Role
from carewatch.planning import models, programme, programme_queries, programme_services

POLICY = {
    **programme.DEFAULT_POLICY.as_dict(),
    "contracted_months": 12,
    "high_risk_score": 50,
    "high_risk_months": 6,
    "unannounced_shares": {"older_people_care_home": 50, "care_home": 25},
}


@dataclass(frozen=True)
class DemoPlanning:
    policy_version: int
    officers: int
    programme_visits: int


def generate_demo_planning(*, council: Organisation, today: date, now: datetime) -> DemoPlanning:
    officers = programme_queries.officers_of(council)
    managers = [person for person in officers if person.has_role(Role.QA_MANAGER)]
    if not managers:
        return DemoPlanning(0, 0, 0)
    manager = managers[0]
    if not models.PolicyVersion.objects.filter(organisation=council).exists():
        programme_services.set_policy(organisation=council, actor=manager, values=POLICY, now=now)
    for row in programme_queries.officer_capacity(council):
        if row.capacity is None:
            days = 1 if row.user.has_role(Role.QA_MANAGER) else 4
            programme_services.set_capacity(
                organisation=council, actor=manager, officer=row.user, days_per_week=days, areas=[], now=now
            )
    starts_on = today + timedelta(days=7 - today.weekday())
    plan = models.Programme.objects.filter(organisation=council, starts_on=starts_on).order_by("id").first()
    if plan is None:
        plan = programme_services.generate_programme(
            organisation=council, actor=manager, starts_on=starts_on, weeks=4, now=now
        )
    _, version = programme_queries.policy_in_force(organisation=council, as_of=today)
    return DemoPlanning(version, len(officers), plan.visits.count())
