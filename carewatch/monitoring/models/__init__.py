"""Local quality monitoring as data: QA frameworks (versioned), visits and their reports, findings and
themes, lived-experience feedback and action plans, one module per subject:

- ``vocabulary``: the choices (statuses, kinds, severities …) and the lived-experience categories;
- ``frameworks``: ``MonitoringSettings`` (a council's timescales), ``Framework``, ``FrameworkVersion``,
  ``Question``;
- ``visits``: ``Visit``, ``VisitStatus``, ``Answer``, ``ProviderComment``, ``EvidenceFile``,
  ``DisputeReview``;
- ``findings``: ``Theme``, ``Finding``;
- ``feedback``: ``FeedbackLink``, ``Feedback``, ``FeedbackModeration``;
- ``plans``: ``ActionPlan``, ``ActionPlanStatus``, ``PlanAction``, ``ActionUpdate``.

Import them from here (``from carewatch.monitoring.models import Visit``). Writes go only through
``carewatch.monitoring.services``; reads through ``carewatch.monitoring.queries``. Status changes are
insert-only rows (``VisitStatus``, ``ActionPlanStatus``, ``FeedbackModeration``); the current status on
the parent row is a copy kept by the same service in the same transaction. Integrity lives in database
constraints wherever a rule can be said in SQL. See docs/monitoring.md.
"""

from carewatch.monitoring.models.feedback import Feedback, FeedbackLink, FeedbackModeration
from carewatch.monitoring.models.findings import Finding, Theme
from carewatch.monitoring.models.frameworks import Framework, FrameworkVersion, MonitoringSettings, Question
from carewatch.monitoring.models.plans import ActionPlan, ActionPlanStatus, ActionUpdate, PlanAction
from carewatch.monitoring.models.visits import (
    Answer,
    DisputeReview,
    EvidenceFile,
    ProviderComment,
    Visit,
    VisitStatus,
)
from carewatch.monitoring.models.vocabulary import (
    FEEDBACK_CATEGORIES,
    FEEDBACK_CATEGORY_FIELDS,
    FEEDBACK_MAX_COMMENTS,
    ActionState,
    CommentResponse,
    FeedbackChannel,
    ModerationState,
    PlanState,
    RespondentKind,
    ReviewOutcome,
    ServiceType,
    Severity,
    VisitKind,
    VisitState,
)

__all__ = [
    "FEEDBACK_CATEGORIES",
    "FEEDBACK_CATEGORY_FIELDS",
    "FEEDBACK_MAX_COMMENTS",
    "ActionPlan",
    "ActionPlanStatus",
    "ActionState",
    "ActionUpdate",
    "Answer",
    "CommentResponse",
    "EvidenceFile",
    "DisputeReview",
    "Feedback",
    "FeedbackChannel",
    "FeedbackLink",
    "FeedbackModeration",
    "Finding",
    "Framework",
    "FrameworkVersion",
    "ModerationState",
    "MonitoringSettings",
    "PlanAction",
    "PlanState",
    "ProviderComment",
    "Question",
    "RespondentKind",
    "ReviewOutcome",
    "ServiceType",
    "Severity",
    "Theme",
    "Visit",
    "VisitKind",
    "VisitState",
    "VisitStatus",
]
