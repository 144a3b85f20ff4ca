"""How carewatch ranks peer supporters for a provider of concern (docs/methodology.md, "Peer supporters").
Pure: no database. ``peer_queries.suggestions`` gathers the facts and calls :func:`rank`.

Points (the higher the better), each with its reason in words:

- **subjects** — 3 for each theme of the mentee's findings (the last 24 months) the supporter volunteered for;
- **key questions** — 2 for each CQC key question rated Requires improvement or Inadequate at the mentee and
  Good or Outstanding at the supporter;
- **service type** — 2 when both are the same type of service (nursing home, care home, home care);
- **distance** — up to 2, falling from 2 at the mentee's door to 0 at ``DISTANCE_MILES`` (unknown: 0);
- **quality mark** — 1 when the supporter holds a council's quality mark today.

Ties go to the nearer supporter, then to the location id, so the order never depends on the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from carewatch.monitoring.themes.defaults import DEFAULT_THEMES
from carewatch.ratings import cqc
from carewatch.register.places import haversine_miles

SUBJECT_POINTS = 3
KEY_QUESTION_POINTS = 2
SERVICE_TYPE_POINTS = 2
DISTANCE_POINTS = 2.0
QUALITY_MARK_POINTS = 1
DISTANCE_MILES = 50.0

THEME_NAMES = {theme.slug: theme.name for theme in DEFAULT_THEMES}
WEAK = (cqc.REQUIRES_IMPROVEMENT, cqc.INADEQUATE)
STRONG = (cqc.GOOD, cqc.OUTSTANDING)


@dataclass(frozen=True)
class Service:
    """What the ranking needs to know about one service."""

    location_id: str
    name: str
    kind: str  # "nursing home", "care home", "home care" or "other"
    latitude: float | None
    longitude: float | None
    key_questions: Mapping[str, str]  # "safe" → "Good"
    themes: Mapping[str, int] = field(default_factory=dict)  # the mentee's finding themes: slug → count
    subjects: Sequence[str] = ()  # the supporter's volunteered subjects
    quality_mark: str = ""  # "Oldham Quality Mark: Gold" when held today


@dataclass(frozen=True)
class Suggestion:
    supporter: Service
    points: float
    miles: float | None
    reasons: tuple[str, ...]


def miles_between(a: Service, b: Service) -> float | None:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    return haversine_miles(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]


def _names(slugs: Sequence[str]) -> str:
    words = [THEME_NAMES.get(slug, slug).lower() for slug in slugs]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def score(mentee: Service, supporter: Service) -> Suggestion:
    points = 0.0
    reasons: list[str] = []
    shared = [slug for slug in THEME_NAMES if slug in mentee.themes and slug in supporter.subjects]
    if shared:
        points += SUBJECT_POINTS * len(shared)
        reasons.append(f"Offers support with {_names(shared)}, where {mentee.name} had findings")
    stronger = [
        kq
        for kq in cqc.KEY_QUESTIONS
        if mentee.key_questions.get(kq) in WEAK and supporter.key_questions.get(kq) in STRONG
    ]
    if stronger:
        points += KEY_QUESTION_POINTS * len(stronger)
        said = ", ".join(
            f"{cqc.KEY_QUESTION_LABELS[kq]} ({supporter.key_questions[kq]} against "
            f"{mentee.key_questions[kq].lower()})"
            for kq in stronger
        )
        reasons.append(f"Rated higher by the CQC on {said}")
    if supporter.kind == mentee.kind and mentee.kind != "other":
        points += SERVICE_TYPE_POINTS
        reasons.append(f"Also a {supporter.kind}")
    miles = miles_between(mentee, supporter)
    if miles is not None:
        points += max(0.0, DISTANCE_POINTS * (1 - miles / DISTANCE_MILES))
        reasons.append(f"{miles:.1f} miles away")
    else:
        reasons.append("Distance not known")
    if supporter.quality_mark:
        points += QUALITY_MARK_POINTS
        reasons.append(f"Holds the {supporter.quality_mark}")
    return Suggestion(supporter=supporter, points=round(points, 2), miles=miles, reasons=tuple(reasons))


def rank(mentee: Service, supporters: Sequence[Service]) -> list[Suggestion]:
    """Every supporter but the mentee itself, best first."""
    found = [score(mentee, s) for s in supporters if s.location_id != mentee.location_id]
    return sorted(
        found,
        key=lambda s: (-s.points, s.miles if s.miles is not None else float("inf"), s.supporter.location_id),
    )
