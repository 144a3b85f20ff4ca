"""A quality mark from application to suspension: the provider applies, an officer assesses, a manager
(never the assessor) awards it for 12 months, then a CQC downgrade suspends it the same day."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from carewatch.core.models import AuditEntry
from carewatch.recognition import quality_mark_criteria as c
from carewatch.recognition import quality_mark_services as qm
from carewatch.recognition.errors import InvalidInput, NotPermitted
from carewatch.recognition.models import QualityMarkApplication, QualityMarkState
from tests.cases import factories as cf
from tests.recognition import factories as f

pytestmark = pytest.mark.django_db
NOW = f.NOW
TODAY = date(2026, 6, 1)


@pytest.fixture
def scheme_and_home():
    council = cf.council()
    acme = f.employer("Acme Care Ltd", council)
    home = acme.provider.locations.get()
    officer, manager = cf.officer(council), cf.manager(council)
    scheme = qm.define_scheme(
        council=council,
        actor=manager,
        name="Oldham Quality Mark",
        tiers=[
            qm.TierInput(
                "Gold",
                [
                    qm.CriterionInput(c.CQC_OVERALL_GOOD, must_hold=True),
                    qm.CriterionInput(c.NO_OPEN_CASE, level="2"),
                    qm.CriterionInput(c.ASSESSED, standard="Residents choose their activities every day"),
                ],
            ),
            qm.TierInput("Silver", [qm.CriterionInput(c.CQC_OVERALL_GOOD)]),
        ],
        now=NOW,
    )
    return scheme, home, f.manager_of(acme), officer, manager


def _awarded(scheme_and_home):
    scheme, home, provider_manager, officer, manager = scheme_and_home
    gold = scheme.tiers.get(rank=1)
    application = qm.apply_for_mark(scheme=scheme, tier=gold, location=home, actor=provider_manager, now=NOW)
    standard = gold.criteria.get(kind=c.ASSESSED)
    qm.assess_application(
        application=application,
        actor=officer,
        judgements={standard.pk: (True, "Seen on a visit", "Visit report, 3 May 2026")},
        now=NOW,
    )
    return qm.decide_application(application=application, actor=manager, award=True, starts_on=TODAY, now=NOW)


def test_the_application_shows_which_computed_criteria_are_met_now_with_evidence(scheme_and_home):
    scheme, home, provider_manager, *_ = scheme_and_home
    application = qm.apply_for_mark(
        scheme=scheme, tier=scheme.tiers.get(rank=1), location=home, actor=provider_manager, now=NOW
    )
    found = [
        (j.criterion.kind, j.result.met, j.result.evidence) for j in qm.computed_now(application, today=TODAY)
    ]
    assert found == [
        (c.CQC_OVERALL_GOOD, True, "CQC rated it Good overall (1 June 2024)"),
        (c.NO_OPEN_CASE, True, "No open case at level 2 or above"),
    ]
    assert AuditEntry.objects.filter(action="quality_mark.applied", object_id=str(application.pk)).exists()


def test_an_award_runs_12_months_by_default_and_is_audited(scheme_and_home):
    award = _awarded(scheme_and_home)
    assert (award.state, award.starts_on, award.expires_on) == (
        QualityMarkState.AWARDED,
        TODAY,
        date(2027, 6, 1),
    )
    assert AuditEntry.objects.filter(action="quality_mark.awarded", object_id=str(award.pk)).exists()


def test_the_officer_who_assessed_cannot_decide(scheme_and_home):
    scheme, home, provider_manager, officer, manager = scheme_and_home
    gold = scheme.tiers.get(rank=1)
    application = qm.apply_for_mark(scheme=scheme, tier=gold, location=home, actor=provider_manager, now=NOW)
    standard = gold.criteria.get(kind=c.ASSESSED)
    qm.assess_application(
        application=application,
        actor=manager,
        judgements={standard.pk: (True, "Seen", "Visit report, 3 May 2026")},
        now=NOW,
    )
    with pytest.raises(NotPermitted, match="Someone other than the officer who assessed it"):
        qm.decide_application(application=application, actor=manager, award=True, starts_on=TODAY, now=NOW)


def test_an_expiry_before_the_start_is_refused_naming_the_field(scheme_and_home):
    scheme, home, provider_manager, officer, manager = scheme_and_home
    gold = scheme.tiers.get(rank=1)
    application = qm.apply_for_mark(scheme=scheme, tier=gold, location=home, actor=provider_manager, now=NOW)
    standard = gold.criteria.get(kind=c.ASSESSED)
    qm.assess_application(
        application=application,
        actor=officer,
        judgements={standard.pk: (True, "Seen", "Visit report, 3 May 2026")},
        now=NOW,
    )
    with pytest.raises(InvalidInput) as raised:
        qm.decide_application(
            application=application,
            actor=manager,
            award=True,
            starts_on=TODAY,
            expires_on=date(2026, 5, 1),
            now=NOW,
        )
    assert raised.value.problems == [("expires_on", "The expiry date must be after the start date")]
    assert QualityMarkApplication.objects.get().state == QualityMarkState.ASSESSED


def test_a_missing_assessment_note_is_refused_naming_the_criterion(scheme_and_home):
    scheme, home, provider_manager, officer, _ = scheme_and_home
    gold = scheme.tiers.get(rank=1)
    application = qm.apply_for_mark(scheme=scheme, tier=gold, location=home, actor=provider_manager, now=NOW)
    standard = gold.criteria.get(kind=c.ASSESSED)
    with pytest.raises(InvalidInput) as raised:
        qm.assess_application(
            application=application,
            actor=officer,
            judgements={standard.pk: (True, " ", "Visit report")},
            now=NOW,
        )
    assert raised.value.field == f"criterion-{standard.pk}-note"


def test_a_cqc_downgrade_suspends_an_award_whose_must_hold_criterion_fails(scheme_and_home):
    award = _awarded(scheme_and_home)
    cf.rerate(award.location, rating="Requires improvement", rated_on=date(2026, 6, 10))
    assert qm.review_awards(today=date(2026, 6, 11), now=NOW) == (1, 0)
    award.refresh_from_db()
    assert award.state == QualityMarkState.SUSPENDED and award.suspended_on == date(2026, 6, 11)
    assert award.suspension_reason == "CQC rated it Requires improvement overall (10 June 2026)"
    assert AuditEntry.objects.filter(action="quality_mark.suspended", object_id=str(award.pk)).exists()
    assert qm.current_awards(date(2026, 6, 11)) == []


def test_an_open_case_flags_the_award_for_review_without_suspending_it(scheme_and_home, monkeypatch):
    award = _awarded(scheme_and_home)
    real = qm.quality_mark_evidence.gather

    def with_case(ids, *, council, today):
        found = real(ids, council=council, today=today)
        return {k: c.Evidence(**{**v.__dict__, "open_case_levels": ("3",)}) for k, v in found.items()}

    monkeypatch.setattr(qm.quality_mark_evidence, "gather", with_case)
    assert qm.review_awards(today=date(2026, 6, 11), now=NOW) == (0, 1)
    award.refresh_from_db()
    assert award.state == QualityMarkState.AWARDED and award.review_reason == "Open case at level 3"


def test_the_command_reviews_every_current_award(scheme_and_home):
    award = _awarded(scheme_and_home)
    cf.rerate(award.location, rating="Inadequate", rated_on=date(2026, 6, 10))
    call_command("review_quality_marks", "--date", "2026-06-11")
    award.refresh_from_db()
    assert award.state == QualityMarkState.SUSPENDED


def test_a_council_awards_its_mark_only_to_services_in_its_own_area(scheme_and_home):
    scheme, _home, _provider_manager, officer, _manager = scheme_and_home
    elsewhere = cf.location("E08000005", name="Rochdale House")  # Rochdale, not Oldham
    gold = scheme.tiers.get(rank=1)
    with pytest.raises(InvalidInput) as refused:
        qm.apply_for_mark(scheme=scheme, tier=gold, location=elsewhere, actor=officer, now=NOW)
    assert refused.value.problems == [
        (
            "location",
            "Rochdale House is not in Oldham Council's area, so Oldham Quality Mark cannot be given to it",
        )
    ]
    assert not QualityMarkApplication.objects.filter(location=elsewhere).exists()
