"""Writes for the ladder of intervention. Call them through the package: ``services.escalate_case(...)``.

Every service takes keyword-only arguments, is given ``now`` by its caller (a view, a command, the
task queue: domain code never reads the clock), runs in one transaction, writes ONE audit entry and
raises a :mod:`carewatch.cases.errors` exception when the rules refuse.

Who may do what (checked here, whatever a view already checked):

- **Propose** (``propose_opening``, ``propose_change``) and manage actions: QA officers and QA managers
  of the council that owns the case.
- **Decide** (``open_case``, ``escalate_case``, ``de_escalate_case``, ``close_case``,
  ``decide_proposal``, suspension reviews and lifting): QA managers of that council only; never
  their own proposal unless the council has switched four-eyes off (``checks.four_eyes_waived``;
  the decision's audit entry then says ``four_eyes_waived``).
- **Configure** (``save_ladder``, ``add_bank_holiday``): the council's organisation administrator
  (a system administrator for national bank holidays).

Decisions on an existing case carry ``seen_revision``: the ``Case.revision`` the person saw. If the
case changed since, the service raises :class:`~carewatch.cases.errors.CaseChanged` naming what
changed, and writes nothing (ADR 0008).

Levels have side effects, all inside the same decision:

- entering level 4 suspends new placements at every location of the case (letter due in 7 working
  days, review at week 4; the deciding manager owns both actions);
- stepping down below level 4 lifts any suspension still in force;
- entering level R starts the CQC special-measures timeline for each location rated Inadequate;
- after any decision, pending proposals the table no longer allows lapse.

The modules, by subject: ``decisions`` (open, escalate, step down, close), ``proposals``, ``actions``,
``suspensions``, ``linking`` (evidence), ``ladder_config`` (the ladder and its calendar),
``level_effects`` (what arriving at a level does, inside the decision) and ``checks`` (who may act).
Each writes its audit entry with ``carewatch.core.audit.write``.
"""

from carewatch.cases.evidence import EvidenceLink
from carewatch.cases.services.actions import add_action, complete_action, issue_default_notice, record_meeting
from carewatch.cases.services.decisions import close_case, de_escalate_case, escalate_case, open_case
from carewatch.cases.services.ladder_config import add_bank_holiday, ensure_ladder, save_ladder
from carewatch.cases.services.linking import add_evidence, link_evidence
from carewatch.cases.services.proposals import (
    decide_proposal,
    propose_change,
    propose_from_trigger,
    propose_opening,
)
from carewatch.cases.services.suspensions import (
    lift_suspension,
    record_suspension_letter_sent,
    review_suspension,
    set_suspension_published,
)

__all__ = [
    "EvidenceLink",
    # the ladder and its calendar
    "ensure_ladder",
    "save_ladder",
    "add_bank_holiday",
    # decisions (QA managers)
    "open_case",
    "escalate_case",
    "de_escalate_case",
    "close_case",
    "add_evidence",
    "link_evidence",
    # proposals
    "propose_opening",
    "propose_change",
    "propose_from_trigger",
    "decide_proposal",
    # actions
    "add_action",
    "issue_default_notice",
    "complete_action",
    "record_meeting",
    # suspensions
    "record_suspension_letter_sent",
    "review_suspension",
    "lift_suspension",
    "set_suspension_published",
]
