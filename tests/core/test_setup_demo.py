"""`carewatch setup-demo` (what `make run` calls): a small synthetic England, demo users and intelligence."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from carewatch.cases.models import Proposal
from carewatch.core.models import User
from carewatch.monitoring.models import Visit
from carewatch.register.models import Location


@pytest.mark.django_db
def test_setup_demo_builds_a_usable_demo_and_a_second_run_changes_nothing(tmp_path, settings):
    settings.DEMO_MODE = True
    out = StringIO()
    call_command("setup-demo".replace("-", "_"), scale=0.02, out=str(tmp_path), stdout=out)
    text = out.getvalue()
    assert "password: carewatch-demo-2026" in text and "qa-manager" in text
    council = User.objects.get(username="qa-officer").organisation
    assert council.kind == "council" and council.name.endswith("Council")
    assert User.objects.get(username="provider-manager").organisation.kind == "provider"
    assert Location.objects.filter(local_authority=council.local_authority, is_active=True).exists()
    assert Visit.objects.filter(organisation=council).exists()
    counts = (Location.objects.count(), Visit.objects.count(), Proposal.objects.count())

    again = StringIO()
    call_command("setup_demo", scale=0.02, out=str(tmp_path), stdout=again)
    assert "already imported: nothing changed" in again.getvalue()
    assert (Location.objects.count(), Visit.objects.count(), Proposal.objects.count()) == counts


@pytest.mark.django_db
def test_setup_demo_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    settings.DEBUG = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("setup_demo")
