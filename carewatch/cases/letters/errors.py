"""Errors raised by ``carewatch.cases.letters.services``: each carries ``message`` (shown to the person) and
``field`` (the form field to show it beside; ``None`` for the whole form)."""

from __future__ import annotations


class LetterError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotPermitted(LetterError):
    """The person's role or organisation does not allow this."""


class LetterNotPossible(LetterError):
    """The case does not have what this kind of letter is about (a suspension in force, a default notice …)."""


class InvalidTemplate(LetterError):
    """A template a council tried to save cannot be used (a mistake in it, a fact that does not exist …)."""
