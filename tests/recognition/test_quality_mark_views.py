"""The quality mark's staff pages: an application shows which computed criteria are met now with their
evidence; a QA manager who did not assess it decides; bad dates are named beside their field; other
councils and providers get 404."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from carewatch.core.models import AuditEntry
from carewatch.recognition import quality_mark_criteria as c
from carewatch.recognition import quality_mark_services as qm
from carewatch.recognition.models import QualityMarkState
from tests.cases import factories as cf
from tests.pages import client_for, h1, page, text
from tests.recognition import factories as f
from tests.recognition import quality_mark_factories as qf

pytestmark = pytest.mark.django_db
NOW = f.NOW  # 1 June 2026


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def assessed():
    council = cf.council()
    acme = f.employer("Acme Care Ltd", council)
    home = acme.provider.locations.get()
    scheme = qf.scheme(council, now=NOW)
    gold = scheme.tiers.get(name="Gold")
    officer = cf.officer(council)
    application = qm.apply_for_mark(
        scheme=scheme, tier=gold, location=home, actor=f.manager_of(acme), now=NOW
    )
    standard = gold.criteria.get(kind=c.ASSESSED)
    qm.assess_application(
        application=application,
        actor=officer,
        judgements={standard.pk: (True, "Seen on the visit", "Visit report, 3 May 2026")},
        now=NOW,
    )
    return application, council, acme, officer


def test_the_provider_sees_which_computed_criteria_are_met_now_with_evidence(assessed):
    application, council, acme, officer = assessed
    soup = page(
        client_for(f.staff_of(acme)).get(f"/recognition/quality-marks/applications/{application.pk}/")
    )
    assert h1(soup) == "Oldham Quality Mark: Gold"
    rows = [" ".join(r.get_text(" ").split()) for r in soup.select("#computed tbody tr")]
    assert rows == [
        "CQC overall rating Good or Outstanding Met CQC rated it Good overall (1 June 2024)",
        "No open case on the council's ladder of intervention at level 2 or above Met No open case at level 2 or above",
    ]
    assert "Seen on the visit" in text(soup.select_one("#assessed"))
    assert not soup.find("a", string="Decide on the quality mark")  # providers never decide


def test_a_manager_awards_it_for_12_months_and_it_is_audited(assessed):
    application, council, *_ = assessed
    manager = cf.manager(council)
    client = client_for(manager)
    detail = page(client.get(f"/recognition/quality-marks/applications/{application.pk}/"))
    assert detail.find("a", string="Decide on the quality mark")
    response = client.post(
        f"/recognition/quality-marks/applications/{application.pk}/decide/",
        {"award": "yes", "starts_on_day": "1", "starts_on_month": "6", "starts_on_year": "2026"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.state, application.expires_on) == (QualityMarkState.AWARDED, date(2027, 6, 1))
    assert AuditEntry.objects.filter(action="quality_mark.awarded", actor=manager).exists()


def test_a_mark_cannot_be_awarded_while_a_criterion_that_must_hold_fails(assessed):
    """Awarding it would show the badge on the public pages until the next daily review suspended it and
    wrote to the provider; the manager is told which criterion fails, and may still refuse."""
    application, council, *_ = assessed
    cf.rerate(application.location, rating="Requires improvement", rated_on=date(2026, 5, 20))
    client = client_for(cf.manager(council))
    url = f"/recognition/quality-marks/applications/{application.pk}/decide/"
    response = client.post(
        url, {"award": "yes", "starts_on_day": "1", "starts_on_month": "6", "starts_on_year": "2026"}
    )
    assert response.status_code == 200
    soup = page(response)
    assert soup.title.get_text().startswith("Error:")
    assert (
        "A criterion that must hold is not met today, so the mark cannot be awarded: CQC rated it "
        "Requires improvement overall (20 May 2026)"
    ) in text(soup.select_one(".govuk-error-summary"))
    application.refresh_from_db()
    assert application.state == QualityMarkState.ASSESSED
    assert not AuditEntry.objects.filter(action="quality_mark.awarded").exists()
    refused = client.post(url, {"award": "no", "note": "Rated Requires improvement by CQC"})
    assert refused.status_code == 302
    application.refresh_from_db()
    assert application.state == QualityMarkState.REFUSED


def test_an_expiry_before_the_start_is_named_beside_the_expiry(assessed):
    application, council, *_ = assessed
    response = client_for(cf.manager(council)).post(
        f"/recognition/quality-marks/applications/{application.pk}/decide/",
        {
            "award": "yes",
            **{"starts_on_day": "1", "starts_on_month": "6", "starts_on_year": "2026"},
            **{"expires_on_day": "1", "expires_on_month": "5", "expires_on_year": "2026"},
        },
    )
    assert response.status_code == 200
    soup = page(response)
    assert soup.title.get_text().startswith("Error:")
    assert "The expiry date must be after the start date" in text(soup.select_one(".govuk-error-summary"))
    application.refresh_from_db()
    assert application.state == QualityMarkState.ASSESSED


def test_the_assessing_manager_is_told_someone_else_must_decide(assessed):
    application, council, acme, officer = assessed
    manager = cf.manager(council)
    application.assessed_by = manager
    application.save(update_fields=["assessed_by"])
    client = client_for(manager)
    assert not page(client.get(f"/recognition/quality-marks/applications/{application.pk}/")).find(
        "a", string="Decide on the quality mark"
    )
    response = client.post(
        f"/recognition/quality-marks/applications/{application.pk}/decide/",
        {"award": "yes", "starts_on_day": "1", "starts_on_month": "6", "starts_on_year": "2026"},
    )
    assert "Someone other than the officer who assessed it must decide" in text(page(response))
    application.refresh_from_db()
    assert application.state == QualityMarkState.ASSESSED


def test_another_council_and_another_provider_get_404(assessed):
    application, *_ = assessed
    rochdale = cf.council("E08000005")
    other = f.employer("Beech Care Ltd", home="Beech House")
    for person in (cf.manager(rochdale), f.manager_of(other)):
        response = client_for(person).get(f"/recognition/quality-marks/applications/{application.pk}/")
        assert response.status_code == 404


@pytest.fixture
def applied():
    council = cf.council()
    acme = f.employer("Acme Care Ltd", council)
    scheme = qf.scheme(council, now=NOW)
    gold = scheme.tiers.get(name="Gold")
    application = qm.apply_for_mark(
        scheme=scheme, tier=gold, location=acme.provider.locations.get(), actor=f.manager_of(acme), now=NOW
    )
    return application, council, gold.criteria.get(kind=c.ASSESSED)


def test_an_officer_assesses_the_written_standard_with_a_note_and_the_evidence(applied):
    application, council, standard = applied
    officer = cf.officer(council)
    client = client_for(officer)
    url = f"/recognition/quality-marks/applications/{application.pk}/assess/"
    soup = page(client.get(url))
    assert "Residents choose their activities every day" in text(soup.select_one("main form"))
    missing = page(
        client.post(url, {f"met_{standard.pk}": "yes", f"note_{standard.pk}": "Seen on the visit"})
    )
    assert "Say what evidence you saw for criterion 1" in text(missing.select_one(".govuk-error-summary"))
    response = client.post(
        url,
        {
            f"met_{standard.pk}": "yes",
            f"note_{standard.pk}": "Seen on the visit",
            f"evidence_{standard.pk}": "Activities log, May 2026; visit report 3 May 2026",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.state, application.assessed_by) == (QualityMarkState.ASSESSED, officer)
    assessment = application.assessments.get()
    assert (assessment.note, assessment.evidence) == (
        "Seen on the visit",
        "Activities log, May 2026; visit report 3 May 2026",
    )
    detail = page(client.get(f"/recognition/quality-marks/applications/{application.pk}/"))
    assert "Evidence: Activities log, May 2026" in text(detail.select_one("#assessed"))


def test_an_assessment_without_a_note_is_named_beside_it_and_nothing_is_saved(applied):
    application, council, standard = applied
    response = client_for(cf.officer(council)).post(
        f"/recognition/quality-marks/applications/{application.pk}/assess/", {f"met_{standard.pk}": "no"}
    )
    soup = page(response)
    assert "Write a note on criterion 1" in text(soup.select_one(".govuk-error-summary"))
    application.refresh_from_db()
    assert application.state == QualityMarkState.APPLIED and not application.assessments.exists()


def test_the_provider_cannot_assess_its_own_application(applied):
    application, council, standard = applied
    from carewatch.core.models import Organisation

    acme_manager = f.manager_of(Organisation.objects.get(provider=application.location.provider))
    response = client_for(acme_manager).get(
        f"/recognition/quality-marks/applications/{application.pk}/assess/"
    )
    assert response.status_code == 403
