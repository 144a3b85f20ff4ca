"""Every write of the Social Care Commitment register: keyword-only, ``now`` passed in, one transaction and
one audit entry each; bad input raises ``errors.InvalidInput`` naming every field at fault, and nothing
is saved.

from carewatch.recognition import services
services.sign_commitment(employer=acme, actor=manager, signed_on=day, tasks=[TaskInput(1, "…", due)], now=now)

``actor`` is the employer's provider manager; ``None`` only for an operator's command (``setup-demo``),
which names itself with ``label``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from carewatch.core import audit, dates
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.recognition import queries
from carewatch.recognition.errors import InvalidInput, NotPermitted
from carewatch.recognition.models import (
    Commitment,
    CommitmentSignUp,
    CommitmentStatement,
    CommitmentTask,
    StaffRole,
)
from carewatch.recognition.statements import DEFAULT_STATEMENTS

DESCRIPTION_LIMIT = 300
REASON_LIMIT = 500
TITLE_LIMIT = 120


@dataclass(frozen=True)
class TaskInput:
    statement: int  # the statement's number, 1 to 7
    description: str
    due_on: date | None


def _today(now: datetime) -> date:
    return timezone.localdate(now)


def _check_employer(actor: User | None, employer: Organisation) -> None:
    if employer.kind != OrganisationKind.PROVIDER or employer.provider_id is None:
        raise NotPermitted("Only a care provider signs the Social Care Commitment")
    if actor is None:
        return  # an operator's command
    if (
        not actor.is_active
        or actor.organisation_id != employer.pk
        or not actor.has_role(Role.PROVIDER_MANAGER)
    ):
        raise NotPermitted(f"Only a provider manager at {employer.name} can change its commitment")


def _check_current(commitment: Commitment) -> None:
    if commitment.withdrawn_on is not None:
        raise NotPermitted("This commitment was withdrawn: sign the commitment again to start a new one")


def _check_day(day: date | None, *, field: str, what: str, today: date) -> str | None:
    if day is None:
        return f"Enter {what}"
    problem = dates.out_of_range(day, name=what.capitalize())
    if problem:
        return problem
    if day > today:
        return f"{what.capitalize()} must be today or in the past"
    return None


def _task_problems(
    task: TaskInput, *, starts_on: date, statement_numbers: set[int], description: str, due: str
) -> list[tuple[str, str]]:
    """What is wrong with one task, naming the fields ``description`` and ``due`` (the form's names)."""
    problems: list[tuple[str, str]] = []
    if task.statement not in statement_numbers:
        problems.append(("statement", "Choose a statement from the list"))
        return problems
    text = task.description.strip()
    if not text:
        problems.append((description, f"Describe a task under statement {task.statement}"))
    elif len(text) > DESCRIPTION_LIMIT:
        problems.append((description, f"The task must be {DESCRIPTION_LIMIT} characters or fewer"))
    if task.due_on is None:
        problems.append((due, f"Enter a target date for the task under statement {task.statement}"))
    elif problem := dates.out_of_range(task.due_on, name="The target date"):
        problems.append((due, problem))
    elif task.due_on < starts_on:
        problems.append(
            (due, f"The target date must be on or after the date signed, {dates.long_date(starts_on)}")
        )
    return problems


def _due(task: TaskInput) -> date:
    assert task.due_on is not None  # checked by _task_problems
    return task.due_on


def _statement_map() -> dict[int, CommitmentStatement]:
    return {s.number: s for s in CommitmentStatement.objects.all()}


def _task_after(task: CommitmentTask) -> dict[str, object]:
    return {
        "statement": task.statement.number,
        "description": task.description,
        "due_on": task.due_on.isoformat(),
    }


def sign_commitment(
    *,
    employer: Organisation,
    actor: User | None,
    signed_on: date | None,
    tasks: Sequence[TaskInput],
    now: datetime,
    label: str | None = None,
) -> Commitment:
    """The employer signs: the date, and at least one task with a target date under every statement."""
    _check_employer(actor, employer)
    today = _today(now)
    problems: list[tuple[str, str]] = []
    if problem := _check_day(signed_on, field="signed_on", what="the date signed", today=today):
        problems.append(("signed_on", problem))
    statements = _statement_map()
    if not statements:
        raise NotPermitted("carewatch has no commitment statements yet: ask a system administrator")
    starts_on = signed_on or today
    for task in tasks:
        problems += _task_problems(
            task,
            starts_on=starts_on,
            statement_numbers=set(statements),
            description=f"task_{task.statement}",
            due=f"due_{task.statement}",
        )
    covered = {task.statement for task in tasks}
    for number, statement in sorted(statements.items()):
        if number not in covered:
            problems.append(
                (f"task_{number}", f"Add a task under statement {number}, {statement.title.lower()}")
            )
    if problems:
        raise InvalidInput(problems)
    assert signed_on is not None
    with transaction.atomic():
        if (
            Commitment.objects.select_for_update()
            .filter(employer=employer, withdrawn_on__isnull=True)
            .exists()
        ):
            raise InvalidInput([("signed_on", f"{employer.name} has already signed the commitment")])
        try:
            with transaction.atomic():  # two managers signing at once: the second is told, not a 500
                commitment = Commitment.objects.create(
                    employer=employer, signed_on=signed_on, signed_at=now, signed_by=actor
                )
        except IntegrityError:
            raise InvalidInput(
                [("signed_on", f"{employer.name} has already signed the commitment")]
            ) from None
        created = CommitmentTask.objects.bulk_create(
            CommitmentTask(
                commitment=commitment,
                statement=statements[task.statement],
                description=task.description.strip(),
                due_on=_due(task),
                added_at=now,
                added_by=actor,
            )
            for task in tasks
        )
        audit.write(
            now=now,
            actor=actor,
            organisation=employer,
            action="commitment.signed",
            object_type="commitment",
            object_id=commitment.pk,
            after={"signed_on": signed_on.isoformat(), "tasks": [_task_after(t) for t in created]},
            label=label,
        )
    return commitment


def add_task(
    *, commitment: Commitment, actor: User | None, task: TaskInput, now: datetime, label: str | None = None
) -> CommitmentTask:
    """One more task under a statement, with a target date on or after the date signed."""
    _check_employer(actor, commitment.employer)
    _check_current(commitment)
    statements = _statement_map()
    problems = _task_problems(
        task,
        starts_on=commitment.signed_on,
        statement_numbers=set(statements),
        description="description",
        due="due_on",
    )
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        created = CommitmentTask.objects.create(
            commitment=commitment,
            statement=statements[task.statement],
            description=task.description.strip(),
            due_on=_due(task),
            added_at=now,
            added_by=actor,
        )
        audit.write(
            now=now,
            actor=actor,
            organisation=commitment.employer,
            action="commitment.task_added",
            object_type="commitment",
            object_id=commitment.pk,
            after={"task": created.pk, **_task_after(created)},
            label=label,
        )
    return created


def complete_tasks(
    *,
    commitment: Commitment,
    actor: User | None,
    task_ids: Collection[int],
    done_on: date | None,
    now: datetime,
    label: str | None = None,
) -> int:
    """Mark tasks done on ``done_on`` (on or after signing, not in the future). Returns how many."""
    _check_employer(actor, commitment.employer)
    _check_current(commitment)
    problems: list[tuple[str, str]] = []
    wanted = set(task_ids)
    if not wanted:
        problems.append(("tasks", "Choose the tasks that are done"))
    if problem := _check_day(done_on, field="done_on", what="the date done", today=_today(now)):
        problems.append(("done_on", problem))
    elif done_on is not None and done_on < commitment.signed_on:
        problems.append(
            (
                "done_on",
                f"The date done must be on or after the date signed, {dates.long_date(commitment.signed_on)}",
            )
        )
    with transaction.atomic():
        open_tasks = CommitmentTask.objects.select_for_update().filter(
            commitment=commitment, pk__in=sorted(wanted), done_on__isnull=True
        )
        found = {task.pk for task in open_tasks}
        if wanted and found != wanted:
            problems.append(("tasks", "Choose tasks of this commitment that are not done yet"))
        if problems:
            raise InvalidInput(problems)
        assert done_on is not None
        count = CommitmentTask.objects.filter(pk__in=sorted(found)).update(done_on=done_on)
        audit.write(
            now=now,
            actor=actor,
            organisation=commitment.employer,
            action="commitment.tasks_completed",
            object_type="commitment",
            object_id=commitment.pk,
            after={"tasks": sorted(found), "done_on": done_on.isoformat()},
            label=label,
        )
    return count


def record_sign_ups(
    *,
    commitment: Commitment,
    actor: User | None,
    counts: Mapping[str, int | None],
    now: datetime,
    label: str | None = None,
) -> dict[str, int]:
    """The number of staff in each role who have signed up so far (a role left out keeps its count)."""
    _check_employer(actor, commitment.employer)
    _check_current(commitment)
    problems: list[tuple[str, str]] = []
    for role, count in counts.items():
        if role not in StaffRole.values:
            problems.append(("counts", f"{role} is not a staff role carewatch counts"))
        elif count is None:
            problems.append(
                (f"count_{role}", f"Enter the number of {StaffRole(role).label.lower()} who signed up")
            )
        elif count < 0:
            problems.append(
                (f"count_{role}", f"The number of {StaffRole(role).label.lower()} must be 0 or more")
            )
        elif count > 1_000_000:
            problems.append(
                (f"count_{role}", f"The number of {StaffRole(role).label.lower()} must be 1,000,000 or fewer")
            )
    if not counts:
        problems.append(("counts", "Enter the number of staff who signed up"))
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        before = queries.sign_up_counts(commitment)
        for role, count in counts.items():
            assert count is not None
            CommitmentSignUp.objects.update_or_create(
                commitment=commitment, role=role, defaults={"count": count, "recorded_on": _today(now)}
            )
        after = queries.sign_up_counts(commitment)
        audit.write(
            now=now,
            actor=actor,
            organisation=commitment.employer,
            action="commitment.sign_ups_recorded",
            object_type="commitment",
            object_id=commitment.pk,
            before=before,
            after=after,
            label=label,
        )
    return after


def renew_commitment(
    *,
    commitment: Commitment,
    actor: User | None,
    renewed_on: date | None,
    now: datetime,
    label: str | None = None,
) -> Commitment:
    """The employer confirms the commitment again: it is no longer lapsed for three months from ``renewed_on``."""
    _check_employer(actor, commitment.employer)
    _check_current(commitment)
    problem = _check_day(renewed_on, field="renewed_on", what="the date renewed", today=_today(now))
    if problem is None and renewed_on is not None:
        latest = commitment.renewed_on or commitment.signed_on
        if renewed_on < latest:
            problem = f"The date renewed must be on or after {dates.long_date(latest)}"
    if problem:
        raise InvalidInput([("renewed_on", problem)])
    with transaction.atomic():
        before = commitment.renewed_on
        commitment.renewed_on = renewed_on
        commitment.save(update_fields=["renewed_on"])
        audit.write(
            now=now,
            actor=actor,
            organisation=commitment.employer,
            action="commitment.renewed",
            object_type="commitment",
            object_id=commitment.pk,
            before={"renewed_on": before.isoformat() if before else None},
            after={"renewed_on": commitment.renewed_on.isoformat() if commitment.renewed_on else None},
            label=label,
        )
    return commitment


def withdraw_commitment(
    *, commitment: Commitment, actor: User | None, reason: str, now: datetime, label: str | None = None
) -> Commitment:
    """The employer withdraws: it leaves the public register and its badges (kept, never deleted)."""
    _check_employer(actor, commitment.employer)
    _check_current(commitment)
    text = reason.strip()
    if not text:
        raise InvalidInput([("reason", "Enter why you are withdrawing from the commitment")])
    if len(text) > REASON_LIMIT:
        raise InvalidInput([("reason", f"The reason must be {REASON_LIMIT} characters or fewer")])
    with transaction.atomic():
        commitment.withdrawn_on = max(_today(now), commitment.signed_on)
        commitment.withdrawn_by = actor
        commitment.withdrawal_reason = text
        commitment.save(update_fields=["withdrawn_on", "withdrawn_by", "withdrawal_reason"])
        audit.write(
            now=now,
            actor=actor,
            organisation=commitment.employer,
            action="commitment.withdrawn",
            object_type="commitment",
            object_id=commitment.pk,
            after={"withdrawn_on": commitment.withdrawn_on.isoformat(), "reason": text},
            label=label,
        )
    return commitment


def change_statement(
    *, actor: User, number: int, title: str, text: str, now: datetime
) -> CommitmentStatement:
    """A system administrator changes a statement's words (tasks under it stay under it)."""
    if not (actor.is_active and actor.is_superuser):
        raise NotPermitted("Only a system administrator changes the commitment's statements")
    problems: list[tuple[str, str]] = []
    if not title.strip():
        problems.append(("title", "Enter the statement's title"))
    elif len(title.strip()) > TITLE_LIMIT:
        problems.append(("title", f"The title must be {TITLE_LIMIT} characters or fewer"))
    if not text.strip():
        problems.append(("text", "Enter the statement's words"))
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        statement = CommitmentStatement.objects.select_for_update().filter(number=number).first()
        if statement is None:
            raise InvalidInput([("number", f"There is no statement {number}")])
        before = {"title": statement.title, "text": statement.text}
        statement.title, statement.text, statement.changed_at = title.strip(), text.strip(), now
        statement.save(update_fields=["title", "text", "changed_at"])
        audit.write(
            now=now,
            actor=actor,
            organisation=None,
            action="commitment.statement_changed",
            object_type="commitment_statement",
            object_id=number,
            before=before,
            after={"title": statement.title, "text": statement.text},
        )
    return statement


def install_defaults(*, now: datetime) -> int:
    """The seven statements carewatch ships, where missing (the migration writes them; tests that empty the
    database call this). Returns how many were written; an audit entry when any were."""
    with transaction.atomic():
        have = set(CommitmentStatement.objects.values_list("number", flat=True))
        missing = [(n, title, text) for n, title, text in DEFAULT_STATEMENTS if n not in have]
        CommitmentStatement.objects.bulk_create(
            CommitmentStatement(number=n, title=title, text=text) for n, title, text in missing
        )
        if missing:
            audit.write(
                now=now,
                actor=None,
                organisation=None,
                action="commitment.statements_installed",
                object_type="commitment_statement",
                object_id=",".join(str(n) for n, _, _ in missing),
                label="carewatch",
            )
    return len(missing)
