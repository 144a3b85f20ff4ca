"""A letter before it is issued: the council's template filled in with the case's facts, as text the
person reads, edits and previews (nothing is kept until :func:`services.write_letter` issues it).

The text is the letter's own words, not a template: what the person edits is laid out by
``rendering.body_html`` as it is (a blank line starts a paragraph, ``## `` a heading, ``- `` a list).
A gap in square brackets (``[Say why …]``) is what the person must fill in before the letter goes out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from carewatch.cases.letters import errors, facts, queries, rendering
from carewatch.cases.letters.models import LetterTemplate
from carewatch.cases.models import Action, Case, Suspension
from carewatch.core.models import User

GAP = re.compile(r"\[[^\[\]\n]{3,}\]")


@dataclass(frozen=True)
class Draft:
    kind: str
    subject: str
    body: str
    facts: dict
    recorded_reason: str  # the decision's reason as recorded (internal), to offer including it
    template: LetterTemplate | None  # None: carewatch's default
    template_version: int

    @property
    def addressee_named(self) -> bool:
        return self.facts["addressee"]["name"] != facts.NO_REGISTERED_MANAGER


def draft_letter(
    *,
    case: Case,
    kind: str,
    today: date,
    signer: User,
    suspension: Suspension | None = None,
    action: Action | None = None,
    include_reason: bool = False,
) -> Draft:
    """The letter as the council's current template writes it today, signed by ``signer``."""
    case_facts = facts.letter_facts(
        case=case,
        kind=kind,
        today=today,
        suspension=suspension,
        action=action,
        signer=signer,
        include_reason=include_reason,
    )
    reason = facts.letter_facts(
        case=case, kind=kind, today=today, suspension=suspension, action=action, include_reason=True
    )["reason"]
    text = queries.template_text(case.organisation, kind)
    try:
        subject = " ".join(rendering.render_text(text.subject, case_facts, field="subject").split())
        body = rendering.render_text(text.body, case_facts, field="body").strip()
    except errors.InvalidTemplate as exc:
        raise errors.LetterNotPossible(
            f"The council's template for this letter cannot be used: {exc.message}. Ask a QA manager to correct it"
        ) from exc
    return Draft(
        kind=kind,
        subject=subject,
        body=body,
        facts=case_facts,
        recorded_reason="" if reason == facts.REASON_GAP else reason,
        template=text.template,
        template_version=text.version,
    )


def gaps_in(text: str) -> list[str]:
    """The gaps in square brackets still to fill in."""
    return GAP.findall(text)


def check_text(*, subject: str, body: str) -> tuple[str, str]:
    """The subject and letter as they will be issued; :class:`errors.LetterNotPossible` when empty or a
    gap is left."""
    subject, body = " ".join((subject or "").split()), (body or "").replace("\r\n", "\n").strip()
    if not subject:
        raise errors.LetterNotPossible("Enter the subject", field="subject")
    if len(subject) > 300:
        raise errors.LetterNotPossible("The subject must be 300 characters or fewer", field="subject")
    if not body:
        raise errors.LetterNotPossible("Enter the letter", field="body")
    if len(body) > rendering.MAX_LETTER_CHARS:
        raise errors.LetterNotPossible(
            f"The letter must be {rendering.MAX_LETTER_CHARS:,} characters or fewer", field="body"
        )
    for text, field in ((subject, "subject"), (body, "body")):
        gaps = gaps_in(text)
        if gaps:
            raise errors.LetterNotPossible(
                "Fill in the gap in square brackets before the letter is issued: " + gaps[0], field=field
            )
    return subject, body


def preview(draft: Draft, *, subject: str, body: str) -> rendering.RenderedLetter:
    """The letter as it would be issued with this subject and text (gaps and all)."""
    return rendering.lay_out(subject=" ".join(subject.split()), body=body, facts=draft.facts)
