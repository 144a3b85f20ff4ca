"""Domain errors raised by ``carewatch.recognition.services``. A view puts each beside its field, the API
turns it into its error shape. Every error carries ``message`` (GOV.UK style) and ``field`` (the input at
fault, or ``None`` for the whole form)."""

from __future__ import annotations


class RecognitionError(Exception):
    """Base class: a request the recognition rules refuse."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotPermitted(RecognitionError):
    """The person's role or organisation does not allow this."""


class InvalidInput(RecognitionError):
    """A value the rules refuse: a statement without a task, a target date before signing, a negative count."""

    def __init__(self, problems: list[tuple[str, str]]):
        field, message = problems[0]
        super().__init__(message, field=field)
        self.problems = problems  # every (field, message), the first one is ``field``/``message``
