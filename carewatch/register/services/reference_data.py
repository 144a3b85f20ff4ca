"""The register's reference tables (regions, ICBs, local authorities) and matching records to them."""

from __future__ import annotations

from carewatch.register import models
from carewatch.register.importers.records import LocationRecord
from carewatch.register.reference import geography


def ensure_reference_data() -> None:
    """Create or update regions, ICBs and local authorities from carewatch's reference table."""
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
        code: (name, icb, region)
        for code, name, icb, region in models.LocalAuthority.objects.values_list(
            "code", "name", "icb", "region"
        )
    }
    for la in geo.local_authorities:
        if existing_las.get(la.code) != (la.name, la.icb_code, la.region_code):
            models.LocalAuthority.objects.update_or_create(
                code=la.code, defaults={"name": la.name, "icb_id": la.icb_code, "region_id": la.region_code}
            )


class GeographyResolver:
    """Local authority names → reference rows; unknown names are reported once each."""

    def __init__(self) -> None:
        self.geo = geography()
        self.cache: dict[str, str | None] = {}
        self.problems: list[str] = []
        self.icb_codes = {icb.code for icb in self.geo.icbs}
        self.region_by_name = {region.name.lower(): region.code for region in self.geo.regions}

    def resolve(self, record: LocationRecord) -> str | None:
        name = (record.local_authority or "").strip()
        if not name:
            return None
        if name not in self.cache:
            found = self.geo.resolve_local_authority(name)
            self.cache[name] = found.code if found else None
            if found is None:
                self.problems.append(
                    f"{record.source_ref or record.location_id}, record {record.location_id}, field 'local authority':"
                    f" unknown local authority name {name!r} (not in carewatch's reference table; not guessed)"
                )
        return self.cache[name]
