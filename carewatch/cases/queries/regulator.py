"""Reads of the regulator track: where a location's CQC special-measures timeline stands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from carewatch.cases.models import Case, RegulatorTrack
from carewatch.ratings.cqc import INADEQUATE, RATED


@dataclass(frozen=True)
class TrackStatus:
    track: RegulatorTrack
    came_out_on: date | None  # publication date of the first later rating that is not Inadequate
    came_out_rating: str
    reinspection_overdue: bool

    @property
    def in_special_measures(self) -> bool:
        return self.came_out_on is None


def regulator_track_status(track: RegulatorTrack, *, on: date) -> TrackStatus:
    """Where a special-measures timeline stands on ``on``: out (rated better), or waiting and maybe overdue."""
    later = (
        track.location.ratings.filter(
            report_on__gt=track.inadequate_published_on, report_on__lte=on, overall__in=RATED
        )
        .order_by("report_on", "id")
        .values_list("report_on", "overall")
    )
    came_out_on, came_out_rating, reinspected = None, "", False
    for report_on, overall in later:
        reinspected = True
        if overall != INADEQUATE:
            came_out_on, came_out_rating = report_on, overall
            break
    return TrackStatus(
        track=track,
        came_out_on=came_out_on,
        came_out_rating=came_out_rating,
        reinspection_overdue=not reinspected and on > track.reinspection_due_on,
    )


def regulator_tracks_of(case: Case) -> QuerySet[RegulatorTrack]:
    """The case's special-measures timelines, oldest rating first."""
    return case.regulator_tracks.select_related("location").order_by("inadequate_published_on", "id")
