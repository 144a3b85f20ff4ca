"""Signing, tasks, sign-ups, renewal and withdrawal: one audit entry per write, clear errors naming the
field, nothing half-saved."""

from __future__ import annotations

from datetime import date

import pytest

from carewatch.core.models import AuditEntry
from carewatch.recognition import queries, services
from carewatch.recognition.errors import InvalidInput, NotPermitted
from carewatch.recognition.models import Commitment, CommitmentSignUp, CommitmentTask
from tests.recognition import factories as f

pytestmark = pytest.mark.django_db
NOW = f.NOW


@pytest.fixture
def acme():
    organisation = f.employer()
    return organisation, f.manager_of(organisation)


def test_a_manager_signs_with_a_task_under_every_statement_and_it_is_audited(acme):
    employer, manager = acme
    commitment = f.signed(employer, manager)
    assert commitment.signed_on == date(2026, 1, 5)
    assert commitment.tasks.count() == 7
    entry = AuditEntry.objects.get(action="commitment.signed")
    assert entry.actor == manager and entry.organisation == employer
    assert len(entry.after["tasks"]) == 7


def test_a_commitment_without_a_task_under_a_statement_is_refused_naming_it_and_nothing_is_saved(acme):
    employer, manager = acme
    services.install_defaults(now=NOW)
    with pytest.raises(InvalidInput) as raised:
        services.sign_commitment(
            employer=employer,
            actor=manager,
            signed_on=date(2026, 1, 5),
            tasks=f.tasks(date(2026, 3, 1), range(1, 7)),
            now=NOW,
        )
    assert raised.value.field == "task_7"
    assert raised.value.message == "Add a task under statement 7, put it into practice"
    assert not Commitment.objects.exists() and not CommitmentTask.objects.exists()
    assert not AuditEntry.objects.filter(action="commitment.signed").exists()


def test_a_target_date_before_signing_is_refused_beside_that_tasks_date(acme):
    employer, manager = acme
    services.install_defaults(now=NOW)
    tasks = f.tasks(date(2026, 3, 1))
    tasks[2] = services.TaskInput(3, "Training plan", date(2025, 12, 31))
    with pytest.raises(InvalidInput) as raised:
        services.sign_commitment(
            employer=employer, actor=manager, signed_on=date(2026, 1, 5), tasks=tasks, now=NOW
        )
    assert raised.value.problems == [
        ("due_3", "The target date must be on or after the date signed, 5 January 2026")
    ]
    assert not Commitment.objects.exists()


def test_a_blank_task_and_a_future_signing_date_are_each_named(acme):
    employer, manager = acme
    services.install_defaults(now=NOW)
    tasks = f.tasks(date(2026, 9, 1))
    tasks[0] = services.TaskInput(1, "  ", date(2026, 9, 1))
    with pytest.raises(InvalidInput) as raised:
        services.sign_commitment(
            employer=employer, actor=manager, signed_on=date(2026, 6, 2), tasks=tasks, now=NOW
        )
    assert dict(raised.value.problems) == {
        "signed_on": "The date signed must be today or in the past",
        "task_1": "Describe a task under statement 1",
    }


def test_only_the_employers_own_manager_signs(acme):
    employer, _ = acme
    other = f.employer("Other Care Ltd", home="Elm House")
    services.install_defaults(now=NOW)
    for actor in (f.manager_of(other), f.staff_of(employer)):
        with pytest.raises(NotPermitted):
            services.sign_commitment(
                employer=employer,
                actor=actor,
                signed_on=date(2026, 1, 5),
                tasks=f.tasks(date(2026, 3, 1)),
                now=NOW,
            )
    assert not Commitment.objects.exists()


def test_an_employer_signs_once_while_its_commitment_is_in_force(acme):
    employer, manager = acme
    f.signed(employer, manager)
    with pytest.raises(InvalidInput, match="already signed"):
        f.signed(employer, manager)


def test_tasks_are_added_and_completed_and_each_write_is_audited(acme):
    employer, manager = acme
    commitment = f.signed(employer, manager)
    task = services.add_task(
        commitment=commitment,
        actor=manager,
        task=services.TaskInput(2, "Buddy every new starter", date(2026, 8, 1)),
        now=NOW,
    )
    assert task.statement.number == 2
    first = commitment.tasks.order_by("pk").first()
    done = services.complete_tasks(
        commitment=commitment, actor=manager, task_ids=[first.pk, task.pk], done_on=date(2026, 5, 30), now=NOW
    )
    assert done == 2
    progress = queries.current_commitment_of(employer, today=NOW.date())
    assert (progress.tasks_total, progress.tasks_done) == (8, 2)
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-3:] == ["commitment.signed", "commitment.task_added", "commitment.tasks_completed"]


