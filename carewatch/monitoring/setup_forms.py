"""Plain forms for the council's monitoring set-up: framework questions and imports, timescales, themes and
the thematic analysis. They check what a person typed; the services decide whether it is allowed."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from carewatch.core.govuk_forms import DateField
from carewatch.monitoring.frameworks import LOCAL_STANDARDS
from carewatch.monitoring.models import ServiceType
from carewatch.ratings.vocabulary import STATEMENTS

STATEMENT_CHOICES = [("", "Choose a quality statement")] + [
    (str(s.id), f"{s.id} {s.name} ({s.key_question.label})") for s in STATEMENTS.values()
]
STANDARD_CHOICES = [("", "Choose a local standard")] + [
    (str(s.number), f"{s.number} {s.name}") for s in LOCAL_STANDARDS.values()
]


class QuestionForm(forms.Form):
    """One question of a framework, as ``services.edit_framework`` takes it."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="Short and unique in the framework, for example CH-47",
        error_messages={
            "required": "Enter the question's code",
            "max_length": "The code must be 20 characters or fewer",
        },
    )
    text = forms.CharField(
        label="Question",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In plain English, as the officer reads it on the visit",
        error_messages={"required": "Enter the question"},
    )
    statement = forms.ChoiceField(
        label="CQC quality statement",
        choices=STATEMENT_CHOICES,
        error_messages={"required": "Choose the CQC quality statement the question maps to"},
    )
    standard = forms.ChoiceField(
        label="Local standard",
        choices=STANDARD_CHOICES,
        error_messages={"required": "Choose the local standard the question belongs to"},
    )
    weight = forms.DecimalField(
        label="Weight",
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        decimal_places=2,
        help_text="How much the answer counts within its standard: 1 for most questions, 2 for safety-critical ones",
        error_messages={
            "required": "Enter the weight, for example 1",
            "invalid": "The weight must be a number, for example 1 or 0.5",
            "min_value": "The weight must be more than 0",
            "max_value": "The weight must be 100 or less",
            "max_decimal_places": "The weight can have at most 2 decimal places",
        },
    )

    def question(self) -> dict:
        data = self.cleaned_data
        return {
            "code": data["code"].strip(),
            "text": data["text"].strip(),
            "statement": int(data["statement"]),
            "standard": int(data["standard"]),
            "weight": data["weight"],
        }


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a framework file",
        help_text="A CSV file with the columns code, text, statement, standard and weight, or a JSON file",
        error_messages={"required": "Choose a CSV or JSON file to upload", "empty": "The file is empty"},
    )
    service_type = forms.ChoiceField(
        label="Which services is it for?",
        choices=[("", "As the file says (JSON files only)")] + list(ServiceType.choices),
        required=False,
        widget=forms.RadioSelect,
        help_text="A CSV file does not say, so choose one",
    )
    name = forms.CharField(
        label="Name of the framework (optional)",
        max_length=200,
        required=False,
        help_text="Leave it empty to use the name in the JSON file, or the file's name. The same name and "
        "service type as one of your frameworks adds a new version of it.",
        error_messages={"max_length": "The name must be 200 characters or fewer"},
    )


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


class AnalysisForm(forms.Form):
    start = DateField(label="From", what="the first day of the period", help_text="For example, 1 4 2026")
    end = DateField(label="To", what="the last day of the period", help_text="For example, 31 3 2027")
    granularity = forms.ChoiceField(
        label="Show the trend by",
        choices=[("quarter", "Financial quarter"), ("month", "Month")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose quarters or months for the trend"},
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The last day must be the same as or after the first day")
        if start and end and (end - start).days > 366 * 10:
            self.add_error("start", "Choose a period of 10 years or less")
        return data
