"""CQC API detail JSON → records, with hand-written responses."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from carewatch.register.importers.api_json import location_from_api, provider_from_api
from carewatch.register.importers.records import (
    BadRecord,
    KeyQuestionRating,
    LocationRecord,
    ProviderRecord,
    RatingRecord,
    ServiceRating,
)

LOCATION_ID = "1-1000210669"


def key_questions(rating: str = "Good", **dated: tuple[str, str, str]) -> list[dict[str, Any]]:
    """Five key-question entries in the API's (not canonical) order; ``dated`` overrides by name."""
    entries = []
    for name in ("Safe", "Well-led", "Caring", "Responsive", "Effective"):
        entry: dict[str, Any] = {
            "name": name,
            "rating": rating,
            "reportDate": "2023-05-16",
            "reportLinkId": "r2",
        }
        if name.replace("-", "_").lower() in dated:
            entry["rating"], entry["reportDate"], entry["reportLinkId"] = dated[
                name.replace("-", "_").lower()
            ]
        entries.append(entry)
    return entries


def detail(**overrides: Any) -> dict[str, Any]:
    """A /locations/{id} response for a care home with a current and a historic rating."""
    value: dict[str, Any] = {
        "locationId": LOCATION_ID,
        "providerId": "1-101612188",
        "name": "Treetops Nursing Home",
        "registrationStatus": "Registered",
        "registrationDate": "2010-10-01",
        "dormancy": "N",
        "careHome": "Y",
        "numberOfBeds": 34,
        "type": "Social Care Org",
        "inspectionDirectorate": "Adult social care",
        "inspectionCategories": [
            {"code": "S2", "primary": "false", "name": "Other"},
            {"code": "S1", "primary": "true", "name": "Residential social care"},
        ],
        "postalAddressLine1": "1 Main Road",
        "postalAddressTownCity": "Oldham",
        "postalCode": "OL1 1AA",
        "onspdLatitude": 53.54,
        "onspdLongitude": -2.11,
        "localAuthority": "Oldham",
        "region": "North West",
        "onspdIcbCode": "E54000057",
        "onspdIcbName": "NHS Greater Manchester Integrated Care Board",
        "gacServiceTypes": [{"name": "Nursing homes", "description": "Care home service with nursing"}],
        "specialisms": [{"name": "Dementia"}],
        "regulatedActivities": [
            {
                "name": "Accommodation for persons who require nursing or personal care",
                "code": "RA2",
                "contacts": [
                    {
                        "personTitle": "Mrs",
                        "personGivenName": "Ann",
                        "personFamilyName": "Smith",
                        "personRoles": ["Registered Manager"],
                    },
                    {
                        "personGivenName": "Nom",
                        "personFamilyName": "Individual",
                        "personRoles": ["Nominated Individual"],
                    },
                ],
            }
        ],
        "currentRatings": {
            "overall": {
                "rating": "Good",
                "reportDate": "2023-05-16",
                "reportLinkId": "r2",
                "keyQuestionRatings": key_questions(
                    safe=("Requires Improvement", "2023-05-16", "r2"),
                    caring=("Good", "2018-02-27", "r1"),
                ),
            },
            "reportDate": "2023-05-16",
        },
        "historicRatings": [
            {
                "reportDate": "2018-02-27",
                "reportLinkId": "r1",
                "organisationId": "1-999999999",
                "overall": {
                    "rating": "Requires improvement",
                    "keyQuestionRatings": [{"name": "Safe", "rating": "Inadequate"}],
                },
            }
        ],
    }
    value.update(overrides)
    return value


def convert(value: object) -> tuple[LocationRecord | None, list[BadRecord]]:
    bad: list[BadRecord] = []
    return location_from_api(value, source="location.json", bad=bad), bad


