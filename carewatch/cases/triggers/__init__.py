"""Triggers propose, people decide: carewatch reads the evidence and makes proposals; it never moves a case.

:func:`propose_from_evidence` is run for a council (daily by the task queue, or by hand). It is
idempotent: every proposal carries a key naming the evidence it rests on (``cqc_inadequate:<location>:
<rating date>`` …) and the same key is never proposed twice, whether the first proposal was accepted,
declined or is still waiting. New evidence (a new rating, a new concern) makes a new key.

What proposes what (the target levels are in ``ladder.TRIGGER_TARGET_LEVEL``):

- a CQC **Inadequate** overall rating of an active location in the council's area → the regulator
  track (R) with the special-measures timeline;
- a **second consecutive CQC Requires improvement** → level 2;
- the CQC no longer rating a location on the regulator track Inadequate → step down (to 1 when now
  Requires improvement) or close (Good or Outstanding);
- a **local QA rating** of Requires improvement or Poor → level 1;
- the ladder's number of **safeguarding concerns** within its period → level 3;
- an **action the provider owes overdue** (action plan, default notice) → one level up; an overdue
  action plan from monitoring likewise (level 2 when no case is open).

With no open case for the location, the proposal is to open one at the target level; with an open
case below the target, to escalate it; at or above the target, nothing.

Local QA ratings, safeguarding concerns and overdue action plans come from the monitoring app through
:class:`EvidenceSource`: ``carewatch.monitoring.evidence.SOURCE``, imported by
:mod:`carewatch.cases.evidence` (cases sits above monitoring; monitoring knows nothing of cases). The
record types are monitoring's.

The modules: ``cqc`` (the CQC's ratings), ``local`` (the council's own evidence), ``suggestions``
(what they share), ``returns`` (capacity returns) and ``proposing`` (from suggestion to proposal).
"""

from carewatch.cases.evidence import (
    EvidenceSource,
    register_source,
    registered_sources,
    source_registered,
    unregister_source,
)
from carewatch.cases.triggers.local import LOCAL_QA_CONCERNING
from carewatch.cases.triggers.proposing import propose_from_evidence
from carewatch.monitoring.evidence import LocalQaRating, OverdueActionPlan, SafeguardingConcern

__all__ = [
    "propose_from_evidence",
    "LOCAL_QA_CONCERNING",
    # the evidence sources (carewatch.cases.evidence) and their record types (monitoring's)
    "EvidenceSource",
    "register_source",
    "unregister_source",
    "registered_sources",
    "source_registered",
    "LocalQaRating",
    "SafeguardingConcern",
    "OverdueActionPlan",
]
