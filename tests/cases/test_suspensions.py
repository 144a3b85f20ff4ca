"""Suspension of new placements (level 4): deadlines in working days, lifting, and the selectors the
register, the API and placement search read."""

from datetime import date

import pytest
import time_machine
from django.utils import timezone

from carewatch.cases import errors, queries, services
from carewatch.cases.ladder import ActionKind
from carewatch.cases.models import Action, Suspension
from carewatch.core import access
from carewatch.core.models import AuditEntry
from tests.cases import factories as f
from tests.cases import given


def escalate_to_suspension(world, case, *, clock: str):
    """A manager escalates at ``clock`` (frozen); "now" is taken at the edge, as a view does."""
    with time_machine.travel(clock, tick=False):
        now = timezone.now()
        services.escalate_case(
            actor=world.manager,
            case=case,
            level="4",
            reason="Safeguarding: embargo",
            seen_revision=case.revision,
            now=now,
        )
    case.refresh_from_db()
    return case.suspensions.get()


@pytest.mark.parametrize(
    ("clock", "started_on", "letter_due_on", "review_on", "appeal_until"),
    [
        # Tuesday before Easter: Good Friday and Easter Monday are not working days.
        (
            "2026-03-31 10:00 +01:00",
            date(2026, 3, 31),
            date(2026, 4, 13),
            date(2026, 4, 28),
            date(2026, 4, 20),
        ),
        # The week before Christmas, over the Boxing Day substitute and New Year's Day.
        (
            "2026-12-21 16:00 +00:00",
            date(2026, 12, 21),
            date(2027, 1, 4),
            date(2027, 1, 18),
            date(2027, 1, 11),
        ),
        # A plain week.
        (
            "2026-03-02 09:00 +00:00",
            date(2026, 3, 2),
            date(2026, 3, 11),
            date(2026, 3, 30),
            date(2026, 3, 18),
        ),
    ],
)
def test_suspension_letter_is_due_in_7_working_days_review_at_week_4_and_appeal_in_5_more(
    world, clock, started_on, letter_due_on, review_on, appeal_until
):
    case = given.open_case(world, level="3", now=f.at(2026, 1, 5))
    suspension = escalate_to_suspension(world, case, clock=clock)
    assert (
        suspension.started_on,
        suspension.letter_due_on,
        suspension.review_on,
        suspension.appeal_until,
    ) == (
        started_on,
        letter_due_on,
        review_on,
        appeal_until,
    )
    letter, review = suspension.actions.order_by("due_on", "id")
    assert (letter.kind, letter.owner, letter.due_on, letter.details) == (
        ActionKind.SUSPENSION,
        world.manager,
        letter_due_on,
        {"step": "letter"},
    )
    assert (review.due_on, review.details) == (review_on, {"step": "review"})


def test_the_appeal_window_runs_from_the_day_the_letter_is_sent(world):
    case = given.open_case(world, level="3", now=f.at(2026, 1, 5))
    suspension = escalate_to_suspension(world, case, clock="2026-03-31 10:00 +01:00")
    services.record_suspension_letter_sent(
        actor=world.officer, suspension=suspension, sent_on=date(2026, 4, 9), now=f.at(2026, 4, 9)
    )
    suspension.refresh_from_db()
    assert (suspension.letter_sent_on, suspension.appeal_until) == (date(2026, 4, 9), date(2026, 4, 16))
    assert suspension.actions.get(details__step="letter").done_on == date(2026, 4, 9)
    with pytest.raises(errors.SuspensionError, match="already"):
        services.record_suspension_letter_sent(
            actor=world.officer, suspension=suspension, sent_on=date(2026, 4, 10), now=f.at(2026, 4, 10)
        )


def test_a_review_that_keeps_the_suspension_sets_the_next_review(world):
    case = given.open_case(world, level="4")
    suspension = case.suspensions.get()
    services.review_suspension(
        actor=world.manager,
        suspension=suspension,
        reviewed_on=date(2026, 3, 30),
        next_review_on=date(2026, 4, 27),
        reason="Plan not yet delivered",
        now=f.at(2026, 3, 30),
    )
    suspension.refresh_from_db()
    assert suspension.review_on == date(2026, 4, 27)
    reviews = list(
        suspension.actions.filter(details__step="review").order_by("id").values_list("due_on", "done_on")
    )
    assert reviews == [(date(2026, 3, 30), date(2026, 3, 30)), (date(2026, 4, 27), None)]
    with pytest.raises(errors.NotPermitted):
        services.review_suspension(
            actor=world.officer,
            suspension=suspension,
            reviewed_on=date(2026, 4, 27),
            next_review_on=date(2026, 5, 25),
            reason="x",
            now=f.at(2026, 4, 27),
        )


def test_lifting_the_last_suspension_steps_the_case_down_in_one_decision(world):
    case = given.open_case(world, level="4")
    suspension = case.suspensions.get()
    with pytest.raises(errors.StepDownNeeded):
        services.lift_suspension(
            actor=world.manager,
            suspension=suspension,
            lifted_on=date(2026, 3, 30),
            reason="Improved",
            now=f.at(2026, 3, 30),
        )
    assert Suspension.objects.get().lifted_on is None
    audit_before = AuditEntry.objects.count()
    services.lift_suspension(
        actor=world.manager,
        suspension=suspension,
        lifted_on=date(2026, 3, 30),
        reason="Improved at review",
        step_down_to="3",
        seen_revision=case.revision,
        now=f.at(2026, 3, 30),
    )
    suspension.refresh_from_db()
    case.refresh_from_db()
    assert (suspension.lifted_on, suspension.lifted_by, suspension.lift_reason) == (
        date(2026, 3, 30),
        world.manager,
        "Improved at review",
    )
    assert (case.level, case.revision) == ("3", 2)
    assert queries.status_history(case).last().decision == "de_escalated"
    assert not Action.objects.filter(suspension=suspension, done_on__isnull=True).exists()
    assert AuditEntry.objects.count() == audit_before + 1


