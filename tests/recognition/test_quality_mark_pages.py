"""The quality mark's staff pages as people use them: a QA manager sets up the scheme (contradictions named
beside their field), a provider manager applies from its pages, an officer nominates, the list says what
needs doing (the premium to council staff only), My work shows what waits, a suspension writes a letter, a
manager reinstates after review, and an award nearing expiry is renewed by re-assessment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client

from carewatch.core.models import AuditEntry
from carewatch.core.roles import Role
from carewatch.recognition import quality_mark_criteria as c
from carewatch.recognition import quality_mark_services as qm
from carewatch.recognition.models import (
    QualityMarkApplication,
    QualityMarkLetter,
    QualityMarkScheme,
    QualityMarkState,
)
from tests.cases import factories as cf
from tests.pages import client_for, h1, page, text
from tests.recognition import factories as f
from tests.recognition import quality_mark_factories as qf

pytestmark = pytest.mark.django_db
NOW = f.NOW  # 1 June 2026
TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def scheme_post(**overrides) -> dict:
    data = {
        "name": "Oldham Quality Mark",
        "tier-1-name": "Gold",
        "tier-1-criteria": [c.CQC_OVERALL_GOOD, c.FEEDBACK_AVERAGE],
        "tier-1-must": [c.CQC_OVERALL_GOOD],
        "tier-1-threshold": "4.2",
        "tier-1-minimum": "10",
        "tier-1-standards": "Residents choose their activities every day\nEvery resident has a named key worker",
        "tier-1-premium": "25",
        "tier-2-name": "Silver",
        "tier-2-criteria": [c.CQC_OVERALL_GOOD],
        "tier-2-must": [c.CQC_OVERALL_GOOD],
        "tier-2-premium": "20",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- the scheme ---------------------------------------------------------------------------------


def test_a_qa_manager_sets_up_the_scheme_and_it_is_audited():
    council = cf.council()
    manager = cf.manager(council)
    client = client_for(manager)
    response = client.post("/recognition/quality-marks/scheme/change/", scheme_post())
    assert response.status_code == 302
    scheme = QualityMarkScheme.objects.get(council=council)
    gold, silver = scheme.tiers.order_by("rank")
    assert (gold.name, gold.premium_per_bed, silver.premium_per_bed) == ("Gold", 25, 20)
    feedback = gold.criteria.get(kind=c.FEEDBACK_AVERAGE)
    assert (str(feedback.threshold), feedback.minimum, feedback.must_hold) == ("4.2", 10, False)
    assert gold.criteria.get(kind=c.CQC_OVERALL_GOOD).must_hold
    assert gold.criteria.filter(kind=c.ASSESSED).count() == 2
    assert AuditEntry.objects.filter(action="quality_mark.scheme_defined", actor=manager).exists()
    shown = page(client.get("/recognition/quality-marks/scheme/"))
    assert h1(shown) == "Oldham Quality Mark"
    gold_text = text(shown.select_one("main"))
    assert "at least 4.2 out of 5, from at least 10 responses" in gold_text
    assert "£25.00 a resident a week" in gold_text
    # the form opens again with what was saved
    again = page(client.get("/recognition/quality-marks/scheme/change/"))
    assert again.select_one("#id_tier-1-threshold")["value"] == "4.2"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"tier-2-criteria": [c.CQC_OVERALL_GOOD, c.COMMITMENT_SIGNED]},
            "tier-2-criteria",
            "Silver asks for “The employer has signed the Social Care Commitment”, which Gold above it does not",
        ),
        (
            {"tier-2-criteria": [c.CQC_OVERALL_GOOD, c.FEEDBACK_AVERAGE], "tier-2-threshold": "4.5"},
            "tier-2-criteria",
            "Silver asks for an average feedback score of 4.5, stricter than Gold above it (4.2)",
        ),
        (
            {"tier-1-threshold": "7"},
            "tier-1-threshold",
            "The lowest average feedback score must be from 1 to 5",
        ),
        ({"tier-1-minimum": ""}, "tier-1-minimum", "The fewest responses must be a whole number from 1 to"),
        ({"tier-2-premium": "30"}, "tier-2-premium", "Silver pays a premium of £30, more than Gold above it"),
        ({"tier-2-name": "gold"}, "tier-2-name", "Tier 2 has the same name as a tier above it"),
        ({"name": ""}, "name", "Enter the name of the quality mark"),
        (
            {"tier-1-criteria": [c.NO_OPEN_CASE], "tier-1-must": [], "tier-2-criteria": []},
            "tier-1-level",
            "Choose the ladder level from which an open case counts",
        ),
    ],
)
def test_contradictions_and_bad_input_are_named_beside_the_field_and_nothing_is_saved(
    overrides, field, message
):
    council = cf.council()
    response = client_for(cf.manager(council)).post(
        "/recognition/quality-marks/scheme/change/", scheme_post(**overrides)
    )
    soup = page(response)
    assert response.status_code == 200
    assert message in text(soup.select_one(".govuk-error-summary"))
    assert message in text(soup.find(id=f"id_{field}-error"))
    assert not QualityMarkScheme.objects.exists()


def test_only_a_qa_manager_of_the_council_sets_up_the_scheme():
    council = cf.council()
    assert client_for(cf.officer(council)).get("/recognition/quality-marks/scheme/change/").status_code == 403
    acme = f.employer("Acme Care Ltd", council)
    assert client_for(f.manager_of(acme)).get("/recognition/quality-marks/scheme/").status_code == 403
    commissioner = cf.person(council, Role.COMMISSIONER)
    assert client_for(commissioner).get("/recognition/quality-marks/scheme/").status_code == 200


# --- applying and nominating --------------------------------------------------------------------


@pytest.fixture
def world():
    council = cf.council()
    acme = f.employer("Acme Care Ltd", council)
    home = acme.provider.locations.get()
    home.beds = 30
    home.save(update_fields=["beds"])
    scheme = qf.scheme(council, now=NOW)
    scheme.tiers.filter(name="Gold").update(premium_per_bed=25)
    return council, acme, home, scheme


def test_a_provider_manager_applies_for_its_service_from_its_pages_and_sees_what_is_met(world):
    council, acme, home, scheme = world
    manager = f.manager_of(acme)
    client = client_for(manager)
    listing = page(client.get("/recognition/quality-marks/"))
    assert listing.find("a", string="Apply for a quality mark")
    form = page(client.get("/recognition/quality-marks/apply/"))
    assert [o["value"] for o in form.select("#id_location option")] == ["", home.pk]
    gold = scheme.tiers.get(name="Gold")
    response = client.post(
        "/recognition/quality-marks/apply/", {"scheme": scheme.pk, "location": home.pk, "tier": gold.pk}
    )
    application = QualityMarkApplication.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/applications/{application.pk}/")
    assert (application.nominated, application.applied_by) == (False, manager)
    detail = page(client.get(response["Location"]))
    assert "CQC rated it Good overall" in text(detail.select_one("#computed"))
    # a second application while one waits is refused, beside the service
    again = page(
        client.post(
            "/recognition/quality-marks/apply/", {"scheme": scheme.pk, "location": home.pk, "tier": gold.pk}
        )
    )
    assert "already has an application waiting for a decision" in text(again.select_one("#id_location-error"))


def test_an_empty_application_names_both_fields_and_another_providers_service_cannot_be_chosen(world):
    council, acme, home, scheme = world
    other = f.employer("Other Care Ltd", council, home="Elm House").provider.locations.get()
    client = client_for(f.manager_of(acme))
    empty = page(client.post("/recognition/quality-marks/apply/", {"scheme": scheme.pk}))
    summary = text(empty.select_one(".govuk-error-summary"))
    assert "Choose the service" in summary and "Choose the tier" in summary
    gold = scheme.tiers.get(name="Gold")
    client.post(
        "/recognition/quality-marks/apply/", {"scheme": scheme.pk, "location": other.pk, "tier": gold.pk}
    )
    assert not QualityMarkApplication.objects.exists()


def test_provider_staff_cannot_apply_and_an_officer_nominates_a_service_in_the_area(world):
    council, acme, home, scheme = world
    assert client_for(f.staff_of(acme)).get("/recognition/quality-marks/apply/").status_code == 403
    officer = cf.officer(council)
    client = client_for(officer)
    form = page(client.get("/recognition/quality-marks/apply/"))
    assert h1(form) == "Nominate a service"
    silver = scheme.tiers.get(name="Silver")
    client.post(
        "/recognition/quality-marks/apply/", {"scheme": scheme.pk, "location": home.pk, "tier": silver.pk}
    )
    application = QualityMarkApplication.objects.get()
    assert application.nominated and application.tier == silver
    assert AuditEntry.objects.filter(action="quality_mark.nominated", actor=officer).exists()


# --- the list, My work and the premium -----------------------------------------------------------


def test_the_list_says_what_needs_doing_and_my_work_shows_what_waits(world):
    council, acme, home, scheme = world
    officer = cf.officer(council)
    qm.apply_for_mark(
        scheme=scheme, tier=scheme.tiers.get(name="Gold"), location=home, actor=officer, now=NOW
    )
    rows = page(client_for(officer).get("/recognition/quality-marks/")).select("#applications tbody tr")
    assert ["A QA officer assesses it" in text(r) for r in rows] == [True]
    home_page = page(client_for(officer).get("/home/"))
    assert "Oak House" in text(home_page.select_one("#quality-marks"))
    # another council's officer sees none of it
    rochdale = cf.council("E08000005")
    assert not page(client_for(cf.officer(rochdale)).get("/recognition/quality-marks/")).select(
        "#applications"
    )


def test_the_weekly_premium_shows_to_commissioners_and_never_to_the_provider(world):
    council, acme, home, scheme = world
    qf.awarded(home, council, today=TODAY, now=NOW)
    commissioner = cf.person(council, Role.COMMISSIONER)
    soup = page(client_for(commissioner).get("/recognition/quality-marks/"))
    assert "£750.00" in text(soup.select_one("#applications"))  # £25 × 30 beds a week
    provider_view = page(client_for(f.manager_of(acme)).get("/recognition/quality-marks/"))
    assert "Premium" not in text(provider_view.select_one("main"))
    assert "£" not in text(provider_view.select_one("main"))


# --- suspension, letters, reinstatement and renewal ----------------------------------------------


def test_a_suspension_writes_a_letter_the_provider_reads_and_a_manager_reinstates_after_review(world):
    council, acme, home, scheme = world
    award = qf.awarded(home, council, today=TODAY, now=NOW)
    cf.rerate(home, rating="Requires improvement", rated_on=date(2026, 5, 30))
    assert qm.review_awards(today=TODAY, now=NOW) == (1, 0)
    letter = QualityMarkLetter.objects.get(application=award)
    assert letter.subject == "Oldham Quality Mark (Gold) suspended at Oak House"
    assert "CQC rated it Requires improvement overall" in letter.html
    assert bytes(letter.pdf).startswith(b"%PDF")
    entry = AuditEntry.objects.get(action="quality_mark.suspended")
    assert entry.after["letter"] == letter.pk
    provider = client_for(f.manager_of(acme))
    detail = page(provider.get(f"/recognition/quality-marks/applications/{award.pk}/"))
    assert "suspended at Oak House (PDF)" in text(detail.select_one("#letters"))
    pdf = provider.get(f"/recognition/quality-marks/letters/{letter.pk}/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    rochdale_officer = cf.officer(cf.council("E08000005"))
    assert (
        client_for(rochdale_officer).get(f"/recognition/quality-marks/letters/{letter.pk}/").status_code
        == 404
    )

    manager = client_for(cf.manager(council))
    url = f"/recognition/quality-marks/applications/{award.pk}/reinstate/"
    refused = page(manager.post(url, {"reason": "Reviewed with the provider"}))
    assert "A criterion that must hold is still not met" in text(refused.select_one("#id_reason-error"))
    cf.rerate(home, rating="Good", rated_on=date(2026, 5, 31))
    assert manager.post(url, {"reason": "CQC re-inspected: Good"}).status_code == 302
    award.refresh_from_db()
    assert (award.state, award.reinstated_on) == (QualityMarkState.AWARDED, TODAY)
    assert award.letters.filter(kind="reinstated").exists()
    assert AuditEntry.objects.filter(action="quality_mark.reinstated").exists()
    public = page(Client().get(f"/services/{home.pk}/"))
    assert "Oldham Quality Mark: Gold" in text(public.select_one("main"))


def test_an_officer_records_the_review_of_a_flagged_award(world):
    council, acme, home, scheme = world
    award = qf.awarded(home, council, today=TODAY, now=NOW)
    QualityMarkApplication.objects.filter(pk=award.pk).update(review_reason="Open case at level 2")
    client = client_for(cf.officer(council))
    url = f"/recognition/quality-marks/applications/{award.pk}/review/"
    assert "Say what the review found" in text(page(client.post(url, {})).select_one(".govuk-error-summary"))
    assert client.post(url, {"reason": "Case closed after the visit"}).status_code == 302
    award.refresh_from_db()
    assert award.review_reason == "" and AuditEntry.objects.filter(action="quality_mark.reviewed").exists()


def test_an_award_nearing_expiry_is_renewed_by_reassessment_and_expired_awards_stop_showing(world):
    council, acme, home, scheme = world
    award = qf.awarded(home, council, today=date(2025, 7, 1), now=NOW)  # to 1 July 2026: 30 days left
    client = client_for(f.manager_of(acme))
    detail = page(client.get(f"/recognition/quality-marks/applications/{award.pk}/"))
    assert detail.find("a", string="Renew the award")
    response = client.post(f"/recognition/quality-marks/applications/{award.pk}/renew/")
    renewal = QualityMarkApplication.objects.get(renewal_of=award)
    assert response["Location"].endswith(f"/applications/{renewal.pk}/")
    officer, manager = cf.officer(council), cf.manager(council)
    standards = {k.pk: (True, "Seen", "Visit report") for k in renewal.tier.criteria.filter(kind=c.ASSESSED)}
    qm.assess_application(application=renewal, actor=officer, judgements=standards, now=NOW)
    qm.decide_application(application=renewal, actor=manager, award=True, starts_on=TODAY, now=NOW)
    award.refresh_from_db()
    assert award.expires_on == TODAY  # the renewal takes over: one mark shows
    # a second renewal is refused
    again = page(client.post(f"/recognition/quality-marks/applications/{award.pk}/renew/"))
    assert "An award can be renewed only in the 90 days before it expires" in text(
        again.select_one(".govuk-error-summary")
    )
    with time_machine.travel(NOW + timedelta(days=400), tick=False):
        public = page(Client().get(f"/services/{home.pk}/"))
        assert "Oldham Quality Mark" not in text(public.select_one("main"))
