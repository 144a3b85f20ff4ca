"""Helpers every service uses: permissions, reasons, deadlines, evidence rows, the audit entry."""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from carewatch.cases import errors, queries
from carewatch.cases.models import Case, CaseEvidence
from carewatch.core import audit
from carewatch.core.models import AuditEntry, Organisation, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.core.working_days import add_days

DECIDERS = (Role.QA_MANAGER,)
PROPOSERS = (Role.QA_OFFICER, Role.QA_MANAGER)


@dataclass(frozen=True)
class EvidenceLink:
    """What a case or proposal rests on: ``kind`` is a ``CaseEvidence.Kind`` value."""

    kind: str
    object_id: str
    summary: str


# --- helpers -----------------------------------------------------------------------------------


def label(user: User | None) -> str:
    if user is None:
        return "carewatch"
    return user.get_full_name() or user.username


def today(now: datetime) -> date:
    return timezone.localdate(now)


RECORD_TAKES_ORGANISATION = "organisation" in inspect.signature(audit.record).parameters


def record_audit(
    *,
    now: datetime,
    actor: User | None,
    organisation: Organisation | None,
    action: str,
    object_type: str,
    object_id: object,
    before: dict | None = None,
    after: dict | None = None,
    actor_label: str | None = None,
) -> None:
    fields = dict(
        at=now,
        actor=actor,
        actor_label=actor_label or label(actor),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=before,
        after=after,
    )
    if RECORD_TAKES_ORGANISATION:
        audit.record(**fields, organisation=organisation)
    else:  # until core.audit.record takes the acting organisation, write the same row with it
        AuditEntry.objects.create(**fields, organisation=organisation)


def require_council(organisation: Organisation) -> None:
    if organisation.kind != OrganisationKind.COUNCIL:
        raise errors.NotPermitted("Only a council runs a ladder of intervention")


def require_role(actor: User, organisation: Organisation, roles: tuple[str, ...], what: str) -> None:
    if not actor.is_active or actor.organisation_id != organisation.pk or not actor.has_role(*roles):
        raise errors.NotPermitted(f"Only {what} at {organisation.name} can do this")


def require_decider(actor: User, organisation: Organisation) -> None:
    require_role(actor, organisation, DECIDERS, "a QA manager")


def require_proposer(actor: User, organisation: Organisation) -> None:
    require_role(actor, organisation, PROPOSERS, "a QA officer or QA manager")


def require_admin(actor: User, organisation: Organisation | None) -> None:
    if actor.is_superuser and actor.is_active:
        return
    if organisation is None:
        raise errors.NotPermitted("Only a system administrator can add a bank holiday for everyone")
    require_role(actor, organisation, (Role.ORG_ADMIN,), "an organisation administrator")


def require_reason(reason: str, *, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise errors.CaseError("Enter the reason", field=field)
    return reason


def due(case: Case, key: str, start: date) -> date:
    timescale = queries.timescale(case.ladder_id, key)
    return add_days(start, timescale.number, timescale.unit, holidays=queries.holidays_for(case.organisation))


def add_evidence_rows(
    evidence: Iterable[EvidenceLink],
    *,
    now: datetime,
    actor: User | None,
    case: Case | None = None,
    proposal=None,
) -> list[CaseEvidence]:
    rows = []
    for link in evidence:
        if link.kind not in CaseEvidence.Kind.values:
            raise errors.InvalidCase(f"Unknown kind of evidence: {link.kind}", field="evidence")
        rows.append(
            CaseEvidence(
                case=case,
                proposal=proposal,
                kind=link.kind,
                object_id=str(link.object_id),
                summary=link.summary,
                added_at=now,
                added_by=actor,
            )
        )
    return CaseEvidence.objects.bulk_create(rows)
