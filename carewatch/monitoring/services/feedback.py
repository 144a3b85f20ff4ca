"""Lived experience: feedback links, feedback collected on visits or through a link, and moderation.

Privacy: free text and names never go into the audit trail; nothing is shown until a moderator
approves it, and then only in aggregate (queries.feedback_summary).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.monitoring import errors
from carewatch.monitoring.models import (
    FEEDBACK_CATEGORY_FIELDS,
    FEEDBACK_MAX_COMMENTS,
    Feedback,
    FeedbackChannel,
    FeedbackLink,
    FeedbackModeration,
    ModerationState,
    RespondentKind,
    Visit,
    VisitState,
)
from carewatch.monitoring.services.checks import OFFICERS, four_eyes_waived, require_council, require_staff
from carewatch.register.models import Location


def _scores(scores: Mapping[str, int | str | None]) -> dict[str, int | None]:
    checked: dict[str, int | None] = dict.fromkeys(FEEDBACK_CATEGORY_FIELDS)
    for name, value in scores.items():
        if name not in checked:
            raise errors.InvalidInput(f"{name} is not a feedback category", field=name)
        if value in (None, ""):
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, int | str)
            or not str(value).strip().isdigit()
            or not 1 <= int(value) <= 5
        ):
            raise errors.InvalidInput("Choose a score from 1 to 5", field=name)
        checked[name] = int(value)
    return checked


def _feedback(
    *,
    organisation: Organisation,
    location: Location,
    channel: str,
    respondent_kind: str,
    scores: Mapping[str, int | None],
    comments: str,
    anonymous: bool,
    respondent_name: str,
    easy_read: bool,
    now: datetime,
    visit: Visit | None = None,
    link: FeedbackLink | None = None,
    recorded_by: User | None = None,
) -> Feedback:
    if respondent_kind not in RespondentKind.values:
        raise errors.InvalidInput("Say who is giving the feedback", field="respondent_kind")
    checked = _scores(scores)
    comments = (comments or "").strip()
    if len(comments) > FEEDBACK_MAX_COMMENTS:
        raise errors.InvalidInput(
            f"Comments must be {FEEDBACK_MAX_COMMENTS} characters or fewer", field="comments"
        )
    if not comments and all(value is None for value in checked.values()):
        raise errors.InvalidInput("Answer at least one question or write a comment", field="scores")
    name = "" if anonymous else (respondent_name or "").strip()
    if not anonymous and not name:
        raise errors.InvalidInput("Enter a name, or choose to stay anonymous", field="respondent_name")
    return Feedback.objects.create(
        organisation=organisation,
        location=location,
        channel=channel,
        visit=visit,
        link=link,
        respondent_kind=respondent_kind,
        anonymous=anonymous,
        respondent_name=name[:200],
        easy_read=bool(easy_read),
        comments=comments,
        received_at=now,
        recorded_by=recorded_by,
        moderation=ModerationState.PENDING,
        **checked,
    )


@transaction.atomic
def create_feedback_link(
    *, organisation: Organisation, actor: User, location: Location, now: datetime
) -> FeedbackLink:
    """The location's public feedback link for this council (the open one if there is one already)."""
    require_council(organisation)
    require_staff(actor, organisation, OFFICERS, "QA officers")
    existing = FeedbackLink.objects.filter(
        organisation=organisation, location=location, revoked_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    link = FeedbackLink.objects.create(
        organisation=organisation,
        location=location,
        token=secrets.token_urlsafe(24),
        created_at=now,
        created_by=actor,
    )
    audit.write(
        now=now,
        actor=actor,
        organisation=organisation,
        action="monitoring.feedback_link_created",
        object_type="monitoring.feedbacklink",
        object_id=link.pk,
        after={"location": location.pk},
    )
    return link


@transaction.atomic
def revoke_feedback_link(*, link: FeedbackLink, actor: User, now: datetime) -> FeedbackLink:
    """Stop a link working (a new one can then be made)."""
    link = FeedbackLink.objects.select_for_update().select_related("organisation").get(pk=link.pk)
    require_staff(actor, link.organisation, OFFICERS, "QA officers")
    if link.revoked_at is not None:
        return link
    link.revoked_at = now
    link.save(update_fields=["revoked_at"])
    audit.write(
        now=now,
        actor=actor,
        organisation=link.organisation,
        action="monitoring.feedback_link_revoked",
        object_type="monitoring.feedbacklink",
        object_id=link.pk,
        after={"location": link.location_id},
    )
    return link


@transaction.atomic
def submit_feedback(
    *,
    token: str,
    respondent_kind: str,
    scores: Mapping[str, int | None],
    now: datetime,
    comments: str = "",
    anonymous: bool = True,
    respondent_name: str = "",
    easy_read: bool = False,
) -> Feedback:
    """Feedback through a location's public link (no sign-in). It waits for moderation."""
    link = FeedbackLink.objects.select_related("organisation", "location").filter(token=token or "").first()
    if link is None or link.revoked_at is not None:
        raise errors.NotPermitted("This feedback link is not in use. Ask the council for a new one.")
    feedback = _feedback(
        organisation=link.organisation,
        location=link.location,
        channel=FeedbackChannel.PUBLIC_LINK,
        link=link,
        respondent_kind=respondent_kind,
        scores=scores,
        comments=comments,
        anonymous=anonymous,
        respondent_name=respondent_name,
        easy_read=easy_read,
        now=now,
    )
    audit.write(
        now=now,
        actor=None,
        label="public feedback link",
        organisation=link.organisation,
        action="monitoring.feedback_received",
        object_type="monitoring.feedback",
        object_id=feedback.pk,
        after={"location": link.location_id, "channel": feedback.channel},
    )
    return feedback


@transaction.atomic
def record_feedback(
    *,
    visit: Visit,
    actor: User,
    respondent_kind: str,
    scores: Mapping[str, int | None],
    now: datetime,
    comments: str = "",
    anonymous: bool = True,
    respondent_name: str = "",
    easy_read: bool = False,
) -> Feedback:
    """Feedback an officer collected on a visit (a paper or easy-read form, or a conversation written down)."""
    visit = Visit.objects.select_related("organisation", "location").get(pk=visit.pk)
    require_staff(actor, visit.organisation, OFFICERS, "QA officers")
    if visit.status == VisitState.SCHEDULED:
        raise errors.WrongState(
            "Start the visit before recording feedback from it", state=visit.status, action="feedback"
        )
    feedback = _feedback(
        organisation=visit.organisation,
        location=visit.location,
        channel=FeedbackChannel.VISIT,
        visit=visit,
        respondent_kind=respondent_kind,
        scores=scores,
        comments=comments,
        anonymous=anonymous,
        respondent_name=respondent_name,
        easy_read=easy_read,
        now=now,
        recorded_by=actor,
    )
    audit.write(
        now=now,
        actor=actor,
        organisation=visit.organisation,
        action="monitoring.feedback_recorded",
        object_type="monitoring.feedback",
        object_id=feedback.pk,
        after={"location": visit.location_id, "visit": visit.pk},
    )
    return feedback


@transaction.atomic
def moderate_feedback(
    *, feedback: Feedback, actor: User, decision: str, now: datetime, reason: str = ""
) -> FeedbackModeration:
    """Approve feedback (it then counts in the aggregates) or reject it with a reason (identifying, abusive,
    not about this service …). A later decision can reverse an earlier one; every decision is kept.

    Four-eyes: the officer who recorded feedback on a visit cannot approve it (they may reject it),
    unless the council has switched four-eyes off."""
    feedback = Feedback.objects.select_for_update().select_related("organisation").get(pk=feedback.pk)
    require_staff(actor, feedback.organisation, OFFICERS, "QA officers")
    if decision not in (ModerationState.APPROVED, ModerationState.REJECTED):
        raise errors.InvalidInput("Choose approve or reject", field="decision")
    reason = (reason or "").strip()
    if decision == ModerationState.REJECTED and not reason:
        raise errors.InvalidInput("Give the reason for rejecting it", field="reason")
    if feedback.moderation == decision:
        raise errors.WrongState(
            f"This feedback is already {decision}", state=feedback.moderation, action="moderate"
        )
    waived = decision == ModerationState.APPROVED and four_eyes_waived(
        actor,
        feedback.organisation,
        proposer_id=feedback.recorded_by_id,
        refusal="You recorded this feedback, so another officer must approve it (four-eyes)",
    )
    before = feedback.moderation
    moderation = FeedbackModeration.objects.create(
        feedback=feedback, decision=decision, reason=reason, by=actor, at=now
    )
    feedback.moderation = decision
    feedback.save(update_fields=["moderation"])
    audit.write(
        now=now,
        actor=actor,
        organisation=feedback.organisation,
        action=f"monitoring.feedback_{decision}",
        object_type="monitoring.feedback",
        object_id=feedback.pk,
        before={"moderation": before},
        after={"moderation": decision, "reason": reason, **({"four_eyes_waived": True} if waived else {})},
    )
    return moderation


BULK_LIMIT = 100  # responses decided in one go (a page of the queue holds 25)


@dataclass(frozen=True)
class Refusal:
    feedback: Feedback
    reason: str


@dataclass(frozen=True)
class BulkModeration:
    """What a bulk decision did: the responses decided, and those refused with the reason for each."""

    decision: str
    decided: tuple[Feedback, ...]
    refused: tuple[Refusal, ...]


def moderate_feedback_in_bulk(
    *,
    organisation: Organisation,
    actor: User,
    feedback_ids: Sequence[int],
    decision: str,
    now: datetime,
    reason: str = "",
) -> BulkModeration:
    """One decision (approve, or reject with one reason) on several of the council's responses at once.

    Each response is decided by ``moderate_feedback`` in a savepoint of its own, so each keeps its own
    decision row and audit entry and the rules apply to each: a response the actor recorded is not
    approved unless four-eyes is off, one already in that state is left as it is. Those are refused one by
    one, with the reason, while the others are decided. A missing decision or reason, no response chosen or
    more than ``BULK_LIMIT``, or an ID that is not one of the council's responses, decides nothing.
    """
    require_council(organisation)
    require_staff(actor, organisation, OFFICERS, "QA officers")
    if decision not in (ModerationState.APPROVED, ModerationState.REJECTED):
        raise errors.InvalidInput("Choose whether to approve or reject the feedback", field="decision")
    if decision == ModerationState.REJECTED and not (reason or "").strip():
        raise errors.InvalidInput("Give the reason for rejecting it", field="reason")
    wanted = list(dict.fromkeys(feedback_ids))
    if not wanted:
        raise errors.InvalidInput("Choose at least one response", field="feedback")
    if len(wanted) > BULK_LIMIT:
        raise errors.InvalidInput(f"Choose {BULK_LIMIT} responses or fewer at a time", field="feedback")
    found = {
        feedback.pk: feedback
        for feedback in Feedback.objects.filter(organisation=organisation, pk__in=wanted).select_related(
            "location"
        )
    }
    missing = [feedback_id for feedback_id in wanted if feedback_id not in found]
    if missing:
        raise errors.InvalidInput(
            f"Feedback {missing[0]} is not one of {organisation.name}'s responses", field="feedback"
        )
    decided: list[Feedback] = []
    refused: list[Refusal] = []
    with transaction.atomic():
        for feedback in (found[feedback_id] for feedback_id in wanted):
            try:
                moderate_feedback(feedback=feedback, actor=actor, decision=decision, reason=reason, now=now)
            except errors.MonitoringError as error:
                refused.append(Refusal(feedback=feedback, reason=error.message))
            else:
                feedback.moderation = decision
                decided.append(feedback)
    return BulkModeration(decision=decision, decided=tuple(decided), refused=tuple(refused))
