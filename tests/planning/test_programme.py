"""The visit programme through its pages: policy, capacity, proposing, moving, adding, approving (which
schedules monitoring visits), the officer's diary and .ics, and who may do what."""

from datetime import UTC, date, datetime

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from carewatch.core import http
from carewatch.core.models import AuditEntry
from carewatch.monitoring.models import Visit, VisitState
from carewatch.planning import errors, models, programme_services
from carewatch.register import services
from carewatch.register.models import Location
from tests import access_helpers as ah
from tests.register import factories as f

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # a Monday
START = date(2027, 1, 11)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setattr(http, "now", lambda: NOW)


@pytest.fixture
def world(db):
    records = [
        f.location(
            "1-1", name="Near One", postcode="OL1 1AA", latitude=53.54, longitude=-2.11, rating="Inadequate"
        ),
        f.location("1-2", name="Near Two", postcode="OL1 2AA", latitude=53.55, longitude=-2.11),
        f.location(
            "1-3", name="Far Three", postcode="OL8 1AA", latitude=53.52, longitude=-2.13, rating="Inadequate"
        ),
        f.location("1-9", name="Rochdale Home", local_authority="Rochdale", postcode="OL11 1AA"),
    ]
    services.import_snapshot(reader=f.reader(records), imported_at=NOW, actor_label="test")
    oldham = ah.council(code="E08000004")
    manager = ah.person(oldham, "qa_manager", username="manager-mo")
    officer = ah.person(oldham, "qa_officer", username="officer-olive")
    programme_services.set_policy(
        organisation=oldham,
        actor=manager,
        values={**models_default(), "high_risk_score": 30, "unannounced_shares": {"care_home": 50}},
        now=NOW,
    )
    programme_services.set_capacity(
        organisation=oldham, actor=manager, officer=officer, days_per_week=2, areas=["OL1", "OL8"], now=NOW
    )
    return oldham, manager, officer


def models_default():
    from carewatch.planning import programme

    return programme.DEFAULT_POLICY.as_dict()


def generate(world):
    oldham, manager, _ = world
    return programme_services.generate_programme(
        organisation=oldham, actor=manager, starts_on=START, weeks=4, now=NOW
    )


def test_the_proposal_lists_the_high_risk_services_with_reasons_announced_share_and_distances(client, world):
    plan = generate(world)
    items = list(plan.visits.order_by("visit_on", "order"))
    assert {i.location_id for i in items} == {"1-1", "1-3"}  # rated Inadequate: high risk, never visited
    assert all(
        "High risk: score" in i.reasons[0] and "never visited by the council" in i.reasons[0] for i in items
    )
    assert sum(not i.announced for i in items) == 1  # 50% of two care homes
    ah.sign_in(client, world[1])
    page = client.get(reverse("planning:programme_detail", args=[plan.pk]))
    text = BeautifulSoup(page.content, "html.parser").get_text(" ", strip=True)
    assert "Near One" in text and "Far Three" in text and "Unannounced" in text and " km" in text
    assert AuditEntry.objects.filter(action="planning.programme_proposed", object_id=str(plan.pk)).exists()


def test_a_manager_moves_a_visit_and_approving_schedules_it_in_monitoring(client, world):
    oldham, manager, officer = world
    plan = generate(world)
    item = plan.visits.order_by("id").first()
    ah.sign_in(client, manager)
    moved = client.post(
        reverse("planning:visit_move", args=[plan.pk, item.pk]),
        {"visit_on_day": "20", "visit_on_month": "1", "visit_on_year": "2027", "officer": str(officer.pk)},
    )
    assert moved.status_code == 302
    client.post(reverse("planning:programme_detail", args=[plan.pk]))
    item.refresh_from_db()
    assert item.visit_on == date(2027, 1, 20)
    visit = Visit.objects.get(pk=item.visit_id)
    assert visit.status == VisitState.SCHEDULED and visit.visit_on == date(2027, 1, 20)
    assert list(visit.officers.all()) == [officer] and visit.announced == item.announced
    assert AuditEntry.objects.filter(action="planning.programme_visit_moved").count() == 1
    assert AuditEntry.objects.filter(action="planning.programme_approved").count() == 1
    assert AuditEntry.objects.filter(action="monitoring.visit_scheduled").count() == plan.visits.count()
    # the officer's diary shows it, linked to the visit to record
    ah.sign_in(client, officer)
    diary = client.get(reverse("planning:diary"))
    ics = client.get(reverse("planning:diary_ics"))
    assert reverse("monitoring:visit_detail", args=[visit.pk]) in diary.content.decode()
    assert "Wednesday 20 January 2027" in diary.content.decode()
    calendar = icalendar.Calendar.from_ical(ics.content)
    events = [e for e in calendar.walk("VEVENT")]
    assert len(events) == plan.visits.count()
    assert ics["Content-Type"].startswith("text/calendar")


