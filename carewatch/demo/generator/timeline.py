"""A location's ratings as they stood on any date, and the generator's own market tallies.

Definitions follow domain.md, "Definitions for every published figure": active = registered and
not dormant; only the "Adult social care" directorate counts; care home = careHome "Y"; home care =
service type "Homecare agencies"; rated = one of the four ratings; a location belongs to its own
local authority, ICB and region.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from carewatch.demo.generator import ratings as R
from carewatch.demo.generator.entities import Location, ServiceRatingDraft


class KeyQuestionState(NamedTuple):
    rating: str
    published: date
    link_id: str
    organisation_id: str


@dataclass(slots=True)
class RatingState:
    """The ratings a location showed from ``since`` until the next report."""

    since: date
    overall: str
    published: date
    link_id: str
    organisation_id: str  # whose report gave the overall (a predecessor when inherited)
    key_questions: dict[str, KeyQuestionState]
    services: tuple[ServiceRatingDraft, ...] = ()
    population: dict[str, str] = field(default_factory=dict)
    assessed: bool = False  # the overall comes from a new-framework assessment

    def inherited(self, location_id: str) -> bool:
        return self.organisation_id != location_id


@dataclass(frozen=True, slots=True)
class LocationState:
    registered: bool
    dormant: bool
    rating: RatingState | None

    @property
    def active(self) -> bool:
        return self.registered and not self.dormant

    @property
    def overall(self) -> str | None:
        return self.rating.overall if self.rating else None

    @property
    def rated(self) -> bool:
        return self.overall in R.RATED


def build_timeline(location: Location) -> list[RatingState]:
    states: list[RatingState] = []
    kqs: dict[str, KeyQuestionState] = {}
    for report in location.reports:
        if report.overall == R.NOT_RATED:
            kqs = {}
        for name, value in report.kqs.items():
            kqs[name] = KeyQuestionState(value, report.published, report.link_id, report.organisation_id)
        states.append(
            RatingState(
                since=report.published,
                overall=report.overall,
                published=report.published,
                link_id=report.link_id,
                organisation_id=report.organisation_id,
                key_questions=dict(kqs),
                services=report.services,
                population=report.population,
            )
        )
    assessment = location.assessment
    if assessment is not None:
        on = assessment.published
        states.append(
            RatingState(
                since=on,
                overall=assessment.overall,
                published=on,
                link_id=assessment.plan_id,
                organisation_id=location.location_id,
                key_questions={
                    name: KeyQuestionState(value, on, assessment.plan_id, location.location_id)
                    for name, value in assessment.kq_ratings.items()
                },
                assessed=True,
            )
        )
    location.timeline = states
    return states


def rating_at(location: Location, when: date) -> RatingState | None:
    states = location.timeline
    if not states:
        return None
    index = bisect.bisect_right([s.since for s in states], when) - 1
    return states[index] if index >= 0 else None


def state_as_at(location: Location, when: date) -> LocationState:
    """Registered? dormant? and the ratings published on or before ``when``."""
    registered = location.registered_at(when)
    return LocationState(
        registered=registered,
        dormant=registered and location.dormant_at(when),
        rating=rating_at(location, when),
    )


TALLY_RATINGS = (R.OUTSTANDING, R.GOOD, R.RI, R.INADEQUATE, "not yet rated")
ENGLAND_CODE = "E92000001"


@dataclass(slots=True)
class Tally:
    """One area's figures: active locations, how many per overall rating, and care-home beds."""

    area_code: str
    area_name: str
    active: int = 0
    by_rating: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TALLY_RATINGS, 0))
    beds: int = 0  # beds in the active care homes counted (0 for --service home-care)

    @property
    def rated(self) -> int:
        return self.active - self.by_rating["not yet rated"]

    def as_dict(self) -> dict:
        return {
            "area_code": self.area_code,
            "area_name": self.area_name,
            "active": self.active,
            **self.by_rating,
            "beds": self.beds,
        }


def selected(location: Location, service: str) -> bool:
    if not location.adult_social_care:
        return False
    if service == "care-homes":
        return location.care_home
    if service == "home-care":
        return location.home_care
    if service == "all":
        return True
    raise ValueError(f"unknown service {service!r}: care-homes, home-care or all")


def tallies(england, as_of: date | None = None, by: str = "la", service: str = "all") -> dict[str, Tally]:
    """Per area (ONS code → :class:`Tally`), as at ``as_of`` (default: the register's own date)."""
    when = as_of or england.as_of
    geo = england.geography
    if by == "la":
        areas = {la.code: la.name for la in england.local_authorities}
    elif by == "icb":
        areas = {c: geo.icb(c).name for c in sorted({la.icb_code for la in england.local_authorities})}
    elif by == "region":
        areas = {c: geo.region(c).name for c in sorted({la.region_code for la in england.local_authorities})}
    elif by == "england":
        areas = {ENGLAND_CODE: "England"}
    else:
        raise ValueError(f"unknown grouping {by!r}: la, icb, region or england")
    result = {code: Tally(code, name) for code, name in areas.items()}
    for location in england.locations:
        if not selected(location, service):
            continue
        state = state_as_at(location, when)
        if not state.active:
            continue
        key = {
            "la": location.la_code,
            "icb": location.icb_code,
            "region": location.region_code,
            "england": ENGLAND_CODE,
        }[by]
        tally = result[key]
        tally.active += 1
        overall = state.overall
        tally.by_rating[overall if overall in R.RATED else "not yet rated"] += 1
        if location.care_home and service != "home-care":
            tally.beds += location.beds
    return result
