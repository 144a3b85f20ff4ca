"""The ladder of intervention: its levels, the ONE table of allowed transitions, and the default template.

Pure data and rules: no database. ``services`` checks every decision against :data:`TRANSITIONS`;
``docs/ladder.md`` prints the same table and ``tests/cases/test_ladder.py`` pins it.

Levels are ranked by intensity of intervention, lowest first: 0 < 1 < 2 < 3 < R < 4 < 5. The
regulator track (R, CQC special measures) sits above a provider concern because a service rated
Inadequate is more serious than any council-run support, and below suspension because the council can
still add its own embargo (4) or contract default (5) on top of what the CQC does.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from carewatch.core.working_days import DayUnit


class LevelCode(models.TextChoices):
    ROUTINE = "0", "0 – Routine monitoring"
    IMPROVEMENT = "1", "1 – Improvement required"
    ENHANCED = "2", "2 – Enhanced monitoring"
    PROVIDER_CONCERN = "3", "3 – Provider concern"
    SUSPENSION = "4", "4 – Suspension of new placements"
    DEFAULT = "5", "5 – Large-scale enquiry or contract default"
    REGULATOR = "R", "R – Regulator track (CQC special measures)"


# Intensity order, lowest first (see the module docstring).
ORDER: tuple[str, ...] = ("0", "1", "2", "3", "R", "4", "5")
RANK = {code: rank for rank, code in enumerate(ORDER)}

# Levels at which new placements are suspended: entering 4 starts a suspension of every location in
# the case; stepping down below 4 (or closing) lifts any still in force.
SUSPENSION_LEVEL = "4"
SUSPENDING_LEVELS = frozenset({"4", "5"})


class Decision(models.TextChoices):
    OPENED = "opened", "Opened"
    ESCALATED = "escalated", "Escalated"
    DE_ESCALATED = "de_escalated", "Stepped down"
    CLOSED = "closed", "Closed"


# Pseudo-states around the levels: a case not yet opened, and a closed case.
NEW = "new"
CLOSED = "closed"

_ALL_OPENING = frozenset({"1", "2", "3", "R", "4", "5"})

# THE table of allowed transitions: state → decision → the levels it may move to ({CLOSED} for a close).
# Everything not listed is refused. A closed case is never reopened: open a new case (it counts as a
# re-entry in the figures).
TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    NEW: {Decision.OPENED: _ALL_OPENING},
    "0": {
        Decision.ESCALATED: frozenset({"1", "2", "3", "R", "4", "5"}),
        Decision.CLOSED: frozenset({CLOSED}),
    },
    "1": {
        Decision.ESCALATED: frozenset({"2", "3", "R", "4", "5"}),
        Decision.DE_ESCALATED: frozenset({"0"}),
        Decision.CLOSED: frozenset({CLOSED}),
    },
    "2": {
        Decision.ESCALATED: frozenset({"3", "R", "4", "5"}),
        Decision.DE_ESCALATED: frozenset({"0", "1"}),
        Decision.CLOSED: frozenset({CLOSED}),
    },
    "3": {
        Decision.ESCALATED: frozenset({"R", "4", "5"}),
        Decision.DE_ESCALATED: frozenset({"0", "1", "2"}),
        Decision.CLOSED: frozenset({CLOSED}),
    },
    "R": {
        Decision.ESCALATED: frozenset({"4", "5"}),
        Decision.DE_ESCALATED: frozenset({"0", "1", "2", "3"}),
        Decision.CLOSED: frozenset({CLOSED}),
    },
    # A suspended or defaulted provider is stepped down (which lifts the suspension) before closing.
    "4": {
        Decision.ESCALATED: frozenset({"5"}),
        Decision.DE_ESCALATED: frozenset({"0", "1", "2", "3", "R"}),
    },
    "5": {
        Decision.DE_ESCALATED: frozenset({"0", "1", "2", "3", "R", "4"}),
    },
    CLOSED: {},
}


def allowed_targets(state: str, decision: str) -> frozenset[str]:
    """The levels (or {CLOSED}) ``decision`` may move a case in ``state`` to; empty when refused."""
    return TRANSITIONS.get(state, {}).get(decision, frozenset())


def is_allowed(state: str, decision: str, target: str) -> bool:
    return target in allowed_targets(state, decision)


def next_level_up(level: str) -> str | None:
    """The next level in intensity order (None at the top)."""
    rank = RANK[level]
    return ORDER[rank + 1] if rank + 1 < len(ORDER) else None


# --- proposals ---------------------------------------------------------------------------------


class ProposalKind(models.TextChoices):
    OPEN = "open", "Open a case"
    ESCALATE = "escalate", "Escalate"
    DE_ESCALATE = "de_escalate", "Step down"
    CLOSE = "close", "Close the case"


DECISION_FOR_KIND: dict[str, str] = {
    ProposalKind.OPEN: Decision.OPENED,
    ProposalKind.ESCALATE: Decision.ESCALATED,
    ProposalKind.DE_ESCALATE: Decision.DE_ESCALATED,
    ProposalKind.CLOSE: Decision.CLOSED,
}


# --- actions -----------------------------------------------------------------------------------


class ActionKind(models.TextChoices):
    ACTION_PLAN = "action_plan", "Action plan"
    ENHANCED_MONITORING = "enhanced_monitoring", "Enhanced monitoring"
    PEER_SUPPORT = "peer_support", "Peer support"
    PROVIDER_CONCERNS_MEETING = "provider_concerns_meeting", "Provider concerns meeting"
    SUSPENSION = "suspension", "Suspension of new placements"
    DEFAULT_NOTICE = "default_notice", "Default notice"
    REFERRAL_TO_CQC = "referral_to_cqc", "Referral to the CQC"
    IMPROVEMENT_DIRECTOR = "improvement_director", "Improvement director"


class VisitFrequency(models.TextChoices):
    DAILY = "daily", "Daily"
    TWICE_WEEKLY = "twice_weekly", "Twice a week"
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Every 2 weeks"
    MONTHLY = "monthly", "Monthly"


# Actions the provider owes the council: when one is overdue, a trigger proposes an escalation.
# (Overdue council tasks show on the task list instead: a late letter is not the provider's fault.)
PROVIDER_OWED_ACTIONS = frozenset({ActionKind.ACTION_PLAN, ActionKind.DEFAULT_NOTICE})

# Actions that rely on the council's contractual powers: offered only for services it contracts with
# (``queries.contract_powers``). Termination is considered at the default-notice limit, so it follows.
CONTRACTUAL_ACTIONS = frozenset({ActionKind.DEFAULT_NOTICE})


# --- timescales (keys used by the services) ---------------------------------------------------

ACTION_PLAN_DUE = "action_plan_due"
ACTION_PLAN_DUE_CQC = "action_plan_due_cqc"
REVISIT_DUE = "revisit_due"
SUSPENSION_LETTER_DUE = "suspension_letter_due"
SUSPENSION_REVIEW = "suspension_review"
SUSPENSION_APPEAL = "suspension_appeal"
REINSPECTION_DUE = "reinspection_due"
CANCELLATION_CONSIDERED = "cancellation_considered"

REQUIRED_TIMESCALES = frozenset(
    {
        ACTION_PLAN_DUE,
        SUSPENSION_LETTER_DUE,
        SUSPENSION_REVIEW,
        SUSPENSION_APPEAL,
        REINSPECTION_DUE,
        CANCELLATION_CONSIDERED,
    }
)


# --- triggers: which level each kind of evidence proposes -------------------------------------


class Trigger(models.TextChoices):
    CQC_INADEQUATE = "cqc_inadequate", "CQC rated the location Inadequate overall"
    CQC_SECOND_RI = "cqc_second_ri", "A second consecutive CQC Requires improvement"
    CQC_OUT_OF_SPECIAL_MEASURES = "cqc_out_of_special_measures", "CQC no longer rates the location Inadequate"
    LOCAL_QA_RATING = "local_qa_rating", "Local QA rating of Requires improvement or Poor"
    SAFEGUARDING_CONCERNS = "safeguarding_concerns", "Safeguarding concerns above the threshold"
    ACTION_OVERDUE = "action_overdue", "An action the provider owes is overdue"
    MISSED_RETURNS = "missed_returns", "Missed monthly capacity returns"


TRIGGER_TARGET_LEVEL: dict[str, str] = {
    Trigger.CQC_INADEQUATE: "R",
    Trigger.CQC_SECOND_RI: "2",
    Trigger.LOCAL_QA_RATING: "1",
    Trigger.SAFEGUARDING_CONCERNS: "3",
    # Missing the capacity return is an emerging concern about how the service is run, not yet a
    # provider concern (level 3 is "poor contract compliance" as a whole).
    Trigger.MISSED_RETURNS: "2",
}


# --- the template ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimescaleSpec:
    key: str
    label: str
    number: int
    unit: str  # DayUnit value
    source: str = ""


@dataclass(frozen=True)
class LevelSpec:
    code: str
    name: str
    entry_criteria: str
    standard_actions: tuple[str, ...] = ()
    exit_criteria: str = ""
    timescales: tuple[TimescaleSpec, ...] = ()


@dataclass(frozen=True)
class LadderSpec:
    """Everything a council may configure about its ladder (saved as a new LadderVersion)."""

    levels: tuple[LevelSpec, ...]
    default_notice_limit: int = 5  # termination considered at this many default notices (Salford)
    safeguarding_concerns_threshold: int = 3  # UNVERIFIED default: "several" enquiries (docs/ladder.md)
    safeguarding_period_days: int = 90  # UNVERIFIED default

    def level(self, code: str) -> LevelSpec:
        return next(level for level in self.levels if level.code == code)


def _ts(key: str, label: str, number: int, unit: DayUnit, source: str) -> TimescaleSpec:
    return TimescaleSpec(key=key, label=label, number=number, unit=unit.value, source=source)


DEFAULT_TEMPLATE = LadderSpec(
    levels=(
        LevelSpec(
            code="0",
            name="Routine monitoring",
            entry_criteria="None: every service is monitored routinely.",
            standard_actions=("Risk-prioritised scheduled QA visits",),
            exit_criteria="",
        ),
        LevelSpec(
            code="1",
            name="Improvement required",
            entry_criteria="Local QA rating of Requires improvement or Poor; CQC rating of Requires improvement.",
            standard_actions=("Action plan: at least one action per finding, each with an owner and a date",),
            exit_criteria="A re-visit shows improvement.",
            timescales=(
                _ts(
                    ACTION_PLAN_DUE,
                    "Action plan due from the provider",
                    14,
                    DayUnit.CALENDAR,
                    "Norfolk PAMMS",
                ),
                _ts(
                    ACTION_PLAN_DUE_CQC,
                    "Action plan due when the CQC asks for one",
                    28,
                    DayUnit.CALENDAR,
                    "CQC",
                ),
                _ts(REVISIT_DUE, "Follow-up visit", 6, DayUnit.MONTHS, "PAMMS (ADASS East of England)"),
            ),
        ),
        LevelSpec(
            code="2",
            name="Enhanced monitoring / quality support",
            entry_criteria="Quality-support thresholds met; emerging concerns.",
            standard_actions=(
                "Support visits",
                "Intensive support, up to daily visits",
                "Peer support from a strong provider",
            ),
            exit_criteria="The thresholds are no longer met.",
        ),
        LevelSpec(
            code="3",
            name="Provider concern (whole-service concern)",
            entry_criteria=(
                "Several safeguarding enquiries or a pattern; a serious single incident; "
                "poor contract compliance; poor CQC rating."
            ),
            standard_actions=(
                "Decision to initiate",
                "Provider concerns meeting with an improvement and risk plan",
                "Findings meeting",
            ),
            exit_criteria="The findings meeting closes it.",
        ),
        LevelSpec(
            code="R",
            name="Regulator track (CQC special measures)",
            entry_criteria="CQC Inadequate overall, or an Inadequate key question not fixed at re-inspection.",
            standard_actions=("Tracked, not run, by the council",),
            exit_criteria="The rating is no longer Inadequate.",
            timescales=(
                _ts(REINSPECTION_DUE, "CQC re-inspection due", 6, DayUnit.MONTHS, "CQC special measures"),
                _ts(
                    CANCELLATION_CONSIDERED,
                    "CQC may move to cancel or vary registration if still Inadequate",
                    12,
                    DayUnit.MONTHS,
                    "CQC special measures",
                ),
            ),
        ),
        LevelSpec(
            code="4",
            name="Suspension of new placements (embargo)",
            entry_criteria="Safeguarding or complaints; verified CQC non-compliance.",
            standard_actions=(
                "Formal letter and remedial plan",
                "Alert to the CQC, commissioners and safeguarding",
                "Joint audit",
            ),
            exit_criteria="Lifted at review.",
            timescales=(
                _ts(SUSPENSION_LETTER_DUE, "Suspension letter due", 7, DayUnit.WORKING, "Hertfordshire"),
                _ts(SUSPENSION_REVIEW, "Suspension review (week 4)", 28, DayUnit.CALENDAR, "Hertfordshire"),
                _ts(SUSPENSION_APPEAL, "Provider may appeal until", 5, DayUnit.WORKING, "Hertfordshire"),
            ),
        ),
        LevelSpec(
            code="5",
            name="Large-scale enquiry / contract default and termination",
            entry_criteria="Large-scale enquiry criteria met; contract defaults.",
            standard_actions=("Default notices logged", "Termination considered at the default-notice limit"),
            exit_criteria="",
        ),
    ),
)


def transitions_markdown() -> str:
    """:data:`TRANSITIONS` as the Markdown table printed in docs/ladder.md (a test keeps them equal)."""

    def cell(state: str, decision: str) -> str:
        targets = allowed_targets(state, decision)
        if not targets:
            return "–"
        if targets == {CLOSED}:
            return "yes"
        return ", ".join(code for code in ORDER if code in targets)

    lines = ["| from | open at | escalate to | step down to | close |", "|---|---|---|---|---|"]
    for state in (NEW, *ORDER, CLOSED):
        name = {NEW: "(no case yet)", CLOSED: "closed"}.get(state, state)
        cells = [
            cell(state, d)
            for d in (Decision.OPENED, Decision.ESCALATED, Decision.DE_ESCALATED, Decision.CLOSED)
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
