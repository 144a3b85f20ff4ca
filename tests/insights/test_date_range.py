"""A date outside the range carewatch supports (1 January 2010 to 31 December 2099) is an error naming the
field on the insight pages and in the API, never a server error (issue 12)."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("small_register")

OUT_OF_RANGE = ["0001-01-01", "1969-12-31", "2009-12-31", "2100-01-01", "9999-12-31"]
RANGE = "must be between 1 January 2010 and 31 December 2099"


def error_summary(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(item.text.split()) for item in soup.select(".govuk-error-summary li")]


@pytest.mark.parametrize("as_of", OUT_OF_RANGE)
@pytest.mark.parametrize(
    "page, query",
    [
        ("insights:dashboard", {}),
        ("insights:commissioner_league", {}),
        ("insights:commissioner_detail", {"area": "la:E08000004"}),
    ],
)
def test_an_insight_page_names_an_as_at_date_out_of_range(client, page, query, as_of):
    response = client.get(reverse(page), {**query, "as_of": as_of})
    assert response.status_code == 400
    assert error_summary(response) == [f"The ‘as at’ date {RANGE}"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".govuk-error-summary a")["href"] == "#id_as_of"


@pytest.mark.parametrize("field", ["from", "to"])
def test_the_committee_report_names_a_date_out_of_range(client, field):
    from carewatch.core.roles import Role
    from tests import access_helpers as ah

    ah.sign_in(client, ah.person(ah.council(code="E08000004"), Role.QA_MANAGER))
    response = client.get(reverse("insights:committee_report"), {"la": "E08000004", field: "0001-01-01"})
    what = "start" if field == "from" else "end"
    assert error_summary(response) == [f"The {what} of the period {RANGE}"]


@pytest.mark.parametrize("as_of", OUT_OF_RANGE)
@pytest.mark.parametrize(
    "endpoint", ["api:insights_dashboard", "api:insights_commissioner_ratings", "api:market"]
)
def test_an_api_as_of_out_of_range_is_invalid_and_names_the_field(client, endpoint, as_of):
    response = client.get(reverse(endpoint), {"as_of": as_of})
    assert response.status_code == 422
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("invalid", "as_of")
    assert error["message"] == "as_of must be a date from 2010-01-01 to 2099-12-31"


def test_the_edges_of_the_range_are_accepted(client):
    # The lower edge is the earliest date the register holds data for (issue 13): the small register's
    # first service was registered on 1 January 2016.
    for as_of in ("2016-01-01", "2099-12-31"):
        assert client.get(reverse("api:insights_commissioner_ratings"), {"as_of": as_of}).status_code == 200
        response = client.get(reverse("insights:dashboard"), {"as_of": as_of})
        assert response.status_code == 200 and not error_summary(response)


@pytest.mark.parametrize("endpoint", ["api:insights_dashboard", "api:insights_commissioner_ratings"])
def test_an_api_as_of_before_the_data_is_invalid_and_says_where_the_data_starts(client, endpoint):
    response = client.get(reverse(endpoint), {"as_of": "2015-12-31"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("invalid", "as_of")
    assert error["message"] == (
        "as_of must be on or after 2016-01-01, the earliest date the register holds data for"
    )
