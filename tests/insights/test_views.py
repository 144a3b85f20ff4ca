"""The pages as a person sees them: titles, headings, labelled fields, downloads, private panels."""

from datetime import date

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from carewatch.core.roles import Role
from carewatch.insights import commissioner
from tests import access_helpers as ah

pytestmark = pytest.mark.usefixtures("small_register")


def _page(response, status=200):
    assert response.status_code == status, response.status_code
    soup = BeautifulSoup(response.content, "html.parser")
    h1 = soup.find("h1")
    assert h1 is not None
    assert soup.title.get_text().strip() == f"{h1.get_text(' ', strip=True)} – carewatch"
    for field in soup.select("input:not([type=hidden]), select"):
        assert soup.find("label", attrs={"for": field.get("id")}) is not None, f"no label for {field}"
    for image in soup.find_all("img"):
        assert image.get("alt"), "every chart has a text alternative"
    return soup


def test_the_england_dashboard_shows_every_panel_with_its_chart_and_table(client):
    soup = _page(client.get(reverse("insights:dashboard")))
    for panel in ("ratings", "trend", "rating-age", "inadequate", "councils"):
        section = soup.find(id=f"panel-{panel}")
        assert section is not None, panel
        assert section.find("img")["src"].startswith("data:image/svg+xml;base64,")
        assert section.find("table") is not None
    assert "Sign in" in soup.find(id="heading-private").parent.get_text()


def test_a_council_dashboard_as_at_a_past_date(client):
    soup = _page(
        client.get(
            reverse("insights:dashboard"), {"area": "la:E08000004", "service": "all", "as_of": "2021-12-31"}
        )
    )
    assert "Oldham" in soup.h1.get_text()
    ratings = soup.find(id="table-ratings").get_text(" ", strip=True)
    assert "Outstanding 1" in ratings and "Requires improvement 1" in ratings


def test_an_unknown_area_is_an_error_on_the_form_not_a_crash(client):
    soup = _page(client.get(reverse("insights:dashboard"), {"area": "la:E99999999"}), status=400)
    assert soup.find(class_="govuk-error-summary") is not None
    assert soup.find(class_="govuk-error-message") is not None


@pytest.mark.parametrize("table", ["ratings", "trend", "councils", "cqc-activity", "not-inspected"])
def test_every_table_downloads_as_csv_and_xlsx(client, table):
    url = reverse("insights:dashboard")
    csv_response = client.get(url, {"area": "la:E08000004", "download": table, "format": "csv"})
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "attachment" in csv_response["Content-Disposition"]
    header = csv_response.content.decode().splitlines()[0]
    assert header
    xlsx_response = client.get(url, {"area": "la:E08000004", "download": table, "format": "xlsx"})
    assert xlsx_response.status_code == 200
    import io

    book = openpyxl.load_workbook(io.BytesIO(xlsx_response.content))
    sheet = book.active
    assert [c.value for c in sheet[3] if c.value] == header.split(",")[
        : len([c for c in sheet[3] if c.value])
    ]


def test_an_unknown_table_is_not_found(client):
    assert client.get(reverse("insights:dashboard"), {"download": "nope"}).status_code == 404


def test_a_councils_own_records_show_to_its_people_and_not_to_another_councils(client):
    oldham = ah.council(code="E08000004")
    rochdale = ah.council(code="E08000005")
    url = reverse("insights:dashboard") + "?area=la:E08000004"
    ah.sign_in(client, ah.person(oldham, Role.QA_MANAGER))
    soup = _page(client.get(url))
    assert soup.find(id="panel-cases") is not None
    assert "Oldham Council" in soup.get_text()
    client.logout()
    ah.sign_in(client, ah.person(rochdale, Role.QA_MANAGER))
    soup = _page(client.get(url))
    assert soup.find(id="panel-cases") is None
    assert "No council in this area shares its records" in soup.get_text()
    assert rochdale.pk not in {oldham.pk}


def test_the_methodology_page_publishes_every_threshold(client):
    soup = _page(client.get(reverse("insights:methodology")))
    table = soup.find(id="thresholds").get_text(" ", strip=True)
    for spec in commissioner.MEASURES:
        assert spec.name in table
        for _score, text in spec.threshold_text():
            assert text in table


def test_the_league_table_and_a_councils_breakdown(client):
    soup = _page(client.get(reverse("insights:commissioner_league")))
    assert soup.find(id="league") is not None
    soup = _page(
        client.get(reverse("insights:commissioner_detail"), {"area": "la:E08000004", "as_of": "2021-12-31"})
    )
    assert "Market quality" in soup.get_text()
    download = client.get(
        reverse("insights:commissioner_league"), {"download": "commissioner-ratings", "format": "csv"}
    )
    assert download.status_code == 200
    assert b"Market quality" in download.content.splitlines()[0]


