"""Officers propose, managers decide; every decision is an immutable status row with one audit entry."""

import pytest

from carewatch.cases import errors, queries, services
from carewatch.cases.ladder import Decision, ProposalKind
from carewatch.cases.models import Case, CaseEvidence, CaseStatus, Proposal
from carewatch.core.models import AuditEntry
from carewatch.core.roles import Role
from tests.cases import factories as f
from tests.cases import given

NOW = given.OPENED_AT
LATER = f.at(2026, 3, 9, 14, 30)


def evidence(kind="concern", object_id="c-1", summary="Family reported missed medication"):
    return services.EvidenceLink(kind=kind, object_id=object_id, summary=summary)


# --- who decides -----------------------------------------------------------------------------------


def test_a_manager_opens_a_case_with_a_reason_and_evidence(world):
    case = services.open_case(
        actor=world.manager,
        organisation=world.council,
        locations=[world.home],
        level="2",
        reason="Three missed medication rounds",
        evidence=[evidence()],
        now=NOW,
    )
    assert (case.level, case.revision, case.is_open, case.scope) == ("2", 1, True, Case.Scope.LOCATION)
    (status,) = queries.status_history(case)
    assert (status.decision, status.from_level, status.level, status.decided_by) == (
        "opened",
        "",
        "2",
        world.manager,
    )
    assert status.reason == "Three missed medication rounds"
    assert list(case.evidence.values_list("kind", "object_id")) == [("concern", "c-1")]
    assert list(case.locations.all()) == [world.home]


def test_an_officer_cannot_open_escalate_step_down_or_close_a_case(world):
    with pytest.raises(errors.NotPermitted, match="QA manager"):
        services.open_case(
            actor=world.officer,
            organisation=world.council,
            locations=[world.home],
            level="1",
            reason="x",
            now=NOW,
        )
    case = given.open_case(world, level="2")
    common = dict(actor=world.officer, case=case, reason="x", seen_revision=case.revision, now=NOW)
    with pytest.raises(errors.NotPermitted):
        services.escalate_case(level="3", **common)
    with pytest.raises(errors.NotPermitted):
        services.de_escalate_case(level="1", **common)
    with pytest.raises(errors.NotPermitted):
        services.close_case(**common)
    case.refresh_from_db()
    assert (case.level, case.revision) == ("2", 1)


def test_an_officer_cannot_decide_a_proposal(world):
    proposal = services.propose_opening(
        actor=world.officer,
        organisation=world.council,
        locations=[world.home],
        level="1",
        reason="RI on the last visit",
        now=NOW,
    )
    with pytest.raises(errors.NotPermitted):
        services.decide_proposal(actor=world.officer, proposal=proposal, accept=True, reason="", now=NOW)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING


def test_a_manager_of_another_council_cannot_decide(world):
    rochdale = f.council("E08000005")
    stranger = f.manager(rochdale)
    case = given.open_case(world)
    with pytest.raises(errors.NotPermitted):
        services.escalate_case(actor=stranger, case=case, level="2", reason="x", seen_revision=1, now=NOW)


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ANALYST, Role.ORG_ADMIN])
def test_other_council_roles_can_neither_propose_nor_decide(world, role):
    someone = f.person(world.council, role)
    case = given.open_case(world)
    with pytest.raises(errors.NotPermitted):
        services.propose_change(
            actor=someone, case=case, kind=ProposalKind.ESCALATE, level="2", reason="x", now=NOW
        )
    with pytest.raises(errors.NotPermitted):
        services.escalate_case(actor=someone, case=case, level="2", reason="x", seen_revision=1, now=NOW)


def test_a_deactivated_manager_cannot_decide(world):
    case = given.open_case(world)
    world.manager.is_active = False
    world.manager.save()
    with pytest.raises(errors.NotPermitted):
        services.escalate_case(
            actor=world.manager, case=case, level="2", reason="x", seen_revision=1, now=NOW
        )


def test_a_decision_needs_a_reason(world):
    case = given.open_case(world)
    with pytest.raises(errors.CaseError) as refused:
        services.escalate_case(
            actor=world.manager, case=case, level="2", reason="  ", seen_revision=1, now=NOW
        )
    assert refused.value.field == "reason"


# --- proposals ------------------------------------------------------------------------------------


def test_an_officer_proposes_an_escalation_and_a_manager_accepts_it(world):
    case = given.open_case(world, level="2")
    proposal = services.propose_change(
        actor=world.officer,
        case=case,
        kind=ProposalKind.ESCALATE,
        level="4",
        reason="Safeguarding enquiry opened",
        evidence=[evidence(object_id="c-9")],
        now=NOW,
    )
    assert proposal.status == Proposal.Status.PENDING
    services.decide_proposal(
        actor=world.manager, proposal=proposal, accept=True, reason="", seen_revision=1, now=LATER
    )
    proposal.refresh_from_db()
    case.refresh_from_db()
    assert (proposal.status, proposal.decided_by, proposal.decided_at) == ("accepted", world.manager, LATER)
    assert (case.level, case.revision) == ("4", 2)
    latest = queries.status_history(case).last()
    assert (latest.decision, latest.proposal, latest.reason) == (
        "escalated",
        proposal,
        "Safeguarding enquiry opened",
    )
    assert set(case.evidence.values_list("object_id", flat=True)) == {"c-9"}


