"""Plain forms for the capacity pages: they parse what people type; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from carewatch.capacity.services import STAFF_FIELDS, BedFigures, ContractInput, FeeInput, ReturnFigures
from carewatch.capacity.services.contracts import SERVICE_TYPES, money
from carewatch.capacity.vocabulary import BedType, ContractKind
from carewatch.core import uploads
from carewatch.core.govuk_forms import DateField


def _count(label: str, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        error_messages={
            "invalid": f"{label} must be a whole number",
            "min_value": f"{label} must be 0 or more",
        },
        **kwargs,
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        error_messages={"required": "Choose a CSV file to upload", "empty": "The selected file is empty"},
        validators=[uploads.validate_size],
    )


class ContractForm(forms.Form):
    reference = forms.CharField(
        label="Contract reference", max_length=60, error_messages={"required": "Enter the contract reference"}
    )
    provider_id = forms.CharField(
        label="CQC provider ID",
        help_text="For example, 1-101641521",
        max_length=20,
        error_messages={"required": "Enter the CQC provider ID"},
    )
    location_ids = forms.CharField(
        label="CQC location IDs covered (optional)",
        help_text="Separate them with commas. Leave blank when the contract covers every location of the provider",
        required=False,
        max_length=2000,
    )
    kind = forms.ChoiceField(
        label="Type of contract",
        choices=ContractKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of contract"},
    )
    service_types = forms.MultipleChoiceField(
        label="Service types covered (optional)",
        choices=[(name, name) for name in SERVICE_TYPES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    starts_on = DateField(label="Start date", what="the start date")
    ends_on = DateField(label="End date (optional)", what="the end date", required=False)
    people_funded = _count("Number of people the council funds there (optional)", min_value=0)
    fee_bed_type = forms.ChoiceField(
        label="Bed type (optional)",
        choices=[("", "No fee for a bed type")] + list(BedType.choices),
        required=False,
    )
    fee = forms.CharField(
        label="Weekly fee in pounds, or a band (optional)",
        help_text="For example, 812.50 or Band B",
        required=False,
        max_length=40,
    )

    def contract(self) -> ContractInput:
        data = self.cleaned_data
        fees: tuple[FeeInput, ...] = ()
        if data["fee_bed_type"] and data["fee"].strip():
            amount = money(data["fee"])
            fees = (
                (FeeInput(bed_type=data["fee_bed_type"], weekly_fee=amount),)
                if amount is not None
                else (FeeInput(bed_type=data["fee_bed_type"], band=data["fee"].strip()),)
            )
        return ContractInput(
            reference=data["reference"],
            provider_id=data["provider_id"].strip(),
            kind=data["kind"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            location_ids=tuple(part.strip() for part in data["location_ids"].split(",") if part.strip()),
            service_types=tuple(data["service_types"]),
            people_funded=data["people_funded"],
            fees=fees,
        )


class EndContractForm(forms.Form):
    ends_on = DateField(label="End date", what="the end date")
    reason = forms.CharField(
        label="Why is the contract ending?",
        max_length=500,
        widget=forms.Textarea,
        error_messages={"required": "Say why the contract is ending"},
    )


BED_FIGURES = ("capacity", "occupied", "vacant_not_accepting")


class ReturnForm(forms.Form):
    """The one-page return: a row of figures per bed type (blank rows are not offered), home care,
    staffing. Vacant beds accepting admissions are worked out: capacity − occupied − not accepting."""

    nil = forms.BooleanField(
        label="Nobody is using this service at the moment (a nil return)", required=False
    )
    people_supported = _count("People supported", min_value=0)
    hours_per_week = forms.DecimalField(
        label="Hours of care delivered a week",
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=1,
        error_messages={
            "invalid": "Hours of care a week must be a number",
            "min_value": "Hours of care a week must be 0 or more",
        },
    )
    accepting_packages = forms.ChoiceField(
        label="Can you take new packages of care?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        required=False,
    )
    package_areas = forms.CharField(
        label="Areas where you can take new packages (optional)",
        help_text=(
            "Postcode districts, towns or councils, separated by commas, for example OL1, OL2, Royton."
            " Leave blank for the council area you are registered in"
        ),
        required=False,
        max_length=500,
    )
    bariatric = forms.ChoiceField(
        label="Can you take someone who needs bariatric care now?",
        help_text="The equipment, room and staff for a person of a high weight, free today",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args: Any, care_home: bool = True, home_care: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.care_home, self.home_care = care_home, home_care
        if care_home:
            for value, label in BedType.choices:
                self.fields[f"{value}-capacity"] = _count(f"{label}: maximum capacity", min_value=0)
                self.fields[f"{value}-occupied"] = _count(f"{label}: occupied beds", min_value=0)
                self.fields[f"{value}-vacant_not_accepting"] = _count(
                    f"{label}: vacant beds not accepting admissions", min_value=0
                )
                self.fields[f"{value}-not_accepting_reason"] = forms.CharField(
                    label=f"{label}: why not accepting", required=False, max_length=200
                )
                self.fields[f"{value}-closed"] = forms.BooleanField(
                    label=f"{label}: closed to admissions", required=False
                )
        for name in STAFF_FIELDS:
            self.fields[name] = _count(name.replace("_", " ").capitalize(), min_value=0)

    def bed_groups(self) -> list[dict[str, Any]]:
        """For the template: each bed type's fields."""
        if not self.care_home:
            return []
        return [
            {
                "value": value,
                "label": label,
                "fields": [self[f"{value}-{name}"] for name in BED_FIGURES],
                "reason": self[f"{value}-not_accepting_reason"],
                "closed": self[f"{value}-closed"],
                "errors": any(
                    self[f"{value}-{name}"].errors for name in (*BED_FIGURES, "not_accepting_reason")
                ),
            }
            for value, label in BedType.choices
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.care_home:
            return data
        for value, label in BedType.choices:
            capacity = data.get(f"{value}-capacity")
            occupied = data.get(f"{value}-occupied")
            if capacity is None and occupied is None and not data.get(f"{value}-vacant_not_accepting"):
                continue
            if capacity is None and f"{value}-capacity" not in self.errors:
                self.add_error(f"{value}-capacity", f"{label}: enter the maximum capacity")
            if occupied is None and f"{value}-occupied" not in self.errors:
                self.add_error(f"{value}-occupied", f"{label}: enter the occupied beds")
            not_accepting = data.get(f"{value}-vacant_not_accepting") or 0
            if capacity is not None and occupied is not None and 0 <= capacity - occupied < not_accepting:
                self.add_error(
                    f"{value}-vacant_not_accepting",
                    f"{label}: vacant beds not accepting admissions cannot be more than the vacant beds"
                    f" ({capacity - occupied})",
                )
        return data

    def figures(self) -> ReturnFigures:
        data = self.cleaned_data
        beds = []
        if self.care_home:
            for value, _label in BedType.choices:
                capacity, occupied = data.get(f"{value}-capacity"), data.get(f"{value}-occupied")
                if capacity is None or occupied is None:
                    continue
                closed = bool(data.get(f"{value}-closed"))
                not_accepting = data.get(f"{value}-vacant_not_accepting") or 0
                vacant = capacity - occupied
                if closed and vacant >= 0:
                    not_accepting = vacant
                beds.append(
                    BedFigures(
                        bed_type=value,
                        capacity=capacity,
                        occupied=occupied,
                        vacant_accepting=max(vacant - not_accepting, 0),
                        vacant_not_accepting=not_accepting,
                        not_accepting_reason=data.get(f"{value}-not_accepting_reason")
                        or ("Closed" if closed else ""),
                        closed=closed,
                    )
                )
        answer = data.get("accepting_packages")
        return ReturnFigures(
            beds=tuple(beds),
            nil=bool(data.get("nil")),
            people_supported=data.get("people_supported") if self.home_care else None,
            hours_per_week=data.get("hours_per_week") if self.home_care else None,
            accepting_packages={"yes": True, "no": False}.get(answer or "") if self.home_care else None,
            package_areas=(data.get("package_areas") or "") if self.home_care else "",
            bariatric={"yes": True, "no": False}.get(data.get("bariatric") or ""),
            **{name: data.get(name) for name in STAFF_FIELDS},
        )


def initial_from(previous: Any) -> dict[str, Any]:
    """The previous return's figures as the form's starting values (the fast update)."""
    if previous is None:
        return {}
    initial: dict[str, Any] = {
        "people_supported": previous.people_supported,
        "hours_per_week": previous.hours_per_week,
        "accepting_packages": {True: "yes", False: "no"}.get(previous.accepting_packages, ""),
        "package_areas": previous.package_areas,
        "bariatric": {True: "yes", False: "no"}.get(previous.bariatric, ""),
        **{name: getattr(previous, name) for name in STAFF_FIELDS},
    }
    for bed in previous.beds.all():
        initial[f"{bed.bed_type}-capacity"] = bed.capacity
        initial[f"{bed.bed_type}-occupied"] = bed.occupied
        initial[f"{bed.bed_type}-vacant_not_accepting"] = bed.vacant_not_accepting
        initial[f"{bed.bed_type}-not_accepting_reason"] = bed.not_accepting_reason
        initial[f"{bed.bed_type}-closed"] = bed.closed
    return initial


class VacancyFilterForm(forms.Form):
    bed_type = forms.ChoiceField(
        label="Bed type", choices=[("", "Any bed type")] + list(BedType.choices), required=False
    )
    accepting = forms.BooleanField(label="Only homes with a vacancy accepting admissions", required=False)
