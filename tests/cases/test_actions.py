"""Actions with an owner and a due date, by kind."""

from datetime import date

import pytest
from django.db import IntegrityError

from carewatch.cases import errors, queries, services
from carewatch.cases.ladder import ActionKind
from carewatch.cases.models import Action
from tests.cases import factories as f
from tests.cases import given

NOW = given.OPENED_AT  # Monday 2 March 2026


@pytest.fixture
def case(world):
    return given.open_case(world, level="1")


def add(world, case, kind, **fields):
    return services.add_action(
        actor=world.officer, case=case, kind=kind, owner=fields.pop("owner", world.officer), now=NOW, **fields
    )


def test_an_action_plan_is_due_within_14_days(world, case):
    action = add(world, case, ActionKind.ACTION_PLAN)
    assert (action.due_on, action.title, action.owner, action.created_by) == (
        date(2026, 3, 16),
        "Action plan",
        world.officer,
        world.officer,
    )


def test_an_action_plan_the_cqc_asked_for_is_due_within_28_days(world, case):
    action = add(world, case, ActionKind.ACTION_PLAN, details={"requested_by_cqc": True})
    assert action.due_on == date(2026, 3, 30)


def test_enhanced_monitoring_needs_a_visit_frequency(world, case):
    with pytest.raises(errors.InvalidAction) as refused:
        add(world, case, ActionKind.ENHANCED_MONITORING, due_on=date(2026, 4, 1))
    assert refused.value.field == "visit_frequency"
    action = add(
        world,
        case,
        ActionKind.ENHANCED_MONITORING,
        due_on=date(2026, 4, 1),
        details={"visit_frequency": "daily"},
    )
    assert action.details == {"visit_frequency": "daily"}


def test_peer_support_names_a_strong_provider(world, case):
    with pytest.raises(errors.InvalidAction, match="peer support"):
        add(world, case, ActionKind.PEER_SUPPORT, due_on=date(2026, 5, 1))
    mentor = f.provider(name="Strong Care Ltd")
    action = add(world, case, ActionKind.PEER_SUPPORT, due_on=date(2026, 5, 1), peer_provider=mentor)
    assert action.peer_provider == mentor
    with pytest.raises(errors.InvalidAction, match="Only peer support"):
        add(world, case, ActionKind.REFERRAL_TO_CQC, due_on=date(2026, 5, 1), peer_provider=mentor)


def test_the_database_refuses_peer_support_without_a_provider(world, case):
    with pytest.raises(IntegrityError):
        Action.objects.create(
            case=case,
            kind=ActionKind.PEER_SUPPORT,
            title="x",
            owner=world.officer,
            due_on=date(2026, 5, 1),
            created_at=NOW,
            created_by=world.officer,
        )


def test_a_provider_concerns_meeting_sets_the_next_meeting_each_time(world, case):
    first = add(world, case, ActionKind.PROVIDER_CONCERNS_MEETING, due_on=date(2026, 3, 10))
    following = services.record_meeting(
        actor=world.officer,
        action=first,
        held_on=date(2026, 3, 10),
        next_meeting_on=date(2026, 3, 24),
        now=f.at(2026, 3, 10),
    )
    first.refresh_from_db()
    assert first.done_on == date(2026, 3, 10)
    assert (following.kind, following.due_on, following.owner) == (
        ActionKind.PROVIDER_CONCERNS_MEETING,
        date(2026, 3, 24),
        world.officer,
    )
    assert (
        services.record_meeting(
            actor=world.officer, action=following, held_on=date(2026, 3, 24), now=f.at(2026, 3, 24)
        )
        is None
    )
    with pytest.raises(errors.InvalidAction, match="already"):
        services.record_meeting(
            actor=world.officer, action=following, held_on=date(2026, 3, 25), now=f.at(2026, 3, 25)
        )