def test_the_commissioner_page_without_an_area_asks_for_one(client):
    _page(client.get(reverse("insights:commissioner_detail")))


def test_the_committee_report_page_for_a_councils_own_staff(client):
    oldham = ah.council(code="E08000004")
    ah.sign_in(client, ah.person(oldham, Role.QA_MANAGER))
    _page(client.get(reverse("insights:committee_report")))
    soup = _page(
        client.get(
            reverse("insights:committee_report"),
            {"la": "la:E08000004", "from": "2024-01-01", "to": "2024-12-31"},
        )
    )
    for heading in (
        "CQC inspections analysed",
        "Providers of concern",
        "Inadequate providers",
        "Cases by ladder level",
    ):
        assert heading in soup.get_text()
    csv_response = client.get(
        reverse("insights:committee_report"), {"la": "E08000004", "download": "concern", "format": "csv"}
    )
    assert csv_response.status_code == 200
    pdf = client.get(reverse("insights:committee_report"), {"la": "E08000004", "format": "pdf"})
    assert pdf.content.startswith(b"%PDF")


def test_the_committee_report_refuses_another_councils_staff(client):
    ah.council(code="E08000004")
    rochdale = ah.council(code="E08000005")
    ah.sign_in(client, ah.person(rochdale, Role.QA_MANAGER))
    assert client.get(reverse("insights:committee_report"), {"la": "E08000004"}).status_code == 403


def test_dates_in_the_future_mean_today(client):
    response = client.get(
        reverse("insights:dashboard"),
        {"as_of": (date.today().replace(year=date.today().year + 1)).isoformat()},
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("insights:dashboard", {"area": "la:E08000004", "as_of": "2015-12-31"}),
        ("insights:commissioner_league", {"as_of": "2015-12-31"}),
        ("insights:commissioner_detail", {"area": "la:E08000004", "as_of": "2015-12-31"}),
    ],
)
def test_a_date_before_the_register_holds_data_is_refused_with_an_error(client, name, query):
    # The small register's first service was registered on 1 January 2016.
    response = client.get(reverse(name), query)
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.find(class_="govuk-error-summary").get_text(" ", strip=True)
    assert (
        "on or after 1 January 2016" in summary and "the earliest date the register holds data for" in summary
    )
    assert soup.find(class_="govuk-error-message") is not None
    assert not soup.find_all("img"), "no empty charts are drawn"


def test_the_first_day_of_the_data_is_accepted(client):
    response = client.get(reverse("insights:dashboard"), {"area": "la:E08000004", "as_of": "2016-01-01"})
    assert response.status_code == 200


def test_a_chart_with_nothing_but_zeros_says_so_in_words(client):
    # Oldham had no active services on 1 January 2016: every rating count is 0.
    soup = _page(client.get(reverse("insights:dashboard"), {"area": "la:E08000004", "as_of": "2016-01-02"}))
    ratings = soup.find(id="panel-ratings")
    assert ratings.find("img") is None
    assert "no chart: every count is 0" in ratings.get_text(" ", strip=True).lower()
    assert "None" not in ratings.get_text(" ", strip=True)


def test_the_league_shows_how_many_measures_each_rating_rests_on_and_nothing_unbuilt(client):
    soup = _page(client.get(reverse("insights:commissioner_league")))
    league = soup.find(id="league")
    headers = [th.get_text(" ", strip=True) for th in league.find("thead").find_all("th")]
    assert "Measures scored" in headers
    oldham = next(row for row in league.find("tbody").find_all("tr") if "Oldham" in row.get_text())
    cells = [cell.get_text(" ", strip=True) for cell in oldham.find_all(["th", "td"])]
    assert "Not enough evidence to rate" in cells
    assert any(cell.endswith("of 7") for cell in cells)
    for page in (
        client.get(reverse("insights:commissioner_league")),
        client.get(reverse("insights:commissioner_detail"), {"area": "la:E08000004"}),
        client.get(reverse("insights:methodology")),
    ):
        text = BeautifulSoup(page.content, "html.parser").get_text(" ", strip=True)
        assert "not built" not in text.lower()
        assert "Discharge placement speed" in text  # built from discharge.figures (issue 15)
    methodology = BeautifulSoup(client.get(reverse("insights:methodology")).content, "html.parser")
    assert "At least 4 of the 7 measures" in methodology.get_text(" ", strip=True)
