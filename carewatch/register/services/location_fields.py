"""The model fields a location record sets: its flags, its geography and its current rating.

No database access: the import's writer calls :func:`location_fields` for each new or changed record,
with the row as stored (None for a new location).
"""

from __future__ import annotations

from typing import Any, TypeVar

from carewatch.register import models
from carewatch.register.formats import (
    ADULT_SOCIAL_CARE_SERVICE_TYPES,
    CARE_HOME_SERVICE_TYPES,
    HOME_CARE_SERVICE_TYPE,
)
from carewatch.register.importers.records import LocationRecord
from carewatch.register.reference import LocalAuthority
from carewatch.register.services.reference_data import GeographyResolver

_T = TypeVar("_T")


def location_fields(
    record: LocationRecord,
    current: models.Location | None,
    *,
    resolver: GeographyResolver,
    local_authorities: dict[str, LocalAuthority],
) -> dict[str, Any]:
    """The model fields ``record`` sets. A partial record leaves unknown (None) fields alone."""

    def pick(value: _T | None, attr: str, default: _T) -> _T:
        if value is None:
            if record.partial and current is not None:
                kept: _T = getattr(current, attr)
                return kept
            return default
        return value

    la_code = resolver.resolve(record)
    la = local_authorities.get(la_code) if la_code else None
    if la is None and current is not None and record.local_authority is None:
        la_code, icb_code, region_code = current.local_authority_id, current.icb_id, current.region_id
        icb_from_la = current.icb_from_local_authority
    else:
        icb_code = record.icb_code if record.icb_code in resolver.icb_codes else None
        icb_from_la = icb_code is None and la is not None
        if (
            icb_code is None
            and current is not None
            and current.local_authority_id == la_code
            and not current.icb_from_local_authority
        ):
            # The format has no ICB (bulk files): keep the location's own ICB from an earlier source.
            icb_code, icb_from_la = current.icb_id, False
        elif icb_code is None and la is not None:
            icb_code = la.icb_code
        region_code = (
            la.region_code if la is not None else resolver.region_by_name.get((record.region or "").lower())
        )
    status = pick(record.registration_status, "registration_status", "Registered")
    dormant = pick(record.dormant, "dormant", False)
    service_types = record.service_types
    if service_types is None and current is not None:
        nursing, home_care = current.nursing, current.home_care
    else:
        service_types = service_types or ()
        nursing = "Nursing homes" in service_types
        home_care = HOME_CARE_SERVICE_TYPE in service_types
    care_home = pick(record.care_home, "care_home", False)
    if (
        record.care_home is None
        and service_types
        and any(s in CARE_HOME_SERVICE_TYPES for s in service_types)
    ):
        care_home = True
    directorate = pick(record.inspection_directorate, "inspection_directorate", "")
    if directorate:
        adult_social_care = directorate == "Adult social care"
    elif service_types is not None:
        # No directorate anywhere (CQC_directory.csv): the service types say (docs/methodology.md).
        adult_social_care = any(s in ADULT_SOCIAL_CARE_SERVICE_TYPES for s in service_types)
    else:
        adult_social_care = current.adult_social_care if current is not None else False
    postcode = pick(record.postcode, "postcode", "")
    name = pick(record.name, "name", "")
    fields: dict[str, Any] = {
        "provider_id": pick(record.provider_id, "provider_id", None),
        "name": name,
        "name_search": name.lower(),
        "also_known_as": pick(record.also_known_as, "also_known_as", ""),
        "registration_status": status,
        "registered_on": pick(record.registered_on, "registered_on", None),
        "deregistered_on": pick(record.deregistered_on, "deregistered_on", None),
        "deregistration_inferred": False,
        "dormant": dormant,
        "dormant_from": pick(record.dormant_from, "dormant_from", None) if dormant else None,
        "is_active": status == "Registered" and not dormant,
        "care_home": care_home,
        "nursing": nursing,
        "home_care": home_care,
        "adult_social_care": adult_social_care,
        "beds": pick(record.beds, "beds", None),
        "location_type": pick(record.location_type, "location_type", ""),
        "inspection_directorate": directorate,
        "primary_inspection_category": pick(
            record.primary_inspection_category, "primary_inspection_category", ""
        ),
        "address_line_1": pick(record.address_line_1, "address_line_1", ""),
        "address_line_2": pick(record.address_line_2, "address_line_2", ""),
        "town": pick(record.town, "town", ""),
        "county": pick(record.county, "county", ""),
        "postcode": postcode,
        "postcode_search": postcode.replace(" ", "").upper(),
        "latitude": pick(record.latitude, "latitude", None),
        "longitude": pick(record.longitude, "longitude", None),
        "local_authority_name": pick(record.local_authority, "local_authority_name", ""),
        "local_authority_id": la_code,
        "icb_id": icb_code,
        "icb_from_local_authority": icb_from_la,
        "region_id": region_code,
        "phone": pick(record.phone, "phone", ""),
        "website": pick(record.website, "website", ""),
        "brand_id": pick(record.brand_id, "brand_id", ""),
        "brand_name": pick(record.brand_name, "brand_name", ""),
        "registered_manager": pick(record.registered_manager, "registered_manager", ""),
    }
    current_rating = next((r for r in record.ratings or () if r.is_current), None)
    if current_rating is not None:
        fields["current_rating"] = current_rating.overall or ""
        fields["current_rating_on"] = current_rating.report_on
        fields["current_rating_inherited"] = current_rating.inherited
    elif current is None:
        fields["current_rating"] = ""
        fields["current_rating_on"] = None
        fields["current_rating_inherited"] = False
    return fields
