"""Demo contracts and a year of capacity returns for a council's area (docs/capacity.md, "Demo data").

    from carewatch.demo import capacity as capacity_demo
    capacity_demo.generate_demo_capacity(organisation=council, rng_seed=1, today=today, now=now)

Contracts: about a third of the providers with active services in the area, recorded by the council's
commissioner through the services (block, spot, framework and DPS, fees by bed type). Returns: for up to
``max_locations`` care homes and home-care agencies, one return in each month's window for the 12 months
to ``today`` plus some weekly updates, through ``capacity.services.submit_return``; a few services miss
months now and then, two stop three months ago (the missed-returns trigger), a few last reported 10 to
20 days ago (stale). The demo provider's own services report as its provider manager; the rest as
"demo data". Deterministic for a seed and dates. Each service's contract or returns are written in one
transaction with its own random numbers, and services already done are skipped, so a run stopped part
way is finished by the next.
"""

from __future__ import annotations

import csv
import functools
import io
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from carewatch.capacity import errors, services
from carewatch.capacity.compliance import Month
from carewatch.capacity.models import BedReturn, CapacityReturn, Contract
from carewatch.capacity.services import BedFigures, ContractInput, FeeInput, ReturnFigures
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.register import places
from carewatch.register.models import LocalAuthority, Location

LABEL = "demo data"
KINDS = ("block", "spot", "framework", "dps")


@dataclass(frozen=True)
class CapacitySummary:
    contracts: int = 0
    returns: int = 0
    services: int = 0


def _rng(seed: int, key: str) -> random.Random:
    return random.Random(f"{seed}:{key}")


