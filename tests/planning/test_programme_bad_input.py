# ruff: noqa: F811  (the fixtures imported from test_programme are arguments here)
"""Issue 17's bad input to the visit programme, through the pages: each refused with a message naming the
field, nothing saved, never a server error. A policy with no frequency, an officer with no capacity, a visit
for a deregistered service (when added, and when the service deregisters before approval), and the rest."""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from carewatch.core.models import AuditEntry
from carewatch.monitoring.models import Visit
from carewatch.planning import errors, models, programme_services
from carewatch.register.models import Location
from tests import access_helpers as ah
from tests.planning.test_programme import NOW, frozen_clock, generate, world  # noqa: F401

POLICY = {
    "contracted_months": "12",
    "high_risk_score": "60",
    "high_risk_months": "6",
    "new_registration_months": "3",
    "follow_up_months": "6",
    "intensive_from_level": "2",
    "intensive_every_days": "7",
    "visits_per_day": "3",
}


def errors_on(response) -> str:
    assert response.status_code == 200, response.status_code
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None, "no error summary"
    return summary.get_text(" ", strip=True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"contracted_months": ""}, "Enter how often every contracted service is visited"),
        ({"high_risk_months": ""}, "Enter how often a high-risk service is visited"),
        ({"contracted_months": "twelve"}, "whole number"),
        ({"contracted_months": "-3"}, "must be between 1 and 60"),
        ({"contracted_months": "2.5"}, "must be a whole number"),
        ({"high_risk_score": "nan"}, "as a number"),
        ({"high_risk_score": "-1"}, "0 or more"),
        ({"visits_per_day": "0"}, "visits"),
        ({"unannounced_care_home": "abc"}, "unannounced share for other care homes must be a whole number"),
        ({"unannounced_care_home": "150"}, "must be between 0% and 100%"),
        ({"contracted_months": "9" * 400}, "must be a whole number"),
        ({"contracted_months": "inf"}, "must be a whole number"),
    ],
)
def test_a_bad_policy_is_refused_naming_the_field_and_nothing_is_saved(client, world, changes, message):
    _, manager, _ = world
    ah.sign_in(client, manager)
    before = models.PolicyVersion.objects.count()
    text = errors_on(client.post(reverse("planning:policy"), {**POLICY, **changes}))
    assert message.lower() in text.lower()
    assert models.PolicyVersion.objects.count() == before


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("", "Enter the days a week the officer visits"),
        ("6", "Days a week must be a whole number from 0 to 5"),
        ("two", "Days a week must be a whole number from 0 to 5"),
        ("-1", "Days a week must be a whole number from 0 to 5"),
    ],
)
def test_bad_capacity_is_refused_naming_the_field(client, world, days, message):
    oldham, manager, officer = world
    ah.sign_in(client, manager)
    before = models.OfficerCapacity.objects.count()
    response = client.post(reverse("planning:officer_capacity", args=[officer.pk]), {"days_per_week": days})
    assert message in errors_on(response)
    assert models.OfficerCapacity.objects.count() == before


def test_a_programme_with_no_officer_able_to_visit_is_refused_on_the_page(client, world):
    oldham, manager, officer = world
    programme_services.set_capacity(
        organisation=oldham, actor=manager, officer=officer, days_per_week=0, areas=[], now=NOW
    )
    ah.sign_in(client, manager)
    response = client.post(
        reverse("planning:programme_list"),
        {"starts_on_day": "11", "starts_on_month": "1", "starts_on_year": "2027", "weeks": "4"},
    )
    assert "No officer has any visiting days: set officers’ capacity first".replace("’", "'") in errors_on(
        response
    ).replace("’", "'")
    assert not models.Programme.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"starts_on_day": "3", "starts_on_month": "1", "starts_on_year": "2027", "weeks": "4"},
            "today or later",
        ),
        ({"starts_on_day": "31", "starts_on_month": "2", "starts_on_year": "2027", "weeks": "4"}, "date"),
        ({"starts_on_day": "11", "starts_on_month": "1", "starts_on_year": "2027", "weeks": "13"}, "1 to 12"),
        ({"starts_on_day": "11", "starts_on_month": "1", "starts_on_year": "2027", "weeks": "x"}, "1 to 12"),
        ({"weeks": "4"}, "first day"),
    ],
)
def test_a_bad_programme_request_is_refused_naming_the_field(client, world, data, message):
    _, manager, _ = world
    ah.sign_in(client, manager)
    assert message.lower() in errors_on(client.post(reverse("planning:programme_list"), data)).lower()
    assert not models.Programme.objects.exists()


