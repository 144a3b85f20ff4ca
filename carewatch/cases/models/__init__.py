"""The ladder of intervention as data, by subject:

- :mod:`.ladders`: ladder versions, their levels and timescales, and the extra bank holidays;
- :mod:`.cases`: cases, the locations they concern, their immutable status history, proposals and
  the evidence they rest on;
- :mod:`.actions`: actions, suspensions of new placements and the CQC regulator track.

Writes go only through ``carewatch.cases.services``; reads through ``carewatch.cases.queries``.
Integrity lives in database constraints wherever a rule can be said in SQL.
"""

from carewatch.cases.models.actions import Action, RegulatorTrack, Suspension
from carewatch.cases.models.cases import Case, CaseEvidence, CaseLocation, CaseStatus, Proposal
from carewatch.cases.models.ladders import UNIT_CHOICES, ExtraBankHoliday, LadderVersion, Level, Timescale

__all__ = [
    "UNIT_CHOICES",
    "ExtraBankHoliday",
    "LadderVersion",
    "Level",
    "Timescale",
    "Case",
    "CaseLocation",
    "CaseStatus",
    "Proposal",
    "CaseEvidence",
    "Suspension",
    "Action",
    "RegulatorTrack",
]
