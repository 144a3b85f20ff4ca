"""`make run` serves the first page as soon as the register and the demo users exist
(`setup-demo --serve-first`); visits, cases and dashboards are prepared by a second process, and
every page says so until they are ready."""

from io import StringIO

import pytest
from django.core.management import call_command

from carewatch.core.models import AuditEntry, User
from carewatch.demo import preparation
from carewatch.demo.management.commands import setup_demo
from carewatch.insights.models import MarketMonth
from carewatch.monitoring.models import Visit
from tests import places
from tests.pages import page

BANNER = "Demo data is still being prepared"


def banner(client) -> str | None:
    found = page(client.get("/")).select_one("#demo-preparing")
    return None if found is None else " ".join(found.text.split())


@pytest.mark.django_db
def test_serve_first_leaves_the_rest_to_a_background_process_and_pages_say_so_until_it_is_done(
    tmp_path, settings, monkeypatch, client
):
    settings.DEMO_MODE = True
    started = []
    monkeypatch.setattr(setup_demo.Command, "start_in_background", lambda self, args: started.append(args))
    out = StringIO()
    call_command("setup_demo", scale=0.02, out=str(tmp_path), serve_first=True, stdout=out)

    # The server may start now: the register and the demo users are there, the rest is not yet.
    assert "being prepared in the background" in out.getvalue() and "password:" in out.getvalue()
    assert User.objects.filter(username="qa-officer").exists()
    assert not Visit.objects.exists() and not MarketMonth.objects.exists()
    [arguments] = started
    assert arguments[:2] == ["setup-demo", "--prepare-rest"]
    assert BANNER in banner(client)
    assert "Reload the page" in banner(client)

    # What the background process runs.
    rest = StringIO()
    call_command(
        *[argument.replace("-", "_", 1) if i == 0 else argument for i, argument in enumerate(arguments)],
        stdout=rest,
    )
    assert "Demo data is ready" in rest.getvalue()
    assert Visit.objects.exists() and MarketMonth.objects.exists()
    assert banner(client) is None
    assert list(
        AuditEntry.objects.filter(object_type="demo_preparation")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["demo.preparation_started", "demo.preparation_finished"]


@pytest.mark.django_db
def test_the_banner_shows_only_in_demo_mode_and_only_while_a_preparation_is_unfinished(settings, client):
    settings.DEMO_MODE = True
    assert banner(client) is None
    started = preparation.start(now=places.at(2026, 12, 7))
    assert BANNER in banner(client)
    settings.DEMO_MODE = False
    assert banner(client) is None
    settings.DEMO_MODE = True
    preparation.finish(preparation_id=started.pk, now=places.at(2026, 12, 7, 10, 5))
    assert banner(client) is None


@pytest.mark.django_db
def test_a_new_preparation_supersedes_one_whose_process_was_stopped(settings, client):
    settings.DEMO_MODE = True
    preparation.start(now=places.at(2026, 12, 7))  # make run stopped with Ctrl-C before it finished
    again = preparation.start(now=places.at(2026, 12, 7, 11))
    preparation.finish(preparation_id=again.pk, now=places.at(2026, 12, 7, 11, 2))
    assert banner(client) is None
