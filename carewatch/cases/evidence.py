"""What a case rests on: links to evidence, and the sources of local evidence the triggers read.

:class:`EvidenceLink` is what services take and queries offer (a concern, a visit finding, a rating).
The sources are monitoring's (``carewatch.monitoring.evidence.SOURCE``), imported explicitly: cases
sits above monitoring, and monitoring knows nothing of cases. The record types are monitoring's.
The list of sources stays a seam for tests: :func:`source_registered` adds one for a ``with`` block.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Protocol, runtime_checkable

from carewatch.core.models import Organisation
from carewatch.monitoring import evidence as monitoring_evidence
from carewatch.monitoring.evidence import LocalQaRating, SafeguardingConcern


@dataclass(frozen=True)
class EvidenceLink:
    """What a case or proposal rests on: ``kind`` is a ``CaseEvidence.Kind`` value."""

    kind: str
    object_id: str
    summary: str


@runtime_checkable
class EvidenceSource(Protocol):
    """What a source of local evidence (the monitoring app) gives the triggers."""

    def local_qa_ratings(self, *, organisation: Organisation, today: date) -> Iterable[LocalQaRating]:
        """Each location's latest local QA rating published by ``today``."""
        ...

    def safeguarding_concerns(
        self, *, organisation: Organisation, since: date, until: date
    ) -> Iterable[SafeguardingConcern]:
        """Safeguarding concerns raised with ``organisation`` with ``since < raised_on <= until``."""
        ...


# A source may also offer ``overdue_action_plans(*, organisation, today) -> Iterable[OverdueActionPlan]``
# (monitoring does): each overdue plan proposes one level up, as an overdue action in a case does; and
# ``evidence_for_locations(*, organisation, location_ids, today)`` -> (kind, object_id, summary) rows an
# officer may link to a case.

# The sources the triggers read: monitoring's, imported explicitly. Tests may add or swap sources.
_sources: list[EvidenceSource] = [monitoring_evidence.SOURCE]


def register_source(source: EvidenceSource) -> None:
    if not isinstance(source, EvidenceSource):
        raise TypeError(f"{source!r} does not provide local_qa_ratings and safeguarding_concerns")
    if source not in _sources:
        _sources.append(source)


def unregister_source(source: EvidenceSource) -> None:
    if source in _sources:
        _sources.remove(source)


def registered_sources() -> tuple[EvidenceSource, ...]:
    return tuple(_sources)


@contextmanager
def source_registered(source: EvidenceSource) -> Iterator[EvidenceSource]:
    """Register ``source`` for the duration of a ``with`` block (tests, one-off runs)."""
    register_source(source)
    try:
        yield source
    finally:
        unregister_source(source)