def _moment(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(
        datetime.combine(day, time(hour=rng.randint(8, 17), minute=rng.randint(0, 59)))
    )


def _contracts(
    organisation: Organisation, locations: list[Location], seed: int, today: date, now: datetime
) -> int:
    commissioner = (
        User.objects.filter(organisation=organisation, is_active=True, role_grants__role=Role.COMMISSIONER)
        .order_by("id")
        .first()
    )
    if commissioner is None:
        return 0
    by_provider: dict[str, list[Location]] = {}
    for place in locations:
        by_provider.setdefault(str(place.provider_id), []).append(place)
    done = set(Contract.objects.filter(organisation=organisation).values_list("reference", flat=True))
    added = 0
    for index, provider_id in enumerate(sorted(by_provider)):
        rng = _rng(seed, f"contract:{provider_id}")
        if rng.random() > 0.35:
            continue
        reference = f"DEMO-{index + 1:04d}"
        if reference in done:
            continue
        places = by_provider[provider_id]
        kind = rng.choice(KINDS)
        starts_on = today - timedelta(days=rng.randint(60, 900))
        fees = []
        if any(p.care_home for p in places):
            fees = [
                FeeInput("general_residential", Decimal(rng.randint(700, 900))),
                FeeInput("dementia_residential", Decimal(rng.randint(850, 1050))),
            ]
            if any(p.nursing for p in places):
                fees.append(FeeInput("general_nursing", band=rng.choice(("Band A", "Band B", "Enhanced"))))
        service_types = sorted(
            {
                "Residential homes"
                if p.care_home and not p.nursing
                else "Nursing homes"
                if p.care_home
                else "Homecare agencies"
                for p in places
            }
        )
        try:
            services.record_contract(
                organisation=organisation,
                actor=commissioner,
                contract=ContractInput(
                    reference=reference,
                    provider_id=provider_id,
                    kind=kind,
                    starts_on=starts_on,
                    ends_on=starts_on + timedelta(days=365 * rng.randint(2, 5)) if kind != "spot" else None,
                    location_ids=tuple(p.pk for p in places) if kind != "framework" else (),
                    service_types=tuple(service_types),
                    people_funded=rng.randint(1, 25) if kind == "block" else None,
                    fees=tuple(fees),
                ),
                now=now,
            )
        except errors.CapacityError:
            continue
        added += 1
    return added


def _bed_types(place: Location) -> list[tuple[str, int]]:
    beds = place.beds or 30
    if place.nursing:
        split = [("general_nursing", beds // 2), ("dementia_nursing", beds - beds // 2 - 2), ("respite", 2)]
    else:
        split = [("general_residential", beds // 2), ("dementia_residential", beds - beds // 2)]
    return [(bed, count) for bed, count in split if count > 0]


def _figures(place: Location, rng: random.Random, occupancy: float) -> ReturnFigures:
    beds = []
    if place.care_home:
        for bed_type, capacity in _bed_types(place):
            occupied = min(capacity, max(0, round(capacity * min(1.0, occupancy + rng.uniform(-0.05, 0.05)))))
            vacant = capacity - occupied
            not_accepting = 1 if vacant > 1 and rng.random() < 0.15 else 0
            beds.append(
                BedFigures(
                    bed_type=bed_type,
                    capacity=capacity,
                    occupied=occupied,
                    vacant_accepting=vacant - not_accepting,
                    vacant_not_accepting=not_accepting,
                    not_accepting_reason="Room being redecorated" if not_accepting else "",
                )
            )
    home_care = place.home_care and not place.care_home
    staff = (place.beds or 20) if place.care_home else rng.randint(15, 60)
    return ReturnFigures(
        beds=tuple(beds),
        people_supported=rng.randint(20, 120) if home_care else None,
        hours_per_week=Decimal(rng.randint(300, 2000)) if home_care else None,
        accepting_packages=rng.random() < 0.6 if home_care else None,
        package_areas=_package_areas(place) if home_care else "",
        # Its own random numbers, so the figures above stay what they were before bariatric was asked.
        bariatric=random.Random(f"bariatric:{place.pk}").random() < 0.3,
        nurses_direct=rng.randint(4, 9) if place.nursing else 0,
        nurses_agency=rng.randint(0, 2) if place.nursing else 0,
        care_staff_direct=round(staff * rng.uniform(0.8, 1.2)),
        care_staff_agency=rng.randint(0, 5),
        other_staff_direct=rng.randint(3, 10),
        other_staff_agency=rng.randint(0, 1),
    )


@functools.lru_cache(maxsize=512)
def _council_name(code: str) -> str:
    return LocalAuthority.objects.filter(pk=code).values_list("name", flat=True).first() or ""


def _package_areas(place: Location) -> str:
    """Where an agency takes new packages: its own postcode district and its council (docs/capacity.md)."""
    postcode = places.parse_postcode(place.postcode or "")
    council = _council_name(place.local_authority_id) if place.local_authority_id else ""
    return ", ".join(part for part in (postcode.outward if postcode else "", council) if part)


def _one_service(
    place: Location, index: int, reporter: User | None, seed: int, today: date, now: datetime
) -> int:
    """A year of returns for one service: monthly in the window, some weekly updates, misses, stale ends."""
    rng = _rng(seed, f"returns:{place.pk}")
    months = [m for m in (Month.of(today - timedelta(days=30 * back)) for back in range(12, -1, -1))]
    months = list(dict.fromkeys(months))
    stops_early = index in (3, 7)  # three missed months in a row: the ladder trigger
    stale_end = index % 6 == 5  # the last return is 10 to 20 days old
    occupancy = rng.uniform(0.82, 0.97)
    days: list[date] = []
    for month in months:
        if stops_early and month.first > today - timedelta(days=100):
            continue
        if rng.random() < 0.08:
            continue  # a missed month
        day = date(month.year, month.month, rng.randint(8, 13))
        days.append(day)
        if rng.random() < 0.4:  # updated again later in the month
            days.append(day + timedelta(days=rng.randint(5, 14)))
    days = sorted(d for d in set(days) if d < today)
    if stale_end:
        days = [d for d in days if d <= today - timedelta(days=10)]
    elif days and not stops_early and (today - days[-1]).days > 7:
        days.append(today - timedelta(days=rng.randint(0, 5)))
    saved = 0
    for day in days:
        occupancy = min(1.0, max(0.6, occupancy + rng.uniform(-0.04, 0.04)))
        figures = _figures(place, rng, occupancy)
        services.submit_return(
            location=place,
            actor=reporter,
            figures=figures,
            channel="demo",
            now=_moment(day, rng),
            label=LABEL,
        )
        saved += 1
    return saved


def generate_demo_capacity(
    *, organisation: Organisation, rng_seed: int, today: date, now: datetime, max_locations: int = 40
) -> CapacitySummary:
    """Contracts and a year of returns for the council's area; skips what a previous run wrote."""
    locations = list(
        Location.objects.filter(
            local_authority_id=organisation.local_authority_id,
            is_active=True,
            adult_social_care=True,
            provider__isnull=False,
        )
        .filter(Q(care_home=True) | Q(home_care=True))
        .order_by("id")
    )
    contracts = _contracts(organisation, locations, rng_seed, today, now)
    demo_provider = Organisation.objects.filter(
        kind=OrganisationKind.PROVIDER, provider_id__in={p.provider_id for p in locations}
    ).first()
    managers = {}
    if demo_provider is not None:
        managers[demo_provider.provider_id] = (
            User.objects.filter(organisation=demo_provider, role_grants__role=Role.PROVIDER_MANAGER)
            .order_by("id")
            .first()
        )
    # The demo provider's services first, so its manager has history to read.
    locations.sort(key=lambda place: (place.provider_id not in managers, place.pk))
    chosen = locations[:max_locations]
    reported = set(
        CapacityReturn.objects.filter(location__in=[p.pk for p in chosen]).values_list(
            "location_id", flat=True
        )
    )
    returns = done = 0
    for index, place in enumerate(chosen):
        if place.pk in reported:
            continue
        with transaction.atomic():
            returns += _one_service(place, index, managers.get(place.provider_id), rng_seed, today, now)
        done += 1
    return CapacitySummary(contracts=contracts, returns=returns, services=done)


# --- England-scale returns, in bulk (bench/bench_vacancies.py) -------------------------------------


def bulk_current_returns(
    locations: list[Location], *, seed: int, now: datetime, stale_share: float = 0.15, batch: int = 2000
) -> int:
    """One current return for each of ``locations`` (care homes and home-care agencies), written with
    ``bulk_create`` and the figures the demo uses: most saved in the last 7 days, ``stale_share`` of them
    8 to 20 days ago. For the benchmarks' "every care home reporting"; not audited (no one filed them)."""
    written = 0
    for start in range(0, len(locations), batch):
        chunk = locations[start : start + batch]
        rows, figures = [], []
        for place in chunk:
            rng = _rng(seed, f"bulk:{place.pk}")
            age = rng.uniform(8, 20) if rng.random() < stale_share else rng.uniform(0, 6.9)
            these = _figures(place, rng, rng.uniform(0.82, 0.97))
            values = {f: getattr(these, f) for f in ReturnFigures.__dataclass_fields__ if f != "beds"}
            rows.append(
                CapacityReturn(
                    location=place,
                    reported_at=now - timedelta(days=age),
                    reported_by_label=LABEL,
                    channel="demo",
                    **values,
                )
            )
            figures.append(these)
        with transaction.atomic():
            saved = CapacityReturn.objects.bulk_create(rows)
            BedReturn.objects.bulk_create(
                BedReturn(capacity_return_id=row.pk, **bed.__dict__)
                for row, these in zip(saved, figures, strict=True)
                for bed in these.beds
            )
        written += len(saved)
    return written


def returns_csv(locations: list[Location], *, seed: int, month: Month) -> str:
    """A month's return for each of ``locations`` as the CSV file providers upload (docs/capacity.md,
    "Return files"): one line per bed type (a single line for home care), the service's own figures on
    its first line."""
    from carewatch.capacity.services.returns import RETURN_COLUMNS

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=RETURN_COLUMNS, lineterminator="\n", restval="")
    writer.writeheader()
    for place in locations:
        rng = _rng(seed, f"csv:{place.pk}:{month.first:%Y-%m}")
        these = _figures(place, rng, rng.uniform(0.82, 0.97))
        own = {
            name: _cell(getattr(these, name))
            for name in ("people_supported", "hours_per_week", "accepting_packages", *services.STAFF_FIELDS)
        }
        own["package_areas"] = these.package_areas
        lines: list[dict[str, object]] = [
            {
                "bed_type": bed.bed_type,
                "max_capacity": bed.capacity,
                "occupied": bed.occupied,
                "vacant_accepting": bed.vacant_accepting,
                "vacant_not_accepting": bed.vacant_not_accepting,
                "not_accepting_reason": bed.not_accepting_reason,
                "closed": "yes" if bed.closed else "",
            }
            for bed in these.beds
        ] or [{}]
        for index, line in enumerate(lines):
            writer.writerow({"location_id": place.pk, **line, **(own if index == 0 else {})})
    return out.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
