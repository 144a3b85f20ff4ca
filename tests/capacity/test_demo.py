"""Demo contracts and a year of returns: realistic (misses, a missed-returns trigger, stale returns),
deterministic, and resumable (a second run adds only what is missing)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from carewatch.capacity import figures, queries
from carewatch.capacity.models import CapacityReturn, Contract
from carewatch.core.roles import Role
from carewatch.demo import capacity as capacity_demo
from tests.monitoring import factories as f

TODAY = date(2026, 11, 20)
NOW = f.at(2026, 11, 20, 12)


def test_demo_capacity_has_contracts_a_year_of_returns_misses_and_stale_returns(db):
    council = f.council()
    f.person(council, Role.COMMISSIONER, name="Carla Commissioner")
    homes = [f.location(council, name=f"Home {n:02d}") for n in range(12)]
    first = capacity_demo.generate_demo_capacity(
        organisation=council, rng_seed=7, today=TODAY, now=NOW, max_locations=5
    )
    assert first.services == 5 and first.returns > 5 * 10
    more = capacity_demo.generate_demo_capacity(
        organisation=council, rng_seed=7, today=TODAY, now=NOW, max_locations=12
    )
    assert more.services == 7 and more.contracts == 0  # only what the first run had not done
    again = capacity_demo.generate_demo_capacity(
        organisation=council, rng_seed=7, today=TODAY, now=NOW, max_locations=12
    )
    assert (again.services, again.returns, again.contracts) == (0, 0, 0)
    assert Contract.objects.filter(organisation=council).exists()
    assert CapacityReturn.objects.filter(location__in=homes).count() == first.returns + more.returns
    flagged = [
        m for m in figures.missed_returns(location_ids=[h.pk for h in homes], today=TODAY) if m.triggered
    ]
    assert flagged, "the demo should raise at least one missed-returns trigger"
    rows = queries.vacancy_rows(
        list(queries.vacancy_locations(queries.VacancyCriteria(area=Q()), now=NOW)),
        queries.VacancyCriteria(),
        now=NOW,
    )
    assert any(row.stale for row in rows) and any(not row.stale for row in rows)
