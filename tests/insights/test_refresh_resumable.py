"""An import killed during the refresh: the next run finishes the monthly figures, and the dashboards
never read an unfinished set."""

from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from carewatch.insights import services
from carewatch.insights.areas import SERVICES
from carewatch.insights.models import MarketMonth
from carewatch.insights.queries import market

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


class Killed(Exception):
    pass


def refresh():
    return services.refresh_market_months(until=date(2026, 11, 22), now=NOW, years=2)


@pytest.mark.django_db
def test_a_refresh_killed_part_way_is_finished_by_the_next_run(small_register, monkeypatch):
    real = services._service_rows
    calls = []

    def dies_on_the_second_service(everything, service, days, version):
        calls.append(service)
        if len(calls) == 2:
            raise Killed
        return real(everything, service, days, version)

    monkeypatch.setattr(services, "_service_rows", dies_on_the_second_service)
    with pytest.raises(Killed):
        refresh()

    version = market.register_version()
    assert set(MarketMonth.objects.values_list("service", flat=True)) == {SERVICES[0]}
    assert market.fresh_version() is None  # unfinished: the dashboards compute live meanwhile

    calls.clear()
    monkeypatch.setattr(services, "_service_rows", lambda *args: calls.append(args[1]) or real(*args))
    refresh()

    assert calls == list(SERVICES[1:])  # only what was missing
    assert market.fresh_version() == version
    assert set(MarketMonth.objects.values_list("service", flat=True)) == set(SERVICES)


@pytest.mark.django_db
def test_if_missing_refreshes_only_when_the_figures_are_missing_or_unfinished(small_register):
    out = StringIO()
    call_command("insights_refresh", "--no-warm", "--if-missing", stdout=out)
    assert "monthly figures" in out.getvalue()
    assert market.fresh_version() == market.register_version()

    out = StringIO()
    call_command("insights_refresh", "--no-warm", "--if-missing", stdout=out)
    assert out.getvalue() == ""

    MarketMonth.objects.filter(service=SERVICES[-1]).delete()  # as a killed refresh leaves them
    call_command("insights_refresh", "--no-warm", "--if-missing", stdout=out)
    assert market.fresh_version() == market.register_version()
