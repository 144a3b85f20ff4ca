"""Letters to a provider about its quality mark award: suspended (written the moment ``review_awards``
suspends it) and reinstated. Laid out and made into a PDF the way the case letters are
(``cases.letters.rendering``: the same heading, GOV.UK body and A4 PDF), but about an award, not a case, so
kept here with the award (``QualityMarkLetter``, insert-only). Carewatch's own words; no council template."""

from __future__ import annotations

from datetime import date, datetime

from carewatch.cases.letters import rendering
from carewatch.cases.letters.facts import addressee
from carewatch.recognition.models import QualityMarkApplication, QualityMarkLetter, QualityMarkLetterKind


def _day(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def _facts(award: QualityMarkApplication, today: date) -> dict:
    location = award.location
    provider = location.provider
    lines = [
        line
        for line in (location.address_line_1, location.address_line_2, location.town, location.postcode)
        if line
    ]
    return {
        "council": {"name": award.scheme.council.name},
        "addressee": addressee([location]),
        "provider": {"name": (provider.name or provider.id) if provider else "", "address_lines": lines},
        "case": {"reference": f"Quality mark award {award.pk}"},
        "today": _day(today),
    }


def _suspended_text(award: QualityMarkApplication) -> tuple[str, str]:
    mark = f"{award.scheme.name} ({award.tier.name})"
    subject = f"{mark} suspended at {award.location.name}"
    body = f"""{award.scheme.council.name} awarded {award.location.name} the {mark} from {_day(award.starts_on)} to {_day(award.expires_on)}.

Carewatch checks every award against the evidence the council holds each day. On {_day(award.suspended_on)} a criterion the council says must hold for as long as the award lasts was no longer met:

- {award.suspension_reason}

The award is therefore suspended from {_day(award.suspended_on)}. It no longer shows on the council's public pages, in the service finder or in the open data.

## What happens next

A quality assurance officer will review the award with you. When the criterion is met again, a quality assurance manager can reinstate it until its original expiry date, {_day(award.expires_on)}; otherwise it lapses then.

If you think the evidence is wrong, please reply to this letter with the reasons and any evidence.

{award.scheme.council.name} quality assurance team"""
    return subject, body


def _reinstated_text(award: QualityMarkApplication, reason: str) -> tuple[str, str]:
    mark = f"{award.scheme.name} ({award.tier.name})"
    subject = f"{mark} reinstated at {award.location.name}"
    body = f"""We wrote to you when the {mark} at {award.location.name} was suspended on {_day(award.suspended_on)}.

After a review, {award.scheme.council.name} reinstated the award on {_day(award.reinstated_on)}:

- {reason}

The award shows again on the council's public pages until it expires on {_day(award.expires_on)}.

{award.scheme.council.name} quality assurance team"""
    return subject, body


def write(
    award: QualityMarkApplication, *, kind: str, today: date, now: datetime, reason: str = ""
) -> QualityMarkLetter:
    """Write and keep one letter (the caller holds the transaction and writes the audit entry)."""
    if kind == QualityMarkLetterKind.SUSPENDED:
        subject, body = _suspended_text(award)
    else:
        subject, body = _reinstated_text(award, reason)
    facts = _facts(award, today)
    laid_out = rendering.lay_out(subject=subject, body=body, facts=facts)
    return QualityMarkLetter.objects.create(
        application=award,
        kind=kind,
        subject=laid_out.subject,
        addressed_to=f"{facts['addressee']['name']}, {facts['provider']['name']}",
        html=laid_out.html,
        pdf=rendering.pdf_of(laid_out.html, subject=laid_out.subject),
        created_at=now,
    )