def test_a_task_done_twice_or_of_another_commitment_is_refused_and_nothing_changes(acme):
    employer, manager = acme
    commitment = f.signed(employer, manager)
    first = commitment.tasks.order_by("pk").first()
    services.complete_tasks(
        commitment=commitment, actor=manager, task_ids=[first.pk], done_on=date(2026, 5, 30), now=NOW
    )
    second = commitment.tasks.order_by("pk")[1]
    with pytest.raises(InvalidInput) as raised:
        services.complete_tasks(
            commitment=commitment,
            actor=manager,
            task_ids=[first.pk, second.pk],
            done_on=date(2026, 5, 31),
            now=NOW,
        )
    assert raised.value.field == "tasks"
    assert CommitmentTask.objects.get(pk=second.pk).done_on is None


def test_adding_a_task_due_before_signing_is_refused_naming_the_date(acme):
    employer, manager = acme
    commitment = f.signed(employer, manager)
    with pytest.raises(InvalidInput) as raised:
        services.add_task(
            commitment=commitment,
            actor=manager,
            task=services.TaskInput(4, "Talk about the code", date(2026, 1, 4)),
            now=NOW,
        )
    assert raised.value.field == "due_on"
    assert commitment.tasks.count() == 7


def test_sign_ups_are_counts_by_role_and_a_negative_count_is_refused_naming_its_role(acme):
    employer, manager = acme
    commitment = f.signed(employer, manager)
    services.record_sign_ups(
        commitment=commitment, actor=manager, counts={"care_worker": 12, "nurse": 3}, now=NOW
    )
    with pytest.raises(InvalidInput) as raised:
        services.record_sign_ups(
            commitment=commitment, actor=manager, counts={"care_worker": 14, "manager": -1}, now=NOW
        )
    assert raised.value.problems == [
        ("count_manager", "The number of managers and supervisors must be 0 or more")
    ]
    assert dict(CommitmentSignUp.objects.values_list("role", "count")) == {"care_worker": 12, "nurse": 3}
    progress = queries.current_commitment_of(employer, today=NOW.date())
    assert progress.staff_signed == 15
    entry = AuditEntry.objects.get(action="commitment.sign_ups_recorded")
    assert entry.after["care_worker"] == 12 and entry.before["care_worker"] == 0


def test_renewal_cannot_go_back_before_signing_and_withdrawal_needs_a_reason(acme):
    employer, manager = acme
    commitment = f.signed(employer, manager)
    with pytest.raises(InvalidInput) as raised:
        services.renew_commitment(commitment=commitment, actor=manager, renewed_on=date(2026, 1, 4), now=NOW)
    assert raised.value.field == "renewed_on"
    services.renew_commitment(commitment=commitment, actor=manager, renewed_on=date(2026, 5, 1), now=NOW)
    assert Commitment.objects.get().renewed_on == date(2026, 5, 1)
    with pytest.raises(InvalidInput) as raised:
        services.withdraw_commitment(commitment=commitment, actor=manager, reason=" ", now=NOW)
    assert raised.value.field == "reason"
    services.withdraw_commitment(commitment=commitment, actor=manager, reason="We are closing", now=NOW)
    assert Commitment.objects.get().withdrawn_on == date(2026, 6, 1)
    assert queries.current_commitment_of(employer, today=NOW.date()) is None
    with pytest.raises(NotPermitted):
        services.add_task(
            commitment=commitment,
            actor=manager,
            task=services.TaskInput(1, "More", date(2026, 7, 1)),
            now=NOW,
        )


def test_a_system_administrator_changes_a_statements_words_and_tasks_stay_under_it(acme):
    from tests import access_helpers as ah

    employer, manager = acme
    commitment = f.signed(employer, manager)
    admin = ah.system_admin()
    services.change_statement(
        actor=admin, number=1, title="Hire for values", text="We hire kind people.", now=NOW
    )
    assert commitment.tasks.filter(statement__number=1, statement__title="Hire for values").count() == 1
    with pytest.raises(NotPermitted):
        services.change_statement(actor=manager, number=1, title="x", text="y", now=NOW)


def test_a_second_signature_racing_the_first_is_told_it_has_signed_not_a_server_error(acme, monkeypatch):
    employer, manager = acme
    f.signed(employer, manager)
    # as if the other manager's check ran before this one's commit: the database's constraint decides
    monkeypatch.setattr(Commitment.objects, "select_for_update", lambda: Commitment.objects.none())
    with pytest.raises(InvalidInput, match="already signed"):
        f.signed(employer, manager)
    assert Commitment.objects.count() == 1
