"""The register's reference tables (regions, ICBs, local authorities) and matching records to them."""

from __future__ import annotations

from datetime import date

from carewatch.register import models
from carewatch.register.importers.records import LocationRecord
from carewatch.register.reference import Geography, geography


def ensure_reference_data() -> None:
    """Create or update regions, ICBs and local authorities (abolished ones too) from carewatch's reference table."""
    geo = geography()
    existing_regions = dict(models.Region.objects.values_list("code", "name"))
    for region in geo.regions:
        if existing_regions.get(region.code) != region.name:
            models.Region.objects.update_or_create(code=region.code, defaults={"name": region.name})
    existing_icbs = {
        code: (name, region)
        for code, name, region in models.Icb.objects.values_list("code", "name", "region")
    }
    for icb in geo.icbs:
        if existing_icbs.get(icb.code) != (icb.name, icb.region_code):
            models.Icb.objects.update_or_create(
                code=icb.code, defaults={"name": icb.name, "region_id": icb.region_code}
            )
    existing_las = {
        code: (name, icb, region, created_on, abolished_on)
        for code, name, icb, region, created_on, abolished_on in models.LocalAuthority.objects.values_list(
            "code", "name", "icb", "region", "created_on", "abolished_on"
        )
    }
    for la in geo.all_local_authorities:
        wanted = (la.name, la.icb_code, la.region_code, la.created_on, la.abolished_on)
        if existing_las.get(la.code) != wanted:
            models.LocalAuthority.objects.update_or_create(
                code=la.code,
                defaults={
                    "name": la.name,
                    "icb_id": la.icb_code,
                    "region_id": la.region_code,
                    "created_on": la.created_on,
                    "abolished_on": la.abolished_on,
                },
            )
    through = models.LocalAuthority.successors.through
    links = set(through.objects.values_list("from_localauthority_id", "to_localauthority_id"))
    wanted_links = {(la.code, code) for la in geo.former_local_authorities for code in la.successor_codes}
    for from_code, to_code in links - wanted_links:  # only if the table itself is corrected
        through.objects.filter(from_localauthority_id=from_code, to_localauthority_id=to_code).delete()
    through.objects.bulk_create(
        [through(from_localauthority_id=a, to_localauthority_id=b) for a, b in sorted(wanted_links - links)]
    )


class _RegionNames:
    """Region names and CQC's other spellings of them ("East", "Yorkshire & Humberside") → E12 codes."""

    def __init__(self, geo: Geography) -> None:
        self.geo = geo

    def get(self, name: str | None) -> str | None:
        region = self.geo.resolve_region(name or "")
        return region.code if region else None


class GeographyResolver:
    """Local authority and region names → reference rows, as at ``on`` (a snapshot's date; None: now).

    Unknown names are reported once each, with the reason (abolished and split, not yet created,
    not in the table); nothing is guessed.
    """

    def __init__(self, on: date | None = None) -> None:
        self.on = on
        self.geo = geography()
        self.cache: dict[str, str | None] = {}
        self.problems: list[str] = []
        self.icb_codes = {icb.code for icb in self.geo.icbs}
        self.region_by_name = _RegionNames(self.geo)

    def resolve(self, record: LocationRecord) -> str | None:
        name = (record.local_authority or "").strip()
        if not name:
            return None
        if name not in self.cache:
            found = self.geo.resolve_local_authority(name, on=self.on)
            self.cache[name] = found.code if found else None
            if found is None:
                self.problems.append(
                    f"{record.source_ref or record.location_id}, record {record.location_id}, field 'local authority':"
                    f" unknown local authority name {name!r} ({self.geo.unresolved_reason(name, on=self.on)})"
                )
        return self.cache[name]

    def resolve_region(self, name: str | None) -> str | None:
        """The E12 code of a region name or alias, or None."""
        return self.region_by_name.get(name)
