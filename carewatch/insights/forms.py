"""Plain forms that validate the dashboards' query parameters (no writes)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from carewatch.core import dates
from carewatch.insights import areas
from carewatch.insights.areas import SERVICE_LABELS


class _AsOfForm(forms.Form):
    """A form with an ``as_of`` date that must not fall before the data (``earliest``, from the view)."""

    def __init__(self, *args: Any, earliest: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.earliest = earliest

    def clean_as_of(self) -> date | None:
        value = self.cleaned_data.get("as_of")
        if value is not None:
            name = getattr(self.fields["as_of"], "what", "The date")
            problem = dates.before_the_data(value, earliest=self.earliest, name=name)
            if problem:
                raise forms.ValidationError(problem, code="before_the_data")
        return value


class DashboardForm(_AsOfForm):
    area = forms.CharField(required=False, label="Area")
    service = forms.ChoiceField(required=False, label="Services", choices=list(SERVICE_LABELS.items()))
    as_of = dates.IsoDateField(
        required=False, label="As at (YYYY-MM-DD, blank for today)", what="The ‘as at’ date"
    )
    years = forms.IntegerField(required=False, min_value=1, max_value=10, label="Years of trend")

    def clean_area(self) -> areas.Area:
        try:
            return areas.parse(self.cleaned_data["area"])
        except areas.UnknownArea as problem:
            raise forms.ValidationError(str(problem)) from None


class CommissionerForm(_AsOfForm):
    level = forms.ChoiceField(
        required=False, label="Rate", choices=[("la", "Councils"), ("icb", "Integrated care boards")]
    )
    as_of = dates.IsoDateField(
        required=False, label="As at (YYYY-MM-DD, blank for today)", what="The ‘as at’ date"
    )


class CommissionerAreaForm(_AsOfForm):
    area = forms.CharField(required=True, label="Council or ICB")
    as_of = dates.IsoDateField(
        required=False, label="As at (YYYY-MM-DD, blank for today)", what="The ‘as at’ date"
    )

    def clean_area(self) -> areas.Area:
        try:
            area = areas.parse(self.cleaned_data["area"])
        except areas.UnknownArea as problem:
            raise forms.ValidationError(str(problem)) from None
        if area.level not in ("la", "icb"):
            raise forms.ValidationError("Choose a council or an ICB")
        return area


class CommitteeForm(forms.Form):
    la = forms.CharField(required=True, label="Council")
    date_from = dates.IsoDateField(required=False, label="From (YYYY-MM-DD)", what="The start of the period")
    date_to = dates.IsoDateField(required=False, label="To (YYYY-MM-DD)", what="The end of the period")

    def clean_la(self) -> areas.Area:
        try:
            return areas.find_council(self.cleaned_data["la"].removeprefix("la:"))
        except areas.UnknownArea as problem:
            raise forms.ValidationError(str(problem)) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end of the period must be on or after its start")
        return data
