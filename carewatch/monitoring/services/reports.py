"""The report: the factual-accuracy round with the provider, a senior review of a dispute, publication,
and what publication starts (an action plan: ``services.plans``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from carewatch.core import audit
from carewatch.core.models import User
from carewatch.monitoring import attachments, errors, lifecycle, queries
from carewatch.monitoring.models import (
    ActionPlan,
    ActionPlanStatus,
    Answer,
    CommentResponse,
    DisputeReview,
    EvidenceFile,
    PlanState,
    ProviderComment,
    Question,
    ReviewOutcome,
    Visit,
    VisitState,
)
from carewatch.monitoring.services.checks import (
    OFFICERS,
    SENIOR_OFFICERS,
    require_provider_user,
    require_staff,
    today_of,
)
from carewatch.monitoring.services.visit_steps import locked_visit, move_visit, rate_visit, require_state
from carewatch.ratings.local_qa import QaRating, parse_qa_rating

NEEDS_ACTION_PLAN = frozenset({QaRating.REQUIRES_IMPROVEMENT, QaRating.POOR})
MAX_SUMMARY = 5000


# --- the report ----------------------------------------------------------------------------------


@transaction.atomic
def send_draft_to_provider(*, visit: Visit, actor: User, now: datetime) -> Visit:
    """Send the draft to the provider, who has the council's factual-accuracy window (default 14 days) to comment."""
    visit = locked_visit(visit)
    require_staff(actor, visit.organisation, OFFICERS, "QA officers")
    require_state(visit, {VisitState.DRAFT}, lifecycle.SEND)
    if visit.overall_rating is None:
        raise errors.InvalidInput("Record at least one answer before sending the draft", field="answers")
    if visit.location.provider_id is None:
        raise errors.InvalidInput(
            "This location has no provider on the register to send the draft to", field="location"
        )
    days = queries.timescales(visit.organisation)["factual_accuracy_days"]
    due_on = today_of(now) + timedelta(days=days)
    move_visit(visit, lifecycle.SEND, actor=actor, now=now, due_on=due_on)
    visit.comments_due_on = due_on
    visit.save(update_fields=["status", "comments_due_on"])
    audit.write(
        now=now,
        actor=actor,
        organisation=visit.organisation,
        action="monitoring.draft_sent",
        object_type="monitoring.visit",
        object_id=visit.pk,
        after={
            "provider": visit.location.provider_id,
            "comments_due_on": due_on.isoformat(),
            "overall_rating": visit.overall_rating,
        },
    )
    return visit


def add_provider_comment(
    *,
    visit: Visit,
    actor: User,
    response: str,
    text: str,
    now: datetime,
    question: Question | str | None = None,
    files: Sequence[UploadedFile] = (),
) -> ProviderComment:
    """The provider accepts the draft or disputes it (with its reasons), within the factual-accuracy window,
    on the whole report or on one ``question``, with up to ``CAREWATCH_EVIDENCE_MAX_FILES`` evidence files.

    A dispute sends the report to a senior officer's review; once disputed it stays disputed until reviewed.
    Each file is checked (``monitoring.attachments``: size, kind from its bytes, the virus-scan hook) before
    anything is written; the comment, its files' rows and the audit entry are one transaction, and a file
    already kept is removed again if that transaction fails. A file the virus scanner refuses is audited
    (``monitoring.evidence_refused``) although nothing is kept.
    """
    stored: list[str] = []
    try:
        return _add_provider_comment(
            visit=visit,
            actor=actor,
            response=response,
            text=text,
            now=now,
            question=question,
            files=files,
            stored=stored,
        )
    except attachments.Infected as refusal:
        attachments.remove(stored)
        with transaction.atomic():
            audit.write(
                now=now,
                actor=actor,
                organisation=visit.organisation,
                action="monitoring.evidence_refused",
                object_type="monitoring.visit",
                object_id=visit.pk,
                after={"reason": str(refusal)},
            )
        raise errors.InvalidInput(str(refusal), field="evidence") from None
    except BaseException:
        attachments.remove(stored)
        raise


