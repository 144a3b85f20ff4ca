"""The thematic analysis page's form: the period and how to show the trend."""

from __future__ import annotations

from typing import Any

from django import forms

from carewatch.core.govuk_forms import DateField


class AnalysisForm(forms.Form):
    start = DateField(label="From", what="the first day of the period", help_text="For example, 1 4 2026")
    end = DateField(label="To", what="the last day of the period", help_text="For example, 31 3 2027")
    granularity = forms.ChoiceField(
        label="Show the trend by",
        choices=[("quarter", "Financial quarter"), ("month", "Month")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose quarters or months for the trend"},
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The last day must be the same as or after the first day")
        if start and end and (end - start).days > 366 * 10:
            self.add_error("start", "Choose a period of 10 years or less")
        return data
