"""Find a care service: what a member of the public sees when they search the register."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carewatch.cases import services as case_services
from carewatch.cases.models import Suspension
from carewatch.register import services
from carewatch.register.models import LocalAuthority
from tests.cases import given as case_given
from tests.cases.conftest import world  # noqa: F401 - the cases world: Oldham council and Oak House
from tests.pages import page, text
from tests.register import factories as f

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
def oldham(db):
    records = [
        f.provider("1-200000001", name="Acme Care Ltd"),
        f.location("1-100000001", name="Alder House", postcode="OL1 1AA", town="Oldham"),
        f.location("1-100000002", name="Beech Court", postcode="OL10 1AB", town="Heywood"),
        f.location("1-100000003", name="Cedar Lodge", postcode="OL16 2XY", town="Rochdale"),
        f.location(
            "1-100000004",
            name="Damson View",
            postcode="OL2 6AA",
            town="Royton",
            service_types=("Homecare agencies",),
            care_home=False,
        ),
        f.location(
            "1-100000005",
            name="Royton Medical Centre",
            postcode="OL2 5BB",
            town="Royton",
            inspection_directorate="Primary medical services",
            service_types=("Doctors/GPs",),
            care_home=False,
            rating="",
        ),
        f.location(
            "1-100000006",
            name="Royton Dental Practice",
            postcode="OL2 5CC",
            town="Royton",
            inspection_directorate="Primary medical services",
            service_types=("Dentist",),
            care_home=False,
            rating="",
        ),
    ]
    services.import_snapshot(reader=f.reader(records), imported_at=NOW, actor_label="test")


def found(client, query: str) -> list[str]:
    soup = page(client.get(f"/services/?{query}"))
    return [a.text for a in soup.select("table.govuk-table tbody td:first-child a")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=OL1", ["Alder House"]),
        ("q=ol1", ["Alder House"]),
        ("q=OL10", ["Beech Court"]),
        ("q=OL1 1", ["Alder House"]),
        ("q=OL11AA", ["Alder House"]),
        ("q=OL1 1AA", ["Alder House"]),
        ("q=OL16 2", ["Cedar Lodge"]),
    ],
)
def test_a_postcode_district_matches_whole_not_as_the_start_of_a_longer_one(client, oldham, query, expected):
    assert found(client, query) == expected


def test_a_town_is_searched_as_well_as_names(client, oldham):
    assert found(client, "q=Royton") == ["Damson View"]
    assert found(client, "q=heywood") == ["Beech Court"]


def test_gp_practices_and_dentists_are_left_out_unless_the_person_asks_for_them(client, oldham):
    assert found(client, "q=OL2") == ["Damson View"]
    assert found(client, "q=OL2&other=on") == [
        "Damson View",
        "Royton Dental Practice",
        "Royton Medical Centre",
    ]
    assert found(client, "q=1-100000005") == ["Royton Medical Centre"]  # asked for by its CQC ID
    assert found(client, "service=Dentist") == ["Royton Dental Practice"]  # or by its service type
    soup = page(client.get("/services/?q=OL2"))
    assert (
        soup.find("input", attrs={"name": "other", "type": "checkbox"})
        .find_next("label")
        .text.startswith("Include services that are not adult social care")
    )


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("q=" + "x" * 201, "id_q", "Search text must be 200 characters or fewer"),
        ("la=E99999999", "id_la", "Choose a local authority from the list"),
        ("icb=nowhere", "id_icb", "Choose an integrated care board from the list"),
        ("region=E12999999", "id_region", "Choose a region from the list"),
        ("service=Spaceships", "id_service", "Choose a service type from the list"),
        ("rating=Superb", "id_rating", "Choose a rating from the list"),
        ("status=asleep", "id_status", "Choose a registration status from the list"),
    ],
)
def test_a_search_that_cannot_be_understood_says_so_instead_of_showing_every_service(
    client, oldham, query, field, message
):
    soup = page(client.get(f"/services/?{query}"))
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None, "no error summary"
    assert summary.find("a", href=f"#{field}").text == message
    assert soup.select_one(f"#{field}").find_previous("p", class_="govuk-error-message") is not None
    assert not soup.select("table.govuk-table tbody tr")
    assert "0 services" not in text(soup)


def test_an_unknown_filter_does_not_download_the_whole_register(client, oldham):
    response = client.get("/services/?la=E99999999&format=csv")
    assert response["Content-Type"].startswith("text/html")
    page(response)


def test_search_results_show_town_and_service_type(client, oldham):
    soup = page(client.get("/services/?q=Royton"))
    row = soup.select_one("table.govuk-table tbody tr")
    assert "Royton" in row.text
    assert "Homecare agencies" in row.text


def test_search_results_say_when_new_placements_are_suspended(client, world):  # noqa: F811
    case = case_given.open_case(world, level="4", now=timezone.now())
    suspension = Suspension.objects.get(case=case)
    case_services.set_suspension_published(
        actor=world.manager, suspension=suspension, published=True, now=timezone.now()
    )
    soup = page(client.get("/services/?q=oak"))
    row = soup.select_one("table.govuk-table tbody tr")
    assert "New placements suspended" in row.text


def test_a_council_abolished_since_may_still_be_searched_from_the_market_figures(client, oldham):
    oldham_council = LocalAuthority.objects.get(pk="E08000004")
    LocalAuthority.objects.create(
        code="E07000999",
        name="Old District",
        icb=oldham_council.icb,
        region=oldham_council.region,
        abolished_on=date(2023, 4, 1),
    )
    soup = page(client.get("/services/?la=E07000999"))
    assert soup.select_one(".govuk-error-summary") is None


def test_the_search_page_uses_a_fixed_number_of_queries(client, oldham):
    with CaptureQueriesContext(connection) as few:
        client.get("/services/?q=alder&other=on")
    with CaptureQueriesContext(connection) as many:
        client.get("/services/?q=o&other=on")
    assert len(few.captured_queries) < 10
    assert len(many) == len(few)
