"""Forms for letters: which letter to write, and a council's template."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from carewatch.cases.forms.base import Form


class WriteLetterForm(Form):
    letter = forms.ChoiceField(
        label="Which letter?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the letter to write",
            "invalid_choice": "Choose the letter to write",
        },
    )

    def __init__(self, *args: Any, choices: Iterable[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("letter", choices)


class LetterTemplateForm(Form):
    subject = forms.CharField(
        label="Subject", max_length=300, error_messages={"required": "Enter the subject"}
    )
    body = forms.CharField(
        label="Letter",
        widget=forms.Textarea(attrs={"rows": 24}),
        error_messages={"required": "Enter the letter"},
    )


class LetterDraftForm(Form):
    """The letter's own words, checked and edited before it is issued."""

    subject = forms.CharField(
        label="Subject",
        max_length=300,
        error_messages={
            "required": "Enter the subject",
            "max_length": "The subject must be 300 characters or fewer",
        },
    )
    body = forms.CharField(
        label="Letter",
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text="A blank line starts a new paragraph, a line starting ## a heading and lines starting - "
        "a list. Fill in anything in [square brackets].",
        error_messages={"required": "Enter the letter"},
    )
    include_reason = forms.BooleanField(required=False, widget=forms.HiddenInput)
