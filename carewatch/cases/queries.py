"""Reads for the ladder of intervention: cases a person may see, suspensions, the task list.

Every read of a council's cases goes through :func:`cases_visible_to` (``access.scope_to_owner``):
a council's cases are visible to that council and to the partners it shares with. The figures are in
:mod:`carewatch.cases.figures` and re-exported here.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from carewatch.cases import errors, figures, ladder
from carewatch.cases.ladder import ActionKind
from carewatch.cases.models import (
    Action,
    Case,
    CaseEvidence,
    CaseStatus,
    ExtraBankHoliday,
    LadderVersion,
    Proposal,
    RegulatorTrack,
    Suspension,
    Timescale,
)
from carewatch.core import access
from carewatch.core.models import Organisation, User
from carewatch.core.roles import Role
from carewatch.core.working_days import Holidays, england_and_wales, holidays_with
from carewatch.ratings.cqc import INADEQUATE, RATED

if TYPE_CHECKING:
    from carewatch.cases.services import EvidenceLink

# --- the ladder and its calendar -----------------------------------------------------------------


def holidays_for(organisation: Organisation | None) -> Holidays:
    """England and Wales bank holidays plus those added for everyone and for ``organisation``."""
    extra = ExtraBankHoliday.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation))
    return holidays_with(
        england_and_wales(), extra.order_by("falls_on", "id").values_list("falls_on", "name")
    )


def current_ladder(organisation: Organisation) -> LadderVersion | None:
    """The council's latest ladder version (None before first use)."""
    return LadderVersion.objects.filter(organisation=organisation).order_by("-number").first()


def ladder_versions(organisation: Organisation) -> QuerySet[LadderVersion]:
    return (
        LadderVersion.objects.filter(organisation=organisation)
        .select_related("created_by")
        .order_by("-number")
    )


def ladder_spec(version: LadderVersion) -> ladder.LadderSpec:
    """A saved version as a spec, for an edit form to start from (``services.save_ladder`` takes it back)."""
    levels = version.levels.prefetch_related("timescales")
    by_code = {level.code: level for level in levels}
    return ladder.LadderSpec(
        levels=tuple(
            ladder.LevelSpec(
                code=code,
                name=by_code[code].name,
                entry_criteria=by_code[code].entry_criteria,
                standard_actions=tuple(by_code[code].standard_actions),
                exit_criteria=by_code[code].exit_criteria,
                timescales=tuple(
                    ladder.TimescaleSpec(
                        key=t.key, label=t.label, number=t.number, unit=t.unit, source=t.source
                    )
                    for t in sorted(by_code[code].timescales.all(), key=lambda t: t.id)
                ),
            )
            for code in ladder.ORDER
        ),
        default_notice_limit=version.default_notice_limit,
        safeguarding_concerns_threshold=version.safeguarding_concerns_threshold,
        safeguarding_period_days=version.safeguarding_period_days,
    )


def timescale(ladder_id: int, key: str) -> Timescale:
    try:
        return Timescale.objects.get(ladder_id=ladder_id, key=key)
    except Timescale.DoesNotExist as exc:
        raise errors.InvalidLadder(f"The ladder has no timescale {key}") from exc


def level_of(case: Case, code: str | None = None):
    """The :class:`~carewatch.cases.models.Level` row (name, criteria) from the ladder the case opened under."""
    return case.ladder.levels.get(code=code or case.level)


# --- cases ---------------------------------------------------------------------------------------


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Cases of councils whose intelligence ``user`` may read (their own, and partners sharing with them)."""
    cases = Case.objects.select_related("organisation", "provider", "ladder")
    return access.scope_to_owner(cases, user, owner_field="organisation")


def case_for(user: User, case_id: int) -> Case:
    """One case ``user`` may see; raises ``Case.DoesNotExist`` otherwise (another council's case looks like none)."""
    return cases_visible_to(user).prefetch_related("locations").get(pk=case_id)


def status_history(case: Case) -> QuerySet[CaseStatus]:
    """The case's decisions, oldest first."""
    return case.statuses.select_related("decided_by").order_by("revision")


def latest_change(case_id: int) -> errors.Change | None:
    """The latest status row as a :class:`~carewatch.cases.errors.Change` (who, what, when)."""
    status = (
        CaseStatus.objects.filter(case_id=case_id).select_related("decided_by").order_by("-revision").first()
    )
    if status is None:
        return None
    return errors.Change(
        revision=status.revision,
        decision=status.decision,
        from_level=status.from_level,
        level=status.level,
        decided_by=status.decided_by.get_full_name() or status.decided_by.username,
        decided_at=status.decided_at,
        reason=status.reason,
    )


def pending_proposals(organisation: Organisation) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(organisation=organisation, status=Proposal.Status.PENDING)
        .select_related("case", "proposed_by", "provider")
        .prefetch_related("locations")
        .order_by("proposed_at", "id")
    )


