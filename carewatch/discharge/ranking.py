"""Ranking the services that could take a referral (docs/discharge.md, "How matches are ranked").

1. Candidates, pathways 2 and 3: care homes in the coordinator's area (capacity's ``area_filter``) within
   ``CAREWATCH_DISCHARGE_SEARCH_MILES`` of the place searched from, whose latest return has a vacancy
   accepting admissions in the referral's bed type, less the beds already held by placements since that
   return (``capacity.queries.vacancy_locations``). Pathway 1: home-care agencies in the coordinator's
   area whose latest return, not stale, takes new packages in the area searched from (its postcode
   district, town or council: ``capacity.package_areas``). A bariatric referral: only services whose
   latest return says they can take someone needing bariatric care.
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

from carewatch.capacity import package_areas
from carewatch.capacity import queries as capacity_queries
from carewatch.cases import queries as case_queries
from carewatch.core import access
from carewatch.core.access import AnyUser
from carewatch.discharge import queries
from carewatch.discharge.models import Referral
from carewatch.discharge.vocabulary import Pathway
from carewatch.monitoring.queries import public as monitoring_public
from carewatch.ratings import cqc
from carewatch.register import places
from carewatch.register.models import LocalAuthority, Location

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
    home_care: bool = False  # a home-care agency taking new packages (pathway 1): ``vacant`` is 0


@dataclass(frozen=True)
class Ranking:
    place: places.Place
    matches: list[Match]
    weights: Weights
    floor: str
    miles: int
    suspended_left_out: int
    below_floor_left_out: int
    searched: package_areas.SearchedArea | None = None  # pathway 1: the areas an agency must cover


def _rating_score(rating: str) -> float:
    return RATING_SCORE.get(rating, UNRATED_SCORE)


def below_floor(rating: str, floor: str) -> bool:
    if rating not in RATING_ORDER or floor not in RATING_ORDER:
        return False
    return RATING_ORDER.index(rating) < RATING_ORDER.index(floor)


@dataclass(frozen=True)
class _Candidate:
    location: Location
    reported_at: datetime | None
    stale: bool
    vacant: int  # beds (0 for home care: it reports packages, not places)


def searched_area(text: str, place: places.Place) -> package_areas.SearchedArea:
    """The areas the place searched from lies in: its postcode district (a postcode searched), its town
    (a town searched), and its council: the council searched, else the council of the registered service
    nearest the point (within ``NEAREST_MILES``)."""
    postcode = places.parse_postcode(places.normalise(text))
    council: LocalAuthority | None = None
    if place.kind == "council":
        council = LocalAuthority.objects.filter(name=place.name, abolished_on__isnull=True).first()
    else:
        south, north, west, east = places.bounding_box(place.latitude, place.longitude, NEAREST_MILES)
        nearby = Location.objects.filter(
            latitude__gte=south,
            latitude__lte=north,
            longitude__gte=west,
            longitude__lte=east,
            local_authority__isnull=False,
        ).values_list("latitude", "longitude", "local_authority_id")
        distances = sorted(
            (places.haversine_miles(place.latitude, place.longitude, lat, lon), code)
            for lat, lon, code in nearby
            if lat is not None and lon is not None
        )
        if distances:
            council = LocalAuthority.objects.filter(pk=distances[0][1]).first()
    return package_areas.SearchedArea(
        district=postcode.outward if postcode is not None else "",
        town=place.name if place.kind == "town" else "",
        council_code=council.pk if council is not None else "",
        council_name=council.name if council is not None else "",
    )


NEAREST_MILES = 5
# What ranking and the matches page read of a service: a search over a wide area reads hundreds.
MATCH_FIELDS = ("id", "name", "current_rating", "latitude", "longitude", "provider_id", "local_authority_id")


def _bed_candidates(
    referral: Referral, user: AnyUser | None, place: places.Place, miles: int, now: datetime
) -> list[_Candidate]:
    """Care homes with a vacancy accepting admissions in the referral's bed type, less beds held since
    their latest return (a bariatric referral: only homes whose latest return says they can take one)."""
    south, north, west, east = places.bounding_box(place.latitude, place.longitude, miles)
    near = Q(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)
    bed_types = frozenset({referral.bed_type}) if referral.bed_type else frozenset()
    criteria = capacity_queries.VacancyCriteria(
        area=capacity_queries.area_filter(user) & near,
        bed_types=bed_types,
        accepting_only=True,
        bariatric=referral.bariatric,
    )
    found = list(
        capacity_queries.vacancy_locations(criteria, now=now).select_related(None).only(*MATCH_FIELDS)
    )
    rows = capacity_queries.vacancy_rows(found, criteria, now=now)
    ids = [row.location.pk for row in rows]
    held = queries.held_beds(ids, since={row.location.pk: row.reported_at for row in rows})
    return [
        _Candidate(
            location=row.location,
            reported_at=row.reported_at,
            stale=row.stale,
            vacant=sum(
                bed.vacant_accepting - held.get((row.location.pk, bed.bed_type), 0)
                for bed in row.beds
                if not bed.closed
            ),
        )
        for row in rows
    ]


def _home_care_candidates(
    referral: Referral, user: AnyUser | None, searched: package_areas.SearchedArea, now: datetime
) -> list[_Candidate]:
    """Home-care agencies whose latest return, not stale, takes new packages in the area searched from
    (a bariatric referral: only those whose return says they can take one)."""
    found = (
        capacity_queries.package_locations(
            area=capacity_queries.area_filter(user), now=now, bariatric=referral.bariatric
        )
        .select_related(None)
        .only(*MATCH_FIELDS)
    )
    return [
        _Candidate(location=loc, reported_at=loc.latest_reported_at, stale=False, vacant=0)  # type: ignore[attr-defined]
        for loc in found
        if package_areas.covers(
            loc.latest_package_areas,  # type: ignore[attr-defined]
            searched,
            own_council=loc.local_authority_id or "",
        )
    ]


def rank(*, referral: Referral, user: AnyUser | None, now: datetime) -> Ranking:
    """The services that could take ``referral``, best first: care homes with a vacancy (pathways 2 and
    3), home-care agencies taking new packages in the area searched from (pathway 1). Raises
    ``places.PlaceError`` when the place searched from is not known."""
    place = places.resolve(referral.search_from)
    miles = search_miles()
    home_care = referral.pathway == Pathway.HOME
    searched = searched_area(referral.search_from, place) if home_care else None
    if searched is not None:
        candidates = _home_care_candidates(referral, user, searched, now)
    else:
        candidates = _bed_candidates(referral, user, place, miles, now)
    suspended = case_queries.suspended_location_ids_known_to(user, on=now.date())  # type: ignore[arg-type]
    suspended_left_out = sum(1 for c in candidates if c.location.pk in suspended)
    candidates = [c for c in candidates if c.location.pk not in suspended]
    floor = rating_floor()
    below = [c for c in candidates if below_floor(c.location.current_rating, floor)]
    candidates = [c for c in candidates if not below_floor(c.location.current_rating, floor)]
    ids = [c.location.pk for c in candidates]
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
    for candidate in candidates:
        loc = candidate.location
        if not home_care and candidate.vacant <= 0:
            continue
        distance = (
            places.haversine_miles(place.latitude, place.longitude, loc.latitude, loc.longitude)
            if loc.latitude is not None and loc.longitude is not None
            else None
        )
        # A care home must be within the search's miles; an agency covers the area it names, wherever
        # its office is (its distance still counts in the score).
        if distance is not None and distance > miles and not home_care:
            continue
        local_rating = local[loc.pk].rating if loc.pk in local else ""
        quality = _rating_score(loc.current_rating)
        if local_rating:
            quality = (quality + _rating_score(local_rating)) / 2
        if loc.pk in marked:
            quality = min(1.0, quality + 0.1)
        age = (now - candidate.reported_at) if candidate.reported_at else stale_after
        factors = {
            "quality": quality,
            "distance": 0.0 if distance is None else max(0.0, 1 - distance / miles),
            "freshness": max(0.0, 1 - age / stale_after),
            "contract": 1.0 if loc.pk in contracted else 0.0,
        }
        score = round(sum(getattr(chosen, name) * value for name, value in factors.items()))
        matches.append(
            Match(
                location=loc,
                score=score,
                miles=None if distance is None else round(distance, 1),
                vacant=candidate.vacant,
                reported_at=candidate.reported_at,
                stale=candidate.stale,
                cqc_rating=loc.current_rating or cqc.NO_PUBLISHED_RATING,
                local_rating=local_rating,
                in_contract=loc.pk in contracted,
                quality_mark=loc.pk in marked,
                home_care=home_care,
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
        searched=searched,
    )
