"""Shaping commitments for the pages: each statement's status in the task list, the commitment's own status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carewatch.core import dates
from carewatch.recognition import queries
from carewatch.recognition.models import Commitment, CommitmentStatement, CommitmentTask


@dataclass(frozen=True)
class Status:
    text: str
    tag: str  # a GOV.UK tag modifier ("red", "blue", …); "" for plain text (the task list's "Completed")


def commitment_status(commitment: Commitment) -> Status:
    """Withdrawn, Lapsed or Current (``commitment`` annotated by ``queries.with_progress``)."""
    if commitment.withdrawn_on is not None:
        return Status("Withdrawn", "grey")
    if getattr(commitment, "lapsed", False):
        return Status("Lapsed", "red")
    return Status("Current", "green")


@dataclass(frozen=True)
class StatementRow:
    statement: CommitmentStatement
    tasks: list[CommitmentTask]
    done: int
    overdue: int
    status: Status

    @property
    def hint(self) -> str:
        total = len(self.tasks)
        words = f"{total} task{'s' if total != 1 else ''}, {self.done} done"
        return words + (f", {self.overdue} overdue" if self.overdue else "")


def statement_rows(commitment: Commitment, *, today: date) -> list[StatementRow]:
    rows = []
    for statement, tasks in queries.tasks_by_statement(commitment):
        done = sum(1 for t in tasks if t.done_on is not None)
        overdue = sum(1 for t in tasks if t.done_on is None and t.due_on < today)
        if tasks and done == len(tasks):
            status = Status("Completed", "")
        elif overdue:
            status = Status("Overdue", "red")
        else:
            status = Status("In progress", "blue")
        rows.append(StatementRow(statement, tasks, done, overdue, status))
    return rows


def task_state(task: CommitmentTask, *, today: date) -> Status:
    if task.done_on is not None:
        return Status(f"Done {dates.long_date(task.done_on)}", "green")
    if task.due_on < today:
        return Status("Overdue", "red")
    return Status("To do", "blue")
