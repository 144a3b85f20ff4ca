from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from carewatch.register import services as register_services
from tests import access_helpers as ah
from tests.register import factories as f

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
def world(db):
    """Oldham and Rochdale councils with an administrator each, the ICB, a provider, a system administrator."""
    register_services.import_snapshot(
        reader=f.reader(
            [f.provider("1-200000001", name="Acme Care Ltd"), f.location("1-100000001", name="Oak Lodge")]
        ),
        imported_at=NOW,
        actor_label="test",
    )
    oldham = ah.council(code="E08000004")
    rochdale = ah.council(code="E08000005")
    return SimpleNamespace(
        oldham=oldham,
        rochdale=rochdale,
        icb=ah.icb(code="E54000057"),
        provider=ah.provider(provider_id="1-200000001"),
        oldham_admin=ah.person(oldham, "org_admin", username="oldham-admin"),
        rochdale_admin=ah.person(rochdale, "org_admin", username="rochdale-admin"),
        system_admin=ah.system_admin(),
    )
