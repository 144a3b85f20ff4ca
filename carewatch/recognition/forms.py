"""Plain forms for the commitment pages: they check the shape of what people type; the rules (a task under
every statement, target dates on or after signing, counts of 0 or more) live in ``services``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from django import forms

from carewatch.core.govuk_forms import DateField
from carewatch.recognition import services
from carewatch.recognition.models import CommitmentStatement, CommitmentTask, StaffRole

COUNT_LIMIT = 1_000_000


def _task_field(number: int) -> forms.CharField:
    return forms.CharField(
        required=False,
        max_length=services.DESCRIPTION_LIMIT,
        label="Task",
        error_messages={"max_length": f"The task must be {services.DESCRIPTION_LIMIT} characters or fewer"},
    )


class SignForm(forms.Form):
    """The date signed and, for each statement, one task with its target date (more come later)."""

    signed_on = DateField(what="the date signed", label="Date signed")

    def __init__(self, *args: Any, statements: Sequence[CommitmentStatement], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.statements = list(statements)
        for statement in self.statements:
            self.fields[f"task_{statement.number}"] = _task_field(statement.number)
            self.fields[f"due_{statement.number}"] = DateField(
                what=f"the target date for the task under statement {statement.number}",
                label="Target date",
                required=False,
            )

    def sections(self) -> list[tuple[CommitmentStatement, forms.BoundField, forms.BoundField]]:
        return [(s, self[f"task_{s.number}"], self[f"due_{s.number}"]) for s in self.statements]

    def tasks(self) -> list[services.TaskInput]:
        """One task for each statement with something typed (the service names those left empty)."""
        found = []
        for statement in self.statements:
            text = self.cleaned_data.get(f"task_{statement.number}", "")
            due = cast(date | None, self.cleaned_data.get(f"due_{statement.number}"))
            if text.strip() or due is not None:
                found.append(services.TaskInput(statement.number, text, due))
        return found


class TaskForm(forms.Form):
    statement = forms.TypedChoiceField(
        coerce=int,
        label="Which statement is it under?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the statement the task is under"},
    )
    description = forms.CharField(
        max_length=services.DESCRIPTION_LIMIT,
        label="What will you do?",
        error_messages={
            "required": "Describe the task",
            "max_length": f"The task must be {services.DESCRIPTION_LIMIT} characters or fewer",
        },
    )
    due_on = DateField(what="the target date", label="Target date", help_text="For example, 27 3 2027")

    def __init__(self, *args: Any, statements: Sequence[CommitmentStatement], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["statement"]).choices = [
            (s.number, f"{s.number}. {s.title}") for s in statements
        ]

    def task(self) -> services.TaskInput:
        data = self.cleaned_data
        return services.TaskInput(data["statement"], data["description"], data["due_on"])


class DoneForm(forms.Form):
    tasks = forms.TypedMultipleChoiceField(
        coerce=int,
        label="Which tasks are done?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the tasks that are done"},
    )
    done_on = DateField(what="the date done", label="Date done", help_text="For example, 27 3 2027")

    def __init__(self, *args: Any, open_tasks: Sequence[CommitmentTask], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["tasks"]).choices = [
            (t.pk, f"{t.description} (statement {t.statement.number}, due {t.due_on:%-d %B %Y})")
            for t in open_tasks
        ]


class SignUpsForm(forms.Form):
    """How many staff in each role have signed up so far (whole numbers; the service refuses negatives)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for role in StaffRole:
            self.fields[f"count_{role.value}"] = forms.IntegerField(
                label=role.label,
                max_value=COUNT_LIMIT,
                error_messages={
                    "required": f"Enter the number of {role.label.lower()} who signed up (0 if none)",
                    "invalid": f"The number of {role.label.lower()} must be a whole number, like 12",
                    "max_value": f"The number of {role.label.lower()} must be {COUNT_LIMIT:,} or fewer",
                },
            )

    def counts(self) -> dict[str, int | None]:
        return {role: self.cleaned_data.get(f"count_{role}") for role in StaffRole.values}


class RenewForm(forms.Form):
    renewed_on = DateField(what="the date renewed", label="Date renewed", help_text="For example, 27 3 2027")


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        max_length=services.REASON_LIMIT,
        label="Why are you withdrawing?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why you are withdrawing from the commitment",
            "max_length": f"The reason must be {services.REASON_LIMIT} characters or fewer",
        },
    )


class StatementForm(forms.Form):
    title = forms.CharField(
        max_length=services.TITLE_LIMIT,
        label="Title",
        error_messages={
            "required": "Enter the statement's title",
            "max_length": f"The title must be {services.TITLE_LIMIT} characters or fewer",
        },
    )
    text = forms.CharField(
        max_length=2000,
        label="What the employer promises",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter the statement's words",
            "max_length": "The words must be 2,000 characters or fewer",
        },
    )
