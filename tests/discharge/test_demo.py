"""Demo discharge referrals: every state (open, waiting, past its time, placed, cancelled), delays, several
bands of days; resumable (a second run adds nothing)."""

from __future__ import annotations

from datetime import date

from carewatch.core import access
from carewatch.core.models import AuditEntry
from carewatch.core.roles import Role
from carewatch.demo import capacity as capacity_demo
from carewatch.demo import discharge as discharge_demo
from carewatch.discharge import figures
from carewatch.discharge.models import Delay, Referral
from tests.monitoring import factories as f

TODAY = date(2026, 11, 20)
NOW = f.at(2026, 11, 20, 12)


def test_demo_referrals_are_in_every_state_and_a_second_run_adds_nothing(db):
    council = f.council()
    f.person(council, Role.COMMISSIONER, name="Carla Commissioner")
    f.person(council, Role.DISCHARGE_COORDINATOR, name="Dee Coordinator")
    for n in range(8):
        f.location(council, name=f"Home {n:02d}")
    capacity_demo.generate_demo_capacity(organisation=council, rng_seed=7, today=TODAY, now=NOW)
    made = discharge_demo.generate_demo_referrals(organisation=council, rng_seed=7, today=TODAY, now=NOW)
    assert made.referrals == discharge_demo.COUNT
    states = set(Referral.objects.values_list("state", flat=True))
    assert states == {"open", "sent", "placed", "cancelled"}
    assert made.placements >= 10 and Delay.objects.exists()
    found = figures.discharge_figures(owners=access.OwnerScope.of([council.pk]), on=TODAY)
    assert len([band for band, count in found.by_band.items() if count]) >= 3
    assert AuditEntry.objects.filter(action="discharge.placed", actor_label="demo data").exists()
    again = discharge_demo.generate_demo_referrals(organisation=council, rng_seed=7, today=TODAY, now=NOW)
    assert again.referrals == 0
