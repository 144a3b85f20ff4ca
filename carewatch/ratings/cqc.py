"""The CQC's published rating vocabulary as the register stores it: rating names and key questions.

Plain strings, exactly as the CQC writes them after normalisation (``"Requires improvement"``,
``"well_led"``). Every app imports them from here; the rules engine's own typed vocabulary is
:mod:`carewatch.ratings.vocabulary`. Sources: docs/ratings.md, docs/methodology.md.
"""

from __future__ import annotations

KEY_QUESTIONS = ("safe", "effective", "caring", "responsive", "well_led")
KEY_QUESTION_LABELS = {
    "safe": "Safe",
    "effective": "Effective",
    "caring": "Caring",
    "responsive": "Responsive",
    "well_led": "Well-led",
}

OUTSTANDING = "Outstanding"
GOOD = "Good"
REQUIRES_IMPROVEMENT = "Requires improvement"
INADEQUATE = "Inadequate"
RATED = (OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE)
NO_PUBLISHED_RATING = "No published rating"
INSPECTED_NOT_RATED = "Inspected but not rated"
NOT_RATED = "Not Rated"
# Seen on hospital key questions in real API data (e.g. location RM317, Royal Oldham Hospital).
INSUFFICIENT_EVIDENCE = "Insufficient evidence to rate"
UNRATED = (NO_PUBLISHED_RATING, INSPECTED_NOT_RATED, NOT_RATED, INSUFFICIENT_EVIDENCE)
# Values the new framework uses for services it does not rate on the four-point scale.
OTHER_VALUES = ("Regulations met", "Regulations not met")
ALL_RATINGS = RATED + UNRATED + OTHER_VALUES


def _rating_key(text: str) -> str:
    """A rating as compared: case, hyphens, underscores and spacing ignored ("Requires-Improvement")."""
    return " ".join(text.replace("-", " ").replace("_", " ").split()).casefold()


_RATING_LOOKUP = {_rating_key(value): value for value in ALL_RATINGS}
# Spellings seen in CQC's files over the years.
_RATING_LOOKUP.update(
    {
        "not yet rated": NO_PUBLISHED_RATING,
        "no rating": NO_PUBLISHED_RATING,
        "insufficient evidence": INSUFFICIENT_EVIDENCE,
    }
)

_KQ_LOOKUP = {
    "safe": "safe",
    "effective": "effective",
    "caring": "caring",
    "responsive": "responsive",
    "well-led": "well_led",
    "well led": "well_led",
    "well_led": "well_led",
    "wellled": "well_led",
}


class InvalidValue(ValueError):
    """A field value a reader cannot accept; readers turn it into a :class:`BadRecord`."""


def normalise_rating(value: str | None) -> str | None:
    """Return the canonical rating for a CQC value, ``None`` for blank, or raise InvalidValue."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    if not text:
        return None
    try:
        return _RATING_LOOKUP[_rating_key(text)]
    except KeyError:
        raise InvalidValue(f"unknown rating {text!r}") from None


def normalise_key_question(value: str) -> str:
    """``"Well-led"``, ``"well_led"``, ``"Well led"`` → ``"well_led"``; raise InvalidValue otherwise."""
    key = " ".join(str(value).split()).lower()
    try:
        return _KQ_LOOKUP[key]
    except KeyError:
        raise InvalidValue(f"unknown key question {value!r}") from None
