"""The visits of the monitoring demo: a visit with its answers and findings, the report's round with the
provider as far as ``now`` allows, and the feedback collected on it or through the location's link."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from carewatch.core.models import Organisation, User
from carewatch.demo.monitoring.texts import (
    FEEDBACK_COMMENTS,
    FINDINGS_FOR,
    SEVERITIES_FOR,
    TARGETS,
    THEME_STANDARD,
    THEME_STATEMENT,
    answer_for,
    at,
    vary,
    weighted,
)
from carewatch.monitoring import queries, services
from carewatch.monitoring.models import FeedbackLink, Question, Visit
from carewatch.monitoring.themes import LabelledFinding
from carewatch.register.models import Location


def question_for(asked: list[Question], theme: str) -> Question | None:
    """The question a finding in ``theme`` relates to: its statement, and its standard where one is set."""
    statement, standard = THEME_STATEMENT[theme], THEME_STANDARD.get(theme)
    matching = [q for q in asked if q.statement_id == statement]
    return next(
        (q for q in matching if standard is None or q.standard == standard), matching[0] if matching else None
    )


def one_visit(
    organisation: Organisation,
    location: Location,
    visit_on: date,
    officers: list[User],
    rng: random.Random,
    rows: list[LabelledFinding],
) -> tuple[Visit, int]:
    """A visit with a target rating: answers spread around it, findings from the labelled set. Returns the
    visit and how many findings it has."""
    target = weighted(rng, TARGETS)
    start = at(visit_on, 9 + rng.randrange(4))
    visit = services.create_visit(
        organisation=organisation,
        actor=officers[0],
        location=location,
        visit_on=visit_on,
        kind=weighted(rng, (("planned", 75), ("responsive", 25))),
        announced=rng.random() < 0.4,
        officers=officers[: 1 + (rng.random() < 0.35)],
        now=start,
    )
    asked = queries.questions(visit.framework_version)
    answers = {
        q.code: services.AnswerInput(rating=answer_for(target, rng), observation="Seen on the walk round.")
        for q in asked
    }
    low, high = FINDINGS_FOR[target]
    chosen = rng.sample(rows, rng.randint(low, high))
    for row in chosen:  # the questions findings relate to are answered below Good
        question = question_for(asked, row.theme)
        if question is not None:
            answers[question.code] = services.AnswerInput(
                rating=rng.choice(("Requires improvement", "Poor")) if target != "Excellent" else "Good",
                records=row.text[:200],
            )
    services.record_answers(visit=visit, actor=officers[0], answers=answers, now=start + timedelta(hours=3))
    for row in chosen:
        question = question_for(asked, row.theme)
        services.add_finding(
            visit=visit,
            actor=officers[0],
            text=vary(row.text, rng),
            severity=rng.choice(SEVERITIES_FOR[target]),
            question=question,
            statement_id=THEME_STATEMENT[row.theme],
            theme=row.theme if rng.random() < 0.85 else None,
            now=start + timedelta(hours=4),
        )
    return visit, len(chosen)


def report_round(visit: Visit, *, officer: User, manager: User, rng: random.Random, now: datetime) -> None:
    """Send, comment, review and publish as far as ``now`` allows."""
    sent_at = at(visit.visit_on + timedelta(days=2 + rng.randrange(5)), 11)
    if sent_at > now:
        return
    visit = services.send_draft_to_provider(visit=visit, actor=officer, now=sent_at)
    provider_users = queries.provider_users(visit.location)
    assert visit.comments_due_on is not None  # set when the draft is sent
    publish_at = at(visit.comments_due_on + timedelta(days=1 + rng.randrange(4)), 14)
    if provider_users:
        comment_at = sent_at + timedelta(days=3 + rng.randrange(6))
        if comment_at > now:
            return
        disputed = rng.random() < 0.25
        services.add_provider_comment(
            visit=visit,
            actor=provider_users[0],
            response="disputed" if disputed else "accepted",
            text="We do not agree with the finding on medicines: our audit shows no gaps."
            if disputed
            else "Thank you for the report.",
            now=comment_at,
        )
        if disputed:
            review_at = comment_at + timedelta(days=4)
            if review_at > now:
                return
            services.review_dispute(
                visit=visit,
                actor=manager,
                outcome="upheld",
                reasons="The evidence seen on the day supports the finding.",
                now=review_at,
            )
            publish_at = max(publish_at, review_at + timedelta(days=1))
        else:
            publish_at = comment_at + timedelta(days=2)
    if publish_at > now:
        return
    visit.refresh_from_db()
    summary = (
        f"{visit.location.name} was visited {'unannounced' if not visit.announced else 'with notice'} on {visit.visit_on:%-d %B %Y}. "
        f"Overall rating: {queries.rating_label(visit.overall_rating)}."
    )
    services.publish_report(visit=visit, actor=officer, public_summary=summary, now=publish_at)


def collect_feedback(
    visit: Visit,
    *,
    officer: User,
    moderator: User,
    rng: random.Random,
    now: datetime,
    links: dict[str, FeedbackLink],
) -> int:
    """Up to 12 responses about the visited location, collected on the visit by ``officer`` or (where it has
    a link) later through the link, most moderated two days on by ``moderator`` (four-eyes: not the officer
    who recorded them). Returns how many."""
    quality = {4: 4.5, 3: 4.0, 2: 3.2, 1: 2.5}.get(visit.overall_rating or 3, 3.8)
    count = 0
    for number in range(rng.randint(0, 12)):
        scores = {
            name: max(1, min(5, round(rng.gauss(quality, 0.8))))
            for name in ("safety", "kindness", "listened_to", "food", "cleanliness")
        }
        if rng.random() < 0.6:
            scores["activities"] = max(1, min(5, round(rng.gauss(quality - 0.5, 1))))
        if rng.random() < 0.5:
            scores["staff_know_me"] = max(1, min(5, round(rng.gauss(quality, 0.9))))
        respondent_kind = weighted(rng, (("person", 45), ("relative", 35), ("staff", 15), ("other", 5)))
        comments = rng.choice(FEEDBACK_COMMENTS) if rng.random() < 0.6 else ""
        easy_read = rng.random() < 0.2
        when = at(visit.visit_on, 13) + timedelta(minutes=number)
        if visit.location_id in links and rng.random() < 0.5:
            when = at(visit.visit_on + timedelta(days=rng.randrange(1, 20)), 19)
            if when > now:
                continue
            feedback = services.submit_feedback(
                token=links[visit.location_id].token,
                now=when,
                respondent_kind=respondent_kind,
                scores=scores,
                comments=comments,
                easy_read=easy_read,
            )
        else:
            feedback = services.record_feedback(
                visit=visit,
                actor=officer,
                now=when,
                respondent_kind=respondent_kind,
                scores=scores,
                comments=comments,
                easy_read=easy_read,
            )
        moderate_at = when + timedelta(days=2)
        if moderate_at <= now and rng.random() < 0.9:
            rejected = rng.random() < 0.06
            services.moderate_feedback(
                feedback=feedback,
                actor=moderator,
                decision="rejected" if rejected else "approved",
                reason="Names a member of staff" if rejected else "",
                now=moderate_at,
            )
        count += 1
    return count
