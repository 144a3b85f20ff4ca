"""Generate → import (each format) → carewatch's market figures equal the generator's own tallies."""

from datetime import UTC, date, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from carewatch.demo.generator.model import build_england
from carewatch.register import queries, services
from carewatch.register.importers import detect

SEED, SCALE, AS_OF = 7, 0.03, date(2026, 11, 1)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("england")
    call_command(
        "generate",
        out=str(out),
        seed=SEED,
        scale=SCALE,
        as_of=AS_OF.isoformat(),
        formats="api,hsca-csv,hsca-ods,hsca-xlsx",
        stdout=StringIO(),
    )
    return out


@pytest.fixture(scope="module")
def england():
    return build_england(seed=SEED, as_of=AS_OF, scale=SCALE)


def import_path(path: Path):
    return services.import_snapshot(
        reader=detect.open_reader(path), imported_at=datetime(2026, 11, 22, tzinfo=UTC), actor_label="test"
    )


def assert_figures_match(england, by: str, service: str, as_of: date | None = None) -> None:
    expected = {code: tally for code, tally in england.tallies(as_of=as_of, by=by, service=service).items()}
    mine = {row.code: row for row in queries.market_figures(by=by, service=service, as_of=as_of)}
    for code, tally in expected.items():
        row = mine[code]
        got = {
            "active": row.active,
            "Outstanding": row.outstanding,
            "Good": row.good,
            "Requires improvement": row.requires_improvement,
            "Inadequate": row.inadequate,
            "not yet rated": row.not_yet_rated,
        }
        want = {"active": tally.active, **tally.by_rating}
        assert got == want, f"{by} {service} {code} {tally.area_name}"
        if service == "care-homes":
            assert row.beds == tally.beds, f"beds {code}"
    assert sum(r.active for r in mine.values() if r.code) == sum(t.active for t in expected.values())


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["api", "hsca-csv", "hsca-ods", "hsca-xlsx"])
def test_market_figures_equal_the_generators_tallies_after_importing_each_format(generated, england, fmt):
    path = (
        generated / "api"
        if fmt == "api"
        else next((generated / "bulk").glob(f"*HSCA_Active_Locations.{fmt[5:]}"))
    )
    summary = import_path(path)
    assert summary.rejected == 0, summary.problems[:5]
    for by in ("la", "icb", "region", "england"):
        for service in ("all", "care-homes", "home-care"):
            assert_figures_match(england, by, service)


@pytest.mark.django_db
def test_market_figures_as_at_an_earlier_date_equal_the_generators(generated, england):
    import_path(generated / "api")
    for as_of in (date(2019, 3, 31), date(2024, 3, 31)):
        for service in ("all", "care-homes"):
            assert_figures_match(england, "region", service, as_of=as_of)
