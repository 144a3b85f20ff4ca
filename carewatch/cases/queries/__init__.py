"""Reads for the ladder of intervention, by subject. Call them through the package:
``from carewatch.cases import queries`` → ``queries.suspended_location_ids(on=…, owners=…)``.

- :mod:`.ladders`: a council's ladder versions, timescales, calendar and the deadlines they give;
- :mod:`.cases`: the cases a person may see (:func:`cases_visible_to`, through
  ``access.scope_to_owner``: a council's own and those of councils sharing with it), the case list,
  a case's history and proposals;
- :mod:`.actions`: actions, who may own one, default notices;
- :mod:`.contracts`: whether the council has contractual powers over a case's services (capacity);
- :mod:`.suspensions`: suspensions in force, for whom (``owners`` is an ``access.OwnerScope``, always
  given: ``access.NATIONAL``, ``access.owners_for(user)`` or ``access.OwnerScope.of(ids)``);
- :mod:`.regulator`: the CQC special-measures timeline;
- :mod:`.evidence`: what a case rests on and what may still be linked;
- :mod:`.task_list`: what is due, for the task list and the daily digest;
- :mod:`.locations`: the register as the ladder's pages need it.

The figures are computed in :mod:`carewatch.cases.figures` and read from here, so every read has one home.
"""

from carewatch.cases.figures import case_figures, case_figures_for, special_measures_figures
from carewatch.cases.queries.actions import (
    DefaultNoticeCount,
    action_for,
    action_owners,
    actions_of,
    default_notices,
)
from carewatch.cases.queries.cases import (
    case_for,
    case_list,
    case_locations,
    cases_by_id,
    cases_visible_to,
    current_revision,
    latest_change,
    open_case_for_location,
    open_cases_at,
    pending_proposals,
    proposal_for,
    proposal_locations,
    proposals_waiting_on,
    status_history,
)
from carewatch.cases.queries.contracts import ContractPowers, contract_powers
from carewatch.cases.queries.evidence import case_evidence, evidence_candidates, proposal_evidence
from carewatch.cases.queries.ladders import (
    appeal_until,
    current_ladder,
    deadline,
    holiday_exists,
    holidays_for,
    ladder_spec,
    ladder_versions,
    level_of,
    timescale,
)
from carewatch.cases.queries.locations import (
    find_locations,
    location_or_none,
    locations_by_id,
    other_locations,
    provider_or_none,
)
from carewatch.cases.queries.regulator import TrackStatus, regulator_track_status, regulator_tracks_of
from carewatch.cases.queries.suspensions import (
    is_suspended,
    published_suspensions,
    suspended_location_ids,
    suspended_location_ids_known_to,
    suspension_for,
    suspensions_at,
    suspensions_in_force,
    suspensions_of,
    suspensions_visible_to,
)
from carewatch.cases.queries.task_list import Task, digest_recipients, tasks_due

__all__ = [
    # the ladder and its calendar
    "appeal_until",
    "holidays_for",
    "holiday_exists",
    "current_ladder",
    "ladder_versions",
    "ladder_spec",
    "timescale",
    "deadline",
    "level_of",
    # cases and proposals
    "cases_visible_to",
    "case_for",
    "cases_by_id",
    "case_list",
    "case_locations",
    "status_history",
    "current_revision",
    "latest_change",
    "open_cases_at",
    "open_case_for_location",
    "pending_proposals",
    "proposals_waiting_on",
    "proposal_for",
    "proposal_locations",
    # actions
    "action_for",
    "actions_of",
    "action_owners",
    "DefaultNoticeCount",
    "default_notices",
    # contractual powers
    "ContractPowers",
    "contract_powers",
    # suspensions
    "suspensions_in_force",
    "suspended_location_ids",
    "is_suspended",
    "suspended_location_ids_known_to",
    "published_suspensions",
    "suspensions_visible_to",
    "suspensions_at",
    "suspensions_of",
    "suspension_for",
    # the regulator track
    "TrackStatus",
    "regulator_track_status",
    "regulator_tracks_of",
    # evidence
    "case_evidence",
    "proposal_evidence",
    "evidence_candidates",
    # the task list
    "Task",
    "tasks_due",
    "digest_recipients",
    # the register as the pages need it
    "find_locations",
    "location_or_none",
    "provider_or_none",
    "other_locations",
    "locations_by_id",
    # figures
    "case_figures",
    "case_figures_for",
    "special_measures_figures",
]
