"""The words and weights the monitoring demo draws on: the statement and standard a finding in each theme
relates to, ways officers open and end a finding, feedback comments, how ratings are spread, and the
random helpers that vary them (deterministic for a seeded ``random.Random``)."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from datetime import date, datetime, time

from django.utils import timezone

# The quality statement a finding in each theme most often relates to (the question asked about it).
THEME_STATEMENT = {
    "medicines": 8,
    "staffing-levels": 6,
    "training-and-supervision": 19,
    "care-planning": 20,
    "risk-assessment": 4,
    "safeguarding": 3,
    "infection-control": 7,
    "nutrition-and-hydration": 12,
    "dignity-and-privacy": 15,
    "consent-and-mental-capacity": 14,
    "activities": 17,
    "premises-and-equipment": 5,
    "records": 31,
    "complaints-handling": 23,
    "leadership-and-governance": 28,
    "notifications": 31,
    "recruitment-checks": 6,
    "communication-with-families": 32,
    "end-of-life-care": 26,
}
THEME_STANDARD = {"recruitment-checks": 11, "records": 16, "notifications": 14, "premises-and-equipment": 9}
OPENINGS = (
    "",
    "",
    "",
    "On the day of the visit: ",
    "We found that ",
    "Officer noted – ",
    "At feedback we discussed that ",
    "Observed: ",
)
ENDINGS = (
    "",
    "",
    "",
    " Discussed with the manager at feedback.",
    " The manager agreed to look into this.",
    " This was also found at the last visit.",
    " Raised with the deputy manager on the day.",
    " See evidence log.",
)
FEEDBACK_COMMENTS = (
    "Staff are lovely and always have time for a chat.",
    "The food could be better, it is often cold.",
    "I would like to go out more.",
    "My mum is well looked after.",
    "They are short of staff at weekends.",
    "The carers are kind but always rushing.",
    "I feel safe here.",
    "Nobody told us about the change of manager.",
    "The home is always clean and smells fresh.",
    "Not enough to do in the afternoons.",
)
TARGETS = (("Excellent", 8), ("Good", 55), ("Requires improvement", 28), ("Poor", 9))
FINDINGS_FOR = {"Excellent": (0, 1), "Good": (1, 3), "Requires improvement": (3, 6), "Poor": (5, 8)}
SEVERITIES_FOR = {
    "Excellent": ("low",),
    "Good": ("low", "low", "medium"),
    "Requires improvement": ("low", "medium", "medium", "high"),
    "Poor": ("medium", "high", "high", "critical"),
}


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def vary(text: str, rng: random.Random) -> str:
    text = re.sub(
        r"\b(Person|Mr|Mrs|Ms|Resident) [A-Z]\b",
        lambda m: f"{m.group(1)} {rng.choice('ABCDEFGHJKLMNPRSTW')}",
        text,
    )
    text = re.sub(r"\b([2-9])\b", lambda m: str(max(2, int(m.group(1)) + rng.choice((-1, 0, 0, 1)))), text)
    opening = rng.choice(OPENINGS)
    if (
        opening
        and text[:1].isupper()
        and not text.startswith(("MAR", "DBS", "DNACPR", "PRN", "CQC", "LOLER", "SALT", "PPE"))
    ):
        text = text[0].lower() + text[1:]
    return f"{opening}{text}{rng.choice(ENDINGS)}".strip()


def weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def answer_for(target: str, rng: random.Random) -> str:
    spread = {
        "Excellent": (("Excellent", 60), ("Good", 40)),
        "Good": (("Excellent", 8), ("Good", 80), ("Requires improvement", 12)),
        "Requires improvement": (("Good", 40), ("Requires improvement", 50), ("Poor", 10)),
        "Poor": (("Good", 15), ("Requires improvement", 45), ("Poor", 40)),
    }[target]
    return weighted(rng, spread)
