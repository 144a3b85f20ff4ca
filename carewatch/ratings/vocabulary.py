"""The words of the rating rules: ratings, key questions, quality statements, evidence categories.

Every name is accepted as people and the CQC write it and turned into one canonical value:
ratings in any capitalisation ("Requires Improvement", "requires improvement"), key questions as
``well_led``, ``Well-led`` or ``well-led``, statement scores as ``3`` or as the CQC API writes them
("3 - Evidence shows a good standard of care"). Sources: docs/ratings.md.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class Rating(enum.IntEnum):
    """The CQC's four-point scale; the integer is also the matching quality-statement score."""

    INADEQUATE = 1
    REQUIRES_IMPROVEMENT = 2
    GOOD = 3
    OUTSTANDING = 4

    @property
    def label(self) -> str:
        return _RATING_LABELS[self]


_RATING_LABELS = {
    Rating.INADEQUATE: "Inadequate",
    Rating.REQUIRES_IMPROVEMENT: "Requires improvement",
    Rating.GOOD: "Good",
    Rating.OUTSTANDING: "Outstanding",
}
RATINGS_BEST_FIRST: tuple[Rating, ...] = tuple(sorted(Rating, reverse=True))


class KeyQuestion(enum.Enum):
    """The five key questions, in the CQC's order."""

    SAFE = "safe"
    EFFECTIVE = "effective"
    CARING = "caring"
    RESPONSIVE = "responsive"
    WELL_LED = "well_led"

    @property
    def label(self) -> str:
        return "Well-led" if self is KeyQuestion.WELL_LED else self.value.capitalize()


KEY_QUESTIONS: tuple[KeyQuestion, ...] = tuple(KeyQuestion)


@dataclass(frozen=True)
class QualityStatement:
    """A Single Assessment Framework quality statement, with the id the CQC API uses."""

    id: int
    key_question: KeyQuestion
    name: str


_STATEMENT_NAMES: dict[KeyQuestion, tuple[str, ...]] = {
    KeyQuestion.SAFE: (
        "Learning culture",
        "Safe systems, pathways and transitions",
        "Safeguarding",
        "Involving people to manage risks",
        "Safe environments",
        "Safe and effective staffing",
        "Infection prevention and control",
        "Medicines optimisation",
    ),
    KeyQuestion.EFFECTIVE: (
        "Assessing needs",
        "Delivering evidence-based care and treatment",
        "How staff, teams and services work together",
        "Supporting people to live healthier lives",
        "Monitoring and improving outcomes",
        "Consent to care and treatment",
    ),
    KeyQuestion.CARING: (
        "Kindness, compassion and dignity",
        "Treating people as individuals",
        "Independence, choice and control",
        "Responding to people's immediate needs",
        "Workforce wellbeing and enablement",
    ),
    KeyQuestion.RESPONSIVE: (
        "Person-centred care",
        "Care provision, integration and continuity",
        "Providing information",
        "Listening to and involving people",
        "Equity in access",
        "Equity in experiences and outcomes",
        "Planning for the future",
    ),
    KeyQuestion.WELL_LED: (
        "Shared direction and culture",
        "Capable, compassionate and inclusive leaders",
        "Freedom to speak up",
        "Workforce equality, diversity and inclusion",
        "Governance, management and sustainability",
        "Partnerships and communities",
        "Learning, improvement and innovation",
        "Environmental sustainability",
    ),
}


def _number_statements() -> dict[int, QualityStatement]:
    statements: dict[int, QualityStatement] = {}
    for key_question in KEY_QUESTIONS:
        for name in _STATEMENT_NAMES[key_question]:
            number = len(statements) + 1
            statements[number] = QualityStatement(id=number, key_question=key_question, name=name)
    return statements


STATEMENTS: dict[int, QualityStatement] = _number_statements()
"""Quality statements 1–34 by id: Safe 1–8, Effective 9–14, Caring 15–19, Responsive 20–26, Well-led 27–34."""


