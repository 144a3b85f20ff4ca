"""Reads of the quality mark for the public site, the finder and the API: the marks held now, and each
council's published scheme (docs/recognition.md, "The quality mark")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from carewatch.core.models import User
from carewatch.core.roles import OrganisationKind, Role
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


def applications_visible_to(user: User) -> QuerySet[QualityMarkApplication]:
    """Applications the person may read: their council's QA officers and managers read the applications to
    its scheme; a provider's people read those for services their provider runs; nobody else any."""
    organisation = user.organisation
    if not user.is_active or organisation is None:
        return QualityMarkApplication.objects.none()
    if organisation.kind == OrganisationKind.COUNCIL and (
        user.has_role(Role.QA_OFFICER) or user.has_role(Role.QA_MANAGER)
    ):
        return QualityMarkApplication.objects.filter(scheme__council=organisation)
    if organisation.kind == OrganisationKind.PROVIDER and organisation.provider_id:
        return QualityMarkApplication.objects.filter(location__provider_id=organisation.provider_id)
    return QualityMarkApplication.objects.none()


def application_for(user: User, application_id: int) -> QualityMarkApplication:
    """One application the person may read (``DoesNotExist`` otherwise), with its scheme, tier and service."""
    return (
        applications_visible_to(user)
        .select_related("scheme__council", "tier", "location", "assessed_by", "decided_by")
        .get(pk=application_id)
    )


def assessments_of(
    application: QualityMarkApplication,
) -> list[tuple[QualityMarkCriterion, bool | None, str]]:
    """Each assessed criterion of the tier, with the officer's judgement and note (None before assessment)."""
    done = {a.criterion_id: a for a in application.assessments.all().order_by("pk")}
    return [
        (c, done[c.pk].met if c.pk in done else None, done[c.pk].note if c.pk in done else "")
        for c in application.tier.criteria.filter(kind="assessed").order_by("pk")
    ]