@transaction.atomic
def _add_provider_comment(
    *,
    visit: Visit,
    actor: User,
    response: str,
    text: str,
    now: datetime,
    question: Question | str | None,
    files: Sequence[UploadedFile],
    stored: list[str],
) -> ProviderComment:
    visit = locked_visit(visit)
    require_provider_user(actor, visit.location)
    require_state(visit, lifecycle.COMMENTABLE_VISIT_STATES, "comment")
    assert visit.comments_due_on is not None  # a sent report has its comment window (a constraint)
    if today_of(now) > visit.comments_due_on:
        raise errors.WrongState(
            f"The time for factual-accuracy comments ended on {visit.comments_due_on:%-d %B %Y}",
            state=visit.status,
            action="comment",
        )
    if response not in CommentResponse.values:
        raise errors.InvalidInput("Say whether you accept the draft or dispute it", field="response")
    text = (text or "").strip()
    if response == CommentResponse.DISPUTED and not text:
        raise errors.InvalidInput("Say what is factually inaccurate", field="text")
    if isinstance(question, str):
        question = Question.objects.filter(version=visit.framework_version_id, code=question).first()
        if question is None:
            raise errors.InvalidInput("Choose a question from this report", field="question")
    elif question is not None and question.version_id != visit.framework_version_id:
        raise errors.InvalidInput("Choose a question from this report", field="question")
    if len(files) > attachments.max_files():
        raise errors.InvalidInput(f"Select {attachments.max_files()} files or fewer", field="evidence")
    checked = []
    for upload in files:
        try:
            checked.append(attachments.check(upload))
        except attachments.Infected:
            raise
        except attachments.Refused as refusal:
            raise errors.InvalidInput(str(refusal), field="evidence") from None
    comment = ProviderComment.objects.create(
        visit=visit, author=actor, at=now, response=response, question=question, text=text
    )
    evidence = []
    for item in checked:
        stored.append(attachments.store(item))
        evidence.append(
            EvidenceFile.objects.create(
                comment=comment,
                stored_name=stored[-1],
                original_name=item.name,
                content_type=item.kind.content_type,
                size=item.size,
                sha256=item.sha256,
                uploaded_at=now,
            )
        )
    before = visit.status
    action = lifecycle.DISPUTE if response == CommentResponse.DISPUTED else lifecycle.ACCEPT
    if lifecycle.next_visit_state(visit.status, action) is not None:
        move_visit(visit, action, actor=actor, now=now, note=text)
        visit.save(update_fields=["status"])
    audit.write(
        now=now,
        actor=actor,
        organisation=visit.organisation,
        action=f"monitoring.draft_{response}",
        object_type="monitoring.visit",
        object_id=visit.pk,
        before={"status": before},
        after={
            "status": visit.status,
            "comment": comment.pk,
            "question": question.code if question else None,
            "evidence_files": [
                {
                    "id": f.pk,
                    "name": f.original_name,
                    "content_type": f.content_type,
                    "size": f.size,
                    "sha256": f.sha256,
                }
                for f in evidence
            ],
        },
    )
    return comment


def refuse_evidence_download(*, actor: User, evidence_id: int, now: datetime) -> None:
    """Record that ``actor`` asked for an evidence file they may not have (or that does not exist)."""
    with transaction.atomic():
        audit.write(
            now=now,
            actor=actor,
            organisation=actor.organisation,
            action="monitoring.evidence_download_refused",
            object_type="monitoring.evidence_file",
            object_id=evidence_id,
        )


