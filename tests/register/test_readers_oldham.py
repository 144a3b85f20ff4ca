"""The real CQC API responses for Oldham (../shared/data/cqc-api-oldham), read in place.

The expected values below were read by hand from the JSON files named in each test.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from carewatch.register.importers.api_dump import read_api_dump
from carewatch.register.importers.records import (
    BadRecord,
    KeyQuestionRating,
    LocationRecord,
    ProviderRecord,
    QualityStatementScore,
    RatingRecord,
    SnapshotMeta,
)

pytestmark = pytest.mark.realdata


@dataclass(frozen=True)
class Oldham:
    path: Path
    order: tuple[str, ...]  # record ids in the order read
    locations: dict[str, LocationRecord]
    providers: dict[str, ProviderRecord]
    bad: tuple[BadRecord, ...]
    meta: SnapshotMeta

    def current(self, location_id: str) -> RatingRecord:
        [current] = [rating for rating in self.locations[location_id].ratings or () if rating.is_current]
        return current

    def historic(self, location_id: str) -> list[RatingRecord]:
        return [rating for rating in self.locations[location_id].ratings or () if not rating.is_current]


@functools.cache
def _read(path: Path) -> Oldham:
    reader = read_api_dump(path)
    records = list(reader)
    locations = {record.location_id: record for record in records if isinstance(record, LocationRecord)}
    providers = {record.provider_id: record for record in records if isinstance(record, ProviderRecord)}
    order = tuple(
        record.provider_id if isinstance(record, ProviderRecord) else record.location_id for record in records
    )
    return Oldham(path, order, locations, providers, tuple(reader.meta.bad_records), reader.meta)


@pytest.fixture
def oldham(oldham_dump: Path) -> Oldham:
    return _read(oldham_dump)


def test_every_location_and_provider_in_the_dump_is_read_without_bad_records(oldham: Oldham) -> None:
    listed = json.loads((oldham.path / "locations.json").read_text())["locations"]

    assert len(oldham.locations) == 451 == len(listed)
    assert len(oldham.providers) == 20
    # Every id is valid, NHS codes such as RM317 included; "Insufficient evidence to rate" (three
    # hospital locations) is a real CQC value, not a bad one.
    assert oldham.bad == ()
    assert set(oldham.locations) == {item["locationId"] for item in listed}


def test_providers_come_first_then_locations_in_id_order(oldham: Oldham) -> None:
    providers, locations = oldham.order[:20], oldham.order[20:]

    assert list(providers) == sorted(oldham.providers)
    assert list(locations) == sorted(oldham.locations)


def test_the_dump_is_a_partial_register_dated_by_its_files(oldham: Oldham) -> None:
    assert oldham.meta.source_kind == "api-dump"
    assert oldham.meta.source_name == "cqc-api-oldham"
    assert oldham.meta.complete_register is False
    assert oldham.meta.as_of is not None


def test_location_fields_are_mapped(oldham: Oldham) -> None:
    location = oldham.locations["1-10024040008"]  # location_1-10024040008.json

    assert location.name == "Ebenezer Care Services"
    assert location.provider_id == "1-9408305833"
    assert (location.registration_status, location.registered_on) == ("Registered", date(2021, 3, 31))
    assert (location.dormant, location.care_home, location.beds) == (True, False, 0)
    assert location.dormant_from == date(2023, 6, 1)
    assert location.location_type == "Social Care Org"
    assert location.inspection_directorate == "Adult social care"
    assert location.primary_inspection_category == "Community based adult social care services"
    assert (location.address_line_1, location.address_line_2, location.town) == (
        "S/C 2-5, Ivy Business Centre",
        "Crown Street, Failsworth",
        "Manchester",
    )
    assert (location.postcode, location.latitude, location.longitude) == ("M35 9BG", 53.5120651, -2.1572985)
    assert (location.local_authority, location.region) == ("Oldham", "North West")
    assert (location.icb_code, location.icb_name) == (
        "E54000057",
        "NHS Greater Manchester Integrated Care Board",
    )
    assert location.phone == "01616691029"
    assert location.registered_manager == "Mrs Theresa Sekai Fairgrieve"
    assert location.service_types == ("Homecare agencies",)
    assert location.specialisms == (
        "Caring for adults over 65 yrs",
        "Caring for adults under 65 yrs",
        "Learning disabilities",
        "Physical disabilities",
    )
    assert location.regulated_activities == ("Personal care",)
    assert location.ratings == () and location.assessments == ()


def test_several_registered_managers_are_all_named(oldham: Oldham) -> None:
    assert oldham.locations["1-2172846173"].registered_manager == (
        "Miss Jemma Cowburn; Mrs Clodagh Louise McGurrin; Mrs Iyabode Abimbola Okunola-Adeleke"
    )


def test_deregistered_locations_keep_their_dates(oldham: Oldham) -> None:
    location = oldham.locations["RW603"]  # The Royal Oldham Hospital before it moved to RM317

    assert location.registration_status == "Deregistered"
    assert (location.registered_on, location.deregistered_on) == (date(2010, 6, 15), date(2021, 10, 7))
    assert sum(1 for record in oldham.locations.values() if record.deregistered_on) == 235
    assert sum(1 for record in oldham.locations.values() if record.dormant_from) == 17


def test_key_questions_carry_their_own_report_dates(oldham: Oldham) -> None:
    current = oldham.current("1-9588358014")  # a focused inspection in 2021 re-rated three of five

    assert (current.overall, current.report_on, current.inherited) == ("Good", date(2021, 5, 13), False)
    dates = {kq.key_question: kq.report_on for kq in current.key_questions}
    assert dates == {
        "safe": date(2021, 5, 13),
        "effective": date(2019, 4, 18),
        "caring": date(2019, 4, 18),
        "responsive": date(2021, 5, 13),
        "well_led": date(2021, 5, 13),
    }
    differing = [
        location_id
        for location_id, record in oldham.locations.items()
        if any(
            rating.is_current and len({kq.report_on for kq in rating.key_questions}) > 1
            for rating in record.ratings or ()
        )
    ]
    assert len(differing) == 36


def test_an_inherited_current_rating_names_its_predecessor(oldham: Oldham) -> None:
    current = oldham.current("1-16464985626")  # every key question from 1-833777122

    assert (current.inherited, current.predecessor_id) == (True, "1-833777122")
    assert current.overall == "Inspected but not rated"
    hospital = oldham.current("RM317")  # rated in 2021 as RW603

    assert (hospital.inherited, hospital.predecessor_id, hospital.overall) == (
        True,
        "RW603",
        "Requires improvement",
    )


def test_inherited_historic_ratings_are_marked(oldham: Oldham) -> None:
    [latest, earlier] = oldham.historic("1-9588358014")

    assert (latest.report_on, latest.overall, latest.inherited, latest.predecessor_id) == (
        date(2020, 10, 2),
        "Inspected but not rated",
        True,
        "1-4815596978",
    )
    assert earlier.key_questions == (
        KeyQuestionRating("safe", "Requires improvement"),
        KeyQuestionRating("responsive", "Requires improvement"),
        KeyQuestionRating("well_led", "Requires improvement"),
    )
    inherited = sum(
        1
        for record in oldham.locations.values()
        for rating in record.ratings or ()
        if rating.inherited and not rating.is_current
    )
    # 44 historicRatings entries name another organisationId; RM317's is its current report again.
    assert inherited == 43


def test_service_ratings_are_read(oldham: Oldham) -> None:
    current = oldham.current("RM317")
    services = {service.service: service for service in current.services}

    assert set(services) == {
        "care",
        "childrens",
        "critical",
        "life",
        "npimaternity",
        "outpatients",
        "surgery",
        "urgent",
    }
    assert services["life"].rating == "Outstanding"
    effective = {kq.key_question: kq.rating for kq in services["outpatients"].key_questions}["effective"]
    assert effective == "Insufficient evidence to rate"


def test_a_historic_entry_for_the_current_report_is_folded_into_the_current_rating(oldham: Oldham) -> None:
    current = oldham.current("RM317")  # historicRatings repeats report b06e0e43… with its urgent care rating

    assert current.report_link_id == "b06e0e43-d3db-4688-a5a2-4a829c0add0a"
    assert all(rating.report_link_id != current.report_link_id for rating in oldham.historic("RM317"))
    assert "urgent" in {service.service for service in current.services}


def test_a_newer_assessment_replaces_an_older_service_only_current_rating(oldham: Oldham) -> None:
    ratings = oldham.locations["1-569934227"].ratings or ()  # GP: 2019 population groups, assessed 2024
    current = oldham.current("1-569934227")

    assert (current.overall, current.report_on) == ("Good", date(2024, 5, 10))
    superseded = [rating for rating in ratings if rating.report_on == date(2019, 5, 21)]
    assert len(superseded) == 1 and not superseded[0].is_current
    assert {service.service for service in superseded[0].services} >= {"conditions", "mothers", "vulnerable"}


def test_the_care_home_assessments_are_read_with_scores_and_percentages(oldham: Oldham) -> None:
    treetops = oldham.locations["1-5203053560"]  # Treetops Nursing Home
    [assessment] = treetops.assessments or ()

    assert (assessment.assessment_plan_id, assessment.service_group, assessment.rating) == (
        "AP5373",
        "Care Homes",
        "Good",
    )
    assert (assessment.assessed_on, assessment.published_on) == (date(2024, 7, 15), date(2024, 9, 17))
    assert [(kq.key_question, kq.rating, kq.percent) for kq in assessment.key_questions] == [
        ("safe", "Good", 75),
        ("effective", "Good", 75),
        ("caring", "Good", 75),
        ("responsive", "Good", 75),
        ("well_led", "Good", 75),
    ]
    safe = assessment.key_questions[0]
    assert [statement.statement_id for statement in safe.statements] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [statement.statement_id for statement in safe.statements if statement.assessed] == [3, 4, 6]
    assert safe.statements[2] == QualityStatementScore(
        3, "safe", 3, "3 - Evidence shows a good standard of care", True
    )
    assert sum(len(kq.statements) for kq in assessment.key_questions) == 33
    # No currentRatings in the file: the assessment is the current rating.
    current = oldham.current("1-5203053560")
    assert (current.overall, current.report_on) == ("Good", date(2024, 9, 17))
    assert [(kq.key_question, kq.rating, kq.report_on) for kq in current.key_questions][0] == (
        "safe",
        "Good",
        date(2024, 9, 17),
    )

    franklin = oldham.locations["1-5312102242"]  # Franklin House: one statement scored 2
    [assessment] = franklin.assessments or ()
    caring = assessment.key_questions[2]
    assert (assessment.assessment_plan_id, assessment.assessed_on, assessment.published_on) == (
        "AP3134",
        date(2024, 4, 17),
        date(2024, 8, 8),
    )
    assert (caring.key_question, caring.rating, caring.percent) == ("caring", "Good", 70)
    assert [(s.statement_id, s.score, s.assessed) for s in caring.statements] == [
        (15, 3, False),
        (16, 3, False),
        (17, 2, True),
        (18, 3, False),
        (19, 3, False),
    ]
    assert oldham.current("1-5312102242").overall == "Good"


def test_regulations_met_assessments_have_no_percentages_or_scores(oldham: Oldham) -> None:
    [assessment] = oldham.locations["1-16561595022"].assessments or ()  # a dental practice

    assert assessment.rating is None
    assert {kq.rating for kq in assessment.key_questions} == {"Regulations met"}
    assert {kq.percent for kq in assessment.key_questions} == {None}
    assert {s.score for kq in assessment.key_questions for s in kq.statements} == {None}
    assert {s.label for kq in assessment.key_questions for s in kq.statements} == {"Regulations met"}


def test_four_locations_have_assessments(oldham: Oldham) -> None:
    assessed = sorted(location_id for location_id, record in oldham.locations.items() if record.assessments)

    assert assessed == ["1-16561595022", "1-5203053560", "1-5312102242", "1-569934227"]


def test_provider_fields_are_mapped(oldham: Oldham) -> None:
    provider = oldham.providers["1-1004515435"]  # provider_1-1004515435.json

    assert provider.name == "L W Appleton and Z Khan"
    assert provider.ownership_type == "Partnership"
    assert (provider.registration_status, provider.registered_on, provider.deregistered_on) == (
        "Deregistered",
        date(2013, 10, 28),
        date(2014, 5, 30),
    )
    assert provider.address == "177-187 Littlemoor Lane, Watersheddings, Oldham, Lancs"
    assert (provider.postcode, provider.local_authority, provider.region) == (
        "OL4 2SF",
        "Oldham",
        "North West",
    )
