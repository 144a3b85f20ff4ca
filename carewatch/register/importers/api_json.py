"""Convert CQC API v1 detail JSON (``/locations/{id}``, ``/providers/{id}``) into records.

Pure functions shared by the dump reader and the live client. A record with a malformed id, an
unknown rating or an impossible date is not converted: a :class:`BadRecord` naming the JSON path
of the field is appended to ``bad`` and the function returns None. They never raise.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from carewatch.register.importers import api_assessments, api_fields
from carewatch.register.importers.records import (
    KEY_QUESTIONS,
    BadRecord,
    KeyQuestionRating,
    LocationRecord,
    ProviderRecord,
    RatingRecord,
    ServiceRating,
)

REGISTERED_MANAGER_ROLE = "registered manager"


def location_from_api(detail: object, *, source: str, bad: list[BadRecord]) -> LocationRecord | None:
    """A LocationRecord from a ``/locations/{id}`` response, or None (and a BadRecord) if it is bad."""
    return _convert(detail, "locationId", _location, source=source, bad=bad)


def provider_from_api(detail: object, *, source: str, bad: list[BadRecord]) -> ProviderRecord | None:
    """A ProviderRecord from a ``/providers/{id}`` response, or None (and a BadRecord) if it is bad."""
    return _convert(detail, "providerId", _provider, source=source, bad=bad)


def _convert(detail: object, id_key: str, convert: Any, *, source: str, bad: list[BadRecord]) -> Any:
    record_id = detail.get(id_key) if isinstance(detail, dict) else None
    where = f"record {record_id if isinstance(record_id, str) and record_id else '?'}"
    try:
        if not isinstance(detail, dict):
            raise api_fields.Bad("(record)", f"expected a JSON object, got {api_fields.kind(detail)}")
        return convert(detail)
    except api_fields.Bad as problem:
        bad.append(BadRecord(source=source, where=where, field=problem.field, reason=problem.reason))
    except Exception as error:  # a shape nobody foresaw: report it rather than stop the import
        reason = f"internal error reading the record ({type(error).__name__}: {error})"
        bad.append(BadRecord(source=source, where=where, field="(record)", reason=reason))
    return None


def _location(detail: dict[str, Any]) -> LocationRecord:
    location_id = api_fields.cqc_id(detail, "locationId", required=True)
    assert location_id is not None
    ratings = _fold_current_report(
        _current_ratings(detail, location_id) + _historic_ratings(detail, location_id)
    )
    assessments = api_assessments.assessments(detail)
    ratings = api_assessments.with_assessment_current(ratings, assessments)
    return LocationRecord(
        location_id=location_id,
        provider_id=api_fields.cqc_id(detail, "providerId"),
        name=api_fields.text(detail, "name"),
        also_known_as=api_fields.text(detail, "alsoKnownAs"),
        registration_status=api_fields.text(detail, "registrationStatus"),
        registered_on=api_fields.date_value(detail, "registrationDate"),
        deregistered_on=api_fields.date_value(detail, "deregistrationDate"),
        dormant=api_fields.flag(detail, "dormancy"),
        dormant_from=api_fields.date_value(detail, "dormancyStartDate"),
        care_home=api_fields.flag(detail, "careHome"),
        beds=api_fields.count(detail, "numberOfBeds"),
        location_type=api_fields.text(detail, "type"),
        inspection_directorate=api_fields.text(detail, "inspectionDirectorate"),
        primary_inspection_category=_primary_category(detail),
        address_line_1=api_fields.text(detail, "postalAddressLine1"),
        address_line_2=api_fields.text(detail, "postalAddressLine2"),
        town=api_fields.text(detail, "postalAddressTownCity"),
        county=api_fields.text(detail, "postalAddressCounty"),
        postcode=api_fields.text(detail, "postalCode"),
        latitude=api_fields.coordinate(detail, "onspdLatitude", 90),
        longitude=api_fields.coordinate(detail, "onspdLongitude", 180),
        local_authority=api_fields.text(detail, "localAuthority"),
        region=api_fields.text(detail, "region"),
        icb_code=api_fields.text(detail, "onspdIcbCode"),
        icb_name=api_fields.text(detail, "onspdIcbName"),
        phone=api_fields.text(detail, "mainPhoneNumber"),
        website=api_fields.text(detail, "website"),
        brand_id=api_fields.text(detail, "brandId"),
        brand_name=api_fields.text(detail, "brandName"),
        registered_manager=_registered_manager(detail),
        service_types=api_fields.names(detail, "gacServiceTypes"),
        specialisms=api_fields.names(detail, "specialisms"),
        regulated_activities=api_fields.names(detail, "regulatedActivities"),
        ratings=tuple(ratings),
        assessments=assessments,
        source_ref=f"record {location_id}",
    )


def _provider(detail: dict[str, Any]) -> ProviderRecord:
    provider_id = api_fields.cqc_id(detail, "providerId", required=True)
    assert provider_id is not None
    address_keys = (
        "postalAddressLine1",
        "postalAddressLine2",
        "postalAddressTownCity",
        "postalAddressCounty",
    )
    address = ", ".join(part for key in address_keys if (part := api_fields.text(detail, key)))
    return ProviderRecord(
        provider_id=provider_id,
        name=api_fields.text(detail, "name"),
        ownership_type=api_fields.text(detail, "ownershipType"),
        registration_status=api_fields.text(detail, "registrationStatus"),
        registered_on=api_fields.date_value(detail, "registrationDate"),
        deregistered_on=api_fields.date_value(detail, "deregistrationDate"),
        companies_house_number=api_fields.text(detail, "companiesHouseNumber"),
        charity_number=api_fields.text(detail, "charityNumber"),
        address=address or None,
        postcode=api_fields.text(detail, "postalCode"),
        local_authority=api_fields.text(detail, "localAuthority"),
        region=api_fields.text(detail, "region"),
        phone=api_fields.text(detail, "mainPhoneNumber"),
        website=api_fields.text(detail, "website"),
        brand_id=api_fields.text(detail, "brandId"),
        brand_name=api_fields.text(detail, "brandName"),
    )


# --- ratings -------------------------------------------------------------------------------------


def _current_ratings(detail: dict[str, Any], location_id: str) -> list[RatingRecord]:
    current = api_fields.obj(detail.get("currentRatings"), "currentRatings")
    overall = api_fields.obj(current.get("overall"), "currentRatings.overall")
    path = "currentRatings.overall.keyQuestionRatings"
    key_questions = _key_questions(overall.get("keyQuestionRatings"), path)
    services = _services(current.get("serviceRatings"), "currentRatings.serviceRatings")
    if not overall and not services:
        return []
    link = api_fields.text(overall, "reportLinkId", "currentRatings.overall.reportLinkId") or ""
    if overall:
        published_with_it = [
            item
            for item in api_fields.array(overall.get("keyQuestionRatings"), path)
            if not link or (isinstance(item, dict) and item.get("reportLinkId") == link)
        ]
    else:
        published_with_it = api_fields.array(current.get("serviceRatings"), "currentRatings.serviceRatings")
    predecessor = _predecessor(published_with_it, location_id)
    report_on = api_fields.date_value(overall, "reportDate", "currentRatings.overall.reportDate")
    return [
        RatingRecord(
            report_on=report_on or api_fields.date_value(current, "reportDate", "currentRatings.reportDate"),
            report_link_id=link,
            overall=api_fields.rating(overall.get("rating"), "currentRatings.overall.rating"),
            is_current=True,
            inherited=bool(predecessor),
            predecessor_id=predecessor,
            key_questions=key_questions,
            services=services,
        )
    ]


def _predecessor(published_with_it: list[Any], location_id: str) -> str:
    """The location a current rating was inherited from, or ``""``.

    The API marks each key question (or service rating) with the ``organisationId`` of the location
    whose report gave it. The rating is inherited when everything published with the overall rating
    (same report link) came from one other location; key questions carried forward from older
    reports do not count.
    """
    origins = set()
    for item in published_with_it:
        origin = item.get("organisationId") if isinstance(item, dict) else None
        origins.add(origin.strip() if isinstance(origin, str) else "")
    predecessor = origins.pop() if len(origins) == 1 else ""
    return predecessor if predecessor != location_id else ""


def _historic_ratings(detail: dict[str, Any], location_id: str) -> list[RatingRecord]:
    records = []
    for index, item in enumerate(api_fields.array(detail.get("historicRatings"), "historicRatings")):
        path = f"historicRatings[{index}]"
        entry = api_fields.obj(item, path)
        overall = api_fields.obj(entry.get("overall"), f"{path}.overall")
        origin = api_fields.text(entry, "organisationId", f"{path}.organisationId") or ""
        inherited = bool(origin) and origin != location_id
        record = RatingRecord(
            report_on=api_fields.date_value(entry, "reportDate", f"{path}.reportDate"),
            report_link_id=api_fields.text(entry, "reportLinkId", f"{path}.reportLinkId") or "",
            overall=api_fields.rating(overall.get("rating"), f"{path}.overall.rating"),
            inherited=inherited,
            predecessor_id=origin if inherited else "",
            key_questions=_key_questions(
                overall.get("keyQuestionRatings"), f"{path}.overall.keyQuestionRatings"
            ),
            services=_services(entry.get("serviceRatings"), f"{path}.serviceRatings"),
        )
        if record.overall or record.key_questions or record.services:  # else it rates nothing
            records.append(record)
    return records


def _key_questions(value: object, path: str) -> tuple[KeyQuestionRating, ...]:
    found: dict[str, KeyQuestionRating] = {}
    for key, rating, entry, here in api_fields.rated_key_questions(value, path):
        found[key] = KeyQuestionRating(
            key_question=key,
            rating=rating,
            report_on=api_fields.date_value(entry, "reportDate", f"{here}.reportDate"),
            report_link_id=api_fields.text(entry, "reportLinkId", f"{here}.reportLinkId") or "",
        )
    return tuple(found[key] for key in KEY_QUESTIONS if key in found)


def _services(value: object, path: str) -> tuple[ServiceRating, ...]:
    services = []
    for index, item in enumerate(api_fields.array(value, path)):
        entry = api_fields.obj(item, f"{path}[{index}]")
        name = api_fields.text(entry, "name", f"{path}[{index}].name")
        here = f"{path}[{name or index}]"
        rating = api_fields.rating(entry.get("rating"), f"{here}.rating")
        if not name or rating is None:
            raise api_fields.Bad(here, "a service rating needs a name and a rating")
        services.append(
            ServiceRating(
                service=name,
                rating=rating,
                report_on=api_fields.date_value(entry, "reportDate", f"{here}.reportDate"),
                report_link_id=api_fields.text(entry, "reportLinkId", f"{here}.reportLinkId") or "",
                key_questions=_key_questions(entry.get("keyQuestionRatings"), f"{here}.keyQuestionRatings"),
            )
        )
    return tuple(services)


def _fold_current_report(ratings: list[RatingRecord]) -> list[RatingRecord]:
    """Drop a historicRatings entry for the current report, keeping any services only it names."""
    current = next((rating for rating in ratings if rating.is_current), None)
    if current is None or not current.report_link_id:
        return ratings
    kept: list[RatingRecord] = []
    services = list(current.services)
    for rating in ratings:
        if not rating.is_current and rating.report_link_id == current.report_link_id:
            known = {service.service for service in services}
            services += [service for service in rating.services if service.service not in known]
            continue
        kept.append(rating)
    folded = dataclasses.replace(current, services=tuple(services))
    return [folded if rating is current else rating for rating in kept]


def _primary_category(detail: dict[str, Any]) -> str | None:
    for index, item in enumerate(
        api_fields.array(detail.get("inspectionCategories"), "inspectionCategories")
    ):
        category = api_fields.obj(item, f"inspectionCategories[{index}]")
        if str(category.get("primary")).lower() == "true":
            return api_fields.text(category, "name", f"inspectionCategories[{index}].name")
    return None


def _registered_manager(detail: dict[str, Any]) -> str | None:
    """Everyone with the Registered Manager role on any regulated activity, "Title Given Family"."""
    names: list[str] = []
    for index, item in enumerate(api_fields.array(detail.get("regulatedActivities"), "regulatedActivities")):
        activity = api_fields.obj(item, f"regulatedActivities[{index}]")
        path = f"regulatedActivities[{index}].contacts"
        for contact_index, contact_item in enumerate(api_fields.array(activity.get("contacts"), path)):
            contact = api_fields.obj(contact_item, f"{path}[{contact_index}]")
            roles = api_fields.array(contact.get("personRoles"), f"{path}[{contact_index}].personRoles")
            if not any(
                isinstance(role, str) and role.strip().casefold() == REGISTERED_MANAGER_ROLE for role in roles
            ):
                continue
            parts = (
                api_fields.text(contact, key, f"{path}[{contact_index}].{key}")
                for key in ("personTitle", "personGivenName", "personFamilyName")
            )
            name = " ".join(part for part in parts if part)
            if name and name not in names:
                names.append(name)
    return "; ".join(names) or None
