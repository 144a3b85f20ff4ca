"""Open data: the register, ratings, badges and council measures as CSV and JSON, streamed, with a licence."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from carewatch.register import models as register
from tests.cases import factories as f
from tests.monitoring import given
from tests.monitoring.conftest import world  # noqa: F401 - Oldham council, Acme Care and Oak House
from tests.pages import page, text

pytestmark = pytest.mark.django_db


def download(dataset: str, file_format: str, **params):
    url = reverse("public:open_data_download", kwargs={"dataset": dataset, "file_format": file_format})
    response = Client().get(url, params)
    assert response.status_code == 200, response.status_code
    assert response.streaming
    return response, b"".join(response.streaming_content).decode()


def csv_rows(dataset: str, **params) -> list[dict[str, str]]:
    _, body = download(dataset, "csv", **params)
    return list(csv.DictReader(io.StringIO(body)))


def test_the_page_links_every_file_and_states_the_licence_and_the_cqc_attribution():
    soup = page(Client().get("/open-data/"))
    links = {a["href"] for a in soup.select("main a[download]")}
    assert links == {
        f"/open-data/{name}.{file_format}"
        for name in ("services", "ratings", "badges", "council-measures")
        for file_format in ("csv", "json")
    } | {"/commitments/register.csv"}
    licence = text(soup.select_one("#licence-text"))
    assert "Open Government Licence v3.0" in licence
    assert "Contains CQC data © Care Quality Commission" in licence
    assert (
        soup.select_one("#licence-text")
        .find("a", rel="license")["href"]
        .startswith("https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3")
    )
    for link in links:  # every file the page offers can be downloaded
        assert Client().get(link).status_code == 200


def test_the_services_file_holds_active_adult_social_care_services_only_unless_asked():
    open_home = f.location(name="Oak House", rating="Good", rated_on=date(2024, 6, 1))
    closed = f.location(name="Gone Home", deregistered_on=date(2023, 1, 1))
    gp = f.location(name="The Surgery")
    register.Location.objects.filter(pk=gp.pk).update(adult_social_care=False)

    rows = csv_rows("services")
    assert [row["cqc_location_id"] for row in rows] == [open_home.pk]
    assert rows[0]["overall_rating"] == "Good"
    assert rows[0]["overall_rating_published_on"] == "2024-06-01"
    assert rows[0]["care_home"] == "Y"
    assert {row["cqc_location_id"] for row in csv_rows("services", status="all")} == {open_home.pk, closed.pk}


def test_a_name_that_looks_like_a_formula_is_never_run_by_a_spreadsheet():
    f.location(name='=HYPERLINK("https://evil.example")')
    rows = csv_rows("services")
    assert rows[0]["name"].startswith("'=HYPERLINK")


def test_the_json_file_carries_the_licence_and_the_same_rows():
    oak = f.location(name="Oak House", rating="Good", rated_on=date(2024, 6, 1))
    response, body = download("services", "json")
    assert response["Content-Type"] == "application/json"
    assert 'rel="license"' in response["Link"]
    data = json.loads(body)
    assert data["licence"]["name"] == "Open Government Licence v3.0"
    assert data["licence"]["attribution"] == ["Contains CQC data © Care Quality Commission"]
    assert [row["cqc_location_id"] for row in data["rows"]] == [oak.pk]
    assert data["rows"][0]["care_home"] is True
    assert data["rows"][0]["overall_rating_published_on"] == "2024-06-01"


def test_the_ratings_file_has_one_row_per_report_oldest_first():
    oak = f.location(
        name="Oak House",
        rating="Good",
        rated_on=date(2024, 6, 1),
        history=((date(2021, 3, 1), "Inadequate"),),
    )
    rows = csv_rows("ratings")
    assert [
        (row["cqc_location_id"], row["report_published_on"], row["overall"], row["current"]) for row in rows
    ] == [
        (oak.pk, "2021-03-01", "Inadequate", "N"),
        (oak.pk, "2024-06-01", "Good", "Y"),
    ]


def test_the_badges_file_lists_published_badges(world):  # noqa: F811
    given.published(world, "Good")
    rows = csv_rows("badges")
    assert [(row["cqc_location_id"], row["badge"], row["label"]) for row in rows] == [
        (world.home.pk, "local-qa", "Council check: Good")
    ]


def test_the_council_measures_file_has_a_row_per_council_with_market_and_commissioner_figures():
    f.location(rating="Good")
    f.location(rating="Requires improvement")
    rows = csv_rows("council-measures")
    oldham = next(row for row in rows if row["ons_code"] == "E08000004")
    assert oldham["council"] == "Oldham"
    assert (oldham["active_services"], oldham["good"], oldham["requires_improvement"]) == ("2", "1", "1")
    assert oldham["pct_good_or_outstanding_of_rated"] == "50.0"
    assert oldham["commissioner_rating"]  # a rating, or "Not enough evidence to rate"
    assert "market_quality_score" in oldham


def test_an_unknown_file_is_a_page_not_found():
    assert Client().get("/open-data/everything.csv").status_code == 404
    assert Client().get("/open-data/services.xml").status_code == 404
