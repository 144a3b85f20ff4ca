"""The registered manager as at a date, from the register's imports (their undo log keeps what each
import changed): missing then, and changed from one named manager to another in the 12 months before."""

from datetime import UTC, date, datetime

from carewatch.planning import queries
from carewatch.register import services
from tests.register import factories as f

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def imported(on: date, manager: str) -> None:
    record = f.location("1-1", rating="Good", rated_on=date(2025, 5, 1), registered_manager=manager)
    services.import_snapshot(reader=f.reader([record], as_of=on), imported_at=NOW, actor_label="test")


def signals_on(on: date):
    (found,) = queries.signals_as_at(as_of=on, local_authority_codes=["E08000004"])
    return found


def test_a_change_of_manager_counts_from_the_import_that_saw_it_for_12_months(db):
    imported(date(2025, 1, 1), "")
    imported(date(2025, 6, 1), "Ann Able")
    imported(date(2026, 2, 1), "Ben Brown")
    # Before the second import nobody was registered; then Ann (an appointment, not a change); then Ben.
    assert signals_on(date(2025, 3, 1)).registered_manager_missing is True
    ann = signals_on(date(2025, 12, 1))
    assert (ann.registered_manager_missing, ann.registered_manager_changed_on) == (False, None)
    assert signals_on(date(2026, 3, 1)).registered_manager_changed_on == date(2026, 2, 1)
    assert signals_on(date(2027, 3, 1)).registered_manager_changed_on is None  # over 12 months ago
