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


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _appeal_date(text: str, pattern: str) -> str:
    import re

    found = re.search(pattern + r" (\d{1,2} \w+ \d{4})", " ".join(text.split()))
    assert found, text
    return found[1]


@pytest.mark.parametrize("width", [1280, 375])
def test_a_manager_adds_an_action_then_checks_edits_and_issues_the_suspension_letter(
    browser, live_server, transactional_db, check_page, width
):
    import re

    import time_machine

    from carewatch.cases import services
    from tests.browser.manager.test_suspension_journey import START

    council = f.council()
    provider = f.provider(name="Acme Care Ltd")
    provider.address, provider.postcode = "1 Mill Street, Oldham", "OL1 1AA"
    provider.save()
    home = f.location(council, name="Oak House", provider=provider)
    home.registered_manager = "Jane Smith"
    home.save()
    manager = f.manager(council, name="Maya Manager")
    colleague = f.manager(council, name="Mo Manager")
    with time_machine.travel(START, tick=True):
        case = services.open_case(
            actor=colleague, organisation=council, locations=[home], level="3", reason="Pattern", now=START
        )
        services.escalate_case(
            actor=colleague,
            case=case,
            level="4",
            reason="Three safeguarding enquiries about medicines in two weeks (internal: ref SG-114)",
            seen_revision=1,
            now=START,
        )
        case_url = f"{live_server.url}/cases/{case.pk}/"
        suffix = "" if width == 1280 else "-375"

        # Given a manager opens the case
        context, page = signed_in(browser, live_server, manager)
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(case_url)
        check_page(page, f"case-suspended-journey{suffix}")
        assert _fits(page)

        # When they add an action, choosing a kind that reveals a further question
        page.goto(f"{case_url}actions/add/")
        page.get_by_label("Enhanced monitoring").check()
        page.get_by_label("How often to visit").wait_for()
        check_page(page, f"action-add-revealed{suffix}")  # axe: no aria-expanded on a radio
        assert _fits(page)
        page.get_by_label("How often to visit").select_option(index=1)
        page.get_by_label("Owner").select_option(label="Maya Manager")
        page.get_by_label("Day", exact=True).fill("16")
        page.get_by_label("Month").fill("3")
        page.get_by_label("Year").fill("2026")
        page.get_by_role("button", name="Add the action").click()
        page.wait_for_url(case_url)

        # And write the suspension letter: it is shown to check, to the registered manager by name
        page.get_by_role("button", name="Write the suspension letter for Oak House").click()
        page.wait_for_url(re.compile(r"/letters/check/"))
        check_page(page, f"letter-check{suffix}")
        assert _fits(page)
        preview = page.locator("#letter-preview").inner_text()
        assert "Dear Jane Smith" in preview and "Dear Acme Care Ltd" not in preview
        assert "Maya Manager, QA manager" in page.locator("#letter-draft-facts").inner_text()

        # And they add their job title from there, coming back to the letter
        page.get_by_role("link", name="Add your job title").click()
        page.wait_for_url(re.compile(r"/account/details/"))
        check_page(page, f"account-details{suffix}")
        assert _fits(page)
        page.get_by_label("Job title").fill("Quality assurance manager")
        page.get_by_role("button", name="Save your job title").click()
        page.wait_for_url(re.compile(r"/letters/check/"))
        signed = page.locator("#letter-draft-facts").inner_text()
        assert "Maya Manager, Quality assurance manager" in signed
        assert "SG-114" not in page.get_by_label("Letter", exact=True).input_value()

        # When they issue it without filling in the reason, they are told what to fill in
        page.get_by_role("button", name="Issue the letter").click()
        page.locator(".govuk-error-summary").wait_for()
        check_page(page, f"letter-check-errors{suffix}")
        body = page.get_by_label("Letter", exact=True).input_value()
        page.get_by_label("Letter", exact=True).fill(
            body.replace(
                "[Say why we made this decision, in words for the provider]",
                "People at Oak House were given the wrong medicines three times in two weeks.",
            )
        )
        page.get_by_role("button", name="Preview your changes").click()
        page.locator("#letter-preview").get_by_text("given the wrong medicines").wait_for()
        promised = _appeal_date(page.locator("#letter-preview").inner_text(), "that is by")
        page.get_by_role("button", name="Issue the letter").click()
        page.wait_for_url(re.compile(r"/cases/letters/\d+/$"))
        letter = page.locator("#letter").inner_text()
        assert "Quality assurance manager, " in letter and "SG-114" not in letter
        check_page(page, f"letter-issued{suffix}")
        assert _fits(page)

        # Then the case page gives the appeal deadline the letter gives
        page.goto(case_url)
        card = page.locator("[id^=suspension-]").inner_text()
        assert _appeal_date(card, "Provider may appeal until") == promised
        assert "Sent on" in card
        check_page(page, f"case-letter-issued{suffix}")
        assert _fits(page)
        assert not page.problems, page.problems
        context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_an_officer_finds_the_service_by_postcode_to_propose_a_case(
    browser, live_server, transactional_db, check_page, width
):
    council = f.council()
    home = f.location(council, name="Oak House", provider=f.provider(name="Acme Care Ltd"))
    home.address_line_1, home.town, home.postcode, home.postcode_search = (
        "1 Mill St",
        "Oldham",
        "OL1 1AA",
        "OL11AA",
    )
    home.save()
    officer = f.officer(council, name="Olive Officer")
    suffix = "" if width == 1280 else "-375"
    context, page = signed_in(browser, live_server, officer)
    page.set_viewport_size({"width": width, "height": 900})
    # Given the officer chooses "Propose a case" on the case list
    page.goto(f"{live_server.url}/cases/")
    page.get_by_role("button", name="Propose a case").click()
    page.get_by_role("heading", name="Which service is the case about?").wait_for()
    # When they search by postcode
    page.get_by_label("Name or postcode of the service").fill("OL1 1AA")
    page.get_by_role("button", name="Search").click()
    page.locator("#service-results").wait_for()
    check_page(page, f"propose-find-results{suffix}")
    assert _fits(page)
    # Then they choose the service and propose the case about it
    page.get_by_role("link", name="Oak House").click()
    page.get_by_role("heading", name="Propose a case: Oak House").wait_for()
    check_page(page, f"propose-case{suffix}")
    assert _fits(page)
    assert not page.problems, page.problems
    context.close()
