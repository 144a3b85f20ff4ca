"""Forms for lived-experience feedback: the public form (standard and easy read), the officer's record of
feedback collected on a visit, moderation, and making a feedback link. They check what a person typed; the
services decide whether it is allowed."""

from __future__ import annotations

from typing import cast

from django import forms
from django.http import QueryDict

from carewatch.core import dates
from carewatch.monitoring.models import (
    FEEDBACK_CATEGORIES,
    FEEDBACK_MAX_COMMENTS,
    ModerationState,
    RespondentKind,
)

SKIP = "skip"  # a value of its own, so that no answer is chosen until the person chooses one

# The standard form: how far the person agrees with each statement (1 = strongly disagree … 5 = strongly agree).
AGREEMENT = [
    ("1", "Strongly disagree"),
    ("2", "Disagree"),
    ("3", "Neither agree nor disagree"),
    ("4", "Agree"),
    ("5", "Strongly agree"),
    (SKIP, "Prefer not to say"),
]
# The easy-read form: a face scale in words (1 = very bad … 5 = very good).
FACE_SCALE = [
    ("1", "Very bad"),
    ("2", "Bad"),
    ("3", "OK"),
    ("4", "Good"),
    ("5", "Very good"),
    (SKIP, "I do not want to say"),
]
# An officer's record: the score as the person gave it.
OFFICER_SCALE = [(str(n), f"{n} – {label}") for n, (_, label) in enumerate(FACE_SCALE[:5], start=1)] + [
    (SKIP, "Not asked or no answer")
]

EASY_READ_TOPICS = {
    "safety": "Feeling safe",
    "kindness": "Staff being kind to you",
    "listened_to": "Staff listening to you",
    "activities": "Things to do that you enjoy",
    "food": "The food and drink",
    "cleanliness": "How clean it is",
    "staff_know_me": "Staff knowing you and what you like",
}
EASY_READ_WHO: dict[str, str] = {
    RespondentKind.PERSON: "I use this service",
    RespondentKind.RELATIVE: "I am a relative or friend",
    RespondentKind.STAFF: "I work here",
    RespondentKind.OTHER: "Someone else",
}
CATEGORY_NAMES = tuple(name for name, _ in FEEDBACK_CATEGORIES)


class _Feedback(forms.Form):
    """Who is answering, a score for each fixed category (each may be skipped), comments and an optional name.
    A blank name means anonymous."""

    respondent_kind = forms.ChoiceField(widget=forms.RadioSelect)
    comments = forms.CharField(
        required=False,
        max_length=FEEDBACK_MAX_COMMENTS,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": f"Comments must be {FEEDBACK_MAX_COMMENTS} characters or fewer"},
    )
    respondent_name = forms.CharField(
        required=False,
        max_length=200,
        error_messages={"max_length": "Name must be 200 characters or fewer"},
    )

    def _add_categories(self, *, choices, labels: dict[str, str]) -> None:
        for name in CATEGORY_NAMES:
            self.fields[name] = forms.ChoiceField(
                label=labels[name], choices=choices, required=False, widget=forms.RadioSelect
            )

    def categories(self) -> list:
        return [self[name] for name in CATEGORY_NAMES]

    def scores(self) -> dict[str, int | None]:
        return {
            name: None if value in ("", SKIP) else int(value)
            for name in CATEGORY_NAMES
            for value in [self.cleaned_data[name]]
        }

    def submission(self) -> dict:
        """The keyword arguments for ``services.submit_feedback`` / ``record_feedback`` (besides who and when)."""
        name = self.cleaned_data["respondent_name"].strip()
        return {
            "respondent_kind": self.cleaned_data["respondent_kind"],
            "scores": self.scores(),
            "comments": self.cleaned_data["comments"],
            "anonymous": not name,
            "respondent_name": name,
        }


