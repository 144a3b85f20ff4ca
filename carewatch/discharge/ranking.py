"""Ranking the services that could take a referral (docs/discharge.md, "How matches are ranked").

1. Candidates: care homes in the coordinator's area (capacity's ``area_filter``) within
   ``CAREWATCH_DISCHARGE_SEARCH_MILES`` of the place searched from, whose latest return has a vacancy
   accepting admissions in the referral's bed type, less the beds already held by placements since that
   return (``capacity.queries.vacancy_locations``).
2. Never a service whose new placements are suspended, as far as this person may know
   (``cases.queries.suspended_location_ids_known_to``).
3. Never one rated below ``CAREWATCH_DISCHARGE_RATING_FLOOR`` by CQC (unrated services stay, marked).
4. Then a score out of 100: the weighted sum of quality, distance, freshness of the vacancy and in-contract
   status, each from 0 to 1, weighted by ``CAREWATCH_DISCHARGE_WEIGHTS`` and said in words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from carewatch.capacity import queries as capacity_queries
from carewatch.cases import queries as case_queries
from carewatch.core import access
from carewatch.core.access import AnyUser
from carewatch.discharge import queries
from carewatch.discharge.models import Referral
from carewatch.monitoring.queries import public as monitoring_public
from carewatch.ratings import cqc
from carewatch.register import places
from carewatch.register.models import Location

FACTORS = ("quality", "distance", "freshness", "contract")
FACTOR_WORDS = {
    "quality": "quality",
    "distance": "distance",
    "freshness": "how recent the vacancy is",
    "contract": "in contract",
}
# A rating as a share of the best (an unrated service sits in the middle: nothing known either way).
RATING_SCORE = {cqc.OUTSTANDING: 1.0, cqc.GOOD: 0.75, cqc.REQUIRES_IMPROVEMENT: 0.35, cqc.INADEQUATE: 0.0}
UNRATED_SCORE = 0.5
RATING_ORDER = (cqc.INADEQUATE, cqc.REQUIRES_IMPROVEMENT, cqc.GOOD, cqc.OUTSTANDING)


@dataclass(frozen=True)
class Weights:
    quality: int = 40
    distance: int = 30
    freshness: int = 15
    contract: int = 15

    @classmethod
    def parse(cls, text: str) -> Weights:
        """``"quality:60,distance:40"``: factors left out weigh nothing; the percentages must add up to 100."""
        values = dict.fromkeys(FACTORS, 0)
        for part in filter(None, (p.strip() for p in text.split(","))):
            name, _, number = part.partition(":")
            name = name.strip()
            if name not in values or not number.strip().isdigit():
                raise ValueError(
                    f"CAREWATCH_DISCHARGE_WEIGHTS: {part!r} is not one of {', '.join(FACTORS)}:N"
                )
            values[name] = int(number)
        if sum(values.values()) != 100:
            raise ValueError("CAREWATCH_DISCHARGE_WEIGHTS: the percentages must add up to 100")
        return cls(**values)

    @property
    def words(self) -> str:
        """ "Ranked by 60% quality and 40% distance"."""
        parts = [f"{getattr(self, name)}% {FACTOR_WORDS[name]}" for name in FACTORS if getattr(self, name)]
        said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"Ranked by {said}"


def weights() -> Weights:
    return Weights.parse(str(settings.CAREWATCH_DISCHARGE_WEIGHTS))


def rating_floor() -> str:
    return str(settings.CAREWATCH_DISCHARGE_RATING_FLOOR)


def search_miles() -> int:
    return int(settings.CAREWATCH_DISCHARGE_SEARCH_MILES)


def quality_marked(location_ids: Iterable[str]) -> set[str]:
    """Services holding the quality mark. The hook for recognition's quality mark (issue 16): none yet, so
    quality is CQC's rating and the latest published local QA rating."""
    return set()


@dataclass(frozen=True)
class Match:
    location: Location
    score: int  # out of 100
    miles: float | None
    vacant: int  # accepting admissions in the bed type, less beds held since the return
    reported_at: datetime | None
    stale: bool
    cqc_rating: str
    local_rating: str  # the latest published council QA rating, or ""
    in_contract: bool
    quality_mark: bool


