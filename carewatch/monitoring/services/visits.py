"""Visits: recording, scheduling and starting them, evidence and ratings, findings and their themes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction

from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.monitoring import errors, lifecycle, queries
from carewatch.monitoring.models import (
    Answer,
    Finding,
    Framework,
    Question,
    Severity,
    Theme,
    Visit,
    VisitKind,
    VisitState,
)
from carewatch.monitoring.services.checks import (
    OFFICERS,
    require_council,
    require_staff,
    today_of,
)
from carewatch.monitoring.services.visit_steps import (
    checked_officers,
    insert_visit,
    locked_visit,
    move_visit,
    rate_visit,
    require_state,
    schedule,
    version_for,
    visit_facts,
)
from carewatch.ratings.local_qa import QaRating, parse_qa_rating
from carewatch.register.models import Location


@dataclass(frozen=True)
class AnswerInput:
    """One question's evidence: the answer on the local scale (None: not assessed) and notes by source."""

    rating: str | QaRating | None = None
    observation: str = ""
    records: str = ""
    people: str = ""  # conversations with people using the service
    staff: str = ""
    relatives: str = ""


# --- creating and starting visits ----------------------------------------------------------------


def _check_kind(kind: str, announced: object) -> None:
    if kind not in VisitKind.values:
        raise errors.InvalidInput("Choose planned or responsive", field="kind")
    if not isinstance(announced, bool):
        raise errors.InvalidInput("Say whether the visit was announced", field="announced")


@transaction.atomic
def create_visit(
    *,
    organisation: Organisation,
    actor: User,
    location: Location,
    visit_on: date,
    kind: str,
    announced: bool,
    officers: Iterable[User],
    now: datetime,
    framework: Framework | None = None,
    service_type: str | None = None,
) -> Visit:
    """Record a visit that has happened (a draft report). The framework is the council's own for the
    location's service type, else the default; the visit keeps the version current today."""
    require_council(organisation)
    require_staff(actor, organisation, OFFICERS, "QA officers")
    _check_kind(kind, announced)
    if visit_on > today_of(now):
        raise errors.InvalidInput(
            "The visit date must be today or in the past: schedule a future visit instead", field="visit_on"
        )
    people = checked_officers(organisation, officers)
    visit = insert_visit(
        organisation=organisation,
        location=location,
        version=version_for(organisation, location, framework, service_type),
        visit_on=visit_on,
        kind=kind,
        announced=announced,
        officers=people,
        status=VisitState.DRAFT,
        now=now,
        actor=actor,
    )
    audit.write(
        now=now,
        actor=actor,
        organisation=organisation,
        action="monitoring.visit_recorded",
        object_type="monitoring.visit",
        object_id=visit.pk,
        after={**visit_facts(visit), "officers": [p.pk for p in people]},
    )
    return visit


@transaction.atomic
def schedule_visit(
    *,
    organisation: Organisation,
    actor: User,
    location: Location,
    visit_on: date,
    now: datetime,
    kind: str = VisitKind.PLANNED,
    announced: bool = True,
    officers: Iterable[User] = (),
    framework: Framework | None = None,
) -> Visit:
    """Plan a visit for a date (status "scheduled"); ``start_visit`` turns it into a draft on the day."""
    require_council(organisation)
    require_staff(actor, organisation, OFFICERS, "QA officers")
    _check_kind(kind, announced)
    if visit_on < today_of(now):
        raise errors.InvalidInput(
            "The visit date must be today or in the future: record a visit that has happened instead",
            field="visit_on",
        )
    people = checked_officers(organisation, officers or [actor])
    visit = schedule(
        organisation=organisation,
        location=location,
        visit_on=visit_on,
        kind=kind,
        announced=announced,
        officers=people,
        now=now,
        actor=actor,
        framework=framework,
    )
    audit.write(
        now=now,
        actor=actor,
        organisation=organisation,
        action="monitoring.visit_scheduled",
        object_type="monitoring.visit",
        object_id=visit.pk,
        after={**visit_facts(visit), "officers": [p.pk for p in people]},
    )
    return visit


@transaction.atomic
def start_visit(
    *,
    visit: Visit,
    actor: User,
    now: datetime,
    visit_on: date | None = None,
    officers: Iterable[User] | None = None,
    announced: bool | None = None,
) -> Visit:
    """Carry out a scheduled visit: it becomes a draft, on the framework version current now (the council's
    own framework for the service type if it has made one since the visit was planned)."""
    visit = locked_visit(visit)
    require_staff(actor, visit.organisation, OFFICERS, "QA officers")
    before = visit_facts(visit)
    day = visit_on or today_of(now)
    if day > today_of(now):
        raise errors.InvalidInput("The visit date must be today or in the past", field="visit_on")
    if announced is not None:
        _check_kind(visit.kind, announced)
        visit.announced = announced
    move_visit(visit, lifecycle.START, actor=actor, now=now)
    visit.visit_on = day
    framework = visit.framework_version.framework
    if framework.owner_id is None:  # the council may have made its own since the visit was planned
        framework = (
            queries.framework_for(organisation=visit.organisation, service_type=framework.service_type)
            or framework
        )
    version = queries.current_version(framework)
    if version is None:
        raise errors.InvalidInput("That framework has no published version", field="framework")
    visit.framework_version = version
    if officers is not None:
        visit.officers.set(checked_officers(visit.organisation, officers))
    visit.save(update_fields=["status", "visit_on", "announced", "framework_version"])
    audit.write(
        now=now,
        actor=actor,
        organisation=visit.organisation,
        action="monitoring.visit_started",
        object_type="monitoring.visit",
        object_id=visit.pk,
        before=before,
        after=visit_facts(visit),
    )
    return visit


