"""Actions and evidence on a case's pages: adding an action, recording a meeting, linking evidence.

Time is frozen on Monday 2 March 2026.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from carewatch.cases import services
from carewatch.core.roles import Role
from tests.cases import factories as f
from tests.cases import given
from tests.cases.pages import client_for, date_fields, errors, page, text

NOW = given.OPENED_AT

pytestmark = pytest.mark.usefixtures("frozen")


# --- actions ---------------------------------------------------------------------------------------------


def test_an_officer_adds_an_action_and_is_told_what_it_needs(world, officer):
    case = given.open_case(world, level="2")
    url = reverse("cases:action_add", kwargs={"case_id": case.pk})
    page(officer.get(url))
    soup = page(officer.post(url, {"kind": "enhanced_monitoring", "owner": world.officer.pk}))
    assert list(errors(soup).values()) == ["Choose how often to visit"]
    soup = page(officer.post(url, {"kind": "referral_to_cqc", "owner": world.officer.pk, "due_on_day": "31"}))
    assert list(errors(soup).values()) == ["Enter the due date as a day, month and year"]
    response = officer.post(
        url,
        {
            "kind": "peer_support",
            "owner": world.manager.pk,
            "peer_provider": f.provider(name="Strong Care Ltd").pk,
            **date_fields("due_on", date(2026, 4, 1)),
        },
    )
    assert response.status_code == 302
    soup = page(officer.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})))
    assert "Peer support from Strong Care Ltd" in text(soup, "#open-actions")


def test_an_officer_records_a_meeting_and_the_next_one(world, officer):
    case = given.open_case(world, level="3")
    meeting = services.add_action(
        actor=world.officer,
        case=case,
        kind="provider_concerns_meeting",
        owner=world.officer,
        due_on=date(2026, 3, 2),
        now=NOW,
    )
    url = reverse("cases:action_complete", kwargs={"action_id": meeting.pk})
    assert "Record a meeting" in text(page(officer.get(url)), "h1")
    officer.post(
        url, {**date_fields("done_on", date(2026, 3, 2)), **date_fields("next_meeting_on", date(2026, 3, 16))}
    )
    soup = page(officer.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})))
    assert "16 March 2026" in text(soup, "#open-actions")
    assert "Held on 2 March 2026" in soup.get_text()


# --- linking evidence ----------------------------------------------------------------------------


def test_an_officer_links_a_visit_finding_and_a_concern_to_the_case(world):
    from carewatch.cases.models import CaseEvidence
    from carewatch.core.models import AuditEntry
    from carewatch.monitoring import services as monitoring

    monitoring.install_defaults(now=NOW)
    visit = monitoring.create_visit(
        organisation=world.council,
        actor=world.officer,
        location=world.home,
        visit_on=date(2026, 2, 20),
        kind="responsive",
        announced=False,
        officers=[world.officer],
        now=NOW,
    )
    finding = monitoring.add_finding(
        visit=visit,
        actor=world.officer,
        text="Two people's medicines were missed on the morning round.",
        severity="high",
        statement_id=8,
        theme="medicines",
        now=NOW,
    )
    case = given.open_case(world)
    officer = client_for(world.officer)
    detail = page(officer.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})))
    link = detail.find("a", string="Link evidence")
    soup = page(officer.get(link["href"]))
    offered = {label.text.strip(): label["for"] for label in soup.select(".govuk-checkboxes__label")}
    assert "CQC rated Oak House Good, published 1 June 2024" in offered
    medicines = next(label for label in offered if label.startswith("Two people's medicines were missed"))
    assert "(high; Medicines; the visit to Oak House on 20 February 2026)" in medicines
    # Nothing chosen and nothing written: an error that points at the checkboxes.
    assert errors(page(officer.post(link["href"], {}))) == {
        "#id_chosen_0": "Choose at least one thing to link, or describe a concern"
    }
    index = soup.find(id=offered[medicines])["value"]
    response = officer.post(
        link["href"],
        {"chosen": [index], "concern": "A relative rang on 1 March: call bells unanswered at night."},
    )
    assert response.status_code == 302
    rows = set(CaseEvidence.objects.filter(case=case).values_list("kind", "object_id"))
    assert ("visit_finding", f"monitoring.finding:{finding.pk}") in rows
    assert any(kind == "concern" for kind, _ in rows)
    evidence = text(page(officer.get(response["Location"])), "#evidence + dl")
    assert "Two people's medicines were missed" in evidence and "call bells unanswered" in evidence
    entry = AuditEntry.objects.get(action="case.evidence_added", object_id=str(case.pk))
    assert len(entry.after["evidence"]) == 2
    # What is linked is not offered again.
    again = page(officer.get(link["href"]))
    labels = [label.text for label in again.select(".govuk-checkboxes__label")]
    assert not any(label.startswith("Two people's medicines") for label in labels)


def test_only_the_councils_officers_link_evidence(world):
    case = given.open_case(world)
    url = reverse("cases:evidence_add", kwargs={"case_id": case.pk})
    rochdale = f.council("E08000005")
    assert client_for(f.officer(rochdale)).post(url, {"concern": "x"}).status_code == 404
    commissioner = f.person(world.council, Role.COMMISSIONER)
    assert client_for(commissioner).post(url, {"concern": "x"}).status_code == 403
    assert not case.evidence.exists()
