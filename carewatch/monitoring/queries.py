"""Reads for local quality monitoring. Every read of a council's intelligence is scoped through
``carewatch.core.access``: ``visits_for(user)`` and ``action_plans_for(user)`` for council staff and their
partners, ``reports_for_provider(user)`` and ``action_plans_for_provider(user)`` for a provider's users
(their own locations only, and only reports sent to them). Public reads (``published_summary``,
``feedback_summary``) return only what may be shown to anyone.

The committee report's figures are in :mod:`carewatch.monitoring.analysis` (``thematic_analysis``,
re-exported here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from django.db.models import Avg, Count, Prefetch, Q, QuerySet

from carewatch.core.access import provider_location_filter, scope_to_owner
from carewatch.core.models import Organisation, User
from carewatch.monitoring import lifecycle
from carewatch.monitoring import themes as theme_model
from carewatch.monitoring.analysis import Period, ThematicAnalysis, thematic_analysis
from carewatch.monitoring.models import (
    FEEDBACK_CATEGORIES,
    ActionPlan,
    ActionPlanStatus,
    ActionState,
    Answer,
    Feedback,
    FeedbackLink,
    Framework,
    FrameworkVersion,
    ModerationState,
    MonitoringSettings,
    PlanAction,
    PlanState,
    Question,
    RespondentKind,
    Theme,
    Visit,
    VisitState,
    VisitStatus,
)
from carewatch.organisations.queries import qa_staff
from carewatch.ratings import local_qa
from carewatch.ratings.local_qa import LocalQaAssessment, QaRating
from carewatch.register.models import Location

__all__ = ["Period", "ThematicAnalysis", "thematic_analysis"]

SUPPRESS_BELOW = 5  # aggregates of fewer responses are not shown (docs/monitoring.md, "Privacy")


def rating_label(value: int | None) -> str:
    """ "Excellent", "Good", "Requires improvement", "Poor", or "" for no rating."""
    return QaRating(value).label if value else ""


# --- frameworks ----------------------------------------------------------------------------------


def framework_for(*, organisation: Organisation, service_type: str) -> Framework | None:
    """The framework a council's new visit uses: its own for the service type (the latest made), else the default."""
    own = (
        Framework.objects.filter(owner=organisation, service_type=service_type)
        .order_by("-created_at", "-id")
        .first()
    )
    return own or Framework.objects.filter(owner__isnull=True, service_type=service_type).first()


def current_version(framework: Framework) -> FrameworkVersion | None:
    return framework.versions.order_by("-number").first()


def frameworks_for(organisation: Organisation) -> list[Framework]:
    """The defaults and the council's own, defaults first, each with its versions."""
    return list(
        Framework.objects.filter(Q(owner__isnull=True) | Q(owner=organisation))
        .prefetch_related(Prefetch("versions", queryset=FrameworkVersion.objects.order_by("-number")))
        .order_by("owner_id", "service_type", "name", "id")
    )


def questions(version: FrameworkVersion) -> list[Question]:
    return list(Question.objects.filter(version=version).order_by("position", "id"))


# --- visits and ratings --------------------------------------------------------------------------


def visit_assessment(
    visit: Visit, *, rules: local_qa.QaRules = local_qa.DEFAULT_RULES
) -> LocalQaAssessment | None:
    """The ratings engine's assessment of the visit's answers: per local standard (keyed "1"–"16") and
    overall. Questions not assessed are left out; None when nothing is assessed yet."""
    standards: dict[str, list[local_qa.Answer]] = {}
    rated = (
        Answer.objects.filter(visit=visit, rating__isnull=False)
        .select_related("question")
        .order_by("question__position", "id")
    )
    for answer in rated:
        standards.setdefault(str(answer.question.standard), []).append(
            local_qa.Answer(rating=QaRating(answer.rating), weight=Fraction(answer.question.weight))
        )
    if not standards:
        return None
    return local_qa.assess(
        standards={name: local_qa.Standard(answers=answers) for name, answers in standards.items()},
        rules=rules,
    )


