"""Importing snapshots: idempotent, atomic, history-keeping, and refusing suspicious snapshots."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from carewatch.core import bulk
from carewatch.core.models import AuditEntry
from carewatch.register import models, services
from carewatch.register.importers.records import BadRecord
from tests.register import factories as f

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def run(reader, **options):
    return services.import_snapshot(reader=reader, imported_at=NOW, actor_label="test", **options)


def table_state() -> dict:
    return {
        model.__name__: sorted(map(repr, model.objects.values_list()))
        for model in (models.Location, models.Provider, models.Rating, models.Assessment, models.Snapshot)
    }


@pytest.mark.django_db
def test_a_first_import_creates_locations_providers_and_current_ratings_with_key_question_dates():
    record = f.location("1-100000001", ratings=f.focused_ratings()[:1])
    summary = run(f.reader([f.provider(), record]))

    assert (summary.created, summary.updated, summary.unchanged) == (1, 0, 0)
    location = models.Location.objects.get(pk="1-100000001")
    assert location.is_active and location.care_home and not location.home_care
    assert location.local_authority_id == "E08000004"  # Oldham
    assert location.icb_id == "E54000057" and location.region_id == "E12000002"
    assert location.current_rating == "Requires improvement"
    current = location.ratings.get(is_current=True)
    assert (current.safe, current.safe_on) == ("Requires improvement", date(2024, 3, 1))
    assert (current.caring, current.caring_on) == ("Good", date(2021, 6, 1))
    assert location.provider.name == "Acme Care Ltd"
    assert [s.name for s in location.service_types.all()] == ["Residential homes"]


@pytest.mark.django_db
def test_importing_the_same_snapshot_twice_changes_nothing():
    records = [f.provider(), f.location("1-100000001"), f.location("1-100000002", rating="Inadequate")]
    run(f.reader(records))
    before = table_state()

    again = run(f.reader(records))

    assert again.already_imported
    assert table_state() == before


@pytest.mark.django_db
def test_a_newer_snapshot_keeps_the_old_current_rating_as_history():
    run(
        f.reader(
            [f.location("1-100000001", rating="Good", rated_on=date(2022, 1, 10))], as_of=date(2026, 10, 1)
        )
    )

    summary = run(
        f.reader(
            [f.location("1-100000001", rating="Inadequate", rated_on=date(2026, 10, 20))],
            as_of=date(2026, 11, 1),
        )
    )

    assert (summary.updated, summary.created) == (1, 0)
    location = models.Location.objects.get(pk="1-100000001")
    assert location.current_rating == "Inadequate"
    history = list(location.ratings.order_by("report_on").values_list("overall", "is_current", "report_on"))
    assert history == [("Good", False, date(2022, 1, 10)), ("Inadequate", True, date(2026, 10, 20))]


@pytest.mark.django_db
def test_a_location_missing_from_a_complete_register_is_deregistered_with_the_snapshot_date():
    first = [f.location(f"1-10000000{i}") for i in range(1, 10)] + [f.location("1-100000099")]
    run(f.reader(first, complete=True, as_of=date(2026, 10, 1)))

    summary = run(f.reader(first[:-1], complete=True, as_of=date(2026, 11, 1)), force=True)

    assert summary.deregistered == 1
    gone = models.Location.objects.get(pk="1-100000099")
    assert (gone.registration_status, gone.deregistered_on, gone.is_active) == (
        "Deregistered",
        date(2026, 11, 1),
        False,
    )
    assert gone.deregistration_inferred


@pytest.mark.django_db
def test_a_complete_register_with_far_fewer_active_locations_is_refused_unless_forced():
    first = [f.location(f"1-1000000{i:02d}") for i in range(20)]
    run(f.reader(first, complete=True, as_of=date(2026, 10, 1)))
    smaller = first[:18]  # a 10% drop

    with pytest.raises(services.ImportRefused, match="drop of 10.0%"):
        run(f.reader(smaller, complete=True, as_of=date(2026, 11, 1)))
    assert models.Snapshot.objects.count() == 1

    summary = run(f.reader(smaller, complete=True, as_of=date(2026, 11, 1)), force=True)
    assert models.Snapshot.objects.count() == 2
    assert summary.deregistered == 2


@pytest.mark.django_db
def test_an_older_snapshot_than_the_last_one_is_refused():
    run(f.reader([f.location()], as_of=date(2026, 11, 1)))
    with pytest.raises(services.ImportRefused, match="older than the last snapshot"):
        run(f.reader([f.location(rating="Inadequate")], as_of=date(2026, 9, 1)))


@pytest.mark.django_db
def test_a_failure_part_way_through_leaves_the_database_exactly_as_it_was(monkeypatch):
    run(f.reader([f.location("1-100000001")], as_of=date(2026, 10, 1)))
    before = table_state()

    original = bulk.fast_insert

    def failing_insert(model, objects):
        if model is models.Rating:
            raise RuntimeError("disk full")
        return original(model, objects)

    monkeypatch.setattr(bulk, "fast_insert", failing_insert)
    with pytest.raises(RuntimeError, match="disk full"):
        run(
            f.reader(
                [f.location("1-100000001", rating="Inadequate"), f.location("1-100000002")],
                as_of=date(2026, 11, 1),
            )
        )

    assert table_state() == before


@pytest.mark.django_db
def test_strict_mode_imports_nothing_when_any_record_is_bad():
    bad = BadRecord(source="x.csv", where="line 7", field="Location ID", reason="malformed id 'abc'")
    with pytest.raises(services.StrictImportError, match="line 7"):
        run(f.reader([f.location()], bad=[bad]), strict=True)
    assert models.Location.objects.count() == 0


@pytest.mark.django_db
def test_bad_records_are_reported_and_the_rest_imported_by_default():
    bad = BadRecord(source="x.csv", where="line 7", field="Location ID", reason="malformed id 'abc'")
    good = [f.location(f"1-1000001{i:02d}") for i in range(100)]  # 1 rejected in 101: under 1%
    summary = run(f.reader(good, bad=[bad]))
    assert summary.rejected == 1 and summary.created == 100
    assert summary.problems == ["x.csv, line 7, field 'Location ID': malformed id 'abc'"]


@pytest.mark.django_db
def test_an_unknown_local_authority_is_reported_and_never_guessed():
    summary = run(f.reader([f.location(local_authority="Oldam", icb_code=None)]))
    location = models.Location.objects.get()
    assert location.local_authority is None and location.icb is None
    assert location.local_authority_name == "Oldam"
    assert any("unknown local authority name 'Oldam'" in problem for problem in summary.problems)


@pytest.mark.django_db
def test_a_partial_record_updates_ratings_and_keeps_everything_else():
    run(f.reader([f.location("1-100000001", beds=44)], as_of=date(2026, 10, 1)))
    partial = f.location("1-100000001", rating="Outstanding", rated_on=date(2026, 10, 5))
    partial = replace(
        partial,
        partial=True,
        beds=None,
        specialisms=None,
        service_types=None,
        regulated_activities=None,
        postcode=None,
    )
    run(f.reader([partial], as_of=date(2026, 11, 1)))
    location = models.Location.objects.get()
    assert (location.beds, location.postcode, location.current_rating) == (44, "OL1 1AA", "Outstanding")
    assert location.specialisms.count() == 1


@pytest.mark.django_db
def test_every_import_writes_one_audit_entry():
    run(f.reader([f.location()]))
    entry = AuditEntry.objects.get()
    assert entry.action == "register.snapshot_imported" and entry.after["created"] == 1
    with pytest.raises(PermissionError):
        entry.delete()


@pytest.mark.django_db
def test_a_bulk_file_without_key_questions_keeps_the_current_key_questions_and_precise_icb():
    run(
        f.reader(
            [f.location("1-100000001", rating="Good", rated_on=date(2024, 1, 5))], as_of=date(2026, 10, 1)
        )
    )
    bulk = f.location("1-100000001", rating="Good", rated_on=date(2024, 1, 5), icb_code=None)
    bulk = replace(bulk, ratings=(replace(bulk.ratings[0], key_questions=()),))

    run(f.reader([bulk], as_of=date(2026, 11, 1)))

    location = models.Location.objects.get()
    current = location.ratings.get(is_current=True)
    assert (current.safe, current.safe_on) == ("Good", date(2024, 1, 5))
    assert location.ratings.count() == 1
    assert (location.icb_id, location.icb_from_local_authority) == ("E54000057", False)
