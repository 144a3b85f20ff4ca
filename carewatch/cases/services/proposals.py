"""Proposals: officers, managers and triggers propose; a QA manager decides."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from carewatch.cases import errors, ladder
from carewatch.cases.evidence import EvidenceLink
from carewatch.cases.ladder import Decision, ProposalKind
from carewatch.cases.models import Case, CaseEvidence, Proposal
from carewatch.cases.services import checks, decisions, linking
from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.register.models import Location, Provider


def _proposal_audit(proposal: Proposal) -> dict[str, Any]:
    return {
        "proposal": proposal.pk,
        "kind": proposal.kind,
        "level": proposal.level,
        "reason": proposal.reason,
        "trigger": proposal.trigger,
        "trigger_key": proposal.trigger_key,
        "status": proposal.status,
    }


def propose_opening(
    *,
    actor: User,
    organisation: Organisation,
    locations: Sequence[Location],
    level: str,
    reason: str,
    now: datetime,
    provider: Provider | None = None,
    evidence: Sequence[EvidenceLink] = (),
) -> Proposal:
    """An officer (or manager) proposes opening a case at ``level``; a QA manager decides."""
    checks.require_council(organisation)
    checks.require_proposer(actor, organisation)
    reason = checks.require_reason(reason)
    if not ladder.is_allowed(ladder.NEW, Decision.OPENED, level):
        raise errors.TransitionNotAllowed(state=ladder.NEW, decision=Decision.OPENED, target=level)
    scope, provider, locations = decisions.case_subject(locations, provider)
    decisions.check_locations_free(organisation, locations)
    with transaction.atomic():
        proposal = Proposal.objects.create(
            organisation=organisation,
            kind=ProposalKind.OPEN,
            level=level,
            reason=reason,
            proposed_by=actor,
            proposed_at=now,
            scope=scope,
            provider=provider,
        )
        proposal.locations.set(locations)
        linking.add_evidence_rows(evidence, now=now, actor=actor, proposal=proposal)
        audit.write(
            now=now,
            actor=actor,
            organisation=organisation,
            action="case.proposal_made",
            object_type="proposal",
            object_id=proposal.pk,
            after=_proposal_audit(proposal),
        )
    return proposal


def propose_change(
    *,
    actor: User,
    case: Case,
    kind: str,
    reason: str,
    now: datetime,
    level: str = "",
    evidence: Sequence[EvidenceLink] = (),
) -> Proposal:
    """An officer (or manager) proposes to escalate, step down (to ``level``) or close a case."""
    checks.require_proposer(actor, case.organisation)
    reason = checks.require_reason(reason)
    if kind == ProposalKind.OPEN or kind not in ProposalKind.values:
        raise errors.CaseError("Choose escalate, step down or close", field="kind")
    level = "" if kind == ProposalKind.CLOSE else level
    case.refresh_from_db()
    state = case.level if case.is_open else ladder.CLOSED
    decision = ladder.DECISION_FOR_KIND[kind]
    if not ladder.is_allowed(state, decision, level or ladder.CLOSED):
        raise errors.TransitionNotAllowed(state=state, decision=decision, target=level or ladder.CLOSED)
    with transaction.atomic():
        proposal = Proposal.objects.create(
            organisation=case.organisation,
            case=case,
            kind=kind,
            level=level,
            reason=reason,
            proposed_by=actor,
            proposed_at=now,
            details={"seen_revision": case.revision},
        )
        linking.add_evidence_rows(evidence, now=now, actor=actor, proposal=proposal)
        audit.write(
            now=now,
            actor=actor,
            organisation=case.organisation,
            action="case.proposal_made",
            object_type="proposal",
            object_id=proposal.pk,
            after=_proposal_audit(proposal),
        )
    return proposal


def propose_from_trigger(
    *,
    organisation: Organisation,
    trigger: str,
    key: str,
    kind: str,
    level: str,
    reason: str,
    now: datetime,
    case: Case | None = None,
    locations: Sequence[Location] = (),
    provider: Provider | None = None,
    evidence: Sequence[EvidenceLink] = (),
    details: dict[str, Any] | None = None,
) -> Proposal | None:
    """A proposal made by carewatch from evidence (``carewatch.cases.triggers``). Idempotent on ``key``: the same
    evidence never proposes twice (a database constraint makes sure). Returns None when already proposed."""
    if not key:
        raise ValueError("a trigger proposal needs its key")
    if Proposal.objects.filter(organisation=organisation, trigger_key=key).exists():
        return None
    scope = ""
    if kind == ProposalKind.OPEN:
        scope, provider, locations = decisions.case_subject(locations, provider)
    with transaction.atomic():
        try:
            with transaction.atomic():
                proposal = Proposal.objects.create(
                    organisation=organisation,
                    case=case,
                    kind=kind,
                    level=level,
                    reason=reason,
                    trigger=trigger,
                    trigger_key=key,
                    proposed_at=now,
                    scope=scope,
                    provider=provider,
                    details=details or {},
                )
        except IntegrityError:
            return None  # proposed by a run at the same moment
        if kind == ProposalKind.OPEN:
            proposal.locations.set(locations)
        linking.add_evidence_rows(evidence, now=now, actor=None, proposal=proposal)
        audit.write(
            now=now,
            actor=None,
            label=f"carewatch trigger ({trigger})",
            organisation=organisation,
            action="case.proposal_made",
            object_type="proposal",
            object_id=proposal.pk,
            after=_proposal_audit(proposal),
        )
    return proposal


def decide_proposal(
    *,
    actor: User,
    proposal: Proposal,
    accept: bool,
    reason: str,
    now: datetime,
    seen_revision: int | None = None,
) -> Proposal:
    """A QA manager accepts or declines a proposal, if someone else made it (four-eyes: ``checks.four_eyes_waived``).

    Accepting an "open" proposal opens the case; accepting any other makes the decision on its case
    and needs ``seen_revision`` (the case revision the manager saw). Declining needs a reason; an
    accepted proposal's reason stands when the manager gives none.
    """
    checks.require_decider(actor, proposal.organisation)
    waived = checks.four_eyes_waived(actor, proposal)
    if accept:
        reason = (reason or "").strip() or proposal.reason
        if proposal.kind != ProposalKind.OPEN and seen_revision is None:
            raise ValueError("accepting a proposal about a case needs seen_revision")
    else:
        reason = checks.require_reason(reason)
    new_status = Proposal.Status.ACCEPTED if accept else Proposal.Status.DECLINED
    with transaction.atomic():
        if proposal.case_id is not None:
            decisions.lock_case(proposal.case_id)  # the case first, as every decision on it does
        claimed = Proposal.objects.filter(pk=proposal.pk, status=Proposal.Status.PENDING).update(
            status=new_status, decided_by=actor, decided_at=now, decision_reason=reason
        )
        if not claimed:
            proposal.refresh_from_db()
            at = timezone.localtime(proposal.decided_at)
            raise errors.ProposalAlreadyDecided(
                f"{audit.actor_label(proposal.decided_by)} already dealt with this proposal "
                f"({proposal.get_status_display().lower()}) at {at:%H:%M} on {at.day} {at:%B %Y}"
            )
        proposal.refresh_from_db()
        after = _proposal_audit(proposal)
        action = "case.proposal_declined"
        if accept:
            if proposal.kind == ProposalKind.OPEN:
                case, status, facts = decisions.open_new(
                    actor=actor,
                    organisation=proposal.organisation,
                    locations=list(proposal.locations.order_by("id")),
                    provider=proposal.provider,
                    level=proposal.level,
                    reason=reason,
                    now=now,
                    proposal=proposal,
                )
                Proposal.objects.filter(pk=proposal.pk).update(case=case)
                proposal.case = case
            else:
                if proposal.case is None or seen_revision is None:  # never: the constraint, and checked above
                    raise ValueError("accepting a proposal about a case needs its case and seen_revision")
                case = proposal.case
                status, facts = decisions.decide(
                    actor=actor,
                    case=case,
                    decision=ladder.DECISION_FOR_KIND[proposal.kind],
                    target=proposal.level or ladder.CLOSED,
                    reason=reason,
                    seen_revision=seen_revision,
                    now=now,
                    proposal=proposal,
                )
            CaseEvidence.objects.filter(proposal=proposal, case__isnull=True).update(case=case)
            after.update(case=case.pk, **decisions.status_audit(status, facts))
            action = f"case.{status.decision}"
        if waived:
            after["four_eyes_waived"] = True  # the proposer decided: the council has switched four-eyes off
        audit.write(
            now=now,
            actor=actor,
            organisation=proposal.organisation,
            action=action,
            object_type="case" if accept else "proposal",
            object_id=proposal.case_id if accept else proposal.pk,
            after=after,
        )
    return proposal