def test_a_proposal_to_open_a_case_opens_it_when_accepted(world):
    other = f.location(world.council, provider=world.home.provider)
    proposal = services.propose_opening(
        actor=world.officer,
        organisation=world.council,
        locations=[world.home, other],
        provider=world.home.provider,
        level="3",
        reason="Pattern across the provider's homes",
        evidence=[evidence()],
        now=NOW,
    )
    services.decide_proposal(actor=world.manager, proposal=proposal, accept=True, reason="Agreed", now=LATER)
    proposal.refresh_from_db()
    case = proposal.case
    assert (case.scope, case.provider, case.level) == (Case.Scope.PROVIDER, world.home.provider, "3")
    assert set(case.locations.all()) == {world.home, other}
    assert queries.status_history(case).get().proposal == proposal
    assert CaseEvidence.objects.get().case == case


def test_a_declined_proposal_changes_nothing_and_needs_a_reason(world):
    case = given.open_case(world)
    proposal = services.propose_change(
        actor=world.officer, case=case, kind=ProposalKind.CLOSE, reason="Improved", now=NOW
    )
    with pytest.raises(errors.CaseError):
        services.decide_proposal(actor=world.manager, proposal=proposal, accept=False, reason="", now=NOW)
    services.decide_proposal(
        actor=world.manager, proposal=proposal, accept=False, reason="Re-visit first", now=LATER
    )
    proposal.refresh_from_db()
    case.refresh_from_db()
    assert (proposal.status, proposal.decision_reason) == ("declined", "Re-visit first")
    assert (case.is_open, case.revision) == (True, 1)


def test_a_proposal_is_decided_only_once(world):
    case = given.open_case(world)
    proposal = services.propose_change(
        actor=world.officer, case=case, kind=ProposalKind.ESCALATE, level="2", reason="x", now=NOW
    )
    services.decide_proposal(actor=world.manager, proposal=proposal, accept=False, reason="No", now=NOW)
    second = f.manager(world.council, name="Sam Second")
    stale = Proposal.objects.get(pk=proposal.pk)
    with pytest.raises(errors.ProposalAlreadyDecided, match="already dealt with"):
        services.decide_proposal(
            actor=second, proposal=stale, accept=True, reason="", seen_revision=1, now=LATER
        )


def test_a_proposal_the_table_refuses_cannot_be_made(world):
    case = given.open_case(world, level="3")
    with pytest.raises(errors.TransitionNotAllowed):
        services.propose_change(
            actor=world.officer, case=case, kind=ProposalKind.ESCALATE, level="2", reason="x", now=NOW
        )
    with pytest.raises(errors.TransitionNotAllowed):
        services.propose_opening(
            actor=world.officer,
            organisation=world.council,
            locations=[f.location(world.council)],
            level="0",
            reason="x",
            now=NOW,
        )


def test_pending_proposals_the_table_no_longer_allows_lapse_after_a_decision(world):
    case = given.open_case(world, level="1")
    to_two = services.propose_change(
        actor=world.officer, case=case, kind=ProposalKind.ESCALATE, level="2", reason="a", now=NOW
    )
    to_five = services.propose_change(
        actor=world.officer, case=case, kind=ProposalKind.ESCALATE, level="5", reason="b", now=NOW
    )
    services.escalate_case(
        actor=world.manager, case=case, level="3", reason="Serious incident", seen_revision=1, now=LATER
    )
    to_two.refresh_from_db()
    to_five.refresh_from_db()
    assert (to_two.status, to_two.decided_by) == ("lapsed", world.manager)
    assert to_five.status == "pending"


def test_closing_a_case_lapses_all_its_pending_proposals(world):
    case = given.open_case(world, level="1")
    proposal = services.propose_change(
        actor=world.officer, case=case, kind=ProposalKind.ESCALATE, level="2", reason="a", now=NOW
    )
    services.close_case(actor=world.manager, case=case, reason="Resolved", seen_revision=1, now=LATER)
    proposal.refresh_from_db()
    assert proposal.status == "lapsed"


# --- what a case concerns --------------------------------------------------------------------------


def test_a_location_is_in_only_one_open_case_of_a_council(world):
    given.open_case(world)
    with pytest.raises(errors.LocationAlreadyInOpenCase, match="Oak House"):
        given.open_case(world, level="2")


def test_after_closing_a_new_case_can_be_opened_for_the_location(world):
    case = given.open_case(world)
    services.close_case(actor=world.manager, case=case, reason="Resolved", seen_revision=1, now=NOW)
    again = given.open_case(world, level="2", now=LATER)
    assert again.pk != case.pk


