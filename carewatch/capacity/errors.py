"""Domain errors raised by ``carewatch.capacity.services``. A view turns each into a message on the page,
the API into its error shape. Every error carries ``message`` (GOV.UK style) and ``field`` (the input
at fault, or ``None`` for the whole form)."""

from __future__ import annotations

from dataclasses import dataclass


class CapacityError(Exception):
    """Base class: a request the contract or capacity rules refuse."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotPermitted(CapacityError):
    """The person's role or organisation does not allow this."""


class InvalidInput(CapacityError):
    """A value the rules refuse (occupied above capacity, a negative number, an end before the start …)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one line of an imported file."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}, {self.field}: {self.message}"


class FileRefused(CapacityError):
    """An imported file with problems: nothing in it was saved. ``problems`` names each line and field."""

    def __init__(self, problems: list[Problem], *, field: str | None = "file"):
        shown = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"Nothing was imported. {shown}{more}", field=field)
        self.problems = problems
