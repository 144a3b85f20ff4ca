"""Forms for recording a visit: the visit itself, the answers, a finding and its theme. They check what a
person typed; the services decide whether it is allowed."""

from __future__ import annotations

from typing import cast

from django import forms

from carewatch.core.govuk_forms import DateField
from carewatch.monitoring.models import Severity, VisitKind
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
