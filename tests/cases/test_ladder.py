"""The ONE table of allowed transitions (carewatch/cases/ladder.py), and the services enforcing it."""

import pytest

from carewatch.cases import errors, ladder, services
from carewatch.cases.ladder import CLOSED, NEW, Decision
from carewatch.cases.models import Case, CaseStatus
from tests.cases import given

STATES = (*ladder.ORDER, CLOSED)

# --- the table, read as the domain says it ---------------------------------------------------------


def test_a_case_opens_at_any_level_except_routine_monitoring():
    assert ladder.allowed_targets(NEW, Decision.OPENED) == {"1", "2", "3", "R", "4", "5"}


def test_escalation_only_goes_up_and_de_escalation_only_down_in_intensity_order():
    for state in ladder.ORDER:
        for target in ladder.allowed_targets(state, Decision.ESCALATED):
            assert ladder.RANK[target] > ladder.RANK[state]
        for target in ladder.allowed_targets(state, Decision.DE_ESCALATED):
            assert ladder.RANK[target] < ladder.RANK[state]


def test_every_move_up_or_down_between_levels_is_allowed():
    for state in ladder.ORDER:
        for target in ladder.ORDER:
            if ladder.RANK[target] > ladder.RANK[state]:
                assert ladder.is_allowed(state, Decision.ESCALATED, target)
            if ladder.RANK[target] < ladder.RANK[state]:
                assert ladder.is_allowed(state, Decision.DE_ESCALATED, target)


def test_the_regulator_track_sits_between_provider_concern_and_suspension():
    assert ladder.ORDER == ("0", "1", "2", "3", "R", "4", "5")
    assert ladder.is_allowed("3", Decision.ESCALATED, "R")
    assert ladder.is_allowed("R", Decision.ESCALATED, "4")
    assert ladder.is_allowed("4", Decision.DE_ESCALATED, "R")


def test_a_suspended_or_defaulted_case_is_stepped_down_before_it_closes():
    assert not ladder.is_allowed("4", Decision.CLOSED, CLOSED)
    assert not ladder.is_allowed("5", Decision.CLOSED, CLOSED)
    for state in ("0", "1", "2", "3", "R"):
        assert ladder.is_allowed(state, Decision.CLOSED, CLOSED)


def test_a_closed_case_is_never_reopened_or_moved():
    assert ladder.TRANSITIONS[CLOSED] == {}


def test_nothing_moves_a_case_to_the_level_it_is_at():
    for state in ladder.ORDER:
        for decision in (Decision.ESCALATED, Decision.DE_ESCALATED):
            assert state not in ladder.allowed_targets(state, decision)


def test_the_next_level_up_follows_the_intensity_order():
    assert [ladder.next_level_up(code) for code in ladder.ORDER] == ["1", "2", "3", "R", "4", "5", None]


# --- the services enforce the table, for every state, decision and target ---------------------------


def _decide(world, case, decision, target):
    common = dict(
        actor=world.manager,
        case=case,
        reason="Test decision",
        seen_revision=case.revision,
        now=given.OPENED_AT,
    )
    if decision == Decision.ESCALATED:
        return services.escalate_case(level=target, **common)
    if decision == Decision.DE_ESCALATED:
        return services.de_escalate_case(level=target, **common)
    return services.close_case(**common)


@pytest.mark.parametrize("target", ladder.ORDER)
def test_opening_a_case_follows_the_table(world, target):
    if ladder.is_allowed(NEW, Decision.OPENED, target):
        case = given.open_case(world, level=target)
        assert (case.level, case.revision) == (target, 1)
    else:
        with pytest.raises(errors.TransitionNotAllowed):
            given.open_case(world, level=target)
        assert not Case.objects.exists()


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize(
    ("decision", "target"),
    [(Decision.ESCALATED, t) for t in ladder.ORDER]
    + [(Decision.DE_ESCALATED, t) for t in ladder.ORDER]
    + [(Decision.CLOSED, CLOSED)],
)
def test_every_decision_is_allowed_or_refused_as_the_table_says(world, state, decision, target):
    case = given.case_at(world, state)
    revision = case.revision
    if ladder.is_allowed(state, decision, target):
        status = _decide(world, case, decision, target)
        case.refresh_from_db()
        assert status.decision == decision
        assert case.revision == revision + 1
        assert (case.is_open, case.level) == ((False, state) if target == CLOSED else (True, target))
    else:
        with pytest.raises(errors.TransitionNotAllowed):
            _decide(world, case, decision, target)
        case.refresh_from_db()
        assert case.revision == revision
        assert CaseStatus.objects.filter(case=case).count() == revision


def test_the_refusal_says_what_was_refused(world):
    case = given.case_at(world, "4")
    with pytest.raises(errors.TransitionNotAllowed) as refused:
        services.close_case(
            actor=world.manager, case=case, reason="Done", seen_revision=case.revision, now=given.OPENED_AT
        )
    assert refused.value.message == "A case at level 4 cannot be closed: step it down first"
