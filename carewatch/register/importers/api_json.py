"""Convert CQC API v1 detail JSON (``/locations/{id}``, ``/providers/{id}``) into records.

Pure functions shared by the dump reader and the live client. A record with a malformed id, an
unknown rating or an impossible date is not converted: a :class:`BadRecord` naming the JSON path
of the field is appended to ``bad`` and the function returns None. They never raise.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import Any

from carewatch.register.importers import api_fields
from carewatch.register.importers.records import (
    KEY_QUESTIONS,
    RATED,
    Assessment,
    BadRecord,
    KeyQuestionAssessment,
    KeyQuestionRating,
    LocationRecord,
    ProviderRecord,
    QualityStatementScore,
    RatingRecord,
    ServiceRating,
)

REGISTERED_MANAGER_ROLE = "registered manager"
_SCORE_RE = re.compile(r"^\s*(\d+)\b")


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
    assessments = _assessments(detail)
    ratings = _with_assessment_current(ratings, assessments)
    return LocationRecord(
        location_id=location_id,
        provider_id=api_fields.cqc_id(detail, "providerId"),
        name=api_fields.text(detail, "name"),
        also_known_as=api_fields.text(detail, "alsoKnownAs"),
        registration_status=api_fields.text(detail, "registrationStatus"),
        registered_on=api_fields.date_value(detail, "registrationDate"),
        deregistered_on=api_fields.date_value(detail, "deregistrationDate"),
        dormant=api_fields.flag(detail, "dormancy"),
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
    if not current:
        return []
    overall = api_fields.obj(current.get("overall"), "currentRatings.overall")
    path = "currentRatings.overall.keyQuestionRatings"
    key_questions = _key_questions(overall.get("keyQuestionRatings"), path)
    services = _services(current.get("serviceRatings"), "currentRatings.serviceRatings")
    if not overall and not services:
        return []
    link = api_fields.text(overall, "reportLinkId", "currentRatings.overall.reportLinkId") or ""
    # The overall rating is inherited when the key questions published with it came from another
    # location (their organisationId); key questions carried forward from older reports do not count.
    raw = [api_fields.obj(item, path) for item in api_fields.array(overall.get("keyQuestionRatings"), path)]
    published_with_it = [item for item in raw if link and item.get("reportLinkId") == link] or raw
    if not overall:
        published_with_it = api_fields.array(current.get("serviceRatings"), "currentRatings.serviceRatings")
    origins = {_origin(item) for item in published_with_it}
    predecessor = origins.pop() if len(origins) == 1 else ""
    inherited = bool(predecessor) and predecessor != location_id
    report_on = api_fields.date_value(overall, "reportDate", "currentRatings.overall.reportDate")
    return [
        RatingRecord(
            report_on=report_on or api_fields.date_value(current, "reportDate", "currentRatings.reportDate"),
            report_link_id=link,
            overall=api_fields.rating(overall.get("rating"), "currentRatings.overall.rating"),
            is_current=True,
            inherited=inherited,
            predecessor_id=predecessor if inherited else "",
            key_questions=key_questions,
            services=services,
        )
    ]


def _origin(item: object) -> str:
    origin = item.get("organisationId") if isinstance(item, dict) else None
    return origin.strip() if isinstance(origin, str) else ""


def _historic_ratings(detail: dict[str, Any], location_id: str) -> list[RatingRecord]:
    records = []
    for index, item in enumerate(api_fields.array(detail.get("historicRatings"), "historicRatings")):
        path = f"historicRatings[{index}]"
        entry = api_fields.obj(item, path)
        overall = api_fields.obj(entry.get("overall"), f"{path}.overall")
        origin = api_fields.text(entry, "organisationId", f"{path}.organisationId") or ""
        inherited = bool(origin) and origin != location_id
        records.append(
            RatingRecord(
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
        )
    return records


def _key_questions(value: object, path: str) -> tuple[KeyQuestionRating, ...]:
    found: dict[str, KeyQuestionRating] = {}
    for index, item in enumerate(api_fields.array(value, path)):
        entry = api_fields.obj(item, f"{path}[{index}]")
        name = entry.get("name")
        here = f"{path}[{name if isinstance(name, str) and name else index}]"
        key = api_fields.key_question(name, f"{here}.name")
        if key in found:
            raise api_fields.Bad(here, "the key question appears twice")
        rating = api_fields.rating(entry.get("rating"), f"{here}.rating")
        if rating is None:
            continue
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


# --- Single Assessment Framework -----------------------------------------------------------------


def _assessments(detail: dict[str, Any]) -> tuple[Assessment, ...]:
    assessments = []
    for index, item in enumerate(api_fields.array(detail.get("assessment"), "assessment")):
        path = f"assessment[{index}]"
        entry = api_fields.obj(item, path)
        published_on = api_fields.date_value(
            entry, "assessmentPlanPublishedDateTime", f"{path}.assessmentPlanPublishedDateTime"
        )
        groups = api_fields.obj(entry.get("ratings"), f"{path}.ratings").get("asgRatings")
        for group_index, group_item in enumerate(api_fields.array(groups, f"{path}.ratings.asgRatings")):
            here = f"{path}.ratings.asgRatings[{group_index}]"
            group = api_fields.obj(group_item, here)
            assessments.append(
                Assessment(
                    assessment_plan_id=api_fields.text(group, "assessmentPlanId", f"{here}.assessmentPlanId")
                    or "",
                    service_group=api_fields.text(group, "name", f"{here}.name") or "",
                    rating=api_fields.rating(group.get("rating"), f"{here}.rating"),
                    assessed_on=api_fields.date_value(group, "assessmentDate", f"{here}.assessmentDate"),
                    published_on=published_on,
                    key_questions=_assessed_key_questions(group.get("keyQuestionRatings"), here),
                )
            )
    return tuple(assessments)


def _assessed_key_questions(value: object, parent: str) -> tuple[KeyQuestionAssessment, ...]:
    path = f"{parent}.keyQuestionRatings"
    found: dict[str, KeyQuestionAssessment] = {}
    for index, item in enumerate(api_fields.array(value, path)):
        entry = api_fields.obj(item, f"{path}[{index}]")
        name = entry.get("name")
        here = f"{path}[{name if isinstance(name, str) and name else index}]"
        key = api_fields.key_question(name, f"{here}.name")
        if key in found:
            raise api_fields.Bad(here, "the key question appears twice")
        rating = api_fields.rating(entry.get("rating"), f"{here}.rating")
        if rating is None:
            continue
        percent = api_fields.percent(entry.get("percentageScore"), f"{here}.percentageScore")
        statements = tuple(
            _statement(topic, key, f"{here}.topicareas[{topic_index}]")
            for topic_index, topic in enumerate(
                api_fields.array(entry.get("topicareas"), f"{here}.topicareas")
            )
        )
        found[key] = KeyQuestionAssessment(
            key_question=key,
            rating=rating,
            percent=percent if rating in RATED else None,  # "Regulations met" comes with "0"
            statements=tuple(sorted(statements, key=lambda statement: statement.statement_id)),
        )
    return tuple(found[key] for key in KEY_QUESTIONS if key in found)


def _statement(item: object, key_question: str, path: str) -> QualityStatementScore:
    topic = api_fields.obj(item, path)
    raw_id = api_fields.text(topic, "qualityStatementId", f"{path}.qualityStatementId") or ""
    if not (raw_id.isascii() and raw_id.isdigit()) or not 1 <= int(raw_id) <= 34:
        raise api_fields.Bad(
            f"{path}.qualityStatementId", f"expected a quality statement id 1-34, got {raw_id!r}"
        )
    label = api_fields.text(topic, "qualityStatementscore", f"{path}.qualityStatementscore") or ""
    match = _SCORE_RE.match(label)
    score = int(match.group(1)) if match else None
    if score is not None and not 1 <= score <= 4:
        raise api_fields.Bad(f"{path}.qualityStatementscore", f"expected a score 1-4, got {label!r}")
    status = api_fields.text(topic, "status", f"{path}.status") or ""
    return QualityStatementScore(
        statement_id=int(raw_id),
        key_question=key_question,
        score=score,
        label=label,
        assessed=status.casefold() == "assessed",
    )


def _with_assessment_current(
    ratings: list[RatingRecord], assessments: tuple[Assessment, ...]
) -> list[RatingRecord]:
    """Make the newest assessment the current rating when the API's currentRatings lacks it.

    Locations assessed under the Single Assessment Framework often have no ``currentRatings`` (or
    an older one): the newest assessment is then their current rating. A superseded
    ``currentRatings`` becomes historic (merged into historicRatings' entry for its report).
    """
    if not assessments:
        return ratings
    newest = max(assessment.published_on or date.min for assessment in assessments)
    groups = [assessment for assessment in assessments if (assessment.published_on or date.min) == newest]
    current = next((rating for rating in ratings if rating.is_current), None)
    if (
        current is not None
        and current.overall is not None
        and (current.report_on is None or (newest != date.min and newest <= current.report_on))
    ):
        return ratings
    published_on = None if newest == date.min else newest

    def key_questions(group: Assessment) -> tuple[KeyQuestionRating, ...]:
        return tuple(
            KeyQuestionRating(key_question=kq.key_question, rating=kq.rating, report_on=published_on)
            for kq in group.key_questions
        )

    if len(groups) == 1:
        overall, kqs, services = groups[0].rating, key_questions(groups[0]), ()
    else:  # several service groups assessed: rated per service, not overall
        overall, kqs = None, ()
        services = tuple(
            ServiceRating(
                service=g.service_group,
                rating=g.rating,
                report_on=published_on,
                key_questions=key_questions(g),
            )
            for g in groups
            if g.rating is not None
        )
    from_assessment = RatingRecord(
        report_on=published_on,
        report_link_id="",
        overall=overall,
        is_current=True,
        key_questions=kqs,
        services=services,
    )
    return [from_assessment, *_demote(ratings)]


def _report_link(rating: RatingRecord) -> str:
    """The report a rating comes from: its own link, else the one its service ratings share."""
    links = {service.report_link_id for service in rating.services}
    return rating.report_link_id or (links.pop() if len(links) == 1 else "")


def _demote(ratings: list[RatingRecord]) -> list[RatingRecord]:
    """The ratings with the current one made historic, merged into a historic entry of the same report."""
    current = next((rating for rating in ratings if rating.is_current), None)
    historic = [rating for rating in ratings if not rating.is_current]
    if current is None:
        return historic
    link = _report_link(current)
    for index, rating in enumerate(historic):
        if link and rating.report_link_id == link:
            merged = dataclasses.replace(rating, services=rating.services or current.services)
            return [*historic[:index], merged, *historic[index + 1 :]]
    return [dataclasses.replace(current, is_current=False, report_link_id=link), *historic]


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
