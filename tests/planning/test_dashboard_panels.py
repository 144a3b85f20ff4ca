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

from carewatch.capacity import services
from carewatch.capacity.services import ContractInput
from carewatch.insights import areas, panels_planning
from carewatch.planning import programme_queries
from carewatch.register.models import Location, Rating
from tests import access_helpers as ah
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


# --- an ICB's and a region's coverage: the councils in it whose records the reader may read, added up ---------

GREATER_MANCHESTER, NORTH_WEST = "icb:E54000057", "region:E12000002"


@pytest.fixture
def two_councils(oldham):
    """Oldham (Oak House under contract) and Rochdale (Ash Court under contract): both due a visit."""
    services.record_contract(
        organisation=oldham.rochdale,
        actor=oldham.rochdale_commissioner,
        contract=ContractInput(
            reference="RMBC-001",
            provider_id=oldham.beta.pk,
            kind="block",
            starts_on=date(2026, 1, 1),
            location_ids=(oldham.rochdale_home.pk,),
            service_types=("Residential homes",),
            people_funded=4,
        ),
        now=NOW,
    )
    return oldham


def coverage_section(soup) -> str | None:
    heading = soup.find(id="heading-visit-coverage")
    return None if heading is None else heading.find_parent("section").get_text(" ", strip=True)


def each(gm, on=date(2026, 4, 20)):
    return {
        council.name: programme_queries.coverage(organisation=council, today=on)
        for council in (gm.oldham, gm.rochdale)
    }


def test_a_system_administrator_sees_the_regions_coverage_added_up_over_its_councils(two_councils):
    found = each(two_councils)
    assert all(c.due >= 1 for c in found.values())  # both councils contribute
    admin = ah.system_admin()
    section = coverage_section(page(dashboard(client_for(admin), area=NORTH_WEST)))
    assert section is not None
    due = sum(c.due for c in found.values())
    assert f"Due in the next four weeks under each council’s policy {due}" in section
    assert (
        "2 councils:" in section
        and two_councils.oldham.name in section
        and two_councils.rochdale.name in section
    )
    response = dashboard(client_for(admin), area=NORTH_WEST, download="visit-coverage", format="csv")
    rows = dict(row for row in csv.reader(io.StringIO(response.content.decode())) if len(row) == 2)
    assert rows["Visits carried out in the last 12 months"] == "0"


def test_an_icb_sees_only_the_councils_that_share_with_it_and_the_public_sees_none(two_councils):
    gm = two_councils
    board = ah.icb(code="E54000057")
    gm.oldham.partners.add(board)  # Oldham shares with its ICB; Rochdale does not
    analyst = ah.person(board, "analyst")
    section = coverage_section(page(dashboard(client_for(analyst), area=GREATER_MANCHESTER)))
    oldhams = each(gm)[gm.oldham.name]
    assert section is not None and gm.rochdale.name not in section
    assert f"Due in the next four weeks under each council’s policy {oldhams.due}" in section
    assert coverage_section(page(dashboard(Client(), area=GREATER_MANCHESTER))) is None
    assert coverage_section(page(dashboard(Client(), area=NORTH_WEST))) is None
    assert dashboard(Client(), area=NORTH_WEST, download="visit-coverage", format="csv").status_code == 404


def test_a_council_reads_only_its_own_coverage_on_its_icbs_dashboard(two_councils):
    gm = two_councils
    section = coverage_section(page(dashboard(client_for(gm.rochdale_commissioner), area=GREATER_MANCHESTER)))
    assert section is not None and gm.rochdale.name in section and gm.oldham.name not in section
    rochdales = each(gm)[gm.rochdale.name]
    assert f"Due in the next four weeks under each council’s policy {rochdales.due}" in section


def test_an_icb_with_no_council_sharing_sees_no_coverage(two_councils):
    analyst = ah.person(ah.icb(code="E54000057"), "analyst")
    assert coverage_section(page(dashboard(client_for(analyst), area=GREATER_MANCHESTER))) is None


def test_coverage_adds_up_each_measure():
    one = programme_queries.Coverage(date(2025, 4, 20), date(2026, 4, 20), 1, 2, 3, 4, 1, 1, 2)
    two = programme_queries.Coverage(date(2025, 4, 20), date(2026, 4, 20), 10, 20, 30, 6, 4, 2, 3)
    total = programme_queries.Coverage.total([one, two], today=date(2026, 4, 20))
    assert (total.due, total.overdue, total.scheduled, total.done, total.unannounced) == (11, 22, 33, 10, 5)
    assert (total.intensive_due, total.intensive_done, total.unannounced_pct) == (3, 5, 50.0)
