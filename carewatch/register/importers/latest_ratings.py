"""Read the CQC's monthly ``Latest_ratings`` file (``.ods``; ``.xlsx``/``.csv`` of the same columns).

Long format: one row per location × service/population group × domain. The rows of the
"Overall" group are the location's own ratings (domain Overall and the five key questions, each
with its own publication date); other groups are per-service ratings. Each location becomes one
partial LocationRecord carrying its current RatingRecord.

CQC writes a location's rows together; rows that are not are merged by location id all the same,
so per-location state (a few small tuples each) is kept until the end of the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from carewatch.register import formats
from carewatch.register.importers import columns, tables
from carewatch.register.importers.columns import Row, RowError
from carewatch.register.importers.records import (
    KEY_QUESTIONS,
    InvalidValue,
    KeyQuestionRating,
    LocationRecord,
    ProviderRecord,
    RatingRecord,
    ServiceRating,
    SnapshotMeta,
    normalise_key_question,
)

SOURCE_KIND = "latest-ratings"
HEADER_MARKER = "Location ID"
REQUIRED_COLUMNS = (
    "Location ID",
    "Service / Population Group",
    "Domain",
    "Latest Rating",
    "Publication Date",
)
OVERALL_DOMAIN = "overall"


def read_latest_ratings(path: Path) -> LatestRatingsReader:
    """A Reader over a Latest_ratings file; raises ImportFileError if it cannot be read."""
    return LatestRatingsReader(Path(path))


@dataclass
class _Rating:
    rating: str
    published_on: date | None
    inherited: bool


@dataclass
class _Location:
    record: LocationRecord  # the location's own fields, from its first row
    # service/population group → domain ("overall" or a key question) → rating
    groups: dict[str, dict[str, _Rating]] = field(default_factory=dict)


class LatestRatingsReader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.sheet, sheets = tables.open_table(path, formats.LATEST_RATINGS_LOCATIONS_SHEET)
        self._check_header()  # fails now, before any import starts, on a missing column
        self.meta = SnapshotMeta(
            source_kind=SOURCE_KIND,
            source_name=path.name,
            as_of=tables.readme_as_of(path, sheets) or tables.as_of_from_file_name(path),
        )
        self.estimated_total: int | None = None

    def _check_header(self) -> None:
        columns.header_of(self.path, self.sheet, HEADER_MARKER).require(REQUIRED_COLUMNS)

    def __iter__(self) -> Iterator[LocationRecord | ProviderRecord]:
        self.meta.bad_records.clear()
        self.meta.warnings.clear()
        _header, rows = columns.data_rows(self.path, self.sheet, HEADER_MARKER)
        locations: dict[str, _Location] = {}
        rejected: set[str] = set()  # a location with any bad row is skipped as a whole
        for line, row in rows:
            try:
                self._add(locations, row, line)
            except RowError as problem:
                self.meta.bad_records.append(problem.bad_record(self.path.name, line))
                rejected.add(row.text("Location ID") or "")
            else:
                self.meta.warnings.extend(row.bad_fields(self.path.name, line))
        for location_id, location in locations.items():
            if location_id not in rejected:
                yield _record(location)

    def _add(self, locations: dict[str, _Location], row: Row, line: int) -> None:
        location_id = row.cqc_id("Location ID", required=True)
        assert location_id is not None
        location = locations.get(location_id)
        if location is None:
            location = locations[location_id] = _Location(_location_fields(row, location_id, line))
        group = row.text("Service / Population Group") or formats.LATEST_RATINGS_OVERALL_GROUP
        domain = _domain(row)
        rating = row.rating("Latest Rating")
        published_on = row.date("Publication Date")
        inherited = bool(row.flag("Inherited Rating (Y/N)"))
        if rating is None:
            return  # a domain without a rating says nothing
        ratings = location.groups.setdefault(group, {})
        if domain in ratings:
            raise RowError("Domain", f"a second {group} / {row.text('Domain')} rating for {location_id}")
        ratings[domain] = _Rating(rating, published_on, inherited)


def _domain(row: Row) -> str:
    value = row.text("Domain") or ""
    if value.casefold() == OVERALL_DOMAIN:
        return OVERALL_DOMAIN
    try:
        return normalise_key_question(value)
    except InvalidValue as error:
        raise RowError("Domain", str(error)) from None


def _location_fields(row: Row, location_id: str, line: int) -> LocationRecord:
    return LocationRecord(
        location_id=location_id,
        provider_id=row.cqc_id("Provider ID"),
        name=row.text("Location Name"),
        care_home=row.flag("Care Home?"),
        location_type=row.text("Location Type"),
        primary_inspection_category=row.text("Location Primary Inspection Category"),
        address_line_1=row.text("Location Street Address"),
        address_line_2=row.text("Location Address Line 2"),
        town=row.text("Location City"),
        postcode=row.text("Location Post Code"),
        local_authority=row.text("Location Local Authority"),
        region=row.text("Location Region"),
        brand_id=row.text("Brand ID"),
        brand_name=row.text("Brand Name"),
        source_ref=f"line {line}",
        partial=True,
    )


def _key_questions(ratings: dict[str, _Rating]) -> tuple[KeyQuestionRating, ...]:
    return tuple(
        KeyQuestionRating(key, ratings[key].rating, ratings[key].published_on)
        for key in KEY_QUESTIONS
        if key in ratings
    )


def _record(location: _Location) -> LocationRecord:
    overall_group = columns.normalise_name(formats.LATEST_RATINGS_OVERALL_GROUP)
    own: dict[str, _Rating] = {}
    services: list[ServiceRating] = []
    for group, ratings in location.groups.items():
        if columns.normalise_name(group) == overall_group:
            own = ratings
            continue
        overall = ratings.get(OVERALL_DOMAIN)
        if overall is None:
            continue  # a service's key questions without its overall rating: nothing to hang them on
        services.append(
            ServiceRating(group, overall.rating, overall.published_on, "", _key_questions(ratings))
        )
    overall = own.get(OVERALL_DOMAIN)
    if overall is None and not own and not services:
        return replace(location.record, ratings=())
    if overall is not None:
        report_on, inherited = overall.published_on, overall.inherited
    else:
        dates = [rating.published_on for rating in own.values() if rating.published_on]
        report_on, inherited = (max(dates) if dates else None), False
    current = RatingRecord(
        report_on=report_on,
        report_link_id="",
        overall=overall.rating if overall else None,
        is_current=True,
        inherited=inherited,
        key_questions=_key_questions(own),
        services=tuple(services),
    )
    return replace(location.record, ratings=(current,))
