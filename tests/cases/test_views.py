"""What council staff see and do on the ladder's pages: the case list, a case, proposing and deciding.

Pages are read as a person reads them (BeautifulSoup, ``tests/cases/pages.py``): a title ending
"– carewatch", one h1, labelled fields, CSRF-protected forms. Time is frozen on Monday 2 March 2026.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carewatch.cases import services
from carewatch.cases.ladder import ProposalKind
from carewatch.cases.models import Case, CaseStatus, Proposal
from carewatch.core.roles import Role
from tests.cases import factories as f
from tests.cases import given
from tests.cases.pages import client_for, errors, page, text

NOW = given.OPENED_AT

pytestmark = pytest.mark.usefixtures("frozen")


# --- proposing a case ---------------------------------------------------------------------------------


def test_an_officer_proposes_a_case_from_a_location_and_a_manager_opens_it(world, officer, manager):
    # Given an officer follows "Propose a case" from Oak House's page
    soup = page(officer.get(reverse("cases:case_propose") + f"?location={world.home.pk}"))
    assert "Propose a case: Oak House" in text(soup, "h1")
    # When they propose level 2 with a reason and the CQC rating as evidence
    response = officer.post(
        reverse("cases:case_propose"),
        {"location": world.home.pk, "level": "2", "reason": "Two falls in a week", "attach_rating": "on"},
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.kind, proposal.level, proposal.status) == ("open", "2", "pending")
    assert proposal.evidence.get().summary.startswith("CQC rated Oak House Good")
    # Then the manager sees it on their task list, due today
    soup = page(manager.get(reverse("cases:task_list")))
    assert "Decide: open a case (2 – Enhanced monitoring)" in text(soup, "#tasks-due-today")
    # And, deciding it, opens the case at level 2
    soup = page(manager.get(reverse("cases:proposal_decide", kwargs={"proposal_id": proposal.pk})))
    assert "Two falls in a week" in text(soup, "#proposal")
    response = manager.post(
        reverse("cases:proposal_decide", kwargs={"proposal_id": proposal.pk}), {"accept": "yes", "reason": ""}
    )
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:case_detail", kwargs={"case_id": case.pk})
    soup = page(manager.get(response["Location"]))
    assert "Level 2" in text(soup, "#case-summary")
    assert "Case opened at level 2" in text(soup, "#history + ol")
    assert "CQC rated Oak House Good" in soup.get_text()


def test_proposing_a_case_needs_a_level_and_a_reason(world, officer):
    soup = page(officer.post(reverse("cases:case_propose"), {"location": world.home.pk}))
    assert set(errors(soup).values()) == {"Choose the level the case should open at", "Enter the reason"}


def test_proposing_a_case_about_an_unknown_location_says_so(world, officer):
    soup = page(
        officer.post(reverse("cases:case_propose"), {"location": "1-999", "level": "1", "reason": "x"})
    )
    assert list(errors(soup).values()) == ["There is no service with that CQC location ID"]


def test_proposing_a_case_about_a_location_already_in_one_points_to_it(world, officer):
    case = given.open_case(world)
    soup = page(officer.get(reverse("cases:case_propose") + f"?location={world.home.pk}"))
    assert f"case {case.pk}" in text(soup, "#open-case")
    soup = page(
        officer.post(reverse("cases:case_propose"), {"location": world.home.pk, "level": "2", "reason": "x"})
    )
    assert f"Oak House is already in open case {case.pk}" in " ".join(errors(soup).values())


def test_an_officer_proposes_a_case_about_a_provider_across_several_locations(world, officer):
    provider = world.home.provider
    second = f.location(world.council, provider=provider, name="Elm Lodge")
    soup = page(officer.get(reverse("cases:case_propose") + f"?location={world.home.pk}"))
    assert "Elm Lodge" in text(soup, "main form")
    officer.post(
        reverse("cases:case_propose"),
        {"location": world.home.pk, "also": [second.pk], "level": "3", "reason": "A pattern across homes"},
    )
    proposal = Proposal.objects.get()
    assert proposal.scope == "provider" and proposal.provider == provider
    assert set(proposal.locations.values_list("pk", flat=True)) == {world.home.pk, second.pk}


# --- the case list -------------------------------------------------------------------------------------


def test_the_case_list_filters_by_level_status_and_due_and_puts_overdue_first(world, manager):
    at_two = given.open_case(world, level="2")
    other = f.location(world.council, name="Birch Court")
    at_three = given.open_case(world, level="3", locations=[other])
    services.add_action(
        actor=world.manager,
        case=at_three,
        kind="referral_to_cqc",
        owner=world.officer,
        due_on=date(2026, 2, 27),
        now=NOW,
    )
    closed = given.open_case(world, level="1", locations=[f.location(world.council, name="Ash House")])
    services.close_case(actor=world.manager, case=closed, reason="Done", seen_revision=1, now=NOW)

    soup = page(manager.get(reverse("cases:case_list")))
    rows = [" ".join(row.get_text(" ").split()) for row in soup.select("#cases tbody tr")]
    assert [row.split()[1] for row in rows] == [
        str(at_three.pk),
        str(at_two.pk),
    ]  # overdue first; closed hidden
    assert "Overdue" in rows[0]

    soup = page(manager.get(reverse("cases:case_list") + "?level=2"))
    assert [a.text for a in soup.select("#cases tbody tr td:first-child a")] == [f"Case {at_two.pk}"]
    soup = page(manager.get(reverse("cases:case_list") + "?due=overdue"))
    assert [a.text for a in soup.select("#cases tbody tr td:first-child a")] == [f"Case {at_three.pk}"]
    soup = page(manager.get(reverse("cases:case_list") + "?status=closed"))
    assert [a.text for a in soup.select("#cases tbody tr td:first-child a")] == [f"Case {closed.pk}"]


def test_the_case_list_takes_the_same_number_of_queries_for_many_cases(world, manager):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            page(manager.get(reverse("cases:case_list")))
        return len(queries)

    given.open_case(world, level="2")
    few = count()
    for number in range(5):
        given.open_case(world, level="3", locations=[f.location(world.council, name=f"Home {number}")])
    assert count() == few


def test_another_councils_cases_are_not_listed_and_their_pages_are_not_found(world):
    case = given.open_case(world)
    rochdale = f.council("E08000005")
    stranger = client_for(f.manager(rochdale))
    soup = page(stranger.get(reverse("cases:case_list")))
    assert soup.select_one("#no-cases")
    for name in ("cases:case_detail", "cases:change_decide", "cases:change_propose", "cases:action_add"):
        assert stranger.get(reverse(name, kwargs={"case_id": case.pk})).status_code == 404


def test_a_partner_commissioner_reads_the_case_but_cannot_decide_or_act(world):
    case = given.open_case(world, level="2")
    icb = f.icb_organisation()
    world.council.partners.add(icb)
    commissioner = client_for(f.person(icb, Role.COMMISSIONER, name="Cleo Commissioner"))
    soup = page(commissioner.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})))
    assert soup.select_one("#case-actions") is None  # no links to act
    assert commissioner.get(reverse("cases:change_decide", kwargs={"case_id": case.pk})).status_code == 403
    assert commissioner.get(reverse("cases:action_add", kwargs={"case_id": case.pk})).status_code == 403
    assert commissioner.get(reverse("cases:task_list")).status_code == 403


def test_a_council_commissioner_cannot_decide(world):
    case = given.open_case(world, level="2")
    commissioner = client_for(f.person(world.council, Role.COMMISSIONER, name="Cleo Commissioner"))
    page(commissioner.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})))
    response = commissioner.post(
        reverse("cases:change_decide", kwargs={"case_id": case.pk}),
        {"kind": "escalate", "level": "3", "reason": "x", "seen_revision": 1},
    )
    assert response.status_code == 403
    assert Case.objects.get().level == "2"


# --- the case page -------------------------------------------------------------------------------------


def test_the_case_page_shows_status_actions_due_next_evidence_and_the_audit_trail(world, officer):
    case = given.open_case(world, level="1")
    services.add_evidence(
        actor=world.officer,
        case=case,
        evidence=services.EvidenceLink(kind="concern", object_id="c-1", summary="Medication errors reported"),
        now=NOW,
    )
    services.add_action(actor=world.officer, case=case, kind="action_plan", owner=world.officer, now=NOW)
    services.add_action(
        actor=world.officer,
        case=case,
        kind="enhanced_monitoring",
        owner=world.manager,
        due_on=date(2026, 3, 20),
        details={"visit_frequency": "daily"},
        now=NOW,
    )
    soup = page(officer.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})))
    assert text(soup, "h1") == f"Case {case.pk}: Oak House"
    assert "Level 1 Improvement required" in text(soup, "#case-summary")
    actions = text(soup, "#open-actions")
    assert "Action plan" in actions and "16 March 2026" in actions  # 14 days
    assert "Visits: daily" in actions and "Maya Manager" in actions
    assert "Action plan: due 16 March 2026 (Olive Officer)" in text(soup, "#due-next")
    assert "Medication errors reported" in soup.get_text()
    assert "Case opened at level 1" in text(soup, "#history + ol")
    assert soup.select(".carewatch-timeline__item[id^=audit-entry-]")  # the audit trail


# --- proposing and deciding changes ---------------------------------------------------------------


def test_an_officer_proposes_an_escalation_and_the_manager_accepts_it(world, officer, manager):
    case = given.open_case(world, level="2")
    url = reverse("cases:change_propose", kwargs={"case_id": case.pk})
    soup = page(officer.get(url))
    assert "Level 3: Provider concern" in text(soup, "main form")
    officer.post(
        url, {"kind": "escalate", "level": "3", "reason": "Pattern of safeguarding", "seen_revision": 1}
    )
    proposal = Proposal.objects.get()
    soup = page(officer.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})))
    assert "Pattern of safeguarding" in text(soup, "#pending-proposals")
    assert soup.select_one("#pending-proposals a") is None  # only a manager decides

    manager.post(
        reverse("cases:proposal_decide", kwargs={"proposal_id": proposal.pk}),
        {"accept": "yes", "reason": "", "seen_revision": 1},
    )
    case.refresh_from_db()
    assert case.level == "3"
    assert CaseStatus.objects.get(case=case, revision=2).proposal == proposal


def test_declining_a_proposal_needs_a_reason(world, manager):
    case = given.open_case(world, level="2")
    proposal = services.propose_change(
        actor=world.officer, case=case, kind=ProposalKind.ESCALATE, level="3", reason="x", now=NOW
    )
    url = reverse("cases:proposal_decide", kwargs={"proposal_id": proposal.pk})
    soup = page(manager.post(url, {"accept": "no", "reason": "", "seen_revision": 1}))
    assert list(errors(soup).values()) == ["Enter the reason"]
    manager.post(url, {"accept": "no", "reason": "Not enough evidence yet", "seen_revision": 1})
    soup = page(manager.get(url))
    assert "Declined by Maya Manager" in text(soup, "#already-decided")


def test_an_officer_cannot_open_the_decide_pages(world, officer):
    case = given.open_case(world, level="2")
    proposal = services.propose_change(
        actor=world.officer, case=case, kind=ProposalKind.ESCALATE, level="3", reason="x", now=NOW
    )
    assert officer.get(reverse("cases:change_decide", kwargs={"case_id": case.pk})).status_code == 403
    assert (
        officer.get(reverse("cases:proposal_decide", kwargs={"proposal_id": proposal.pk})).status_code == 403
    )


def test_a_manager_escalates_directly_with_a_reason_and_the_table_refuses_a_wrong_move(world, manager):
    case = given.open_case(world, level="2")
    url = reverse("cases:change_decide", kwargs={"case_id": case.pk})
    soup = page(manager.get(url))
    assert "Safeguarding or complaints" in text(soup, "#entry-criteria")  # level 4's entry criteria
    soup = page(manager.post(url, {"kind": "de_escalate", "level": "3", "reason": "x", "seen_revision": 1}))
    assert list(errors(soup).values()) == ["A case at level 2 cannot be stepped down to level 3"]
    soup = page(manager.post(url, {"kind": "escalate", "reason": "", "seen_revision": 1}))
    assert set(errors(soup).values()) == {"Choose the level", "Enter the reason"}
    response = manager.post(url, {"kind": "escalate", "level": "3", "reason": "Pattern", "seen_revision": 1})
    assert response.status_code == 302
    soup = page(manager.get(response["Location"]))
    assert "The case has been escalated to level 3" in text(soup, ".govuk-notification-banner")


def test_when_someone_else_changed_the_case_the_manager_is_told_what_and_decides_again(world, manager):
    case = given.open_case(world, level="2")
    url = reverse("cases:change_decide", kwargs={"case_id": case.pk})
    soup = page(manager.get(url))
    seen = soup.select_one("input[name=seen_revision]")["value"]
    # Meanwhile another manager escalates the case
    colleague = f.manager(world.council, name="Priya Patel")
    services.escalate_case(
        actor=colleague,
        case=case,
        level="3",
        reason="Serious incident",
        seen_revision=1,
        now=f.at(2026, 3, 2, 11, 7),
    )
    # When the first manager makes their decision on what they saw
    soup = page(
        manager.post(url, {"kind": "escalate", "level": "4", "reason": "Embargo", "seen_revision": seen})
    )
    message = list(errors(soup).values())[0]
    assert message == (
        "Someone else changed this case: Priya Patel escalated it from level 2 to level 3 at 11:07 on "
        "2 March 2026. Review and decide again."
    )
    assert "Level 3" in text(soup, "#current-level")
    # Then the form now carries what they have seen, and deciding again works
    assert soup.select_one("input[name=seen_revision]")["value"] == "2"
    manager.post(url, {"kind": "escalate", "level": "4", "reason": "Embargo", "seen_revision": "2"})
    case.refresh_from_db()
    assert case.level == "4"


def test_a_manager_closes_a_case(world, manager):
    case = given.open_case(world, level="1")
    manager.post(
        reverse("cases:change_decide", kwargs={"case_id": case.pk}),
        {"kind": "close", "reason": "Improved", "seen_revision": 1},
    )
    case.refresh_from_db()
    assert not case.is_open
    soup = page(manager.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})))
    assert "Closed" in text(soup, "#case-summary")
    assert soup.select_one("#case-actions") is None


def test_times_on_the_case_page_read_in_gov_uk_style(world, frozen):
    case = given.open_case(world, level="2")  # at 09:00 on Monday 2 March 2026
    soup = page(client_for(world.officer).get(reverse("cases:case_detail", kwargs={"case_id": case.pk})))
    history = text(soup, "#history + ol")
    assert "2 March 2026 at 9am" in history
    assert "09:00" not in history


def test_the_audit_trail_reads_in_words_not_internal_fields(world, frozen, monkeypatch):
    """Issue 13: the trail showed "Trigger key cqc_inadequate:1-…" and "Ladder created Yes"."""
    from carewatch.cases import evidence, triggers

    monkeypatch.setattr(evidence, "_sources", [])
    home = f.location(world.council, name="Elm Court", rating="Inadequate", rated_on=date(2026, 1, 15))
    (proposal,) = triggers.propose_from_evidence(
        organisation=world.council, today=date(2026, 3, 2), now=f.at(2026, 3, 2, 6)
    )
    services.decide_proposal(
        actor=world.manager, proposal=proposal, accept=True, reason="", now=given.OPENED_AT
    )
    proposal.refresh_from_db()
    services.add_action(
        actor=world.officer,
        case=proposal.case,
        kind="referral_to_cqc",
        owner=world.officer,
        due_on=date(2026, 3, 9),
        title="Tell the CQC inspector",
        now=given.OPENED_AT,
    )
    url = reverse("cases:case_detail", kwargs={"case_id": proposal.case_id})
    soup = page(client_for(world.manager).get(url))
    trail = text(soup, "#audit-trail")
    for raw in (
        "Trigger key",
        "Ladder created",
        "Yes",
        "cqc_inadequate",
        "Revision",
        "Suspensions started",
        "None",
    ):
        assert raw not in trail, raw
    assert "Case opened at level R" in trail
    assert "About Elm Court." in trail
    assert f"It accepted proposal {proposal.pk}." in trail
    assert "The CQC special-measures timeline started for 1 location." in trail
    assert "its ladder was set up from carewatch's default" in trail
    assert "Action added: Tell the CQC inspector" in trail
    assert "due 9 March 2026" in trail
    assert home.name in trail


def test_an_officer_finds_the_service_to_propose_a_case_about_by_name_or_postcode(world, officer):
    """Issue 13: proposing a case asked for a CQC location ID; now a person searches, then chooses."""
    world.home.address_line_1, world.home.town, world.home.postcode = "1 Mill Street", "Oldham", "OL1 1AA"
    world.home.postcode_search = "OL11AA"
    world.home.save()
    f.location(world.council, name="Oakwood Lodge")  # another match by name, elsewhere in the town
    url = reverse("cases:case_propose")
    # Given the officer opens "Propose a case" from the case list
    soup = page(officer.get(url))
    assert "Which service is the case about?" in text(soup, "h1")
    assert soup.select_one("input[name=q]") is not None
    # When they search by name, both services are offered, each with its address
    soup = page(officer.get(url, {"q": "oak"}))
    results = text(soup, "#service-results")
    assert (
        "Oak House" in results and "Oakwood Lodge" in results and "1 Mill Street, Oldham, OL1 1AA" in results
    )
    # And by postcode, only the service there
    soup = page(officer.get(url, {"q": "OL1 1AA"}))
    links = soup.select("#service-results a")
    assert [a.get_text(" ", strip=True) for a in links] == ["Oak House"]
    # Then choosing it takes them to the proposal about it
    soup = page(officer.get(links[0]["href"]))
    assert "Propose a case: Oak House" in text(soup, "h1")


def test_a_search_for_no_service_says_so(world, officer):
    url = reverse("cases:case_propose")
    soup = page(officer.get(url, {"q": ""}))
    assert list(errors(soup).values()) == ["Enter the name or postcode of the service"]
    soup = page(officer.get(url, {"q": "Nowhere Court"}))
    assert "No services match Nowhere Court" in text(soup, "#no-results")


def test_the_case_history_puts_the_later_of_two_decisions_at_one_moment_first(world, frozen):
    case = given.open_case(world, level="3")
    services.escalate_case(
        actor=world.manager,
        case=case,
        level="4",
        reason="Serious incident",
        seen_revision=1,
        now=given.OPENED_AT,
    )
    soup = page(client_for(world.manager).get(reverse("cases:case_detail", kwargs={"case_id": case.pk})))
    titles = [p.get_text(strip=True) for p in soup.select("#history + ol li > p:first-child")]
    assert titles[:2] == ["Escalated from level 3 to level 4", "Case opened at level 3"]
