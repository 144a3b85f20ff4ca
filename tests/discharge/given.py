"""Returns and referrals built through the services, for the discharge tests."""

from __future__ import annotations

from datetime import date, datetime

from carewatch.capacity import services as capacity_services
from carewatch.capacity.services import BedFigures, ReturnFigures
from carewatch.discharge import services
from carewatch.discharge.services import ReferralInput


def beds(bed_type: str = "general_nursing", capacity: int = 20, occupied: int = 18) -> BedFigures:
    return BedFigures(
        bed_type=bed_type, capacity=capacity, occupied=occupied, vacant_accepting=capacity - occupied
    )


def a_return(location, actor, now: datetime, *bed_rows: BedFigures):
    return capacity_services.submit_return(
        location=location, actor=actor, figures=ReturnFigures(beds=bed_rows), channel="web", now=now
    )


def details(reference: str = "RD-001", **changes) -> ReferralInput:
    data = {
        "reference": reference,
        "pathway": "3",
        "funding": "council",
        "search_from": "OL1 1AA",
        "ready_on": date(2026, 11, 18),
        "bed_type": "general_nursing",
        "nursing": True,
        **changes,
    }
    return ReferralInput(**data)


def a_referral(world, now: datetime, reference: str = "RD-001", coordinator=None, **changes):
    return services.create_referral(
        organisation=world.oldham,
        actor=coordinator or world.coordinator,
        details=details(reference, **changes),
        now=now,
    )
