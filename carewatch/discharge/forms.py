"""The discharge forms: plain validation; the rules themselves are in services.check_referral."""

from __future__ import annotations

from django import forms

from carewatch.capacity.vocabulary import BedType
from carewatch.core.govuk_forms import DateField
from carewatch.discharge.services import ReferralInput
from carewatch.discharge.vocabulary import DelayReason, Funding, Pathway

NEEDS = (("dementia", "Dementia"), ("nursing", "Nursing care"), ("bariatric", "Bariatric care"))


class ReferralForm(forms.Form):
    reference = forms.CharField(
        label="Your team's reference",
        max_length=40,
        help_text="Your own reference for the person. Do not enter their name or NHS number",
        error_messages={"required": "Enter your team's reference for the referral"},
    )
    pathway = forms.ChoiceField(
        label="Discharge pathway",
        choices=Pathway.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the discharge pathway"},
    )
    bed_type = forms.ChoiceField(
        label="Bed type",
        choices=[("", "Not a bed (pathway 1)"), *BedType.choices],
        required=False,
    )
    needs = forms.MultipleChoiceField(
        label="What else does the person need?",
        choices=NEEDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    other_needs = forms.CharField(label="Other needs (optional)", max_length=500, required=False)
    funding = forms.ChoiceField(
        label="Who funds the care?",
        choices=Funding.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who funds the care"},
    )
    search_from = forms.CharField(
        label="Search from",
        max_length=100,
        help_text="A postcode or town, or the hospital's postcode",
        error_messages={"required": "Enter a postcode, town or hospital postcode to search from"},
    )
    ready_on = DateField(
        label="Date the person is ready to leave hospital", what="the date the person is ready to leave"
    )

    def details(self) -> ReferralInput:
        data = self.cleaned_data
        needs = set(data["needs"])
        return ReferralInput(
            reference=data["reference"],
            pathway=data["pathway"],
            funding=data["funding"],
            search_from=data["search_from"],
            ready_on=data["ready_on"],
            bed_type=data["bed_type"],
            dementia="dementia" in needs,
            nursing="nursing" in needs,
            bariatric="bariatric" in needs,
            other_needs=data["other_needs"],
        )


class SendForm(forms.Form):
    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"] = forms.MultipleChoiceField(
            label="Send the referral to",
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Choose at least one service to send the referral to"},
        )


class DelayForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is the discharge delayed?",
        choices=DelayReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the reason for the delay"},
    )
    note = forms.CharField(label="Note (needed for other)", max_length=500, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is the referral cancelled?",
        max_length=500,
        widget=forms.Textarea,
        error_messages={"required": "Say why the referral is cancelled"},
    )


class ResponseForm(forms.Form):
    answer = forms.ChoiceField(
        label="Can you take this person?",
        choices=(("accept", "Yes, we accept"), ("decline", "No, we decline")),
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you accept or decline"},
    )
    reason = forms.CharField(
        label="If you decline, why?", max_length=500, required=False, widget=forms.Textarea
    )
