"""The places and moments every domain's tests start from: Oldham and its neighbours, the shared
snapshot, a moment in carewatch's time zone. ``tests/cases/factories.py`` and
``tests/monitoring/factories.py`` build their people and services on these."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from carewatch.core.models import Organisation
from carewatch.core.roles import OrganisationKind
from carewatch.register import models as register

LONDON = ZoneInfo("Europe/London")

AREAS = {
    "E08000004": "Oldham",
    "E08000005": "Rochdale",
    "E08000003": "Manchester",
}


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in carewatch's time zone (the "now" a view would pass in)."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def local_authority(code: str = "E08000004") -> register.LocalAuthority:
    region, _ = register.Region.objects.get_or_create(code="E12000002", defaults={"name": "North West"})
    icb, _ = register.Icb.objects.get_or_create(
        code="E54000057", defaults={"name": "NHS Greater Manchester Integrated Care Board", "region": region}
    )
    la, _ = register.LocalAuthority.objects.get_or_create(
        code=code, defaults={"name": AREAS[code], "icb": icb, "region": region}
    )
    return la


def council(code: str = "E08000004") -> Organisation:
    la = local_authority(code)
    return Organisation.objects.create(
        kind=OrganisationKind.COUNCIL, name=f"{la.name} Council", local_authority=la
    )


def snapshot(source_name: str = "tests") -> register.Snapshot:
    """The one snapshot test rows are first seen in."""
    existing = register.Snapshot.objects.order_by("id").first()
    if existing:
        return existing
    return register.Snapshot.objects.create(
        source_kind="test",
        source_name=source_name,
        as_of=date(2026, 1, 1),
        scope_key="test",
        content_digest="x",
        imported_at=at(2026, 1, 1),
    )
