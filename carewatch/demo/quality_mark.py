"""The demo council's quality mark (docs/recognition.md, "Quality mark"): a scheme with three tiers and
Leicestershire's premiums, two services holding it, and one nomination waiting for an officer's assessment,
so the scheme, the list, My work, the public badge and the dashboard panel all have something to show.

Everything goes through ``recognition.quality_mark_services`` (so the audit trail reads as it would for
real), each service in one transaction; a service that already has an application is left as it is, so a
run stopped part way is finished by the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction

from carewatch.core.models import Organisation, User
from carewatch.core.roles import Role
from carewatch.ratings import cqc
from carewatch.recognition import quality_mark_criteria as c
from carewatch.recognition import quality_mark_services as qm
from carewatch.recognition.errors import InvalidInput
from carewatch.recognition.models import QualityMarkApplication, QualityMarkScheme
from carewatch.register import models as register

AWARDS = ("Gold", "Silver")  # the tiers of the two services that hold the mark
STANDARD = "People choose how they spend each day, and staff know their life stories"
EVIDENCE = "Seen on the demo QA visit: care plans and three residents' accounts"


@dataclass(frozen=True)
class QualityMarkSummary:
    awarded: int = 0
    waiting: int = 0


def _person(council: Organisation, role: str, *, exclude: int | None = None) -> User | None:
    people = User.objects.filter(organisation=council, role_grants__role=role, is_active=True).order_by("id")
    if exclude is not None:
        people = people.exclude(pk=exclude)
    return people.first()


def _scheme(council: Organisation, manager: User, now: datetime) -> QualityMarkScheme:
    found = QualityMarkScheme.objects.filter(council=council).first()
    if found is not None:
        return found
    good = qm.CriterionInput(c.CQC_OVERALL_GOOD, must_hold=True)
    return qm.define_scheme(
        council=council,
        actor=manager,
        name=f"{council.name} Quality Mark",
        tiers=[
            qm.TierInput(
                "Gold",
                [
                    good,
                    qm.CriterionInput(c.KEY_QUESTIONS_GOOD),
                    qm.CriterionInput(c.NO_OPEN_CASE, level="1", must_hold=True),
                    qm.CriterionInput(c.ASSESSED, standard=STANDARD),
                ],
                premium=Decimal("25"),
            ),
            qm.TierInput(
                "Silver",
                [good, qm.CriterionInput(c.NO_OPEN_CASE, level="2", must_hold=True)],
                premium=Decimal("20"),
            ),
            qm.TierInput("Bronze", [good], premium=Decimal("15")),
        ],
        now=now,
    )


def _candidates(council: Organisation) -> list[register.Location]:
    """Active care homes in the area rated Outstanding or Good, outstanding first, one per provider."""
    rated = (
        register.Location.objects.filter(
            local_authority_id=council.local_authority_id,
            is_active=True,
            ratings__is_current=True,
            ratings__overall__in=[cqc.OUTSTANDING, cqc.GOOD],
            beds__gt=0,
        )
        .order_by("-ratings__overall", "id")  # "Outstanding" sorts after "Good": outstanding first
        .distinct()[:50]
    )
    found: list[register.Location] = []
    providers: set[str | None] = set()
    for location in rated:
        if location.provider_id in providers:
            continue
        providers.add(location.provider_id)
        found.append(location)
    return found


def generate_demo_quality_mark(*, council: Organisation, today: date, now: datetime) -> QualityMarkSummary:
    officer = _person(council, Role.QA_OFFICER)
    manager = _person(council, Role.QA_MANAGER, exclude=officer.pk if officer else None)
    if officer is None or manager is None or council.local_authority_id is None:
        return QualityMarkSummary()
    with transaction.atomic():
        scheme = _scheme(council, manager, now)
    awarded = waiting = 0
    plan = [*AWARDS, None]  # None: nominated, waiting for the officer's assessment
    for location, tier_name in zip(_candidates(council), plan, strict=False):
        if QualityMarkApplication.objects.filter(scheme=scheme, location=location).exists():
            continue
        tier = scheme.tiers.get(name=tier_name or "Bronze")
        try:
            with transaction.atomic():
                application = qm.apply_for_mark(
                    scheme=scheme, tier=tier, location=location, actor=officer, now=now
                )
                if tier_name is None:
                    waiting += 1
                    continue
                judgements = {
                    k.pk: (True, "Met: seen on the visit", EVIDENCE)
                    for k in tier.criteria.filter(kind=c.ASSESSED)
                }
                qm.assess_application(application=application, actor=officer, judgements=judgements, now=now)
                qm.decide_application(
                    application=application,
                    actor=manager,
                    award=True,
                    starts_on=today - timedelta(days=40),
                    now=now,
                )
                awarded += 1
        except InvalidInput:  # a criterion that must hold fails (an open case): no mark, nothing saved
            continue
    return QualityMarkSummary(awarded=awarded, waiting=waiting)
