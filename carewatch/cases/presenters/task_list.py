"""The task list (and the daily digest): what is due, grouped into overdue, today and soon."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from carewatch.cases import queries
from carewatch.cases.presenters.case_page import action_row
from carewatch.cases.presenters.common import case_subject, proposal_subject
from carewatch.core.models import User


@dataclass(frozen=True)
class TaskRow:
    title: str
    url: str
    link_text: str
    case_url: str
    case_label: str
    due_on: date
    overdue: bool
    kind: str


def case_subjects(user: User, case_ids: Iterable[int | None]) -> dict[int, str]:
    """What each case on a task list is about, for the cases ``user`` may see."""
    return {case.pk: case_subject(case) for case in queries.cases_by_id(user, case_ids)}


def task_rows(tasks: list[queries.Task], *, subjects: dict[int, str]) -> list[TaskRow]:
    rows = []
    for task in tasks:
        case_url = reverse("cases:case_detail", kwargs={"case_id": task.case_id}) if task.case_id else ""
        case_label = f"Case {task.case_id}: {subjects.get(task.case_id, '')}" if task.case_id else "New case"
        if task.kind in ("visit", "dispute"):  # monitoring work: the visit, not a case
            case_url = reverse("monitoring:visit_detail", kwargs={"visit_id": task.id})
            case_label = f"Visit to {task.service}"
            if task.kind == "dispute":
                url, link_text = reverse("monitoring:visit_review", kwargs={"visit_id": task.id}), "Review it"
            else:
                url, link_text = case_url, "Start, reschedule or cancel"
        elif task.kind == "proposal":
            url = reverse("cases:proposal_decide", kwargs={"proposal_id": task.id})
            link_text = "Decide"
            if task.case_id is None and task.proposal is not None:
                case_label = f"New case: {proposal_subject(task.proposal)}"
        else:
            action = task.action
            row = action_row(action, today=date.min) if action is not None else None
            url = row.complete_url if row else case_url
            link_text = "Record it" if url != case_url else "Open the case"
        rows.append(
            TaskRow(
                title=task.title,
                url=url,
                link_text=link_text,
                case_url=case_url,
                case_label=case_label,
                due_on=task.due_on,
                overdue=task.overdue,
                kind=task.kind,
            )
        )
    return rows


@dataclass(frozen=True)
class TaskGroups:
    overdue: list[TaskRow]
    today: list[TaskRow]
    soon: list[TaskRow]

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.today or self.soon)


def task_groups(rows: list[TaskRow], *, today: date) -> TaskGroups:
    return TaskGroups(
        overdue=[row for row in rows if row.due_on < today],
        today=[row for row in rows if row.due_on == today],
        soon=[row for row in rows if row.due_on > today],
    )