def visits_for(user) -> QuerySet[Visit]:
    """Visits the user's organisation owns or is shared (council staff and partners; nothing for providers)."""
    return scope_to_owner(Visit.objects.all(), user, owner_field="organisation").select_related(
        "location", "organisation"
    )


def reports_for_provider(user) -> QuerySet[Visit]:
    """For a provider's users: reports about their own locations from the moment a draft is sent to them.
    Internal drafts and scheduled visits never show; anyone not a provider user gets nothing."""
    return (
        Visit.objects.filter(provider_location_filter(user, location_field="location"))
        .filter(status__in=lifecycle.PROVIDER_VISIBLE_STATES)
        .select_related("location", "organisation")
    )


def visit_history(visit: Visit) -> list[VisitStatus]:
    return list(VisitStatus.objects.filter(visit=visit).select_related("by").order_by("sequence"))


def answers(visit: Visit) -> list[Answer]:
    return list(
        Answer.objects.filter(visit=visit).select_related("question").order_by("question__position", "id")
    )


@dataclass(frozen=True)
class PublishedSummary:
    visit_id: int
    council: str
    visit_on: date
    published_at: datetime
    rating: str
    summary: str


def published_summary(location) -> PublishedSummary | None:
    """The latest published local QA summary for a location's public page (any council), or None."""
    visit = (
        Visit.objects.filter(location=location, status=VisitState.PUBLISHED)
        .select_related("organisation")
        .order_by("-published_at", "-id")
        .first()
    )
    if visit is None:
        return None
    return PublishedSummary(
        visit_id=visit.pk,
        council=visit.organisation.name,
        visit_on=visit.visit_on,
        published_at=visit.published_at,
        rating=rating_label(visit.overall_rating),
        summary=visit.public_summary,
    )


# --- themes --------------------------------------------------------------------------------------


def themes_for(organisation: Organisation | None) -> list[Theme]:
    """The council's active theme list: its own copy once it has edited the list, else the defaults."""
    own = (
        Theme.objects.filter(organisation=organisation) if organisation is not None else Theme.objects.none()
    )
    chosen = own if own.exists() else Theme.objects.filter(organisation__isnull=True)
    return list(
        chosen.filter(retired_at__isnull=True).select_related("based_on").order_by("position", "name", "id")
    )


def suggest_themes_for(
    *, organisation: Organisation | None, text: str, limit: int = 3
) -> list[tuple[Theme, float]]:
    """The text model's suggestions mapped onto the council's active list, most likely first.

    A council's copy of a default theme (even renamed) takes the default's probability; retired themes
    and themes the council added itself are never suggested. Probabilities are the model's, over all
    default themes, so they can sum to less than 1 here.
    """
    listed = themes_for(organisation)
    by_slug = {
        (t.based_on.slug if t.based_on_id else t.slug): t
        for t in listed
        if t.based_on_id or t.organisation_id is None
    }
    suggestions = []
    for slug, probability in theme_model.suggest_theme(text, limit=None):
        if slug in by_slug:
            suggestions.append((by_slug[slug], probability))
        if len(suggestions) == limit:
            break
    return suggestions


# --- lived experience ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CategorySummary:
    field: str
    question: str
    responses: int
    suppressed: bool  # fewer than SUPPRESS_BELOW responses: no average shown
    average: float | None  # mean score 1–5, one decimal place
    positive_share: float | None  # share scoring 4 or 5, 0–1


@dataclass(frozen=True)
class FeedbackSummary:
    location_id: str
    responses: int  # approved responses
    by_respondent: dict[str, int | None]  # kind label → count, None when fewer than SUPPRESS_BELOW
    categories: tuple[CategorySummary, ...]
    suppress_below: int = SUPPRESS_BELOW

    @property
    def shown(self) -> tuple[CategorySummary, ...]:
        return tuple(c for c in self.categories if not c.suppressed)


