"""Forms for the council's timescales and theme list. They check what a person typed; the services decide
whether it is allowed."""

from __future__ import annotations

from django import forms


class TimescalesForm(forms.Form):
    factual_accuracy_days = forms.IntegerField(
        label="Days the provider has to comment on a draft report",
        min_value=1,
        max_value=90,
        help_text="From 1 to 90 days. PAMMS gives 14.",
        error_messages={
            "required": "Enter the days for factual-accuracy comments",
            "invalid": "The days for factual-accuracy comments must be a whole number",
            "min_value": "The days for factual-accuracy comments must be 1 or more",
            "max_value": "The days for factual-accuracy comments must be 90 or fewer",
        },
    )
    action_plan_days = forms.IntegerField(
        label="Days the provider has to send an action plan",
        min_value=1,
        max_value=90,
        help_text="From 1 to 90 days. PAMMS gives 14.",
        error_messages={
            "required": "Enter the days for an action plan",
            "invalid": "The days for an action plan must be a whole number",
            "min_value": "The days for an action plan must be 1 or more",
            "max_value": "The days for an action plan must be 90 or fewer",
        },
    )
    follow_up_months = forms.IntegerField(
        label="Months to the follow-up visit after a plan is accepted",
        min_value=1,
        max_value=24,
        help_text="From 1 to 24 months.",
        error_messages={
            "required": "Enter the months to the follow-up visit",
            "invalid": "The months to the follow-up visit must be a whole number",
            "min_value": "The months to the follow-up visit must be 1 or more",
            "max_value": "The months to the follow-up visit must be 24 or fewer",
        },
    )


class ThemeForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        error_messages={
            "required": "Enter the theme's name",
            "max_length": "The name must be 100 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What findings in this theme are about",
        error_messages={"max_length": "The description must be 300 characters or fewer"},
    )


class NewThemeForm(ThemeForm):
    safeguarding = forms.ChoiceField(
        label="Do findings in this theme count as safeguarding concerns?",
        choices=[("no", "No"), ("yes", "Yes")],
        widget=forms.RadioSelect,
        initial="no",
        help_text="Confirmed findings in a safeguarding theme count towards the ladder of intervention",
        error_messages={"required": "Say whether the theme is about safeguarding"},
    )
