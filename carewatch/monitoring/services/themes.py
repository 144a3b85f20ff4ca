"""A council's theme list: it starts as the defaults; the first edit gives the council its own copy."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.monitoring import errors
from carewatch.monitoring.models import Finding, Theme
from carewatch.monitoring.services.checks import CONFIGURERS, require_council, require_staff


def _own_copy(organisation: Organisation) -> dict[int, Theme]:
    """Copy the default themes for the council (once) and move its findings onto the copies.
    Returns {default theme id: council copy}."""
    own = Theme.objects.filter(organisation=organisation)
    if own.exists():
        return {t.based_on_id: t for t in own if t.based_on_id}
    copies = {}
    for default in Theme.objects.filter(organisation__isnull=True, retired_at__isnull=True).order_by(
        "position", "id"
    ):
        copies[default.pk] = Theme.objects.create(
            organisation=organisation,
            slug=default.slug,
            name=default.name,
            description=default.description,
            safeguarding=default.safeguarding,
            position=default.position,
            based_on=default,
        )
    findings = Finding.objects.filter(visit__organisation=organisation)
    for default_id, copy in copies.items():
        findings.filter(theme_id=default_id).update(theme=copy)
        findings.filter(suggested_theme_id=default_id).update(suggested_theme=copy)
    return copies


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise errors.InvalidInput("Enter the theme's name", field="name")
    if len(name) > 100:
        raise errors.InvalidInput("The name must be 100 characters or fewer", field="name")
    return name


def _council_theme(theme: Theme, organisation: Organisation) -> Theme:
    """The council's own row for ``theme`` (a default is replaced by the council's copy of it)."""
    if theme.organisation_id == organisation.pk:
        return Theme.objects.select_for_update().get(pk=theme.pk)
    if theme.organisation_id is not None:
        raise errors.NotPermitted("That theme belongs to another council")
    copies = _own_copy(organisation)
    if theme.pk not in copies:
        raise errors.InvalidInput("That theme is not in the council's list", field="theme")
    return copies[theme.pk]


@transaction.atomic
def add_theme(
    *,
    organisation: Organisation,
    actor: User,
    name: str,
    now: datetime,
    description: str = "",
    safeguarding: bool = False,
) -> Theme:
    """Add a theme to the council's list. The text model does not suggest it until findings are labelled with it."""
    require_council(organisation)
    require_staff(actor, organisation, CONFIGURERS, "QA managers and organisation administrators")
    name = _clean_name(name)
    _own_copy(organisation)
    existing = Theme.objects.filter(organisation=organisation)
    if existing.filter(name__iexact=name, retired_at__isnull=True).exists():
        raise errors.InvalidInput("The list already has a theme with that name", field="name")
    base = slugify(name)[:50] or "theme"
    slug, number = base, 2
    while existing.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    position = (existing.aggregate(top=Max("position"))["top"] or 0) + 1
    theme = Theme.objects.create(
        organisation=organisation,
        slug=slug,
        name=name,
        description=(description or "").strip()[:300],
        safeguarding=bool(safeguarding),
        position=position,
    )
    audit.write(
        now=now,
        actor=actor,
        organisation=organisation,
        action="monitoring.theme_added",
        object_type="monitoring.theme",
        object_id=theme.pk,
        after={"slug": slug, "name": name, "safeguarding": theme.safeguarding},
    )
    return theme


@transaction.atomic
def rename_theme(
    *,
    organisation: Organisation,
    actor: User,
    theme: Theme,
    name: str,
    now: datetime,
    description: str | None = None,
) -> Theme:
    """Rename a theme in the council's list (findings keep it; the model's suggestions follow it)."""
    require_council(organisation)
    require_staff(actor, organisation, CONFIGURERS, "QA managers and organisation administrators")
    own = _council_theme(theme, organisation)
    name = _clean_name(name)
    if (
        Theme.objects.filter(organisation=organisation, name__iexact=name, retired_at__isnull=True)
        .exclude(pk=own.pk)
        .exists()
    ):
        raise errors.InvalidInput("The list already has a theme with that name", field="name")
    before = {"name": own.name, "description": own.description}
    own.name = name
    if description is not None:
        own.description = description.strip()[:300]
    own.save(update_fields=["name", "description"])
    audit.write(
        now=now,
        actor=actor,
        organisation=organisation,
        action="monitoring.theme_renamed",
        object_type="monitoring.theme",
        object_id=own.pk,
        before=before,
        after={"name": own.name, "description": own.description},
    )
    return own


@transaction.atomic
def retire_theme(*, organisation: Organisation, actor: User, theme: Theme, now: datetime) -> Theme:
    """Take a theme off the council's list: no new findings get it; past findings keep it."""
    require_council(organisation)
    require_staff(actor, organisation, CONFIGURERS, "QA managers and organisation administrators")
    own = _council_theme(theme, organisation)
    if own.retired_at is not None:
        return own
    if (
        Theme.objects.filter(organisation=organisation, retired_at__isnull=True).exclude(pk=own.pk).count()
        == 0
    ):
        raise errors.InvalidInput("The list needs at least one theme", field="theme")
    own.retired_at = now
    own.save(update_fields=["retired_at"])
    audit.write(
        now=now,
        actor=actor,
        organisation=organisation,
        action="monitoring.theme_retired",
        object_type="monitoring.theme",
        object_id=own.pk,
        after={"slug": own.slug},
    )
    return own
