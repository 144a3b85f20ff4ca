"""Shape monitoring records for the pages: labels, groups, tags and tables. No writes; the reads a page
needs are in ``queries``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms

from carewatch.core import tables
from carewatch.core.dates import long_date
from carewatch.core.models import Organisation, User
from carewatch.core.roles import Role
from carewatch.monitoring import frameworks, lifecycle, queries
from carewatch.monitoring.analysis import ThematicAnalysis
from carewatch.monitoring.models import (
    ActionPlan,
    Answer,
    Finding,
    Framework,
    PlanAction,
    ProviderComment,
    Question,
    Severity,
    Visit,
    VisitState,
)
from carewatch.ratings.vocabulary import STATEMENTS

STATUS_TAG: dict[str, str] = {
    VisitState.SCHEDULED: "govuk-tag--grey",
    VisitState.DRAFT: "govuk-tag--yellow",
    VisitState.SENT: "govuk-tag--blue",
    VisitState.ACCEPTED: "govuk-tag--blue",
    VisitState.DISPUTED: "govuk-tag--orange",
    VisitState.REVIEWED: "govuk-tag--blue",
    VisitState.PUBLISHED: "govuk-tag--green",
    VisitState.CANCELLED: "govuk-tag--grey",
}
SOURCES = {"default": "National default", "edited": "Edited", "imported": "Imported"}


# --- visits and reports --------------------------------------------------------------------------


def can_act(user: User, visit: Visit) -> bool:
    """Whether to offer ``user`` the officer's buttons on ``visit`` (the services decide in the end)."""
    return user.organisation_id == visit.organisation_id and user.has_role(Role.QA_OFFICER, Role.QA_MANAGER)


def may_review(user: User, visit: Visit) -> bool:
    """Whether to offer "Review the dispute": a QA manager of the council who did not carry out the visit,
    while the draft is disputed (``services.review_dispute`` decides in the end)."""
    return (
        visit.status == VisitState.DISPUTED
        and user.organisation_id == visit.organisation_id
        and user.has_role(Role.QA_MANAGER)
        and not queries.carried_out_by(visit, user)
    )


def visit_title(visit: Visit) -> str:
    return f"{visit.location.name}, {visit.visit_on:%-d %B %Y}"


def visit_kind(visit: Visit) -> str:
    return f"{visit.get_kind_display()}, {'announced' if visit.announced else 'unannounced'}"


def status_note(visit: Visit, *, today: date, provider: bool = False) -> str:
    """What the status means now, beside its tag: the factual-accuracy window only while the provider may
    still comment, an overdue scheduled visit, the reason a visit was cancelled."""
    due = visit.comments_due_on
    if visit.status == VisitState.SCHEDULED and visit.visit_on < today:
        return f"Overdue: planned for {long_date(visit.visit_on)}"
    if visit.status in (VisitState.SENT, VisitState.ACCEPTED) and due is not None:
        if due >= today:
            return f"Comments due by {long_date(due)}"
        return f"The time for comments ended on {long_date(due)}" + (
            "" if provider else ": the report can be published"
        )
    if visit.status == VisitState.DISPUTED:
        return "Waiting for a senior officer to review the dispute"
    if visit.status == VisitState.REVIEWED:
        return "The dispute has been reviewed" + (
            ": the council will publish the report" if provider else ": the report can be published"
        )
    return ""


def history_rows(visit: Visit) -> list[dict[str, Any]]:
    """The visit's steps with a reason (rescheduled, cancelled), oldest first, for its page."""
    rows = []
    for step in queries.visit_history(visit):
        if step.note and step.status in (VisitState.SCHEDULED, VisitState.CANCELLED) and step.sequence > 1:
            if step.status == VisitState.CANCELLED:
                what = "Cancelled"
            else:
                what = f"Rescheduled to {long_date(step.due_on)}" if step.due_on else "Rescheduled"
            rows.append({"what": what, "at": step.at, "by": step.actor_label, "reason": step.note})
    return rows


def rating(visit: Visit) -> str:
    return queries.rating_label(visit.overall_rating) or "Not rated yet"


