"""Plain forms for the ladder's pages: they check the shape of what people type; the rules live in
``carewatch.cases.services`` (and ``carewatch.cases.letters.services``), whose errors the views put back on
these forms.
"""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.db.models import Exists, Min, OuterRef, Q, QuerySet

from carewatch.cases import ladder
from carewatch.cases.ladder import ActionKind, Decision, ProposalKind, VisitFrequency
from carewatch.cases.models import Action
from carewatch.core.govuk_forms import DateField
from carewatch.core.working_days import DayUnit


class Form(forms.Form):
    """A form whose errors know where they point, for the GOV.UK error summary."""

    @property
    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for each error: the field's first input, or the first field for the whole form."""
        links = []
        fields = self.visible_fields()
        for message in self.non_field_errors():
            links.append((_anchor(fields[0]) if fields else "", message))
        for bound in fields:
            if bound.errors:
                links.append((_anchor(bound), bound.errors[0]))
        return links


def _anchor(bound) -> str:
    return bound.id_for_label or f"{bound.auto_id}_0"


# --- the case list --------------------------------------------------------------------------------

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

    def apply(self, cases: QuerySet, *, today: date) -> QuerySet:
        """The filters on an already scoped queryset, annotated with the next open action's due date."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        open_actions = Action.objects.filter(case=OuterRef("pk"), done_on__isnull=True)
        cases = cases.annotate(
            next_due_on=Min("actions__due_on", filter=Q(actions__done_on__isnull=True)),
        )
        status = data.get("status") or "open"
        if status == "open":
            cases = cases.filter(is_open=True)
        elif status == "closed":
            cases = cases.filter(is_open=False)
        if data.get("level"):
            cases = cases.filter(level=data["level"])
        if data.get("due") == "overdue":
            cases = cases.filter(Exists(open_actions.filter(due_on__lt=today)))
        elif data.get("due") == "week":
            cases = cases.filter(Exists(open_actions.filter(due_on__lte=today + timedelta(days=7))))
        return cases


# --- proposing and deciding -------------------------------------------------------------------------

REASON_ERRORS = {"required": "Enter the reason"}


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
        self, *args, level_names: dict[str, str], other_locations=(), location_known=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if location_known:
            self.fields["location"].widget = forms.HiddenInput()
        self.fields["level"].choices = [
            (code, f"Level {code}: {level_names.get(code, '')}")
            for code in ladder.ORDER
            if ladder.is_allowed(ladder.NEW, Decision.OPENED, code)
        ]
        self.fields["also"].choices = [(location.pk, location.name) for location in other_locations]
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

    def __init__(self, *args, state: str, level_names: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = change_kind_choices(state)
        self.fields["level"].choices = target_level_choices(state, level_names)

    def clean(self):
        data = super().clean()
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


# --- actions ------------------------------------------------------------------------------------------

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

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Choose an owner")] + [
            (person.pk, person.get_full_name() or person.username) for person in owners
        ]


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

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = [(str(index), link.summary) for index, link in enumerate(candidates)]

    def clean(self):
        data = super().clean()
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


# --- suspensions -----------------------------------------------------------------------------------------


class LetterSentForm(Form):
    sent_on = DateField(
        label="When was the letter sent?",
        what="the date the letter was sent",
        help_text="The provider may appeal for 5 working days from this date.",
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

    def __init__(self, *args, step_down_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step_down_to"].choices = list(step_down_choices)
        if not step_down_choices:
            del self.fields["step_down_to"]


class PublishForm(Form):
    published = forms.ChoiceField(
        label="Show this suspension on the public page for the service?",
        widget=forms.RadioSelect,
        choices=[("yes", "Yes, publish it"), ("no", "No, keep it to council and NHS staff")],
        error_messages={"required": "Choose whether to publish the suspension"},
    )


# --- letters -------------------------------------------------------------------------------------------


class WriteLetterForm(Form):
    letter = forms.ChoiceField(
        label="Which letter?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the letter to write",
            "invalid_choice": "Choose the letter to write",
        },
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter"].choices = list(choices)


class LetterTemplateForm(Form):
    subject = forms.CharField(
        label="Subject", max_length=300, error_messages={"required": "Enter the subject"}
    )
    body = forms.CharField(
        label="Letter",
        widget=forms.Textarea(attrs={"rows": 24}),
        error_messages={"required": "Enter the letter"},
    )


# --- the ladder editor ------------------------------------------------------------------------------------

UNIT_CHOICES = [
    (DayUnit.CALENDAR.value, "calendar days"),
    (DayUnit.WORKING.value, "working days"),
    (DayUnit.MONTHS.value, "months"),
]


class LadderForm(Form):
    """Every configurable part of a ladder, starting from a :class:`ladder.LadderSpec`."""

    default_notice_limit = forms.IntegerField(
        label="Consider ending the contract at this many default notices",
        min_value=1,
        error_messages={"required": "Enter the number of default notices", "min_value": "Enter 1 or more"},
    )
    safeguarding_concerns_threshold = forms.IntegerField(
        label="Propose a provider concern at this many safeguarding concerns",
        min_value=1,
        error_messages={"required": "Enter the number of concerns", "min_value": "Enter 1 or more"},
    )
    safeguarding_period_days = forms.IntegerField(
        label="Within this many days",
        min_value=1,
        error_messages={"required": "Enter the number of days", "min_value": "Enter 1 or more"},
    )
    note = forms.CharField(
        label="What did you change? (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, spec: ladder.LadderSpec, **kwargs):
        self.spec = spec
        initial = {
            "default_notice_limit": spec.default_notice_limit,
            "safeguarding_concerns_threshold": spec.safeguarding_concerns_threshold,
            "safeguarding_period_days": spec.safeguarding_period_days,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.levels = []
        for level in spec.levels:
            prefix = f"level_{level.code}"
            self.fields[f"{prefix}_name"] = forms.CharField(
                label="Name",
                max_length=200,
                initial=level.name,
                error_messages={"required": f"Enter a name for level {level.code}"},
            )
            self.fields[f"{prefix}_entry_criteria"] = forms.CharField(
                label="Entry criteria",
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=level.entry_criteria,
                help_text="Shown to the QA manager deciding to move a case to this level.",
                error_messages={"required": f"Enter the entry criteria for level {level.code}"},
            )
            self.fields[f"{prefix}_exit_criteria"] = forms.CharField(
                label="Exit criteria (optional)",
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=level.exit_criteria,
                required=False,
            )
            self.fields[f"{prefix}_standard_actions"] = forms.CharField(
                label="Standard actions (optional)",
                widget=forms.Textarea(attrs={"rows": 3}),
                initial="\n".join(level.standard_actions),
                required=False,
                help_text="One a line.",
            )
            timescales = []
            for timescale in level.timescales:
                number_name, unit_name = (
                    f"timescale_{timescale.key}_number",
                    f"timescale_{timescale.key}_unit",
                )
                self.fields[number_name] = forms.IntegerField(
                    label=timescale.label,
                    min_value=0,
                    initial=timescale.number,
                    error_messages={
                        "required": f"Enter a number for “{timescale.label}”",
                        "min_value": f"“{timescale.label}” cannot be negative",
                        "invalid": f"“{timescale.label}” must be a whole number",
                    },
                )
                self.fields[unit_name] = forms.ChoiceField(
                    label=f"Unit for {timescale.label.lower()}", choices=UNIT_CHOICES, initial=timescale.unit
                )
                timescales.append({"spec": timescale, "number": self[number_name], "unit": self[unit_name]})
            self.levels.append(
                {
                    "code": level.code,
                    "name": self[f"{prefix}_name"],
                    "entry_criteria": self[f"{prefix}_entry_criteria"],
                    "exit_criteria": self[f"{prefix}_exit_criteria"],
                    "standard_actions": self[f"{prefix}_standard_actions"],
                    "timescales": timescales,
                }
            )

    def to_spec(self) -> ladder.LadderSpec:
        data = self.cleaned_data
        levels = []
        for level in self.spec.levels:
            prefix = f"level_{level.code}"
            levels.append(
                ladder.LevelSpec(
                    code=level.code,
                    name=data[f"{prefix}_name"],
                    entry_criteria=data[f"{prefix}_entry_criteria"],
                    exit_criteria=data[f"{prefix}_exit_criteria"],
                    standard_actions=tuple(
                        line.strip()
                        for line in data[f"{prefix}_standard_actions"].splitlines()
                        if line.strip()
                    ),
                    timescales=tuple(
                        ladder.TimescaleSpec(
                            key=t.key,
                            label=t.label,
                            number=data[f"timescale_{t.key}_number"],
                            unit=data[f"timescale_{t.key}_unit"],
                            source=t.source,
                        )
                        for t in level.timescales
                    ),
                )
            )
        return ladder.LadderSpec(
            levels=tuple(levels),
            default_notice_limit=data["default_notice_limit"],
            safeguarding_concerns_threshold=data["safeguarding_concerns_threshold"],
            safeguarding_period_days=data["safeguarding_period_days"],
        )

    @staticmethod
    def field_for_error(field: str | None) -> str | None:
        """The form field a service error names (``timescale_<key>`` is the number box)."""
        if field and field.startswith("timescale_") and not field.endswith(("_number", "_unit")):
            return f"{field}_number"
        if field in ("levels", "timescales", "settings"):
            return None
        return field


class BankHolidayForm(Form):
    falls_on = DateField(label="Date", what="the date")
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example, Council closure day.",
        error_messages={"required": "Enter the name of the day"},
    )
