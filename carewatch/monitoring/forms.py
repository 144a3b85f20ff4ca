"""Plain forms that check what a person typed; the services decide whether it is allowed."""

from __future__ import annotations

from django import forms

from carewatch.core.govuk_forms import DateField
from carewatch.monitoring.models import CommentResponse, ReviewOutcome, Severity, VisitKind
from carewatch.ratings.local_qa import QaRating

YES_NO = [("yes", "Yes"), ("no", "No")]


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
        self.fields["location"].choices = [("", "Choose a service")] + [
            (location.pk, f"{location.name}, {location.postcode}") for location in locations
        ]
        self.fields["other_officers"].choices = [
            (str(person.pk), person.get_full_name() or person.username) for person in colleagues
        ]


RATING_CHOICES = [("", "Not assessed")] + [(str(r.value), r.label) for r in reversed(QaRating)]
EVIDENCE_SOURCES = (
    ("observation", "Observation"),
    ("records", "Records"),
    ("people", "Conversations with people using the service"),
    ("staff", "Conversations with staff"),
    ("relatives", "Conversations with relatives"),
)


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
        self.fields["question"].choices = [("", "Choose a question")] + [
            (q.code, f"{q.code} {q.text[:90]}") for q in questions
        ]


class ThemeForm(forms.Form):
    theme = forms.ChoiceField(
        label="Theme", widget=forms.RadioSelect, error_messages={"required": "Choose a theme"}
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = choices


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
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="If you dispute the draft, say what is factually inaccurate and why",
    )


class PublishForm(forms.Form):
    public_summary = forms.CharField(
        label="Public summary",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="This is shown on the service's public page",
        error_messages={"required": "Write the public summary"},
    )


class ActionForm(forms.Form):
    finding = forms.ChoiceField(
        label="Which finding does this action answer?", error_messages={"required": "Choose the finding"}
    )
    description = forms.CharField(
        label="What will you do?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the action"},
    )
    owner_name = forms.CharField(
        label="Who is responsible?",
        max_length=200,
        help_text="A name or a job title",
        error_messages={"required": "Say who is responsible for the action"},
    )
    due_on = DateField(label="When will it be done?", what="the due date", help_text="For example, 2 4 2026")

    def __init__(self, *args, findings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].choices = [(str(f.pk), f.text[:120]) for f in findings]


class ReturnPlanForm(forms.Form):
    reasons = forms.CharField(
        label="Why are you sending the plan back?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The provider sees these reasons",
        error_messages={"required": "Say why you are sending the plan back"},
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
