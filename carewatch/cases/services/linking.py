"""Linking what a case rests on (concerns, visit findings, ratings) to a case or a proposal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import transaction

from carewatch.cases import errors
from carewatch.cases.evidence import EvidenceLink
from carewatch.cases.models import Case, CaseEvidence, Proposal
from carewatch.cases.services import checks
from carewatch.core import audit
from carewatch.core.models import User


def add_evidence_rows(
    evidence: Iterable[EvidenceLink],
    *,
    now: datetime,
    actor: User | None,
    case: Case | None = None,
    proposal: Proposal | None = None,
) -> list[CaseEvidence]:
    """The evidence rows, inside the caller's transaction (no audit entry of their own)."""
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


def add_evidence(*, actor: User, case: Case, evidence: EvidenceLink, now: datetime) -> CaseEvidence:
    """Link a concern, a visit finding or a rating to a case."""
    (row,) = link_evidence(actor=actor, case=case, evidence=[evidence], now=now)
    return row


def link_evidence(
    *, actor: User, case: Case, evidence: Sequence[EvidenceLink], now: datetime
) -> list[CaseEvidence]:
    """Link concerns, visit findings or ratings to a case, in one transaction with one audit entry.

    Something already linked to the case (same kind and id) is refused, as is an empty list.
    """
    checks.require_proposer(actor, case.organisation)
    if not evidence:
        raise errors.InvalidCase("Choose at least one thing to link, or describe a concern", field="evidence")
    with transaction.atomic():
        linked = set(CaseEvidence.objects.filter(case=case).values_list("kind", "object_id"))
        again = [link for link in evidence if (link.kind, str(link.object_id)) in linked]
        if again:
            raise errors.InvalidCase(f"Already linked to this case: {again[0].summary}", field="evidence")
        rows = add_evidence_rows(evidence, now=now, actor=actor, case=case)
        audit.write(
            now=now,
            actor=actor,
            organisation=case.organisation,
            action="case.evidence_added",
            object_type="case",
            object_id=case.pk,
            after={"evidence": [{"kind": row.kind, "object_id": row.object_id} for row in rows]},
        )
    return rows
