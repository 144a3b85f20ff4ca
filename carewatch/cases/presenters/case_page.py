"""A case's page: its level, timeline, actions, suspensions, letters, evidence, locations, visits and proposals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from carewatch.cases import queries
from carewatch.cases.ladder import ActionKind, Decision, VisitFrequency
from carewatch.cases.letters import queries as letter_queries
from carewatch.cases.letters.models import Letter, LetterKind
from carewatch.cases.models import Action, Case, CaseEvidence, CaseStatus, Level, Proposal, Suspension
from carewatch.cases.presenters.common import (
    LevelTag,
    can_act,
    can_decide,
    case_subject,
    level_names,
    level_tag,
    long_date,
    person_name,
)
from carewatch.core.models import User
from carewatch.monitoring import queries as monitoring_queries
from carewatch.register.models import Location


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    title: str
    detail: str
    by: str
    link: str = ""
    link_text: str = ""
    day_only: bool = False  # a date with no time of day (a letter recorded as sent on a day)


@dataclass(frozen=True)
class ActionRow:
    action: Action
    kind: str
    title: str
    owner: str
    due_on: date
    done_on: date | None
    overdue: bool
    details: list[str]
    complete_url: str  # "" when it is done on the suspension itself, or already done
    # A generic reference a higher app recorded on the action (``details["link"]``: href and text), e.g.
    # recognition's peer support pairing; cases never imports the app that wrote it.
    link_url: str = ""
    link_text: str = ""


@dataclass(frozen=True)
class SuspensionRow:
    suspension: Suspension
    location_name: str
    location_url: str
    in_force: bool
    letter_overdue: bool
    review_overdue: bool
    letters: list[Letter]


@dataclass(frozen=True)
class EvidenceRow:
    kind: str
    summary: str
    added_on: date
    link: str = ""


@dataclass(frozen=True)
class LocationRow:
    name: str
    id: str
    url: str
    rating: str
    rated_on: date | None
    suspended: bool


@dataclass(frozen=True)
class VisitRow:
    visit_on: date
    kind: str
    status: str
    rating: str
    location: str


@dataclass
class CasePage:
    case: Case
    subject: str
    level: LevelTag
    level_row: Level | None  # the Level row on the case's ladder (entry and exit criteria)
    statuses: list[CaseStatus]
    timeline: list[TimelineItem]
    open_actions: list[ActionRow]
    done_actions: list[ActionRow]
    suspensions: list[SuspensionRow]
    letters: list[Letter]
    evidence: list[EvidenceRow]
    locations: list[LocationRow]
    visits: list[VisitRow]
    proposals: list[Proposal]
    tracks: list[queries.TrackStatus]
    next_due: ActionRow | None
    default_notices: queries.DefaultNoticeCount | None
    can_act: bool
    can_decide: bool
    letter_choices: list[tuple[str, str]] = field(default_factory=list)


def action_row(action: Action, *, today: date) -> ActionRow:
    details = []
    if action.kind == ActionKind.ENHANCED_MONITORING and action.details.get("visit_frequency"):
        details.append(f"Visits: {VisitFrequency(action.details['visit_frequency']).label.lower()}")
    if action.kind == ActionKind.PEER_SUPPORT and action.peer_provider is not None:
        details.append(f"Peer support from {action.peer_provider.name or action.peer_provider_id}")
    if action.kind == ActionKind.DEFAULT_NOTICE and action.details.get("breach"):
        details.append(f"Default: {action.details['breach']}")
    if action.details.get("requested_by_cqc"):
        details.append("The CQC asked for this action plan")
    if action.details.get("held_on"):
        details.append(f"Held on {long_date(date.fromisoformat(action.details['held_on']))}")
    complete_url = ""
    if action.done_on is None:
        if action.kind == ActionKind.SUSPENSION and action.suspension_id:
            step = action.details.get("step")
            name = "cases:suspension_letter_sent" if step == "letter" else "cases:suspension_review"
            complete_url = reverse(name, kwargs={"suspension_id": action.suspension_id})
        else:
            complete_url = reverse("cases:action_complete", kwargs={"action_id": action.pk})
    return ActionRow(
        action=action,
        kind=ActionKind(action.kind).label,
        title=action.title,
        owner=person_name(action.owner),
        due_on=action.due_on,
        done_on=action.done_on,
        overdue=action.done_on is None and action.due_on < today,
        details=details,
        complete_url=complete_url,
        **_link_of(action),
    )


def _link_of(action: Action) -> dict[str, str]:
    link = action.details.get("link")
    if not isinstance(link, dict) or not str(link.get("href", "")).startswith("/"):
        return {}
    return {"link_url": str(link["href"]), "link_text": str(link.get("text") or "See more")}


DECISION_TITLES: dict[str, str] = {
    Decision.OPENED: "Case opened at level {level}",
    Decision.ESCALATED: "Escalated from level {from_level} to level {level}",
    Decision.DE_ESCALATED: "Stepped down from level {from_level} to level {level}",
    Decision.CLOSED: "Case closed (it was at level {from_level})",
}


def _timeline(
    statuses: Iterable[CaseStatus], letters: Iterable[Letter], suspensions: Iterable[Suspension]
) -> list[TimelineItem]:
    items = [
        TimelineItem(
            at=status.decided_at,
            title=DECISION_TITLES[status.decision].format(level=status.level, from_level=status.from_level),
            detail=status.reason,
            by=person_name(status.decided_by),
        )
        for status in statuses
    ]
    for letter in letters:
        items.append(
            TimelineItem(
                at=letter.created_at,
                title=f"Letter written: {LetterKind(letter.kind).label.lower()}",
                detail=letter.subject,
                by=person_name(letter.created_by),
                link=reverse("cases:letter_detail", kwargs={"letter_id": letter.pk}),
                link_text=f"Read the letter: {letter.subject}",
            )
        )
    for suspension in suspensions:
        if suspension.letter_sent_on:
            items.append(
                TimelineItem(
                    at=_noon(suspension.letter_sent_on),
                    title=f"Suspension letter sent for {suspension.location.name}",
                    detail=f"The provider may appeal until {long_date(suspension.appeal_until)}",
                    by="",
                    day_only=True,
                )
            )
    # newest first; what happened at the same moment, latest recorded first
    order = {id(item): position for position, item in enumerate(items)}
    return sorted(items, key=lambda item: (item.at, order[id(item)]), reverse=True)


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def letter_choices(
    case: Case, suspensions: Sequence[Suspension], actions: Sequence[Action]
) -> list[tuple[str, str]]:
    """The letters this case can have now: ``kind:suspension-or-action id`` → what it is."""
    choices = []
    for suspension in suspensions:
        if suspension.lifted_on is None:
            choices.append(
                (
                    f"{LetterKind.SUSPENSION}:{suspension.pk}",
                    f"Suspension of new placements at {suspension.location.name}",
                )
            )
        else:
            choices.append(
                (
                    f"{LetterKind.SUSPENSION_LIFTED}:{suspension.pk}",
                    f"Lifting of the suspension at {suspension.location.name}",
                )
            )
    for action in actions:
        if action.kind == ActionKind.DEFAULT_NOTICE:
            choices.append(
                (f"{LetterKind.DEFAULT_NOTICE}:{action.pk}", f"Default notice due {long_date(action.due_on)}")
            )
        elif action.kind == ActionKind.ACTION_PLAN and action.done_on is None:
            choices.append(
                (
                    f"{LetterKind.ACTION_PLAN_REQUEST}:{action.pk}",
                    f"Request for an action plan due {long_date(action.due_on)}",
                )
            )
    return choices


def case_page(case: Case, *, user: User, today: date) -> CasePage:
    names = level_names(case.ladder)
    statuses = list(queries.status_history(case))
    actions = list(queries.actions_of(case))
    suspensions = list(queries.suspensions_of(case))
    letters = list(letter_queries.letters_for_case(case))
    rows = [action_row(action, today=today) for action in actions]
    open_rows = [row for row in rows if row.done_on is None]
    done_rows = sorted(
        (row for row in rows if row.done_on is not None), key=lambda r: (r.done_on, r.action.pk), reverse=True
    )
    letters_by_suspension: dict[int, list[Letter]] = {}
    for letter in letters:
        if letter.suspension_id:
            letters_by_suspension.setdefault(letter.suspension_id, []).append(letter)
    suspension_rows = [
        SuspensionRow(
            suspension=suspension,
            location_name=suspension.location.name,
            location_url=reverse("public:location_detail", kwargs={"location_id": suspension.location_id}),
            in_force=suspension.lifted_on is None,
            letter_overdue=suspension.lifted_on is None
            and suspension.letter_sent_on is None
            and suspension.letter_due_on < today,
            review_overdue=suspension.lifted_on is None and suspension.review_on < today,
            letters=letters_by_suspension.get(suspension.pk, []),
        )
        for suspension in suspensions
    ]
    locations = queries.case_locations(case)
    suspended_ids = {s.location_id for s in suspensions if s.in_force_on(today)}
    location_rows = [
        LocationRow(
            name=location.name,
            id=location.pk,
            url=reverse("public:location_detail", kwargs={"location_id": location.pk}),
            rating=location.current_rating,
            rated_on=location.current_rating_on,
            suspended=location.pk in suspended_ids,
        )
        for location in locations
    ]
    evidence = [
        EvidenceRow(
            kind=CaseEvidence.Kind(row.kind).label if row.kind in CaseEvidence.Kind.values else row.kind,
            summary=row.summary,
            added_on=timezone.localdate(row.added_at),
        )
        for row in queries.case_evidence(case)
    ]
    tracks = [queries.regulator_track_status(track, on=today) for track in queries.regulator_tracks_of(case)]
    has_notices = any(action.kind == ActionKind.DEFAULT_NOTICE for action in actions)
    return CasePage(
        case=case,
        subject=case_subject(case),
        level=level_tag(case.level, names),
        level_row=next((level for level in case.ladder.levels.all() if level.code == case.level), None),
        statuses=statuses,
        timeline=_timeline(statuses, letters, suspensions),
        open_actions=open_rows,
        done_actions=done_rows,
        suspensions=suspension_rows,
        letters=letters,
        evidence=evidence,
        locations=location_rows,
        visits=_visits(user, locations),
        proposals=list(queries.proposals_waiting_on(case)),
        tracks=tracks,
        next_due=open_rows[0] if open_rows and case.is_open else None,
        default_notices=queries.default_notices(case) if has_notices else None,
        can_act=case.is_open and can_act(user, case),
        can_decide=case.is_open and can_decide(user, case),
        letter_choices=letter_choices(case, suspensions, actions) if can_act(user, case) else [],
    )


def _visits(user: User, locations: Iterable[Location]) -> list[VisitRow]:
    """Monitoring visits to the case's locations that the person may see (newest first)."""
    visits = (
        monitoring_queries.visits_for(user)
        .filter(location__in=[location.pk for location in locations])
        .order_by("-visit_on", "-id")[:10]
    )
    return [
        VisitRow(
            visit_on=visit.visit_on,
            kind=visit.get_kind_display(),
            status=visit.get_status_display(),
            rating=monitoring_queries.rating_label(visit.overall_rating) if visit.overall_rating else "",
            location=visit.location.name,
        )
        for visit in visits
    ]