@dataclass(frozen=True)
class Ranking:
    place: places.Place
    matches: list[Match]
    weights: Weights
    floor: str
    miles: int
    suspended_left_out: int
    below_floor_left_out: int


def _rating_score(rating: str) -> float:
    return RATING_SCORE.get(rating, UNRATED_SCORE)


def below_floor(rating: str, floor: str) -> bool:
    if rating not in RATING_ORDER or floor not in RATING_ORDER:
        return False
    return RATING_ORDER.index(rating) < RATING_ORDER.index(floor)


def rank(*, referral: Referral, user: AnyUser | None, now: datetime) -> Ranking:
    """The services that could take ``referral``, best first. Raises ``places.PlaceError`` when the
    place searched from is not known."""
    place = places.resolve(referral.search_from)
    miles = search_miles()
    south, north, west, east = places.bounding_box(place.latitude, place.longitude, miles)
    near = Q(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)
    suspended = case_queries.suspended_location_ids_known_to(user, on=now.date())  # type: ignore[arg-type]
    bed_types = frozenset({referral.bed_type}) if referral.bed_type else frozenset()
    criteria = capacity_queries.VacancyCriteria(
        area=capacity_queries.area_filter(user) & near,
        bed_types=bed_types,
        accepting_only=True,
    )
    found = list(capacity_queries.vacancy_locations(criteria, now=now))
    suspended_left_out = sum(1 for loc in found if loc.pk in suspended)
    found = [loc for loc in found if loc.pk not in suspended]
    floor = rating_floor()
    below = [loc for loc in found if below_floor(loc.current_rating, floor)]
    found = [loc for loc in found if not below_floor(loc.current_rating, floor)]
    rows = capacity_queries.vacancy_rows(found, criteria, now=now)
    ids = [row.location.pk for row in rows]
    held = queries.held_beds(ids, since={row.location.pk: row.reported_at for row in rows})
    local = monitoring_public.published_ratings(ids)
    marked = quality_marked(ids)
    person = access.signed_in_user(user)
    contracted: set[str] = set()
    if person is not None and person.organisation_id is not None:
        contracted = capacity_queries.contracted_location_ids(
            scope=access.OwnerScope.of([person.organisation_id]), on=now.date()
        )
    chosen = weights()
    stale_after = timedelta(days=capacity_queries.stale_days())
    matches = []
    for row in rows:
        loc = row.location
        vacant = sum(
            bed.vacant_accepting - held.get((loc.pk, bed.bed_type), 0) for bed in row.beds if not bed.closed
        )
        if vacant <= 0:
            continue
        distance = (
            places.haversine_miles(place.latitude, place.longitude, loc.latitude, loc.longitude)
            if loc.latitude is not None and loc.longitude is not None
            else None
        )
        if distance is not None and distance > miles:
            continue
        local_rating = local[loc.pk].rating if loc.pk in local else ""
        quality = _rating_score(loc.current_rating)
        if local_rating:
            quality = (quality + _rating_score(local_rating)) / 2
        if loc.pk in marked:
            quality = min(1.0, quality + 0.1)
        age = (now - row.reported_at) if row.reported_at else stale_after
        factors = {
            "quality": quality,
            "distance": 0.0 if distance is None else 1 - distance / miles,
            "freshness": max(0.0, 1 - age / stale_after),
            "contract": 1.0 if loc.pk in contracted else 0.0,
        }
        score = round(sum(getattr(chosen, name) * value for name, value in factors.items()))
        matches.append(
            Match(
                location=loc,
                score=score,
                miles=None if distance is None else round(distance, 1),
                vacant=vacant,
                reported_at=row.reported_at,
                stale=row.stale,
                cqc_rating=loc.current_rating or cqc.NO_PUBLISHED_RATING,
                local_rating=local_rating,
                in_contract=loc.pk in contracted,
                quality_mark=loc.pk in marked,
            )
        )
    matches.sort(
        key=lambda m: (-m.score, m.miles if m.miles is not None else 1e9, m.location.name, m.location.pk)
    )
    return Ranking(
        place=place,
        matches=matches,
        weights=chosen,
        floor=floor,
        miles=miles,
        suspended_left_out=suspended_left_out,
        below_floor_left_out=len(below),
    )