def test_a_second_approval_and_changes_after_approval_are_refused(world):
    _, manager, officer = world
    plan = generate(world)
    programme_services.approve_programme(plan=plan, actor=manager, now=NOW)
    with pytest.raises(errors.InvalidInput):
        programme_services.approve_programme(plan=plan, actor=manager, now=NOW)
    with pytest.raises(errors.InvalidInput):
        programme_services.remove_visit(item=plan.visits.first(), actor=manager, now=NOW)


def test_a_visit_for_a_deregistered_service_is_refused_and_nothing_is_saved(client, world):
    _, manager, officer = world
    plan = generate(world)
    Location.objects.filter(pk="1-2").update(
        registration_status="Deregistered", deregistered_on=date(2026, 12, 1)
    )
    ah.sign_in(client, manager)
    page = client.post(
        reverse("planning:visit_add", args=[plan.pk]),
        {
            "location": "1-2",
            "visit_on_day": "12",
            "visit_on_month": "1",
            "visit_on_year": "2027",
            "officer": str(officer.pk),
            "announced": "yes",
        },
    )
    assert page.status_code == 200
    assert "Near Two is deregistered: it cannot be visited" in page.content.decode()
    assert not plan.visits.filter(location_id="1-2").exists()


def test_an_officer_with_no_capacity_is_flagged_and_refused_bad_input_named(client, world):
    oldham, manager, officer = world
    other = ah.person(oldham, "qa_officer", username="officer-ned")
    ah.sign_in(client, manager)
    page = client.get(reverse("planning:programme_list"))
    assert "No visiting days set for" in page.content.decode()
    assert other.get_full_name() in page.content.decode().split("No visiting days set for")[1][:300]
    bad = client.post(
        reverse("planning:officer_capacity", args=[other.pk]), {"days_per_week": "7", "areas": ""}
    )
    assert "Days a week must be a whole number from 0 to 5" in bad.content.decode()
    empty = client.post(reverse("planning:officer_capacity", args=[other.pk]), {"days_per_week": ""})
    assert "Enter the days a week the officer visits" in empty.content.decode()
    programme_services.set_capacity(
        organisation=oldham, actor=manager, officer=officer, days_per_week=0, areas=[], now=NOW
    )
    with pytest.raises(errors.InvalidInput) as caught:
        generate(world)
    assert caught.value.field == "officers"


def test_a_policy_with_no_frequency_or_a_share_over_100_is_refused_on_the_page(client, world):
    _, manager, _ = world
    ah.sign_in(client, manager)
    page = client.post(
        reverse("planning:policy"),
        {
            "contracted_months": "",
            "high_risk_score": "40",
            "high_risk_months": "6",
            "new_registration_months": "3",
            "follow_up_months": "6",
            "intensive_from_level": "2",
            "intensive_every_days": "7",
            "visits_per_day": "3",
            "unannounced_home_care": "120",
        },
    )
    html = page.content.decode()
    assert "Enter how often every contracted service is visited" in html
    assert "must be between 0% and 100%" in html
    assert models.PolicyVersion.objects.count() == 1


def test_a_saved_policy_is_a_new_audited_version(client, world):
    _, manager, _ = world
    ah.sign_in(client, manager)
    data = {
        "contracted_months": "9",
        "high_risk_score": "40",
        "high_risk_months": "4",
        "new_registration_months": "3",
        "follow_up_months": "6",
        "intensive_from_level": "3",
        "intensive_every_days": "1",
        "visits_per_day": "2",
        "unannounced_older_people_care_home": "60",
    }
    assert client.post(reverse("planning:policy"), data).status_code == 302
    latest = models.PolicyVersion.objects.order_by("-version").first()
    assert latest.version == 2 and latest.values["contracted_months"] == 9
    assert latest.values["unannounced_shares"] == {"older_people_care_home": 60}
    assert AuditEntry.objects.filter(action="planning.policy_changed").count() == 2