def assessment(
    published: str = "2024-09-17 15:19:48", *groups: tuple[str, str], percent: str = "75"
) -> dict[str, Any]:
    groups = groups or (("Care Homes", "Good"),)
    return {
        "assessmentPlanPublishedDateTime": published,
        "ratings": {
            "asgRatings": [
                {
                    "assessmentPlanId": "AP1",
                    "name": name,
                    "rating": rating,
                    "assessmentDate": "2024-07-15",
                    "keyQuestionRatings": [
                        {
                            "name": "Caring",
                            "rating": rating,
                            "percentageScore": percent,
                            "status": "Assessed",
                            "topicareas": [
                                {
                                    "qualityStatementId": "17",
                                    "qualityStatementscore": "2 - Some shortfalls",
                                    "status": "Assessed",
                                },
                                {
                                    "qualityStatementId": "15",
                                    "qualityStatementscore": "3 - Good",
                                    "status": "Not Assessed",
                                },
                            ],
                        }
                    ],
                }
                for name, rating in groups
            ]
        },
    }


def test_a_location_is_converted() -> None:
    record, bad = convert(detail())

    assert bad == []
    assert record is not None
    assert (record.location_id, record.provider_id, record.name) == (
        LOCATION_ID,
        "1-101612188",
        "Treetops Nursing Home",
    )
    assert (record.dormant, record.dormant_from, record.care_home, record.beds) == (False, None, True, 34)
    assert record.primary_inspection_category == "Residential social care"
    assert record.registered_manager == "Mrs Ann Smith"
    assert record.service_types == ("Nursing homes",)
    assert record.icb_code == "E54000057"
    assert record.source_ref == f"record {LOCATION_ID}" and record.partial is False


def test_key_questions_are_matched_by_name_with_their_own_dates() -> None:
    record, _ = convert(detail())
    assert record is not None and record.ratings is not None

    current, historic = record.ratings
    assert (current.is_current, current.overall, current.report_on, current.report_link_id) == (
        True,
        "Good",
        date(2023, 5, 16),
        "r2",
    )
    assert [kq.key_question for kq in current.key_questions] == [
        "safe",
        "effective",
        "caring",
        "responsive",
        "well_led",
    ]
    assert current.key_questions[0] == KeyQuestionRating(
        "safe", "Requires improvement", date(2023, 5, 16), "r2"
    )
    assert current.key_questions[2] == KeyQuestionRating("caring", "Good", date(2018, 2, 27), "r1")
    assert historic == RatingRecord(
        date(2018, 2, 27),
        "r1",
        "Requires improvement",
        inherited=True,
        predecessor_id="1-999999999",
        key_questions=(KeyQuestionRating("safe", "Inadequate"),),
    )


def test_an_overall_rating_published_by_a_predecessor_is_inherited() -> None:
    value = detail()
    for entry in value["currentRatings"]["overall"]["keyQuestionRatings"]:
        if entry["reportLinkId"] == "r2":
            entry["organisationId"] = "1-888888888"

    record, _ = convert(value)

    assert record is not None and record.ratings is not None
    assert (record.ratings[0].inherited, record.ratings[0].predecessor_id) == (True, "1-888888888")


def test_only_carried_forward_key_questions_from_a_predecessor_do_not_make_the_rating_inherited() -> None:
    value = detail()
    value["currentRatings"]["overall"]["keyQuestionRatings"][2]["organisationId"] = (
        "1-888888888"  # Caring, r1
    )

    record, _ = convert(value)

    assert record is not None and record.ratings is not None and record.ratings[0].inherited is False


def test_service_ratings_are_read_where_there_is_no_overall_rating() -> None:
    current = {
        "reportDate": "2025-03-01",
        "serviceRatings": [
            {
                "name": "Homecare agencies",
                "rating": "Good",
                "reportDate": "2025-03-01",
                "reportLinkId": "r3",
                "keyQuestionRatings": [{"name": "Safe", "rating": "Good"}],
            }
        ],
    }

    record, bad = convert(detail(currentRatings=current, historicRatings=[]))

    assert bad == [] and record is not None
    assert record.ratings == (
        RatingRecord(
            date(2025, 3, 1),
            "",
            None,
            is_current=True,
            services=(
                ServiceRating(
                    "Homecare agencies", "Good", date(2025, 3, 1), "r3", (KeyQuestionRating("safe", "Good"),)
                ),
            ),
        ),
    )


