"""Forms for action plans: the provider's actions and an officer sending a plan back. They check what a
person typed; the services decide whether it is allowed."""

from __future__ import annotations

from typing import cast

from django import forms

from carewatch.core.govuk_forms import DateField
from carewatch.monitoring.models import Finding


class ActionForm(forms.Form):
    finding = forms.ChoiceField(
        label="Which finding does this action answer?", error_messages={"required": "Choose the finding"}
    )
    description = forms.CharField(
        label="What will you do?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the action"},
    )
    owner_name = forms.CharField(
        label="Who is responsible?",
        max_length=200,
        help_text="A name or a job title",
        error_messages={
            "required": "Say who is responsible for the action",
            "max_length": "Who is responsible must be 200 characters or fewer",
        },
    )
    due_on = DateField(label="When will it be done?", what="the due date", help_text="For example, 2 4 2026")

    def __init__(self, *args, findings, **kwargs):
        super().__init__(*args, **kwargs)
        self.findings: dict[str, Finding] = {str(f.pk): f for f in findings}
        cast(forms.ChoiceField, self.fields["finding"]).choices = [
            (str(f.pk), f.text[:120]) for f in findings
        ]

    def chosen_finding(self) -> Finding:
        """The finding chosen (once the form is valid)."""
        return self.findings[self.cleaned_data["finding"]]


class ReturnPlanForm(forms.Form):
    reasons = forms.CharField(
        label="Why are you sending the plan back?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The provider sees these reasons",
        error_messages={"required": "Say why you are sending the plan back"},
    )
