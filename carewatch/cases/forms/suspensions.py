"""Forms for suspensions: the letter sent, a review, lifting and publishing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from carewatch.cases.forms.base import Form
from carewatch.cases.forms.cases import REASON_ERRORS
from carewatch.core.govuk_forms import DateField


class LetterSentForm(Form):
    sent_on = DateField(
        label="When was the letter sent?",
        what="the date the letter was sent",
        help_text="The provider’s time to appeal (5 working days on the default ladder) counts from this date.",
    )


class ReviewForm(Form):
    reviewed_on = DateField(label="Date of the review", what="the date of the review")
    next_review_on = DateField(label="Date of the next review", what="the date of the next review")
    reason = forms.CharField(
        label="Why does the suspension stay in force?", widget=forms.Textarea, error_messages=REASON_ERRORS
    )


class LiftForm(Form):
    lifted_on = DateField(label="Lift the suspension from", what="the date the suspension is lifted")
    reason = forms.CharField(
        label="Why lift the suspension?", widget=forms.Textarea, error_messages=REASON_ERRORS
    )
    step_down_to = forms.ChoiceField(label="Step the case down to", widget=forms.RadioSelect, required=False)
    seen_revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, step_down_choices: Iterable[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        step_down_choices = list(step_down_choices)
        self.set_choices("step_down_to", step_down_choices)
        if not step_down_choices:
            del self.fields["step_down_to"]


class PublishForm(Form):
    published = forms.ChoiceField(
        label="Show this suspension on the public page for the service?",
        widget=forms.RadioSelect,
        choices=[("yes", "Yes, publish it"), ("no", "No, keep it to council and NHS staff")],
        error_messages={"required": "Choose whether to publish the suspension"},
    )
