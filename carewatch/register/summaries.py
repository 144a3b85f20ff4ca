"""What a family reads first about a service, and the register reads behind choosing between services.

:func:`plain_summary` turns a location's rating history into a few short sentences: the current overall
rating and when it was given; each key question whose rating changed (in key-question order), or that
differs from the overall rating; an inherited rating or "not rated yet" said plainly. Pure: it reads the
rows it is given (a location from :func:`locations_with_history`) and never the clock.

:func:`locations_with_history` reads several locations with their ratings in a fixed number of queries
(the comparison and the shortlist); :func:`open_data_locations` and :func:`open_data_ratings` are the
rows of the open-data downloads (docs/public.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from carewatch.ratings.cqc import (
    INSPECTED_NOT_RATED,
    KEY_QUESTION_LABELS,
    KEY_QUESTIONS,
    NOT_RATED,
    RATED,
)
from carewatch.register import models

# The most services one request reads by id (the shortlist's limit; a comparison takes up to 4).
MOST_IDS = 10


def month_year(value: date | None) -> str:
    """ "May 2025" ("" for no date): a family needs the month, not the day."""
    return f"{value:%B %Y}" if value else ""


@dataclass(frozen=True)
class Run:
    """A key question's rating over consecutive reports: ``rating`` from ``first_on`` to ``last_on``."""

    rating: str
    first_on: date | None
    last_on: date | None


def key_question_runs(ratings: Iterable[models.Rating], key_question: str) -> list[Run]:
    """A key question's ratings over time, oldest first, with repeats of the same rating joined into one run.

    Each report gives the key question's own date when it has one (a focused inspection carries the
    others forward), else the report's date. Values off the four-point scale are left out.
    """
    dated = sorted(
        (
            (
                getattr(rating, f"{key_question}_on") or rating.report_on,
                rating.is_current,
                getattr(rating, key_question),
            )
            for rating in ratings
            if getattr(rating, key_question) in RATED
        ),
        key=lambda item: (item[0] is not None, item[0] or date.min, item[1]),
    )
    runs: list[Run] = []
    for on, _, value in dated:
        if runs and runs[-1].rating == value:
            runs[-1] = Run(value, runs[-1].first_on, on)
        else:
            runs.append(Run(value, on, on))
    return runs


def _year(on: date | None) -> str:
    return f" in {on.year}" if on else ""


def _key_question_sentence(label: str, runs: list[Run], overall: str) -> str | None:
    if not runs:
        return None
    if len(runs) == 1:
        only = runs[0]
        if only.rating == overall:
            return None
        return f"{label} was rated {only.rating}{_year(only.first_on)}."
    earlier = [f"{run.rating}{_year(run.first_on)}" for run in runs[:-1]]
    latest = runs[-1]
    since = f" since {latest.first_on.year}" if latest.first_on else " since"
    return f"{label} was rated {', '.join(earlier)} and {latest.rating}{since}."


def plain_summary(location: models.Location) -> list[str]:
    """Short sentences about a location's CQC rating, most important first (see the module's docstring).

    ``location.ratings`` should be prefetched (:func:`locations_with_history` or
    ``queries.location_with_history``).
    """
    ratings = list(location.ratings.all())
    current = next((rating for rating in ratings if rating.is_current), None)
    overall = current.overall if current else location.current_rating
    sentences: list[str] = []
    if overall in RATED:
        on = (current.report_on if current else None) or location.current_rating_on
        sentences.append(f"Rated {overall}{' in ' + month_year(on) if on else ''}.")
    elif current is not None and current.services and overall in ("", NOT_RATED):
        sentences.append("The CQC rates each part of this service on its own. Their ratings are below.")
    elif overall == INSPECTED_NOT_RATED:
        sentences.append("The CQC has checked this service but did not give it a rating.")
    else:
        sentences.append("The CQC has not rated this service yet.")
    if current is not None and current.inherited:
        sentences.append(
            "This rating was given before the service changed owner or was registered again. "
            "The CQC has not checked it since."
        )
    for key_question in KEY_QUESTIONS:
        sentence = _key_question_sentence(
            KEY_QUESTION_LABELS[key_question], key_question_runs(ratings, key_question), overall
        )
        if sentence:
            sentences.append(sentence)
    return sentences


def last_reports(location: models.Location, count: int = 3) -> list[models.Rating]:
    """The newest ``count`` reports of a location (prefetched ratings), newest first."""
    ratings = sorted(
        location.ratings.all(),
        key=lambda r: (r.report_on is not None, r.report_on or date.min, r.is_current, r.pk),
        reverse=True,
    )
    return ratings[:count]


