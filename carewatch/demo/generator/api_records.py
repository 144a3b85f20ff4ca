"""The CQC API's records as JSON-ready dicts: location and provider details, ratings, assessments.

Shapes follow the real responses in ``shared/data/cqc-api-oldham`` (field names, "Y"/"N" flags,
key questions each with their own ``reportDate``, ``organisationId`` on inherited ratings, an
assessed location's ratings in ``assessment[]`` rather than ``currentRatings``).
"""

from __future__ import annotations

from datetime import date

from carewatch.demo.generator.api_ratings import (
    GP_AREAS,
    assessment_json,
    current_ratings,
    historic_ratings,
    report_uri,
)
from carewatch.demo.generator.details import ACTIVITY_CODES
from carewatch.demo.generator.entities import Location, Provider
from carewatch.demo.generator.timeline import rating_at
from carewatch.register import formats


class Context:
    """What every record needs from the register as a whole: names of areas, providers, dates."""

    def __init__(self, england) -> None:
        geo = england.geography
        self.england = england
        self.as_of: date = england.as_of
        self.la = {la.code: la for la in geo.local_authorities}
        self.icb_name = {icb.code: icb.name for icb in geo.icbs}
        self.region_name = {region.code: region.name for region in geo.regions}
        self.providers = {p.provider_id: p for p in england.providers}
        self.names = {loc.location_id: loc.name for loc in england.locations}
        self.ccg: dict[str, tuple[str, str]] = {}  # the old CCG each council's services sat in
        self.sub_icb: dict[str, tuple[str, str]] = {}  # the ICB's sub-location ("00Y")
        alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
        for index, code in enumerate(sorted(self.la)):
            la = self.la[code]
            self.ccg[code] = (f"E38{100_000 + index * 7:06d}", f"NHS {la.name.split(',')[0]} CCG")
            sub = f"{index // 34:01d}{alphabet[index % 34]}{alphabet[(index * 7) % 34]}"
            short = self.icb_name[la.icb_code].removesuffix(" Integrated Care Board")
            self.sub_icb[code] = (sub, f"{short} ICB - {sub}")


def _contact(person) -> list[dict]:
    if person is None:
        return []
    return [
        {
            "personFamilyName": person.family,
            "personGivenName": person.given,
            "personRoles": ["Registered Manager"],
            "personTitle": person.title,
        }
    ]


def location_json(location: Location, ctx: Context) -> dict:
    la = ctx.la[location.la_code]
    addr = location.postal_address
    provider = ctx.providers.get(location.provider_id)
    state = rating_at(location, ctx.as_of)
    registered = location.registered_at(ctx.as_of)
    dormant = registered and location.dormant_at(ctx.as_of)
    ccg_code, ccg_name = ctx.ccg[location.la_code]
    d: dict = {
        "careHome": "Y" if location.care_home else "N",
        "constituency": location.constituency,
        "dormancy": "Y" if dormant else "N",
        "gacServiceTypes": [
            {"description": formats.SERVICE_TYPE_DESCRIPTION[name], "name": name}
            for name in location.service_types
        ],
        "inspectionAreas": [
            {"inspectionAreaId": k, "inspectionAreaName": v, "status": "Active (Rated)"}
            for k, v in GP_AREAS.items()
        ]
        if location.kind == "gp"
        else [],
        "inspectionCategories": [
            {
                "code": location.inspection_category[0],
                "name": location.inspection_category[1],
                "primary": "true",
            }
        ],
        "inspectionDirectorate": location.directorate,
        "localAuthority": la.name,
        "locationId": location.location_id,
        "locationTypes": [{"type": "GP Practice"}] if location.kind == "gp" else [],
        "mainPhoneNumber": location.phone,
        "name": location.name,
        "numberOfBeds": location.beds,
        "onspdCcgCode": ccg_code,
        "onspdCcgName": ccg_name,
        "onspdIcbCode": location.icb_code,
        "onspdIcbName": ctx.icb_name[location.icb_code],
        "onspdLatitude": addr.lat,
        "onspdLongitude": addr.lon,
        "organisationType": "Location",
        "postalAddressLine1": addr.line1,
        "postalAddressTownCity": addr.town,
        "postalCode": addr.postcode,
        "providerId": location.provider_id,
        "region": ctx.region_name[location.region_code],
        "registrationDate": location.registered_on.isoformat(),
        "registrationStatus": "Registered" if registered else "Deregistered",
        "regulatedActivities": [
            {"code": ACTIVITY_CODES[name], "contacts": _contact(location.manager), "name": name}
            for name in location.activities
        ],
        "relationships": _relationships(location, ctx),
        "specialisms": [{"name": name} for name in location.specialisms],
        "type": location.location_type,
        "uprn": location.uprn,
    }
    optional = {
        "alsoKnownAs": location.also_known_as,
        "brandId": provider.brand_id if provider else "",
        "brandName": provider.brand_name if provider else "",
        "deregistrationDate": location.deregistered_on.isoformat() if location.deregistered_on else "",
        "dormancyStartDate": location.dormant_from.isoformat() if dormant and location.dormant_from else "",
        "odsCode": location.ods_code,
        "postalAddressCounty": addr.county,
        "postalAddressLine2": addr.line2,
        "registeredManagerAbsentDate": location.manager_absent_on.isoformat()
        if location.manager_absent_on
        else "",
        "website": location.website,
    }
    d.update((k, v) for k, v in optional.items() if v)
    own = location.own_reports()
    if own:
        d["reports"] = [
            {
                "firstVisitDate": r.visited.isoformat(),
                "linkId": r.link_id,
                "reportDate": r.published.isoformat(),
                "reportType": "Location",
                "reportUri": report_uri(r.link_id, r.published),
            }
            for r in reversed(own)
        ]
        d["lastInspection"] = {"date": own[-1].visited.isoformat()}
        d["lastReport"] = {"publicationDate": own[-1].published.isoformat()}
    current = current_ratings(location, state)
    if current is not None:
        d["currentRatings"] = current
    historic = historic_ratings(location, state)
    if historic:
        d["historicRatings"] = historic
    if location.assessment is not None and location.assessment.published <= ctx.as_of:
        d["assessment"] = assessment_json(location, location.assessment)
        d["assessmentServiceGroup"] = [
            {
                "assessmentServiceId": location.assessment.service_group_id,
                "assessmentServiceName": location.assessment.service_group,
                "status": "Active",
            }
        ]
    return d


