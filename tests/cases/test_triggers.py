"""Triggers propose, people decide: proposals from evidence, never moves, and never twice."""

from dataclasses import dataclass, field, replace
from datetime import date

import pytest

from carewatch.cases import evidence, ladder, queries, services, triggers
from carewatch.cases.ladder import ProposalKind, Trigger
from carewatch.cases.models import CaseStatus, Proposal
from carewatch.core.models import AuditEntry
from tests.cases import factories as f
from tests.cases import given

TODAY = date(2026, 3, 2)
NOW = given.OPENED_AT


def run(world, today=TODAY):
    return triggers.propose_from_evidence(
        organisation=world.council, today=today, now=f.at(today.year, today.month, today.day, 6)
    )


@dataclass
class FakeMonitoring:
    """A stand-in for the monitoring app (issue 6), speaking the EvidenceSource protocol."""

    ratings: list = field(default_factory=list)
    concerns: list = field(default_factory=list)
    overdue_plans: list = field(default_factory=list)

    def local_qa_ratings(self, *, organisation, today):
        return [r for r in self.ratings if r.rated_on <= today]

    def safeguarding_concerns(self, *, organisation, since, until):
        return [c for c in self.concerns if since < c.raised_on <= until]

    def overdue_action_plans(self, *, organisation, today):
        return [p for p in self.overdue_plans if p.due_on < today]


@pytest.fixture(autouse=True)
def no_other_sources(monkeypatch):
    """Only the sources a test registers (the monitoring app's is in the list by default)."""
    monkeypatch.setattr(evidence, "_sources", [])


@pytest.fixture
def monitoring():
    source = FakeMonitoring()
    with triggers.source_registered(source):
        yield source


# --- CQC Inadequate: the regulator track ---------------------------------------------------------------


def test_a_cqc_inadequate_rating_proposes_a_regulator_track_case_with_the_special_measures_timeline(world):
    home = f.location(world.council, name="Elm Court", rating="Inadequate", rated_on=date(2026, 1, 15))
    (proposal,) = run(world)
    assert (proposal.kind, proposal.level, proposal.trigger, proposal.proposed_by) == (
        ProposalKind.OPEN,
        "R",
        Trigger.CQC_INADEQUATE,
        None,
    )
    assert list(proposal.locations.all()) == [home]
    assert proposal.details == {
        "published_on": "2026-01-15",
        "reinspection_due_on": "2026-07-15",
        "cancellation_considered_on": "2027-01-15",
    }
    assert "Re-inspection is due by 15 July 2026" in proposal.reason
    assert proposal.evidence.get().kind == "cqc_rating"
    assert (
        AuditEntry.objects.get(action="case.proposal_made").actor_label
        == "carewatch trigger (cqc_inadequate)"
    )

    services.decide_proposal(actor=world.manager, proposal=proposal, accept=True, reason="", now=NOW)
    proposal.refresh_from_db()
    track = proposal.case.regulator_tracks.get()
    assert (track.location, track.reinspection_due_on, track.cancellation_considered_on) == (
        home,
        date(2026, 7, 15),
        date(2027, 1, 15),
    )


def test_running_the_triggers_twice_proposes_nothing_new(world, monitoring):
    f.location(world.council, rating="Inadequate", rated_on=date(2026, 1, 15))
    f.location(
        world.council,
        rating="Requires improvement",
        rated_on=date(2026, 1, 10),
        history=((date(2024, 5, 1), "Requires improvement"),),
    )
    monitoring.ratings.append(
        triggers.LocalQaRating(
            location_id=world.home.pk, rating="Poor", rated_on=date(2026, 2, 1), object_id="v-1"
        )
    )
    first = run(world)
    assert len(first) == 3
    assert run(world) == []
    assert run(world, today=date(2026, 3, 3)) == []
    assert Proposal.objects.count() == 3


def test_a_declined_proposal_is_not_made_again_for_the_same_evidence(world):
    f.location(world.council, rating="Inadequate", rated_on=date(2026, 1, 15))
    (proposal,) = run(world)
    services.decide_proposal(
        actor=world.manager, proposal=proposal, accept=False, reason="Already handled", now=NOW
    )
    assert run(world) == []


def test_only_active_locations_in_the_councils_area_count(world):
    f.location("E08000005", rating="Inadequate", rated_on=date(2026, 1, 15))
    f.location(world.council, rating="Inadequate", rated_on=date(2026, 1, 15), active=False)
    assert run(world) == []


