"""Reading contracts and capacity returns, scoped to who asks (docs/capacity.md, "Who sees what").

- A council's people read their own council's contracts (a system administrator every council's).
- Capacity returns are read by area: a council's people those of locations in its local authority, an
  ICB's people those in its ICB; a provider's people those of their own locations.
- :func:`vacancy_locations` is the one vacancy query: the discharge search (a later issue) narrows it
  with ``location_ids`` (candidates near a place) and ``exclude_ids`` (suspended placements, which
  this app cannot know: cases sits above it and passes them in).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Exists, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from carewatch.capacity.models import BedReturn, CapacityReturn, Contract
from carewatch.capacity.vocabulary import BedType
from carewatch.core import access
from carewatch.core.access import AnyUser
from carewatch.core.roles import OrganisationKind
from carewatch.register.models import Location

# --- contracts ------------------------------------------------------------------------------------


def contract_scope(user: AnyUser | None) -> access.OwnerScope:
    """Whose contracts ``user`` reads: their own council's (not partners': contracts are commercial);
    every council's for a system administrator."""
    person = access.signed_in_user(user)
    if person is None:
        return access.NOBODY
    if person.is_superuser:
        return access.NATIONAL
    organisation = person.organisation
    if organisation is None or organisation.kind != OrganisationKind.COUNCIL:
        return access.NOBODY
    return access.OwnerScope.of([organisation.pk])


def contracts_for(user: AnyUser | None) -> QuerySet[Contract]:
    return (
        contract_scope(user)
        .filter(Contract.objects.select_related("provider", "organisation"))
        .order_by("-starts_on", "reference", "id")
    )


def contracts_in(scope: access.OwnerScope) -> QuerySet[Contract]:
    return scope.filter(Contract.objects.all())


def contract_detail(contract: Contract) -> tuple[list[Location], list[str], list[tuple[str, str]]]:
    """The contract's locations, service types and fees (bed type label, fee or band)."""
    locations = list(contract.locations.order_by("name", "id"))
    service_types = list(contract.service_types.order_by("name").values_list("name", flat=True))
    fees = [
        (
            BedType(fee.bed_type).label,
            f"£{fee.weekly_fee:,.2f} a week" if fee.weekly_fee is not None else fee.band,
        )
        for fee in contract.fees.order_by("bed_type")
    ]
    return locations, service_types, fees


def in_force(on: date) -> Q:
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def contracted_location_ids(*, scope: access.OwnerScope, on: date) -> set[str]:
    """Locations under a contract in force on ``on`` held by a council in ``scope`` (the location's own
    contract, or a contract with its provider that names no locations: the whole provider)."""
    contracts = contracts_in(scope).filter(in_force(on))
    named = set(contracts.values_list("locations__id", flat=True)) - {None}
    whole = contracts.filter(locations__isnull=True).values_list("provider_id", flat=True)
    named |= set(Location.objects.filter(provider_id__in=whole).values_list("id", flat=True))
    return {str(i) for i in named}


# --- where returns may be read ------------------------------------------------------------------


def area_filter(user: AnyUser | None, *, location_field: str = "") -> Q:
    """The locations whose returns ``user`` reads: their council's or ICB's area, everything for a system
    administrator, their own for a provider's people, nothing for anyone else."""
    prefix = f"{location_field}__" if location_field else ""
    person = access.signed_in_user(user)
    if person is None:
        return Q(pk__in=[])
    if person.is_superuser:
        return Q()
    organisation = person.organisation
    if organisation is None:
        return Q(pk__in=[])
    if organisation.kind == OrganisationKind.COUNCIL:
        return Q(**{f"{prefix}local_authority_id": organisation.local_authority_id})
    if organisation.kind == OrganisationKind.ICB:
        return Q(**{f"{prefix}icb_id": organisation.icb_id})
    if organisation.kind == OrganisationKind.PROVIDER:
        return Q(**{f"{prefix}provider_id": organisation.provider_id})
    return Q(pk__in=[])


def reporting_locations() -> QuerySet[Location]:
    """Locations that file returns: active adult social care care homes and home-care agencies."""
    return Location.objects.filter(is_active=True, adult_social_care=True).filter(
        Q(care_home=True) | Q(home_care=True)
    )


def provider_locations(user: AnyUser | None) -> QuerySet[Location]:
    """The active services of the person's own provider (nothing for anyone else)."""
    return (
        reporting_locations()
        .filter(_own_provider(user))
        .annotate(last_reported_at=Subquery(_latest(None).values("reported_at")[:1]))
        .order_by("name", "id")
    )


