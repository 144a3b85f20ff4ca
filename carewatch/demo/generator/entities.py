"""The synthetic register's records: providers, locations, reports and assessments.

Plain mutable dataclasses: the model builds them, the writers only read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ADULT_SOCIAL_CARE = "Adult social care"
PRIMARY_MEDICAL = "Primary medical services"


@dataclass(slots=True)
class Person:
    title: str
    given: str
    family: str

    @property
    def full_name(self) -> str:
        return f"{self.given} {self.family}"


@dataclass(slots=True)
class Address:
    line1: str
    line2: str
    town: str
    county: str
    postcode: str
    lat: float
    lon: float


@dataclass(slots=True)
class ServiceRatingDraft:
    """One service's rating in a report that rates a multi-service location per service."""

    name: str  # API service type name, e.g. "Homecare agencies"
    rating: str
    kqs: dict[str, str]


@dataclass(slots=True)
class Report:
    """One published inspection report (or the new framework's assessment, see :class:`Assessment`)."""

    link_id: str
    published: date  # reportDate
    visited: date  # firstVisitDate
    overall: str  # a rating, "Inspected but not rated" or "Not Rated"
    kqs: dict[str, str]  # the key questions this report rated: all five, or the re-rated ones
    organisation_id: str  # the location the report is about (a predecessor for inherited ratings)
    focused: bool = False
    services: tuple[ServiceRatingDraft, ...] = ()
    population: dict[str, str] = field(default_factory=dict)  # GP population groups


@dataclass(slots=True)
class Assessment:
    """A Single Assessment Framework assessment: statement scores → key questions → overall."""

    plan_id: str
    service_group: str  # "Care Homes"
    service_group_id: str  # "271"
    assessed: date
    published: date
    published_time: str  # "07:42:57"
    overall: str
    # key question → [(statement id, name, score, assessed this time)]
    statements: dict[str, list[tuple[int, str, int, bool]]]
    kq_ratings: dict[str, str]
    kq_percent: dict[str, int]


@dataclass(slots=True)
class Provider:
    provider_id: str
    name: str
    ownership: str  # "Organisation", "Individual", "Partnership", "NHS Body"
    tier: str  # "chain", "group", "small", "single", "nhs", "council", "primary"
    type: str  # "Social Care Org", "Primary Medical Services", …
    quality: float
    la_code: str = ""
    address: Address | None = None
    phone: str = ""
    website: str = ""
    brand_id: str = ""
    brand_name: str = ""
    companies_house: str = ""
    charity: str = ""
    nominated: Person | None = None
    ods_code: str = ""
    registered_on: date | None = None
    deregistered_on: date | None = None
    location_ids: list[str] = field(default_factory=list)

    @property
    def postal_address(self) -> Address:
        """The address, which the model gives every provider before anything reads it."""
        if self.address is None:
            raise ValueError(f"provider {self.provider_id} has no address yet")
        return self.address

    @property
    def registered(self) -> date:
        """The registration date, which the model gives every provider before anything reads it."""
        if self.registered_on is None:
            raise ValueError(f"provider {self.provider_id} has no registration date yet")
        return self.registered_on


@dataclass(slots=True)
class Location:
    location_id: str
    kind: str  # generator category: "residential", "nursing", "home_care", … (see model.KINDS)
    service_types: tuple[str, ...]  # API gacServiceTypes names
    la_code: str
    icb_code: str
    region_code: str
    provider_id: str = ""
    name: str = ""
    also_known_as: str = ""
    care_home: bool = False
    beds: int = 0
    directorate: str = ADULT_SOCIAL_CARE
    location_type: str = "Social Care Org"
    inspection_category: tuple[str, str] = ("S1", "Residential social care")
    address: Address | None = None
    constituency: str = ""
    phone: str = ""
    website: str = ""
    uprn: str = ""
    ods_code: str = ""
    manager: Person | None = None
    manager_absent_on: date | None = None
    specialisms: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    registered_on: date = date(2010, 10, 1)
    deregistered_on: date | None = None
    dormant_from: date | None = None
    quality: float = 0.0
    reports: list[Report] = field(default_factory=list)  # chronological; inherited ones first
    assessment: Assessment | None = None
    shows_no_published_rating: bool = False  # currentRatings says "No published rating" (else absent)
    predecessor_id: str = ""
    successor_id: str = ""
    relationship_reason: str = ""
    timeline: list = field(default_factory=list)  # RatingState, computed by timeline.py

    @property
    def postal_address(self) -> Address:
        """The address, which the model gives every location before anything reads it."""
        if self.address is None:
            raise ValueError(f"location {self.location_id} has no address yet")
        return self.address

    @property
    def adult_social_care(self) -> bool:
        return self.directorate == ADULT_SOCIAL_CARE

    @property
    def home_care(self) -> bool:
        return "Homecare agencies" in self.service_types

    def registered_at(self, when: date) -> bool:
        return self.registered_on <= when and (self.deregistered_on is None or when < self.deregistered_on)

    def dormant_at(self, when: date) -> bool:
        return self.dormant_from is not None and self.dormant_from <= when and self.registered_at(when)

    def own_reports(self) -> list[Report]:
        return [r for r in self.reports if r.organisation_id == self.location_id]