def test_officers_and_other_councils_cannot_plan_and_see_no_programme(client, world):
    _, _, officer = world
    plan = generate(world)
    ah.sign_in(client, officer)
    assert client.get(reverse("planning:programme_list")).status_code == 403
    rochdale = ah.person(ah.council(code="E08000005"), "qa_manager")
    ah.sign_in(client, rochdale)
    assert client.get(reverse("planning:programme_detail", args=[plan.pk])).status_code == 404
    assert client.post(reverse("planning:programme_detail", args=[plan.pk])).status_code == 404
    with pytest.raises(errors.NotPermitted):
        programme_services.approve_programme(plan=plan, actor=rochdale, now=NOW)
    provider = ah.person(ah.provider(provider_id="1-200000001"), "provider_manager")
    ah.sign_in(client, provider)
    assert client.get(reverse("planning:diary")).status_code == 403
    assert client.get(reverse("planning:diary_ics")).status_code == 403


UNANNOUNCED_NAME = "Far Three"


def test_an_unannounced_visit_is_never_shown_to_the_provider_before_it_happens(client, world):
    """Every provider-facing page and API listing visits: the provider's home, its reports, the public
    service page, the provider's public page and the API."""
    oldham, manager, officer = world
    plan = generate(world)
    models.ProgrammeVisit.objects.filter(programme=plan).update(announced=False)
    programme_services.approve_programme(plan=plan, actor=manager, now=NOW)
    visit = Visit.objects.get(location_id="1-3")
    assert visit.announced is False and visit.status == VisitState.SCHEDULED
    provider_org = ah.provider(provider_id="1-200000001")
    for role in ("provider_manager", "provider_staff"):
        person = ah.person(provider_org, role)
        ah.sign_in(client, person)
        for url in (
            "/",
            reverse("staff:home") if _has("staff:home") else "/",
            reverse("monitoring:report_list"),
            reverse("public:location_detail", args=["1-3"]),
            "/api/v1/locations/1-3",
        ):
            response = client.get(url)
            assert response.status_code in (200, 302, 401, 403, 404), url
            body = response.content.decode()
            assert f"/monitoring/visits/{visit.pk}/" not in body, url
            assert "11 January 2027" not in body and "12 January 2027" not in body, url
        assert client.get(reverse("monitoring:visit_detail", args=[visit.pk])).status_code in (403, 404)
        assert client.get(reverse("monitoring:report_detail", args=[visit.pk])).status_code in (403, 404)


