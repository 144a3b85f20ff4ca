"""The council's monitoring set-up pages, as a QA manager or an organisation administrator uses them:
frameworks (list, page, edit, import), timescales, themes, and the thematic analysis for committee.

Pages are read as a person reads them (BeautifulSoup). Time is frozen on Monday 2 March 2026.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from carewatch.core.roles import Role
from carewatch.monitoring import queries
from carewatch.monitoring.models import Framework, FrameworkVersion, MonitoringSettings, Theme
from tests.monitoring import factories as f
from tests.monitoring import given
from tests.pages import client_for, page, text

NOW = given.VISITED_AT + timedelta(hours=2)
CSV_HEADER = "code,text,statement,standard,weight\n"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def error_summary(soup) -> list[str]:
    summary = soup.select_one(".govuk-error-summary")
    return [" ".join(item.text.split()) for item in summary.select("li")] if summary else []


def banner(soup) -> str:
    found = soup.select_one(".govuk-notification-banner__heading")
    return " ".join(found.text.split()) if found else ""


def url(name: str, **kwargs) -> str:
    return reverse(f"monitoring:{'setup_home' if name == 'home' else name}", kwargs=kwargs)


def default_framework(service_type: str = "care_home") -> Framework:
    return Framework.objects.get(owner__isnull=True, service_type=service_type)


def upload(body: str, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body.encode(), content_type="text/csv")


# --- frameworks ----------------------------------------------------------------------------------


def test_a_manager_sees_the_national_default_frameworks_with_their_versions_and_coverage(world):
    soup = page(client_for(world.manager).get(url("framework_list")))
    assert soup.h1.text == "Frameworks"
    rows = {
        " ".join(row.th.text.split()): [" ".join(td.text.split()) for td in row.find_all("td")]
        for row in soup.select("tbody tr")
    }
    assert len(rows) == 3
    for name, cells in rows.items():
        assert "Used for new visits" in name
        assert cells == ["National default", "1", "46", "34 of 34"]
    assert [h2.text for h2 in soup.select("main h2")][-3:] == ["Care home", "Home care", "Supported living"]


def test_a_framework_page_shows_the_questions_by_local_standard_and_the_version_history(world):
    framework = default_framework()
    soup = page(client_for(world.manager).get(url("framework_detail", framework_id=framework.pk)))
    captions = [" ".join(c.text.split()) for c in soup.select("caption.govuk-table__caption--m")]
    assert captions[0] == "Standard 1: Respecting and involving people"
    assert len(captions) == 16
    first = queries.questions(queries.current_version(framework))[0]
    row = soup.find("th", string=first.code).parent
    assert first.text in row.text
    assert f"{first.statement_id} " in row.find_all("td")[1].text
    assert "Version history" in text(soup)
    assert "National default" in text(soup)


def test_changing_a_question_of_the_default_saves_the_councils_own_copy_as_a_new_version(world):
    manager = client_for(world.manager)
    framework = default_framework()
    question = queries.questions(queries.current_version(framework))[0]
    form = page(manager.get(url("question_change", framework_id=framework.pk, question_id=question.pk)))
    assert form.find("input", attrs={"name": "code"})["value"] == question.code
    assert "makes a new version" in text(form)
    response = manager.post(
        url("question_change", framework_id=framework.pk, question_id=question.pk),
        {
            "code": question.code,
            "text": "Do people say they are treated with dignity?",
            "statement": "16",
            "standard": "1",
            "weight": "2",
        },
        follow=True,
    )
    soup = page(response)
    own = Framework.objects.get(owner=world.council, service_type="care_home")
    assert response.redirect_chain[-1][0] == url("framework_detail", framework_id=own.pk)
    assert banner(soup).startswith("Version 1 saved: changed")
    assert "your council's own copy" in banner(soup)
    changed = queries.questions(queries.current_version(own))[0]
    assert (changed.text, changed.statement_id, changed.weight) == (
        "Do people say they are treated with dignity?",
        16,
        2,
    )
    listing = page(manager.get(url("framework_list")))
    own_row = listing.find("a", href=url("framework_detail", framework_id=own.pk)).find_parent("tr")
    assert "Used for new visits" in own_row.text and "Your council's own" in own_row.text


def test_adding_and_removing_a_question_each_make_a_new_version(world):
    admin = client_for(f.person(world.council, Role.ORG_ADMIN, name="Ada Admin"))
    framework = default_framework("home_care")
    page(admin.get(url("question_add", framework_id=framework.pk)))
    admin.post(
        url("question_add", framework_id=framework.pk),
        {
            "code": "HC-99",
            "text": "Do people get a rota of their calls?",
            "statement": "21",
            "standard": "3",
            "weight": "1",
        },
    )
    own = Framework.objects.get(owner=world.council, service_type="home_care")
    questions = queries.questions(queries.current_version(own))
    assert [q.code for q in questions][-1] == "HC-99" and len(questions) == 47

    removed = questions[0]
    confirm = page(admin.get(url("question_remove", framework_id=own.pk, question_id=removed.pk)))
    assert confirm.h1.text == f"Remove question {removed.code}"
    soup = page(admin.post(url("question_remove", framework_id=own.pk, question_id=removed.pk), follow=True))
    assert banner(soup) == f"Version 2 saved: removed {removed.code}."
    current = queries.current_version(own)
    assert current.number == 2 and removed.code not in [q.code for q in queries.questions(current)]
    assert "Removed " + removed.code in text(soup)  # the version history says what changed


def test_a_question_with_a_mistake_is_refused_with_the_error_beside_its_field(world):
    manager = client_for(world.manager)
    framework = default_framework()
    questions = queries.questions(queries.current_version(framework))
    soup = page(
        manager.post(
            url("question_change", framework_id=framework.pk, question_id=questions[0].pk),
            {"code": questions[1].code, "text": "", "statement": "", "standard": "3", "weight": "0"},
        )
    )
    assert soup.title.text.startswith("Error:")
    assert error_summary(soup) == [
        "Enter the question",
        "Choose the CQC quality statement the question maps to",
        "The weight must be more than 0",
    ]
    duplicate = page(
        manager.post(
            url("question_change", framework_id=framework.pk, question_id=questions[0].pk),
            {"code": questions[1].code, "text": "Q?", "statement": "1", "standard": "3", "weight": "1"},
        )
    )
    assert any("is used twice" in error for error in error_summary(duplicate))
    assert duplicate.select_one("#id_code-error")
    assert not FrameworkVersion.objects.filter(framework__owner=world.council).exists()


def test_an_import_with_mistakes_lists_every_problem_with_its_line_and_field(world):
    manager = client_for(world.manager)
    assert page(manager.get(url("framework_import"))).h1.text == "Import a framework"
    body = CSV_HEADER + "01,Are medicines safe?,35,8,1\n02,Is the home clean?,7,7,heavy\n"
    soup = page(
        manager.post(
            url("framework_import"),
            {"file": upload(body, "oldham.csv"), "service_type": "care_home", "name": "Oldham care homes"},
        )
    )
    problems = error_summary(soup)
    assert problems == [
        "Line 2, statement: unknown statement id '35': expected a number from 1 to 34",
        "Line 3, weight: 'heavy' is not a weight: expected a number above 0 and up to 100, with at most 2 decimal places",
    ]
    assert [a["href"] for a in soup.select(".govuk-error-summary a")] == ["#id_file", "#id_file"]
    assert len(soup.select("#id_file-error p")) == 2
    assert not Framework.objects.filter(owner=world.council).exists()


def test_a_csv_without_a_service_type_is_refused_beside_the_service_type(world):
    soup = page(
        client_for(world.manager).post(
            url("framework_import"), {"file": upload(CSV_HEADER + "01,Q?,8,8,1\n", "oldham.csv")}
        )
    )
    assert error_summary(soup) == ["Missing: say whether it is for care homes, home care or supported living"]
    assert soup.select_one("#id_service_type-error")


def test_a_good_import_opens_the_new_version_and_says_which_statements_it_leaves_out(world):
    manager = client_for(world.manager)
    body = CSV_HEADER + "01,Are medicines given safely?,8,Management of medicines,2\n02,Is it clean?,7,7,1\n"
    response = manager.post(
        url("framework_import"),
        {"file": upload(body, "oldham.csv"), "service_type": "care_home", "name": "Oldham care homes"},
        follow=True,
    )
    soup = page(response)
    framework = Framework.objects.get(owner=world.council, name="Oldham care homes")
    assert response.redirect_chain[-1][0] == url("framework_detail", framework_id=framework.pk)
    missing = ", ".join(str(n) for n in range(1, 35) if n not in (7, 8))
    assert banner(soup) == (
        f"Version 1 of Oldham care homes imported. It does not cover 32 of the 34 quality statements: {missing}."
    )
    assert soup.h1.text == "Oldham care homes"
    assert "Imported (oldham.csv)" in text(soup)

    again = page(
        manager.post(
            url("framework_import"),
            {"file": upload(body, "oldham.csv"), "service_type": "care_home", "name": "Oldham care homes"},
            follow=True,
        )
    )
    assert banner(again) == "Nothing changed: the file has the same questions as version 1"


def test_a_json_framework_imports_with_its_own_name_and_service_type(world):
    document = {
        "name": "Supported living checks",
        "service_type": "supported living",
        "questions": [{"code": "SL-1", "text": "Tenancy?", "statement": 20, "standard": 3, "weight": 1}],
    }
    response = client_for(world.manager).post(
        url("framework_import"),
        {"file": SimpleUploadedFile("sl.json", json.dumps(document).encode(), "application/json")},
    )
    framework = Framework.objects.get(owner=world.council)
    assert response.status_code == 302
    assert (framework.name, framework.service_type) == ("Supported living checks", "supported_living")


# --- timescales ----------------------------------------------------------------------------------


def test_a_manager_changes_the_factual_accuracy_days(world):
    manager = client_for(world.manager)
    soup = page(manager.get(url("timescales")))
    assert soup.find("input", attrs={"name": "factual_accuracy_days"})["value"] == "14"
    refused = page(
        manager.post(
            url("timescales"),
            {"factual_accuracy_days": "0", "action_plan_days": "14", "follow_up_months": "6"},
        )
    )
    assert error_summary(refused) == ["The days for factual-accuracy comments must be 1 or more"]
    saved = page(
        manager.post(
            url("timescales"),
            {"factual_accuracy_days": "21", "action_plan_days": "28", "follow_up_months": "3"},
            follow=True,
        )
    )
    assert banner(saved).startswith("The timescales have been saved")
    assert "Providers have 21 days to comment on a draft report and 28 days" in text(saved)
    row = MonitoringSettings.objects.get(organisation=world.council)
    assert (row.factual_accuracy_days, row.action_plan_days, row.follow_up_months) == (21, 28, 3)


# --- themes --------------------------------------------------------------------------------------


def test_a_manager_sees_the_theme_list_with_its_safeguarding_flag(world):
    soup = page(client_for(world.manager).get(url("theme_list")))
    rows = {row.th.text: row for row in soup.select("tbody tr")}
    assert len(rows) == 19
    assert "Safeguarding" in rows["Safeguarding"].find_all("td")[1].text
    assert rows["Medicines"].find_all("td")[1].text == "No"
    assert "No theme has been retired." in text(soup)


def test_adding_renaming_and_retiring_themes(world):
    manager = client_for(world.manager)
    page(manager.get(url("theme_add")))
    added = page(
        manager.post(
            url("theme_add"),
            {"name": "Modern slavery", "description": "Exploitation of workers", "safeguarding": "yes"},
            follow=True,
        )
    )
    assert banner(added) == "Modern slavery has been added to the list"
    theme = Theme.objects.get(organisation=world.council, name="Modern slavery")
    assert theme.safeguarding

    duplicate = page(manager.post(url("theme_add"), {"name": "medicines", "safeguarding": "no"}))
    assert error_summary(duplicate) == ["The list already has a theme with that name"]

    medicines = next(t for t in queries.themes_for(world.council) if t.name == "Medicines")
    form = page(manager.get(url("theme_rename", theme_id=medicines.pk)))
    assert form.find("input", attrs={"name": "name"})["value"] == "Medicines"
    renamed = page(
        manager.post(
            url("theme_rename", theme_id=medicines.pk), {"name": "Medicines management"}, follow=True
        )
    )
    assert banner(renamed) == "Medicines is now called Medicines management"
    assert renamed.find("th", string="Medicines management")

    confirm = page(manager.get(url("theme_retire", theme_id=theme.pk)))
    assert confirm.h1.text == "Retire Modern slavery"
    theme.refresh_from_db()
    assert theme.retired_at is None  # looking at the confirmation changes nothing
    retired = page(manager.post(url("theme_retire", theme_id=theme.pk), follow=True))
    assert banner(retired) == "Modern slavery has been retired: past findings keep it"
    retired_table = retired.find("caption", string="Retired themes").parent
    assert "Modern slavery" in retired_table.text
    assert manager.get(url("theme_rename", theme_id=theme.pk)).status_code == 404


# --- thematic analysis ---------------------------------------------------------------------------


def test_the_thematic_analysis_gives_the_headline_and_tables_for_the_last_twelve_months(world):
    given.published(world, findings=2)
    soup = page(client_for(world.officer).get(url("analysis")))
    assert soup.find(id="headline").text == "2 findings from 1 provider in 1 theme"
    assert "1 April 2025 to 2 March 2026" in text(soup)
    assert soup.find("input", attrs={"name": "start_year"})["value"] == "2025"
    assert [c.text for c in soup.select("caption")] == [
        "Findings by theme",
        "Findings by service type",
        "Findings by financial quarter",
    ]
    care_homes = soup.find("table", id="table-by-service-type").find("th", string="Care home").parent
    assert [td.text for td in care_homes.find_all("td")] == ["2", "100.0", "1", "1"]
    trend = soup.find("table", id="table-trend").select("tbody tr")
    assert trend[0].th.text.startswith("Q1 2025/26") and trend[-1].th.text.startswith("Q4 2025/26")
    assert soup.find("a", href="?download=by-theme&format=csv")


def test_a_chosen_period_by_month_can_be_downloaded_as_csv_and_xlsx(world):
    given.published(world, findings=3)
    officer = client_for(world.manager)
    query = {
        "start_day": "1",
        "start_month": "1",
        "start_year": "2026",
        "end_day": "31",
        "end_month": "3",
        "end_year": "2026",
        "granularity": "month",
    }
    soup = page(officer.get(url("analysis"), query))
    assert [row.th.text for row in soup.find("table", id="table-trend").select("tbody tr")] == [
        "January 2026",
        "February 2026",
        "March 2026",
    ]
    download = officer.get(url("analysis"), {**query, "download": "trend", "format": "csv"})
    assert download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0] == ["Period", "Findings", "Themes (findings)"]
    assert rows[3][:2] == ["March 2026", "3"]
    xlsx = officer.get(url("analysis"), {**query, "download": "by-theme", "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx.content[:2] == b"PK"
    assert officer.get(url("analysis"), {**query, "download": "nothing"}).status_code == 404


def test_a_period_that_ends_before_it_starts_is_refused(world):
    soup = page(
        client_for(world.officer).get(
            url("analysis"),
            {
                "start_day": "1",
                "start_month": "3",
                "start_year": "2026",
                "end_day": "1",
                "end_month": "1",
                "end_year": "2026",
                "granularity": "quarter",
            },
        )
    )
    assert error_summary(soup) == ["The last day must be the same as or after the first day"]
    assert not soup.find(id="headline")


# --- who may --------------------------------------------------------------------------------------


SETUP_PAGES = ("home", "framework_list", "framework_import", "timescales", "theme_list", "theme_add")


@pytest.mark.parametrize("name", SETUP_PAGES)
def test_a_qa_officer_and_a_provider_cannot_open_the_set_up_pages(world, name):
    assert client_for(world.officer).get(url(name)).status_code == 403
    assert client_for(world.acme_manager).get(url(name)).status_code == 403
    anonymous = Client().get(url(name))
    assert anonymous.status_code == 302 and "/sign-in/" in anonymous["Location"]


def test_a_qa_officer_cannot_import_a_framework_by_posting(world):
    response = client_for(world.officer).post(
        url("framework_import"),
        {"file": upload(CSV_HEADER + "01,Q?,8,8,1\n", "x.csv"), "service_type": "care_home"},
    )
    assert response.status_code == 403
    assert not Framework.objects.filter(owner=world.council).exists()


def test_another_councils_manager_finds_neither_this_councils_framework_nor_its_theme(world):
    client_for(world.manager).post(
        url("framework_import"),
        {
            "file": upload(CSV_HEADER + "01,Q?,8,8,1\n", "oldham.csv"),
            "service_type": "care_home",
            "name": "Ours",
        },
    )
    framework = Framework.objects.get(owner=world.council)
    question = queries.questions(queries.current_version(framework))[0]
    client_for(world.manager).post(url("theme_add"), {"name": "Ours", "safeguarding": "no"})
    theme = Theme.objects.get(organisation=world.council, name="Ours")

    rochdale = client_for(f.manager(f.council("E08000005"), name="Rory Rochdale"))
    assert rochdale.get(url("framework_detail", framework_id=framework.pk)).status_code == 404
    assert rochdale.get(url("framework_edit", framework_id=framework.pk)).status_code == 404
    assert (
        rochdale.post(url("question_remove", framework_id=framework.pk, question_id=question.pk)).status_code
        == 404
    )
    assert rochdale.get(url("theme_rename", theme_id=theme.pk)).status_code == 404
    assert rochdale.post(url("theme_retire", theme_id=theme.pk)).status_code == 404
    theme.refresh_from_db()
    assert theme.retired_at is None
    assert queries.current_version(framework).number == 1
    # … and sees only the national defaults in its own list
    listing = page(rochdale.get(url("framework_list")))
    assert "Ours" not in text(listing)


def test_an_organisation_administrator_may_set_up_but_not_read_the_analysis(world):
    admin = client_for(f.person(world.council, Role.ORG_ADMIN, name="Ada Admin"))
    assert admin.get(url("theme_list")).status_code == 200
    assert admin.get(url("analysis")).status_code == 403


def test_a_provider_cannot_read_the_thematic_analysis(world):
    assert client_for(world.acme_manager).get(url("analysis")).status_code == 403