@pytest.mark.parametrize(
    ("day", "officer", "message"),
    [
        ("2026-12-31", "me", "today or in the future"),
        ("2027-03-01", "me", "within the programme"),
        ("2027-01-12", "", "Choose an officer"),
        ("2027-01-12", "99999", "Select a valid choice"),
    ],
)
def test_moving_a_visit_badly_is_refused_and_nothing_moves(client, world, day, officer, message):
    _, manager, me = world
    plan = generate(world)
    item = plan.visits.order_by("id").first()
    ah.sign_in(client, manager)
    y, m, d = day.split("-")
    response = client.post(
        reverse("planning:visit_move", args=[plan.pk, item.pk]),
        {
            "visit_on_day": d,
            "visit_on_month": m,
            "visit_on_year": y,
            "officer": str(me.pk) if officer == "me" else officer,
        },
    )
    assert message.lower() in errors_on(response).lower()
    moved = models.ProgrammeVisit.objects.get(pk=item.pk)
    assert (moved.visit_on, moved.officer_id) == (item.visit_on, item.officer_id)


def test_a_service_deregistered_after_the_proposal_stops_the_approval_naming_it_and_nothing_is_scheduled(
    client, world
):
    _, manager, _ = world
    plan = generate(world)
    Location.objects.filter(pk="1-1").update(
        registration_status="Deregistered", deregistered_on=date(2027, 1, 5)
    )
    ah.sign_in(client, manager)
    response = client.post(reverse("planning:programme_detail", args=[plan.pk]))
    assert response.status_code == 200
    assert "Near One on" in response.content.decode() and "is deregistered: it cannot be visited" in (
        response.content.decode()
    )
    plan.refresh_from_db()
    assert plan.status == models.ProgrammeState.DRAFT
    assert not Visit.objects.exists()  # all or nothing: the other visit is not scheduled either
    assert not AuditEntry.objects.filter(action="planning.programme_approved").exists()
    with pytest.raises(errors.InvalidInput):
        programme_services.approve_programme(plan=plan, actor=manager, now=NOW)


def test_no_page_of_the_programme_answers_a_server_error_to_nonsense(world):
    _, manager, officer = world
    plan = generate(world)
    item = plan.visits.order_by("id").first()
    client = ah.sign_in(Client(raise_request_exception=False), manager)
    nonsense = {
        "contracted_months": "\u202e12",
        "days_per_week": "5" * 50,
        "areas": "x" * 5000,
        "starts_on_day": "99",
        "starts_on_month": "99",
        "starts_on_year": "99999999",
        "weeks": "1e9",
        "visit_on_day": "-1",
        "visit_on_month": "0",
        "visit_on_year": "0",
        "officer": "'; drop table",
        "location": "1-1" * 200,
        "announced": "maybe",
        "reason": "r" * 1000,
    }
    urls = [
        reverse("planning:policy"),
        reverse("planning:officer_capacity", args=[officer.pk]),
        reverse("planning:programme_list"),
        reverse("planning:programme_detail", args=[plan.pk]),
        reverse("planning:visit_move", args=[plan.pk, item.pk]),
        reverse("planning:visit_add", args=[plan.pk]),
        reverse("planning:visit_remove", args=[plan.pk, 99999]),
    ]
    for url in urls:
        response = client.post(url, nonsense)
        assert response.status_code < 500, (url, response.status_code)
