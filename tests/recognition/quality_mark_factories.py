"""A council's quality mark and an award, through the services, for the recognition and public tests.

award = qf.awarded(location, today=day, now=now)    # Oldham Quality Mark, Gold, nominated by an officer
"""

from __future__ import annotations

from datetime import date, datetime

from carewatch.core.models import Organisation
from carewatch.recognition import quality_mark_criteria as c
from carewatch.recognition import quality_mark_services as qm
from carewatch.recognition.models import QualityMarkApplication, QualityMarkScheme
from carewatch.register.models import Location
from tests.cases import factories as cf


def scheme(council: Organisation, *, now: datetime, name: str = "Oldham Quality Mark") -> QualityMarkScheme:
    return qm.define_scheme(
        council=council,
        actor=cf.manager(council),
        name=name,
        tiers=[
            qm.TierInput(
                "Gold",
                [
                    qm.CriterionInput(c.CQC_OVERALL_GOOD, must_hold=True),
                    qm.CriterionInput(c.NO_OPEN_CASE, level="2"),
                    qm.CriterionInput(c.ASSESSED, standard="Residents choose their activities every day"),
                ],
            ),
            qm.TierInput("Silver", [qm.CriterionInput(c.CQC_OVERALL_GOOD, must_hold=True)]),
        ],
        now=now,
    )


def awarded(
    location: Location,
    council: Organisation | None = None,
    *,
    today: date,
    now: datetime,
    tier: str = "Gold",
) -> QualityMarkApplication:
    council = council or cf.council()
    found = QualityMarkScheme.objects.filter(council=council).first() or scheme(council, now=now)
    chosen = found.tiers.get(name=tier)
    officer = cf.officer(council)
    application = qm.apply_for_mark(scheme=found, tier=chosen, location=location, actor=officer, now=now)
    judgements = {
        k.pk: (True, "Seen on a visit", "Visit report, 3 May 2026")
        for k in chosen.criteria.filter(kind=c.ASSESSED)
    }
    qm.assess_application(application=application, actor=officer, judgements=judgements, now=now)
    return qm.decide_application(
        application=application, actor=cf.manager(council), award=True, starts_on=today, now=now
    )
