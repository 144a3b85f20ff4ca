"""Records and readers built in tests, without any CQC file."""

from dataclasses import dataclass, field, replace
from datetime import date

from carewatch.register.importers.records import (
    KeyQuestionRating,
    LocationRecord,
    ProviderRecord,
    RatingRecord,
    SnapshotMeta,
)


def key_questions(rating: str, report_on: date, **overrides: str) -> tuple[KeyQuestionRating, ...]:
    return tuple(
        KeyQuestionRating(
            key_question=kq,
            rating=overrides.get(kq, rating),
            report_on=report_on,
            report_link_id=f"r-{report_on}",
        )
        for kq in ("safe", "effective", "caring", "responsive", "well_led")
    )


def focused_ratings() -> tuple[RatingRecord, RatingRecord]:
    """A current focused inspection and the full one before it.

    On 1 March 2024 Safe and Well-led were re-rated Requires improvement (overall Requires
    improvement); Effective, Caring and Responsive keep their Good of 1 June 2021.
    """
    focused = key_questions("Requires improvement", date(2024, 3, 1))
    carried = key_questions("Good", date(2021, 6, 1))
    return (
        RatingRecord(
            report_on=date(2024, 3, 1),
            report_link_id="focused",
            overall="Requires improvement",
            is_current=True,
            key_questions=(focused[0], *carried[1:4], focused[4]),
        ),
        RatingRecord(report_on=date(2021, 6, 1), report_link_id="r1", overall="Good", key_questions=carried),
    )


def location(location_id: str = "1-100000001", **fields) -> LocationRecord:
    rating = fields.pop("rating", "Good")
    rated_on = fields.pop("rated_on", date(2023, 5, 1))
    defaults = dict(
        provider_id="1-200000001",
        name=f"Home {location_id}",
        registration_status="Registered",
        registered_on=date(2015, 1, 1),
        dormant=False,
        care_home=True,
        beds=30,
        inspection_directorate="Adult social care",
        local_authority="Oldham",
        region="North West",
        icb_code="E54000057",
        postcode="OL1 1AA",
        service_types=("Residential homes",),
        specialisms=("Dementia",),
        regulated_activities=("Accommodation for persons who require nursing or personal care",),
        ratings=(
            RatingRecord(
                report_on=rated_on,
                report_link_id=f"r-{rated_on}",
                overall=rating,
                is_current=True,
                key_questions=key_questions(rating, rated_on),
            ),
        )
        if rating
        else (),
    )
    defaults.update(fields)
    return LocationRecord(location_id=location_id, **defaults)


@dataclass
class ListReader:
    records: list
    meta: SnapshotMeta = field(
        default_factory=lambda: SnapshotMeta(source_kind="test", source_name="test snapshot")
    )
    estimated_total: int | None = None

    def __iter__(self):
        return iter(self.records)


def reader(records, *, as_of=date(2026, 11, 1), complete=False, bad=(), name="test snapshot") -> ListReader:
    meta = SnapshotMeta(
        source_kind="test", source_name=name, as_of=as_of, complete_register=complete, bad_records=list(bad)
    )
    return ListReader(records=list(records), meta=meta)


def provider(provider_id: str = "1-200000001", **fields) -> ProviderRecord:
    return ProviderRecord(provider_id=provider_id, name=fields.pop("name", "Acme Care Ltd"), **fields)


__all__ = ["focused_ratings", "key_questions", "location", "provider", "reader", "replace"]
