"""The one paging envelope every API list shares (carewatch/api/paging.py, docs/api.md "Pagination")."""

from django.test import RequestFactory

from carewatch.api import paging


def _page(query: str, **kwargs):
    request = RequestFactory().get(f"/api/v1/things?{query}")
    return paging.paged(request, list(range(1, 6)), shape=lambda n: {"n": n}, **kwargs)


def test_a_middle_page_links_both_ways_and_keeps_the_callers_other_parameters():
    body = _page("la=E08000004&page=2", page=2, page_size=2)

    assert body["count"] == 5
    assert body["page"] == 2
    assert body["page_size"] == 2
    assert body["results"] == [{"n": 3}, {"n": 4}]
    assert body["next"] == "http://testserver/api/v1/things?la=E08000004&page=3"
    assert body["previous"] == "http://testserver/api/v1/things?la=E08000004&page=1"


def test_the_ends_have_no_link_beyond_them_and_a_page_past_the_end_gives_the_last():
    first = _page("", page=1, page_size=2)
    past = _page("page=9", page=9, page_size=2)

    assert first["previous"] is None and first["next"].endswith("?page=2")
    assert past["page"] == 3
    assert past["results"] == [{"n": 5}]
    assert past["next"] is None
