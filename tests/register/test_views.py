"""What a person sees on the register pages."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carewatch.register import services
from carewatch.register.importers.records import RatingRecord, ServiceRating
from tests.pages import page
from tests.register import factories as f

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
def register(db):
    records = [
        f.provider("1-200000001", name="Acme Care Ltd"),
        f.location(
            "1-100000001",
            name="Oak Lodge Care Home",
            postcode="OL8 2BA",
            ratings=f.focused_ratings(),
        ),
        f.location(
            "1-100000002",
            name="Willow Court",
            ratings=(
                RatingRecord(
                    report_on=date(2025, 2, 1),
                    report_link_id="r2",
                    overall="Good",
                    is_current=True,
                    inherited=True,
                    predecessor_id="1-100000009",
                    key_questions=f.key_questions("Good", date(2025, 2, 1)),
                ),
            ),
        ),
        f.location(
            "1-100000003",
            name="Ivy Services",
            care_home=False,
            service_types=("Homecare agencies", "Supported living"),
            ratings=(
                RatingRecord(
                    report_on=date(2025, 6, 1),
                    report_link_id="r3",
                    overall="Not Rated",
                    is_current=True,
                    services=(
                        ServiceRating(service="Homecare agencies", rating="Good", report_on=date(2025, 6, 1)),
                        ServiceRating(
                            service="Supported living",
                            rating="Requires improvement",
                            report_on=date(2025, 6, 1),
                        ),
                    ),
                ),
            ),
        ),
        f.location(
            "1-100000004",
            name="Closed House",
            registration_status="Deregistered",
            deregistered_on=date(2020, 1, 31),
        ),
    ]
    services.import_snapshot(reader=f.reader(records), imported_at=NOW, actor_label="test")


def test_the_location_page_shows_each_key_question_with_its_own_report_date(client, register):
    soup = page(client.get("/services/1-100000001/"))
    assert soup.h1.text == "Oak Lodge Care Home"
    rows = {
        row.th.text.strip(): [cell.text.strip() for cell in row.find_all("td")]
        for row in soup.select("#key-questions tbody tr")
    }
    assert rows["Safe"] == ["Requires improvement", "1 March 2024"]
    assert rows["Caring"] == ["Good", "1 June 2021"]
    assert rows["Well-led"] == ["Requires improvement", "1 March 2024"]
    facts = soup.select_one("#facts").text
    assert "Acme Care Ltd" in facts and "Oldham (E08000004)" in facts and "NHS Greater Manchester" in facts
    assert soup.find("a", href="https://www.cqc.org.uk/location/1-100000001")
    timeline = soup.select(".carewatch-timeline__item")
    assert [item.h3.text for item in timeline] == ["1 March 2024 (current)", "1 June 2021"]


def test_an_inherited_rating_is_marked_as_such(client, register):
    soup = page(client.get("/services/1-100000002/"))
    assert "inherited" in soup.select_one("#inherited-rating").text


def test_a_location_rated_per_service_shows_each_service_rating(client, register):
    soup = page(client.get("/services/1-100000003/"))
    table = soup.select_one("#service-ratings")
    assert "rated per service" in table.caption.text
    assert [row.th.text for row in table.select("tbody tr")] == ["Homecare agencies", "Supported living"]


def test_a_deregistered_location_keeps_its_page_with_its_dates(client, register):
    soup = page(client.get("/services/1-100000004/"))
    assert "deregistered on 31 January 2020" in soup.select_one(".govuk-warning-text").text


def test_an_unknown_location_is_not_found(client, register):
    assert client.get("/services/1-999999999/").status_code == 404


def test_the_location_page_uses_a_fixed_number_of_queries(client, register):
    with CaptureQueriesContext(connection) as queries:
        client.get("/services/1-100000001/")
    # the register's, cases', the council's quality check and feedback link, and one query per badge
    # slot (quality mark, commitment, the council's check, vacancies, suspension: public.badges)
    assert len(queries) <= 16


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=oak", ["Oak Lodge Care Home"]),
        ("q=OL8 2BA", ["Oak Lodge Care Home"]),
        ("q=1-100000002", ["Willow Court"]),
        ("rating=Requires improvement", ["Oak Lodge Care Home"]),
        ("service=Homecare agencies", ["Ivy Services"]),
        ("la=E08000004&rating=unrated", ["Ivy Services"]),
        ("icb=E54000057&region=E12000002&q=willow", ["Willow Court"]),
        ("status=all&q=closed", ["Closed House"]),
        ("q=closed", []),
    ],
)
def test_the_register_search_filters_by_every_criterion(client, register, query, expected):
    soup = page(client.get(f"/services/?{query}"))
    assert [a.text for a in soup.select("table.govuk-table tbody td:first-child a")] == expected


def test_search_results_download_as_csv_with_the_same_filters(client, register):
    response = client.get("/services/?rating=Good&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("CQC location ID,Name")
    assert [line.split(",")[1] for line in lines[1:]] == ["Willow Court"]


def test_search_results_are_paged_and_the_page_is_in_the_url(client, db):
    records = [f.location(f"1-1000001{i:02d}", name=f"Home {i:02d}") for i in range(30)]
    services.import_snapshot(reader=f.reader(records), imported_at=NOW, actor_label="test")
    soup = page(client.get("/services/?q=home&page=2"))
    assert [a.text for a in soup.select("table.govuk-table tbody td:first-child a")] == [
        f"Home {i}" for i in range(25, 30)
    ]
    assert "26 to 30" in soup.select_one("#result-count").text


def test_the_market_page_shows_both_denominators(client, register):
    soup = page(client.get("/market/?by=la&service=all"))
    oldham = next(row for row in soup.select("#market-table tbody tr") if row.th.text.strip() == "Oldham")
    cells = [td.text.strip() for td in oldham.find_all("td")]
    # active 3 (one deregistered): RI, Good, Not Rated → rated 2, good-or-outstanding 1
    assert cells[:6] == ["3", "0", "1", "1", "0", "1"]
    assert cells[6:8] == ["50.0%", "33.3%"]


@pytest.mark.parametrize("as_of", ["0001-01-01", "2009-12-31", "2100-01-01", "9999-12-31"])
def test_the_market_page_names_an_as_at_date_outside_the_supported_range(client, register, as_of):
    soup = page(client.get(f"/market/?as_of={as_of}"))
    assert " ".join(soup.select_one("#id_as_of").find_previous("p").text.split()) == (
        "Error: The ‘as at’ date must be between 1 January 2010 and 31 December 2099"
    )


def test_the_home_page_and_sign_in_page_render(client, register):
    page(client.get("/"))
    soup = page(client.get("/sign-in/"))
    assert soup.find("form", method="post")
