"""The insights endpoints of the REST API (mounted by carewatch/api/views.py)."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from carewatch.core import token_services
from carewatch.core.roles import Role
from tests import access_helpers as ah

pytestmark = pytest.mark.usefixtures("small_register")


def _url(name: str) -> str:
    try:
        return reverse(f"api:{name}")
    except NoReverseMatch:
        pytest.skip(
            "the insights router is not mounted yet: api.add_router('/insights', 'carewatch.api.insights.router')"
        )


def test_the_dashboard_endpoint_gives_both_denominators_trend_age_and_councils(client):
    response = client.get(
        _url("insights_dashboard"), {"area": "la:E08000004", "service": "care-homes", "years": 2}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["area"]["name"] == "Oldham"
    assert {"pct_good_or_outstanding_of_rated", "pct_good_or_outstanding_of_active"} <= set(body["ratings"])
    assert len(body["trend"]) == 24
    assert body["council_records"] is None  # anonymous: no council's own records
    assert any(c["code"] == "E08000004" and c["in_scope"] for c in body["councils"])


def test_an_unknown_area_is_a_404_in_the_error_shape(client):
    response = client.get(_url("insights_dashboard"), {"area": "la:E99999999"})
    assert response.status_code == 404
    assert response.json()["error"]["field"] == "area"


def test_the_commissioner_ratings_endpoint(client):
    response = client.get(_url("insights_commissioner_ratings"), {"level": "icb"})
    assert response.status_code == 200
    assert len(response.json()["ratings"]) == 42


def test_a_councils_own_records_go_only_to_tokens_of_people_who_may_read_them(client):
    oldham = ah.council(code="E08000004")
    rochdale = ah.council(code="E08000005")

    def council_records(user):
        secret = token_services.create_token(user=user, name="Dashboards", scope="read", now=timezone.now())[
            1
        ]
        response = client.get(
            _url("insights_dashboard"), {"area": "la:E08000004"}, HTTP_AUTHORIZATION=f"Bearer {secret}"
        )
        assert response.status_code == 200
        return response.json()["council_records"]

    assert council_records(ah.person(oldham, Role.QA_MANAGER))["councils"] == [oldham.name]
    assert council_records(ah.person(rochdale, Role.QA_MANAGER)) is None  # Oldham shares nothing with it
    assert council_records(ah.system_admin())["councils"] == [
        oldham.name
    ]  # system administrators: every council
