"""Domain errors raised by ``carewatch.discharge.services``: ``message`` for people, ``field`` the input at
fault (or ``None`` for the whole form). Views put them on the form; the API returns them in its error shape."""

from __future__ import annotations


class DischargeError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotPermitted(DischargeError):
    """The person's role or organisation does not allow this."""


class InvalidInput(DischargeError):
    """A value the rules refuse (no needs, a date in the past …)."""


class NoBedLeft(DischargeError):
    """The last bed of that type went to another referral first."""


class TooLate(DischargeError):
    """The request is no longer open: its time ran out, it was closed, or the referral was placed."""
