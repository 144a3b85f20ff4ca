"""Reads for local quality monitoring. Call them through the package: ``queries.visits_for(user)``.

Every read of a council's intelligence is scoped through ``carewatch.core.access``: ``visits_for(user)``
and ``action_plans_for(user)`` for council staff and their partners, ``reports_for_provider(user)`` and
``action_plans_for_provider(user)`` for a provider's users (their own locations only, and only reports
sent to them). Public reads (``published_summary``, ``feedback_summary``, ``open_feedback_link``) return
only what may be shown to anyone.

By subject:

- frameworks: ``framework_for``, ``current_version``, ``frameworks_for``, ``questions``,
  ``service_type_of``; timescales: ``timescales`` (``DEFAULT_TIMESCALES``)
- visits and reports: ``rating_label``, ``visits_for``, ``visit_list`` (filtered and ordered),
  ``reports_for_provider``, ``visit_assessment``,
  ``visit_history``, ``answers``, ``findings``, ``provider_comments``, ``dispute_reviews``,
  ``carried_out_by``, ``published_summary``, ``locations_to_visit``, ``qa_colleagues``,
  ``provider_users``; the task list's monitoring work: ``visit_tasks`` (``VisitTask``)
- themes: ``themes_for``, ``retired_themes``, ``suggest_themes_for``
- lived experience: ``feedback_summary``, ``moderation_queue``, ``moderation_list`` (filtered and
  ordered, for the paged queue), ``moderated_locations``, ``open_feedback_link``, ``open_feedback_links``
- action plans: ``action_plans_for``, ``action_plans_for_provider``, ``action_plan_of``,
  ``plan_actions``, ``last_return``, ``overdue_action_plans``
- the committee report: ``thematic_analysis`` (the counting is :mod:`carewatch.monitoring.analysis`)
- the ladder's evidence: ``latest_published_visits``, ``safeguarding_findings``, ``visits_to``
  (shaped by :mod:`carewatch.monitoring.evidence`)
"""

from carewatch.monitoring.queries.analysis import thematic_analysis
from carewatch.monitoring.queries.evidence import latest_published_visits, safeguarding_findings, visits_to
from carewatch.monitoring.queries.feedback import (
    SUPPRESS_BELOW,
    CategorySummary,
    FeedbackSummary,
    feedback_summary,
    moderated_locations,
    moderation_list,
    moderation_queue,
    open_feedback_link,
    open_feedback_links,
)
from carewatch.monitoring.queries.frameworks import (
    current_version,
    framework_for,
    frameworks_for,
    questions,
    service_type_of,
)
from carewatch.monitoring.queries.plans import (
    OverduePlan,
    action_plan_of,
    action_plans_for,
    action_plans_for_provider,
    last_return,
    overdue_action_plans,
    plan_actions,
)
from carewatch.monitoring.queries.themes import retired_themes, suggest_themes_for, themes_for
from carewatch.monitoring.queries.timescales import DEFAULT_TIMESCALES, timescales
from carewatch.monitoring.queries.visits import (
    PublishedSummary,
    VisitTask,
    answers,
    carried_out_by,
    dispute_reviews,
    evidence_file_for,
    findings,
    locations_to_visit,
    no_visits,
    provider_comments,
    provider_users,
    published_summary,
    qa_colleagues,
    qa_officers,
    rating_label,
    reports_for_provider,
    visit_assessment,
    visit_history,
    visit_list,
    visit_tasks,
    visits_for,
)

__all__ = [
    "VisitTask",
    "DEFAULT_TIMESCALES",
    "SUPPRESS_BELOW",
    "CategorySummary",
    "FeedbackSummary",
    "OverduePlan",
    "PublishedSummary",
    "action_plan_of",
    "action_plans_for",
    "action_plans_for_provider",
    "answers",
    "carried_out_by",
    "current_version",
    "dispute_reviews",
    "feedback_summary",
    "findings",
    "framework_for",
    "frameworks_for",
    "last_return",
    "latest_published_visits",
    "locations_to_visit",
    "no_visits",
    "moderated_locations",
    "moderation_list",
    "moderation_queue",
    "open_feedback_link",
    "open_feedback_links",
    "overdue_action_plans",
    "plan_actions",
    "evidence_file_for",
    "provider_comments",
    "provider_users",
    "published_summary",
    "qa_colleagues",
    "qa_officers",
    "questions",
    "rating_label",
    "reports_for_provider",
    "retired_themes",
    "safeguarding_findings",
    "service_type_of",
    "suggest_themes_for",
    "thematic_analysis",
    "themes_for",
    "timescales",
    "visit_assessment",
    "visit_history",
    "visit_list",
    "visit_tasks",
    "visits_for",
    "visits_to",
]
