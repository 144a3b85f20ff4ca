"""Four-eyes: whoever proposed a decision cannot make it, unless the council has switched four-eyes off;
then each decision made by the proposer is audited as made under the waiver."""

import pytest
from django.urls import reverse

from carewatch.cases import errors, services
from carewatch.cases.ladder import ProposalKind
from carewatch.cases.models import Case, CaseStatus, Proposal
from carewatch.core.models import AuditEntry
from tests.cases import factories as f
from tests.cases import given
from tests.pages import client_for, page, text

NOW = given.OPENED_AT
LATER = f.at(2026, 3, 9, 14, 30)


def own_opening(world):
    return services.propose_opening(
        actor=world.manager,
        organisation=world.council,
        locations=[world.home],
        level="2",
        reason="Missed medication",
        now=NOW,
    )


def own_escalation(world, case):
    return services.propose_change(
        actor=world.manager, case=case, kind=ProposalKind.ESCALATE, level="4", reason="Abuse alleged", now=NOW
    )


def waive(council):
    council.four_eyes = False
    council.save(update_fields=["four_eyes"])


@pytest.mark.parametrize("accept", [True, False])
def test_a_manager_cannot_decide_their_own_proposal_to_open_a_case(world, accept):
    proposal = own_opening(world)
    with pytest.raises(errors.NotPermitted, match="another QA manager"):
        services.decide_proposal(
            actor=world.manager, proposal=proposal, accept=accept, reason="Agreed", now=LATER
        )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == (Proposal.Status.PENDING, None)
    assert not Case.objects.exists()
    assert not AuditEntry.objects.filter(action__in=["case.opened", "case.proposal_declined"]).exists()


def test_a_manager_cannot_accept_their_own_proposal_to_escalate(world):
    case = given.open_case(world, level="2")
    proposal = own_escalation(world, case)
    with pytest.raises(errors.NotPermitted, match="another QA manager"):
        services.decide_proposal(
            actor=world.manager, proposal=proposal, accept=True, reason="", seen_revision=1, now=LATER
        )
    case.refresh_from_db()
    assert (case.level, case.revision) == ("2", 1)
    assert CaseStatus.objects.filter(case=case).count() == 1


def test_a_second_manager_decides_the_first_ones_proposal_and_nothing_is_waived(world):
    case = given.open_case(world, level="2")
    proposal = own_escalation(world, case)
    second = f.manager(world.council, name="Sam Second")
    services.decide_proposal(
        actor=second, proposal=proposal, accept=True, reason="", seen_revision=1, now=LATER
    )
    case.refresh_from_db()
    assert case.level == "4"
    entry = AuditEntry.objects.get(action="case.escalated")
    assert (entry.actor, "four_eyes_waived" in entry.after) == (second, False)


def test_a_proposal_carewatch_made_from_evidence_is_decided_by_any_manager(world):
    proposal = services.propose_from_trigger(
        organisation=world.council,
        trigger="cqc",
        key="cqc:1",
        kind=ProposalKind.OPEN,
        level="2",
        reason="Rated Inadequate",
        locations=[world.home],
        now=NOW,
    )
    services.decide_proposal(actor=world.manager, proposal=proposal, accept=True, reason="", now=LATER)
    assert Case.objects.get().level == "2"


@pytest.mark.parametrize("accept", [True, False])
def test_with_four_eyes_switched_off_the_proposer_may_decide_and_the_audit_entry_says_so(world, accept):
    waive(world.council)
    case = given.open_case(world, level="2")
    proposal = own_escalation(world, case)
    services.decide_proposal(
        actor=world.manager, proposal=proposal, accept=accept, reason="Small team", seen_revision=1, now=LATER
    )
    entry = AuditEntry.objects.get(action="case.escalated" if accept else "case.proposal_declined")
    assert entry.actor == world.manager
    assert entry.after["four_eyes_waived"] is True


def test_the_waiver_is_not_recorded_when_someone_else_decides(world):
    waive(world.council)
    case = given.open_case(world, level="2")
    proposal = own_escalation(world, case)
    second = f.manager(world.council, name="Sam Second")
    services.decide_proposal(
        actor=second, proposal=proposal, accept=True, reason="", seen_revision=1, now=LATER
    )
    assert "four_eyes_waived" not in AuditEntry.objects.get(action="case.escalated").after


# --- the page --------------------------------------------------------------------------------------


def test_the_decide_page_tells_the_proposer_another_manager_must_decide_and_offers_no_form(world):
    proposal = own_opening(world)
    manager = client_for(world.manager)
    url = reverse("cases:proposal_decide", kwargs={"proposal_id": proposal.pk})
    soup = page(manager.get(url))
    assert "You proposed this, so another QA manager must decide it" in text(soup)
    assert not soup.select("form[method=post] input[name=accept]")
    # posting anyway is refused on the page, and nothing changes
    soup = page(manager.post(url, {"accept": "yes", "reason": "Agreed"}))
    assert "You proposed this, so another QA manager must decide it" in text(soup)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING


def test_with_four_eyes_off_the_proposer_is_told_the_decision_is_recorded_as_waived(world):
    waive(world.council)
    proposal = own_opening(world)
    manager = client_for(world.manager)
    url = reverse("cases:proposal_decide", kwargs={"proposal_id": proposal.pk})
    soup = page(manager.get(url))
    assert "Four-eyes is switched off" in text(soup)
    response = manager.post(url, {"accept": "yes", "reason": "Agreed"})
    assert response.status_code == 302
    assert Case.objects.get().level == "2"