def visit_rows(visits: Iterable[Visit], *, today: date | None = None) -> list[dict[str, Any]]:
    """A list's rows; with ``today``, a scheduled visit whose date has passed is marked overdue."""
    return [
        {
            "visit": visit,
            "kind": visit_kind(visit),
            "rating": queries.rating_label(visit.overall_rating),
            "tag": STATUS_TAG.get(visit.status, ""),
            "overdue": today is not None and visit.status == VisitState.SCHEDULED and visit.visit_on < today,
        }
        for visit in visits
    ]


@dataclass(frozen=True)
class StandardGroup:
    number: int
    name: str
    questions: list[Any]


def by_standard(questions: list[Question], form: forms.Form | None = None) -> list[StandardGroup]:
    """Questions grouped by local standard; with ``form``, each item is (question, rating field, notes field)."""
    groups: dict[int, list[Any]] = {}
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


NOTE_LABELS = {
    "observation": "Observed",
    "records": "Records",
    "people": "People using the service",
    "staff": "Staff",
    "relatives": "Relatives and friends",
}


@dataclass(frozen=True)
class ReportQuestion:
    """One question of a report as the provider and the council read it: the answer and the evidence behind
    it, the findings raised under it and the provider's comments on it."""

    question: Question
    rating: str
    notes: list[tuple[str, str]]
    findings: list[Finding]
    comments: list[ProviderComment]


@dataclass(frozen=True)
class ReportStandard:
    number: int
    name: str
    rating: str
    questions: list[ReportQuestion]


def report_sections(
    visit: Visit, answers: list[Answer], findings: list[Finding], comments: list[ProviderComment]
) -> list[ReportStandard]:
    """The report by local standard: each standard's rating, then each answered question with its answer,
    the officers' notes by source, its findings and the comments on it. Findings tied to no question and
    comments on the whole report are not here (the page lists them on their own)."""
    groups: dict[int, list[ReportQuestion]] = {}
    for answer in answers:
        question = answer.question
        notes = [
            (label, getattr(answer, source).strip())
            for source, label in NOTE_LABELS.items()
            if getattr(answer, source).strip()
        ]
        if answer.rating is None and not notes:
            continue
        groups.setdefault(question.standard, []).append(
            ReportQuestion(
                question=question,
                rating=queries.rating_label(answer.rating) or "Not assessed",
                notes=notes,
                findings=[f for f in findings if f.question_id == question.pk],
                comments=[c for c in comments if c.question_id == question.pk],
            )
        )
    return [
        ReportStandard(
            number=number,
            name=frameworks.LOCAL_STANDARDS[number].name,
            rating=queries.rating_label(visit.standard_ratings.get(str(number))) or "Not rated",
            questions=items,
        )
        for number, items in sorted(groups.items())
    ]


def may_comment(user: User, visit: Visit, *, today: date) -> bool:
    """Whether to offer the comment forms: a provider manager, while the report may still be commented on
    (``services.add_provider_comment`` decides in the end)."""
    return (
        user.has_role(Role.PROVIDER_MANAGER)
        and visit.status in lifecycle.COMMENTABLE_VISIT_STATES
        and visit.comments_due_on is not None
        and today <= visit.comments_due_on
    )


def disputed_answers(answers: list[Answer], disputes: Iterable[Any]) -> list[Answer]:
    """The answers a reviewer may change: those the provider's disputed comments name, else every rated one."""
    named = {comment.question_id for comment in disputes if comment.question_id}
    if named:
        return [answer for answer in answers if answer.question_id in named]
    return [answer for answer in answers if answer.rating]


def review_groups(form: forms.Form, answers: list[Answer]) -> list[tuple[str, list[Any]]]:
    """("Standard 8: Management of medicines", [(rating field, "Currently: Good"), …]) for the review form."""
    current = {
        answer.question.code: queries.rating_label(answer.rating) or "Not assessed" for answer in answers
    }
    return [
        (
            f"Standard {group.number}: {group.name}",
            [(form[f"rating_{q.code}"], f"Currently: {current[q.code]}") for q in group.questions],
        )
        for group in by_standard([answer.question for answer in answers])
    ]


