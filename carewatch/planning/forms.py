"""Plain forms for the visit programme pages: validation of shape only; the rules are in the services."""

from __future__ import annotations

from datetime import date
from typing import cast

from django import forms

from carewatch.core.dates import IsoDateField
from carewatch.core.govuk_forms import DateField
from carewatch.planning import programme, risk
from carewatch.planning.presenters import number_text, weight_label


class PolicyForm(forms.Form):
    contracted_months = forms.CharField(
        label="Every contracted service, at least every (months)", required=False
    )
    high_risk_score = forms.CharField(label="A service is high risk from a risk score of", required=False)
    high_risk_months = forms.CharField(
        label="Every high-risk service, at least every (months)", required=False
    )
    new_registration_months = forms.CharField(label="A new registration, within (months)", required=False)
    follow_up_months = forms.CharField(label="Follow-up after an action plan, after (months)", required=False)
    intensive_from_level = forms.ChoiceField(
        label="Intensive support visits from ladder level",
        choices=[("2", "2 – Enhanced monitoring"), ("3", "3 – Provider concern"), ("4", "4 – Suspension")],
        widget=forms.RadioSelect,
    )
    intensive_every_days = forms.CharField(label="Intensive support: a visit every (days)", required=False)
    visits_per_day = forms.CharField(label="Visits an officer makes in a day", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category, label in programme.CATEGORIES.items():
            self.fields[f"unannounced_{category}"] = forms.CharField(
                label=f"{label}: unannounced share (%)", required=False
            )

    def values(self) -> dict[str, object]:
        data = self.cleaned_data
        values: dict[str, object] = {
            k: data.get(k) for k in programme.DEFAULT_POLICY.as_dict() if k in self.fields
        }
        values["unannounced_shares"] = {
            category: data.get(f"unannounced_{category}") or "" for category in programme.CATEGORIES
        }
        return values

    @staticmethod
    def initial_from(policy: programme.Policy) -> dict[str, object]:
        values: dict[str, object] = {k: v for k, v in policy.as_dict().items() if k != "unannounced_shares"}
        values["high_risk_score"] = f"{policy.high_risk_score:g}"
        for category in programme.CATEGORIES:
            values[f"unannounced_{category}"] = policy.unannounced_shares.get(category, 0)
        return values


class CapacityForm(forms.Form):
    days_per_week = forms.CharField(label="Days a week the officer visits", required=False)
    areas = forms.CharField(
        label="Areas",
        required=False,
        help_text="Postcode districts, towns or council names, separated by commas, for example OL1, OL2, Chadderton. "
        "Leave empty for the whole area.",
    )


class GenerateForm(forms.Form):
    starts_on = DateField(
        label="First day", what="the first day of the programme", help_text="For example, 4 1 2027"
    )
    weeks = forms.CharField(label="Number of weeks", required=False, initial="4")


def _officer_choices(field: forms.Field, officers) -> None:
    cast(forms.ChoiceField, field).choices = [("", "Choose an officer")] + [
        (str(person.pk), person.get_full_name() or person.username) for person in officers
    ]


class MoveForm(forms.Form):
    visit_on = DateField(
        label="Date of the visit", what="the date of the visit", help_text="For example, 12 1 2027"
    )
    officer = forms.ChoiceField(label="Officer", error_messages={"required": "Choose an officer"})

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        _officer_choices(self.fields["officer"], officers)


class AddForm(forms.Form):
    location = forms.CharField(
        label="CQC location ID of the service",
        help_text="For example, 1-123456789",
        error_messages={"required": "Enter the CQC location ID of the service"},
    )
    visit_on = DateField(
        label="Date of the visit", what="the date of the visit", help_text="For example, 12 1 2027"
    )
    officer = forms.ChoiceField(label="Officer", error_messages={"required": "Choose an officer"})
    announced = forms.ChoiceField(
        label="Will the visit be announced?",
        choices=[("yes", "Yes, the provider will be told the date"), ("no", "No, unannounced")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the visit will be announced"},
    )
    reason = forms.CharField(label="Why this visit", required=False, max_length=300)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        _officer_choices(self.fields["officer"], officers)


class RiskListForm(forms.Form):
    """The risk list's "as at" date (``?as_of=YYYY-MM-DD``): today when blank, never after today."""

    as_of = IsoDateField(required=False, label="As at (YYYY-MM-DD, blank for today)", what="The ‘as at’ date")

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_as_of(self) -> date | None:
        value = self.cleaned_data.get("as_of")
        if value is not None and value > self.today:
            raise forms.ValidationError("The ‘as at’ date must be today or in the past", code="future")
        return value


class WeightsForm(forms.Form):
    """One field per weight the score knows (``risk.DEFAULT_WEIGHTS``, in its order), then why. The numbers are
    checked by ``risk.parse_weights`` here (to name every bad field with a missing note) and again by
    ``services.set_weights``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, default in risk.DEFAULT_WEIGHTS.items():
            label = weight_label(name)
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                max_length=20,
                help_text=f"Published default: {number_text(default)}",
                error_messages={"max_length": f"The weight for ‘{label}’ must be 20 characters or fewer"},
            )
        self.fields["note"] = forms.CharField(
            label="Why are you changing the weights?",
            help_text="Recorded with this version and shown in its history, for example the committee decision",
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={
                "required": "Enter why you are changing the weights",
                "max_length": "Why you are changing the weights must be 500 characters or fewer",
            },
        )

    @property
    def weight_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in risk.DEFAULT_WEIGHTS]

    @property
    def weight_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The weight fields in the groups the page shows as fieldsets (``risk.SIGNAL_GROUPS``)."""
        return [(legend, [self[name] for name in names]) for legend, names in risk.SIGNAL_GROUPS]

    def clean(self):
        """Every bad weight named at once, with a missing note too (the service checks the weights again)."""
        data = super().clean() or {}
        typed = {}
        for name in risk.DEFAULT_WEIGHTS:
            if name not in data:
                continue  # too long: already named
            if not str(data[name]).strip():
                self.add_error(name, f"Enter the weight for ‘{weight_label(name)}’ (0 turns it off)")
            else:
                typed[name] = data[name].strip()
        try:
            risk.parse_weights(typed)
        except risk.WeightError as problem:
            self.put_problems(problem.errors)
        return data

    def weights(self) -> dict[str, str]:
        return {name: self.cleaned_data[name].strip() for name in risk.DEFAULT_WEIGHTS}

    def put_problems(self, problems: dict[str, str]) -> None:
        """``errors.InvalidWeights.problems`` beside their fields: "The weight for ‘…’ must be a number"."""
        for name, problem in problems.items():
            if name in self.fields:
                self.add_error(name, f"The weight for ‘{weight_label(name)}’ {problem}")
            else:
                self.add_error(None, f"{name} {problem}")

    @staticmethod
    def initial_from(weights: dict[str, float]) -> dict[str, str]:
        return {
            name: number_text(weights.get(name, default)) for name, default in risk.DEFAULT_WEIGHTS.items()
        }
