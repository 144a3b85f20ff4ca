"""Writes for letters: writing a letter for a case, and saving a council's template.

Like every service: keyword-only arguments, ``now`` given by the caller, one transaction, one audit
entry, and a :mod:`carewatch.cases.letters.errors` exception when the rules refuse.

- **Write a letter**: QA officers and QA managers of the council that owns the case.
- **Save a template** (a new version; letters already written keep theirs): the council's QA managers
  and its organisation administrator.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from carewatch.cases.letters import errors, facts, queries, rendering
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
) -> Letter:
    """Write a letter of ``kind`` for ``case`` from the council's current template, as HTML and PDF, and keep it."""
    _require(actor, case.organisation, WRITERS, "a QA officer or QA manager")
    today = timezone.localdate(now)
    case_facts = facts.letter_facts(case=case, kind=kind, today=today, suspension=suspension, action=action)
    text = queries.template_text(case.organisation, kind)
    try:
        rendered = rendering.render_letter(
            subject_template=text.subject, body_template=text.body, facts=case_facts
        )
    except errors.InvalidTemplate as exc:
        raise errors.LetterNotPossible(
            f"The council's template for this letter cannot be used: {exc.message}. Ask a QA manager to correct it"
        ) from exc
    pdf = rendering.pdf_of(rendered.html, subject=rendered.subject)
    with transaction.atomic():
        letter = Letter.objects.create(
            case=case,
            kind=kind,
            suspension=suspension,
            action=action,
            template=text.template,
            subject=rendered.subject,
            addressed_to=case_facts["provider"]["name"],
            html=rendered.html,
            pdf=pdf,
            created_at=now,
            created_by=actor,
        )
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
                "template_version": text.version,
                "suspension": suspension.pk if suspension else None,
                "action": action.pk if action else None,
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