def feedback_summary(
    location, *, organisation: Organisation | None = None, since: date | None = None
) -> FeedbackSummary:
    """Aggregates of APPROVED feedback for a location — never a single response, never free text.

    A category with fewer than 5 scored responses is suppressed (no average); so is a respondent group
    with fewer than 5. ``organisation`` limits it to one council's collection; ``since`` to recent responses.
    """
    approved = Feedback.objects.filter(location=location, moderation=ModerationState.APPROVED)
    if organisation is not None:
        approved = approved.filter(organisation=organisation)
    if since is not None:
        approved = approved.filter(received_at__date__gte=since)
    aggregates: dict = {"total": Count("id")}
    for name, _ in FEEDBACK_CATEGORIES:
        aggregates[f"{name}__n"] = Count("id", filter=Q(**{f"{name}__isnull": False}))
        aggregates[f"{name}__avg"] = Avg(name)
        aggregates[f"{name}__good"] = Count("id", filter=Q(**{f"{name}__gte": 4}))
    figures = approved.aggregate(**aggregates)
    categories = []
    for name, question in FEEDBACK_CATEGORIES:
        n = figures[f"{name}__n"]
        suppressed = n < SUPPRESS_BELOW
        categories.append(
            CategorySummary(
                field=name,
                question=question,
                responses=n,
                suppressed=suppressed,
                average=None if suppressed else round(float(figures[f"{name}__avg"]), 1),
                positive_share=None if suppressed else round(figures[f"{name}__good"] / n, 3),
            )
        )
    counts = dict(approved.values_list("respondent_kind").annotate(n=Count("id")).order_by())
    by_respondent = {
        label: (counts.get(kind, 0) if counts.get(kind, 0) >= SUPPRESS_BELOW else None)
        for kind, label in RespondentKind.choices
        if counts.get(kind, 0)
    }
    return FeedbackSummary(
        location_id=str(location.pk),
        responses=figures["total"],
        by_respondent=by_respondent,
        categories=tuple(categories),
    )


def moderation_queue(organisation: Organisation) -> QuerySet[Feedback]:
    """Feedback waiting for this council's moderation, oldest first (for moderators only)."""
    return (
        Feedback.objects.filter(organisation=organisation, moderation=ModerationState.PENDING)
        .select_related("location")
        .order_by("received_at", "id")
    )


# --- action plans --------------------------------------------------------------------------------


def action_plans_for(user) -> QuerySet[ActionPlan]:
    """Action plans of visits the user's council owns or is shared."""
    return scope_to_owner(ActionPlan.objects.all(), user, owner_field="organisation").select_related(
        "location", "visit"
    )


def action_plans_for_provider(user) -> QuerySet[ActionPlan]:
    """A provider's users: the action plans of their own locations."""
    return ActionPlan.objects.filter(
        provider_location_filter(user, location_field="location")
    ).select_related("location", "visit")


def plan_actions(plan: ActionPlan) -> list[PlanAction]:
    return list(
        PlanAction.objects.filter(plan=plan)
        .select_related("finding")
        .prefetch_related("updates")
        .order_by("finding_id", "due_on", "id")
    )


@dataclass(frozen=True)
class OverduePlan:
    """A plan the provider owes after its due date, or a submitted plan with actions past their dates."""

    plan: ActionPlan
    location_id: str
    reason: str  # "plan_overdue" or "actions_overdue"
    due_on: date  # the plan's due date, or the earliest overdue action's
    days_overdue: int
    overdue_actions: tuple[PlanAction, ...] = ()

    @property
    def object_id(self) -> str:
        return f"monitoring.actionplan:{self.plan.pk}:{self.reason}"


