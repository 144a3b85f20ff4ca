"""`carewatch import-cqc` as a person or a script uses it."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from carewatch.register import models
from tests.register.replay_server import ReplayServer


def run(*args, **options) -> str:
    out = StringIO()
    call_command("import_cqc", *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


@pytest.mark.django_db
def test_importing_the_oldham_dump_prints_a_summary_and_json_for_scripts(oldham_dump):
    text = run(str(oldham_dump))
    assert "created 451, updated 0, unchanged 0, deregistered 0, rejected 0" in text
    summary = json.loads(run(str(oldham_dump), json=True))
    assert summary["already_imported"] is True and summary["unchanged"] == 451


@pytest.mark.django_db
def test_a_path_that_does_not_exist_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file or directory"):
        run(str(tmp_path / "missing.ods"))


@pytest.mark.django_db
def test_the_live_sync_imports_from_the_api_and_resumes_from_its_state(oldham_dump, tmp_path, settings):
    with ReplayServer(oldham_dump, api_key="k") as server:
        settings.CQC_API_BASE_URL = server.base_url
        settings.CQC_API_KEY = "k"
        summary = json.loads(run(live=True, state=str(tmp_path / "state.json"), json=True))
    assert summary["source_kind"] == "api-live"
    assert summary["created"] == 451 == models.Location.objects.count()
    # Providers the replay has no detail for are reported, and their locations still imported.
    assert all("provider" in problem for problem in summary["problems"])


@pytest.mark.django_db
def test_the_live_sync_needs_an_api_key(settings):
    settings.CQC_API_KEY = ""
    with pytest.raises(CommandError, match="CQC_API_KEY"):
        run(live=True)


@pytest.mark.django_db
def test_an_import_that_changes_the_register_brings_the_dashboards_figures_up_to_date(oldham_dump):
    from carewatch.insights.models import MarketMonth
    from carewatch.insights.queries import market as insights

    text = run(str(oldham_dump), no_refresh=True)
    assert "monthly figures" not in text
    assert not MarketMonth.objects.exists()  # the dashboards would recompute live until insights-refresh
    call_command("insights_refresh", "--no-warm", stdout=StringIO())
    version = insights.register_version()
    assert MarketMonth.objects.filter(register_version=version).exists()


@pytest.mark.django_db
def test_the_import_refreshes_the_monthly_figures_and_says_so(oldham_dump):
    from carewatch.insights.models import MarketMonth
    from carewatch.insights.queries import market as insights

    text = run(str(oldham_dump))
    assert "monthly figures for register version" in text and "Charts drawn for" in text
    assert MarketMonth.objects.filter(register_version=insights.register_version()).count() > 1000
    again = run(str(oldham_dump))  # the same file again: nothing changed, nothing to recompute
    assert "monthly figures" not in again
