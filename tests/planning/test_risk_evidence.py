"""The council's own evidence in the risk score, as it stood on the day scored (issue 17).

Built through the apps' services, as people would: a visit carried out, its report published with
findings (one of them safeguarding), an action plan owed; feedback approved; a case opened at the
suspension level; capacity returns filed and missed. Each signal is checked on a day before the record
existed and a day after, so a record made after ``as_of`` is never seen.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carewatch.cases import services as cases
from carewatch.core.roles import Role
from carewatch.monitoring import services as monitoring
from carewatch.planning import queries, risk
from tests.capacity import given as capacity
from tests.monitoring import factories as f
from tests.monitoring import given

OLDHAM, ROCHDALE = "E08000004", "E08000005"


@pytest.fixture
def world(db):
    monitoring.install_defaults(now=f.at(2026, 1, 5))
    council = f.council()
    acme, beta = f.provider("Acme Care Ltd"), f.provider("Beta Care Ltd")
    return SimpleNamespace(
        council=council,
        officer=f.officer(council),
        colleague=f.officer(council, name="Colin Colleague"),
        manager=f.manager(council),
        acme=acme,
        home=f.location(council, provider=acme, name="Oak House"),
        acme_manager=f.provider_user(acme),
        beta=beta,
        other_home=f.location(council, provider=beta, name="Birch Lodge"),
        beta_manager=f.provider_user(beta, name="Bob Beta"),
    )


def signals_of(world, on: date, **options) -> risk.Signals:
    found = queries.signals_as_at(as_of=on, local_authority_codes=[OLDHAM], **options)
    return next(item for item in found if item.location_id == world.home.pk)


def test_a_visit_its_findings_and_its_plan_count_only_from_the_day_they_happened(world):
    visited = f.at(2026, 3, 2)
    report = given.visit(world, now=visited)
    given.answer_all(world, report, "Requires improvement", now=visited)
    given.finding(world, report, "MAR charts had gaps for three people.", now=visited)
    given.finding(world, report, "Care plans not reviewed for two months.", now=visited)
    given.finding(
        world, report, "Bruising not reported to the safeguarding team.", theme="safeguarding", now=visited
    )
    report = monitoring.send_draft_to_provider(visit=report, actor=world.officer, now=visited)
    publish_at = f.at(2026, 3, 5)
    monitoring.add_provider_comment(
        visit=report, actor=world.acme_manager, response="accepted", text="", now=publish_at
    )
    monitoring.publish_report(visit=report, actor=world.officer, public_summary="Improve.", now=publish_at)
    plan_due = given.plan_for(report).due_on

    before = signals_of(world, date(2026, 3, 1))
    assert (before.last_qa_visit_on, before.local_qa_rating, before.open_findings) == (None, "", 0)

    carried_out = signals_of(world, date(2026, 3, 3))
    assert carried_out.last_qa_visit_on == date(2026, 3, 2)
    assert carried_out.local_qa_rating == ""  # not published until 5 March
    assert (carried_out.open_findings, carried_out.open_safeguarding_findings) == (2, 1)
    assert carried_out.overdue_actions == 0

    later = signals_of(world, plan_due + timedelta(days=1))
    assert later.local_qa_rating == "Requires improvement"
    assert later.overdue_actions == 1  # the plan itself, not submitted by its due date
    reasons = {reason.signal: str(reason) for reason in risk.score(later).reasons}
    assert reasons["local_qa_requires_improvement"] == "local QA rating Requires improvement (+10)"
    assert reasons["per_open_safeguarding_finding"] == "1 open safeguarding finding (+8)"
    assert reasons["per_overdue_action"] == "1 overdue action-plan item (+4)"

    # Another council's scores, or none, never read Oldham's evidence.
    assert signals_of(world, plan_due + timedelta(days=1), organisations=[]).open_findings == 0


def test_a_case_at_the_suspension_level_counts_from_the_day_it_was_opened(world):
    cases.open_case(
        actor=world.manager,
        organisation=world.council,
        locations=[world.home],
        level="4",
        reason="Safeguarding enquiry: placements suspended",
        now=f.at(2026, 4, 1),
    )
    before = signals_of(world, date(2026, 3, 31))
    assert (before.ladder_level, before.suspended) == (0, False)
    after = signals_of(world, date(2026, 4, 2))
    assert (after.ladder_level, after.suspended) == (4, True)
    reasons = {reason.signal: str(reason) for reason in risk.score(after).reasons}
    assert reasons["suspended"] == "placements suspended (+25)"
    assert reasons["per_ladder_level"] == "at level 4 of the ladder (+32)"
    # An ICB's or Rochdale's view counts only its own councils' cases.
    rochdale = f.council(ROCHDALE)
    assert signals_of(world, date(2026, 4, 2), organisations=[rochdale.pk]).suspended is False


def test_lived_experience_counts_approved_responses_and_their_volume(world):
    report = given.visit(world, now=f.at(2026, 3, 2))
    given.answer_all(world, report, "Good", now=f.at(2026, 3, 2))
    for _ in range(5):
        response = monitoring.record_feedback(
            visit=report,
            actor=world.officer,
            respondent_kind="person",
            scores={"safety": 2, "kindness": 2, "food": 1},
            now=f.at(2026, 3, 2),
        )
        monitoring.moderate_feedback(
            feedback=response, actor=world.colleague, decision="approved", now=f.at(2026, 3, 10)
        )
    pending = signals_of(world, date(2026, 3, 5))  # received, not approved yet
    assert pending.lived_experience_score is None and pending.lived_experience_responses is None
    approved = signals_of(world, date(2026, 3, 11))
    assert approved.lived_experience_responses == 5
    assert approved.lived_experience_score == 1.67  # 15 points over 9 answers, "not answered" left out
    assert "lived-experience score 1.7 out of 5 (+8)" in map(str, risk.score(approved).reasons)
    # The council collects feedback in Oldham, so Birch Lodge with none has a volume of 0.
    birch = next(
        item
        for item in queries.signals_as_at(as_of=date(2026, 3, 11), local_authority_codes=[OLDHAM])
        if item.location_id == world.other_home.pk
    )
    assert birch.lived_experience_responses == 0
    assert "only 0 lived-experience responses in 12 months (+2)" in map(str, risk.score(birch).reasons)


def test_capacity_returns_missed_occupancy_and_agency_share_as_at_the_day(world):
    provider = f.provider_user(world.acme, role=Role.PROVIDER_MANAGER, name="Rita Returns")
    capacity.a_return(
        world.home,
        provider,
        f.at(2026, 4, 9),
        capacity.beds(capacity=20, occupied=14),
        care_staff_direct=15,
        care_staff_agency=5,
    )
    on = signals_of(world, date(2026, 6, 20))
    # Windows closed in the 90 days before 20 June: April (filed), May and June (missed).
    assert on.missed_capacity_returns == 2
    assert on.occupancy == pytest.approx(0.7) and on.agency_share == pytest.approx(0.25)
    reasons = [str(reason) for reason in risk.score(on).reasons]
    assert "beds 70% occupied (+4)" in reasons and "25% of staff from agencies or bank (+6)" in reasons
    before = signals_of(world, date(2026, 4, 8))
    assert (before.missed_capacity_returns, before.occupancy) == (0, None)  # nobody filed yet
    stale = signals_of(world, date(2026, 8, 1))
    assert stale.occupancy is None and stale.agency_share is None  # the April return is too old


def test_the_evidence_takes_the_same_queries_however_many_services_have_it(world):
    given.published(world, "Requires improvement", now=f.at(2026, 3, 2))
    with CaptureQueriesContext(connection) as few:
        queries.signals_as_at(as_of=date(2026, 6, 1), local_authority_codes=[OLDHAM])
    for number in range(4):
        place = f.location(world.council, provider=world.acme, name=f"Extra {number}")
        given.published(world, "Requires improvement", now=f.at(2026, 3, 2), location=place)
        cases.open_case(
            actor=world.manager,
            organisation=world.council,
            locations=[place],
            level="2",
            reason="Enhanced monitoring",
            now=f.at(2026, 4, 1),
        )
        capacity.a_return(place, world.acme_manager, f.at(2026, 5, 11))
    with CaptureQueriesContext(connection) as many:
        found = queries.signals_as_at(as_of=date(2026, 6, 1), local_authority_codes=[OLDHAM])
    assert len(found) == 6 and len(many) == len(few)
    assert sum(item.ladder_level for item in found) == 8


def test_the_kept_risk_list_follows_a_new_step_in_the_councils_records(world):
    def home_score() -> float:
        scores = queries.cached_scores(
            as_of=date(2026, 4, 2), local_authority_codes=[OLDHAM], weights=dict(risk.DEFAULT_WEIGHTS)
        )
        return next(item.score for item in scores if item.location_id == world.home.pk)

    before = home_score()
    cases.open_case(
        actor=world.manager,
        organisation=world.council,
        locations=[world.home],
        level="2",
        reason="Enhanced monitoring after concerns",
        now=f.at(2026, 4, 1),
    )
    assert home_score() == before + 2 * 8  # read afresh, not the kept list
