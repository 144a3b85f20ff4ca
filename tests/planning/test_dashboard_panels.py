"""Issue 17 on the dashboards: CQC activity (everyone) and the visit programme's coverage against the
council's policy (its own staff and partners only), each with a CSV download like the other panels."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from carewatch.insights import areas, panels_planning
from carewatch.register.models import Location, Rating
from tests.capacity import given
from tests.capacity.conftest import world  # noqa: F401
from tests.pages import client_for, page

NOW = datetime(2026, 4, 20, 9, tzinfo=UTC)
OLDHAM = areas.Area("la", "E08000004", "Oldham")


@pytest.fixture
def oldham(world):  # noqa: F811
    given.a_contract(world, NOW, starts_on=date(2026, 1, 1))  # Oak House: contracted, never visited
    for home, on in ((world.home, date(2026, 2, 3)), (world.other_home, date(2021, 6, 1))):
        Rating.objects.create(
            location=home, report_on=on, overall="Good", is_current=True, first_snapshot=home.first_snapshot
        )
    Rating.objects.create(
        location=world.home,
        report_on=date(2025, 2, 9),
        overall="Requires improvement",
        first_snapshot=world.home.first_snapshot,
    )
    Location.objects.filter(pk=world.home.pk).update(registered_on=date(2015, 1, 1))
    Location.objects.filter(pk=world.other_home.pk).update(registered_on=date(2015, 1, 1))
    return world


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def dashboard(client, **params):
    return client.get(reverse("insights:dashboard"), {"area": "la:E08000004", "service": "all", **params})


def test_cqc_activity_counts_reports_per_month_against_earlier_years_and_stale_services(oldham):
    found = panels_planning.cqc_activity(OLDHAM, service="all", on=date(2026, 4, 20))
    by_month = dict(zip([f"{m:%Y-%m}" for m in found.months], found.published, strict=True))
    assert by_month["2026-02"] == 1 and sum(found.published) == 1
    assert found.year_before[found.months.index(date(2026, 2, 1))] == 1  # February 2025
    # Oak House reported in February 2026; Birch Lodge last in June 2021: over 2 and over 4 years
    assert (found.active, found.not_for_2_years, found.not_for_4_years) == (2, 1, 1)
    assert found.pct(found.not_for_2_years) == 50.0


def test_the_public_sees_cqc_activity_but_not_the_councils_visit_coverage(oldham):
    soup = page(dashboard(Client()))
    assert soup.find(id="heading-cqc-activity") is not None
    assert soup.find(id="heading-not-inspected") is not None
    assert soup.find(id="heading-visit-coverage") is None
    response = dashboard(Client(), download="cqc-activity", format="csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Month", "Reports", "A year earlier", "Two years earlier"]
    assert dashboard(Client(), download="visit-coverage", format="csv").status_code == 404


def test_the_councils_staff_see_due_overdue_done_and_can_download_it(oldham):
    soup = page(dashboard(client_for(oldham.analyst)))
    section = soup.find(id="heading-visit-coverage").find_parent("section").get_text(" ", strip=True)
    assert "Due in the next four weeks under the policy 1" in section  # Oak House, contracted, never visited
    assert "Visits carried out in the last 12 months 0" in section
    response = dashboard(client_for(oldham.analyst), download="visit-coverage", format="csv")
    assert "Unannounced, %" in response.content.decode()


def test_another_council_does_not_see_oldhams_coverage(oldham):
    soup = page(dashboard(client_for(oldham.rochdale_commissioner)))
    assert soup.find(id="heading-visit-coverage") is None