def _relationships(location: Location, ctx: Context) -> list[dict]:
    out = []
    if location.predecessor_id:
        out.append(("HSCA Predecessor", location.predecessor_id))
    if location.successor_id:
        out.append(("HSCA Successor", location.successor_id))
    return [
        {
            "reason": location.relationship_reason,
            "relatedLocationId": other,
            "relatedLocationName": ctx.names.get(other, location.name),
            "type": kind,
        }
        for kind, other in out
    ]


def provider_json(provider: Provider, ctx: Context) -> dict:
    la = ctx.la[provider.la_code]
    addr = provider.postal_address
    registered = provider.deregistered_on is None or provider.deregistered_on > ctx.as_of
    d: dict = {"providerId": provider.provider_id, "locationIds": list(provider.location_ids)}
    d.update(
        organisationType="Provider",
        ownershipType=provider.ownership,
        type=provider.type,
        name=provider.name,
    )
    if provider.brand_id:
        d.update(brandId=provider.brand_id, brandName=provider.brand_name)
    d["registrationStatus"] = "Registered" if registered else "Deregistered"
    d["registrationDate"] = provider.registered.isoformat()
    if not registered and provider.deregistered_on is not None:
        d["deregistrationDate"] = provider.deregistered_on.isoformat()
    if provider.companies_house:
        d["companiesHouseNumber"] = provider.companies_house
    if provider.charity:
        d["charityNumber"] = provider.charity
    if provider.website:
        d["website"] = provider.website
    d["postalAddressLine1"] = addr.line1
    if addr.line2:
        d["postalAddressLine2"] = addr.line2
    d["postalAddressTownCity"] = addr.town
    if addr.county:
        d["postalAddressCounty"] = addr.county
    d.update(
        region=ctx.region_name[la.region_code],
        postalCode=addr.postcode,
        onspdLatitude=addr.lat,
        onspdLongitude=addr.lon,
        onspdIcbCode=la.icb_code,
        onspdIcbName=ctx.icb_name[la.icb_code],
        mainPhoneNumber=provider.phone,
        inspectionDirectorate="Primary medical services"
        if provider.tier == "primary"
        else "Adult social care",
        constituency=addr.town,
        localAuthority=la.name,
        contacts=[],
        relationships=[],
    )
    activities = provider_activities(provider, ctx)
    d["regulatedActivities"] = [
        {"name": name, "code": ACTIVITY_CODES[name]}
        | (
            {
                "nominatedIndividual": {
                    "personTitle": provider.nominated.title,
                    "personGivenName": provider.nominated.given,
                    "personFamilyName": provider.nominated.family,
                }
            }
            if provider.nominated
            else {}
        )
        for name in activities
    ]
    d["inspectionCategories"] = provider_categories(provider, ctx)
    d["inspectionAreas"] = []
    return d


def provider_activities(provider: Provider, ctx: Context) -> list[str]:
    seen: dict[str, None] = {}
    for location_id in provider.location_ids:
        location = ctx.england.location(location_id) if location_id in ctx.names else None
        for name in location.activities if location else ():
            seen.setdefault(name)
    return sorted(seen, key=lambda name: ACTIVITY_CODES[name])


def provider_categories(provider: Provider, ctx: Context) -> list[dict]:
    seen: dict[tuple[str, str], None] = {}
    for location_id in provider.location_ids:
        if location_id in ctx.names:
            seen.setdefault(ctx.england.location(location_id).inspection_category)
    out = []
    for index, (code, name) in enumerate(sorted(seen)):
        entry = {"code": code}
        if index == 0:
            entry["primary"] = "true"
        entry["name"] = name
        out.append(entry)
    return out
