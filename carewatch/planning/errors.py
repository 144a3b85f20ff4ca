"""Domain errors of ``carewatch.planning.services``: ``message`` in GOV.UK style and ``field`` at fault."""

from __future__ import annotations


class PlanningError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidWeights(PlanningError):
    """Weights that are not numbers, negative, or name a signal the score does not know."""

    def __init__(self, problems: dict[str, str]):
        field, problem = next(iter(problems.items()))
        super().__init__(f"{field} {problem}", field=field)
        self.problems = problems


class NotPermitted(PlanningError):
    """Only a council sets its own risk weights."""


class InvalidPolicy(PlanningError):
    """A visit policy with a missing frequency, a share outside 0–100%, or another bad value."""

    def __init__(self, problems: dict[str, str]):
        field, problem = next(iter(problems.items()))
        super().__init__(problem, field=field)
        self.problems = problems


class InvalidInput(PlanningError):
    """Bad input to a programme or capacity change; ``field`` names it."""


class NotFound(PlanningError):
    """The programme, visit or person is not the council's."""
