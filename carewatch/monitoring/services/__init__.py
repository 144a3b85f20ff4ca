"""Writes for local quality monitoring. Call them through the package: ``services.create_visit(...)``.

Every service takes keyword-only arguments, is given ``now`` by its caller (domain code never reads
the clock), runs in one transaction, writes ONE audit entry (``core.audit.write``: ``monitoring.*``,
with the organisation whose trail it joins) and raises a :mod:`carewatch.monitoring.errors` exception
when the rules refuse: ``NotPermitted`` (who), ``WrongState`` (when), ``InvalidInput`` (what, with
``field``), ``ActionsMissing``, ``FrameworkImportError`` (with ``problems``). Nothing is written when
one is raised. The checks they share are in ``checks`` (who may act) and ``visit_steps`` (a report's
status rows, refusals and rating).

Who may do what (checked here, whatever a view already checked):

- QA officers and QA managers of the council that owns the visit: record and schedule visits, answers,
  findings, themes of findings, send drafts, publish, collect and moderate feedback, make feedback
  links, accept or return action plans. Feedback an officer recorded is approved by someone else
  unless the council has switched four-eyes off (``checks.four_eyes_waived``).
- QA managers who did not carry out the visit ("senior officers"): review a disputed draft.
- QA managers and organisation administrators: edit and import frameworks, edit the theme list,
  set the council's timescales.
- Users of the provider that runs the location (provider manager or staff): comment on the draft
  sent to them, write, submit and update action plans.
- Anyone with a feedback link's token: submit feedback (no sign-in).

The API, by module (signatures in each function's docstring):

- ``frameworks``: ``install_defaults`` (``install_defaults_with`` for the data migration),
  ``edit_framework``, ``import_framework``; ``timescales``: ``configure_monitoring``;
  ``themes``: ``add_theme``, ``rename_theme``, ``retire_theme``
- ``visits``: ``create_visit``, ``schedule_visit``, ``reschedule_visit``, ``cancel_visit``,
  ``start_visit``, ``record_answers`` (with
  ``AnswerInput``), ``add_finding``, ``confirm_finding_theme``, ``remove_finding``
- ``reports``: ``send_draft_to_provider``, ``add_provider_comment`` (with evidence files),
  ``refuse_evidence_download``, ``review_dispute``, ``publish_report``
- ``feedback`` (lived experience): ``create_feedback_link``, ``revoke_feedback_link``,
  ``submit_feedback``, ``record_feedback``, ``moderate_feedback``, ``moderate_feedback_in_bulk``
  (``BulkModeration``: each response decided and audited on its own)
- ``plans`` (action plans): ``add_plan_action``, ``change_plan_action``, ``remove_plan_action``,
  ``submit_action_plan``, ``accept_action_plan``, ``return_action_plan``, ``record_action_progress``
"""

from carewatch.monitoring.services.feedback import (
    BulkModeration,
    create_feedback_link,
    moderate_feedback,
    moderate_feedback_in_bulk,
    record_feedback,
    revoke_feedback_link,
    submit_feedback,
)
from carewatch.monitoring.services.frameworks import (
    FrameworkImport,
    edit_framework,
    import_framework,
    install_defaults,
    install_defaults_with,
)
from carewatch.monitoring.services.plans import (
    accept_action_plan,
    add_plan_action,
    change_plan_action,
    record_action_progress,
    remove_plan_action,
    return_action_plan,
    submit_action_plan,
)
from carewatch.monitoring.services.reports import (
    add_provider_comment,
    publish_report,
    refuse_evidence_download,
    review_dispute,
    send_draft_to_provider,
)
from carewatch.monitoring.services.themes import add_theme, rename_theme, retire_theme
from carewatch.monitoring.services.timescales import configure_monitoring
from carewatch.monitoring.services.visits import (
    AnswerInput,
    add_finding,
    cancel_visit,
    confirm_finding_theme,
    create_visit,
    record_answers,
    remove_finding,
    reschedule_visit,
    schedule_visit,
    start_visit,
)

__all__ = [
    "AnswerInput",
    "FrameworkImport",
    "accept_action_plan",
    "add_finding",
    "add_plan_action",
    "add_provider_comment",
    "add_theme",
    "change_plan_action",
    "configure_monitoring",
    "confirm_finding_theme",
    "create_feedback_link",
    "create_visit",
    "edit_framework",
    "import_framework",
    "install_defaults",
    "install_defaults_with",
    "moderate_feedback",
    "moderate_feedback_in_bulk",
    "BulkModeration",
    "publish_report",
    "refuse_evidence_download",
    "record_action_progress",
    "record_answers",
    "record_feedback",
    "remove_finding",
    "remove_plan_action",
    "rename_theme",
    "retire_theme",
    "return_action_plan",
    "revoke_feedback_link",
    "review_dispute",
    "schedule_visit",
    "reschedule_visit",
    "cancel_visit",
    "send_draft_to_provider",
    "start_visit",
    "submit_action_plan",
    "submit_feedback",
]
