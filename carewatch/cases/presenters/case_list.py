"""The case list: one row per case."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone

from carewatch.cases.models import Case
from carewatch.cases.presenters.common import LevelTag, case_subject, level_names, level_tag


@dataclass(frozen=True)
class CaseRow:
    id: int
    url: str
    subject: str
    council: str
    level: LevelTag
    is_open: bool
    opened_on: date
    next_due_on: date | None
    overdue: bool


def case_rows(cases: Iterable[Case], *, today: date) -> list[CaseRow]:
    rows = []
    for case in cases:
        next_due_on = getattr(case, "next_due_on", None)
        rows.append(
            CaseRow(
                id=case.pk,
                url=reverse("cases:case_detail", kwargs={"case_id": case.pk}),
                subject=case_subject(case),
                council=case.organisation.name,
                level=level_tag(case.level, level_names(case.ladder)),
                is_open=case.is_open,
                opened_on=timezone.localdate(case.opened_at),
                next_due_on=next_due_on if case.is_open else None,
                overdue=bool(case.is_open and next_due_on and next_due_on < today),
            )
        )
    return rows
