"""A small register around Royton and Oldham with known points, for the finder's tests.

Distances between these points are computed by hand in the tests that need them.
"""

from datetime import UTC, date, datetime

from carewatch.register import services
from carewatch.register.importers.records import RatingRecord
from tests.register import factories as f

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def rated(overall: str, on: date, **key_questions: str) -> tuple[RatingRecord, ...]:
    return (
        RatingRecord(
            report_on=on,
            report_link_id=f"r-{on}",
            overall=overall,
            is_current=True,
            key_questions=f.key_questions(overall, on, **key_questions),
        ),
    )


def build_world() -> None:
    older = ("Caring for adults over 65 yrs",)
    records = [
        f.provider("1-200000001", name="Acme Care Ltd"),
        f.location(
            "1-100000001",
            name="Damson Nursing Home",
            postcode="OL2 6AA",
            town="Royton",
            latitude=53.5660,
            longitude=-2.1230,
            service_types=("Nursing homes",),
            specialisms=("Dementia", *older),
            beds=40,
            ratings=rated("Good", date(2025, 5, 1)),
        ),
        f.location(
            "1-100000002",
            name="Elm Residential Home",
            postcode="OL2 5BB",
            town="Royton",
            latitude=53.5680,
            longitude=-2.1200,
            service_types=("Residential homes",),
            specialisms=("Dementia", *older),
            ratings=rated("Requires improvement", date(2023, 1, 10)),
        ),
        f.location(
            "1-100000003",
            name="Alder House",
            postcode="OL1 1AA",
            town="Oldham",
            latitude=53.5420,
            longitude=-2.1140,
            service_types=("Nursing homes", "Residential homes"),
            specialisms=("Dementia", "Physical disabilities", *older),
            ratings=rated("Good", date(2024, 6, 1), safe="Requires improvement"),
        ),
        f.location(
            "1-100000004",
            name="Birch Court Home Care",
            postcode="OL1 3AB",
            town="Oldham",
            latitude=53.5400,
            longitude=-2.1000,
            care_home=False,
            beds=None,
            service_types=("Homecare agencies",),
            specialisms=("Dementia", "Caring for adults under 65 yrs", *older),
            ratings=rated("Outstanding", date(2025, 9, 1)),
        ),
        f.location(
            "1-100000005",
            name="Chestnut View",
            postcode="OL1 4XY",
            town="Oldham",
            latitude=53.5450,
            longitude=-2.1200,
            care_home=False,
            beds=None,
            service_types=("Supported living",),
            specialisms=("Learning disabilities", "Caring for adults under 65 yrs"),
            rating="",
        ),
        f.location(
            "1-100000006",
            name="Beech Court",
            postcode="OL10 1AB",
            town="Heywood",
            local_authority="Rochdale",
            latitude=53.5930,
            longitude=-2.2190,
            ratings=rated("Inadequate", date(2025, 2, 1)),
        ),
        f.location(
            "1-100000007",
            name="Cedar Lodge",
            postcode="OL16 2XY",
            town="Milnrow",
            local_authority="Rochdale",
            latitude=53.6150,
            longitude=-2.1550,
            ratings=rated("Good", date(2022, 3, 1)),
        ),
        f.location(
            "1-100000008",
            name="Royton Medical Centre",
            postcode="OL2 5CC",
            town="Royton",
            latitude=53.5665,
            longitude=-2.1225,
            inspection_directorate="Primary medical services",
            service_types=("Doctors/Gps",),
            care_home=False,
            rating="",
        ),
        f.location(
            "1-100000009",
            name="Closed Oak Home",
            postcode="OL2 6AB",
            town="Royton",
            latitude=53.5661,
            longitude=-2.1231,
            registration_status="Deregistered",
            deregistered_on=date(2024, 1, 1),
        ),
        f.location(
            "1-100000010",
            name="Piccadilly Care",
            postcode="M1 1AA",
            town="Manchester",
            local_authority="Manchester",
            latitude=53.4774,
            longitude=-2.2309,
            service_types=("Nursing homes",),
            ratings=rated("Good", date(2025, 1, 1)),
        ),
    ]
    services.import_snapshot(reader=f.reader(records), imported_at=NOW, actor_label="test")