def _reason(reason: str, what: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise errors.InvalidInput(f"Give the reason for {what}", field="reason")
    return text


@transaction.atomic
def reschedule_visit(*, visit: Visit, actor: User, visit_on: date, reason: str, now: datetime) -> Visit:
    """Move a scheduled visit to another date (today or later), with the reason; the visit stays scheduled
    and its history keeps the move."""
    visit = locked_visit(visit)
    require_staff(actor, visit.organisation, OFFICERS, "QA officers")
    text = _reason(reason, "rescheduling the visit")
    if visit_on < today_of(now):
        raise errors.InvalidInput("The new date must be today or in the future", field="visit_on")
    if visit_on == visit.visit_on and visit.status == VisitState.SCHEDULED:
        raise errors.InvalidInput(
            "The new date is the date already planned: choose another", field="visit_on"
        )
    before = visit_facts(visit)
    move_visit(visit, lifecycle.RESCHEDULE, actor=actor, now=now, note=text, due_on=visit_on)
    visit.visit_on = visit_on
    visit.save(update_fields=["status", "visit_on"])
    audit.write(
        now=now,
        actor=actor,
        organisation=visit.organisation,
        action="monitoring.visit_rescheduled",
        object_type="monitoring.visit",
        object_id=visit.pk,
        before=before,
        after={**visit_facts(visit), "reason": text},
    )
    return visit


@transaction.atomic
def cancel_visit(*, visit: Visit, actor: User, reason: str, now: datetime) -> Visit:
    """Cancel a scheduled visit, with the reason. It stays in the list and its history, marked cancelled."""
    visit = locked_visit(visit)
    require_staff(actor, visit.organisation, OFFICERS, "QA officers")
    text = _reason(reason, "cancelling the visit")
    before = visit_facts(visit)
    move_visit(visit, lifecycle.CANCEL, actor=actor, now=now, note=text)
    visit.save(update_fields=["status"])
    audit.write(
        now=now,
        actor=actor,
        organisation=visit.organisation,
        action="monitoring.visit_cancelled",
        object_type="monitoring.visit",
        object_id=visit.pk,
        before=before,
        after={**visit_facts(visit), "reason": text},
    )
    return visit


# --- evidence, ratings and findings --------------------------------------------------------------


@transaction.atomic
def record_answers(
    *, visit: Visit, actor: User, answers: Mapping[str, AnswerInput | Mapping[str, Any]], now: datetime
) -> Visit:
    """Save evidence for questions, keyed by question code, and re-rate the visit through the ratings engine.

    Only the questions given change. A rating of None marks the question not assessed (left out of the rating).
    """
    visit = locked_visit(visit)
    require_staff(actor, visit.organisation, OFFICERS, "QA officers")
    require_state(visit, lifecycle.EDITABLE_VISIT_STATES, "edit")
    questions = {q.code: q for q in Question.objects.filter(version=visit.framework_version_id)}
    existing = {a.question_id: a for a in Answer.objects.filter(visit=visit)}
    changes: dict[str, dict[str, Any]] = {}
    for code, given in answers.items():
        question = questions.get(code)
        if question is None:
            raise errors.InvalidInput(f"{code} is not a question in this visit's framework", field=code)
        value = given if isinstance(given, AnswerInput) else AnswerInput(**dict(given))
        try:
            rating = None if value.rating in (None, "") else int(parse_qa_rating(value.rating))
        except ValueError as error:
            raise errors.InvalidInput(str(error), field=code) from None
        answer = existing.get(question.pk) or Answer(visit=visit, question=question)
        old = answer.rating if answer.pk else "unanswered"
        answer.rating = rating
        for source in Answer.EVIDENCE_SOURCES:
            setattr(answer, source, (getattr(value, source) or "").strip())
        answer.updated_at, answer.updated_by = now, actor
        answer.save()
        changes[code] = {"from": old, "to": rating}
    before = {"overall_rating": visit.overall_rating}
    rate_visit(visit)
    visit.save(update_fields=["overall_rating", "score", "standard_ratings"])
    audit.write(
        now=now,
        actor=actor,
        organisation=visit.organisation,
        action="monitoring.answers_recorded",
        object_type="monitoring.visit",
        object_id=visit.pk,
        before=before,
        after={"overall_rating": visit.overall_rating, "answers": changes},
    )
    return visit


def _theme_in_list(organisation: Organisation, theme: Theme | str) -> Theme:
    active = {t.slug: t for t in queries.themes_for(organisation)}
    slug = theme.slug if isinstance(theme, Theme) else theme
    found = active.get(slug)
    if found is None or (isinstance(theme, Theme) and theme.pk != found.pk):
        raise errors.InvalidInput("Choose a theme from the council's list", field="theme")
    return found


@transaction.atomic
def add_finding(
    *,
    visit: Visit,
    actor: User,
    text: str,
    severity: str,
    now: datetime,
    question: Question | str | None = None,
    statement_id: int | None = None,
    theme: Theme | str | None = None,
) -> Finding:
    """Add a finding to a draft. The text model suggests a theme from the council's list; a ``theme`` given
    here is the officer's choice and counts as confirmed. The statement defaults to the question's."""
    visit = locked_visit(visit)
    require_staff(actor, visit.organisation, OFFICERS, "QA officers")
    require_state(visit, lifecycle.EDITABLE_VISIT_STATES, "edit")
    text = (text or "").strip()
    if not text:
        raise errors.InvalidInput("Describe the finding", field="text")
    if severity not in Severity.values:
        raise errors.InvalidInput("Choose low, medium, high or critical", field="severity")
    if isinstance(question, str):
        question = Question.objects.filter(version=visit.framework_version_id, code=question).first()
        if question is None:
            raise errors.InvalidInput("Choose a question from this visit's framework", field="question")
    elif question is not None and question.version_id != visit.framework_version_id:
        raise errors.InvalidInput("Choose a question from this visit's framework", field="question")
    statement = statement_id if statement_id is not None else (question.statement_id if question else None)
    if not isinstance(statement, int) or isinstance(statement, bool) or not 1 <= statement <= 34:
        raise errors.InvalidInput(
            "Choose the quality statement the finding relates to (1–34)", field="statement_id"
        )
    suggestions = queries.suggest_themes_for(organisation=visit.organisation, text=text, limit=1)
    suggested, confidence = suggestions[0] if suggestions else (None, None)
    chosen = _theme_in_list(visit.organisation, theme) if theme is not None else None
    finding = Finding.objects.create(
        visit=visit,
        severity=severity,
        question=question,
        statement_id=statement,
        text=text,
        theme=chosen or suggested,
        suggested_theme=suggested,
        suggestion_confidence=round(confidence, 4) if confidence is not None else None,
        theme_confirmed_by=actor if chosen else None,
        theme_confirmed_at=now if chosen else None,
        created_at=now,
        created_by=actor,
    )
    audit.write(
        now=now,
        actor=actor,
        organisation=visit.organisation,
        action="monitoring.finding_added",
        object_type="monitoring.finding",
        object_id=finding.pk,
        after={
            "visit": visit.pk,
            "severity": severity,
            "statement": statement,
            "question": question.code if question else None,
            "theme": finding.theme.slug if finding.theme else None,
            "suggested": suggested.slug if suggested else None,
            "confidence": finding.suggestion_confidence,
            "confirmed": chosen is not None,
        },
    )
    return finding


@transaction.atomic
def confirm_finding_theme(*, finding: Finding, actor: User, theme: Theme | str, now: datetime) -> Finding:
    """The officer confirms the suggested theme or chooses another from the council's list (at any stage)."""
    finding = Finding.objects.select_for_update().select_related("visit__organisation").get(pk=finding.pk)
    organisation = finding.visit.organisation
    require_staff(actor, organisation, OFFICERS, "QA officers")
    chosen = _theme_in_list(organisation, theme)
    before = {
        "theme": finding.theme.slug if finding.theme else None,
        "confirmed": finding.theme_confirmed_at is not None,
    }
    finding.theme, finding.theme_confirmed_by, finding.theme_confirmed_at = chosen, actor, now
    finding.save(update_fields=["theme", "theme_confirmed_by", "theme_confirmed_at"])
    audit.write(
        now=now,
        actor=actor,
        organisation=organisation,
        action="monitoring.finding_theme_confirmed",
        object_type="monitoring.finding",
        object_id=finding.pk,
        before=before,
        after={"theme": chosen.slug, "confirmed": True},
    )
    return finding


@transaction.atomic
def remove_finding(*, finding: Finding, actor: User, now: datetime) -> None:
    """Take a finding out of a draft report."""
    finding = Finding.objects.select_related("visit__organisation").get(pk=finding.pk)
    visit = locked_visit(finding.visit)
    require_staff(actor, visit.organisation, OFFICERS, "QA officers")
    require_state(visit, lifecycle.EDITABLE_VISIT_STATES, "edit")
    facts = {"visit": visit.pk, "severity": finding.severity, "text": finding.text}
    finding_id = finding.pk
    finding.delete()
    audit.write(
        now=now,
        actor=actor,
        organisation=visit.organisation,
        action="monitoring.finding_removed",
        object_type="monitoring.finding",
        object_id=finding_id,
        before=facts,
    )
