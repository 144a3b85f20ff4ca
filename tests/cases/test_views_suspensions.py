"""Suspensions of new placements on the pages: the case page's dates, the letter sent, the review, lifting
(which steps the case down), publishing, and the banner on the register's location page."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.urls import reverse

from carewatch.cases import presenters, services
from carewatch.cases.models import Case, Suspension
from carewatch.core.roles import Role
from tests.cases import factories as f
from tests.cases import given
from tests.cases.pages import client_for, date_fields, errors, page, text

SUSPENDED_AT = f.at(2026, 3, 2, 9)  # Monday 2 March 2026


@pytest.fixture
def case(world):
    case = given.open_case(world, level="3")
    services.escalate_case(
        actor=world.manager, case=case, level="4", reason="Safeguarding", seen_revision=1, now=SUSPENDED_AT
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def suspension(case) -> Suspension:
    return case.suspensions.get()


def test_the_case_page_shows_the_suspension_with_its_letter_appeal_and_review_dates(world, case, suspension):
    with time_machine.travel(SUSPENDED_AT, tick=False):
        soup = page(client_for(world.manager).get(reverse("cases:case_detail", kwargs={"case_id": case.pk})))
    card = text(soup, f"#suspension-{suspension.pk}")
    assert "Oak House In force" in card
    assert "Suspended since 2 March 2026" in card
    assert "Due by 11 March 2026" in card
    assert "Next review 30 March 2026" in card
    assert "Not published" in card
    assert "Placements suspended" in text(soup, "#case-summary")
    assert "Send the suspension letter for Oak House: due 11 March 2026" in text(soup, "#due-next")


def test_an_officer_records_the_letter_sent_and_the_appeal_window_restarts(world, case, suspension):
    with time_machine.travel(f.at(2026, 3, 4), tick=False):
        officer = client_for(world.officer)
        url = reverse("cases:suspension_letter_sent", kwargs={"suspension_id": suspension.pk})
        page(officer.get(url))
        response = officer.post(url, date_fields("sent_on", date(2026, 3, 4)))
        assert response.status_code == 302
        soup = page(officer.get(response["Location"]))
        assert "the provider may appeal until 11 March 2026" in text(soup, ".govuk-notification-banner")
        assert "Sent on 4 March 2026" in text(soup, f"#suspension-{suspension.pk}")
        review = reverse("cases:suspension_review", kwargs={"suspension_id": suspension.pk})
        assert officer.get(review).status_code == 403  # only a QA manager reviews


def test_the_overdue_review_is_on_the_managers_task_list_and_the_review_sets_the_next(
    world, case, suspension
):
    with time_machine.travel(f.at(2026, 4, 1), tick=False):
        manager = client_for(world.manager)
        soup = page(manager.get(reverse("cases:task_list")))
        overdue = text(soup, "#overdue-tasks")
        assert "Review the suspension at Oak House" in overdue and "30 March 2026" in overdue
        url = reverse("cases:suspension_review", kwargs={"suspension_id": suspension.pk})
        assert soup.select_one(f"#overdue-tasks a[href='{url}']")
        soup = page(manager.post(url, {**date_fields("reviewed_on", date(2026, 4, 1)), "reason": ""}))
        assert set(errors(soup).values()) == {"Enter the date of the next review", "Enter the reason"}
        manager.post(
            url,
            {
                **date_fields("reviewed_on", date(2026, 4, 1)),
                **date_fields("next_review_on", date(2026, 4, 29)),
                "reason": "The joint audit is not finished",
            },
        )
        suspension.refresh_from_db()
        assert suspension.review_on == date(2026, 4, 29)
        soup = page(manager.get(reverse("cases:task_list")))
        assert "Review the suspension" not in text(soup, "main")


def test_lifting_the_last_suspension_steps_the_case_down(world, case, suspension):
    with time_machine.travel(f.at(2026, 3, 30), tick=False):
        manager = client_for(world.manager)
        url = reverse("cases:suspension_lift", kwargs={"suspension_id": suspension.pk})
        soup = page(manager.get(url))
        assert [label.text.strip() for label in soup.select("main .govuk-radios__label")][:2] == [
            "Level R: Regulator track (CQC special measures)",
            "Level 3: Provider concern (whole-service concern)",
        ]
        soup = page(
            manager.post(
                url,
                {**date_fields("lifted_on", date(2026, 3, 30)), "reason": "Put right", "seen_revision": 2},
            )
        )
        assert list(errors(soup).values()) == [
            "Lifting the last suspension steps the case down: choose the level"
        ]
        response = manager.post(
            url,
            {
                **date_fields("lifted_on", date(2026, 3, 30)),
                "reason": "Put right",
                "step_down_to": "3",
                "seen_revision": 2,
            },
        )
        soup = page(manager.get(response["Location"]))
    assert "has been lifted and the case stepped down to level 3" in text(soup, ".govuk-notification-banner")
    assert Case.objects.get().level == "3"
    assert "Lifted" in text(soup, f"#suspension-{suspension.pk}")
    assert "Stepped down from level 4 to level 3" in text(soup, "#history + ol")


def test_lifting_when_someone_else_changed_the_case_says_what_changed(world, case, suspension):
    services.escalate_case(
        actor=f.manager(world.council, name="Priya Patel"),
        case=case,
        level="5",
        reason="Defaults",
        seen_revision=2,
        now=f.at(2026, 3, 5, 14),
    )
    with time_machine.travel(f.at(2026, 3, 6), tick=False):
        manager = client_for(world.manager)
        url = reverse("cases:suspension_lift", kwargs={"suspension_id": suspension.pk})
        soup = page(
            manager.post(
                url,
                {
                    **date_fields("lifted_on", date(2026, 3, 6)),
                    "reason": "x",
                    "step_down_to": "3",
                    "seen_revision": 2,
                },
            )
        )
    assert list(errors(soup).values())[0].startswith(
        "Someone else changed this case: Priya Patel escalated it from level 4 to level 5"
    )
    assert Suspension.objects.get().lifted_on is None


def test_a_manager_publishes_the_suspension(world, case, suspension):
    manager = client_for(world.manager)
    url = reverse("cases:suspension_publish", kwargs={"suspension_id": suspension.pk})
    page(manager.get(url))
    manager.post(url, {"published": "yes"})
    suspension.refresh_from_db()
    assert suspension.published


# --- the register's location page ---------------------------------------------------------------------


def banner_for(user, location, day=date(2026, 3, 3)) -> str:
    banner = presenters.suspension_banner(user, location.pk, today=day)
    html = render_to_string("cases/_suspension_banner.html", {"banner": banner})
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def test_council_and_nhs_staff_see_an_unpublished_suspension_and_the_public_does_not(world, case, suspension):
    icb = f.icb_organisation()
    world.council.partners.add(icb)
    brokerage = f.person(world.council, Role.DISCHARGE_COORDINATOR)
    icb_commissioner = f.person(icb, Role.COMMISSIONER)
    for person in (brokerage, icb_commissioner, world.officer):
        assert banner_for(person, world.home).startswith(
            "! Warning New placements suspended since 2 March 2026 by Oldham Council. This is not published"
        )
    assert banner_for(AnonymousUser(), world.home) == ""
    assert (
        banner_for(f.manager(f.council("E08000005")), world.home) == ""
    )  # a council Oldham does not share with
    assert banner_for(world.officer, world.home, day=date(2026, 3, 1)) == ""  # before it started


def test_the_public_sees_a_published_suspension(world, case, suspension):
    services.set_suspension_published(
        actor=world.manager, suspension=suspension, published=True, now=SUSPENDED_AT
    )
    assert banner_for(AnonymousUser(), world.home) == (
        "! Warning New placements suspended since 2 March 2026 by Oldham Council."
    )


def location_cases_for(user, location) -> str:
    cases = presenters.location_cases(user, location.pk, today=date(2026, 3, 3))
    html = render_to_string("cases/_location_cases.html", {"cases": cases})
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def test_the_location_page_offers_qa_staff_the_open_case_or_a_proposal(world, case, suspension):
    shown = location_cases_for(world.officer, world.home)
    assert "New placements suspended since 2 March 2026" in shown
    assert f"Your council has an open case about this service: case {case.pk} , at level 4." in shown
    elsewhere = f.location(world.council, name="Birch Court")
    assert location_cases_for(world.officer, elsewhere) == "Propose a case about this service"
    commissioner = f.person(world.council, Role.COMMISSIONER)
    assert location_cases_for(commissioner, elsewhere) == ""
    assert location_cases_for(AnonymousUser(), elsewhere) == ""