def test_an_assessment_is_the_current_rating_when_there_is_none() -> None:
    record, bad = convert(detail(currentRatings=None, historicRatings=None, assessment=[assessment()]))

    assert bad == [] and record is not None and record.assessments is not None
    [assessed] = record.assessments
    assert (assessed.assessment_plan_id, assessed.service_group, assessed.rating) == (
        "AP1",
        "Care Homes",
        "Good",
    )
    assert (assessed.assessed_on, assessed.published_on) == (date(2024, 7, 15), date(2024, 9, 17))
    [caring] = assessed.key_questions
    assert (caring.key_question, caring.percent) == ("caring", 75)
    assert [(s.statement_id, s.score, s.label, s.assessed) for s in caring.statements] == [
        (15, 3, "3 - Good", False),
        (17, 2, "2 - Some shortfalls", True),
    ]
    assert record.ratings == (
        RatingRecord(
            date(2024, 9, 17),
            "",
            "Good",
            is_current=True,
            key_questions=(KeyQuestionRating("caring", "Good", date(2024, 9, 17)),),
        ),
    )


def test_a_newer_assessment_supersedes_the_current_rating_and_an_older_one_does_not() -> None:
    newer, _ = convert(detail(assessment=[assessment("2024-09-17 15:19:48")]))
    older, _ = convert(detail(assessment=[assessment("2020-01-01 10:00:00")]))

    assert newer is not None and newer.ratings is not None
    assert [(r.is_current, r.report_on) for r in newer.ratings] == [
        (True, date(2024, 9, 17)),
        (False, date(2023, 5, 16)),
        (False, date(2018, 2, 27)),
    ]
    assert older is not None and older.ratings is not None
    assert [(r.is_current, r.report_on) for r in older.ratings][0] == (True, date(2023, 5, 16))


def test_several_assessed_service_groups_are_rated_per_service() -> None:
    record, _ = convert(
        detail(
            currentRatings=None,
            historicRatings=None,
            assessment=[
                assessment("2025-01-01", ("Homecare", "Good"), ("Supported living", "Requires improvement"))
            ],
        )
    )

    assert record is not None and record.ratings is not None
    [current] = record.ratings
    assert current.overall is None
    assert [(s.service, s.rating) for s in current.services] == [
        ("Homecare", "Good"),
        ("Supported living", "Requires improvement"),
    ]


def test_regulations_met_keeps_no_percentage() -> None:
    record, bad = convert(
        detail(assessment=[assessment("2024-01-01", ("Dental", "Regulations met"), percent="0")])
    )

    assert bad == [] and record is not None and record.assessments
    assert record.assessments[0].key_questions[0].percent is None


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"locationId": "1-12"}, "locationId", "malformed CQC id '1-12'"),
        ({"locationId": None}, "locationId", "missing id"),
        ({"providerId": "provider"}, "providerId", "malformed CQC id 'provider'"),
        ({"registrationDate": "2023-02-30"}, "registrationDate", "impossible date '2023-02-30'"),
        ({"dormancy": "Yes please"}, "dormancy", "expected Y or N"),
        ({"dormancy": "Y", "dormancyStartDate": "2023-06-31"}, "dormancyStartDate", "impossible date"),
        ({"numberOfBeds": -1}, "numberOfBeds", "expected a whole number"),
        ({"onspdLatitude": "north"}, "onspdLatitude", "expected a coordinate"),
        ({"specialisms": "Dementia"}, "specialisms", "expected a list, got text"),
        (
            {"historicRatings": [{"reportDate": "2019-13-01"}]},
            "historicRatings[0].reportDate",
            "impossible date",
        ),
    ],
)
def test_a_bad_field_makes_a_bad_record_naming_it(change: dict[str, Any], field: str, reason: str) -> None:
    record, bad = convert(detail(**change))

    assert record is None
    [problem] = bad
    assert (problem.source, problem.field) == ("location.json", field)
    assert problem.reason.startswith(reason)


