"""Reads of what a case rests on: its evidence, a proposal's, and what may still be linked."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from carewatch.cases import evidence
from carewatch.cases.evidence import EvidenceLink
from carewatch.cases.models import Case, CaseEvidence, Proposal


def case_evidence(case: Case) -> QuerySet[CaseEvidence]:
    """What the case rests on, in the order it was linked."""
    return case.evidence.order_by("added_at", "id")


def proposal_evidence(proposal: Proposal) -> QuerySet[CaseEvidence]:
    """What the proposal rests on, in the order it was linked."""
    return proposal.evidence.order_by("added_at", "id")


def evidence_candidates(case: Case, *, today: date) -> list[EvidenceLink]:
    """What may still be linked to ``case``: each location's current CQC rating, then what the evidence
    sources (the monitoring app) hold about its locations for the case's council. Already linked: left out."""
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
    for source in evidence.registered_sources():
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
