"""Reads of the register: market figures by area, register search, a location with its history.

Definitions (docs/methodology.md, "Market figures"): only locations whose inspection directorate
is "Adult social care" count; *active* = registered and not dormant; *care home* = CQC
``careHome`` Y; *home care* = service type "Homecare agencies"; *rated* = current overall rating is
Outstanding, Good, Requires improvement or Inadequate. A location counts in its own local authority,
ICB and region.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TypedDict

from django.db.models import Count, IntegerField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from carewatch.ratings.shares import RatingShares
from carewatch.register import models
from carewatch.register.importers.records import (
    GOOD,
    INADEQUATE,
    INSPECTED_NOT_RATED,
    OUTSTANDING,
    RATED,
    REQUIRES_IMPROVEMENT,
)

AREA_LEVELS = ("england", "region", "icb", "la")
SERVICES = ("care-homes", "home-care", "all")
RATING_COLUMNS = (
    (OUTSTANDING, "outstanding"),
    (GOOD, "good"),
    (REQUIRES_IMPROVEMENT, "requires_improvement"),
    (INADEQUATE, "inadequate"),
)


# Per area (None for England): active locations, beds and a count per rating column.
Counts = dict[str | None, dict[str, int]]


@dataclass
class AreaFigures(RatingShares):
    code: str
    name: str
    active: int = 0
    outstanding: int = 0
    good: int = 0
    requires_improvement: int = 0
    inadequate: int = 0
    beds: int | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "active": self.active,
            "outstanding": self.outstanding,
            "good": self.good,
            "requires_improvement": self.requires_improvement,
            "inadequate": self.inadequate,
            "not_yet_rated": self.not_yet_rated,
            "rated": self.rated,
            "pct_good_or_outstanding_of_rated": self.pct_good_or_outstanding_of_rated,
            "pct_good_or_outstanding_of_active": self.pct_good_or_outstanding_of_active,
            "beds": self.beds,
        }


def _service_filter(service: str) -> Q:
    if service == "care-homes":
        return Q(care_home=True)
    if service == "home-care":
        return Q(home_care=True)
    if service == "all":
        return Q()
    raise ValueError(f"unknown service {service!r}: choose one of {', '.join(SERVICES)}")


def councils_existing(as_of: date | None = None) -> QuerySet[models.LocalAuthority]:
    """The councils not yet abolished on ``as_of`` (None: the current councils).

    A council created later (North Yorkshire's unitary, 2023) is listed for earlier dates too, with
    nothing in it: its predecessor's figures are on the predecessor's own row until the day it was
    abolished (docs/methodology.md, "Geography over time").
    """
    if as_of is None:
        return models.LocalAuthority.objects.filter(abolished_on__isnull=True)
    return models.LocalAuthority.objects.filter(Q(abolished_on__isnull=True) | Q(abolished_on__gt=as_of))


def _areas(by: str, as_of: date | None = None) -> list[tuple[str, str]]:
    if by == "england":
        return [("E92000001", "England")]
    if by == "region":
        return list(models.Region.objects.order_by("name", "code").values_list("code", "name"))
    if by == "icb":
        return list(models.Icb.objects.order_by("name", "code").values_list("code", "name"))
    if by == "la":
        return list(councils_existing(as_of).order_by("name", "code").values_list("code", "name"))
    raise ValueError(f"unknown area level {by!r}: choose one of {', '.join(AREA_LEVELS)}")


_GROUP_FIELD = {"england": None, "region": "region_id", "icb": "icb_id", "la": "local_authority_id"}


def market_figures(*, by: str, service: str = "all", as_of: date | None = None) -> list[AreaFigures]:
    """Per area: active locations, count per overall rating, shares Good or Outstanding, beds.

    With ``as_of`` the figures are recomputed from registration dates and the ratings history as at
    that date; without it they use the register as now.
    """
    areas = _areas(by, as_of)
    group = _GROUP_FIELD[by]
    base = models.Location.objects.filter(_service_filter(service), adult_social_care=True)
    figures: dict[str | None, AreaFigures] = {code: AreaFigures(code=code, name=name) for code, name in areas}
    if as_of is None:
        counts = _current_counts(base.filter(is_active=True), group)
    else:
        counts = _counts_as_at(base, group, as_of)
    unmatched = AreaFigures(code="", name="Not matched to an area")
    for key, row in counts.items():
        target = figures.get("E92000001" if group is None else key, unmatched)
        for attr in ("active", "outstanding", "good", "requires_improvement", "inadequate"):
            setattr(target, attr, getattr(target, attr) + row[attr])
        target.beds = (target.beds or 0) + row["beds"]
    result = list(figures.values())
    if unmatched.active:
        result.append(unmatched)
    for area in result:
        area.beds = (area.beds or 0) if service == "care-homes" else None
    return result


def _current_counts(locations: QuerySet[models.Location], group: str | None) -> Counts:
    aggregates = {
        "active": Count("id"),
        "beds": Coalesce(Sum("beds", filter=Q(care_home=True)), Value(0), output_field=IntegerField()),
        **{attr: Count("id", filter=Q(current_rating=rating)) for rating, attr in RATING_COLUMNS},
    }
    if group is None:
        return {None: locations.aggregate(**aggregates)}
    rows = locations.values(group).annotate(**aggregates).order_by(group)
    return {row[group]: row for row in rows}


def _counts_as_at(locations: QuerySet[models.Location], group: str | None, as_of: date) -> Counts:
    active = locations.filter(
        Q(registered_on__lte=as_of) | Q(registered_on__isnull=True),
        Q(deregistered_on__gt=as_of) | Q(deregistered_on__isnull=True),
        # Dormant then: dormant now and already on that date (unknown start: treated as dormant throughout).
        Q(dormant=False) | Q(dormant_from__gt=as_of),
    )
    fields = ["id", "beds", "care_home"] + ([group] if group else [])
    rows = list(active.values_list(*fields))
    ids = [row[0] for row in rows]
    ratings = headline_ratings_as_at(ids, as_of)
    counts: Counts = defaultdict(lambda: {"active": 0, "beds": 0, **{attr: 0 for _, attr in RATING_COLUMNS}})
    column = dict(RATING_COLUMNS)
    for row in rows:
        bucket = counts[row[3] if group else None]
        bucket["active"] += 1
        if row[2] and row[1]:
            bucket["beds"] += row[1]
        rating = ratings.get(row[0])
        if rating in column:
            bucket[column[rating]] += 1
    return counts


def headline_ratings_as_at(location_ids: list[str], as_of: date) -> dict[str, str]:
    """Each location's overall rating as at a date: its latest report up to then that gave one.

    A report "Inspected but not rated" does not replace the rating before it, just as on the CQC's
    own pages.
    """
    latest: dict[str, tuple[tuple[date | None, bool], str]] = {}  # report_on is never None here
    wanted = set(location_ids)
    rows = (
        models.Rating.objects.filter(report_on__lte=as_of)
        .exclude(overall__in=["", INSPECTED_NOT_RATED])
        .values_list("location_id", "report_on", "is_current", "overall")
        .iterator(chunk_size=5000)
    )
    for location_id, report_on, is_current, overall in rows:
        if location_id not in wanted:
            continue
        key = (report_on, is_current)
        if location_id not in latest or key >= latest[location_id][0]:
            latest[location_id] = (key, overall)
    return {location_id: value[1] for location_id, value in latest.items()}


# --- the register search ----------------------------------------------------------------------


@dataclass
class SearchCriteria:
    text: str = ""  # a name, a town, a CQC id or a postcode (a whole district, a sector or a full one)
    local_authority: str = ""  # ONS code
    icb: str = ""
    region: str = ""
    service_type: str = ""  # ServiceType name
    rating: str = ""  # a rating, or "unrated"
    status: str = "active"  # active, registered, all
    exclude_ids: frozenset[str] = frozenset()  # e.g. locations with new placements suspended
    # Services outside adult social care (GP practices, dentists, hospitals): every search leaves them
    # out unless the person asks for them (this, a CQC ID or a service type).
    other_services: bool = False


def search_locations(criteria: SearchCriteria) -> QuerySet[models.Location]:
    locations = models.Location.objects.select_related("provider", "local_authority").prefetch_related(
        "service_types"
    )
    text = criteria.text.strip()
    # A CQC ID or a service type names what the person asks for, adult social care or not.
    asked_for = bool(criteria.service_type)
    if text:
        postcode = _postcode_parts(text)
        if models.Location.objects.filter(pk=text).exists() or text.startswith("1-"):
            locations = locations.filter(Q(pk=text) | Q(provider_id=text))
            asked_for = True
        elif postcode is not None:
            locations = locations.filter(_postcode_filter(*postcode))
        else:
            locations = locations.filter(Q(name_search__contains=text.lower()) | Q(town__iexact=text))
    if not (criteria.other_services or asked_for):
        locations = locations.filter(adult_social_care=True)
    if criteria.local_authority:
        locations = locations.filter(local_authority_id=criteria.local_authority)
    if criteria.icb:
        locations = locations.filter(icb_id=criteria.icb)
    if criteria.region:
        locations = locations.filter(region_id=criteria.region)
    if criteria.service_type:
        locations = locations.filter(service_types__name=criteria.service_type)
    if criteria.rating == "unrated":
        locations = locations.exclude(current_rating__in=RATED)
    elif criteria.rating:
        locations = locations.filter(current_rating=criteria.rating)
    if criteria.exclude_ids:
        locations = locations.exclude(pk__in=criteria.exclude_ids)
    if criteria.status == "active":
        locations = locations.filter(is_active=True)
    elif criteria.status == "registered":
        locations = locations.filter(registration_status="Registered")
    return locations.order_by("name", "id")


# An outward code (the district: OL1, OL16, SW1A) and the start of an inward code (1, 1A, 1AA).
_POSTCODE = re.compile(r"([A-Z]{1,2}\d[A-Z\d]?)\s*(\d(?:[A-Z]{1,2})?)?")
_INWARD_LENGTH = 3


def _postcode_parts(text: str) -> tuple[str, str] | None:
    """``text`` read as a postcode, a sector or a district: (outward, start of inward), or None."""
    match = _POSTCODE.fullmatch(text.strip().upper())
    return (match[1], match[2] or "") if match else None


def _postcode_filter(outward: str, inward: str) -> Q:
    """Postcodes in the whole district ``outward`` (OL1 is not the start of OL10) starting ``inward``."""
    if len(inward) == _INWARD_LENGTH:
        return Q(postcode_search=outward + inward)
    rest = (r"\d" if not inward else "") + "[A-Z]" * (_INWARD_LENGTH - max(len(inward), 1))
    return Q(
        postcode_search__startswith=outward + inward, postcode_search__regex=f"^{outward}{inward}{rest}$"
    )


def location_with_history(location_id: str) -> models.Location:
    """A location with everything its page shows, in a fixed number of queries."""
    return (
        models.Location.objects.select_related("provider", "local_authority", "icb", "region")
        .prefetch_related(
            "service_types",
            "specialisms",
            "regulated_activities",
            Prefetch("ratings", queryset=models.Rating.objects.order_by("-is_current", "-report_on", "-id")),
            Prefetch("assessments", queryset=models.Assessment.objects.order_by("-published_on", "-id")),
        )
        .get(pk=location_id)
    )


class FilterChoices(TypedDict):
    local_authorities: list[tuple[str, str]]
    icbs: list[tuple[str, str]]
    regions: list[tuple[str, str]]
    service_types: list[str]


def filter_choices() -> FilterChoices:
    return {
        "local_authorities": list(councils_existing().order_by("name", "code").values_list("code", "name")),
        "icbs": list(models.Icb.objects.order_by("name", "code").values_list("code", "name")),
        "regions": list(models.Region.objects.order_by("name", "code").values_list("code", "name")),
        "service_types": list(
            models.ServiceType.objects.annotate(n=Count("locations"))
            .filter(n__gt=0)
            .order_by("name", "id")
            .values_list("name", flat=True)
        ),
    }


def local_authority_known(code: str) -> bool:
    """Whether ``code`` is a council's, abolished ones included (the market figures as at a past date
    link to them)."""
    return models.LocalAuthority.objects.filter(pk=code).exists()


def provider(provider_id: str) -> models.Provider:
    """One provider by its CQC id (raises ``Provider.DoesNotExist``)."""
    return models.Provider.objects.get(pk=provider_id)


def provider_locations(provider: models.Provider) -> QuerySet[models.Location]:
    """A provider's locations as its page lists them: active first, by name."""
    return provider.locations.select_related("local_authority").order_by("-is_active", "name", "id")


def provider_location_ids(provider: models.Provider) -> list[str]:
    return list(provider.locations.order_by("id").values_list("id", flat=True))


def snapshots_latest_first() -> QuerySet[models.Snapshot]:
    """Every import, undone ones too, the latest first (``import-cqc --list``)."""
    return models.Snapshot.objects.order_by("-imported_at", "-id")