def _own_provider(user: AnyUser | None) -> Q:
    person = access.signed_in_user(user)
    organisation = person.organisation if person is not None else None
    if organisation is None or organisation.kind != OrganisationKind.PROVIDER:
        return Q(pk__in=[])
    return Q(provider_id=organisation.provider_id)


def returns_for(user: AnyUser | None) -> QuerySet[CapacityReturn]:
    return CapacityReturn.objects.filter(area_filter(user, location_field="location"))


def history(location: Location, *, limit: int = 52) -> list[CapacityReturn]:
    """The location's returns, newest first, with their bed rows."""
    return list(
        CapacityReturn.objects.filter(location=location)
        .prefetch_related("beds")
        .order_by("-reported_at", "-id")[:limit]
    )


def latest_return(location: Location, *, as_of: datetime | None = None) -> CapacityReturn | None:
    returns = CapacityReturn.objects.filter(location=location)
    if as_of is not None:
        returns = returns.filter(reported_at__lte=as_of)
    return returns.prefetch_related("beds").order_by("-reported_at", "-id").first()


def return_dates(location_ids: list[str], *, since: date) -> dict[str, list[date]]:
    """The local dates each location saved a return on, from ``since``."""
    dates: dict[str, list[date]] = defaultdict(list)
    rows = CapacityReturn.objects.filter(location_id__in=location_ids, reported_at__date__gte=since)
    for location_id, reported_at in rows.values_list("location_id", "reported_at"):
        dates[location_id].append(timezone.localdate(reported_at))
    return dict(dates)


def first_return_dates(location_ids: list[str]) -> dict[str, date]:
    """The local date of each location's first return (one aggregate query; none: not in the result)."""
    rows = (
        CapacityReturn.objects.filter(location_id__in=location_ids)
        .values("location_id")
        .annotate(first=Min("reported_at"))
        .values_list("location_id", "first")
    )
    return {location_id: timezone.localdate(first) for location_id, first in rows}


def stale_days() -> int:
    return int(settings.CAREWATCH_STALE_RETURN_DAYS)


def is_stale(reported_at: datetime | None, *, now: datetime, days: int | None = None) -> bool:
    """Older than ``CAREWATCH_STALE_RETURN_DAYS`` (7) days, or never reported."""
    return reported_at is None or now - reported_at > timedelta(days=stale_days() if days is None else days)


# --- vacancies ------------------------------------------------------------------------------------


def _latest(as_of: datetime | None) -> QuerySet[CapacityReturn]:
    returns = CapacityReturn.objects.filter(location=OuterRef("pk"))
    if as_of is not None:
        returns = returns.filter(reported_at__lte=as_of)
    return returns.order_by("-reported_at", "-id")


@dataclass(frozen=True)
class VacancyCriteria:
    """What a vacancy search asks for. The area comes from :func:`area_filter` (who asks)."""

    area: Q = field(default_factory=lambda: Q(pk__in=[]))
    bed_types: frozenset[str] = frozenset()  # any of these (none: every bed type)
    accepting_only: bool = False  # only locations with a vacancy accepting admissions in those bed types
    fresh_only: bool = False  # leave out stale returns
    location_ids: frozenset[str] | None = None  # candidates chosen elsewhere (near a place, say)
    exclude_ids: frozenset[str] = frozenset()  # suspended placements, passed in by the caller
    local_authority: str = ""  # narrow a wide area to one council (ONS code)
    include_unreported: bool = True  # care homes with no return show as "no return"
    as_of: datetime | None = None  # the returns as they stood then (None: the newest)
    bariatric: bool = False  # only locations whose latest return says they can take bariatric care


def vacancy_locations(criteria: VacancyCriteria, *, now: datetime) -> QuerySet[Location]:
    """Care homes matching ``criteria``, annotated with ``latest_return_id`` and ``latest_reported_at``
    (None: never reported), by name. Pages and the API page through this; :func:`vacancy_rows` adds beds."""
    latest = _latest(criteria.as_of)
    locations = (
        reporting_locations()
        .filter(care_home=True)
        .filter(criteria.area)
        .exclude(pk__in=sorted(criteria.exclude_ids))
        .annotate(
            latest_return_id=Subquery(latest.values("id")[:1]),
            latest_reported_at=Subquery(latest.values("reported_at")[:1]),
        )
        .select_related("provider", "local_authority")
    )
    if criteria.location_ids is not None:
        locations = locations.filter(pk__in=sorted(criteria.location_ids))
    if criteria.local_authority:
        locations = locations.filter(local_authority_id=criteria.local_authority)
    if (
        not criteria.include_unreported
        or criteria.accepting_only
        or criteria.bed_types
        or criteria.fresh_only
        or criteria.bariatric
    ):
        locations = locations.filter(latest_return_id__isnull=False)
    if criteria.bariatric:
        locations = locations.annotate(latest_bariatric=Subquery(latest.values("bariatric")[:1])).filter(
            latest_bariatric=True
        )
    if criteria.fresh_only:
        locations = locations.filter(
            latest_reported_at__gte=(criteria.as_of or now) - timedelta(days=stale_days())
        )
    beds = BedReturn.objects.filter(capacity_return_id=OuterRef("latest_return_id"))
    if criteria.bed_types:
        beds = beds.filter(bed_type__in=sorted(criteria.bed_types))
        locations = locations.filter(Exists(beds))
    if criteria.accepting_only:
        locations = locations.filter(Exists(beds.filter(vacant_accepting__gt=0)))
    return locations.order_by("name", "id")


