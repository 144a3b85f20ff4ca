"""Importing the real CQC API responses for Oldham: what is stored matches what the files say."""

import json
from datetime import UTC, date, datetime

import pytest

from carewatch.register import models, queries, services
from carewatch.register.importers import detect
from carewatch.register.importers.records import normalise_key_question, normalise_rating
from carewatch.register.services import snapshots


def details(dump):
    for path in sorted((dump / "location_details").glob("location_*.json")):
        yield json.loads(path.read_text())


@pytest.fixture
def imported(db, oldham_dump):
    summary = services.import_snapshot(
        reader=detect.open_reader(oldham_dump),
        imported_at=datetime(2026, 11, 22, tzinfo=UTC),
        actor_label="test",
    )
    return summary


def test_every_location_and_provider_in_the_files_is_imported(imported, oldham_dump):
    listed = json.loads((oldham_dump / "locations.json").read_text())["locations"]
    assert imported.created == len(listed) == models.Location.objects.count() == 451
    assert imported.rejected == 0
    provider_ids = {d["providerId"] for d in details(oldham_dump)}
    named = {p.stem.removeprefix("provider_") for p in (oldham_dump / "provider_details").glob("*.json")}
    # every location's provider, plus providers with a detail file (some run no location listed here)
    assert set(models.Provider.objects.values_list("id", flat=True)) == provider_ids | named
    assert set(models.Provider.objects.exclude(name="").values_list("id", flat=True)) == named


def test_registration_status_dates_and_deregistrations_match_the_files(imported, oldham_dump):
    for detail in details(oldham_dump):
        location = models.Location.objects.get(pk=detail["locationId"])
        assert location.registration_status == detail["registrationStatus"]
        assert location.registered_on == date.fromisoformat(detail["registrationDate"])
        expected = detail.get("deregistrationDate")
        assert location.deregistered_on == (date.fromisoformat(expected) if expected else None)
        assert location.dormant == (detail["dormancy"] == "Y")
        assert location.care_home == (detail["careHome"] == "Y")
    deregistered = sum(1 for d in details(oldham_dump) if d["registrationStatus"] == "Deregistered")
    assert models.Location.objects.filter(registration_status="Deregistered").count() == deregistered > 0


def test_current_ratings_and_each_key_question_date_match_the_files(imported, oldham_dump):
    checked = 0
    for detail in details(oldham_dump):
        overall = (detail.get("currentRatings") or {}).get("overall")
        if not overall or not overall.get("rating"):
            continue
        current = models.Rating.objects.get(location_id=detail["locationId"], is_current=True)
        assert current.overall == normalise_rating(overall["rating"])
        for kq in overall.get("keyQuestionRatings", []):
            name = normalise_key_question(kq["name"])
            assert getattr(current, name) == normalise_rating(kq["rating"])
            if kq.get("reportDate"):
                assert getattr(current, f"{name}_on") == date.fromisoformat(kq["reportDate"])
        checked += 1
    assert checked > 250


def test_historic_ratings_are_kept_and_inherited_ones_marked(imported, oldham_dump):
    expected_reports, expected_inherited = set(), set()
    for detail in details(oldham_dump):
        for historic in detail.get("historicRatings", []):
            key = (detail["locationId"], historic["reportLinkId"])
            expected_reports.add(key)
            if historic.get("organisationId") and historic["organisationId"] != detail["locationId"]:
                expected_inherited.add(key)
    # A historic entry repeating the current report is stored once, as the current rating.
    stored = set(models.Rating.objects.values_list("location_id", "report_link_id"))
    assert expected_reports <= stored
    inherited = set(models.Rating.objects.filter(inherited=True).values_list("location_id", "report_link_id"))
    assert expected_inherited <= inherited and len(expected_inherited) > 20
    not_inherited = expected_reports - expected_inherited
    assert not (
        not_inherited
        & set(
            models.Rating.objects.filter(inherited=True, is_current=False).values_list(
                "location_id", "report_link_id"
            )
        )
    )


def test_the_new_framework_assessments_keep_their_percentages_and_statement_scores(imported, oldham_dump):
    with_assessments = [d for d in details(oldham_dump) if d.get("assessment")]
    assert len(with_assessments) == 4
    assert models.Assessment.objects.values("location").distinct().count() == 4
    for detail in with_assessments:
        for asg in detail["assessment"][0]["ratings"]["asgRatings"]:
            stored = models.Assessment.objects.get(
                location_id=detail["locationId"], assessment_plan_id=asg["assessmentPlanId"]
            )
            for kq in asg["keyQuestionRatings"]:
                mine = stored.key_questions[normalise_key_question(kq["name"])]
                assert mine["rating"] == normalise_rating(kq["rating"])
                assert len(mine["statements"]) == len(kq["topicareas"])
                if kq["rating"] in ("Good", "Outstanding", "Requires improvement", "Inadequate"):
                    assert mine["percent"] == int(kq["percentageScore"])
    care_home = models.Location.objects.get(pk="1-5312102242")
    caring = care_home.assessments.get().key_questions["caring"]
    assert caring["percent"] == 70
    assert {s["id"]: s["score"] for s in caring["statements"]} == {15: 3, 16: 3, 17: 2, 18: 3, 19: 3}
    assert care_home.current_rating == "Good"  # taken from the assessment: no currentRatings block


def test_the_market_figures_for_oldham_count_what_the_files_say(imported, oldham_dump):
    active = [
        d
        for d in details(oldham_dump)
        if d["registrationStatus"] == "Registered"
        and d["dormancy"] != "Y"
        and d["inspectionDirectorate"] == "Adult social care"
    ]
    oldham = next(row for row in queries.market_figures(by="la", service="all") if row.name == "Oldham")
    assert oldham.active == len(active)
    care_homes = next(
        row for row in queries.market_figures(by="la", service="care-homes") if row.name == "Oldham"
    )
    assert care_homes.active == sum(1 for d in active if d["careHome"] == "Y")
    assert care_homes.beds == sum(d.get("numberOfBeds") or 0 for d in active if d["careHome"] == "Y")


def test_importing_the_same_dump_again_changes_nothing(imported, oldham_dump):
    counts = (models.Location.objects.count(), models.Rating.objects.count(), models.Snapshot.objects.count())
    again = services.import_snapshot(
        reader=detect.open_reader(oldham_dump),
        imported_at=datetime(2026, 11, 23, tzinfo=UTC),
        actor_label="test",
    )
    assert again.already_imported or (again.created, again.updated) == (0, 0)
    assert (models.Location.objects.count(), models.Rating.objects.count()) == counts[:2]


def test_the_same_files_again_are_recognised_without_being_read(imported, oldham_dump, monkeypatch):
    def must_not_read(*args, **kwargs):
        raise AssertionError("an unchanged snapshot was parsed again")

    monkeypatch.setattr(snapshots, "_read_all", must_not_read)
    again = services.import_snapshot(
        reader=detect.open_reader(oldham_dump),
        imported_at=datetime(2026, 11, 23, tzinfo=UTC),
        actor_label="test",
    )
    assert again.already_imported and again.unchanged == 451
