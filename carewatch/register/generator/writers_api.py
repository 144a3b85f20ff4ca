"""The CQC public API's JSON, as a dump directory laid out like ``shared/data/cqc-api-oldham``.

``locations.json`` and ``providers.json`` are the list envelopes; ``location_details/`` and
``provider_details/`` hold one detail response per id; ``snapshot.json`` says when and how the
dump was made. Location files are written with sorted keys and four-space indents, as the real
ones are; provider files keep the API's field order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from carewatch.register import formats
from carewatch.register.generator import ratings as R
from carewatch.register.generator.details import ACTIVITY_CODES
from carewatch.register.generator.entities import Location, Provider
from carewatch.register.generator.timeline import RatingState, rating_at

GP_AREAS = {
    "conditions": "People with long term conditions",
    "mothers": "Families, children and young people",
    "old": "Older people",
    "population": "Working age people (including those recently retired and students)",
    "problems": "People experiencing poor mental health (including people with dementia)",
    "vulnerable": "People whose circumstances may make them vulnerable",
}
_NARRATIVE = {
    R.OUTSTANDING: "The service is performing exceptionally well.",
    R.GOOD: "The service is performing well and meeting our expectations.",
    R.RI: "The service is not always performing as well as expected.",
    R.INADEQUATE: "The service is performing badly and we have taken enforcement action.",
}


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


def report_uri(link_id: str, published: date) -> str:
    """The API's ``/reports/{id}?YYYYMMDDhhmmss``: a stamp a few days after publication."""
    h = int(link_id[:8], 16)
    day = published.toordinal() + h % 5
    stamp = date.fromordinal(day)
    return f"/reports/{link_id}?{stamp:%Y%m%d}{6 + h % 14:02d}{h % 60:02d}{(h >> 8) % 60:02d}"


def _kq_list(state: RatingState, location_id: str) -> list[dict]:
    out = []
    for name in R.API_KQ_ORDER:
        kq = state.key_questions.get(name)
        if kq is None:
            continue
        entry = {
            "name": name,
            "rating": kq.rating,
            "reportDate": kq.published.isoformat(),
            "reportLinkId": kq.link_id,
        }
        if kq.organisation_id != location_id:
            entry["organisationId"] = kq.organisation_id
        out.append(entry)
    return out


def current_ratings(location: Location, state: RatingState | None) -> dict | None:
    if state is None:
        if not location.shows_no_published_rating:
            return None
        return {
            "overall": {
                "keyQuestionRatings": [{"name": k, "rating": R.NO_PUBLISHED_RATING} for k in R.API_KQ_ORDER],
                "rating": R.NO_PUBLISHED_RATING,
            }
        }
    if state.assessed:
        return None  # as in the real data: an assessed location's ratings are in assessment[]
    day = state.published.isoformat()
    overall = {"rating": state.overall, "reportDate": day, "reportLinkId": state.link_id}
    kqs = _kq_list(state, location.location_id)
    if kqs and state.overall in R.RATED:
        overall["keyQuestionRatings"] = kqs
    result = {"overall": overall, "reportDate": day}
    if state.services:
        result["serviceRatings"] = [
            {
                "keyQuestionRatings": [
                    {"name": k, "rating": s.kqs[k], "reportDate": day, "reportLinkId": state.link_id}
                    for k in R.API_KQ_ORDER
                ],
                "name": s.name,
                "rating": s.rating,
                "reportDate": day,
                "reportLinkId": state.link_id,
            }
            for s in state.services
        ]
    elif state.population:
        result["serviceRatings"] = [
            {"name": group, "rating": rating, "reportDate": day, "reportLinkId": state.link_id}
            for group, rating in state.population.items()
        ]
    return result


def historic_ratings(location: Location, state: RatingState | None) -> list[dict]:
    out = []
    for report in reversed(location.reports):
        if state is not None and not state.assessed and report.link_id == state.link_id:
            continue  # the current report is in currentRatings
        overall: dict = {"rating": report.overall}
        if report.kqs:
            overall["keyQuestionRatings"] = [
                {"name": k, "rating": report.kqs[k]} for k in R.API_KQ_ORDER if k in report.kqs
            ]
        entry: dict = {
            "overall": overall,
            "reportDate": report.published.isoformat(),
            "reportLinkId": report.link_id,
        }
        if report.organisation_id != location.location_id:
            entry["organisationId"] = report.organisation_id
        if report.services:
            entry["serviceRatings"] = [
                {
                    "keyQuestionRatings": [{"name": k, "rating": s.kqs[k]} for k in R.API_KQ_ORDER],
                    "name": s.name,
                    "rating": s.rating,
                }
                for s in report.services
            ]
        elif report.population:
            entry["serviceRatings"] = [{"name": g, "rating": r} for g, r in report.population.items()]
        out.append(entry)
    return out