def test_an_unknown_key_question_rating_is_named_by_its_json_path() -> None:
    value = detail()
    value["currentRatings"]["overall"]["keyQuestionRatings"][0]["rating"] = "Marvellous"

    record, bad = convert(value)

    assert record is None
    assert bad == [
        BadRecord(
            "location.json",
            f"record {LOCATION_ID}",
            "currentRatings.overall.keyQuestionRatings[Safe].rating",
            "unknown rating 'Marvellous'",
        )
    ]


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (
            ("keyQuestionRatings", 0, "name"),
            "Kindness",
            "assessment[0].ratings.asgRatings[0].keyQuestionRatings[Kindness].name",
        ),
        (
            ("keyQuestionRatings", 0, "percentageScore"),
            "lots",
            "assessment[0].ratings.asgRatings[0].keyQuestionRatings[Caring].percentageScore",
        ),
        (
            ("keyQuestionRatings", 0, "topicareas", 0, "qualityStatementId"),
            "35",
            "assessment[0].ratings.asgRatings[0].keyQuestionRatings[Caring].topicareas[0].qualityStatementId",
        ),
        (
            ("keyQuestionRatings", 0, "topicareas", 0, "qualityStatementscore"),
            "7 - Off the scale",
            "assessment[0].ratings.asgRatings[0].keyQuestionRatings[Caring].topicareas[0].qualityStatementscore",
        ),
        (("assessmentDate",), "2024-02-30", "assessment[0].ratings.asgRatings[0].assessmentDate"),
    ],
)
def test_bad_assessment_fields_are_named(path: tuple[Any, ...], value: str, field: str) -> None:
    block = assessment()
    target: Any = block["ratings"]["asgRatings"][0]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value

    record, bad = convert(detail(assessment=[block]))

    assert record is None and [problem.field for problem in bad] == [field]


def test_the_same_assessment_plan_and_service_group_twice_is_a_bad_record() -> None:
    record, bad = convert(
        detail(assessment=[assessment("2024-01-01", ("Care Homes", "Good"), ("Care Homes", "Good"))])
    )

    assert record is None
    assert [(problem.field, problem.reason) for problem in bad] == [
        ("assessment[0].ratings.asgRatings[1]", "assessment plan 'AP1' for 'Care Homes' appears twice")
    ]


def test_a_duplicated_key_question_is_a_bad_record() -> None:
    value = detail()
    entries = value["currentRatings"]["overall"]["keyQuestionRatings"]
    entries.append(copy.deepcopy(entries[0]))

    record, bad = convert(value)

    assert record is None and bad[0].reason == "the key question appears twice"


def test_a_response_that_is_not_an_object_is_a_bad_record() -> None:
    record, bad = convert(["not", "a", "location"])

    assert record is None
    assert bad == [BadRecord("location.json", "record ?", "(record)", "expected a JSON object, got a list")]


def test_a_provider_is_converted() -> None:
    bad: list[BadRecord] = []
    value = {
        "providerId": "1-101612188",
        "name": "Laburnum House (Shaw) Limited",
        "ownershipType": "Organisation",
        "registrationStatus": "Registered",
        "registrationDate": "2010-10-01",
        "companiesHouseNumber": "03047144",
        "postalAddressLine1": "2 High Street",
        "postalAddressTownCity": "Shaw",
        "postalCode": "OL2 8AA",
        "brandId": "BD290",
        "brandName": "BRAND Example",
    }

    provider = provider_from_api(value, source="provider.json", bad=bad)

    assert bad == []
    assert provider == ProviderRecord(
        provider_id="1-101612188",
        name="Laburnum House (Shaw) Limited",
        ownership_type="Organisation",
        registration_status="Registered",
        registered_on=date(2010, 10, 1),
        companies_house_number="03047144",
        address="2 High Street, Shaw",
        postcode="OL2 8AA",
        brand_id="BD290",
        brand_name="BRAND Example",
    )


def test_a_provider_with_a_malformed_id_is_a_bad_record() -> None:
    bad: list[BadRecord] = []

    assert provider_from_api({"providerId": "x"}, source="provider.json", bad=bad) is None
    assert bad == [BadRecord("provider.json", "record x", "providerId", "malformed CQC id 'x'")]
