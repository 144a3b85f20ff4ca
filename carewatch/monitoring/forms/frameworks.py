"""Forms for the council's frameworks: a question, an imported file. They check what a person typed; the
services decide whether it is allowed."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from carewatch.core import uploads
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
        validators=[uploads.validate_size],
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