def overdue_action_plans(organisation: Organisation, today: date) -> list[OverduePlan]:
    """Everything a provider owes the council late, as of ``today`` (strictly after the due date):

    - plans requested or returned and not (re)submitted by ``due_on`` → ``plan_overdue``;
    - submitted or accepted plans with actions not done by their due date → ``actions_overdue``.
    """
    found: list[OverduePlan] = []
    owed = ActionPlan.objects.filter(
        organisation=organisation, status__in=lifecycle.OWED_PLAN_STATES, due_on__lt=today
    )
    for plan in owed.select_related("location").order_by("due_on", "id"):
        found.append(
            OverduePlan(
                plan=plan,
                location_id=plan.location_id,
                reason="plan_overdue",
                due_on=plan.due_on,
                days_overdue=(today - plan.due_on).days,
            )
        )
    late_actions = (
        PlanAction.objects.filter(
            plan__organisation=organisation,
            plan__status__in=[PlanState.SUBMITTED, PlanState.RESUBMITTED, PlanState.ACCEPTED],
            submitted=True,
            due_on__lt=today,
        )
        .exclude(status=ActionState.DONE)
        .select_related("plan__location")
        .order_by("plan_id", "due_on", "id")
    )
    by_plan: dict[int, list[PlanAction]] = {}
    for action in late_actions:
        by_plan.setdefault(action.plan_id, []).append(action)
    for actions in by_plan.values():
        plan = actions[0].plan
        earliest = min(action.due_on for action in actions)
        found.append(
            OverduePlan(
                plan=plan,
                location_id=plan.location_id,
                reason="actions_overdue",
                due_on=earliest,
                days_overdue=(today - earliest).days,
                overdue_actions=tuple(actions),
            )
        )
    return sorted(found, key=lambda item: (item.due_on, item.plan.pk, item.reason))


# --- the council's set-up and its feedback links ------------------------------------------------------

DEFAULT_TIMESCALES = {"factual_accuracy_days": 14, "action_plan_days": 14, "follow_up_months": 6}


def timescales(organisation: Organisation) -> dict[str, int]:
    """The council's timescales: its MonitoringSettings, else the PAMMS defaults (14 days, 14 days, 6 months)."""
    row = MonitoringSettings.objects.filter(organisation=organisation).first()
    if row is None:
        return dict(DEFAULT_TIMESCALES)
    return {name: getattr(row, name) for name in DEFAULT_TIMESCALES}


def retired_themes(organisation: Organisation) -> list[Theme]:
    """The council's retired themes (past findings keep them), by name."""
    return list(
        Theme.objects.filter(organisation=organisation, retired_at__isnull=False).order_by("name", "id")
    )


def open_feedback_link(token: str) -> FeedbackLink | None:
    """The link with this token if it still works (public: says nothing about who owns it)."""
    return (
        FeedbackLink.objects.select_related("location").filter(token=token, revoked_at__isnull=True).first()
    )


def open_feedback_links(organisation: Organisation | None) -> QuerySet[FeedbackLink]:
    """The council's links that still work, by service name (none for a person of no organisation)."""
    return (
        FeedbackLink.objects.filter(organisation=organisation, revoked_at__isnull=True)
        .select_related("location", "created_by")
        .order_by("location__name", "id")
    )


def qa_colleagues(organisation: Organisation, *, besides: User) -> list[User]:
    """The council's other active QA officers and managers, who may go on a visit with ``besides``."""
    return list(qa_staff(organisation).exclude(pk=besides.pk))


def locations_to_visit(organisation: Organisation | None) -> list[Location]:
    """Active services in the council's area, by name: what its officers may visit or ask feedback about."""
    if organisation is None or organisation.local_authority_id is None:
        return []
    return list(
        Location.objects.filter(local_authority_id=organisation.local_authority_id, is_active=True).order_by(
            "name", "id"
        )
    )


def last_return(plan: ActionPlan) -> ActionPlanStatus | None:
    """The latest time officers sent the plan back (with their reasons), if ever."""
    return ActionPlanStatus.objects.filter(plan=plan, status=PlanState.RETURNED).order_by("-sequence").first()
