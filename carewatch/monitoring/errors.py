"""Domain errors raised by ``carewatch.monitoring.services``. A view turns each into a message on the page.

Every error carries ``message`` (GOV.UK style, shown to the person) and ``field`` (the form field to
show it beside; ``None`` for the whole form).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class MonitoringError(Exception):
    """Base class: a request the monitoring rules refuse."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotPermitted(MonitoringError):
    """The person's role or organisation does not allow this."""


class WrongState(MonitoringError):
    """The report or plan is not at a step where this can happen (a draft already sent, a plan accepted …)."""

    def __init__(self, message: str, *, state: str, action: str, field: str | None = None):
        super().__init__(message, field=field)
        self.state = state
        self.action = action


class InvalidInput(MonitoringError):
    """A value the rules refuse (an answer off the scale, a question from another framework …)."""


class ActionsMissing(MonitoringError):
    """An action plan was submitted without an action for every finding."""

    def __init__(self, finding_ids: Sequence[int]):
        self.finding_ids = tuple(finding_ids)
        count = len(self.finding_ids)
        noun = "finding has" if count == 1 else "findings have"
        super().__init__(
            f"Add at least one action for each finding: {count} {noun} no action", field="actions"
        )


@dataclass(frozen=True)
class Problem:
    """One problem in a framework file: where (``line 4``, ``question 3``, ``file``), the field, what is wrong."""

    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}, {self.field}: {self.message}"


class FrameworkImportError(MonitoringError):
    """A framework file with problems; ``problems`` lists every one, in file order."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        shown = "; ".join(str(problem) for problem in self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(
            f"The framework file has {len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}: {shown}{more}",
            field="file",
        )