def _has(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def test_home_pages_offer_the_diary_to_officers_and_the_programme_to_managers_only(client, world):
    oldham, manager, officer = world
    provider = ah.person(ah.provider(provider_id="1-200000001"), "provider_manager")
    offered = {}
    for who, person in (("manager", manager), ("officer", officer), ("provider", provider)):
        ah.sign_in(client, person)
        soup = BeautifulSoup(client.get(reverse("staff:home")).content, "html.parser")
        offered[who] = {a.get_text(strip=True) for a in soup.find_all("a")} & {
            "My visit diary",
            "Visit programme",
        }
    assert offered == {
        "manager": {"My visit diary", "Visit programme"},
        "officer": {"My visit diary"},
        "provider": set(),
    }


def test_adding_an_unknown_service_is_refused_naming_the_field(client, world):
    _, manager, officer = world
    plan = generate(world)
    ah.sign_in(client, manager)
    page = client.post(
        reverse("planning:visit_add", args=[plan.pk]),
        {
            "location": "1-404",
            "visit_on_day": "12",
            "visit_on_month": "1",
            "visit_on_year": "2027",
            "officer": str(officer.pk),
            "announced": "no",
        },
    )
    soup = BeautifulSoup(page.content, "html.parser")
    assert "There is no service with that CQC location ID" in soup.find(id="id_location-error").get_text()


def test_policy_versions_and_capacity_rows_are_insert_only(world):
    from django.db import DatabaseError, connection, transaction

    version = models.PolicyVersion.objects.get()
    capacity = models.OfficerCapacity.objects.get()
    for row in (version, capacity):
        with pytest.raises(PermissionError):
            row.save()
        with pytest.raises(PermissionError):
            row.delete()
    if connection.vendor == "postgresql":  # the trigger refuses even a bulk update
        for queryset in (models.PolicyVersion.objects.all(), models.OfficerCapacity.objects.all()):
            with pytest.raises(DatabaseError), transaction.atomic():
                queryset.update(created_at=NOW)


def test_the_diary_offers_to_record_todays_and_overdue_visits_says_when_for_later_ones_and_shows_done(
    client, world
):
    oldham, manager, officer = world
    today = NOW.date()
    from carewatch.monitoring import services as monitoring_services

    monitoring_services.install_defaults(now=NOW)
    visits = {}
    for location_id, day in (("1-1", today), ("1-2", date(2027, 1, 6)), ("1-3", date(2026, 12, 30))):
        visits[location_id] = monitoring_services.schedule_visit(
            organisation=oldham,
            actor=manager,
            location=Location.objects.get(pk=location_id),
            visit_on=max(day, today),
            officers=[officer],
            now=NOW,
        )
    Visit.objects.filter(pk=visits["1-3"].pk).update(visit_on=date(2026, 12, 30))  # its date has passed
    ah.sign_in(client, officer)
    soup = BeautifulSoup(client.get(reverse("planning:diary")).content, "html.parser")
    rows = {li.find("a").get_text(): li for li in soup.select("li.diary-visit")}
    start = reverse("monitoring:visit_start", args=[visits["1-1"].pk])
    assert rows["Near One"].find("a", href=start).get_text(" ", strip=True) == "Record the visit to Near One"
    assert "Overdue" in rows["Far Three"].get_text() and rows["Far Three"].find(
        "a", href=reverse("monitoring:visit_start", args=[visits["1-3"].pk])
    )
    assert "You can record it from Wednesday 6 January" in rows["Near Two"].get_text()
    assert rows["Near Two"].find("a", string=lambda s: s and "Record" in s) is None

    # recording today's visit: the diary shows it done, with no link to record it again
    monitoring_services.start_visit(visit=visits["1-1"], actor=officer, now=NOW)
    soup = BeautifulSoup(client.get(reverse("planning:diary")).content, "html.parser")
    done = next(li for li in soup.select("li.diary-visit") if "Near One" in li.get_text())
    assert (
        "Done" in done.get_text()
        and "Report: Draft" in done.get_text()
        and done.find("a", href=start) is None
    )
    # the calendar file keeps only what is still to be done
    calendar = icalendar.Calendar.from_ical(client.get(reverse("planning:diary_ics")).content)
    assert {str(e["summary"]) for e in calendar.walk("VEVENT")} == {"Visit: Near Two"}


def test_approving_a_programme_of_one_visit_says_1_visit_scheduled(client, world):
    _, manager, _ = world
    plan = generate(world)
    ah.sign_in(client, manager)
    removed = plan.visits.order_by("id").first()
    client.post(reverse("planning:visit_remove", args=[plan.pk, removed.pk]))
    page = client.post(reverse("planning:programme_detail", args=[plan.pk]), follow=True)
    text = BeautifulSoup(page.content, "html.parser").get_text(" ", strip=True)
    assert "Programme approved: 1 visit scheduled" in text
    assert "1 visits" not in text


def test_the_policy_and_capacity_pages_lead_back_to_the_visit_programme(client, world):
    """The programme page links to the visit policy and officers' capacity; after changing either, the
    manager goes back to propose a programme from it."""
    _, manager, _ = world
    ah.sign_in(client, manager)
    programme_page = reverse("planning:programme_list")
    for name in ("planning:policy", "planning:officer_list"):
        soup = BeautifulSoup(client.get(reverse(name)).content, "html.parser")
        back = soup.select_one("nav a.govuk-back-link")
        assert back is not None and back["href"] == programme_page, name
        assert back.get_text(strip=True) == "Back to the visit programme"


def test_a_programme_with_no_visits_cannot_be_approved(client, world):
    """Approving an empty programme said "Programme approved: 0 visits scheduled"."""
    _, manager, _ = world
    plan = generate(world)
    ah.sign_in(client, manager)
    for item in plan.visits.order_by("id"):
        client.post(reverse("planning:visit_remove", args=[plan.pk, item.pk]))
    assert not plan.visits.exists()
    page = client.post(reverse("planning:programme_detail", args=[plan.pk]), follow=True)
    text = BeautifulSoup(page.content, "html.parser").get_text(" ", strip=True)
    assert "The programme has no visits: add a visit before approving it" in text
    assert "Programme approved" not in text
    plan.refresh_from_db()
    assert plan.status == models.ProgrammeState.DRAFT
    assert not AuditEntry.objects.filter(action="planning.programme_approved").exists()
