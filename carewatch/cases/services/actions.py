"""Actions with an owner and a due date."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from carewatch.cases import errors, ladder, queries
from carewatch.cases.ladder import ActionKind, VisitFrequency
from carewatch.cases.models import Action, Case
from carewatch.cases.services import checks
from carewatch.core import audit
from carewatch.core.models import User
from carewatch.register.models import Provider

# What each kind needs: (due date required when not defaulted, a rule for details).
_NEEDS_DUE_ON: dict[str, str] = {
    ActionKind.ENHANCED_MONITORING: "Enter when the enhanced monitoring is next reviewed",
    ActionKind.PEER_SUPPORT: "Enter when the peer support is reviewed",
    ActionKind.PROVIDER_CONCERNS_MEETING: "Enter the date of the next provider concerns meeting",
    ActionKind.DEFAULT_NOTICE: "Enter the date by which the default must be remedied",
    ActionKind.REFERRAL_TO_CQC: "Enter when the referral is due",
    ActionKind.IMPROVEMENT_DIRECTOR: "Enter when the improvement director is due to report",
}


def _check_owner(case: Case, owner: User) -> None:
    if (
        not owner.is_active
        or owner.organisation_id != case.organisation_id
        or not owner.has_role(*checks.PROPOSERS)
    ):
        raise errors.InvalidAction(
            "The owner is a QA officer or QA manager at the council that owns the case", field="owner"
        )


def _require_open(case: Case) -> None:
    if not Case.objects.filter(pk=case.pk, is_open=True).exists():
        raise errors.InvalidAction("The case is closed")


def add_action(
    *,
    actor: User,
    case: Case,
    kind: str,
    owner: User,
    now: datetime,
    due_on: date | None = None,
    title: str = "",
    details: dict[str, Any] | None = None,
    peer_provider: Provider | None = None,
) -> Action:
    """Add an action with an owner and a due date.

    - ``action_plan``: due 14 days from today by default (28 when ``details={"requested_by_cqc": True}``),
      from the case's ladder;
    - ``enhanced_monitoring``: ``details={"visit_frequency": "daily" | "twice_weekly" | "weekly" | …}``;
    - ``peer_support``: ``peer_provider`` names the strong provider giving it;
    - ``provider_concerns_meeting``: ``due_on`` is the meeting date (then :func:`record_meeting`);
    - ``default_notice``: ``details={"breach": "…"}``, ``due_on`` the remedy date (see :func:`issue_default_notice`);
      only for a service the council contracts with (:class:`errors.NoContractualPowers` otherwise);
    - ``referral_to_cqc``, ``improvement_director``: a due date;
    - ``suspension``: never here; suspensions start when a manager moves the case to level 4.
    """
    checks.require_proposer(actor, case.organisation)
    _require_open(case)
    _check_owner(case, owner)
    details = dict(details or {})
    if kind not in ActionKind.values:
        raise errors.InvalidAction("Choose a kind of action", field="kind")
    if kind == ActionKind.SUSPENSION:
        raise errors.InvalidAction(
            "A suspension starts when a QA manager moves the case to level 4", field="kind"
        )
    if (kind == ActionKind.PEER_SUPPORT) != (peer_provider is not None):
        raise errors.InvalidAction(
            "Choose the provider giving peer support"
            if kind == ActionKind.PEER_SUPPORT
            else "Only peer support names a provider",
            field="peer_provider",
        )
    if (
        kind == ActionKind.PEER_SUPPORT
        and case.provider_id
        and peer_provider is not None
        and peer_provider.pk == case.provider_id
    ):
        raise errors.InvalidAction("A provider cannot be its own peer support", field="peer_provider")
    if kind == ActionKind.ENHANCED_MONITORING and details.get("visit_frequency") not in VisitFrequency.values:
        raise errors.InvalidAction("Choose how often to visit", field="visit_frequency")
    if kind in ladder.CONTRACTUAL_ACTIONS:
        powers = queries.contract_powers(case, on=timezone.localdate(now))
        if not powers.available:
            raise errors.NoContractualPowers(powers.reason, field="kind")
    if kind == ActionKind.DEFAULT_NOTICE:
        details["breach"] = checks.require_reason(details.get("breach", ""), field="breach")
        details.setdefault("issued_on", timezone.localdate(now).isoformat())
    if due_on is None:
        if kind == ActionKind.ACTION_PLAN:
            key = ladder.ACTION_PLAN_DUE_CQC if details.get("requested_by_cqc") else ladder.ACTION_PLAN_DUE
            due_on = queries.deadline(case, key, timezone.localdate(now))
        else:
            raise errors.InvalidAction(_NEEDS_DUE_ON[kind], field="due_on")
    with transaction.atomic():
        action = Action.objects.create(
            case=case,
            kind=kind,
            title=title.strip() or ActionKind(kind).label,
            owner=owner,
            due_on=due_on,
            details=details,
            peer_provider=peer_provider,
            created_at=now,
            created_by=actor,
        )
        audit.write(
            now=now,
            actor=actor,
            organisation=case.organisation,
            action="case.action_added",
            object_type="case",
            object_id=case.pk,
            after={
                "action": action.pk,
                "kind": kind,
                "owner": owner.pk,
                "due_on": due_on.isoformat(),
                "details": details,
            },
        )
    return action


def issue_default_notice(
    *, actor: User, case: Case, owner: User, breach: str, remedy_by: date, now: datetime
) -> Action:
    """Log a contract default notice (termination is considered at the ladder's limit: ``queries.default_notices``)."""
    return add_action(
        actor=actor,
        case=case,
        kind=ActionKind.DEFAULT_NOTICE,
        owner=owner,
        due_on=remedy_by,
        now=now,
        title="Default notice",
        details={"breach": breach},
    )


def complete_action(*, actor: User, action: Action, done_on: date, now: datetime) -> Action:
    """Mark an action done (suspension steps are done through the suspension services)."""
    checks.require_proposer(actor, action.case.organisation)
    if action.kind == ActionKind.SUSPENSION:
        raise errors.InvalidAction("Record the suspension letter or review on the suspension itself")
    with transaction.atomic():
        if not Action.objects.filter(pk=action.pk, done_on__isnull=True).update(done_on=done_on):
            raise errors.InvalidAction("This action is already done")
        action.refresh_from_db()
        audit.write(
            now=now,
            actor=actor,
            organisation=action.case.organisation,
            action="case.action_done",
            object_type="case",
            object_id=action.case_id,
            after={"action": action.pk, "done_on": done_on.isoformat()},
        )
    return action


def record_meeting(
    *, actor: User, action: Action, held_on: date, now: datetime, next_meeting_on: date | None = None
) -> Action | None:
    """A provider concerns meeting took place; the next one (set at each meeting) becomes a new action."""
    checks.require_proposer(actor, action.case.organisation)
    if action.kind != ActionKind.PROVIDER_CONCERNS_MEETING:
        raise errors.InvalidAction("This is not a provider concerns meeting")
    if next_meeting_on is not None and next_meeting_on <= held_on:
        raise errors.InvalidAction("The next meeting is after this one", field="next_meeting_on")
    with transaction.atomic():
        if not Action.objects.filter(pk=action.pk, done_on__isnull=True).update(
            done_on=held_on, details={**action.details, "held_on": held_on.isoformat()}
        ):
            raise errors.InvalidAction("This meeting has already been recorded")
        following = None
        if next_meeting_on is not None:
            following = Action.objects.create(
                case_id=action.case_id,
                kind=action.kind,
                title=action.title,
                owner=action.owner,
                due_on=next_meeting_on,
                details={"previous_meeting": action.pk},
                created_at=now,
                created_by=actor,
            )
        audit.write(
            now=now,
            actor=actor,
            organisation=action.case.organisation,
            action="case.meeting_recorded",
            object_type="case",
            object_id=action.case_id,
            after={
                "action": action.pk,
                "held_on": held_on.isoformat(),
                "next_action": following.pk if following else None,
            },
        )
    return following
