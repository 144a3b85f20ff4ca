"""Compare 2 to 4 services side by side; bad links get a GOV.UK error summary or a helpful page, never a 500."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from carewatch.register import models as register
from tests.cases import factories as f
from tests.monitoring import given
from tests.monitoring.conftest import world  # noqa: F401 - Oldham council, Acme Care and Oak House
from tests.pages import page, text
from tests.public.test_service_page import report

pytestmark = pytest.mark.django_db
COMPARE = "/compare/"


def compare(*ids, status=200, **params):
    return page(Client().get(COMPARE, {"id": list(ids), **params}), status=status)


def row(soup, header: str) -> list[str]:
    found = soup.find("th", scope="row", string=header)
    assert found is not None, f"no row {header!r}"
    return [text(cell) for cell in found.find_parent("tr").select("td")]


def test_two_services_side_by_side_with_key_questions_dates_history_beds_and_specialisms():
    oak = f.location(name="Oak House", rating="")
    report(oak, date(2021, 2, 1), "Requires improvement", safe="Requires improvement")
    report(oak, date(2023, 6, 5), "Good", current=True, safe="Good", well_led="Outstanding")
    register.Location.objects.filter(pk=oak.pk).update(
        current_rating="Good", current_rating_on=date(2023, 6, 5), beds=40
    )
    oak.specialisms.add(register.Specialism.objects.create(name="Dementia"))
    birch = f.location(name="Birch Lodge", rating="Inadequate", rated_on=date(2025, 1, 9))

    soup = compare(oak.pk, birch.pk)
    assert [text(th) for th in soup.select("#comparison thead th")] == ["Oak House", "Birch Lodge"]
    assert row(soup, "CQC rating") == ["Good 5 June 2023", "Inadequate 9 January 2025"]
    assert row(soup, "Safe") == ["Good 5 June 2023", "Not rated"]
    assert row(soup, "Well-led") == ["Outstanding 5 June 2023", "Not rated"]
    assert row(soup, "Last 3 reports") == [
        "Jun 2023: Good Feb 2021: Requires improvement",
        "Jan 2025: Inadequate",
    ]
    assert row(soup, "Beds")[0] == "40"
    assert row(soup, "Specialisms") == ["Dementia", "None listed"]
    assert row(soup, "Distance") == ["Search from a place to see distances."]


def test_the_comparison_shows_published_local_quality_checks_feedback_and_badges(world):  # noqa: F811
    given.published(world, "Requires improvement")
    soup = compare(world.home.pk, world.other_home.pk)
    assert row(soup, "Council's quality check")[0].startswith("Requires improvement Oldham Council")
    assert row(soup, "Council's quality check")[1] == "None published"
    assert row(soup, "What people told us (out of 5)") == ["Too few answers to show"] * 2
    assert "Council check: Requires improvement" in row(soup, "Badges")[0]


def test_the_table_scrolls_in_its_own_focusable_region_with_a_caption():
    soup = compare(f.location().pk, f.location().pk)
    region = soup.select_one(".carewatch-table-scroll")
    assert region["tabindex"] == "0" and region["role"] == "region"
    assert soup.find(id=region["aria-labelledby"]).name == "caption"


def test_an_unknown_id_in_a_shared_link_is_named_and_the_others_still_shown():
    oak, birch = f.location(name="Oak House"), f.location(name="Birch Lodge")
    soup = compare(oak.pk, "1-999999999", birch.pk)
    assert "1-999999999" in text(soup.select_one("#unknown-ids"))
    assert [text(th) for th in soup.select("#comparison thead th")] == ["Oak House", "Birch Lodge"]


def test_a_service_named_twice_is_shown_once():
    oak, birch = f.location(name="Oak House"), f.location(name="Birch Lodge")
    soup = compare(oak.pk, birch.pk, oak.pk)
    assert len(soup.select("#comparison thead th")) == 2
    assert soup.select_one("#repeated-ids") is not None


def test_fewer_than_two_services_is_an_error_that_says_what_to_do():
    oak = f.location(name="Oak House")
    soup = compare(oak.pk, "1-999999999", status=400)
    assert "Choose at least 2 services to compare." in text(soup.select_one(".govuk-error-summary"))
    assert soup.title.text.startswith("Error: ")
    assert "1-999999999" in text(soup.select_one("#unknown-ids"))


def test_more_than_four_services_is_an_error_and_offers_to_choose_four():
    homes = [f.location(name=f"Home {number}") for number in range(5)]
    soup = compare(*[home.pk for home in homes], status=400)
    assert "You can compare up to 4 services at a time." in text(soup.select_one(".govuk-error-summary"))
    boxes = soup.select('input[type="checkbox"][name="id"]')
    assert len(boxes) == 5
    assert [box.has_attr("checked") for box in boxes] == [True, True, True, True, False]
    assert soup.select_one("#comparison") is None


@pytest.mark.parametrize("value", ["", "' OR 1=1 --", "x" * 5000, "<script>alert(1)</script>"])
def test_rubbish_in_the_link_never_breaks_the_page(value):
    soup = compare(value)
    assert soup.select_one("#comparison") is None
    assert "<script>" not in str(soup.select_one("main")).replace("&lt;script&gt;", "")


def test_hundreds_of_ids_are_refused_without_reading_them_all():
    soup = compare(*[f"1-{number:09d}" for number in range(500)], status=400)
    assert "up to 4 services" in text(soup.select_one(".govuk-error-summary"))


def test_the_page_with_nothing_chosen_says_how_to_compare():
    soup = page(Client().get(COMPARE))
    assert "compare 2, 3 or 4 services" in text(soup.select_one("#compare-start"))


def test_the_comparison_offers_to_take_a_service_off_the_shortlist():
    oak, birch = f.location(name="Oak House"), f.location(name="Birch Lodge")
    client = Client()
    client.post("/shortlist/", {"action": "add", "id": oak.pk})
    soup = page(client.get(COMPARE, {"id": [oak.pk, birch.pk]}))
    buttons = [button.get_text("").strip() for button in soup.select("#comparison button")]
    assert buttons == ["Remove from shortlist: Oak House", "Add to shortlist: Birch Lodge"]


def placed(name: str, town: str, latitude: float, longitude: float):
    home = f.location(name=name)
    register.Location.objects.filter(pk=home.pk).update(town=town, latitude=latitude, longitude=longitude)
    return home


def test_distances_from_a_place_are_shown_with_where_they_are_measured_from():
    from carewatch.register.places import haversine_miles

    oak = placed("Oak House", "Royton", 53.5660, -2.1220)
    birch = placed("Birch Lodge", "Oldham", 53.5410, -2.1170)
    soup = compare(oak.pk, birch.pk, **{"from": "Royton"})
    assert row(soup, "Distance") == [
        "Less than 0.1 miles",
        f"{haversine_miles(53.5660, -2.1220, 53.5410, -2.1170):.1f} miles",
    ]
    assert "Distances from the centre of Royton" in text(soup.select_one("#distance-from"))
    assert soup.select_one("#from")["value"] == "Royton"


def test_an_unknown_place_is_an_error_beside_its_field_and_the_comparison_stays():
    oak, birch = (
        placed("Oak House", "Royton", 53.566, -2.122),
        placed("Birch Lodge", "Oldham", 53.541, -2.117),
    )
    soup = compare(oak.pk, birch.pk, **{"from": "Nowhere At All"})
    assert "We could not find Nowhere At All" in text(soup.select_one(".govuk-error-summary"))
    assert soup.select_one(".govuk-error-summary a")["href"] == "#from"
    assert "We could not find" in text(soup.select_one("#from-error"))
    assert soup.title.text.startswith("Error: ")
    assert len(soup.select("#comparison thead th")) == 2


def test_a_service_without_a_map_point_says_its_distance_is_not_known():
    oak = placed("Oak House", "Royton", 53.566, -2.122)
    birch = f.location(name="Birch Lodge")
    soup = compare(oak.pk, birch.pk, **{"from": "Royton"})
    assert row(soup, "Distance") == ["Less than 0.1 miles", "Not known"]


def test_feedback_scores_appear_once_five_approved_answers_are_in(world):  # noqa: F811
    from carewatch.monitoring import services
    from carewatch.monitoring.models import FEEDBACK_CATEGORY_FIELDS

    visit = given.visit(world)
    for score in (5, 4, 4, 3, 4):
        feedback = services.record_feedback(
            visit=visit,
            actor=world.officer,
            respondent_kind="person",
            scores=dict.fromkeys(FEEDBACK_CATEGORY_FIELDS, score),
            comments="Said on the visit",
            now=given.VISITED_AT,
        )
        services.moderate_feedback(
            feedback=feedback, actor=world.colleague, decision="approved", now=given.VISITED_AT
        )
    scores = row(compare(world.home.pk, world.other_home.pk), "What people told us (out of 5)")
    assert scores[0].startswith("I feel safe: 4.0")
    assert "Said on the visit" not in scores[0]  # aggregates only, never what someone wrote
    assert scores[1] == "Too few answers to show"


def test_the_comparison_reads_a_fixed_number_of_queries_plus_two_per_service_for_feedback():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    homes = [f.location(name=f"Home {number}", history=((date(2020, 1, 1), "Good"),)) for number in range(4)]

    def queries_for(count: int) -> int:
        client = Client()
        client.get(COMPARE, {"id": [home.pk for home in homes[:count]]})  # the session exists from here
        with CaptureQueriesContext(connection) as captured:
            assert client.get(COMPARE, {"id": [home.pk for home in homes[:count]]}).status_code == 200
        return len(captured)

    assert queries_for(4) - queries_for(2) == 4  # feedback_summary: two aggregates per service