def test_an_inadequate_rating_proposes_escalating_an_open_case_below_the_regulator_track(world):
    case = given.open_case(world, level="1")
    f.rerate(world.home, rating="Inadequate", rated_on=date(2026, 2, 20))
    (proposal,) = run(world)
    assert (proposal.kind, proposal.case, proposal.level) == (ProposalKind.ESCALATE, case, "R")


def test_no_proposal_when_the_case_is_already_at_or_above_the_target(world):
    given.open_case(world, level="4")
    f.rerate(world.home, rating="Inadequate", rated_on=date(2026, 2, 20))
    assert run(world) == []


def test_triggers_never_move_a_case(world):
    case = given.open_case(world, level="1")
    f.rerate(world.home, rating="Inadequate", rated_on=date(2026, 2, 20))
    run(world)
    case.refresh_from_db()
    assert (case.level, case.revision, CaseStatus.objects.count()) == ("1", 1, 1)


# --- a second consecutive Requires improvement -----------------------------------------------------------


def test_a_second_consecutive_requires_improvement_proposes_enhanced_monitoring(world):
    f.rerate(world.home, rating="Requires improvement", rated_on=date(2025, 3, 1))
    f.rerate(world.home, rating="Requires improvement", rated_on=date(2026, 2, 1))
    (proposal,) = run(world)
    assert (proposal.kind, proposal.level, proposal.trigger) == (
        ProposalKind.OPEN,
        "2",
        Trigger.CQC_SECOND_RI,
    )
    assert "second time running (1 March 2025 and 1 February 2026)" in proposal.reason


@pytest.mark.parametrize("before", ["Good", "Inadequate"])
def test_a_first_requires_improvement_proposes_nothing(world, before):
    f.rerate(world.home, rating=before, rated_on=date(2025, 3, 1))
    f.rerate(world.home, rating="Requires improvement", rated_on=date(2026, 2, 1))
    assert run(world) == []


# --- coming out of special measures ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new_rating", "kind", "level"),
    [("Good", ProposalKind.CLOSE, ""), ("Requires improvement", ProposalKind.DE_ESCALATE, "1")],
)
def test_a_location_no_longer_rated_inadequate_is_proposed_out_of_the_regulator_track(
    world, new_rating, kind, level
):
    f.rerate(world.home, rating="Inadequate", rated_on=date(2025, 9, 1))
    case = given.open_case(world, level="R")
    track = case.regulator_tracks.get()
    assert queries.regulator_track_status(track, on=TODAY).in_special_measures
    f.rerate(world.home, rating=new_rating, rated_on=date(2026, 2, 25))
    status = queries.regulator_track_status(track, on=TODAY)
    assert (status.came_out_on, status.came_out_rating) == (date(2026, 2, 25), new_rating)
    (proposal,) = run(world)
    assert (proposal.kind, proposal.level, proposal.case) == (kind, level, case)
    assert run(world) == []


def test_a_re_inspection_that_is_late_shows_on_the_track(world):
    f.rerate(world.home, rating="Inadequate", rated_on=date(2025, 6, 1))
    case = given.open_case(world, level="R")
    status = queries.regulator_track_status(case.regulator_tracks.get(), on=date(2026, 1, 5))
    assert status.reinspection_overdue and status.in_special_measures


# --- local evidence from monitoring -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "proposed"),
    [("Poor", True), ("Requires improvement", True), ("Good", False), ("Excellent", False)],
)
def test_a_local_qa_rating_of_requires_improvement_or_poor_proposes_level_1(
    world, monitoring, rating, proposed
):
    monitoring.ratings.append(
        triggers.LocalQaRating(
            location_id=world.home.pk, rating=rating, rated_on=date(2026, 2, 1), object_id="visit-7"
        )
    )
    proposals = run(world)
    assert [(p.kind, p.level, p.trigger) for p in proposals] == (
        [(ProposalKind.OPEN, "1", Trigger.LOCAL_QA_RATING)] if proposed else []
    )


def concern(world, day, n):
    return triggers.SafeguardingConcern(location_id=world.home.pk, raised_on=day, object_id=f"sg-{n}")


