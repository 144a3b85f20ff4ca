"""The employer's pages as a provider manager uses them: sign with a task under each statement, record staff
sign-ups, mark tasks done, add a task, renew, withdraw; and a council officer reading those in the area."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from carewatch.core.models import AuditEntry
from carewatch.recognition import services
from carewatch.recognition.models import Commitment, CommitmentTask
from tests.pages import client_for, h1, page, text
from tests.recognition import factories as f

pytestmark = pytest.mark.django_db
NOW = f.NOW  # 1 June 2026


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def acme():
    services.install_defaults(now=NOW)
    council = f.cf.council()
    employer = f.employer(council=council)
    return council, employer, f.manager_of(employer)


def sign_form(*, skip: int | None = None, early: int | None = None) -> dict[str, str]:
    data = {"signed_on_day": "5", "signed_on_month": "1", "signed_on_year": "2026"}
    for n in range(1, 8):
        if n == skip:
            continue
        data[f"task_{n}"] = f"Task {n}"
        data |= {f"due_{n}_day": "1", f"due_{n}_month": "9", f"due_{n}_year": "2026"}
        if n == early:
            data |= {f"due_{n}_month": "12", f"due_{n}_year": "2025"}
    return data


def test_a_manager_reads_the_statements_then_signs_and_sees_the_task_list(acme):
    _, employer, manager = acme
    client = client_for(manager)
    start = page(client.get("/recognition/commitment/"))
    assert h1(start) == "The Social Care Commitment"
    assert len(start.select("#statements li")) == 7
    assert text(start.select_one("main a.govuk-button--start")) == "Sign the commitment"

    response = client.post("/recognition/commitment/sign/", sign_form())
    commitment = Commitment.objects.get(employer=employer)
    assert response.status_code == 302 and response.url == f"/recognition/commitments/{commitment.pk}/"
    detail = page(client.get(response.url))
    assert "Acme Care Ltd has signed the Social Care Commitment" in text(detail)
    items = detail.select("#statement-tasks .govuk-task-list__item")
    assert len(items) == 7
    assert " ".join(items[0].get_text(" ").split()) == "1. Recruit for values 1 task, 0 done In progress"
    assert text(detail.select_one("#tasks-done")) == "0 of 7"
    # signing again goes to the commitment in force
    assert client.get("/recognition/commitment/").url == f"/recognition/commitments/{commitment.pk}/"


def test_signing_without_a_task_under_a_statement_or_with_a_date_before_signing_shows_both_errors(acme):
    _, employer, manager = acme
    response = client_for(manager).post("/recognition/commitment/sign/", sign_form(skip=7, early=3))
    soup = page(response)
    assert soup.title.text.startswith("Error:")
    summary = [" ".join(a.text.split()) for a in soup.select(".govuk-error-summary a")]
    assert summary == [
        "The target date must be on or after the date signed, 5 January 2026",
        "Add a task under statement 7, put it into practice",
    ]
    assert soup.select_one("#statement-7 .govuk-error-message")
    assert soup.select_one("#statement-3 .govuk-error-message")
    assert not Commitment.objects.exists() and not CommitmentTask.objects.exists()


def test_the_manager_records_sign_ups_refusing_a_negative_count_beside_its_role(acme):
    _, employer, manager = acme
    commitment = f.signed(employer, manager)
    client = client_for(manager)
    url = f"/recognition/commitments/{commitment.pk}/staff/"
    counts = {
        "count_care_worker": "12",
        "count_senior_care_worker": "3",
        "count_nurse": "2",
        "count_other": "0",
    }
    soup = page(client.post(url, counts | {"count_manager": "-1"}))
    assert text(soup.select_one("#id_count_manager-error")) == (
        "Error: The number of managers and supervisors must be 0 or more"
    )
    assert not commitment.sign_ups.exists()
    response = client.post(url, counts | {"count_manager": "1"})
    assert response.status_code == 302
    detail = page(client.get(response.url))
    assert text(detail.select_one("#staff-signed")) == "18"
    assert AuditEntry.objects.filter(action="commitment.sign_ups_recorded").count() == 1


def test_the_manager_marks_tasks_done_adds_a_task_renews_and_withdraws(acme):
    _, employer, manager = acme
    commitment = f.signed(employer, manager)
    client = client_for(manager)
    first = commitment.tasks.order_by("pk").first()
    tasks_url = f"/recognition/commitments/{commitment.pk}/tasks/"
    soup = page(client.get(tasks_url))
    assert soup.select_one("#statement-1 .govuk-tag--red").text == "Overdue"  # due 1 March 2026
    done = {"tasks": [str(first.pk)], "done_on_day": "30", "done_on_month": "5", "done_on_year": "2026"}
    assert client.post(tasks_url, done).status_code == 302
    assert CommitmentTask.objects.get(pk=first.pk).done_on == date(2026, 5, 30)

    add = {"statement": "2", "description": "Buddy every new starter"}
    soup = page(
        client.post(tasks_url + "add/", add | {"due_on_day": "1", "due_on_month": "1", "due_on_year": "2026"})
    )
    assert "The target date must be on or after the date signed, 5 January 2026" in text(
        soup.select_one("#id_due_on-error")
    )
    client.post(tasks_url + "add/", add | {"due_on_day": "1", "due_on_month": "9", "due_on_year": "2026"})
    assert commitment.tasks.count() == 8

    renew = f"/recognition/commitments/{commitment.pk}/renew/"
    assert (
        client.post(
            renew, {"renewed_on_day": "1", "renewed_on_month": "6", "renewed_on_year": "2026"}
        ).status_code
        == 302
    )
    withdraw = f"/recognition/commitments/{commitment.pk}/withdraw/"
    assert text(page(client.post(withdraw, {"reason": ""})).select_one(".govuk-error-summary")).endswith(
        "Enter why you are withdrawing from the commitment"
    )
    assert client.post(withdraw, {"reason": "Closing down"}).status_code == 302
    commitment.refresh_from_db()
    assert (commitment.renewed_on, commitment.withdrawn_on) == (date(2026, 6, 1), date(2026, 6, 1))
    assert h1(page(client.get("/recognition/commitment/"))) == "The Social Care Commitment"


def test_a_council_officer_reads_the_commitments_of_providers_in_the_area_without_changing_them(acme):
    council, employer, manager = acme
    commitment = f.signed(employer, manager, due_on=date(2026, 2, 1))  # a task four months late
    officer = f.ah.person(council, "qa_officer")
    client = client_for(officer)
    listing = page(client.get("/recognition/commitments/"))
    assert [text(a) for a in listing.select("#commitments tbody a")] == ["Acme Care Ltd"]
    assert text(listing.select_one("#commitments tbody tr")).endswith("Lapsed")
    detail = page(client.get(f"/recognition/commitments/{commitment.pk}/"))
    assert detail.select_one("#lapsed-warning")
    assert not detail.find("a", string="Add a task")
    assert not detail.select("#other-tasks a")
    tasks = page(client.get(f"/recognition/commitments/{commitment.pk}/tasks/"))
    assert not tasks.select("main form[method=post]")


def test_the_home_page_leads_providers_to_their_commitment_and_council_staff_to_those_in_the_area(acme):
    council, _, manager = acme
    provider_home = page(client_for(manager).get("/home/"))
    assert provider_home.find("a", href="/recognition/commitment/", string="Social Care Commitment")
    officer_home = page(client_for(f.ah.person(council, "qa_officer")).get("/home/"))
    assert officer_home.find("a", href="/recognition/commitments/", string="Social Care Commitments")
    assert not officer_home.find("a", href="/recognition/commitment/")


def test_a_system_administrator_changes_a_statements_words_and_a_blank_title_is_refused(acme):
    admin = f.ah.system_admin()
    client = client_for(admin)
    listing = page(client.get("/recognition/commitment/statements/"))
    assert len(listing.select("#statements .govuk-summary-list__row")) == 7
    url = "/recognition/commitment/statements/1/"
    soup = page(client.post(url, {"title": " ", "text": "We hire kind people."}))
    assert "Enter the statement's title" in text(soup.select_one(".govuk-error-summary"))
    assert client.post(url, {"title": "Hire for values", "text": "We hire kind people."}).status_code == 302
    assert "1. Hire for values" in text(page(client.get("/recognition/commitment/statements/")))
    assert AuditEntry.objects.filter(action="commitment.statement_changed").count() == 1
    _, _, manager = acme
    assert client_for(manager).get(url).status_code == 403
