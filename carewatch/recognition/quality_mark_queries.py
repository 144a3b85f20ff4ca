"""Reads of the quality mark for the public site, the finder and the API: the marks held now, and each
council's published scheme (docs/recognition.md, "The quality mark")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from carewatch.recognition.models import (
    QualityMarkApplication,
    QualityMarkCriterion,
    QualityMarkScheme,
    QualityMarkState,
    QualityMarkTier,
)


@dataclass(frozen=True)
class HeldMark:
    scheme: str  # "Oldham Quality Mark"
    tier: str  # "Gold"
    council: str
    council_id: int
    expires_on: date


def held_marks(location_ids: Iterable[str], *, today: date) -> dict[str, list[HeldMark]]:
    """Of these services, those holding a council's quality mark today (awarded, in date, not suspended),
    each with its marks, highest tier first (one query)."""
    rows = (
        QualityMarkApplication.objects.filter(
            location_id__in=list(location_ids),
            state=QualityMarkState.AWARDED,
            starts_on__lte=today,
            expires_on__gt=today,
        )
        .values_list(
            "location_id",
            "scheme__name",
            "tier__name",
            "scheme__council__name",
            "scheme__council_id",
            "expires_on",
        )
        .order_by("location_id", "scheme__council__name", "tier__rank", "pk")
    )
    found: dict[str, list[HeldMark]] = {}
    for location_id, scheme, tier, council, council_id, expires_on in rows:
        if expires_on is None:  # pragma: no cover - the filter keeps awards with an expiry
            continue
        found.setdefault(location_id, []).append(HeldMark(scheme, tier, council, council_id, expires_on))
    return found


def schemes() -> QuerySet[QualityMarkScheme]:
    """Every council's scheme, by council name, for the public list."""
    return QualityMarkScheme.objects.select_related("council").order_by("council__name", "pk")


def scheme_with_criteria(scheme_id: int) -> QualityMarkScheme | None:
    """One scheme, its tiers (highest first) and each tier's criteria, for the public methodology page."""
    criteria = QualityMarkCriterion.objects.order_by("pk")
    tiers = QualityMarkTier.objects.order_by("rank").prefetch_related(Prefetch("criteria", queryset=criteria))
    return (
        QualityMarkScheme.objects.select_related("council")
        .prefetch_related(Prefetch("tiers", queryset=tiers))
        .filter(pk=scheme_id)
        .first()
    )
