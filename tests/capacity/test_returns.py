"""Submitting capacity returns: the figures must add up, only the provider's own staff file them, only for
an active adult social care service, and each return is kept as history (insert-only)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from carewatch.capacity import errors, services
from carewatch.capacity.models import BedReturn, CapacityReturn
from carewatch.capacity.services import ReturnFigures
from carewatch.core.models import AuditEntry
from tests.capacity.given import a_return, beds
from tests.monitoring.factories import at

NOW = at(2026, 11, 10)


def test_a_provider_manager_files_a_return_and_it_is_audited(world):
    saved = a_return(
        world.home,
        world.acme_manager,
        NOW,
        beds(capacity=20, occupied=17, vacant_not_accepting=1, not_accepting_reason="Redecorating"),
    )
    bed = saved.beds.get()
    assert (bed.capacity, bed.occupied, bed.vacant_accepting, bed.vacant_not_accepting) == (20, 17, 2, 1)
    assert not saved.unchanged
    entry = AuditEntry.objects.get(action="capacity.return_submitted")
    assert entry.object_id == str(saved.pk) and entry.actor == world.acme_manager


def test_the_same_figures_again_count_as_an_unchanged_return(world):
    a_return(world.home, world.acme_manager, NOW, beds())
    again = a_return(world.home, world.acme_manager, at(2026, 11, 17), beds())
    assert again.unchanged
    assert CapacityReturn.objects.filter(location=world.home).count() == 2


@pytest.mark.parametrize(
    ("bed", "field", "words"),
    [
        (
            dict(capacity=10, occupied=11, vacant_accepting=0),
            "general_residential-occupied",
            "cannot be more than the maximum capacity",
        ),
        (
            dict(capacity=10, occupied=-1, vacant_accepting=11),
            "general_residential-occupied",
            "must be 0 or more",
        ),
        (
            dict(capacity=10, occupied=8, vacant_accepting=1),
            "general_residential-vacant_accepting",
            "must add up to 2",
        ),
        (
            dict(capacity=10, occupied=8, vacant_accepting=0, vacant_not_accepting=2),
            "general_residential-not_accepting_reason",
            "say why",
        ),
        (
            dict(capacity=10, occupied=8, vacant_accepting=2, closed=True),
            "general_residential-vacant_accepting",
            "closed bed type",
        ),
    ],
)
def test_impossible_figures_are_refused_naming_the_field_and_nothing_is_saved(world, bed, field, words):
    with pytest.raises(errors.InvalidInput) as refused:
        a_return(
            world.home, world.acme_manager, NOW, services.BedFigures(bed_type="general_residential", **bed)
        )
    assert refused.value.field == field and words in refused.value.message
    assert not CapacityReturn.objects.exists()


def test_a_nil_return_needs_nobody_supported(world):
    saved = services.submit_return(
        location=world.home, actor=world.acme_manager, figures=ReturnFigures(nil=True), channel="web", now=NOW
    )
    assert saved.nil
    with pytest.raises(errors.InvalidInput) as refused:
        a_return(world.home, world.acme_manager, NOW, beds(occupied=3), nil=True)
    assert refused.value.field == "nil"


def test_an_empty_return_is_refused(world):
    with pytest.raises(errors.InvalidInput) as refused:
        services.submit_return(
            location=world.home, actor=world.acme_manager, figures=ReturnFigures(), channel="web", now=NOW
        )
    assert refused.value.field == "nil"


def test_another_provider_cannot_file_for_a_home_it_does_not_run(world):
    with pytest.raises(errors.NotPermitted):
        a_return(world.home, world.beta_manager, NOW, beds())
    with pytest.raises(errors.NotPermitted):
        a_return(world.home, world.commissioner, NOW, beds())


def test_a_deregistered_service_files_no_return(world):
    world.home.is_active, world.home.registration_status = False, "Deregistered"
    world.home.save()
    with pytest.raises(errors.InvalidInput) as refused:
        a_return(world.home, world.acme_manager, NOW, beds())
    assert refused.value.field == "location" and "not an active service" in refused.value.message


def test_returns_are_insert_only(world):
    saved = a_return(world.home, world.acme_manager, NOW, beds())
    with pytest.raises(PermissionError):
        saved.save()
    with pytest.raises(PermissionError):
        saved.beds.get().delete()
    if connection.vendor in ("sqlite", "postgresql"):
        with pytest.raises(Exception, match="insert-only"), transaction.atomic():
            BedReturn.objects.filter(capacity_return=saved).update(occupied=0)


def test_the_database_refuses_occupied_above_capacity_even_without_the_service(world):
    saved = a_return(world.home, world.acme_manager, NOW, beds())
    with pytest.raises(IntegrityError), transaction.atomic():
        BedReturn.objects.create(
            capacity_return=saved,
            bed_type="respite",
            capacity=1,
            occupied=2,
            vacant_accepting=0,
            vacant_not_accepting=0,
        )


CSV = (
    "location_id,bed_type,max_capacity,occupied,vacant_accepting,vacant_not_accepting,not_accepting_reason,closed,nurses_direct\n"
    "{home},General residential,20,18,2,0,,no,3\n"
    "{home},dementia_nursing,10,10,0,0,,,\n"
)


def test_a_csv_upload_files_one_return_per_location(world):
    body = CSV.format(home=world.home.pk).encode()
    result = services.import_returns(actor=world.acme_manager, file=body, now=NOW)
    (saved,) = result.returns
    assert saved.channel == "csv" and saved.nurses_direct == 3
    assert sorted(saved.beds.values_list("bed_type", flat=True)) == [
        "dementia_nursing",
        "general_residential",
    ]


def test_a_csv_with_a_bad_line_saves_nothing_and_names_the_line_and_field(world):
    body = (CSV.format(home=world.home.pk) + f"{world.home.pk},respite,4,5,0,0,,,\n").encode()
    with pytest.raises(errors.FileRefused) as refused:
        services.import_returns(actor=world.acme_manager, file=body, now=NOW)
    (problem,) = refused.value.problems
    assert (problem.line, problem.field) == (4, "occupied")
    assert not CapacityReturn.objects.exists()


def test_a_csv_with_wrong_headers_is_refused(world):
    with pytest.raises(errors.FileRefused) as refused:
        services.import_returns(actor=world.acme_manager, file=b"home,beds\nx,1\n", now=NOW)
    assert {(p.field, p.message) for p in refused.value.problems} >= {
        ("home", "Unknown column"),
        ("location_id", "Missing column"),
    }


def test_a_csv_for_another_providers_home_is_refused(world):
    body = CSV.format(home=world.other_home.pk).encode()
    with pytest.raises(errors.FileRefused) as refused:
        services.import_returns(actor=world.acme_manager, file=body, now=NOW)
    assert refused.value.problems[0].field == "location_id"
    assert not CapacityReturn.objects.exists()


def test_a_number_too_large_for_any_service_is_refused_naming_the_field(world):
    with pytest.raises(errors.InvalidInput) as refused:
        a_return(world.home, world.acme_manager, NOW, beds(capacity=10_000_000_000, occupied=1))
    assert refused.value.field == "general_residential-capacity"
    with pytest.raises(errors.InvalidInput) as refused:
        a_return(world.home, world.acme_manager, NOW, beds(), care_staff_direct=3_000_000_000)
    assert refused.value.field == "care_staff_direct"
    assert not CapacityReturn.objects.exists()


def test_hours_that_are_not_a_number_are_refused_in_a_csv(world):
    body = f"location_id,people_supported,hours_per_week\n{world.home.pk},3,Infinity\n".encode()
    with pytest.raises(errors.FileRefused) as refused:
        services.import_returns(actor=world.acme_manager, file=body, now=NOW)
    assert (refused.value.problems[0].line, refused.value.problems[0].field) == (2, "hours_per_week")


def test_first_return_dates_are_each_services_earliest_local_day_in_one_query(world):
    from datetime import UTC, datetime

    from django.test.utils import CaptureQueriesContext

    from carewatch.capacity import queries

    a_return(world.home, world.acme_manager, at(2026, 9, 9))
    a_return(world.home, world.acme_manager, at(2026, 7, 9))
    a_return(world.home, world.acme_manager, NOW)
    # 23:30 UTC on 31 July is 00:30 on 1 August in London (BST): the local day counts.
    a_return(world.other_home, world.beta_manager, datetime(2026, 7, 31, 23, 30, tzinfo=UTC))
    ids = [world.home.pk, world.other_home.pk, world.rochdale_home.pk]
    with CaptureQueriesContext(connection) as captured:
        first = queries.first_return_dates(ids)
    assert len(captured.captured_queries) == 1
    assert first == {world.home.pk: date(2026, 7, 9), world.other_home.pk: date(2026, 8, 1)}
    # The same days the full list of return dates gives (what the trigger read before).
    dates = queries.return_dates(ids, since=date(1900, 1, 1))
    assert first == {location_id: min(days) for location_id, days in dates.items()}


def test_a_csv_says_bariatric_yes_or_no_and_a_bad_word_is_named(world):
    good = f"location_id,bed_type,max_capacity,occupied,bariatric\n{world.home.pk},respite,4,3,yes\n"
    (saved,) = services.import_returns(actor=world.acme_manager, file=good.encode(), now=NOW).returns
    assert saved.bariatric is True
    bad = f"location_id,bed_type,max_capacity,occupied,bariatric\n{world.home.pk},respite,4,3,perhaps\n"
    with pytest.raises(errors.FileRefused) as refused:
        services.import_returns(actor=world.acme_manager, file=bad.encode(), now=NOW)
    assert [(p.line, p.field) for p in refused.value.problems] == [(2, "bariatric")]


def test_an_operator_imports_many_providers_returns_in_one_file_audited_under_its_label(world):
    a_return(world.home, world.acme_manager, at(2026, 11, 1), beds(capacity=20, occupied=18))
    body = (
        "location_id,bed_type,max_capacity,occupied\n"
        f"{world.home.pk},general_residential,20,18\n"
        f"{world.other_home.pk},general_residential,10,9\n"
    ).encode()
    result = services.import_returns(actor=None, file=body, now=NOW, label="national extract")
    by_home = {row.location_id: row for row in result.returns}
    assert by_home[world.home.pk].unchanged and not by_home[world.other_home.pk].unchanged
    assert {row.reported_by_label for row in result.returns} == {"national extract"}
    entry = AuditEntry.objects.get(action="capacity.returns_imported")
    assert entry.actor is None and entry.after["locations"] == [world.home.pk, world.other_home.pk]
