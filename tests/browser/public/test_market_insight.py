"""Market insight in a real browser: a member of the public compares councils; a council's QA manager
sees its own records on the dashboard and takes the committee report away as a PDF. Each page passes axe."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from django.core.management import call_command

from carewatch.insights import charts
from carewatch.monitoring import queries as monitoring_queries
from carewatch.monitoring import services as monitoring
from carewatch.register.models import Location
from tests.browser.conftest import pictures_folder
from tests.core import signing_in
from tests.insights.conftest import build_register
from tests.monitoring import factories as f

PASSWORD = "correct-horse-battery-staple"  # tests.monitoring.factories.person


@pytest.fixture
def market(transactional_db):
    build_register()
    monitoring.install_defaults(now=f.at(2026, 1, 5))  # the flush between transactional tests removes them
    charts.clear_cache()
    call_command("insights_refresh", "--years", "3", "--no-warm", stdout=io.StringIO())
    oldham = f.council("E08000004")
    manager = f.manager(oldham)
    home = Location.objects.get(pk="1-100000001")  # Oak Lodge, an Oldham care home in the small register
    visit = monitoring.create_visit(
        organisation=oldham,
        actor=manager,
        location=home,
        visit_on=f.at(2026, 10, 5).date(),
        kind="responsive",
        announced=False,
        officers=[manager],
        now=f.at(2026, 10, 5),
    )
    monitoring.add_finding(
        visit=visit,
        actor=manager,
        text="Two people's medicines were given late.",
        severity="high",
        statement_id=8,
        theme="medicines",
        now=f.at(2026, 10, 5),
    )
    answers = {
        question.code: monitoring.AnswerInput(rating="Requires improvement", observation="Seen on the visit")
        for question in monitoring_queries.questions(visit.framework_version)
    }
    monitoring.record_answers(visit=visit, actor=manager, answers=answers, now=f.at(2026, 10, 5))
    monitoring.send_draft_to_provider(visit=visit, actor=manager, now=f.at(2026, 10, 5))
    monitoring.publish_report(  # the factual-accuracy window has closed with no comment
        visit=visit, actor=manager, public_summary="Medicines need to improve.", now=f.at(2026, 11, 1)
    )
    return manager


def test_the_public_compares_councils_and_a_manager_takes_the_committee_report(
    page, browser, live_server, market, check_page, tmp_path
):
    # A member of the public opens the England dashboard: charts with text alternatives, tables beside them.
    page.goto(f"{live_server.url}/insights/")
    check_page(page, "insights-england")
    ratings_chart = page.locator("#panel-ratings img")
    assert "Bar chart of active care homes in England" in ratings_chart.get_attribute("alt")
    # They choose Oldham and see its figures; the trend table downloads as CSV.
    page.get_by_label("Area").select_option(label="Oldham")
    page.get_by_role("button", name="Show dashboard").click()
    assert page.locator("h1").inner_text() == "Care market: Oldham"
    check_page(page, "insights-oldham-public")
    assert "Sign in to see your council's" in page.locator("body").inner_text()
    with page.expect_download() as download:
        page.locator("#panel-trend").get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    with open(download.value.path(), encoding="utf-8-sig") as csv_file:
        assert csv_file.readline().startswith("Month-end,Active,Rated")
    # The commissioner league table, one council's breakdown, and the methodology behind them.
    page.get_by_role("link", name="Commissioner ratings").first.click()
    check_page(page, "insights-commissioner-league")
    page.get_by_role("link", name="Oldham").first.click()
    check_page(page, "insights-commissioner-oldham")
    assert "QA visit coverage" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/insights/methodology/")
    check_page(page, "insights-methodology")

    # Oldham's QA manager signs in and sees the council's own records on the same dashboard.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    own = context.new_page()
    own.set_default_timeout(15_000)
    device = signing_in.authenticator_for(market)
    own.goto(f"{live_server.url}/sign-in/")
    own.get_by_label("Username").fill(market.username)
    own.get_by_label("Password").fill(PASSWORD)
    own.get_by_role("button", name="Sign in").click()
    own.wait_for_url(re.compile(r"/sign-in/code/"))
    own.get_by_label("Enter the 6-digit code from your authenticator app").fill(signing_in.code_for(device))
    own.get_by_role("button", name="Continue").click()
    own.wait_for_url(f"{live_server.url}/home/")
    own.goto(f"{live_server.url}/insights/?area=la:E08000004")
    check_page(own, "insights-oldham-council-records")
    coverage = own.locator("#panel-visits").inner_text()
    assert "1 of" in coverage and "active services visited" in coverage
    assert "Medicines" in own.locator("#panel-findings").inner_text()
    # The committee report: the web page, then the PDF.
    own.get_by_role("link", name="Committee report").click()
    check_page(own, "insights-committee-pick")
    own.get_by_label("Council").select_option(label="Oldham")
    own.get_by_role("button", name="Create report").click()
    check_page(own, "insights-committee-oldham")
    assert "Findings by theme" in own.locator("main").inner_text()
    with own.expect_download() as download:
        own.get_by_role("link", name="PDF").first.click()
    pdf = tmp_path / "committee.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "50",
                str(pdf),
                str(pictures_folder(tmp_path) / "committee-oldham-browser"),
            ],
            check=True,
        )
    context.close()


def _sideways(page) -> int:
    """How far the page scrolls sideways (0: it fits the window)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", [1280, 375])
def test_insight_pages_fit_the_window_and_wide_tables_scroll_in_their_own_box(
    browser, live_server, market, check_page, width
):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    for path, name in [
        ("/insights/?area=icb:E54000057", "icb-dashboard"),  # Greater Manchester: its councils' table
        ("/insights/?area=la:E08000004&service=all", "council-dashboard"),
        ("/insights/commissioners/", "commissioner-league"),
        ("/insights/commissioners/?level=icb", "commissioner-league-icbs"),
        ("/insights/commissioners/area/?area=la:E08000004", "commissioner-oldham"),
        ("/insights/methodology/", "methodology"),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert _sideways(page) <= 0, f"{path} scrolls sideways by {_sideways(page)} px at {width} px"
        check_page(page, f"insights-{name}-{width}")
    # The league's wide table scrolls inside a labelled region that a keyboard can reach.
    page.goto(f"{live_server.url}/insights/commissioners/")
    region = page.locator("[role=region]:has(#league)")
    assert region.get_attribute("tabindex") == "0" and "League table" in region.get_attribute("aria-label")
    context.close()
