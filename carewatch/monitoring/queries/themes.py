"""Reads of a council's theme list, and the text model's suggestions mapped onto it."""

from __future__ import annotations

from carewatch.core.models import Organisation
from carewatch.monitoring import themes as theme_model
from carewatch.monitoring.models import Theme


def themes_for(organisation: Organisation | None) -> list[Theme]:
    """The council's active theme list: its own copy once it has edited the list, else the defaults."""
    own = (
        Theme.objects.filter(organisation=organisation) if organisation is not None else Theme.objects.none()
    )
    chosen = own if own.exists() else Theme.objects.filter(organisation__isnull=True)
    return list(
        chosen.filter(retired_at__isnull=True).select_related("based_on").order_by("position", "name", "id")
    )


def retired_themes(organisation: Organisation) -> list[Theme]:
    """The council's retired themes (past findings keep them), by name."""
    return list(
        Theme.objects.filter(organisation=organisation, retired_at__isnull=False).order_by("name", "id")
    )


def suggest_themes_for(
    *, organisation: Organisation | None, text: str, limit: int = 3
) -> list[tuple[Theme, float]]:
    """The text model's suggestions mapped onto the council's active list, most likely first.

    A council's copy of a default theme (even renamed) takes the default's probability; retired themes
    and themes the council added itself are never suggested. Probabilities are the model's, over all
    default themes, so they can sum to less than 1 here.
    """
    listed = themes_for(organisation)
    by_slug = {
        (t.based_on.slug if t.based_on is not None else t.slug): t
        for t in listed
        if t.based_on_id or t.organisation_id is None
    }
    suggestions = []
    for slug, probability in theme_model.suggest_theme(text, limit=None):
        if slug in by_slug:
            suggestions.append((by_slug[slug], probability))
        if len(suggestions) == limit:
            break
    return suggestions
