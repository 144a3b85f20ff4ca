"""The public site's own composition for choosing care: the questions to ask when you visit, the ids a
shared link names, and the columns of a comparison. No reads of its own: the views pass in what the
register, monitoring and :mod:`carewatch.public.badges` return."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from carewatch.insights import commissioner
from carewatch.public import badges as public_badges
from carewatch.public.badges import Badge
from carewatch.ratings.cqc import KEY_QUESTION_LABELS
from carewatch.register import models, places, queries, summaries

# --- questions to ask when you visit (public/questions_to_ask.html shows every one) ---------------------


@dataclass(frozen=True)
class QuestionSection:
    slug: str  # the section's id on the guidance page
    title: str
    intro: str
    questions: tuple[str, ...]  # the most useful first: a service page shows the first three
    look_for: tuple[str, ...] = ()


NURSING_FIRST = "Is there a nurse on duty every day and every night?"

CARE_HOMES = QuestionSection(
    slug="care-homes",
    title="Care homes",
    intro="Try to visit more than once, at different times of day. Take someone with you if you can.",
    questions=(
        "How many staff are on duty in the day, and how many at night?",
        "Can family and friends visit at any time?",
        "How will staff get to know what your relative likes and needs?",
        "What happens if your relative gets ill or has a fall?",
        "How do you care for people who live with dementia?",
        "Can your relative bring their own things, like photos or a chair?",
        "What does the fee pay for, and what costs extra?",
        "What did the last CQC report say, and what have you done since?",
        "Who can you talk to if you are not happy?",
    ),
    look_for=(
        "Do people look clean, warm and well cared for?",
        "Do staff talk to people kindly and by name?",
        "Is the home clean, and does it smell fresh?",
        "Are people doing things they enjoy, or just sitting?",
        "Is there a garden or a quiet place to sit?",
    ),
)

HOME_CARE = QuestionSection(
    slug="home-care",
    title="Care at home",
    intro="Home care is when carers come to your home to help you. Ask these questions before you agree.",
    questions=(
        "Will the same carers come each time?",
        "What happens if a carer is late or cannot come?",
        "How long will each visit last?",
        "Can you choose the times of the visits?",
        "How will carers learn what you need and like?",
        "Can carers help with tablets and medicines?",
        "Who can you call at night or at the weekend?",
        "What does it cost, and how do you pay?",
        "Who can you talk to if you are not happy?",
    ),
)

ANY_SERVICE = QuestionSection(
    slug="any-service",
    title="Any care service",
    intro="These questions help with any kind of care.",
    questions=(
        "How will you help your relative stay as well and as happy as they can?",
        "How do you keep people safe?",
        "How do you make sure staff are well trained?",
        "What did the last CQC report say, and what have you done since?",
        "Who can you talk to if you are not happy?",
    ),
)

SECTIONS = (CARE_HOMES, HOME_CARE, ANY_SERVICE)
SHOWN_ON_SERVICE_PAGE = 3


def section_for(location: models.Location) -> QuestionSection:
    """The part of the guidance that suits the service: care homes, care at home, or any service."""
    if location.care_home:
        return CARE_HOMES
    if location.home_care:
        return HOME_CARE
    return ANY_SERVICE


def questions_for(location: models.Location) -> list[str]:
    """Three questions to ask when visiting this service (a nursing home's first asks about nurses)."""
    questions = list(section_for(location).questions)
    if location.care_home and location.nursing:
        questions.insert(0, NURSING_FIRST)
    return questions[:SHOWN_ON_SERVICE_PAGE]


# --- ids in a shared link ----------------------------------------------------------------------------------

# A CQC id (1-10024040008) or an NHS body's code (RM317): letters, digits and hyphens.
_ID = re.compile(r"[A-Za-z0-9-]{1,20}")
MOST_IDS_READ = 50  # a link naming more is cut here before anything is looked up


@dataclass
class IdList:
    """The ids a link or a form names, in order, each once; what was wrong with the rest."""

    ids: list[str] = field(default_factory=list)
    not_ids: list[str] = field(default_factory=list)  # not an id at all (shown cut to 20 characters)
    repeated: list[str] = field(default_factory=list)  # named more than once
    too_many: bool = False  # the link named more than MOST_IDS_READ


def read_ids(values: Iterable[str]) -> IdList:
    found = IdList()
    for count, raw in enumerate(values):
        if count >= MOST_IDS_READ:
            found.too_many = True
            break
        value = raw.strip()
        if not value:
            continue
        if not _ID.fullmatch(value):
            found.not_ids.append(value[:20])
        elif value in found.ids:
            if value not in found.repeated:
                found.repeated.append(value)
        else:
            found.ids.append(value)
    return found


# --- a comparison ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyQuestionCell:
    label: str
    rating: str
    report_on: object


@dataclass
class Compared:
    """One service's column in a comparison."""

    location: models.Location
    key_questions: list[KeyQuestionCell]
    reports: list[models.Rating]
    local_qa: object | None  # monitoring's PublishedRating
    feedback: object  # monitoring's FeedbackSummary
    badges: list[Badge]
    service_types: list[str]
    specialisms: list[str]
    distance_miles: float | None = None  # from the place asked for, when the service has a map point


def compared(
    location: models.Location,
    *,
    local_qa: object | None,
    feedback: object,
    badges: list[Badge],
    place: places.Place | None = None,
) -> Compared:
    current = next((rating for rating in location.ratings.all() if rating.is_current), None)
    key_questions = [
        KeyQuestionCell(KEY_QUESTION_LABELS[kq], value, on)
        for kq, value, on, _ in (current.key_question_rows() if current else [])
    ]
    if not key_questions:
        key_questions = [KeyQuestionCell(label, "", None) for label in KEY_QUESTION_LABELS.values()]
    return Compared(
        location=location,
        key_questions=key_questions,
        reports=summaries.last_reports(location, 3),
        local_qa=local_qa,
        feedback=feedback,
        badges=badges,
        service_types=sorted(item.name for item in location.service_types.all()),
        specialisms=sorted(item.name for item in location.specialisms.all()),
        distance_miles=distance_from(place, location),
    )


def distance_from(place: places.Place | None, location: models.Location) -> float | None:
    """Miles as the crow flies from ``place`` (register.places.haversine_miles), or None without a point."""
    if place is None or location.latitude is None or location.longitude is None:
        return None
    return places.haversine_miles(place.latitude, place.longitude, location.latitude, location.longitude)


def key_question_rows(columns: list[Compared]) -> list[tuple[str, list[KeyQuestionCell]]]:
    """The comparison's key-question rows: (key question, each service's cell), in the CQC's order."""
    return [
        (label, [column.key_questions[index] for column in columns])
        for index, label in enumerate(KEY_QUESTION_LABELS.values())
    ]


# --- open data (public/open_data.html lists them; docs/public.md describes each column) ---------------


@dataclass(frozen=True)
class Dataset:
    slug: str  # the file's name: /open-data/<slug>.csv
    title: str
    description: str
    columns: list[str]
    rows: Callable[[bool, date], Iterator[list[object]]]  # (include inactive services?, today) -> rows
    source: str  # whose data: "cqc", "carewatch" or "both"

    @property
    def link_text(self) -> str:
        """The title as the middle of a sentence: "Download CQC ratings over time as CSV"."""
        return self.title if self.title.startswith("CQC") else self.title.lower()


def _register_rows(include_inactive: bool, today: date) -> Iterator[list[object]]:
    return summaries.register_rows(summaries.open_data_locations(include_inactive=include_inactive))


def _rating_rows(include_inactive: bool, today: date) -> Iterator[list[object]]:
    return summaries.rating_rows(summaries.open_data_locations(include_inactive=include_inactive))


BADGE_CHUNK = 500  # ids per badges_for call: well under SQLite's limit on query parameters


def _badge_rows(include_inactive: bool, today: date) -> Iterator[list[object]]:
    ids = list(summaries.open_data_locations(include_inactive=include_inactive).values_list("pk", flat=True))
    for start in range(0, len(ids), BADGE_CHUNK):
        held = public_badges.badges_for(ids[start : start + BADGE_CHUNK], today=today)
        for location_id, found in held.items():
            for badge in found:
                yield [location_id, badge.slot, badge.label, badge.detail]


def _council_columns() -> list[str]:
    return [
        "ons_code",
        "council",
        "active_services",
        "outstanding",
        "good",
        "requires_improvement",
        "inadequate",
        "not_yet_rated",
        "pct_good_or_outstanding_of_rated",
        "commissioner_rating",
        "commissioner_pct_of_maximum",
        "commissioner_measures_scored",
        *[f"{spec.key}_{part}" for spec in commissioner.MEASURES for part in ("value", "score")],
    ]


def _council_rows(include_inactive: bool, today: date) -> Iterator[list[object]]:
    market = {row.code: row for row in queries.market_figures(by="la", service="all")}
    for rating in commissioner.ratings(level="la", as_of=None, today=today):
        figures = market.get(rating.area.code)
        row: list[object] = [rating.area.code, rating.area.name]
        if figures is None:
            row.extend([None] * 7)
        else:
            row.extend(
                [
                    figures.active,
                    figures.outstanding,
                    figures.good,
                    figures.requires_improvement,
                    figures.inadequate,
                    figures.not_yet_rated,
                    figures.pct_good_or_outstanding_of_rated,
                ]
            )
        row.extend([rating.rating_label, rating.percent, rating.evidence])
        for measure in rating.measures:
            row.extend([measure.value, measure.score])
        yield row


DATASETS = (
    Dataset(
        "services",
        "Care services",
        "Every adult social care service: name, address, type, beds, specialisms and its CQC rating now.",
        summaries.REGISTER_COLUMNS,
        _register_rows,
        "cqc",
    ),
    Dataset(
        "ratings",
        "CQC ratings over time",
        "Each CQC report for each service, with the rating for each of the 5 key questions and its date.",
        summaries.RATING_COLUMNS,
        _rating_rows,
        "cqc",
    ),
    Dataset(
        "badges",
        "Badges",
        "The badges carewatch shows beside each service, like a council's published quality check.",
        ["cqc_location_id", "badge", "label", "detail"],
        _badge_rows,
        "carewatch",
    ),
    Dataset(
        "council-measures",
        "Council measures",
        "For each council: how many services are rated Good or Outstanding, and its commissioner rating.",
        _council_columns(),
        _council_rows,
        "both",
    ),
)
DATASETS_BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}
