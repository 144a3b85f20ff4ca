"""Shape monitoring records for the pages: labels, groups and the reads a page needs beside its main record."""

from __future__ import annotations

from dataclasses import dataclass

from carewatch.core.roles import Role
from carewatch.monitoring import frameworks, queries
from carewatch.monitoring.models import (
    ActionPlan,
    Finding,
    ProviderComment,
    Question,
    Visit,
    VisitState,
)

STATUS_TAG = {
    VisitState.SCHEDULED: "govuk-tag--grey",
    VisitState.DRAFT: "govuk-tag--yellow",
    VisitState.SENT: "govuk-tag--blue",
    VisitState.ACCEPTED: "govuk-tag--blue",
    VisitState.DISPUTED: "govuk-tag--orange",
    VisitState.REVIEWED: "govuk-tag--blue",
    VisitState.PUBLISHED: "govuk-tag--green",
}


def can_act(user, visit: Visit) -> bool:
    """Whether to offer ``user`` the officer's buttons on ``visit`` (the services decide in the end)."""
    return user.organisation_id == visit.organisation_id and user.has_role(Role.QA_OFFICER, Role.QA_MANAGER)


def visit_title(visit: Visit) -> str:
    return f"{visit.location.name}, {visit.visit_on:%-d %B %Y}"


def visit_kind(visit: Visit) -> str:
    return f"{visit.get_kind_display()}, {'announced' if visit.announced else 'unannounced'}"


def rating(visit: Visit) -> str:
    return queries.rating_label(visit.overall_rating) or "Not rated yet"


def visit_rows(visits) -> list[dict]:
    return [
        {
            "visit": visit,
            "kind": visit_kind(visit),
            "rating": queries.rating_label(visit.overall_rating),
            "tag": STATUS_TAG.get(visit.status, ""),
        }
        for visit in visits
    ]


@dataclass(frozen=True)
class StandardGroup:
    number: int
    name: str
    questions: list


def by_standard(questions: list[Question], form=None) -> list[StandardGroup]:
    """Questions grouped by local standard; with ``form``, each item is (question, rating field, notes field)."""
    groups: dict[int, list] = {}
    for question in questions:
        item = (
            (question, form[f"rating_{question.code}"], form[f"notes_{question.code}"]) if form else question
        )
        groups.setdefault(question.standard, []).append(item)
    return [
        StandardGroup(number, frameworks.LOCAL_STANDARDS[number].name, items)
        for number, items in sorted(groups.items())
    ]


def standard_ratings(visit: Visit) -> list[tuple[str, str]]:
    """(standard name, rating) for each standard rated so far."""
    return [
        (frameworks.LOCAL_STANDARDS[int(number)].name, queries.rating_label(value))
        for number, value in sorted(visit.standard_ratings.items(), key=lambda item: int(item[0]))
    ]


def findings(visit: Visit) -> list[Finding]:
    return list(
        Finding.objects.filter(visit=visit)
        .select_related("question", "theme", "suggested_theme")
        .order_by("id")
    )


def comments(visit: Visit) -> list[ProviderComment]:
    return list(ProviderComment.objects.filter(visit=visit).select_related("author").order_by("at", "id"))


def plan_of(visit: Visit) -> ActionPlan | None:
    return ActionPlan.objects.filter(visit=visit).first()


def actions_by_finding(plan: ActionPlan) -> list[tuple[Finding, list]]:
    """Each finding of the plan's visit with its actions (a finding without one shows empty)."""
    actions = queries.plan_actions(plan)
    return [(finding, [a for a in actions if a.finding_id == finding.pk]) for finding in findings(plan.visit)]


def theme_choices(organisation, text: str) -> tuple[list[tuple[str, str]], str | None]:
    """Radio choices for a finding's theme: the model's suggestions first (with their likelihood), then the
    rest of the council's list; and the top suggestion's slug to preselect."""
    suggested = queries.suggest_themes_for(organisation=organisation, text=text)
    choices = [
        (theme.slug, f"{theme.name} (suggested, {probability:.0%} likely)")
        for theme, probability in suggested
    ]
    taken = {theme.slug for theme, _ in suggested}
    choices += [
        (theme.slug, theme.name) for theme in queries.themes_for(organisation) if theme.slug not in taken
    ]
    return choices, (suggested[0][0].slug if suggested else None)
