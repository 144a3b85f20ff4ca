"""Opening, escalating, stepping down and closing cases: the decisions only QA managers take."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from carewatch.cases import errors, ladder, queries
from carewatch.cases.evidence import EvidenceLink
from carewatch.cases.ladder import Decision
from carewatch.cases.models import Case, CaseLocation, CaseStatus, Proposal
from carewatch.cases.services import checks, ladder_config, level_effects, linking
from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.register.models import Location, Provider

# --- what a case concerns ------------------------------------------------------------------------


def case_subject(
    locations: Sequence[Location], provider: Provider | None
) -> tuple[str, Provider | None, list[Location]]:
    locations = list(dict.fromkeys(locations))
    if not locations:
        raise errors.InvalidCase("Choose at least one location", field="locations")
    if provider is None:
        if len(locations) > 1:
            raise errors.InvalidCase(
                "A case about several locations concerns their provider: choose it", field="provider"
            )
        return Case.Scope.LOCATION, None, locations
    strangers = [location.name for location in locations if location.provider_id != provider.pk]
    if strangers:
        raise errors.InvalidCase(f"{', '.join(strangers)} not run by {provider}", field="locations")
    return Case.Scope.PROVIDER, provider, locations


def check_locations_free(organisation: Organisation, locations: Sequence[Location]) -> None:
    taken = (
        CaseLocation.objects.filter(organisation=organisation, location__in=locations, is_open=True)
        .select_related("location")
        .order_by("location_id")
        .first()
    )
    if taken is not None:
        raise errors.LocationAlreadyInOpenCase(
            f"{taken.location.name} is already in open case {taken.case_id}: add to that case instead",
            field="locations",
        )


# --- decisions -----------------------------------------------------------------------------------


def case_changed(case_id: int, seen_revision: int) -> errors.CaseChanged:
    return errors.CaseChanged(
        case_id=case_id,
        seen_revision=seen_revision,
        current_revision=queries.current_revision(case_id),
        what_changed=queries.latest_change(case_id),
    )


def lock_case(case_id: int) -> Case:
    return Case.objects.select_for_update().get(pk=case_id)


def decide(
    *,
    actor: User,
    case: Case,
    decision: str,
    target: str,
    reason: str,
    seen_revision: int,
    now: datetime,
    proposal: Proposal | None = None,
) -> tuple[CaseStatus, dict[str, Any]]:
    """Move ``case`` (inside the caller's transaction).

    The case row is locked first (``SELECT … FOR UPDATE``), so decisions on one case queue up and
    always take their locks in the same order (case, then proposals: no deadlock). The second in the
    queue finds a revision other than the one it saw and gets :class:`CaseChanged`. The conditional
    UPDATE and the (case, revision) unique constraint would each catch it too.
    """
    if proposal is not None:
        checks.four_eyes_waived(actor, proposal)  # belt and braces: decide_proposal checked it first
    current = lock_case(case.pk)
    if current.revision != seen_revision:
        raise case_changed(case.pk, seen_revision)
    state = current.level if current.is_open else ladder.CLOSED
    if not ladder.is_allowed(state, decision, target):
        raise errors.TransitionNotAllowed(state=state, decision=decision, target=target)
    updates: dict[str, Any] = {"revision": F("revision") + 1}
    if decision == Decision.CLOSED:
        updates.update(is_open=False, closed_at=now)
    else:
        updates["level"] = target
    if Case.objects.filter(pk=case.pk, revision=seen_revision).update(**updates) != 1:
        raise case_changed(case.pk, seen_revision)
    try:
        with transaction.atomic():
            status = CaseStatus.objects.create(
                case_id=case.pk,
                revision=seen_revision + 1,
                decision=decision,
                from_level=current.level,
                level="" if decision == Decision.CLOSED else target,
                reason=reason,
                decided_by=actor,
                decided_at=now,
                proposal=proposal,
            )
    except IntegrityError as exc:  # belt and braces: the (case, revision) constraint
        raise case_changed(case.pk, seen_revision) from exc
    if decision == Decision.CLOSED:
        CaseLocation.objects.filter(case_id=case.pk).update(is_open=False)
    case.refresh_from_db()
    facts = level_effects.on_level_change(case, from_level=current.level, actor=actor, now=now, reason=reason)
    lapsed = level_effects.lapse_moot_proposals(
        case, actor=actor, now=now, keep=proposal.pk if proposal else None
    )
    if lapsed:
        facts["proposals_lapsed"] = lapsed
    return status, facts


def status_audit(status: CaseStatus, facts: dict[str, Any]) -> dict[str, Any]:
    return {
        "revision": status.revision,
        "decision": status.decision,
        "from_level": status.from_level,
        "level": status.level,
        "reason": status.reason,
        "proposal": status.proposal_id,
        **facts,
    }


def open_new(
    *,
    actor: User,
    organisation: Organisation,
    locations: Sequence[Location],
    provider: Provider | None,
    level: str,
    reason: str,
    now: datetime,
    proposal: Proposal | None,
) -> tuple[Case, CaseStatus, dict[str, Any]]:
    if proposal is not None:
        checks.four_eyes_waived(actor, proposal)  # belt and braces: decide_proposal checked it first
    if not ladder.is_allowed(ladder.NEW, Decision.OPENED, level):
        raise errors.TransitionNotAllowed(state=ladder.NEW, decision=Decision.OPENED, target=level)
    scope, provider, locations = case_subject(locations, provider)
    check_locations_free(organisation, locations)
    version, ladder_created = ladder_config.ladder_for(organisation, now=now)
    case = Case.objects.create(
        organisation=organisation,
        ladder=version,
        scope=scope,
        provider=provider,
        level=level,
        opened_at=now,
        revision=1,
    )
    try:
        with transaction.atomic():
            CaseLocation.objects.bulk_create(
                CaseLocation(case=case, location=location, organisation=organisation)
                for location in locations
            )
    except IntegrityError as exc:
        raise errors.LocationAlreadyInOpenCase(
            "One of these locations was put in another open case at the same moment", field="locations"
        ) from exc
    status = CaseStatus.objects.create(
        case=case,
        revision=1,
        decision=Decision.OPENED,
        from_level="",
        level=level,
        reason=reason,
        decided_by=actor,
        decided_at=now,
        proposal=proposal,
    )
    facts = level_effects.on_level_change(case, from_level="", actor=actor, now=now, reason=reason)
    facts.update(ladder_version=version.number, locations=[location.pk for location in locations])
    if ladder_created:
        facts["ladder_created"] = True
    return case, status, facts


def open_case(
    *,
    actor: User,
    organisation: Organisation,
    locations: Sequence[Location],
    level: str,
    reason: str,
    now: datetime,
    provider: Provider | None = None,
    evidence: Sequence[EvidenceLink] = (),
) -> Case:
    """A QA manager opens a case at ``level`` about one location (or, naming ``provider``, several of its locations)."""
    checks.require_council(organisation)
    checks.require_decider(actor, organisation)
    reason = checks.require_reason(reason)
    with transaction.atomic():
        case, status, facts = open_new(
            actor=actor,
            organisation=organisation,
            locations=locations,
            provider=provider,
            level=level,
            reason=reason,
            now=now,
            proposal=None,
        )
        linking.add_evidence_rows(evidence, now=now, actor=actor, case=case)
        audit.write(
            now=now,
            actor=actor,
            organisation=organisation,
            action="case.opened",
            object_type="case",
            object_id=case.pk,
            after=status_audit(status, facts),
        )
    return case


def _move(
    *, actor: User, case: Case, decision: str, target: str, reason: str, seen_revision: int, now: datetime
) -> CaseStatus:
    checks.require_decider(actor, case.organisation)
    reason = checks.require_reason(reason)
    with transaction.atomic():
        status, facts = decide(
            actor=actor,
            case=case,
            decision=decision,
            target=target,
            reason=reason,
            seen_revision=seen_revision,
            now=now,
        )
        audit.write(
            now=now,
            actor=actor,
            organisation=case.organisation,
            action=f"case.{decision}",
            object_type="case",
            object_id=case.pk,
            after=status_audit(status, facts),
        )
    return status


def escalate_case(
    *, actor: User, case: Case, level: str, reason: str, seen_revision: int, now: datetime
) -> CaseStatus:
    """A QA manager moves the case up the ladder to ``level``."""
    return _move(
        actor=actor,
        case=case,
        decision=Decision.ESCALATED,
        target=level,
        reason=reason,
        seen_revision=seen_revision,
        now=now,
    )


def de_escalate_case(
    *, actor: User, case: Case, level: str, reason: str, seen_revision: int, now: datetime
) -> CaseStatus:
    """A QA manager steps the case down to ``level`` (below 4: any suspension in force is lifted)."""
    return _move(
        actor=actor,
        case=case,
        decision=Decision.DE_ESCALATED,
        target=level,
        reason=reason,
        seen_revision=seen_revision,
        now=now,
    )


def close_case(*, actor: User, case: Case, reason: str, seen_revision: int, now: datetime) -> CaseStatus:
    """A QA manager closes the case. A case at level 4 or 5 is stepped down first."""
    return _move(
        actor=actor,
        case=case,
        decision=Decision.CLOSED,
        target=ladder.CLOSED,
        reason=reason,
        seen_revision=seen_revision,
        now=now,
    )