@transaction.atomic
def review_dispute(
    *,
    visit: Visit,
    actor: User,
    outcome: str,
    reasons: str,
    now: datetime,
    changes: Mapping[str, str | QaRating | None] | None = None,
) -> DisputeReview:
    """A senior officer (a QA manager who did not carry out the visit) upholds or amends a disputed draft.

    ``changes`` (question code → new answer) are required to amend and refused to uphold; the visit is re-rated.
    """
    visit = locked_visit(visit)
    require_staff(actor, visit.organisation, SENIOR_OFFICERS, "senior officers (QA managers)")
    if queries.carried_out_by(visit, actor):
        raise errors.NotPermitted("A senior officer who did not carry out the visit must review the dispute")
    require_state(visit, {VisitState.DISPUTED}, lifecycle.REVIEW)
    reasons = (reasons or "").strip()
    if outcome not in ReviewOutcome.values:
        raise errors.InvalidInput("Choose whether the draft is upheld or amended", field="outcome")
    if not reasons:
        raise errors.InvalidInput("Give the reasons for the decision", field="reasons")
    changes = dict(changes or {})
    if outcome == ReviewOutcome.AMENDED and not changes:
        raise errors.InvalidInput("Say which answers change", field="changes")
    if outcome == ReviewOutcome.UPHELD and changes:
        raise errors.InvalidInput("An upheld draft keeps its answers", field="changes")
    applied: dict[str, dict[str, int | None]] = {}
    if changes:
        answers = {a.question.code: a for a in Answer.objects.filter(visit=visit).select_related("question")}
        questions = {q.code: q for q in Question.objects.filter(version=visit.framework_version_id)}
        for code, value in changes.items():
            if code not in questions:
                raise errors.InvalidInput(f"{code} is not a question in this report", field="changes")
            try:
                rating = None if value in (None, "") else int(parse_qa_rating(value))
            except ValueError as error:
                raise errors.InvalidInput(str(error), field="changes") from None
            answer = answers.get(code) or Answer(visit=visit, question=questions[code])
            applied[code] = {"from": answer.rating if answer.pk else None, "to": rating}
            answer.rating, answer.updated_at, answer.updated_by = rating, now, actor
            answer.save()
        before_rating = visit.overall_rating
        rate_visit(visit)
        if visit.overall_rating is None:
            raise errors.InvalidInput("The amended report must keep at least one answer", field="changes")
        applied["overall"] = {"from": before_rating, "to": visit.overall_rating}
    review = DisputeReview.objects.create(
        visit=visit, reviewer=actor, at=now, outcome=outcome, reasons=reasons, changes=applied
    )
    move_visit(visit, lifecycle.REVIEW, actor=actor, now=now, note=reasons)
    visit.save(update_fields=["status", "overall_rating", "score", "standard_ratings"])
    audit.write(
        now=now,
        actor=actor,
        organisation=visit.organisation,
        action="monitoring.dispute_reviewed",
        object_type="monitoring.visit",
        object_id=visit.pk,
        after={"outcome": outcome, "changes": applied, "review": review.pk},
    )
    return review


@transaction.atomic
def publish_report(*, visit: Visit, actor: User, public_summary: str, now: datetime) -> Visit:
    """Publish the report with its public summary (shown on the location's public page).

    Allowed once the provider accepted the draft, a disputed draft was reviewed, or the comment window
    closed without comment. A rating of Requires improvement or Poor requests an action plan from the
    provider, due within the council's days (default 14).
    """
    visit = locked_visit(visit)
    require_staff(actor, visit.organisation, OFFICERS, "QA officers")
    require_state(visit, {VisitState.SENT, VisitState.ACCEPTED, VisitState.REVIEWED}, lifecycle.PUBLISH)
    if (
        visit.status == VisitState.SENT
        and visit.comments_due_on is not None  # always, for a sent report (a constraint)
        and today_of(now) <= visit.comments_due_on
    ):
        raise errors.WrongState(
            f"The provider has until {visit.comments_due_on:%-d %B %Y} to comment on the draft",
            state=visit.status,
            action=lifecycle.PUBLISH,
        )
    summary = (public_summary or "").strip()
    if not summary:
        raise errors.InvalidInput("Write the public summary", field="public_summary")
    if len(summary) > MAX_SUMMARY:
        raise errors.InvalidInput(
            f"The public summary must be {MAX_SUMMARY} characters or fewer", field="public_summary"
        )
    move_visit(visit, lifecycle.PUBLISH, actor=actor, now=now)
    visit.published_at, visit.public_summary = now, summary
    visit.save(update_fields=["status", "published_at", "public_summary"])
    plan = None
    if visit.overall_rating is not None and QaRating(visit.overall_rating) in NEEDS_ACTION_PLAN:
        plan = _request_action_plan(visit, actor=actor, now=now)
    audit.write(
        now=now,
        actor=actor,
        organisation=visit.organisation,
        action="monitoring.report_published",
        object_type="monitoring.visit",
        object_id=visit.pk,
        after={
            "overall_rating": visit.overall_rating,
            "action_plan": plan.pk if plan else None,
            "action_plan_due_on": plan.due_on.isoformat() if plan else None,
        },
    )
    return visit


def _request_action_plan(visit: Visit, *, actor: User | None, now: datetime) -> ActionPlan:
    due_on = today_of(now) + timedelta(days=queries.timescales(visit.organisation)["action_plan_days"])
    plan = ActionPlan.objects.create(
        visit=visit,
        organisation=visit.organisation,
        location=visit.location,
        status=PlanState.REQUESTED,
        due_on=due_on,
        requested_at=now,
    )
    ActionPlanStatus.objects.create(
        plan=plan,
        sequence=1,
        status=PlanState.REQUESTED,
        at=now,
        by=actor,
        actor_label=audit.actor_label(actor),
        due_on=due_on,
    )
    return plan
