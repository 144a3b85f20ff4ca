"""Forms for the report: the provider's factual-accuracy comments, a senior officer's review of a
dispute, the public summary. They check what a person typed; the services decide whether it is allowed."""

from __future__ import annotations

from django import forms

from carewatch.monitoring import attachments
from carewatch.monitoring.forms.visits import RATING_CHOICES
from carewatch.monitoring.models import CommentResponse, ReviewOutcome
from carewatch.ratings.local_qa import QaRating


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); the service checks each one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": attachments.ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        """The files chosen, as a list; an empty or unreadable file is the service's to refuse in words."""
        files = list(data) if isinstance(data, list | tuple) else [data]
        return [file for file in files if file]


class CommentForm(forms.Form):
    response = forms.ChoiceField(
        label="Is the draft report factually accurate?",
        choices=[
            (CommentResponse.ACCEPTED, "Yes, we agree it is factually accurate"),
            (CommentResponse.DISPUTED, "No, we dispute part of it"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you agree with the draft or dispute it"},
    )
    text = forms.CharField(
        label="Your comments",
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="If you dispute the draft, say what is factually inaccurate and why",
        error_messages={"max_length": "Your comments must be 10,000 characters or fewer"},
    )
    question = forms.CharField(
        required=False,
        max_length=20,
        widget=forms.HiddenInput,
        error_messages={"max_length": "The question code must be 20 characters or fewer"},
    )
    evidence = MultipleFileField(
        label="Evidence files (optional)",
        required=False,
        help_text="",  # set in __init__: the limits in force
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = (
            f"Up to {attachments.max_files()} files, each {attachments.size_label(attachments.max_bytes())} "
            "or smaller: PDF, PNG, JPEG, Word (DOCX), Excel (XLSX), TXT or CSV"
        )


class PublishForm(forms.Form):
    public_summary = forms.CharField(
        label="Public summary",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="This is shown on the service's public page",
        error_messages={"required": "Write the public summary"},
    )


class ReviewForm(forms.Form):
    """A senior officer's decision on a disputed draft: uphold it, or amend answers (``rating_<code>``)."""

    outcome = forms.ChoiceField(
        label="What is your decision?",
        choices=[
            (ReviewOutcome.UPHELD, "Uphold the report: the answers stay as they are"),
            (ReviewOutcome.AMENDED, "Amend answers: change the ratings below"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to uphold the report or amend answers"},
    )
    reasons = forms.CharField(
        label="Reasons for your decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The provider and the officers who carried out the visit see these",
        error_messages={"required": "Give the reasons for your decision"},
    )

    def __init__(self, *args, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.current: dict[str, str] = {}
        for answer in answers:
            code = answer.question.code
            self.current[code] = str(answer.rating) if answer.rating else ""
            self.fields[f"rating_{code}"] = forms.ChoiceField(
                label=f"{code} {answer.question.text}",
                choices=RATING_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                initial=self.current[code],
            )

    def rating_fields(self):
        return [self[f"rating_{code}"] for code in self.current]

    def changes(self) -> dict[str, QaRating | None]:
        """The answers whose rating the reviewer changed (question code → new rating, None: not assessed)."""
        if self.cleaned_data["outcome"] != ReviewOutcome.AMENDED:
            return {}
        changed = {}
        for code, before in self.current.items():
            if f"rating_{code}" not in self.data:
                continue  # not sent: unchanged
            after = self.cleaned_data.get(f"rating_{code}") or ""
            if after != before:
                changed[code] = QaRating(int(after)) if after else None
        return changed