def test_three_safeguarding_concerns_within_90_days_propose_a_provider_concern(world, monitoring):
    monitoring.concerns += [concern(world, date(2026, 1, 10), 1), concern(world, date(2026, 2, 1), 2)]
    monitoring.concerns.append(concern(world, date(2025, 11, 1), 0))  # outside the 90 days
    assert run(world) == []
    monitoring.concerns.append(concern(world, date(2026, 3, 1), 3))
    (proposal,) = run(world)
    assert (proposal.kind, proposal.level, proposal.trigger) == (
        ProposalKind.OPEN,
        "3",
        Trigger.SAFEGUARDING_CONCERNS,
    )
    assert sorted(proposal.evidence.values_list("object_id", flat=True)) == ["sg-1", "sg-2", "sg-3"]
    assert run(world) == []


def test_the_safeguarding_threshold_and_period_are_the_councils_to_set(world, monitoring):
    spec = replace(ladder.DEFAULT_TEMPLATE, safeguarding_concerns_threshold=2, safeguarding_period_days=30)
    services.save_ladder(actor=world.admin, organisation=world.council, spec=spec, now=NOW)
    monitoring.concerns += [concern(world, date(2026, 1, 10), 1), concern(world, date(2026, 2, 20), 2)]
    assert run(world) == []  # the first is more than 30 days ago
    monitoring.concerns.append(concern(world, date(2026, 2, 27), 3))
    assert len(run(world)) == 1


def test_a_new_concern_after_a_declined_proposal_proposes_again(world, monitoring):
    monitoring.concerns += [concern(world, date(2026, 2, d), d) for d in (1, 2, 3)]
    (first,) = run(world)
    services.decide_proposal(
        actor=world.manager, proposal=first, accept=False, reason="Handled by safeguarding", now=NOW
    )
    monitoring.concerns.append(concern(world, date(2026, 3, 2), 4))
    (second,) = run(world)
    assert second.trigger_key != first.trigger_key


def test_a_source_must_speak_the_protocol():
    stranger = object()
    with pytest.raises(TypeError):
        triggers.register_source(stranger)
    assert stranger not in triggers.registered_sources()


# --- overdue actions ------------------------------------------------------------------------------------


def test_an_overdue_action_plan_proposes_one_level_up(world):
    case = given.open_case(world, level="1")
    plan = services.add_action(
        actor=world.officer, case=case, kind="action_plan", owner=world.officer, now=NOW
    )  # due 16 March
    assert run(world, today=date(2026, 3, 16)) == []
    (proposal,) = run(world, today=date(2026, 3, 17))
    assert (proposal.kind, proposal.case, proposal.level, proposal.trigger) == (
        ProposalKind.ESCALATE,
        case,
        "2",
        Trigger.ACTION_OVERDUE,
    )
    assert proposal.details == {"action": plan.pk, "due_on": "2026-03-16"}
    assert run(world, today=date(2026, 3, 18)) == []


def test_an_overdue_council_task_goes_on_the_task_list_not_into_a_proposal(world):
    case = given.open_case(world, level="1")
    services.add_action(
        actor=world.officer,
        case=case,
        kind="referral_to_cqc",
        owner=world.officer,
        due_on=date(2026, 3, 5),
        now=NOW,
    )
    assert run(world, today=date(2026, 3, 20)) == []


def test_an_overdue_action_plan_from_monitoring_proposes_one_level_up(world, monitoring):
    plan = triggers.OverdueActionPlan(
        location_id=world.home.pk, due_on=date(2026, 2, 20), object_id="monitoring.actionplan:7:plan_overdue"
    )
    monitoring.overdue_plans.append(plan)
    (opening,) = run(world)
    assert (opening.kind, opening.level, opening.trigger) == (ProposalKind.OPEN, "2", Trigger.ACTION_OVERDUE)
    services.decide_proposal(
        actor=world.manager, proposal=opening, accept=False, reason="Chasing it", now=NOW
    )
    assert run(world) == []


def test_an_overdue_monitoring_action_plan_escalates_an_open_case(world, monitoring):
    case = given.open_case(world, level="2")
    monitoring.overdue_plans.append(
        triggers.OverdueActionPlan(
            location_id=world.home.pk, due_on=date(2026, 2, 20), object_id="plan-8:actions_overdue"
        )
    )
    (proposal,) = run(world)
    assert (proposal.kind, proposal.case, proposal.level) == (ProposalKind.ESCALATE, case, "3")


def test_a_source_without_overdue_action_plans_is_still_a_source(world):
    class RatingsOnly:
        def local_qa_ratings(self, *, organisation, today):
            return []

        def safeguarding_concerns(self, *, organisation, since, until):
            return []

    with triggers.source_registered(RatingsOnly()):
        assert run(world) == []