def open_case_for_location(organisation: Organisation, location_id: str) -> Case | None:
    return (
        Case.objects.filter(organisation=organisation, is_open=True, case_locations__location_id=location_id)
        .order_by("id")
        .first()
    )


@dataclass(frozen=True)
class DefaultNoticeCount:
    on_case: int
    on_provider: int  # across the council's cases about the same provider
    limit: int

    @property
    def termination_to_be_considered(self) -> bool:
        return max(self.on_case, self.on_provider) >= self.limit


def default_notices(case: Case) -> DefaultNoticeCount:
    """How many default notices the case, and its provider across the council's cases, have had."""
    notices = Action.objects.filter(
        kind=ActionKind.DEFAULT_NOTICE, case__organisation_id=case.organisation_id
    )
    on_case = notices.filter(case=case).count()
    provider_ids = set(case.locations.values_list("provider_id", flat=True)) | ({case.provider_id} - {None})
    on_provider = (
        notices.filter(
            Q(case__provider_id__in=provider_ids)
            | Q(case__case_locations__location__provider_id__in=provider_ids)
        )
        .distinct()
        .count()
        if provider_ids
        else on_case
    )
    return DefaultNoticeCount(
        on_case=on_case, on_provider=on_provider, limit=case.ladder.default_notice_limit
    )


# --- suspensions -----------------------------------------------------------------------------------


def _in_force_on(on: date) -> Q:
    return Q(started_on__lte=on) & (Q(lifted_on__isnull=True) | Q(lifted_on__gt=on))


def suspensions_in_force(
    *, on: date, owners: Collection[int] | None = None, published_only: bool = False
) -> QuerySet[Suspension]:
    """Suspensions in force on ``on``: of the councils in ``owners`` (None: every council)."""
    suspensions = Suspension.objects.filter(_in_force_on(on))
    if owners is not None:
        suspensions = suspensions.filter(case__organisation_id__in=owners)
    if published_only:
        suspensions = suspensions.filter(published=True)
    return suspensions


def suspended_location_ids(
    *, on: date, owners: Collection[int] | None = None, published_only: bool = False
) -> set[str]:
    """Locations where new placements are suspended on ``on``: for the register, the API and placement search.

    A view passes ``owners=access.visible_owner_ids(user)`` (what that person may know) or
    ``published_only=True`` for the public.
    """
    return set(
        suspensions_in_force(on=on, owners=owners, published_only=published_only).values_list(
            "location_id", flat=True
        )
    )


def is_suspended(
    location, *, on: date, owners: Collection[int] | None = None, published_only: bool = False
) -> bool:
    location_id = getattr(location, "pk", location)
    return (
        suspensions_in_force(on=on, owners=owners, published_only=published_only)
        .filter(location_id=location_id)
        .exists()
    )


def suspended_location_ids_known_to(user, *, on: date) -> set[str]:
    """What one person may know is suspended: every published suspension, plus those of councils
    whose intelligence they may read (their own and councils sharing with them)."""
    known = suspended_location_ids(on=on, published_only=True)
    if getattr(user, "is_authenticated", False):
        if user.is_superuser:
            known |= suspended_location_ids(on=on)
        else:
            known |= suspended_location_ids(on=on, owners=access.visible_owner_ids(user))
    return known


def published_suspensions(*, on: date) -> QuerySet[Suspension]:
    """Suspensions in force that their council chose to publish, for the public page."""
    return (
        suspensions_in_force(on=on, published_only=True)
        .select_related("location", "case__organisation")
        .order_by("location__name", "id")
    )