def assessment_json(location: Location) -> list[dict]:
    a = location.assessment
    kq_blocks = []
    for kq in sorted(R.KEY_QUESTIONS):
        rows = sorted(a.statements[kq], key=lambda row: row[1])
        topics = []
        for sid, name, score, assessed in rows:
            categories = [c for c in (1, 2, 3, 4, 5, 6) if (sid * 5 + c * 3) % 4 != 0][: 2 + sid % 3]
            topics.append(
                {
                    "evidenceCategory": [
                        {"commentary": "", "commentaryDate": "", "evidenceCategoryId": str(c)}
                        for c in categories
                    ],
                    "name": name,
                    "qualityStatementId": str(sid),
                    "qualityStatementscore": R.SCORE_LABELS[score],
                    "status": "Assessed" if assessed else "Not Assessed",
                }
            )
        kq_blocks.append(
            {
                "commentary": "",
                "commentaryDate": "",
                "name": kq,
                "narrative": f"This service is {kq.lower()}",
                "percentageScore": str(a.kq_percent[kq]),
                "rating": a.kq_ratings[kq],
                "status": "Assessed" if any(row[3] for row in rows) else "Not Assessed",
                "topicareas": topics,
            }
        )
    commentary_date = a.published.isoformat()
    return [
        {
            "assessmentPlanPublishedDateTime": f"{a.published.isoformat()} {a.published_time}",
            "ratings": {
                "asgRatings": [
                    {
                        "assessmentDate": a.assessed.isoformat(),
                        "assessmentPlanId": a.plan_id,
                        "assessmentPlanStatus": "Active",
                        "commentary": "",
                        "commentaryDate": commentary_date,
                        "keyQuestionRatings": kq_blocks,
                        "name": a.service_group,
                        "narrative": _NARRATIVE[a.overall],
                        "overallPeopleExperience": "",
                        "overallPeopleExperienceDate": commentary_date,
                        "rating": a.overall,
                        "status": "Current",
                        "title": f"Ongoing Assessment for {location.name}",
                    }
                ]
            },
        }
    ]


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
    addr = location.address
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
        "dormancyStartDate": location.dormant_from.isoformat() if dormant else "",
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
        d["assessment"] = assessment_json(location)
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
    addr = provider.address
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
    d["registrationDate"] = provider.registered_on.isoformat()
    if not registered:
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


def envelope(kind: str, items: list[dict], query: str) -> dict:
    per_page = max(1000, len(items))
    suffix = f"&{query}" if query else ""
    uri = f"/{kind}?page=1&perPage={per_page}{suffix}"
    return {
        "total": len(items),
        "firstPageUri": uri,
        "page": 1,
        "previousPageUri": None,
        "lastPageUri": uri,
        "nextPageUri": None,
        "perPage": per_page,
        "totalPages": 1,
        kind: items,
        "uri": f"/{kind}",
    }


def write_locations(out: Path, locations: Iterable[Location], ctx: Context) -> tuple[int, int]:
    """One ``location_<id>.json`` per location; returns (files, bytes)."""
    folder = out / "location_details"
    folder.mkdir(parents=True, exist_ok=True)
    count = size = 0
    for location in locations:
        data = (json.dumps(location_json(location, ctx), indent=4, sort_keys=True) + "\n").encode()
        (folder / f"location_{location.location_id}.json").write_bytes(data)
        count += 1
        size += len(data)
    return count, size


def write_providers(out: Path, providers: Iterable[Provider], ctx: Context) -> tuple[int, int]:
    """One ``provider_<id>.json`` per provider; returns (files, bytes)."""
    folder = out / "provider_details"
    folder.mkdir(parents=True, exist_ok=True)
    count = size = 0
    for provider in providers:
        data = (json.dumps(provider_json(provider, ctx), indent=4) + "\n").encode()
        (folder / f"provider_{provider.provider_id}.json").write_bytes(data)
        count += 1
        size += len(data)
    return count, size


def write_envelopes(out: Path, england, source: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    locations = [
        {"locationId": loc.location_id, "locationName": loc.name, "postalCode": loc.address.postcode}
        for loc in england.locations
    ]
    providers = [{"providerId": p.provider_id, "providerName": p.name} for p in england.providers]
    query = england.area_query
    (out / "locations.json").write_text(json.dumps(envelope("locations", locations, query), indent=4) + "\n")
    (out / "providers.json").write_text(json.dumps(envelope("providers", providers, query), indent=4) + "\n")
    snapshot = {"as_of": england.as_of.isoformat(), "source": source}
    (out / "snapshot.json").write_text(json.dumps(snapshot, indent=4) + "\n")