@pytest.mark.parametrize(
    "kind",
    [ActionKind.REFERRAL_TO_CQC, ActionKind.IMPROVEMENT_DIRECTOR, ActionKind.PROVIDER_CONCERNS_MEETING],
)
def test_actions_without_a_default_timescale_need_a_due_date(world, case, kind):
    with pytest.raises(errors.InvalidAction) as refused:
        add(world, case, kind)
    assert refused.value.field == "due_on"


def test_a_suspension_is_never_added_as_a_plain_action(world, case):
    with pytest.raises(errors.InvalidAction, match="level 4"):
        add(world, case, ActionKind.SUSPENSION, due_on=date(2026, 4, 1))


def test_the_owner_is_qa_staff_of_the_council_that_owns_the_case(world, case):
    rochdale = f.council("E08000005")
    with pytest.raises(errors.InvalidAction) as refused:
        add(world, case, ActionKind.ACTION_PLAN, owner=f.officer(rochdale))
    assert refused.value.field == "owner"
    with pytest.raises(errors.InvalidAction):
        add(world, case, ActionKind.ACTION_PLAN, owner=f.person(world.council, "commissioner"))


def test_an_action_is_done_once(world, case):
    action = add(world, case, ActionKind.ACTION_PLAN)
    services.complete_action(
        actor=world.officer, action=action, done_on=date(2026, 3, 12), now=f.at(2026, 3, 12)
    )
    with pytest.raises(errors.InvalidAction, match="already done"):
        services.complete_action(
            actor=world.officer, action=action, done_on=date(2026, 3, 13), now=f.at(2026, 3, 13)
        )


def test_a_closed_case_takes_no_new_actions(world, case):
    services.close_case(actor=world.manager, case=case, reason="Resolved", seen_revision=1, now=NOW)
    with pytest.raises(errors.InvalidAction, match="closed"):
        add(world, case, ActionKind.ACTION_PLAN)


# --- default notices ----------------------------------------------------------------------------------


def issue(world, case, n):
    for i in range(n):
        services.issue_default_notice(
            actor=world.manager,
            case=case,
            owner=world.manager,
            breach=f"Breach {i + 1}",
            remedy_by=date(2026, 4, 1),
            now=NOW,
        )


def test_termination_is_considered_at_5_default_notices(world):
    given.in_contract(world)
    case = given.open_case(world, level="5")
    issue(world, case, 4)
    count = queries.default_notices(case)
    assert (count.on_case, count.limit, count.termination_to_be_considered) == (4, 5, False)
    issue(world, case, 1)
    assert queries.default_notices(case).termination_to_be_considered


def test_default_notices_count_across_the_councils_cases_about_the_same_provider(world):
    given.in_contract(world)
    first = given.open_case(world, level="5")
    issue(world, first, 3)
    services.de_escalate_case(
        actor=world.manager, case=first, level="3", reason="Remedied", seen_revision=1, now=NOW
    )
    services.close_case(actor=world.manager, case=first, reason="Closed", seen_revision=2, now=NOW)
    sister = f.location(world.council, provider=world.home.provider)
    second = given.open_case(world, level="5", locations=[sister])
    issue(world, second, 2)
    count = queries.default_notices(second)
    assert (count.on_case, count.on_provider, count.termination_to_be_considered) == (2, 5, True)


def test_a_default_notice_records_the_breach_and_the_day_it_was_issued(world):
    given.in_contract(world)
    case = given.open_case(world, level="5")
    with pytest.raises(errors.CaseError):
        services.issue_default_notice(
            actor=world.manager,
            case=case,
            owner=world.manager,
            breach="",
            remedy_by=date(2026, 4, 1),
            now=NOW,
        )
    notice = services.issue_default_notice(
        actor=world.manager,
        case=case,
        owner=world.manager,
        breach="Staffing below contract",
        remedy_by=date(2026, 4, 1),
        now=NOW,
    )
    assert notice.details == {"breach": "Staffing below contract", "issued_on": "2026-03-02"}
