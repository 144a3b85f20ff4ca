"""The public Social Care Commitment register: search by name, council and service type; date signed, tasks
completed and staff signed (counts only); lapsed shown as lapsed; withdrawn gone; paged; the open-data CSV
with every cell made safe and a licence line."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import time_machine
from django.test import Client

from carewatch.public.views import commitment as register_view
from carewatch.recognition import services
from tests.pages import page, text
from tests.recognition import factories as f

pytestmark = pytest.mark.django_db
NOW = f.NOW  # 1 June 2026


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def register():
    """Acme (Oldham care home, on time, 15 staff signed), Beta (Rochdale home care, lapsed), Gamma (withdrawn)."""
    services.install_defaults(now=NOW)
    oldham, rochdale = f.cf.council(), f.cf.council("E08000005")
    acme = f.employer("Acme Care Ltd", oldham)
    manager = f.manager_of(acme)
    on_time = f.signed(acme, manager, signed_on=date(2026, 1, 5), due_on=date(2026, 9, 1))
    services.complete_tasks(
        commitment=on_time,
        actor=manager,
        task_ids=[on_time.tasks.first().pk],
        done_on=date(2026, 5, 1),
        now=NOW,
    )
    services.record_sign_ups(
        commitment=on_time, actor=manager, counts={"care_worker": 12, "nurse": 3}, now=NOW
    )
    beta = f.employer("Beta Home Care", rochdale, home="Beta Office", service_type="Homecare agencies")
    f.signed(beta, f.manager_of(beta), signed_on=date(2025, 10, 1), due_on=date(2026, 1, 1))
    gamma = f.employer("Gamma Homes", oldham, home="Gamma House")
    gone = f.signed(gamma, f.manager_of(gamma))
    services.withdraw_commitment(commitment=gone, actor=None, reason="Closed", now=NOW, label="test")
    return on_time


def results(soup) -> list[str]:
    return [li["data-employer"] for li in soup.select("#register-results > li")]


def test_the_register_lists_signatories_with_dates_tasks_and_staff_counts_and_marks_lapsed_ones(register):
    soup = page(Client().get("/commitments/"))
    assert results(soup) == ["Acme Care Ltd", "Beta Home Care"]  # Gamma withdrew
    acme, beta = soup.select("#register-results > li")
    assert "Signed 5 January 2026" in text(acme)
    assert "Tasks completed 1 of 7" in text(acme) and "Staff signed up 15" in text(acme)
    assert "Runs services in Oldham" in text(acme)
    assert acme.select_one(".govuk-tag").text == "Current"
    assert beta.select_one(".govuk-tag").text == "Lapsed"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("q=acme", ["Acme Care Ltd"]),
        ("la=E08000005", ["Beta Home Care"]),
        ("service=Homecare+agencies", ["Beta Home Care"]),
        ("service=Residential+homes&la=E08000004", ["Acme Care Ltd"]),
        ("q=gamma", []),
    ],
)
def test_the_register_is_searched_by_name_council_and_service_type(register, query, found):
    soup = page(Client().get(f"/commitments/?{query}"))
    assert results(soup) == found
    if not found:
        assert soup.select_one("#no-results")


def test_an_unknown_council_is_an_error_beside_its_field_not_a_500(register):
    soup = page(Client().get("/commitments/?la=E99999999"))
    assert soup.title.text.startswith("Error:")
    assert "Choose a council from the list" in text(soup.select_one(".govuk-error-summary"))


def test_the_register_is_paged(register, monkeypatch):
    monkeypatch.setattr(register_view, "PAGE_SIZE", 1)
    first = page(Client().get("/commitments/"))
    second = page(Client().get("/commitments/?page=2"))
    assert results(first) == ["Acme Care Ltd"] and results(second) == ["Beta Home Care"]
    assert first.select_one("nav.govuk-pagination a[rel=next]")["href"].endswith("page=2")


def test_the_csv_holds_every_match_with_safe_cells_and_a_licence_line(register):
    register.employer.name = "=HYPERLINK(1)"
    register.employer.save(update_fields=["name"])
    response = Client().get("/commitments/register.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'rel="license"' in response["Link"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["Employer", "CQC provider ID", "Councils where it runs services", "Date signed"]
    by_name = {row[0]: row for row in rows[1:-1]}
    assert set(by_name) == {"'=HYPERLINK(1)", "Beta Home Care"}
    acme = by_name["'=HYPERLINK(1)"]
    assert acme[2:] == ["Oldham", "2026-01-05", "", "7", "1", "15", "Current"]
    assert by_name["Beta Home Care"][-1] == "Lapsed"
    assert rows[-1][0].startswith("Published under the Open Government Licence v3.0")
    filtered = Client().get("/commitments/register.csv?la=E08000005")
    assert len(list(csv.reader(io.StringIO(b"".join(filtered.streaming_content).decode())))) == 3


def test_a_page_of_the_register_costs_the_same_queries_however_many_employers_it_shows(register):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_a_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            page(Client().get("/commitments/"))
        return len(captured)

    before = queries_for_a_page()
    for number in range(3):
        employer = f.employer(f"More Care {number}", home=f"More House {number}")
        f.signed(employer, f.manager_of(employer))
    assert len(results(page(Client().get("/commitments/")))) == 5
    assert queries_for_a_page() == before