def test_another_council_may_have_its_own_case_about_the_same_location(world):
    given.open_case(world)
    rochdale = f.council("E08000005")
    theirs = services.open_case(
        actor=f.manager(rochdale),
        organisation=rochdale,
        locations=[world.home],
        level="1",
        reason="Our placements",
        now=NOW,
    )
    assert theirs.organisation == rochdale


def test_a_case_about_several_locations_names_their_provider(world):
    other = f.location(world.council, provider=world.home.provider)
    with pytest.raises(errors.InvalidCase, match="provider"):
        given.open_case(world, locations=[world.home, other])
    stranger = f.location(world.council)
    with pytest.raises(errors.InvalidCase, match="not run by"):
        given.open_case(world, locations=[world.home, stranger], provider=world.home.provider)


def test_only_a_council_runs_a_ladder(world):
    icb = f.icb_organisation()
    someone = f.person(icb, Role.QA_MANAGER)
    with pytest.raises(errors.NotPermitted, match="council"):
        services.open_case(
            actor=someone, organisation=icb, locations=[world.home], level="1", reason="x", now=NOW
        )


# --- history and audit ------------------------------------------------------------------------------


def test_status_rows_are_history_that_cannot_be_changed(world):
    case = given.open_case(world)
    status = CaseStatus.objects.get(case=case)
    status.reason = "rewritten"
    with pytest.raises(PermissionError):
        status.save()
    with pytest.raises(PermissionError):
        status.delete()
    with pytest.raises(Exception, match="insert-only"):
        CaseStatus.objects.filter(pk=status.pk).update(reason="rewritten")


def test_each_decision_writes_one_audit_entry_naming_the_council(world):
    case = given.open_case(world)
    services.escalate_case(
        actor=world.manager, case=case, level="3", reason="Worse", seen_revision=1, now=LATER
    )
    entries = list(AuditEntry.objects.filter(object_type="case").order_by("id"))
    assert [e.action for e in entries] == ["case.opened", "case.escalated"]
    assert all(e.organisation_id == world.council.pk for e in entries)
    assert entries[1].after["from_level"] == "1" and entries[1].after["level"] == "3"
    assert entries[1].actor == world.manager


def test_a_stale_revision_is_refused_naming_what_changed(world):
    case = given.open_case(world, level="2")
    other = f.manager(world.council, name="Priya Patel")
    services.escalate_case(
        actor=other, case=case, level="3", reason="Incident", seen_revision=1, now=f.at(2026, 3, 5, 11, 7)
    )
    with pytest.raises(errors.CaseChanged) as changed:
        services.de_escalate_case(
            actor=world.manager, case=case, level="1", reason="Better", seen_revision=1, now=LATER
        )
    what = changed.value.what_changed
    assert (what.decided_by, what.decision, what.from_level, what.level, what.revision) == (
        "Priya Patel",
        Decision.ESCALATED,
        "2",
        "3",
        2,
    )
    assert changed.value.message == (
        "This case changed after you opened it: Priya Patel escalated it from level 2 to level 3 at 11:07 on "
        "5 March 2026. Check the case, then decide again."
    )
    case.refresh_from_db()
    assert (case.level, case.revision) == ("3", 2)


def test_every_service_writes_exactly_one_audit_entry(world):
    def entries():
        return AuditEntry.objects.count()

    steps = [
        lambda: services.ensure_ladder(organisation=world.council, now=NOW),
        lambda: given.open_case(world, level="3"),
        lambda: services.propose_change(
            actor=world.officer,
            case=Case.objects.get(),
            kind=ProposalKind.ESCALATE,
            level="4",
            reason="x",
            now=NOW,
        ),
        lambda: services.decide_proposal(
            actor=world.manager,
            proposal=Proposal.objects.get(),
            accept=True,
            reason="",
            seen_revision=1,
            now=NOW,
        ),
        lambda: services.add_evidence(
            actor=world.officer, case=Case.objects.get(), evidence=evidence(), now=NOW
        ),
        lambda: services.add_action(
            actor=world.officer, case=Case.objects.get(), kind="action_plan", owner=world.officer, now=NOW
        ),
        lambda: services.record_suspension_letter_sent(
            actor=world.officer, suspension=Case.objects.get().suspensions.get(), sent_on=NOW.date(), now=NOW
        ),
        lambda: services.lift_suspension(
            actor=world.manager,
            suspension=Case.objects.get().suspensions.get(),
            lifted_on=NOW.date(),
            reason="Lifted",
            step_down_to="2",
            seen_revision=2,
            now=NOW,
        ),
        lambda: services.close_case(
            actor=world.manager, case=Case.objects.get(), reason="Done", seen_revision=3, now=NOW
        ),
    ]
    for step in steps:
        before = entries()
        step()
        assert entries() == before + 1
