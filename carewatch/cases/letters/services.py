"""Writes for letters: writing a letter for a case, and saving a council's template.

Like every service: keyword-only arguments, ``now`` given by the caller, one transaction, one audit
entry, and a :mod:`carewatch.cases.letters.errors` exception when the rules refuse.

- **Write (issue) a letter**, after its preview and edit step (``drafts``): QA officers and QA managers of the council that owns the case.
- **Save a template** (a new version; letters already written keep theirs): the council's QA managers
  and its organisation administrator.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from carewatch.cases import queries as case_queries
from carewatch.cases.letters import drafts, errors, facts, queries, rendering
from carewatch.cases.letters.models import Letter, LetterKind, LetterTemplate
from carewatch.cases.models import Action, Case, Suspension
from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role

WRITERS = (Role.QA_OFFICER, Role.QA_MANAGER)
TEMPLATE_EDITORS = (Role.QA_MANAGER, Role.ORG_ADMIN)


def _require(actor: User, organisation: Organisation, roles: tuple[str, ...], who: str) -> None:
    if not actor.is_active or actor.organisation_id != organisation.pk or not actor.has_role(*roles):
        raise errors.NotPermitted(f"Only {who} at {organisation.name} can do this")


def write_letter(
    *,
    actor: User,
    case: Case,
    kind: str,
    now: datetime,
    suspension: Suspension | None = None,
    action: Action | None = None,
    subject: str | None = None,
    body: str | None = None,
    include_reason: bool = False,
) -> Letter:
    """Issue a letter of ``kind`` for ``case``, as HTML and PDF, and keep it.

    ``subject`` and ``body`` are the words the person checked and edited on the preview
    (:func:`drafts.draft_letter` gives them from the council's template; left out, they are used as
    drafted). A gap in square brackets left in them refuses the letter. The letter is signed by
    ``actor``; the recorded reason is in it only with ``include_reason`` (or as the person typed it).

    The first suspension letter issued for a suspension records the letter as sent that day, so the
    appeal deadline the letter gives is the one the case page shows (``queries.appeal_until``).
    """
    _require(actor, case.organisation, WRITERS, "a QA officer or QA manager")
    today = timezone.localdate(now)
    draft = drafts.draft_letter(
        case=case,
        kind=kind,
        today=today,
        signer=actor,
        suspension=suspension,
        action=action,
        include_reason=include_reason,
    )
    subject, body = drafts.check_text(
        subject=draft.subject if subject is None else subject, body=draft.body if body is None else body
    )
    rendered = rendering.lay_out(subject=subject, body=body, facts=draft.facts)
    pdf = rendering.pdf_of(rendered.html, subject=rendered.subject)
    addressee = draft.facts["addressee"]["name"]
    provider_name = draft.facts["provider"]["name"]
    with transaction.atomic():
        letter = Letter.objects.create(
            case=case,
            kind=kind,
            suspension=suspension,
            action=action,
            template=draft.template,
            subject=rendered.subject,
            addressed_to=f"{addressee}, {provider_name}" if provider_name else addressee,
            html=rendered.html,
            pdf=pdf,
            created_at=now,
            created_by=actor,
        )
        sent: dict[str, str] = {}
        if (
            kind == LetterKind.SUSPENSION
            and suspension is not None
            and Suspension.objects.filter(pk=suspension.pk, letter_sent_on__isnull=True).update(
                letter_sent_on=today, appeal_until=case_queries.appeal_until(case, letter_on=today)
            )
        ):
            Action.objects.filter(suspension=suspension, details__step="letter", done_on__isnull=True).update(
                done_on=today
            )
            suspension.refresh_from_db()
            sent = {
                "letter_sent_on": today.isoformat(),
                "appeal_until": suspension.appeal_until.isoformat(),
            }
        audit.write(
            now=now,
            actor=actor,
            organisation=case.organisation,
            action="case.letter_written",
            object_type="case",
            object_id=case.pk,
            after={
                "letter": letter.pk,
                "kind": kind,
                "subject": letter.subject,
                "addressed_to": letter.addressed_to,
                "template_version": draft.template_version,
                "edited": (subject, body) != (draft.subject, draft.body),
                "reason_included": include_reason,
                "suspension": suspension.pk if suspension else None,
                "action": action.pk if action else None,
                **sent,
            },
        )
    return letter


def save_template(
    *, actor: User, organisation: Organisation, kind: str, subject: str, body: str, now: datetime
) -> LetterTemplate:
    """Save a new version of the council's template for ``kind`` (letters already written keep theirs)."""
    if organisation.kind != OrganisationKind.COUNCIL:
        raise errors.NotPermitted("Only a council writes letters about cases")
    _require(actor, organisation, TEMPLATE_EDITORS, "a QA manager or the organisation administrator")
    if kind not in LetterKind.values:
        raise errors.InvalidTemplate("Choose a kind of letter", field="kind")
    subject, body = (subject or "").strip(), (body or "").replace("\r\n", "\n").strip()
    if not subject:
        raise errors.InvalidTemplate("Enter the subject", field="subject")
    if not body:
        raise errors.InvalidTemplate("Enter the letter", field="body")
    sample = facts.sample_facts(kind)
    for text, field in ((subject, "subject"), (body, "body")):
        rendering.check_template(text, facts=sample, field=field)
    current = queries.current_template(organisation, kind)
    with transaction.atomic():
        try:
            with transaction.atomic():
                saved = LetterTemplate.objects.create(
                    organisation=organisation,
                    kind=kind,
                    version=(current.version if current else 0) + 1,
                    subject=subject,
                    body=body,
                    created_at=now,
                    created_by=actor,
                )
        except IntegrityError as exc:
            raise errors.InvalidTemplate(
                "Someone else saved this template at the same moment: check their changes, then save yours again"
            ) from exc
        audit.write(
            now=now,
            actor=actor,
            organisation=organisation,
            action="letters.template_saved",
            object_type="letter_template",
            object_id=saved.pk,
            before={"version": current.version} if current else None,
            after={"kind": kind, "version": saved.version, "subject": subject},
        )
    return saved
