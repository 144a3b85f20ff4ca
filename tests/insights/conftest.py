"""A small register with dated histories in Oldham and Rochdale, built through the real import."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from carewatch.register import services as register_services
from carewatch.register.importers.records import RatingRecord
from tests.register import factories as f

IMPORTED_AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def history(*reports: tuple[date, str]) -> tuple[RatingRecord, ...]:
    """Reports oldest first; the last is the current one."""
    return tuple(
        RatingRecord(
            report_on=on,
            report_link_id=f"r-{on}",
            overall=overall,
            is_current=index == len(reports) - 1,
            key_questions=f.key_questions(overall, on)
            if overall in ("Good", "Outstanding", "Requires improvement", "Inadequate")
            else (),
        )
        for index, (on, overall) in enumerate(reports)
    )


def build_register() -> None:
    register_services.ensure_reference_data()
    records = [
        f.provider("1-200000001", name="Acme Care Ltd"),
        f.provider("1-200000002", name="Rochdale Homes Ltd"),
        # Oldham care homes
        f.location(
            "1-100000001",
            name="Oak Lodge",
            registered_on=date(2019, 1, 10),
            ratings=history((date(2019, 6, 1), "Requires improvement"), (date(2022, 3, 10), "Good")),
        ),
        f.location(
            "1-100000002",
            name="Elm House",
            registered_on=date(2018, 5, 1),
            ratings=history((date(2018, 9, 1), "Good"), (date(2024, 2, 15), "Inadequate")),
        ),
        f.location(
            "1-100000003",
            name="Ash Court",
            registered_on=date(2023, 7, 1),
            ratings=(),
            rating=None,
        ),
        f.location(
            "1-100000004",
            name="Birch View",
            registered_on=date(2017, 1, 1),
            registration_status="Deregistered",
            deregistered_on=date(2024, 5, 1),
            ratings=history((date(2017, 8, 1), "Outstanding")),
        ),
        f.location(
            "1-100000005",
            name="Cedar Care at Home",
            care_home=False,
            beds=None,
            service_types=("Homecare agencies",),
            registered_on=date(2020, 2, 1),
            ratings=history((date(2021, 4, 1), "Good"), (date(2023, 4, 1), "Inspected but not rated")),
        ),
        # Rochdale
        f.location(
            "1-100000006",
            name="Rochdale Grange",
            provider_id="1-200000002",
            local_authority="Rochdale",
            postcode="OL11 1AA",
            registered_on=date(2016, 1, 1),
            ratings=history((date(2016, 6, 1), "Good"), (date(2025, 1, 20), "Requires improvement")),
        ),
    ]
    register_services.import_snapshot(
        reader=f.reader(records), imported_at=IMPORTED_AT, actor_label="insights tests"
    )


@pytest.fixture
def small_register(db):
    build_register()
