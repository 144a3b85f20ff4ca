"""Reads for letters: a case's letters, one letter a person may see, a council's templates.

Letters are a council's intelligence, read through ``cases.queries.cases_visible_to`` like the case
they belong to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from carewatch.cases import queries as case_queries
from carewatch.cases.letters import defaults
from carewatch.cases.letters.models import Letter, LetterKind, LetterTemplate
from carewatch.cases.models import Case
from carewatch.core import audit
from carewatch.core.models import Organisation, User


def letters_for_case(case: Case) -> QuerySet[Letter]:
    """A case's letters, oldest first, without their PDF bytes."""
    return (
        Letter.objects.filter(case=case)
        .defer("pdf", "html")
        .select_related("created_by", "template", "suspension__location")
        .order_by("created_at", "id")
    )


def letter_for(user: User, letter_id: int) -> Letter:
    """A letter ``user`` may read; raises ``Letter.DoesNotExist`` otherwise (another council's looks like none)."""
    return (
        Letter.objects.filter(case__in=case_queries.cases_visible_to(user))
        .select_related("case__organisation", "created_by", "template")
        .get(pk=letter_id)
    )


def current_template(organisation: Organisation, kind: str) -> LetterTemplate | None:
    """The council's latest saved version of a kind of letter (None: it uses carewatch's default)."""
    return (
        LetterTemplate.objects.filter(organisation=organisation, kind=kind)
        .select_related("created_by")
        .order_by("-version")
        .first()
    )


@dataclass(frozen=True)
class TemplateText:
    kind: str
    label: str
    subject: str
    body: str
    version: int  # 0: carewatch's default
    saved_by: str
    saved_at: datetime | None
    template: LetterTemplate | None

    @property
    def is_default(self) -> bool:
        return self.template is None


def default_text(kind: str) -> TemplateText:
    """carewatch's default template for ``kind`` (what a council starts from, or goes back to)."""
    default = defaults.DEFAULTS[kind]
    return TemplateText(kind, LetterKind(kind).label, default.subject, default.body, 0, "", None, None)


def template_text(organisation: Organisation, kind: str) -> TemplateText:
    """What a letter of ``kind`` is written from today: the council's latest version, else the default."""
    saved = current_template(organisation, kind)
    if saved is None:
        return default_text(kind)
    label = LetterKind(kind).label
    by = audit.actor_label(saved.created_by)
    return TemplateText(kind, label, saved.subject, saved.body, saved.version, by, saved.created_at, saved)


def templates_of(organisation: Organisation) -> list[TemplateText]:
    return [template_text(organisation, kind) for kind in LetterKind.values]
