"""The ladder editor and the bank holidays, for a council's organisation administrator."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from carewatch.cases import queries
from carewatch.cases.models import ExtraBankHoliday, LadderVersion
from tests.cases import factories as f
from tests.cases import given
from tests.cases.pages import client_for, date_fields, errors, page, text

NOW = given.OPENED_AT


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def the_form_as_posted(soup) -> dict:
    """Every field of the ladder form as the browser would post it unchanged."""
    data = {}
    form = soup.select_one("main form[method=post]")
    for field in form.select("input[name], textarea[name], select[name]"):
        if field.name == "textarea":
            data[field["name"]] = field.text
        elif field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            data[field["name"]] = chosen["value"]
        elif field.get("type") != "submit":
            data[field["name"]] = field.get("value", "")
    return data


def test_the_administrator_sees_the_default_ladder_and_saves_a_new_version(world):
    admin = client_for(world.admin)
    url = reverse("cases:ladder_edit")
    soup = page(admin.get(url))
    assert "carewatch’s default" in text(soup, ".govuk-caption-l")
    assert soup.select_one("#id_level_4_name")["value"] == "Suspension of new placements (embargo)"
    assert soup.select_one("#id_timescale_suspension_letter_due_number")["value"] == "7"
    data = the_form_as_posted(soup)
    assert data["timescale_suspension_letter_due_unit"] == "working"
    data.update(
        {
            "level_4_name": "Embargo",
            "timescale_suspension_letter_due_number": "5",
            "level_2_standard_actions": "Weekly support visits\nPeer support",
            "note": "Embargo letters within 5 working days",
        }
    )
    response = admin.post(url, data)
    assert response.status_code == 302
    current = queries.current_ladder(world.council)
    spec = queries.ladder_spec(current)
    assert spec.level("4").name == "Embargo"
    assert spec.level("2").standard_actions == ("Weekly support visits", "Peer support")
    assert current.timescales.get(key="suspension_letter_due").number == 5
    soup = page(admin.get(url))
    assert f"Version {current.number} of the ladder has been saved" in text(
        soup, ".govuk-notification-banner"
    )
    assert "Embargo letters within 5 working days" in text(soup, "#ladder-versions")


def test_an_existing_case_keeps_the_ladder_it_opened_under(world):
    case = given.open_case(world, level="2")
    admin = client_for(world.admin)
    url = reverse("cases:ladder_edit")
    data = the_form_as_posted(page(admin.get(url)))
    data["level_2_name"] = "Quality support"
    admin.post(url, data)
    assert LadderVersion.objects.filter(organisation=world.council).count() == 2
    soup = page(client_for(world.manager).get(reverse("cases:case_detail", kwargs={"case_id": case.pk})))
    assert "Enhanced monitoring / quality support" in text(soup, "#case-summary")


def test_the_editor_says_what_is_missing(world):
    admin = client_for(world.admin)
    url = reverse("cases:ladder_edit")
    data = the_form_as_posted(page(admin.get(url)))
    data.update({"level_3_name": "", "timescale_suspension_review_number": "-1"})
    soup = page(admin.post(url, data))
    assert set(errors(soup).values()) == {
        "Enter a name for level 3",
        "“Suspension review (week 4)” cannot be negative",
    }
    assert LadderVersion.objects.count() == 0


def test_only_the_councils_administrator_edits_the_ladder(world):
    assert client_for(world.manager).get(reverse("cases:ladder_edit")).status_code == 403
    icb_admin = f.person(f.icb_organisation(), "org_admin")
    assert client_for(icb_admin).get(reverse("cases:ladder_edit")).status_code == 403
    soup = page(client_for(world.admin).get(reverse("cases:ladder_edit")))
    assert "Ladder" in [a.text.strip() for a in soup.select(".govuk-service-navigation__link")]


def test_the_administrator_adds_a_closure_day_and_deadlines_skip_it(world):
    admin = client_for(world.admin)
    url = reverse("cases:bank_holidays")
    soup = page(admin.get(url))
    assert "Good Friday" in text(soup, "#bank-holidays")
    soup = page(admin.post(url, {**date_fields("falls_on", date(2026, 3, 7)), "name": "Closure"}))
    assert list(errors(soup).values()) == ["That day is a weekend day: it is never a working day"]
    response = admin.post(url, {**date_fields("falls_on", date(2026, 3, 4)), "name": "Council closure day"})
    assert response.status_code == 302
    soup = page(admin.get(url))
    assert "Council closure day Added in carewatch" in text(soup, "#bank-holidays")
    assert ExtraBankHoliday.objects.get().organisation == world.council
    # A suspension decided on Monday 2 March: 7 working days, skipping Wednesday 4 March
    case = given.open_case(world, level="4")
    assert case.suspensions.get().letter_due_on == date(2026, 3, 12)
