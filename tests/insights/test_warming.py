"""After an import the England and regional dashboards' charts are already drawn, in the shared cache.

A web worker that has drawn nothing itself then serves those dashboards from the cache; any other
dashboard is drawn on its first visit. Chart drawing is made to fail here to prove which is which.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from carewatch.insights import charts
from carewatch.register.models import Region

pytestmark = pytest.mark.usefixtures("small_register")


def _drawing_forbidden(monkeypatch):
    def refuse(spec, draw):
        raise AssertionError(f"drew a chart on a page view: {spec.get('title')}")

    monkeypatch.setattr(charts, "_draw", refuse)


def test_insights_refresh_draws_england_and_every_region_for_every_service(client, monkeypatch):
    charts.clear_cache()
    out = StringIO()
    call_command("insights_refresh", stdout=out)
    regions = Region.objects.count()
    assert regions == 9
    assert f"Charts drawn for {3 * (1 + regions)} dashboards" in out.getvalue()  # 3 service types each
    charts.clear_cache(shared=False)  # a web worker that has drawn nothing itself
    _drawing_forbidden(monkeypatch)
    for query in ("", "?service=home-care", "?service=all", "?area=region:E12000002"):
        assert client.get(reverse("insights:dashboard") + query).status_code == 200, query
    with pytest.raises(AssertionError, match="drew a chart"):
        client.get(reverse("insights:dashboard") + "?area=la:E08000004")  # not warmed: drawn on demand


def test_no_warm_leaves_the_charts_to_the_first_visitor(client, monkeypatch):
    charts.clear_cache()
    out = StringIO()
    call_command("insights_refresh", "--no-warm", stdout=out)
    assert "Charts drawn" not in out.getvalue()
    _drawing_forbidden(monkeypatch)
    with pytest.raises(AssertionError, match="drew a chart"):
        client.get(reverse("insights:dashboard"))
