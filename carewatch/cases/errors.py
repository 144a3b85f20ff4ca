"""Domain errors raised by ``carewatch.cases.services``. A view turns each into a message on the page.

Every error carries ``message`` (GOV.UK style, shown to the person) and ``field`` (the form field to
show it beside; ``None`` for the whole form).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone


class CaseError(Exception):
    """Base class: a request the ladder's rules refuse."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotPermitted(CaseError):
    """The person's role or organisation does not allow this (officers propose; only QA managers decide)."""


class NoContractualPowers(CaseError):
    """A step that relies on a contract, for a service the council does not contract with."""


class TransitionNotAllowed(CaseError):
    """The transitions table (``ladder.TRANSITIONS``) does not allow this move."""

    def __init__(self, *, state: str, decision: str, target: str):
        self.state, self.decision, self.target = state, decision, target
        if state == "closed":
            message = "A closed case cannot be changed: open a new case"
        elif state == "new":
            message = f"A case cannot be opened at level {target}"
        elif decision == "closed":
            message = f"A case at level {state} cannot be closed: step it down first"
        else:
            verb = {"escalated": "escalated", "de_escalated": "stepped down"}.get(decision, decision)
            message = f"A case at level {state} cannot be {verb} to level {target}"
        super().__init__(message, field="level")


@dataclass(frozen=True)
class Change:
    """What someone else did to a case: its latest status row."""

    revision: int
    decision: str
    from_level: str
    level: str
    decided_by: str
    decided_at: datetime
    reason: str

    def describe(self) -> str:
        at = timezone.localtime(self.decided_at)
        when = f"{at:%H:%M} on {at.day} {at:%B %Y}"
        if self.decision == "opened":
            what = f"opened it at level {self.level}"
        elif self.decision == "closed":
            what = f"closed it (it was at level {self.from_level})"
        elif self.decision == "escalated":
            what = f"escalated it from level {self.from_level} to level {self.level}"
        else:
            what = f"stepped it down from level {self.from_level} to level {self.level}"
        return f"{self.decided_by} {what} at {when}"


class CaseChanged(CaseError):
    """Someone decided on the case after this person looked at it (optimistic concurrency).

    ``what_changed`` is the latest status row, so the page can say who did what, when.
    """

    def __init__(
        self, *, case_id: int, seen_revision: int, current_revision: int, what_changed: Change | None
    ):
        self.case_id = case_id
        self.seen_revision = seen_revision
        self.current_revision = current_revision
        self.what_changed = what_changed
        detail = f": {what_changed.describe()}" if what_changed else ""
        super().__init__(f"This case changed after you opened it{detail}. Check the case, then decide again.")


class ProposalAlreadyDecided(CaseError):
    """The proposal is no longer pending (someone accepted or declined it, or it lapsed)."""


class InvalidCase(CaseError):
    """What a case concerns does not make sense (no location, locations of another provider …)."""


class LocationAlreadyInOpenCase(CaseError):
    """A location can be in only one of a council's open cases at a time."""


class InvalidAction(CaseError):
    """An action is missing what its kind needs (a due date, a visit frequency, a peer provider …)."""


class SuspensionError(CaseError):
    """A suspension cannot be changed this way (already lifted, letter already sent …)."""


class StepDownNeeded(SuspensionError):
    """Lifting the last suspension of a case at level 4 must also step the case down."""


class InvalidLadder(CaseError):
    """A ladder a council tried to save breaks a rule (a level missing, a required timescale missing …)."""
