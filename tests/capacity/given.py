"""Returns and contracts built through the services, for the capacity tests."""

from __future__ import annotations

from datetime import date, datetime

from carewatch.capacity import services
from carewatch.capacity.services import BedFigures, ContractInput, ReturnFigures


def beds(bed_type: str = "general_residential", capacity: int = 20, occupied: int = 18, **rest) -> BedFigures:
    vacant = capacity - occupied
    rest.setdefault("vacant_accepting", vacant - rest.get("vacant_not_accepting", 0))
    return BedFigures(bed_type=bed_type, capacity=capacity, occupied=occupied, **rest)


def a_return(location, actor, now: datetime, *bed_rows: BedFigures, **figures):
    return services.submit_return(
        location=location,
        actor=actor,
        figures=ReturnFigures(beds=bed_rows or (beds(),), **figures),
        channel="web",
        now=now,
    )


def a_contract(world, now: datetime, reference: str = "OMBC-001", **changes):
    data = {
        "reference": reference,
        "provider_id": world.acme.pk,
        "kind": "block",
        "starts_on": date(2026, 4, 1),
        "location_ids": (world.home.pk,),
        "service_types": ("Residential homes",),
        "people_funded": 12,
        **changes,
    }
    return services.record_contract(
        organisation=world.oldham, actor=world.commissioner, contract=ContractInput(**data), now=now
    )