def test_stepping_down_below_suspension_lifts_it(world):
    case = given.open_case(world, level="4")
    services.de_escalate_case(
        actor=world.manager, case=case, level="2", reason="Resolved", seen_revision=1, now=f.at(2026, 3, 20)
    )
    assert Suspension.objects.get().lifted_on == date(2026, 3, 20)


def test_moving_between_suspension_and_default_keeps_one_suspension(world):
    case = given.open_case(world, level="4")
    services.escalate_case(
        actor=world.manager, case=case, level="5", reason="Defaults", seen_revision=1, now=f.at(2026, 3, 5)
    )
    services.de_escalate_case(
        actor=world.manager, case=case, level="4", reason="Remedied", seen_revision=2, now=f.at(2026, 3, 9)
    )
    assert Suspension.objects.filter(lifted_on__isnull=True).count() == 1


def test_at_level_5_a_suspension_may_be_lifted_without_stepping_down(world):
    case = given.open_case(world, level="4")
    services.escalate_case(
        actor=world.manager, case=case, level="5", reason="Defaults", seen_revision=1, now=f.at(2026, 3, 5)
    )
    services.lift_suspension(
        actor=world.manager,
        suspension=case.suspensions.get(),
        lifted_on=date(2026, 3, 9),
        reason="Placements safe again",
        now=f.at(2026, 3, 9),
    )
    case.refresh_from_db()
    assert case.level == "5"


def test_lifting_is_refused_when_the_case_was_decided_on_since_the_manager_looked(world):
    case = given.open_case(world, level="4")
    seen = case.revision
    services.escalate_case(
        actor=world.manager, case=case, level="5", reason="Defaults", seen_revision=seen, now=f.at(2026, 3, 5)
    )
    with pytest.raises(errors.CaseChanged, match="This case changed after you opened it"):
        services.lift_suspension(
            actor=world.manager,
            suspension=case.suspensions.get(),
            lifted_on=date(2026, 3, 9),
            reason="Placements safe again",
            seen_revision=seen,
            now=f.at(2026, 3, 9),
        )
    assert case.suspensions.get().lifted_on is None  # nothing written
    assert not AuditEntry.objects.filter(action="case.suspension_lifted").exists()


def test_a_provider_case_at_suspension_suspends_each_location(world):
    other = f.location(world.council, provider=world.home.provider)
    case = given.open_case(world, level="4", locations=[world.home, other], provider=world.home.provider)
    assert set(case.suspensions.values_list("location_id", flat=True)) == {world.home.pk, other.pk}
    assert case.actions.filter(kind=ActionKind.SUSPENSION).count() == 4


# --- the selectors -----------------------------------------------------------------------------------


def test_a_location_is_suspended_from_the_start_until_the_day_it_is_lifted(world):
    case = given.open_case(world, level="4")  # 2 March 2026
    services.de_escalate_case(
        actor=world.manager, case=case, level="3", reason="Lifted", seen_revision=1, now=f.at(2026, 4, 1)
    )
    assert not queries.is_suspended(world.home, on=date(2026, 3, 1), owners=access.NATIONAL)
    assert queries.is_suspended(world.home, on=date(2026, 3, 2), owners=access.NATIONAL)
    assert queries.is_suspended(world.home.pk, on=date(2026, 3, 31), owners=access.NATIONAL)
    assert not queries.is_suspended(world.home, on=date(2026, 4, 1), owners=access.NATIONAL)
    assert queries.suspended_location_ids(on=date(2026, 3, 15), owners=access.NATIONAL) == {world.home.pk}
    assert queries.suspended_location_ids(on=date(2026, 4, 15), owners=access.NATIONAL) == set()


def test_placement_search_sees_only_suspensions_of_councils_it_may_know_about(world):
    given.open_case(world, level="4")
    rochdale = f.council("E08000005")
    on = date(2026, 3, 10)
    assert queries.suspended_location_ids(on=on, owners=access.OwnerScope.of({world.council.pk})) == {
        world.home.pk
    }
    assert queries.suspended_location_ids(on=on, owners=access.OwnerScope.of({rochdale.pk})) == set()
    rochdale_broker = f.person(rochdale, "discharge_coordinator")
    assert list(queries.suspensions_visible_to(rochdale_broker, on=on)) == []
    world.council.partners.add(rochdale)
    assert [s.location for s in queries.suspensions_visible_to(rochdale_broker, on=on)] == [world.home]


def test_the_public_page_shows_a_suspension_only_when_the_council_publishes_it(world):
    case = given.open_case(world, level="4")
    suspension = case.suspensions.get()
    on = date(2026, 3, 10)
    assert list(queries.published_suspensions(on=on)) == []
    assert queries.suspended_location_ids(on=on, owners=access.NATIONAL, published_only=True) == set()
    with pytest.raises(errors.NotPermitted):
        services.set_suspension_published(
            actor=world.officer, suspension=suspension, published=True, now=f.at(2026, 3, 3)
        )
    services.set_suspension_published(
        actor=world.manager, suspension=suspension, published=True, now=f.at(2026, 3, 3)
    )
    assert list(queries.published_suspensions(on=on)) == [suspension]
    assert queries.is_suspended(world.home, on=on, owners=access.NATIONAL, published_only=True)
