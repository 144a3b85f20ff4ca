"""Given a signed-in user, when they search the register and open a location, then they read its ratings."""

from datetime import UTC, date, datetime

import pytest

from carewatch.core.models import User
from carewatch.register import services
from carewatch.register.importers.records import RatingRecord
from tests.core import signing_in
from tests.register import factories as f


@pytest.fixture
def register(transactional_db):
    focused = f.key_questions("Requires improvement", date(2024, 3, 1))
    carried = f.key_questions("Good", date(2021, 6, 1))
    records = [
        f.provider("1-200000001", name="Acme Care Ltd"),
        f.location(
            "1-100000001",
            name="Oak Lodge Care Home",
            ratings=(
                RatingRecord(
                    report_on=date(2024, 3, 1),
                    report_link_id="focused",
                    overall="Requires improvement",
                    is_current=True,
                    key_questions=(focused[0], *carried[1:4], focused[4]),
                ),
                RatingRecord(
                    report_on=date(2021, 6, 1), report_link_id="r1", overall="Good", key_questions=carried
                ),
            ),
        ),
        *[f.location(f"1-1000002{i:02d}", name=f"Birch House {i}") for i in range(3)],
    ]
    services.import_snapshot(
        reader=f.reader(records), imported_at=datetime(2026, 11, 22, tzinfo=UTC), actor_label="test"
    )
    User.objects.create_user(username="qa-officer", password="a-long-test-password-1")


@pytest.fixture
def officers_app(register):
    """The officer's authenticator app: every staff sign-in takes a code from it."""
    return signing_in.authenticator_for(User.objects.get(username="qa-officer"))


def test_a_signed_in_officer_searches_the_register_and_reads_key_question_ratings(
    page, live_server, register, officers_app, check_page
):
    # Given an officer signs in
    page.goto(f"{live_server.url}/sign-in/")
    check_page(page, "sign-in")
    page.get_by_label("Username").fill("qa-officer")
    page.get_by_label("Password").fill("a-long-test-password-1")
    page.get_by_role("button", name="Sign in").click()
    # and enters the code from their authenticator app
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill(
        signing_in.code_for(officers_app)
    )
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/home/")  # their own home page (My work)
    assert page.get_by_role("button", name="Sign out (qa-officer)").is_visible()
    page.goto(f"{live_server.url}/")
    check_page(page, "home")

    # When they search the register by name
    page.get_by_label("Search by name, town, postcode or CQC ID").fill("oak lodge")
    page.get_by_role("button", name="Search").click()
    assert "q=oak+lodge" in page.url  # shareable by URL
    check_page(page, "search-results")
    results = page.locator("table.govuk-table tbody tr")
    assert results.count() == 1

    # And open the location
    page.get_by_role("link", name="Oak Lodge Care Home").click()
    check_page(page, "location")

    # Then they read each key question's rating and its own report date
    rows = page.locator("#key-questions tbody tr")
    table = {
        rows.nth(i).locator("th").inner_text(): rows.nth(i).locator("td").all_inner_texts()
        for i in range(rows.count())
    }
    assert table["Safe"] == ["Requires improvement", "1 March 2024"]
    assert table["Effective"] == ["Good", "1 June 2021"]
    assert (
        page.get_by_role("link", name="Read this service's reports on the CQC website")
        .get_attribute("href")
        .endswith("/location/1-100000001")
    )


def test_a_wrong_password_is_refused_with_an_error_summary(page, live_server, register, check_page):
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("qa-officer")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    assert page.locator(".govuk-error-summary").inner_text().startswith("There is a problem")
    check_page(page, "sign-in-error")


def test_the_market_page_is_accessible(page, live_server, register, check_page):
    page.goto(f"{live_server.url}/market/?by=region&service=care-homes")
    check_page(page, "market")
    assert page.locator("#market-table tbody tr").count() == 9


@pytest.mark.parametrize("width", [1280, 375])
def test_the_market_page_by_council_fits_the_window_and_its_table_scrolls_in_its_own_box(
    page, live_server, register, check_page, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/market/?by=la&service=all")

    assert page.evaluate("document.documentElement.scrollWidth") <= width
    region = page.get_by_role(
        "region", name="Market figures by area (table: scrolls sideways on a narrow screen)"
    )
    assert region.locator("#market-table").count() == 1
    check_page(page, f"market-by-council-{width}")
