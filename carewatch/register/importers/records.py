"""The normalised records every CQC reader produces and the importer consumes.

Readers (API JSON dump, live API, HSCA_Active_Locations, Latest_ratings, CQC_directory) turn the
CQC's formats into these plain dataclasses; ``carewatch.register.services`` writes them to the
database. Readers never touch the database and the importer never reads a CQC format, so each side
can be tested alone.

Conventions:
- ratings are normalised with :func:`normalise_rating` (``"Requires Improvement"`` →
  ``"Requires improvement"``); a value that is not a known CQC rating is a :class:`BadRecord`;
- key questions are keyed ``safe``, ``effective``, ``caring``, ``responsive``, ``well_led``
  (:func:`normalise_key_question`), matched by name, never by position;
- dates are :class:`datetime.date`; an impossible date is a :class:`BadRecord`;
- a field a format does not carry is ``None`` (unknown), never a guess. The importer leaves
  the stored value alone for ``None`` fields only where the record says so (``partial=True``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from carewatch.ratings.cqc import (  # noqa: F401 - the importers' records speak this vocabulary
    ALL_RATINGS,
    GOOD,
    INADEQUATE,
    INSPECTED_NOT_RATED,
    INSUFFICIENT_EVIDENCE,
    KEY_QUESTION_LABELS,
    KEY_QUESTIONS,
    NO_PUBLISHED_RATING,
    NOT_RATED,
    OTHER_VALUES,
    OUTSTANDING,
    RATED,
    REQUIRES_IMPROVEMENT,
    UNRATED,
    InvalidValue,
    normalise_key_question,
    normalise_rating,
)

LOCATION_ID_RE = re.compile(r"^(1-\d{6,11}|[A-Z0-9]{3,5}(-[A-Z0-9]+)?)$")
"""CQC ids: ``1-`` and 6–11 digits; NHS bodies use ODS-style codes such as ``RT242``."""


_DMY_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s*(?:-\s*)?\d{1,2}:\d{2}(?::\d{2})?)?$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_NAMED_MONTH_RE = re.compile(r"^(\d{1,2})[\s-]+([A-Za-z]+)[\s-]+(\d{2}|\d{4})$")
_SERIAL_RE = re.compile(r"^\d{5}(?:\.\d+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's (1900 system) serial dates, after its 1900 leap bug
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def parse_date(value: object) -> date | None:
    """A date as CQC's files have written it over the years → date. Blank → None.

    ISO ``2016-11-16`` (with or without a time), ``16/11/2016``, ``16/11/2016 - 00:00`` and
    ``16/11/2016 00:00:00`` (the 2016 directory), ``16-Nov-2016``/``16 November 2016``/``16-Nov-16``,
    and an Excel serial day number (``42690``, a date cell saved as a number). An impossible or
    unreadable date raises InvalidValue.
    """
    if value is None:
        return None
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # type: ignore[attr-defined]
    text = str(value).strip()
    if not text:
        return None
    try:
        if match := _ISO_RE.match(text):
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := _DMY_RE.match(text):
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := _NAMED_MONTH_RE.match(text):
            day_text, month_name, year_text = match.groups()
            named = _MONTHS.get(month_name.casefold())
            if named is not None:
                year = int(year_text) + (2000 if len(year_text) == 2 else 0)
                return date(year, named, int(day_text))
        if _SERIAL_RE.match(text):
            return _EXCEL_EPOCH + timedelta(days=int(float(text)))
    except (ValueError, OverflowError) as error:
        raise InvalidValue(f"impossible date {text!r} ({error})") from None
    raise InvalidValue(f"unreadable date {text!r}")


@dataclass(frozen=True, slots=True)
class KeyQuestionRating:
    key_question: str  # one of KEY_QUESTIONS
    rating: str  # one of ALL_RATINGS
    report_on: date | None = None  # the key question's own report date
    report_link_id: str = ""


@dataclass(frozen=True, slots=True)
class ServiceRating:
    """A per-service (or population group) rating: used where a location is 'Not Rated' overall."""

    service: str
    rating: str
    report_on: date | None = None
    report_link_id: str = ""
    key_questions: tuple[KeyQuestionRating, ...] = ()


@dataclass(frozen=True, slots=True)
class QualityStatementScore:
    statement_id: int  # 1–34
    key_question: str
    score: int | None  # 1–4; None for "Regulations met" style values
    label: str  # as CQC wrote it, e.g. "3 - Evidence shows a good standard of care"
    assessed: bool  # status "Assessed" in this assessment (False: carried forward)


@dataclass(frozen=True, slots=True)
class KeyQuestionAssessment:
    key_question: str
    rating: str
    percent: int | None  # CQC's percentageScore
    statements: tuple[QualityStatementScore, ...] = ()


@dataclass(frozen=True, slots=True)
class Assessment:
    """A Single Assessment Framework assessment (the API's ``assessment[]`` block)."""

    assessment_plan_id: str
    service_group: str  # e.g. "Care Homes"
    rating: str | None  # the assessment service group's overall rating
    assessed_on: date | None
    published_on: date | None
    key_questions: tuple[KeyQuestionAssessment, ...] = ()


@dataclass(frozen=True, slots=True)
class RatingRecord:
    """One published report's ratings: the current one or a historic one.

    ``is_current`` marks the location's current ratings, where each key question may carry its own
    report date (a focused inspection re-rates some key questions and carries the rest forward).
    """

    report_on: date | None
    report_link_id: str
    overall: str | None
    is_current: bool = False
    inherited: bool = False
    predecessor_id: str = ""  # organisationId of the location the rating was inherited from
    key_questions: tuple[KeyQuestionRating, ...] = ()
    services: tuple[ServiceRating, ...] = ()


@dataclass(frozen=True, slots=True)
class ProviderRecord:
    provider_id: str
    name: str | None = None
    ownership_type: str | None = None
    registration_status: str | None = None
    registered_on: date | None = None
    deregistered_on: date | None = None
    companies_house_number: str | None = None
    charity_number: str | None = None
    address: str | None = None
    postcode: str | None = None
    local_authority: str | None = None
    region: str | None = None
    phone: str | None = None
    website: str | None = None
    brand_id: str | None = None
    brand_name: str | None = None


@dataclass(frozen=True, slots=True)
class LocationRecord:
    location_id: str
    provider_id: str | None = None
    name: str | None = None
    also_known_as: str | None = None
    registration_status: str | None = None  # "Registered" / "Deregistered"
    registered_on: date | None = None
    deregistered_on: date | None = None
    dormant: bool | None = None
    care_home: bool | None = None
    beds: int | None = None
    location_type: str | None = None  # "Social Care Org", …
    inspection_directorate: str | None = None  # "Adult social care", …
    primary_inspection_category: str | None = None
    address_line_1: str | None = None
    address_line_2: str | None = None
    town: str | None = None
    county: str | None = None
    postcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    local_authority: str | None = None  # the CQC's name; the importer maps it to an ONS code
    region: str | None = None
    icb_code: str | None = None  # onspdIcbCode, E54…
    icb_name: str | None = None
    phone: str | None = None
    website: str | None = None
    brand_id: str | None = None
    brand_name: str | None = None
    registered_manager: str | None = None
    # API service type names ("Residential homes", "Nursing homes", "Homecare agencies", …)
    service_types: tuple[str, ...] | None = None
    specialisms: tuple[str, ...] | None = None  # specialisms and service-user bands
    regulated_activities: tuple[str, ...] | None = None
    ratings: tuple[RatingRecord, ...] | None = None
    assessments: tuple[Assessment, ...] | None = None
    # The line (1-based, counting the header) or file the record came from, for messages.
    source_ref: str = ""
    # True when the format carries only some fields (e.g. Latest_ratings): None means "not given".
    partial: bool = False
    dormant_from: date | None = None  # dormancyStartDate, where the source gives it


@dataclass(frozen=True, slots=True)
class BadRecord:
    """A record a reader could not accept: where it is, which field, and why."""

    source: str  # file name (or URL)
    where: str  # "line 12", "record 1-123456789"
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}, {self.where}, field {self.field!r}: {self.reason}"


@dataclass(slots=True)
class SnapshotMeta:
    """What a reader learned about the snapshot as a whole."""

    source_kind: str  # "api-dump", "api-live", "hsca-active-locations", "latest-ratings", "directory"
    source_name: str  # file or directory name
    as_of: date | None = None  # "CQC database as at …", the directory's date, or the dump's date
    complete_register: bool = False  # True when absence from the file means "no longer active"
    bad_records: list[BadRecord] = field(default_factory=list)  # rejected: nothing identifies them
    warnings: list[BadRecord] = field(default_factory=list)  # a bad optional field, kept blank
