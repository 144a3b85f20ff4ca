"""The one exception the rating rules raise for input they cannot rate."""

from __future__ import annotations


class RatingInputError(ValueError):
    """Input the engine cannot rate: ``field`` names where (``scores.safe.3``), ``problem`` says what.

    ``str(error)`` reads ``"scores.safe.3: statement 3 … "``, ready for a person to act on.
    """

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem
