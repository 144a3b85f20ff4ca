"""Forms for the ladder editor and the council's bank holidays (organisation administrators)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from carewatch.cases import ladder
from carewatch.cases.forms.base import Form
from carewatch.cases.models import UNIT_CHOICES
from carewatch.core.govuk_forms import DateField


class LadderForm(Form):
    """Every configurable part of a ladder, starting from a :class:`ladder.LadderSpec`."""

    default_notice_limit = forms.IntegerField(
        label="Consider ending the contract at this many default notices",
        min_value=1,
        error_messages={"required": "Enter the number of default notices", "min_value": "Enter 1 or more"},
    )
    safeguarding_concerns_threshold = forms.IntegerField(
        label="Propose a provider concern at this many safeguarding concerns",
        min_value=1,
        error_messages={"required": "Enter the number of concerns", "min_value": "Enter 1 or more"},
    )
    safeguarding_period_days = forms.IntegerField(
        label="Within this many days",
        min_value=1,
        error_messages={"required": "Enter the number of days", "min_value": "Enter 1 or more"},
    )
    note = forms.CharField(
        label="What did you change? (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, spec: ladder.LadderSpec, **kwargs: Any
    ) -> None:
        self.spec = spec
        initial = {
            "default_notice_limit": spec.default_notice_limit,
            "safeguarding_concerns_threshold": spec.safeguarding_concerns_threshold,
            "safeguarding_period_days": spec.safeguarding_period_days,
        }
        super().__init__(data, initial=initial, **kwargs)
        self.levels: list[dict[str, Any]] = []
        for level in spec.levels:
            prefix = f"level_{level.code}"
            self.fields[f"{prefix}_name"] = forms.CharField(
                label="Name",
                max_length=200,
                initial=level.name,
                error_messages={"required": f"Enter a name for level {level.code}"},
            )
            self.fields[f"{prefix}_entry_criteria"] = forms.CharField(
                label="Entry criteria",
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=level.entry_criteria,
                help_text="Shown to the QA manager deciding to move a case to this level.",
                error_messages={"required": f"Enter the entry criteria for level {level.code}"},
            )
            self.fields[f"{prefix}_exit_criteria"] = forms.CharField(
                label="Exit criteria (optional)",
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=level.exit_criteria,
                required=False,
            )
            self.fields[f"{prefix}_standard_actions"] = forms.CharField(
                label="Standard actions (optional)",
                widget=forms.Textarea(attrs={"rows": 3}),
                initial="\n".join(level.standard_actions),
                required=False,
                help_text="One a line.",
            )
            timescales = []
            for timescale in level.timescales:
                number_name, unit_name = (
                    f"timescale_{timescale.key}_number",
                    f"timescale_{timescale.key}_unit",
                )
                self.fields[number_name] = forms.IntegerField(
                    label=timescale.label,
                    min_value=0,
                    initial=timescale.number,
                    error_messages={
                        "required": f"Enter a number for “{timescale.label}”",
                        "min_value": f"“{timescale.label}” cannot be negative",
                        "invalid": f"“{timescale.label}” must be a whole number",
                    },
                )
                self.fields[unit_name] = forms.ChoiceField(
                    label=f"Unit for {timescale.label.lower()}", choices=UNIT_CHOICES, initial=timescale.unit
                )
                timescales.append({"spec": timescale, "number": self[number_name], "unit": self[unit_name]})
            self.levels.append(
                {
                    "code": level.code,
                    "name": self[f"{prefix}_name"],
                    "entry_criteria": self[f"{prefix}_entry_criteria"],
                    "exit_criteria": self[f"{prefix}_exit_criteria"],
                    "standard_actions": self[f"{prefix}_standard_actions"],
                    "timescales": timescales,
                }
            )

    def to_spec(self) -> ladder.LadderSpec:
        data = self.cleaned_data
        levels = []
        for level in self.spec.levels:
            prefix = f"level_{level.code}"
            levels.append(
                ladder.LevelSpec(
                    code=level.code,
                    name=data[f"{prefix}_name"],
                    entry_criteria=data[f"{prefix}_entry_criteria"],
                    exit_criteria=data[f"{prefix}_exit_criteria"],
                    standard_actions=tuple(
                        line.strip()
                        for line in data[f"{prefix}_standard_actions"].splitlines()
                        if line.strip()
                    ),
                    timescales=tuple(
                        ladder.TimescaleSpec(
                            key=t.key,
                            label=t.label,
                            number=data[f"timescale_{t.key}_number"],
                            unit=data[f"timescale_{t.key}_unit"],
                            source=t.source,
                        )
                        for t in level.timescales
                    ),
                )
            )
        return ladder.LadderSpec(
            levels=tuple(levels),
            default_notice_limit=data["default_notice_limit"],
            safeguarding_concerns_threshold=data["safeguarding_concerns_threshold"],
            safeguarding_period_days=data["safeguarding_period_days"],
        )

    @staticmethod
    def field_for_error(field: str | None) -> str | None:
        """The form field a service error names (``timescale_<key>`` is the number box)."""
        if field and field.startswith("timescale_") and not field.endswith(("_number", "_unit")):
            return f"{field}_number"
        if field in ("levels", "timescales", "settings"):
            return None
        return field


class BankHolidayForm(Form):
    falls_on = DateField(label="Date", what="the date")
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example, Council closure day.",
        error_messages={"required": "Enter the name of the day"},
    )