def actions_by_finding(
    findings: list[Finding], actions: list[PlanAction]
) -> list[tuple[Finding, list[PlanAction]]]:
    """Each finding of the plan's visit with its actions (a finding without one shows empty)."""
    return [(finding, [a for a in actions if a.finding_id == finding.pk]) for finding in findings]


def plan_groups(plan: ActionPlan) -> list[tuple[Finding, list[PlanAction]]]:
    """The plan's actions by finding of its visit (:func:`actions_by_finding`)."""
    return actions_by_finding(queries.findings(plan.visit), queries.plan_actions(plan))


def theme_choices(organisation: Organisation, text: str) -> tuple[list[tuple[str, str]], str | None]:
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


# --- frameworks ----------------------------------------------------------------------------------


def statement(number: int) -> str:
    """ "8 Medicines optimisation": a CQC quality statement by number and name."""
    found = STATEMENTS.get(number)
    return f"{number} {found.name}" if found else str(number)


def grouped_questions(questions: list[Question]) -> list[StandardGroup]:
    """Questions by local standard, each item (question, its CQC quality statement by number and name)."""
    return [
        StandardGroup(group.number, group.name, [(q, statement(q.statement_id)) for q in group.questions])
        for group in by_standard(questions)
    ]


def framework_row(framework: Framework, questions: list[Question], *, in_use: bool) -> dict[str, Any]:
    """A framework in the list: its current version (versions are prefetched, newest first), how many
    questions and statements it covers, whether it is the council's own and in use for new visits."""
    versions = list(framework.versions.all())
    return {
        "framework": framework,
        "version": versions[0] if versions else None,
        "questions": len(questions),
        "statements": len(STATEMENTS) - len(frameworks.statements_missing(questions)),
        "own": framework.owner_id is not None,
        "in_use": in_use,
    }


def question_rows(questions: list[Question]) -> list[dict[str, Any]]:
    """The question list as ``services.edit_framework`` takes it."""
    return [
        {
            "code": q.code,
            "text": q.text,
            "statement": q.statement_id,
            "standard": q.standard,
            "weight": q.weight,
        }
        for q in questions
    ]


def coverage(questions: list[Question]) -> str:
    """Whether an imported version covers every quality statement, in a sentence."""
    missing = frameworks.statements_missing(questions)
    if not missing:
        return "It covers all 34 quality statements."
    return (
        f"It does not cover {len(missing)} of the 34 quality statements: "
        + ", ".join(str(n) for n in missing)
        + "."
    )


# --- the thematic analysis -----------------------------------------------------------------------


def _percent(share: float) -> float:
    return round(share * 100, 1)


def analysis_tables(analysis: ThematicAnalysis) -> dict[str, tables.Table]:
    """The analysis as three data tables (on the page and as CSV or XLSX downloads)."""
    severities = Severity.choices
    by_theme = tables.Table(
        name="by-theme",
        caption="Findings by theme",
        columns=["Theme", "Findings", "Share of findings (%)", "Providers", "Unconfirmed themes"]
        + [label for _, label in severities],
        rows=[
            [row.theme, row.findings, _percent(row.share), row.providers, row.unconfirmed]
            + [row.by_severity.get(value, 0) for value, _ in severities]
            for row in analysis.by_theme
        ],
        note="Findings are counted under their current theme. Unconfirmed: suggested by carewatch, "
        "not yet confirmed by an officer.",
    )
    by_type = tables.Table(
        name="by-service-type",
        caption="Findings by service type",
        columns=["Service type", "Findings", "Share of findings (%)", "Providers", "Visits"],
        rows=[
            [row.label, row.findings, _percent(row.share), row.providers, row.visits]
            for row in analysis.by_service_type
        ],
    )
    trend = tables.Table(
        name="trend",
        caption="Findings by " + ("financial quarter" if analysis.granularity == "quarter" else "month"),
        columns=["Period", "Findings", "Themes (findings)"],
        rows=[
            [
                point.period.label,
                point.findings,
                ", ".join(
                    f"{name} ({count})"
                    for name, count in sorted(point.by_theme.items(), key=lambda item: (-item[1], item[0]))
                ),
            ]
            for point in analysis.trend
        ],
    )
    return {table.name: table for table in (by_theme, by_type, trend)}
