"""The allowed moves of a visit's report and of an action plan, in one table each.

Report (PAMMS as Norfolk County Council runs it: a draft, 14 days for the provider's factual-accuracy
comments, a senior officer's review when the provider disputes the draft, then publication)::

    scheduled ─start→ draft ─send→ sent ─accept→ accepted ─publish→ published
                                    │  └─dispute→ disputed ─review→ reviewed ─publish→ published
                                    └─publish (once the comment window has closed)→ published

An accepted draft can still be disputed while the window is open. A scheduled visit can also be
rescheduled (it stays scheduled, on another date) or cancelled (a reason each time)::

    scheduled ─reschedule→ scheduled
        └─cancel→ cancelled
 Action plan::

    requested ─submit→ submitted ─accept→ accepted
                          └─return→ returned ─submit→ resubmitted ─accept→ accepted
                                                          └─return→ returned …
"""

from __future__ import annotations

from carewatch.monitoring.models import PlanState, VisitState

START, SEND, ACCEPT, DISPUTE, REVIEW, PUBLISH = "start", "send", "accept", "dispute", "review", "publish"
RESCHEDULE, CANCEL = "reschedule", "cancel"

VISIT_TRANSITIONS: dict[tuple[str, str], str] = {
    (VisitState.SCHEDULED, START): VisitState.DRAFT,
    (VisitState.SCHEDULED, RESCHEDULE): VisitState.SCHEDULED,
    (VisitState.SCHEDULED, CANCEL): VisitState.CANCELLED,
    (VisitState.DRAFT, SEND): VisitState.SENT,
    (VisitState.SENT, ACCEPT): VisitState.ACCEPTED,
    (VisitState.SENT, DISPUTE): VisitState.DISPUTED,
    (VisitState.ACCEPTED, DISPUTE): VisitState.DISPUTED,
    (VisitState.DISPUTED, REVIEW): VisitState.REVIEWED,
    (VisitState.SENT, PUBLISH): VisitState.PUBLISHED,  # only once the comment window has closed
    (VisitState.ACCEPTED, PUBLISH): VisitState.PUBLISHED,
    (VisitState.REVIEWED, PUBLISH): VisitState.PUBLISHED,
}

# Visits that have not been carried out: no evidence, left out of every count and analysis.
NOT_CARRIED_OUT = frozenset({VisitState.SCHEDULED, VisitState.CANCELLED})
# Where officers may still change answers and findings.
EDITABLE_VISIT_STATES = frozenset({VisitState.DRAFT})
# Where the provider may comment (while the window is open).
COMMENTABLE_VISIT_STATES = frozenset({VisitState.SENT, VisitState.ACCEPTED, VisitState.DISPUTED})
# What a provider's users may read: everything from the moment the draft is sent to them.
PROVIDER_VISIBLE_STATES = frozenset(
    {VisitState.SENT, VisitState.ACCEPTED, VisitState.DISPUTED, VisitState.REVIEWED, VisitState.PUBLISHED}
)

SUBMIT, RETURN = "submit", "return"

PLAN_TRANSITIONS: dict[tuple[str, str], str] = {
    (PlanState.REQUESTED, SUBMIT): PlanState.SUBMITTED,
    (PlanState.RETURNED, SUBMIT): PlanState.RESUBMITTED,
    (PlanState.SUBMITTED, ACCEPT): PlanState.ACCEPTED,
    (PlanState.RESUBMITTED, ACCEPT): PlanState.ACCEPTED,
    (PlanState.SUBMITTED, RETURN): PlanState.RETURNED,
    (PlanState.RESUBMITTED, RETURN): PlanState.RETURNED,
}
# Where the provider may add, change and remove actions.
EDITABLE_PLAN_STATES = frozenset({PlanState.REQUESTED, PlanState.RETURNED})
# Where the provider owes the plan (it is overdue after ``due_on``).
OWED_PLAN_STATES = frozenset({PlanState.REQUESTED, PlanState.RETURNED})


def next_visit_state(state: str, action: str) -> str | None:
    return VISIT_TRANSITIONS.get((state, action))


def next_plan_state(state: str, action: str) -> str | None:
    return PLAN_TRANSITIONS.get((state, action))
