"""Imports that cannot lose the register: partial files, truncated files, refusals, --force and --undo.

Each scenario is the one issue 12 found, run through ``carewatch import-cqc`` on files carewatch's
own generator wrote.
"""

from datetime import UTC, date, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from carewatch.core.models import AuditEntry
from carewatch.register import models, services
from tests.register import factories as f

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
FULL = "01_November_2026_HSCA_Active_Locations.csv"


def run(*args, **options) -> str:
    out = StringIO()
    call_command("import_cqc", *args, stdout=out, stderr=StringIO(), no_refresh=True, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def england(tmp_path_factory) -> Path:
    """A generated England at 5% scale (about 1,400 active locations in 150 councils)."""
    out = tmp_path_factory.mktemp("england")
    call_command("generate", out=str(out), seed=3, scale=0.05, formats="hsca-csv", stdout=StringIO())
    return out / "bulk"


def first_rows(source: Path, target: Path, rows: int) -> Path:
    """The header and the first ``rows`` data rows of a CSV file, as a file of another name."""
    lines = source.read_bytes().splitlines(keepends=True)
    target.write_bytes(b"".join(lines[: rows + 1]))
    return target


def register_state() -> dict:
    return {
        "registered": set(
            models.Location.objects.filter(registration_status="Registered").values_list("id", flat=True)
        ),
        "locations": sorted(map(repr, models.Location.objects.values_list())),
        "ratings": sorted(map(repr, models.Rating.objects.values_list())),
        "providers": sorted(map(repr, models.Provider.objects.values_list())),
        "service_types": sorted(
            models.Location.service_types.through.objects.values_list("location_id", "servicetype_id")
        ),
    }


@pytest.mark.django_db(transaction=True)
def test_the_first_rows_of_a_national_file_update_what_they_hold_and_deregister_nothing(england, tmp_path):
    full = england / FULL
    text = run(str(full))
    assert "a complete register" in text
    active = models.Location.objects.filter(is_active=True).count()
    assert active > 1000

    partial = first_rows(full, tmp_path / "HSCA_Active_Locations_first_300.csv", 300)
    text = run(str(partial))

    assert "deregistered 0" in text and "a partial file" in text
    assert models.Location.objects.filter(is_active=True).count() == active
    assert not models.Snapshot.objects.order_by("-id").first().complete

    # Re-importing the full file is not "already imported": a later snapshot came in between.
    text = run(str(full))
    assert "already imported" not in text and "deregistered 0" in text
    assert models.Location.objects.filter(is_active=True).count() == active


@pytest.mark.django_db(transaction=True)
def test_a_register_damaged_by_a_partial_file_is_restored_by_importing_the_full_file_again(england, tmp_path):
    full = england / FULL
    run(str(full))
    before = register_state()["registered"]
    # As the old importer did with a partial file (or as --force does): most locations deregistered.
    partial = first_rows(full, tmp_path / "part_HSCA_Active_Locations.csv", 300)
    text = run(str(partial), force=True, max_drop=1.0)
    assert "deregistered 0" in text  # even --force never makes a partial file complete
    models.Location.objects.exclude(
        id__in=models.Location.objects.order_by("id").values_list("id", flat=True)[:300]
    ).update(registration_status="Deregistered", is_active=False, source_hash="")

    run(str(full))

    assert register_state()["registered"] == before


@pytest.mark.django_db
def test_a_complete_register_much_smaller_than_the_last_is_refused_and_leaves_no_trace(england, tmp_path):
    full = england / FULL
    run(str(full))
    lines = full.read_bytes().splitlines(keepends=True)
    # Every council still named, but one row in five gone: a 20% drop.
    smaller = tmp_path / "01_December_2026_HSCA_Active_Locations.csv"
    smaller.write_bytes(b"".join(line for index, line in enumerate(lines) if index == 0 or index % 5))
    snapshots = models.Snapshot.objects.count()

    with pytest.raises(CommandError, match=r"in the last complete register.*a drop of 2\d\.\d%"):
        run(str(smaller))
    assert models.Snapshot.objects.count() == snapshots

    text = run(str(smaller), force=True)
    assert "deregistered 2" in text and "a complete register" in text


@pytest.mark.django_db
def test_a_truncated_file_is_refused_and_the_whole_file_then_imports(england, tmp_path):
    whole = (england / FULL).read_bytes()
    cut = tmp_path / FULL
    cut.write_bytes(whole[: len(whole) - 200])  # cut in the middle of the last row

    with pytest.raises(
        CommandError, match=r"line 1437, the last, has \d+ of the header's \d+ columns.*truncated"
    ):
        run(str(cut))
    assert not models.Snapshot.objects.exists() and not models.Location.objects.exists()

    cut.write_bytes(whole)  # the same name, now whole: not "already imported"
    assert "created 1436" in run(str(cut))


@pytest.mark.django_db
def test_a_file_with_too_many_rejected_rows_is_refused_and_not_remembered(england, tmp_path):
    lines = (england / FULL).read_bytes().splitlines(keepends=True)
    damaged = tmp_path / FULL
    # 30 of 1,436 rows (2%) lose their location id: more than the 1% allowed.
    damaged.write_bytes(
        b"".join(b"x" + line if 0 < index <= 30 else line for index, line in enumerate(lines))
    )

    with pytest.raises(
        CommandError, match=r"30 of 1436 records rejected \(2\.1%\), more than the 1% allowed"
    ):
        run(str(damaged))
    assert not models.Snapshot.objects.exists()

    with pytest.raises(CommandError, match="30 record"):
        run(str(damaged), max_rejected=0.05, fail_on_bad_records=True)  # imported, then says so
    assert models.Location.objects.count() == 1406


@pytest.mark.django_db
def test_a_file_that_imports_nothing_is_refused_even_with_force(england, tmp_path):
    empty = first_rows(england / FULL, tmp_path / FULL, 0)  # the header alone
    with pytest.raises(CommandError, match="no record could be imported"):
        run(str(empty), force=True)
    assert not models.Snapshot.objects.exists()


@pytest.mark.django_db
def test_force_imports_a_file_already_imported_again(england):
    full = england / FULL
    run(str(full))
    assert "already imported" in run(str(full))
    text = run(str(full), force=True)
    assert "Imported" in text and "unchanged 1436" in text
    assert models.Snapshot.objects.count() == 2


# --- undo ------------------------------------------------------------------------------------------


def import_records(records, *, complete=False, as_of=date(2026, 11, 1), **options):
    return services.import_snapshot(
        reader=f.reader(records, complete=complete, as_of=as_of),
        imported_at=NOW,
        actor_label="test",
        **options,
    )


@pytest.mark.django_db
def test_undo_puts_back_what_a_snapshot_changed_deregistered_added_and_rated():
    first = [f.provider(), *[f.location(f"1-10000000{i}") for i in range(1, 10)]]
    import_records(first, complete=True, as_of=date(2026, 10, 1))
    before = register_state()

    second = [
        f.provider(name="Acme Care Group"),
        f.location(
            "1-100000001", rating="Inadequate", rated_on=date(2026, 10, 20), service_types=("Nursing homes",)
        ),
        *[f.location(f"1-10000000{i}") for i in range(2, 9)],  # 1-100000009 missing: deregistered
        f.location("1-100000077", name="New Home"),
    ]
    summary = import_records(second, complete=True, force=True)
    assert (summary.deregistered, summary.created, summary.updated) == (1, 1, 1)

    text = run(undo=summary.snapshot_id)

    assert "removed 1 locations" in text and "put back 2" in text
    assert register_state() == before
    snapshot = models.Snapshot.objects.get(pk=summary.snapshot_id)
    assert snapshot.undone_at is not None
    entry = AuditEntry.objects.get(action="register.snapshot_undone")
    assert entry.object_id == str(snapshot.pk) and entry.actor_label == "import-cqc --undo (command line)"
    assert f"{snapshot.pk}" in run(list=True) and "undone" in run(list=True)


@pytest.mark.django_db
def test_only_the_latest_import_can_be_undone_and_only_once():
    one = import_records([f.location("1-100000001")], as_of=date(2026, 10, 1))
    two = import_records([f.location("1-100000001", rating="Inadequate")], as_of=date(2026, 11, 1))

    with pytest.raises(CommandError, match=f"is not the latest import: undo snapshot {two.snapshot_id}"):
        run(undo=one.snapshot_id)
    run(undo=two.snapshot_id)
    with pytest.raises(CommandError, match="was already undone"):
        run(undo=two.snapshot_id)
    with pytest.raises(CommandError, match="there is no snapshot 999"):
        run(undo=999)

    run(undo=one.snapshot_id)
    assert not models.Location.objects.exists()


@pytest.mark.django_db
def test_after_undo_the_same_file_imports_again(england):
    full = england / FULL
    run(str(full))
    snapshot = models.Snapshot.objects.get()
    run(undo=snapshot.pk)
    assert not models.Location.objects.exists()
    assert "created 1436" in run(str(full))


@pytest.mark.django_db
def test_importing_a_file_already_imported_finishes_an_interrupted_refresh(england):
    from carewatch.insights.models import MarketMonth
    from carewatch.insights.queries import market

    full = england / FULL
    run(str(full))  # imported, but (as if killed) the dashboards' figures were never computed
    assert market.fresh_version() is None

    out = StringIO()
    call_command("import_cqc", str(full), stdout=out, stderr=StringIO())

    assert "already imported" in out.getvalue() and "monthly figures" in out.getvalue()
    assert market.fresh_version() == market.register_version()
    assert MarketMonth.objects.exists()


@pytest.mark.django_db
def test_an_import_whose_new_locations_are_in_use_cannot_be_undone():
    from carewatch.cases import services as cases
    from tests.cases import factories as case_factories

    council = case_factories.council()
    summary = import_records([f.location("1-100000001")])
    cases.open_case(  # a council opens a case on a home the import added (a relation with no name back)
        actor=case_factories.manager(council),
        organisation=council,
        locations=[models.Location.objects.get(pk="1-100000001")],
        provider=None,
        level="1",
        reason="Concerns",
        now=NOW,
    )

    with pytest.raises(CommandError, match="added locations that carewatch now uses"):
        run(undo=summary.snapshot_id)
    assert models.Location.objects.filter(pk="1-100000001").exists()
    assert models.Snapshot.objects.get(pk=summary.snapshot_id).undone_at is None
