"""Forms for recording a visit: the visit itself, the answers, a finding and its theme. They check what a
person typed; the services decide whether it is allowed."""

from __future__ import annotations

from typing import cast

from django import forms

from carewatch.core.govuk_forms import DateField
from carewatch.monitoring.models import Severity, VisitKind, VisitState
from carewatch.ratings.local_qa import QaRating

RATING_CHOICES = [("", "Not assessed")] + [(str(r.value), r.label) for r in reversed(QaRating)]


class VisitForm(forms.Form):
    location = forms.ChoiceField(
        label="Service visited", error_messages={"required": "Choose the service you visited"}
    )
    visit_on = DateField(
        label="Date of the visit", what="the date of the visit", help_text="For example, 2 3 2026"
    )
    kind = forms.ChoiceField(
        label="Was the visit planned or responsive?",
        choices=VisitKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the visit was planned or responsive"},
    )
    announced = forms.ChoiceField(
        label="Was the visit announced?",
        choices=[("yes", "Yes, announced"), ("no", "No, unannounced")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the visit was announced"},
    )

    other_officers = forms.MultipleChoiceField(
        label="Who else carried out the visit?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="You are recorded as an officer on the visit. Tick any colleague who came with you.",
    )

    def __init__(self, *args, locations, colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["location"]).choices = [("", "Choose a service")] + [
            (location.pk, f"{location.name}, {location.postcode}") for location in locations
        ]
        cast(forms.ChoiceField, self.fields["other_officers"]).choices = [
            (str(person.pk), person.get_full_name() or person.username) for person in colleagues
        ]


class AnswersForm(forms.Form):
    """One rating and one evidence note per question (``rating_<code>``, ``notes_<code>``)."""

    def __init__(self, *args, questions, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            answer = existing.get(question.pk)
            self.fields[f"rating_{question.code}"] = forms.ChoiceField(
                label=f"{question.code} {question.text}",
                choices=RATING_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                initial=str(answer.rating) if answer and answer.rating else "",
            )
            self.fields[f"notes_{question.code}"] = forms.CharField(
                label=f"Evidence for {question.code}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answer.observation if answer else "",
                help_text="What you observed, read in records or heard in conversations",
            )

    def answers(self) -> dict[str, dict]:
        return {
            question.code: {
                "rating": QaRating(int(rating))
                if (rating := self.cleaned_data[f"rating_{question.code}"])
                else None,
                "observation": self.cleaned_data[f"notes_{question.code}"],
            }
            for question in self.questions
        }


class FindingForm(forms.Form):
    text = forms.CharField(
        label="What did you find?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One specific issue, in plain English",
        error_messages={"required": "Describe the finding"},
    )
    severity = forms.ChoiceField(
        label="How severe is it?",
        choices=Severity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how severe the finding is"},
    )
    question = forms.ChoiceField(
        label="Which question does it relate to?", error_messages={"required": "Choose the question"}
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["question"]).choices = [("", "Choose a question")] + [
            (q.code, f"{q.code} {q.text[:90]}") for q in questions
        ]


class ThemeForm(forms.Form):
    theme = forms.ChoiceField(
        label="Theme", widget=forms.RadioSelect, error_messages={"required": "Choose a theme"}
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["theme"]).choices = choices


class ScheduleForm(forms.Form):
    """A visit to plan: the service, the date, who goes, planned or responsive, announced or not."""

    location = forms.ChoiceField(
        label="Service to visit", error_messages={"required": "Choose the service you will visit"}
    )
    visit_on = DateField(
        label="Date of the visit", what="the date of the visit", help_text="For example, 27 4 2026"
    )
    officers = forms.MultipleChoiceField(
        label="Who will carry out the visit?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one officer who will carry out the visit"},
    )
    kind = forms.ChoiceField(
        label="Is the visit planned or responsive?",
        choices=VisitKind.choices,
        widget=forms.RadioSelect,
        initial=VisitKind.PLANNED,
        error_messages={"required": "Say whether the visit is planned or responsive"},
    )
    announced = forms.ChoiceField(
        label="Will the visit be announced?",
        choices=[("yes", "Yes, the provider will be told the date"), ("no", "No, unannounced")],
        widget=forms.RadioSelect,
        help_text="An unannounced visit is not shown to the provider before it happens",
        error_messages={"required": "Say whether the visit will be announced"},
    )

    def __init__(self, *args, locations, officers, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["location"]).choices = [("", "Choose a service")] + [
            (location.pk, f"{location.name}, {location.postcode}") for location in locations
        ]
        cast(forms.ChoiceField, self.fields["officers"]).choices = [
            (str(person.pk), person.get_full_name() or person.username) for person in officers
        ]


class StartForm(forms.Form):
    visit_on = DateField(
        label="Date of the visit",
        what="the date of the visit",
        help_text="The day you carried out the visit: today or in the past",
    )


class RescheduleForm(forms.Form):
    visit_on = DateField(label="New date", what="the new date", help_text="For example, 27 4 2026")
    reason = forms.CharField(
        label="Why are you rescheduling the visit?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the visit's history",
        error_messages={
            "required": "Give the reason for rescheduling the visit",
            "max_length": "The reason must be 1,000 characters or fewer",
        },
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why are you cancelling the visit?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the visit's history",
        error_messages={
            "required": "Give the reason for cancelling the visit",
            "max_length": "The reason must be 1,000 characters or fewer",
        },
    )


OVERDUE = "overdue"
NEWEST, OLDEST = "newest", "oldest"


class VisitFilterForm(forms.Form):
    """The visit list's filters (from the query string): status, officer, a date range, and the order."""

    status = forms.ChoiceField(
        label="Status",
        required=False,
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    officer = forms.ChoiceField(
        label="Officer",
        required=False,
        error_messages={"invalid_choice": "Choose an officer from the list"},
    )
    since = DateField(label="From", what="the first date", required=False, help_text="For example, 1 3 2026")
    until = DateField(label="To", what="the last date", required=False, help_text="For example, 31 3 2026")
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[(NEWEST, "Latest first"), (OLDEST, "Earliest first")],
        error_messages={"invalid_choice": "Choose latest first or earliest first"},
    )

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", "Any status"),
            (OVERDUE, "Scheduled, date passed"),
            *VisitState.choices,
        ]
        cast(forms.ChoiceField, self.fields["officer"]).choices = [("", "Any officer")] + [
            (str(person.pk), person.get_full_name() or person.username) for person in officers
        ]

    def clean(self):
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "The last date must be the same as or after the first date")
        return data

    def filters(self) -> dict:
        """What ``queries.visit_list`` is given (only once the form is valid)."""
        data = self.cleaned_data
        return {
            "status": data.get("status") or "",
            "officer_id": int(data["officer"]) if data.get("officer") else None,
            "since": data.get("since"),
            "until": data.get("until"),
            "oldest_first": data.get("sort") == OLDEST,
        }
