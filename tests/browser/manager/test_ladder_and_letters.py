"""In Chromium: a council's administrator changes its ladder and adds a closure day; a QA manager edits
a letter template. Every page is checked with axe and saved as a screenshot."""

import pytest

from carewatch.cases import queries
from carewatch.core.roles import Role
from tests.browser.manager.test_suspension_journey import signed_in
from tests.cases import factories as f

pytestmark = pytest.mark.browser


def test_the_administrator_edits_the_ladder_and_the_manager_a_letter(
    browser, live_server, transactional_db, check_page
):
    council = f.council()
    admin = f.person(council, Role.ORG_ADMIN, name="Ada Admin")
    manager = f.manager(council, name="Maya Manager")

    # Given the administrator opens the ladder
    context, page = signed_in(browser, live_server, admin)
    page.goto(f"{live_server.url}/cases/ladder/")
    check_page(page, "ladder-edit")
    # When they rename level 4 and shorten the letter deadline, leaving level 3 without a name
    page.get_by_label("Name of level 4").fill("Embargo")
    page.locator("#id_timescale_suspension_letter_due_number").fill("5")
    page.get_by_label("Name of level 3").fill("")
    page.get_by_role("button", name="Save a new version of the ladder").click()
    # Then they are told what is missing, and saving again works
    page.locator(".govuk-error-summary").wait_for()
    check_page(page, "ladder-edit-errors")
    page.get_by_label("Name of level 3").fill("Provider concern")
    page.get_by_role("button", name="Save a new version of the ladder").click()
    page.get_by_text("Version 2 of the ladder has been saved").wait_for()
    assert queries.ladder_spec(queries.current_ladder(council)).level("4").name == "Embargo"

    # And they add a closure day
    page.get_by_role("link", name="Bank holidays and closure days").click()
    page.wait_for_url("**/bank-holidays/")
    check_page(page, "bank-holidays")
    page.get_by_label("Day").fill("4")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Name", exact=True).fill("Council closure day")
    page.get_by_role("button", name="Add the day").click()
    page.locator("#bank-holidays").get_by_text("Council closure day").wait_for()
    check_page(page, "bank-holidays-added")
    assert not page.problems, page.problems
    context.close()

    # When a manager edits the suspension letter
    context, page = signed_in(browser, live_server, manager)
    page.goto(f"{live_server.url}/cases/letter-templates/")
    check_page(page, "letter-templates")
    page.get_by_role("link", name="Edit the suspension of new placements letter").click()
    page.wait_for_url("**/letter-templates/suspension/")
    check_page(page, "letter-template-edit")
    page.get_by_label("Letter", exact=True).fill("Dear {{ provider.nmae }}")
    page.get_by_role("button", name="Save a new version").click()
    page.locator(".govuk-error-summary").wait_for()
    check_page(page, "letter-template-edit-errors")
    page.get_by_label("Letter", exact=True).fill("Dear {{ provider.name }},\n\n## Why\n\n{{ reason }}")
    page.get_by_role("button", name="Save a new version").click()
    page.get_by_text("Version 1 of the suspension of new placements letter has been saved").wait_for()
    assert not page.problems, page.problems
    context.close()