def locations_with_history(location_ids: Iterable[str]) -> dict[str, models.Location]:
    """The locations among ``location_ids`` that exist (at most :data:`MOST_IDS`), by id, with their provider,
    service types, specialisms and every report, in a fixed number of queries."""
    ids = list(dict.fromkeys(location_ids))[:MOST_IDS]
    found = (
        models.Location.objects.filter(pk__in=ids)
        .select_related("provider", "local_authority", "region")
        .prefetch_related(
            "service_types",
            "specialisms",
            Prefetch("ratings", queryset=models.Rating.objects.order_by("-is_current", "-report_on", "-id")),
        )
    )
    return {location.pk: location for location in found}


# --- open data ------------------------------------------------------------------------------------------


def open_data_locations(*, include_inactive: bool = False) -> QuerySet[models.Location]:
    """Adult social care services for the open-data downloads: active ones only unless asked, by id."""
    locations = models.Location.objects.filter(adult_social_care=True)
    if not include_inactive:
        locations = locations.filter(is_active=True)
    return locations.order_by("id")


REGISTER_COLUMNS = [
    "cqc_location_id",
    "name",
    "cqc_provider_id",
    "provider",
    "address",
    "town",
    "postcode",
    "latitude",
    "longitude",
    "local_authority_code",
    "local_authority",
    "region",
    "care_home",
    "nursing",
    "home_care",
    "beds",
    "service_types",
    "specialisms",
    "phone",
    "website",
    "registration_status",
    "dormant",
    "overall_rating",
    "overall_rating_published_on",
    "inherited_rating",
]


_REGISTER_FIELDS = (
    "id",
    "name",
    "provider_id",
    "provider__name",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "latitude",
    "longitude",
    "local_authority_id",
    "local_authority__name",
    "local_authority_name",
    "region__name",
    "care_home",
    "nursing",
    "home_care",
    "beds",
    "phone",
    "website",
    "registration_status",
    "dormant",
    "current_rating",
    "current_rating_on",
    "current_rating_inherited",
)
REGISTER_CHUNK = 2000


def _names_by_location(through: type, name_field: str, ids: list[str]) -> dict[str, list[str]]:
    """The names a many-to-many table gives each of ``ids`` (service types, specialisms), sorted."""
    found: dict[str, list[str]] = {}
    for location_id, name in through._default_manager.filter(location_id__in=ids).values_list(  # type: ignore[attr-defined]
        "location_id", name_field
    ):
        found.setdefault(location_id, []).append(name)
    return {location_id: sorted(names) for location_id, names in found.items()}


def register_rows(locations: QuerySet[models.Location]) -> Iterator[list[object]]:
    """One row per location (:data:`REGISTER_COLUMNS`), by id, :data:`REGISTER_CHUNK` at a time (keyset
    paging: memory stays flat and each chunk is three queries, without building model instances)."""
    last = ""
    while True:
        chunk = list(locations.filter(pk__gt=last).order_by("pk").values(*_REGISTER_FIELDS)[:REGISTER_CHUNK])
        if not chunk:
            return
        ids = [loc["id"] for loc in chunk]
        types = _names_by_location(models.Location.service_types.through, "servicetype__name", ids)
        specialisms = _names_by_location(models.Location.specialisms.through, "specialism__name", ids)
        for loc in chunk:
            yield [
                loc["id"],
                loc["name"],
                loc["provider_id"] or "",
                loc["provider__name"] or "",
                ", ".join(part for part in (loc["address_line_1"], loc["address_line_2"]) if part),
                loc["town"],
                loc["postcode"],
                loc["latitude"],
                loc["longitude"],
                loc["local_authority_id"] or "",
                loc["local_authority__name"] or loc["local_authority_name"],
                loc["region__name"] or "",
                loc["care_home"],
                loc["nursing"],
                loc["home_care"],
                loc["beds"],
                "; ".join(types.get(loc["id"], [])),
                "; ".join(specialisms.get(loc["id"], [])),
                loc["phone"],
                loc["website"],
                loc["registration_status"],
                loc["dormant"],
                loc["current_rating"] or "No published rating",
                loc["current_rating_on"],
                loc["current_rating_inherited"],
            ]
        last = ids[-1]


RATING_COLUMNS = [
    "cqc_location_id",
    "current",
    "report_published_on",
    "overall",
    "inherited",
    *[f"{kq}{suffix}" for kq in KEY_QUESTIONS for suffix in ("", "_published_on")],
]


def rating_rows(locations: QuerySet[models.Location]) -> Iterator[list[object]]:
    """One row per published report of each location (:data:`RATING_COLUMNS`), oldest report first."""
    fields = [
        "location_id",
        "is_current",
        "report_on",
        "overall",
        "inherited",
        *[f"{kq}{suffix}" for kq in KEY_QUESTIONS for suffix in ("", "_on")],
    ]
    rows = (
        models.Rating.objects.filter(location__in=locations)
        .order_by("location_id", "report_on", "is_current", "id")
        .values_list(*fields)
        .iterator(chunk_size=5000)
    )
    for row in rows:
        yield list(row)
