"""Shaping the ladder's data for its pages: plain objects the templates read, no queries in templates.

Reads go through ``carewatch.cases.queries`` (scoped to the person looking) and
``carewatch.cases.letters.queries``; nothing here writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from carewatch.cases import ladder, queries
from carewatch.cases.ladder import ActionKind, Decision, VisitFrequency
from carewatch.cases.letters import queries as letter_queries
from carewatch.cases.letters.models import Letter, LetterKind
from carewatch.cases.models import Action, Case, CaseEvidence, Proposal, Suspension
from carewatch.core import access
from carewatch.core.models import User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.monitoring import queries as monitoring_queries

LEVEL_TAGS = {
    "0": "govuk-tag--grey",
    "1": "govuk-tag--light-blue",
    "2": "govuk-tag--yellow",
    "3": "govuk-tag--orange",
    "R": "govuk-tag--purple",
    "4": "govuk-tag--red",
    "5": "govuk-tag--pink",
}


def person_name(user: User | None) -> str:
    if user is None:
        return "carewatch"
    return user.get_full_name() or user.username


def long_date(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def level_names(version) -> dict[str, str]:
    """Level code → name on one ladder version (uses ``levels`` when prefetched)."""
    return {level.code: level.name for level in version.levels.all()}


@dataclass(frozen=True)
class LevelTag:
    code: str
    name: str

    @property
    def css(self) -> str:
        return LEVEL_TAGS.get(self.code, "govuk-tag--grey")

    @property
    def label(self) -> str:
        return f"Level {self.code}"


def level_tag(code: str, names: dict[str, str]) -> LevelTag:
    return LevelTag(code=code, name=names.get(code, ladder.LevelCode(code).label.split("– ", 1)[-1]))


def case_subject(case: Case) -> str:
    """What the case is about, in a few words: a location, or a provider and how many locations."""
    locations = sorted(case.locations.all(), key=lambda location: (location.name, location.pk))
    if case.scope == Case.Scope.PROVIDER and case.provider is not None:
        count = len(locations)
        return f"{case.provider.name or case.provider_id} ({count} location{'s' if count != 1 else ''})"
    return ", ".join(location.name for location in locations) or f"Case {case.pk}"


def can_act(user: User, case: Case) -> bool:
    """Officers and managers of the council that owns the case act on it; partners only read."""
    return user.organisation_id == case.organisation_id and user.has_role(Role.QA_OFFICER, Role.QA_MANAGER)


def can_decide(user: User, case: Case) -> bool:
    return user.organisation_id == case.organisation_id and user.has_role(Role.QA_MANAGER)


# --- the case list ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    id: int
    url: str
    subject: str
    council: str
    level: LevelTag
    is_open: bool
    opened_on: date
    next_due_on: date | None
    overdue: bool


def case_rows(cases: Iterable[Case], *, today: date) -> list[CaseRow]:
    rows = []
    for case in cases:
        next_due_on = getattr(case, "next_due_on", None)
        rows.append(
            CaseRow(
                id=case.pk,
                url=reverse("cases:case_detail", kwargs={"case_id": case.pk}),
                subject=case_subject(case),
                council=case.organisation.name,
                level=level_tag(case.level, level_names(case.ladder)),
                is_open=case.is_open,
                opened_on=timezone.localdate(case.opened_at),
                next_due_on=next_due_on if case.is_open else None,
                overdue=bool(case.is_open and next_due_on and next_due_on < today),
            )
        )
    return rows


# --- the case page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    title: str
    detail: str
    by: str
    link: str = ""
    link_text: str = ""


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


@dataclass
class CasePage:
    case: Case
    subject: str
    level: LevelTag
    level_row: object  # the Level row on the case's ladder (entry and exit criteria)
    statuses: list
    timeline: list[TimelineItem]
    open_actions: list[ActionRow]
    done_actions: list[ActionRow]
    suspensions: list[SuspensionRow]
    letters: list[Letter]
    evidence: list[EvidenceRow]
    locations: list[LocationRow]
    visits: list
    proposals: list[Proposal]
    tracks: list
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
    )


DECISION_TITLES = {
    Decision.OPENED: "Case opened at level {level}",
    Decision.ESCALATED: "Escalated from level {from_level} to level {level}",
    Decision.DE_ESCALATED: "Stepped down from level {from_level} to level {level}",
    Decision.CLOSED: "Case closed (it was at level {from_level})",
}


def _timeline(statuses, letters, suspensions) -> list[TimelineItem]:
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
                )
            )
    return sorted(items, key=lambda item: item.at, reverse=True)


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def letter_choices(case: Case, suspensions: list[Suspension], actions: list[Action]) -> list[tuple[str, str]]:
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
    actions = list(
        case.actions.select_related("owner", "peer_provider", "suspension").order_by("due_on", "id")
    )
    suspensions = list(case.suspensions.select_related("location").order_by("started_on", "id"))
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
    locations = sorted(case.locations.all(), key=lambda location: (location.name, location.pk))
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
        for row in case.evidence.order_by("added_at", "id")
    ]
    tracks = [
        queries.regulator_track_status(track, on=today)
        for track in case.regulator_tracks.select_related("location").order_by(
            "inadequate_published_on", "id"
        )
    ]
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
        proposals=list(
            case.proposals.filter(status=Proposal.Status.PENDING)
            .select_related("proposed_by")
            .order_by("proposed_at", "id")
        ),
        tracks=tracks,
        next_due=open_rows[0] if open_rows and case.is_open else None,
        default_notices=queries.default_notices(case) if has_notices else None,
        can_act=case.is_open and can_act(user, case),
        can_decide=case.is_open and can_decide(user, case),
        letter_choices=letter_choices(case, suspensions, actions) if can_act(user, case) else [],
    )


@dataclass(frozen=True)
class VisitRow:
    visit_on: date
    kind: str
    status: str
    rating: str
    location: str


def _visits(user: User, locations) -> list[VisitRow]:
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


# --- the task list -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskRow:
    title: str
    url: str
    link_text: str
    case_url: str
    case_label: str
    due_on: date
    overdue: bool
    kind: str


def task_rows(tasks: list[queries.Task], *, subjects: dict[int, str]) -> list[TaskRow]:
    rows = []
    for task in tasks:
        case_url = reverse("cases:case_detail", kwargs={"case_id": task.case_id}) if task.case_id else ""
        case_label = (
            f"Case {task.case_id}: {subjects.get(task.case_id, '')}" if task.case_id else "A new case"
        )
        if task.kind == "proposal":
            url = reverse("cases:proposal_decide", kwargs={"proposal_id": task.id})
            link_text = "Decide"
            if task.case_id is None and task.proposal is not None:
                case_label = "A new case"
        else:
            action = task.action
            row = action_row(action, today=date.min) if action is not None else None
            url = row.complete_url if row else case_url
            link_text = "Record it" if url != case_url else "Open the case"
        rows.append(
            TaskRow(
                title=task.title,
                url=url,
                link_text=link_text,
                case_url=case_url,
                case_label=case_label,
                due_on=task.due_on,
                overdue=task.overdue,
                kind=task.kind,
            )
        )
    return rows


@dataclass(frozen=True)
class TaskGroups:
    overdue: list[TaskRow]
    today: list[TaskRow]
    soon: list[TaskRow]

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.today or self.soon)


def task_groups(rows: list[TaskRow], *, today: date) -> TaskGroups:
    return TaskGroups(
        overdue=[row for row in rows if row.due_on < today],
        today=[row for row in rows if row.due_on == today],
        soon=[row for row in rows if row.due_on > today],
    )


# --- the register: a suspension as a first-class fact -----------------------------------------------


@dataclass(frozen=True)
class SuspensionBanner:
    """“New placements suspended since …” for a location page."""

    since: date
    councils: list[str]
    published: bool

    @property
    def text(self) -> str:
        by = " and ".join(self.councils)
        return f"New placements suspended since {long_date(self.since)} by {by}"


@dataclass(frozen=True)
class LocationCases:
    """What a location's register page shows about cases: the suspension, and for QA staff of a
    council, the open case or a link to propose one."""

    location_id: str
    banner: SuspensionBanner | None
    open_case_id: int | None = None
    open_case_level: str = ""
    can_propose: bool = False


def location_cases(user, location_id: str, *, today: date) -> LocationCases:
    """For ``register/location_detail.html``: ``{% include "cases/_location_cases.html" with cases=… %}``."""
    banner = suspension_banner(user, location_id, today=today)
    organisation = getattr(user, "organisation", None) if getattr(user, "is_authenticated", False) else None
    if (
        organisation is None
        or organisation.kind != OrganisationKind.COUNCIL
        or not user.has_role(Role.QA_OFFICER, Role.QA_MANAGER)
    ):
        return LocationCases(location_id=location_id, banner=banner)
    case = queries.open_case_for_location(organisation, location_id)
    return LocationCases(
        location_id=location_id,
        banner=banner,
        open_case_id=case.pk if case else None,
        open_case_level=case.level if case else "",
        can_propose=case is None,
    )


def suspension_banner(user, location_id: str, *, today: date) -> SuspensionBanner | None:
    """The suspension in force at a location that this person may know of: council and NHS staff see
    their own council's and its partners'; everyone sees those a council chose to publish."""
    owners = access.visible_owner_ids(user) if getattr(user, "is_authenticated", False) else set()
    seen = (
        queries.suspensions_in_force(on=today)
        .filter(location_id=location_id)
        .select_related("case__organisation")
    )
    visible = [
        suspension
        for suspension in seen.order_by("started_on", "id")
        if suspension.published
        or suspension.case.organisation_id in owners
        or (getattr(user, "is_superuser", False) and user.is_active)
    ]
    if not visible:
        return None
    return SuspensionBanner(
        since=min(suspension.started_on for suspension in visible),
        councils=sorted({suspension.case.organisation.name for suspension in visible}),
        published=any(suspension.published for suspension in visible),
    )
