"""Never stale at import: ``carewatch import-cqc`` re-judges every current quality mark the same day, so a
CQC downgrade in the import suspends a Gold award whose "CQC Good or better" must hold, writes the letter
and the audit entry, and the badge leaves the public service page."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from carewatch.core.models import AuditEntry
from carewatch.recognition.models import QualityMarkState
from carewatch.register.models import Location
from tests.cases import factories as cf
from tests.recognition import quality_mark_factories as qf
from tests.register.odsutil import hsca_record
from tests.register.test_readers_hsca import write_hsca

pytestmark = pytest.mark.django_db


def imported(path: Path) -> str:
    out = StringIO()
    call_command("import_cqc", str(path), "--no-refresh", "--force", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_cqc_downgrade_import_suspends_the_award_the_same_day(tmp_path):
    council = cf.council()  # Oldham, E08000004
    first = tmp_path / "first"
    first.mkdir()
    imported(write_hsca(first, "csv", [hsca_record(**{"Location Latest Overall Rating": "Good"})]))
    home = Location.objects.get(pk="1-1000210669")
    assert home.local_authority_id == council.local_authority_id
    now = timezone.now()
    award = qf.awarded(home, council, today=timezone.localdate(), now=now)
    assert "Oldham Quality Mark: Gold" in Client().get(f"/services/{home.pk}/").content.decode()

    second = tmp_path / "second"
    second.mkdir()
    path = write_hsca(
        second,
        "csv",
        [
            hsca_record(
                **{
                    "Location Latest Overall Rating": "Requires Improvement",
                    "Publication Date": date(2026, 10, 1),
                }
            )
        ],
    ).rename(second / "01_December_2026_HSCA_Active_Locations.csv")
    text = imported(path)
    assert "Reviewed quality marks" in text and "1 suspended" in text
    award.refresh_from_db()
    assert award.state == QualityMarkState.SUSPENDED
    assert "Requires improvement" in award.suspension_reason
    assert award.letters.get().subject == "Oldham Quality Mark (Gold) suspended at Treetops Nursing Home"
    assert AuditEntry.objects.filter(action="quality_mark.suspended", object_id=str(award.pk)).exists()
    assert "Oldham Quality Mark" not in Client().get(f"/services/{home.pk}/").content.decode()
