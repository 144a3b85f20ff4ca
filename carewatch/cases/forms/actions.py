"""Forms for actions: adding one, linking evidence, recording one as done."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms

from carewatch.cases.evidence import EvidenceLink
from carewatch.cases.forms.base import Form
from carewatch.cases.ladder import ActionKind, VisitFrequency
from carewatch.core.govuk_forms import DateField
from carewatch.core.models import User

ADDABLE_KINDS = [(kind.value, kind.label) for kind in ActionKind if kind != ActionKind.SUSPENSION]


class ActionForm(Form):
    kind = forms.ChoiceField(
        label="What kind of action?",
        widget=forms.RadioSelect,
        choices=ADDABLE_KINDS,
        error_messages={"required": "Choose a kind of action"},
    )
    title = forms.CharField(
        label="Title (optional)",
        max_length=300,
        required=False,
        help_text="What the action is. Leave it empty to use the kind of action.",
    )
    owner = forms.TypedChoiceField(
        label="Owner", coerce=int, error_messages={"required": "Choose who owns the action"}
    )
    due_on = DateField(
        label="Due date",
        what="the due date",
        required=False,
        help_text="For example, 27 3 2026. An action plan is due in 14 days when you leave it empty.",
    )
    requested_by_cqc = forms.BooleanField(
        label="The CQC asked for this action plan (due in 28 days)", required=False
    )
    visit_frequency = forms.ChoiceField(
        label="How often to visit", required=False, choices=[("", "Choose"), *VisitFrequency.choices]
    )
    peer_provider = forms.CharField(
        label="CQC provider ID of the provider giving peer support",
        max_length=20,
        required=False,
        help_text="For example, 1-101234567.",
    )
    breach = forms.CharField(label="What is the default?", widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, owners: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices(
            "owner",
            [("", "Choose an owner")]
            + [(person.pk, person.get_full_name() or person.username) for person in owners],
        )


class EvidenceForm(Form):
    """What to link to a case: things carewatch already holds (by their position in ``candidates``), and a
    concern the officer describes."""

    chosen = forms.MultipleChoiceField(
        label="What does the case rest on?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The services' current CQC ratings, and your council's visits to them and their findings.",
    )
    concern = forms.CharField(
        label="Or describe a concern (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, a complaint from a relative or a safeguarding alert, with its date and who raised it.",
    )

    def __init__(self, *args: Any, candidates: Sequence[EvidenceLink] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("chosen", [(str(index), link.summary) for index, link in enumerate(candidates)])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("chosen") and not (data.get("concern") or "").strip():
            self.add_error("chosen", "Choose at least one thing to link, or describe a concern")
        return data


class CompleteActionForm(Form):
    done_on = DateField(label="When was it done?", what="the date it was done")
    next_meeting_on = DateField(
        label="Date of the next meeting (optional)",
        what="the date of the next meeting",
        required=False,
        help_text="Set at each provider concerns meeting. Leave it empty if there will be no other meeting.",
    )