def package_locations(*, area: Q, now: datetime, bariatric: bool = False) -> QuerySet[Location]:
    """Home-care agencies in ``area`` whose latest return is not stale and says they can take new
    packages of care, annotated with ``latest_return_id``, ``latest_reported_at`` and
    ``latest_package_areas`` (which places they cover is ``package_areas.covers``), by name; with
    ``bariatric``, only those whose latest return says they can take someone needing bariatric care."""
    latest = _latest(None)
    locations = (
        reporting_locations()
        .filter(home_care=True)
        .filter(area)
        .annotate(
            latest_return_id=Subquery(latest.values("id")[:1]),
            latest_reported_at=Subquery(latest.values("reported_at")[:1]),
            latest_accepting_packages=Subquery(latest.values("accepting_packages")[:1]),
            latest_package_areas=Subquery(latest.values("package_areas")[:1]),
        )
        .filter(
            latest_accepting_packages=True,
            latest_reported_at__gte=now - timedelta(days=stale_days()),
        )
        .select_related("provider", "local_authority")
        .order_by("name", "id")
    )
    if bariatric:
        locations = locations.annotate(latest_bariatric=Subquery(latest.values("bariatric")[:1])).filter(
            latest_bariatric=True
        )
    return locations


@dataclass(frozen=True)
class VacancyRow:
    location: Location
    reported_at: datetime | None
    stale: bool
    beds: list[BedReturn]
    nil: bool = False

    @property
    def capacity(self) -> int:
        return sum(bed.capacity for bed in self.beds)

    @property
    def occupied(self) -> int:
        return sum(bed.occupied for bed in self.beds)

    @property
    def vacant_accepting(self) -> int:
        return sum(bed.vacant_accepting for bed in self.beds)

    @property
    def vacant_not_accepting(self) -> int:
        return sum(bed.vacant_not_accepting for bed in self.beds)

    @property
    def occupancy(self) -> float | None:
        return self.occupied / self.capacity if self.capacity else None


def vacancy_rows(locations: list[Location], criteria: VacancyCriteria, *, now: datetime) -> list[VacancyRow]:
    """The beds of each location's latest return (only the asked-for bed types), stale marked."""
    ids = [loc.latest_return_id for loc in locations if getattr(loc, "latest_return_id", None)]  # type: ignore[attr-defined]
    beds: dict[int, list[BedReturn]] = defaultdict(list)
    rows = BedReturn.objects.filter(capacity_return_id__in=ids).order_by(
        "capacity_return_id", "bed_type", "id"
    )
    if criteria.bed_types:
        rows = rows.filter(bed_type__in=sorted(criteria.bed_types))
    for bed in rows:
        beds[bed.capacity_return_id].append(bed)
    nil = set(CapacityReturn.objects.filter(pk__in=ids, nil=True).values_list("id", flat=True))
    result = []
    for loc in locations:
        return_id = getattr(loc, "latest_return_id", None)
        reported_at = getattr(loc, "latest_reported_at", None)
        result.append(
            VacancyRow(
                location=loc,
                reported_at=reported_at,
                stale=is_stale(reported_at, now=criteria.as_of or now),
                beds=beds.get(return_id, []) if return_id else [],
                nil=return_id in nil,
            )
        )
    return result


def with_vacancies(location_ids: Iterable[str], *, now: datetime) -> set[str]:
    """Of these services, the care homes whose latest return, not out of date, has a free bed they accept
    admissions to: the public finder's "Has vacancies" filter and badge (any area, any bed type).
    ``location_ids`` may be a query of ids: a subquery, then."""
    candidates = isinstance(location_ids, QuerySet)
    criteria = VacancyCriteria(
        area=Q(pk__in=location_ids) if candidates else Q(),
        location_ids=None if candidates else frozenset(location_ids),
        accepting_only=True,
        fresh_only=True,
        include_unreported=False,
    )
    return set(vacancy_locations(criteria, now=now).values_list("pk", flat=True))
