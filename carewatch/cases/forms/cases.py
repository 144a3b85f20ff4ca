"""Forms for the case list, proposing a case or a change, and a QA manager's decisions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from carewatch.cases import ladder
from carewatch.cases.forms.base import Form
from carewatch.cases.ladder import Decision, ProposalKind
from carewatch.register.models import Location

LEVEL_CHOICES = [(code, f"Level {code}") for code in ladder.ORDER]


class CaseFilterForm(Form):
    level = forms.ChoiceField(label="Level", required=False, choices=[("", "Any level"), *LEVEL_CHOICES])
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("open", "Open"), ("closed", "Closed"), ("all", "Open or closed")],
    )
    due = forms.ChoiceField(
        label="Due",
        required=False,
        choices=[("", "Any time"), ("overdue", "Something overdue"), ("week", "Something due within 7 days")],
    )

    def filters(self) -> dict[str, str]:
        """What ``queries.case_list`` is given: ``status`` (open unless chosen), ``level`` and ``due``."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "status": data.get("status") or "open",
            "level": data.get("level") or "",
            "due": data.get("due") or "",
        }


# --- proposing and deciding -------------------------------------------------------------------------

REASON_ERRORS = {"required": "Enter the reason"}


class ServiceSearchForm(Form):
    q = forms.CharField(
        label="Name or postcode of the service",
        max_length=100,
        help_text="For example, Oak House, Oldham or OL1 1AA. A CQC location ID works too.",
        error_messages={
            "required": "Enter the name or postcode of the service",
            "max_length": "The name or postcode must be 100 characters or fewer",
        },
    )


class ProposeOpeningForm(Form):
    location = forms.CharField(
        label="CQC location ID",
        max_length=20,
        help_text="For example, 1-123456789. It is on the service’s page.",
        error_messages={"required": "Enter the CQC location ID"},
    )
    also = forms.MultipleChoiceField(
        label="Other locations this provider runs",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose any to make this a case about the provider across these locations.",
    )
    level = forms.ChoiceField(
        label="At which level should the case open?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the level the case should open at"},
    )
    reason = forms.CharField(
        label="Why should a case be opened?",
        widget=forms.Textarea,
        help_text="Say what you have seen: the concerns, visit findings or ratings. A QA manager will decide.",
        error_messages=REASON_ERRORS,
    )
    attach_rating = forms.BooleanField(label="Attach the current CQC rating as evidence", required=False)

    def __init__(
        self,
        *args: Any,
        level_names: dict[str, str],
        other_locations: Sequence[Location] = (),
        location_known: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if location_known:
            self.fields["location"].widget = forms.HiddenInput()
        self.set_choices(
            "level",
            [
                (code, f"Level {code}: {level_names.get(code, '')}")
                for code in ladder.ORDER
                if ladder.is_allowed(ladder.NEW, Decision.OPENED, code)
            ],
        )
        self.set_choices("also", [(location.pk, location.name) for location in other_locations])
        if not other_locations:
            del self.fields["also"]

    def clean_location(self) -> str:
        return self.cleaned_data["location"].strip()


KIND_CHOICES = [
    (ProposalKind.ESCALATE, "Escalate: move up the ladder"),
    (ProposalKind.DE_ESCALATE, "Step down: move down the ladder"),
    (ProposalKind.CLOSE, "Close the case"),
]


def change_kind_choices(state: str) -> list[tuple[str, str]]:
    """The kinds of change the transitions table allows from ``state``."""
    return [
        (kind, label)
        for kind, label in KIND_CHOICES
        if ladder.allowed_targets(state, ladder.DECISION_FOR_KIND[kind])
    ]


def target_level_choices(state: str, level_names: dict[str, str]) -> list[tuple[str, str]]:
    """Every level a case at ``state`` may move to, by escalating or stepping down."""
    targets = ladder.allowed_targets(state, Decision.ESCALATED) | ladder.allowed_targets(
        state, Decision.DE_ESCALATED
    )
    return [(code, f"Level {code}: {level_names.get(code, '')}") for code in ladder.ORDER if code in targets]


class ChangeForm(Form):
    """Propose (officer) or decide (manager) a change to a case: escalate, step down or close."""

    kind = forms.ChoiceField(
        label="What should happen to the case?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose escalate, step down or close"},
    )
    level = forms.ChoiceField(label="To which level?", widget=forms.RadioSelect, required=False)
    reason = forms.CharField(label="Reason", widget=forms.Textarea, error_messages=REASON_ERRORS)
    seen_revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, state: str, level_names: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("kind", change_kind_choices(state))
        self.set_choices("level", target_level_choices(state, level_names))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("kind") in (ProposalKind.ESCALATE, ProposalKind.DE_ESCALATE) and not data.get("level"):
            self.add_error("level", "Choose the level")
        if data.get("kind") == ProposalKind.CLOSE:
            data["level"] = ""
        return data


class ProposalDecisionForm(Form):
    accept = forms.ChoiceField(
        label="What is your decision?",
        widget=forms.RadioSelect,
        choices=[("yes", "Accept the proposal"), ("no", "Decline the proposal")],
        error_messages={"required": "Choose whether to accept or decline the proposal"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea,
        required=False,
        help_text="Needed when you decline. When you accept, the proposal’s reason stands unless you give your own.",
    )
    seen_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