def statement_ids(key_question: KeyQuestion) -> tuple[int, ...]:
    return tuple(s.id for s in STATEMENTS.values() if s.key_question is key_question)


class EvidenceCategory(enum.IntEnum):
    """The six evidence categories, numbered as the CQC API's ``evidenceCategoryId``."""

    PEOPLES_EXPERIENCE = 1
    FEEDBACK_FROM_STAFF_AND_LEADERS = 2
    FEEDBACK_FROM_PARTNERS = 3
    OBSERVATION = 4
    PROCESSES = 5
    OUTCOMES = 6

    @property
    def label(self) -> str:
        text = self.name.lower().replace("_", " ")
        return "People's experience" if self is EvidenceCategory.PEOPLES_EXPERIENCE else text.capitalize()


def normalise_name(text: str) -> str:
    """Lower case, apostrophes dropped, every run of other punctuation or space as one space."""
    text = text.lower().replace("'", "").replace("\u2019", "")
    return " ".join(re.split(r"[^a-z0-9]+", text)).strip()


_RATING_WORDS = {normalise_name(r.label): r for r in Rating}
_KEY_QUESTION_WORDS = {normalise_name(k.value): k for k in KeyQuestion} | {"wellled": KeyQuestion.WELL_LED}
_EVIDENCE_WORDS = {normalise_name(c.name): c for c in EvidenceCategory}


def parse_rating(value: object) -> Rating:
    """``"Requires Improvement"``, ``"requires_improvement"``, ``"GOOD"`` … → :class:`Rating`.

    Raises ValueError for anything else, including the CQC's "No published rating" and "Not Rated",
    which are not ratings on the four-point scale.
    """
    if isinstance(value, Rating):
        return value
    if isinstance(value, str) and (rating := _RATING_WORDS.get(normalise_name(value))):
        return rating
    raise ValueError(
        f"{value!r} is not a rating: expected Outstanding, Good, Requires improvement or Inadequate"
    )


def parse_key_question(value: object) -> KeyQuestion:
    """``"well_led"``, ``"Well-led"``, ``"well-led"``, ``"SAFE"`` … → :class:`KeyQuestion`."""
    if isinstance(value, KeyQuestion):
        return value
    if isinstance(value, str) and (key_question := _KEY_QUESTION_WORDS.get(normalise_name(value))):
        return key_question
    raise ValueError(
        f"{value!r} is not a key question: expected safe, effective, caring, responsive or well_led"
    )


def parse_evidence_category(value: object) -> EvidenceCategory:
    """An evidence category by API id (1–6, as number or text) or by name ("People's experience")."""
    if isinstance(value, EvidenceCategory):
        return value
    text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else ""
    if (
        text.isascii()
        and text.isdigit()
        and len(text) < 4
        and int(text) in EvidenceCategory._value2member_map_
    ):
        return EvidenceCategory(int(text))
    if category := _EVIDENCE_WORDS.get(normalise_name(text)):
        return category
    raise ValueError(
        f"{value!r} is not an evidence category: expected an id 1–6 or a name such as "
        '"people\'s experience" or "processes"'
    )


_CQC_SCORE = re.compile(r"^\s*([1-4])\s*(?:-.*)?$", re.DOTALL)


def parse_score(value: object) -> int:
    """A score on the 1–4 scale: ``3`` or the API's ``"3 - Evidence shows a good standard of care"``.

    Raises ValueError for anything else: 0, 5, 2.5, ``true``, "Regulations met" (the CQC's value for
    services it does not score on the four-point scale).
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if 1 <= value <= 4:
            return value
        raise ValueError(f"score {value} is out of range: scores run from 1 to 4")
    if isinstance(value, str) and (match := _CQC_SCORE.match(value)):
        return int(match.group(1))
    raise ValueError(f"{value!r} is not a score: expected a whole number from 1 to 4")


def try_parse_score(value: object) -> int | None:
    """:func:`parse_score`, or ``None`` for values off the 1–4 scale (such as "Regulations met")."""
    try:
        return parse_score(value)
    except ValueError:
        return None