class PublicFeedbackForm(_Feedback):
    """The public form reached by a location's link, in plain English or easy read."""

    def __init__(self, *args, easy_read: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.easy_read = easy_read
        who = cast(forms.ChoiceField, self.fields["respondent_kind"])
        comments, name = self.fields["comments"], self.fields["respondent_name"]
        if easy_read:
            who.label = "Who are you?"
            who.choices = [(kind, EASY_READ_WHO[kind]) for kind in RespondentKind.values]
            who.error_messages["required"] = "Choose who you are"
            self._add_categories(choices=FACE_SCALE, labels=EASY_READ_TOPICS)
            comments.label = "Tell us more"
            comments.help_text = "You do not have to write anything."
            name.label = "Your name"
            name.help_text = "You do not have to tell us your name."
        else:
            who.label = "Which of these describes you?"
            who.choices = RespondentKind.choices
            who.error_messages["required"] = "Choose which of these describes you"
            self._add_categories(choices=AGREEMENT, labels=dict(FEEDBACK_CATEGORIES))
            comments.label = "Is there anything else you want to tell us? (optional)"
            comments.help_text = (
                "What is good, and what could be better. Please do not write other people's names."
            )
            name.label = "Your name (optional)"
            name.help_text = (
                "Leave this blank to stay anonymous. If you give it, only council officers see it: "
                "we never publish names."
            )


class RecordedFeedbackForm(_Feedback):
    """An officer writes down feedback collected on a visit (a paper or easy-read form, or a conversation)."""

    easy_read = forms.ChoiceField(
        label="Which form did they use?",
        choices=[("no", "Standard form or conversation"), ("yes", "Easy-read form")],
        widget=forms.RadioSelect,
        initial="no",
        error_messages={"required": "Say which form they used"},
    )

    field_order = ["respondent_kind", "easy_read", *CATEGORY_NAMES, "comments", "respondent_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        who = cast(forms.ChoiceField, self.fields["respondent_kind"])
        who.label = "Who gave the feedback?"
        who.choices = RespondentKind.choices
        who.error_messages["required"] = "Say who gave the feedback"
        self._add_categories(choices=OFFICER_SCALE, labels=dict(FEEDBACK_CATEGORIES))
        self.order_fields(self.field_order)
        self.fields["comments"].label = "What did they say?"
        self.fields[
            "comments"
        ].help_text = "In their words where you can. Leave out anything that identifies them or other people."
        self.fields["respondent_name"].label = "Their name (optional)"
        self.fields[
            "respondent_name"
        ].help_text = "Only if they asked to be named. Leave blank to keep the feedback anonymous."

    def submission(self) -> dict:
        return {**super().submission(), "easy_read": self.cleaned_data["easy_read"] == "yes"}


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label="Can this feedback count in the public figures?",
        choices=[
            (ModerationState.APPROVED, "Approve it"),
            (ModerationState.REJECTED, "Reject it"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or reject the feedback"},
    )
    reason = forms.CharField(
        label="Reason for rejecting it",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed if you reject it: for example, it identifies someone, it is abusive, or it is "
        "not about this service",
    )


STATUS_CHOICES = [
    (ModerationState.PENDING, "Waiting for moderation"),
    (ModerationState.APPROVED, "Approved"),
    (ModerationState.REJECTED, "Rejected"),
    ("all", "Any status"),
]
SORT_CHOICES = [("oldest", "Oldest first"), ("newest", "Newest first")]
DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d"]


def _date_field(label: str, what: str) -> forms.DateField:
    return dates.IsoDateField(
        label=label,
        what=what,
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": f"{what} must be a real date, for example 27/3/2026"},
    )


class ModerationFilterForm(forms.Form):
    """The moderation queue's filters, from the query string. A value not on offer is an error shown on the
    page, never a silent "everything"."""

    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=STATUS_CHOICES,
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    service = forms.ChoiceField(
        label="Service",
        required=False,
        error_messages={"invalid_choice": "Choose a service from the list"},
    )
    received_from = _date_field("Received from", "The ‘received from’ date")
    received_to = _date_field("Received to", "The ‘received to’ date")
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=SORT_CHOICES,
        error_messages={"invalid_choice": "Choose oldest first or newest first"},
    )

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["service"]).choices = [("", "Any service")] + [
            (location.pk, ", ".join(part for part in (location.name, location.postcode) if part))
            for location in locations
        ]

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error(
                "received_to", "The ‘received to’ date must be the same as or after the ‘received from’ date"
            )
        return data

    def filters(self) -> dict:
        """The keyword arguments for ``queries.moderation_list`` (besides the council): waiting for moderation,
        every service, any day, oldest first unless chosen."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "status": data.get("status") or ModerationState.PENDING,
            "location_id": data.get("service") or "",
            "received_from": data.get("received_from"),
            "received_to": data.get("received_to"),
            "newest_first": data.get("sort") == "newest",
        }


class _FeedbackIds(forms.TypedMultipleChoiceField):
    """The responses ticked on the page: any whole numbers (the service decides which are the council's)."""

    def valid_value(self, value) -> bool:
        return str(value).isdigit() and len(str(value)) <= 12


class BulkModerationForm(forms.Form):
    """One decision on the responses ticked on a page of the queue."""

    feedback = _FeedbackIds(
        label="Feedback to decide on",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one response",
            "invalid_choice": "Choose responses from the list",
        },
    )
    decision = forms.ChoiceField(
        label="What do you decide for the feedback you chose?",
        choices=[
            (ModerationState.APPROVED, "Approve them"),
            (ModerationState.REJECTED, "Reject them"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or reject the feedback"},
    )
    reason = forms.CharField(
        label="Reason for rejecting them",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed if you reject them. The same reason is kept for each response you chose.",
        error_messages={"max_length": "The reason must be 1,000 characters or fewer"},
    )

    def chosen(self) -> set[int]:
        """The IDs ticked, to keep them ticked when the page is shown again with an error."""
        if not isinstance(self.data, QueryDict):
            return set()
        return {int(value) for value in self.data.getlist("feedback") if value.isdigit() and len(value) <= 12}


class LinkForm(forms.Form):
    location = forms.ChoiceField(
        label="Service", error_messages={"required": "Choose the service the link is for"}
    )

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["location"]).choices = [("", "Choose a service")] + [
            (location.pk, f"{location.name}, {location.postcode}") for location in locations
        ]
