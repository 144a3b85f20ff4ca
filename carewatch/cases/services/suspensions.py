"""Suspensions of new placements: the letter, reviews, lifting and publishing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction

from carewatch.cases import errors, ladder, queries
from carewatch.cases.ladder import ActionKind, Decision
from carewatch.cases.models import Action, Suspension
from carewatch.cases.services import checks, decisions, level_effects
from carewatch.core import audit
from carewatch.core.models import User


def _suspension_audit(suspension: Suspension) -> dict[str, Any]:
    return {
        "suspension": suspension.pk,
        "location": suspension.location_id,
        "letter_sent_on": suspension.letter_sent_on.isoformat() if suspension.letter_sent_on else None,
        "appeal_until": suspension.appeal_until.isoformat(),
        "review_on": suspension.review_on.isoformat(),
        "lifted_on": suspension.lifted_on.isoformat() if suspension.lifted_on else None,
        "published": suspension.published,
    }


def record_suspension_letter_sent(
    *, actor: User, suspension: Suspension, sent_on: date, now: datetime
) -> Suspension:
    """The suspension letter went out: the provider may appeal from ``sent_on`` (``queries.appeal_until``)."""
    case = suspension.case
    checks.require_proposer(actor, case.organisation)
    if sent_on < suspension.started_on:
        raise errors.SuspensionError(
            "The letter cannot be sent before the suspension started", field="sent_on"
        )
    appeal_until = queries.appeal_until(case, letter_on=sent_on)
    with transaction.atomic():
        if not Suspension.objects.filter(pk=suspension.pk, letter_sent_on__isnull=True).update(
            letter_sent_on=sent_on, appeal_until=appeal_until
        ):
            raise errors.SuspensionError("The letter has already been recorded as sent")
        Action.objects.filter(suspension=suspension, details__step="letter", done_on__isnull=True).update(
            done_on=sent_on
        )
        suspension.refresh_from_db()
        audit.write(
            now=now,
            actor=actor,
            organisation=case.organisation,
            action="case.suspension_letter_sent",
            object_type="case",
            object_id=case.pk,
            after=_suspension_audit(suspension),
        )
    return suspension


def review_suspension(
    *,
    actor: User,
    suspension: Suspension,
    reviewed_on: date,
    next_review_on: date,
    reason: str,
    now: datetime,
) -> Suspension:
    """A QA manager reviews a suspension and keeps it in force until the next review."""
    case = suspension.case
    checks.require_decider(actor, case.organisation)
    reason = checks.require_reason(reason)
    if next_review_on <= reviewed_on:
        raise errors.SuspensionError("The next review is after this one", field="next_review_on")
    with transaction.atomic():
        if not Suspension.objects.filter(pk=suspension.pk, lifted_on__isnull=True).update(
            review_on=next_review_on
        ):
            raise errors.SuspensionError("This suspension has been lifted")
        owner = (
            Action.objects.filter(suspension=suspension, details__step="review")
            .order_by("-id")
            .values_list("owner", flat=True)
            .first()
            or actor.pk
        )
        Action.objects.filter(suspension=suspension, details__step="review", done_on__isnull=True).update(
            done_on=reviewed_on
        )
        Action.objects.create(
            case=case,
            kind=ActionKind.SUSPENSION,
            suspension=suspension,
            owner_id=owner,
            title=f"Review the suspension at {suspension.location.name}",
            due_on=next_review_on,
            details={"step": "review"},
            created_at=now,
            created_by=actor,
        )
        suspension.refresh_from_db()
        audit.write(
            now=now,
            actor=actor,
            organisation=case.organisation,
            action="case.suspension_reviewed",
            object_type="case",
            object_id=case.pk,
            after={**_suspension_audit(suspension), "reason": reason},
        )
    return suspension


def lift_suspension(
    *,
    actor: User,
    suspension: Suspension,
    lifted_on: date,
    reason: str,
    now: datetime,
    step_down_to: str | None = None,
    seen_revision: int | None = None,
) -> Suspension:
    """A QA manager lifts a suspension.

    Lifting the last suspension of a case at level 4 also steps the case down: give ``step_down_to``
    and ``seen_revision`` (else :class:`~carewatch.cases.errors.StepDownNeeded`). With ``seen_revision``,
    a case decided on since the person looked at it is refused (:class:`~carewatch.cases.errors.CaseChanged`).
    """
    case = suspension.case
    checks.require_decider(actor, case.organisation)
    reason = checks.require_reason(reason)
    if lifted_on < suspension.started_on:
        raise errors.SuspensionError("A suspension cannot be lifted before it started", field="lifted_on")
    with transaction.atomic():
        decisions.lock_case(case.pk)
        if (
            suspension.lifted_on is not None
            or not Suspension.objects.filter(pk=suspension.pk, lifted_on__isnull=True).exists()
        ):
            raise errors.SuspensionError("This suspension has already been lifted")
        case.refresh_from_db()
        if seen_revision is not None and seen_revision != case.revision:
            raise decisions.case_changed(case.pk, seen_revision)  # decided on since the person looked
        others = (
            Suspension.objects.filter(case=case, lifted_on__isnull=True).exclude(pk=suspension.pk).exists()
        )
        facts: dict[str, Any] = {}
        level_effects.lift_suspensions([suspension], actor=actor, lifted_on=lifted_on, reason=reason)
        if step_down_to is not None or (case.level == ladder.SUSPENSION_LEVEL and not others):
            if step_down_to is None or seen_revision is None:
                raise errors.StepDownNeeded(
                    "Lifting the last suspension steps the case down: choose the level", field="step_down_to"
                )
            status, facts = decisions.decide(
                actor=actor,
                case=case,
                decision=Decision.DE_ESCALATED,
                target=step_down_to,
                reason=reason,
                seen_revision=seen_revision,
                now=now,
            )
            facts = decisions.status_audit(status, facts)
        suspension.refresh_from_db()
        audit.write(
            now=now,
            actor=actor,
            organisation=case.organisation,
            action="case.suspension_lifted",
            object_type="case",
            object_id=case.pk,
            after={**_suspension_audit(suspension), "reason": reason, **facts},
        )
    return suspension


def set_suspension_published(
    *, actor: User, suspension: Suspension, published: bool, now: datetime
) -> Suspension:
    """A QA manager chooses whether the public page shows this suspension."""
    case = suspension.case
    checks.require_decider(actor, case.organisation)
    with transaction.atomic():
        before = Suspension.objects.filter(pk=suspension.pk).values_list("published", flat=True).get()
        Suspension.objects.filter(pk=suspension.pk).update(published=published)
        suspension.refresh_from_db()
        audit.write(
            now=now,
            actor=actor,
            organisation=case.organisation,
            action="case.suspension_published" if published else "case.suspension_unpublished",
            object_type="case",
            object_id=case.pk,
            before={"published": before},
            after=_suspension_audit(suspension),
        )
    return suspension