def suspensions_visible_to(user: User, *, on: date) -> QuerySet[Suspension]:
    """Suspensions in force that ``user`` may know about (commissioners, brokerage)."""
    return (
        access.scope_to_owner(suspensions_in_force(on=on), user, owner_field="case__organisation")
        .select_related("location", "case__organisation")
        .order_by("location__name", "id")
    )


# --- the regulator track ---------------------------------------------------------------------------


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


# --- the task list ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One line of a person's task list: an action to do, or a proposal to decide."""

    kind: str  # "action" or "proposal"
    id: int
    case_id: int | None
    due_on: date
    title: str
    overdue: bool
    action: Action | None = None
    proposal: Proposal | None = None


def tasks_due(user: User, today: date, *, horizon_days: int = 0) -> list[Task]:
    """Everything due by ``today`` (+ ``horizon_days``) or overdue, for ``user``, by due date then id.

    - A QA officer: the open actions they own, on open cases.
    - A QA manager: every open action on their council's open cases, and every pending proposal
      (due on the day it was made).
    """
    until = today + timedelta(days=horizon_days)
    if user.organisation_id is None or not user.is_active:
        return []
    actions = Action.objects.filter(
        done_on__isnull=True, case__is_open=True, due_on__lte=until
    ).select_related("case", "owner")
    is_manager = user.has_role(Role.QA_MANAGER)
    if is_manager:
        actions = actions.filter(case__organisation_id=user.organisation_id)
    elif user.has_role(Role.QA_OFFICER):
        actions = actions.filter(owner=user, case__organisation_id=user.organisation_id)
    else:
        return []
    tasks = [
        Task(
            kind="action",
            id=action.pk,
            case_id=action.case_id,
            due_on=action.due_on,
            title=action.title,
            overdue=action.due_on < today,
            action=action,
        )
        for action in actions
    ]
    if is_manager:
        for proposal in Proposal.objects.filter(
            organisation_id=user.organisation_id, status=Proposal.Status.PENDING
        ):
            proposed_on = timezone.localdate(proposal.proposed_at)
            if proposed_on > until:
                continue
            tasks.append(
                Task(
                    kind="proposal",
                    id=proposal.pk,
                    case_id=proposal.case_id,
                    due_on=proposed_on,
                    title=f"Decide: {proposal.get_kind_display().lower()}"
                    + (f" (level {proposal.level})" if proposal.level else ""),
                    overdue=proposed_on < today,
                    proposal=proposal,
                )
            )
    return sorted(tasks, key=lambda task: (task.due_on, task.kind, task.id))


# --- figures (computed in carewatch.cases.figures; here so every read has one home) ---------------

case_figures = figures.case_figures
special_measures_figures = figures.special_measures_figures


def evidence_candidates(case: Case, *, today: date) -> list[EvidenceLink]:
    """What may still be linked to ``case``: each location's current CQC rating, then what the evidence
    sources (the monitoring app) hold about its locations for the case's council. Already linked: left out."""
    from carewatch.cases import triggers
    from carewatch.cases.services import EvidenceLink

    locations = list(case.locations.order_by("name", "id"))
    found = [
        EvidenceLink(
            kind=CaseEvidence.Kind.CQC_RATING,
            object_id=f"{location.pk}:{location.current_rating_on or ''}",
            summary=f"CQC rated {location.name} {location.current_rating}"
            + (f", published {location.current_rating_on:%-d %B %Y}" if location.current_rating_on else ""),
        )
        for location in locations
        if location.current_rating
    ]
    for source in triggers.registered_sources():
        offer = getattr(source, "evidence_for_locations", None)
        if offer is not None:
            found += [
                EvidenceLink(kind=kind, object_id=object_id, summary=summary)
                for kind, object_id, summary in offer(
                    organisation=case.organisation, location_ids=[loc.pk for loc in locations], today=today
                )
            ]
    linked = set(CaseEvidence.objects.filter(case=case).values_list("kind", "object_id"))
    return [link for link in found if (link.kind, link.object_id) not in linked]
