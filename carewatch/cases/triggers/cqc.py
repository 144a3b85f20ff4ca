"""Triggers from the CQC's ratings: Inadequate (the regulator track), a second Requires improvement,
and coming out of special measures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from carewatch.cases import ladder, queries
from carewatch.cases.evidence import EvidenceLink
from carewatch.cases.ladder import ProposalKind, Trigger
from carewatch.cases.models import Case, CaseEvidence
from carewatch.cases.triggers.suggestions import Settings, Suggestion, area_locations, when
from carewatch.core.models import Organisation
from carewatch.core.working_days import add_days
from carewatch.ratings.cqc import GOOD, INADEQUATE, OUTSTANDING, RATED, REQUIRES_IMPROVEMENT


def cqc_inadequate(organisation: Organisation, settings: Settings) -> Iterator[Suggestion]:
    for location in (
        area_locations(organisation)
        .filter(current_rating=INADEQUATE, current_rating_on__isnull=False)
        .order_by("id")
    ):
        published_on = location.current_rating_on
        if published_on is None:  # never: the filter above
            continue
        reinspection = add_days(published_on, *settings.timescale(ladder.REINSPECTION_DUE))
        cancellation = add_days(published_on, *settings.timescale(ladder.CANCELLATION_CONSIDERED))
        yield Suggestion(
            trigger=Trigger.CQC_INADEQUATE,
            key=f"{Trigger.CQC_INADEQUATE}:{location.pk}:{published_on.isoformat()}",
            location=location,
            target=ladder.TRIGGER_TARGET_LEVEL[Trigger.CQC_INADEQUATE],
            reason=(
                f"The CQC rated {location.name} Inadequate overall (published {when(published_on)}): special measures. "
                f"Re-inspection is due by {when(reinspection)}; if it is still Inadequate the CQC may move to cancel "
                f"its registration from {when(cancellation)}."
            ),
            evidence=(
                EvidenceLink(
                    kind=CaseEvidence.Kind.CQC_RATING,
                    object_id=f"{location.pk}:{published_on.isoformat()}",
                    summary=f"CQC overall rating Inadequate, published {when(published_on)}",
                ),
            ),
            details={
                "published_on": published_on.isoformat(),
                "reinspection_due_on": reinspection.isoformat(),
                "cancellation_considered_on": cancellation.isoformat(),
            },
        )


def cqc_second_requires_improvement(organisation: Organisation) -> Iterator[Suggestion]:
    candidates = area_locations(organisation).filter(
        current_rating=REQUIRES_IMPROVEMENT, current_rating_on__isnull=False
    )
    for location in candidates.order_by("id"):
        rated_on = location.current_rating_on
        if rated_on is None:  # never: the filter above
            continue
        by_date: dict[date, str] = {}
        for report_on, overall in (
            location.ratings.filter(overall__in=RATED, report_on__isnull=False, report_on__lte=rated_on)
            .order_by("report_on", "is_current", "id")
            .values_list("report_on", "overall")
        ):
            if report_on is not None:  # always: the filter above
                by_date[report_on] = overall
        sequence = [by_date[day] for day in sorted(by_date)]
        if sequence[-2:] != [REQUIRES_IMPROVEMENT, REQUIRES_IMPROVEMENT]:
            continue
        earlier = sorted(by_date)[-2]
        yield Suggestion(
            trigger=Trigger.CQC_SECOND_RI,
            key=f"{Trigger.CQC_SECOND_RI}:{location.pk}:{rated_on.isoformat()}",
            location=location,
            target=ladder.TRIGGER_TARGET_LEVEL[Trigger.CQC_SECOND_RI],
            reason=(
                f"The CQC rated {location.name} Requires improvement overall for the second time running "
                f"({when(earlier)} and {when(rated_on)})."
            ),
            evidence=(
                EvidenceLink(
                    kind=CaseEvidence.Kind.CQC_RATING,
                    object_id=f"{location.pk}:{rated_on.isoformat()}",
                    summary=f"CQC overall rating Requires improvement, published {when(rated_on)} (also {when(earlier)})",
                ),
            ),
        )


def out_of_special_measures(organisation: Organisation, today: date) -> Iterator[Suggestion]:
    cases = Case.objects.filter(organisation=organisation, is_open=True, level="R").prefetch_related(
        "regulator_tracks__location"
    )
    for case in cases.order_by("id"):
        tracks = list(case.regulator_tracks.all())
        if not tracks:
            continue
        statuses = [queries.regulator_track_status(track, on=today) for track in tracks]
        if any(status.in_special_measures for status in statuses):
            continue
        last = max(statuses, key=lambda status: (status.came_out_on or date.min, status.track.pk))
        came_out_on = last.came_out_on
        if came_out_on is None:  # never: none of the tracks is still in special measures
            continue
        location = last.track.location
        better = last.came_out_rating in (GOOD, OUTSTANDING)
        yield Suggestion(
            trigger=Trigger.CQC_OUT_OF_SPECIAL_MEASURES,
            key=f"{Trigger.CQC_OUT_OF_SPECIAL_MEASURES}:{case.pk}:{came_out_on.isoformat()}",
            location=location,
            case=case,
            kind=ProposalKind.CLOSE if better else ProposalKind.DE_ESCALATE,
            target="" if better else "1",
            reason=(
                f"The CQC no longer rates {location.name} Inadequate: {last.came_out_rating}, published "
                f"{when(came_out_on)}. It has come out of special measures."
            ),
            evidence=(
                EvidenceLink(
                    kind=CaseEvidence.Kind.CQC_RATING,
                    object_id=f"{location.pk}:{came_out_on.isoformat()}",
                    summary=f"CQC overall rating {last.came_out_rating}, published {when(came_out_on)}",
                ),
            ),
            details={"came_out_on": came_out_on.isoformat(), "rating": last.came_out_rating},
        )
