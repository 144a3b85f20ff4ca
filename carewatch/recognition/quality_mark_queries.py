"""Reads of the quality mark for the public site, the finder and the API: the marks held now, and each
council's published scheme (docs/recognition.md, "The quality mark")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from carewatch.core.models import User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.recognition.models import (
    QualityMarkApplication,
    QualityMarkCriterion,
    QualityMarkLetter,
    QualityMarkScheme,
    QualityMarkState,
    QualityMarkTier,
)
from carewatch.register.models import Location


@dataclass(frozen=True)
class HeldMark:
    scheme: str  # "Oldham Quality Mark"
    tier: str  # "Gold"
    council: str
    council_id: int
    expires_on: date


def held_marks(location_ids: Iterable[str], *, today: date) -> dict[str, list[HeldMark]]:
    """Of these services, those holding a council's quality mark today (awarded, in date, not suspended),
    each with its marks, highest tier first (one query). ``location_ids`` may be a query of ids: a subquery."""
    rows = (
        QualityMarkApplication.objects.filter(
            location_id__in=location_ids if isinstance(location_ids, QuerySet) else list(location_ids),
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
) -> list[tuple[QualityMarkCriterion, bool | None, str, str]]:
    """Each assessed criterion of the tier, with the officer's judgement, note and evidence (None, "", ""
    before assessment)."""
    done = {a.criterion_id: a for a in application.assessments.all().order_by("pk")}
    return [
        (
            c,
            done[c.pk].met if c.pk in done else None,
            done[c.pk].note if c.pk in done else "",
            done[c.pk].evidence if c.pk in done else "",
        )
        for c in application.tier.criteria.filter(kind="assessed").order_by("pk")
    ]


# Staff pages: the council's scheme, its applications and awards with what needs doing, and letters.

RENEWAL_DAYS = 90  # as quality_mark_services.RENEWAL_DAYS: awards this close to expiry show "Renew"
COUNCIL_READERS = (Role.QA_OFFICER, Role.QA_MANAGER, Role.COMMISSIONER, Role.ANALYST)


def council_scheme(council_id: int | None) -> QualityMarkScheme | None:
    """The council's own scheme, with its tiers and criteria (None when it has not set one up)."""
    found = QualityMarkScheme.objects.filter(council_id=council_id).values_list("pk", flat=True).first()
    return scheme_with_criteria(found) if found else None


def has_applications(scheme: QualityMarkScheme) -> bool:
    return QualityMarkApplication.objects.filter(scheme=scheme).exists()


@dataclass(frozen=True)
class ApplicationRow:
    application: QualityMarkApplication
    status: str  # "Applied", "Awarded", "Expired", "Flagged for review" …
    to_do: str  # what needs doing next, and by whom; "" when nothing
    weekly_premium: Decimal | None  # £ a week for a current award: tier premium × beds; None otherwise


def _row(application: QualityMarkApplication, *, today: date) -> ApplicationRow:
    state = application.state
    status, to_do = application.get_state_display(), ""
    current = (
        state == QualityMarkState.AWARDED
        and application.starts_on is not None
        and application.expires_on is not None
        and application.starts_on <= today < application.expires_on
    )
    if state == QualityMarkState.APPLIED:
        to_do = "A QA officer assesses it"
    elif state == QualityMarkState.ASSESSED:
        to_do = "A QA manager who did not assess it decides"
    elif state == QualityMarkState.SUSPENDED:
        to_do = "Review it: a QA manager reinstates it when the criteria are met again"
    elif state == QualityMarkState.AWARDED and application.expires_on and application.expires_on <= today:
        status = "Expired"
    elif state == QualityMarkState.AWARDED and application.starts_on and application.starts_on > today:
        status = "Awarded, not started"
    elif application.review_reason:
        status, to_do = "Flagged for review", "Review it: " + application.review_reason
    elif current and application.expires_on and (application.expires_on - today).days <= RENEWAL_DAYS:
        renewing = any(r.state != QualityMarkState.REFUSED for r in application.renewals.all())
        to_do = (
            "" if renewing else f"Renew it before {application.expires_on.day} {application.expires_on:%B %Y}"
        )
    premium = application.tier.premium_per_bed
    weekly = (
        premium * application.location.beds
        if current and premium is not None and application.location.beds
        else None
    )
    return ApplicationRow(application, status, to_do, weekly)


def application_rows(user: User, *, today: date) -> list[ApplicationRow]:
    """The applications and awards the person may read, newest first, each with its status and what needs
    doing: the council's QA staff see all of their scheme's; commissioners and analysts its awards; a
    provider's people those for its services."""
    organisation = user.organisation
    if (
        organisation is not None
        and organisation.kind == OrganisationKind.COUNCIL
        and not (user.has_role(Role.QA_OFFICER) or user.has_role(Role.QA_MANAGER))
    ):
        found = (
            QualityMarkApplication.objects.filter(
                scheme__council=organisation,
                state__in=[QualityMarkState.AWARDED, QualityMarkState.SUSPENDED],
            )
            if user.has_role(*COUNCIL_READERS)
            else QualityMarkApplication.objects.none()
        )
    else:
        found = applications_visible_to(user)
    rows = (
        found.select_related("scheme__council", "tier", "location")
        .prefetch_related("renewals")
        .order_by("-applied_at", "-pk")
    )
    return [_row(a, today=today) for a in rows]


def waiting_for(user: User, *, today: date) -> list[ApplicationRow]:
    """Of the person's council's applications and awards, those waiting for someone like them: to assess
    (QA officers and managers), to decide (QA managers, not the assessor), flagged, suspended or due for
    renewal (QA staff). For "My work"."""
    organisation = user.organisation
    if (
        organisation is None
        or organisation.kind != OrganisationKind.COUNCIL
        or not (user.has_role(Role.QA_OFFICER) or user.has_role(Role.QA_MANAGER))
    ):
        return []
    rows = [r for r in application_rows(user, today=today) if r.to_do]
    manager = user.has_role(Role.QA_MANAGER)
    return [
        r
        for r in rows
        if r.application.state != QualityMarkState.ASSESSED
        or (manager and r.application.assessed_by_id != user.pk)
    ]


def letters_of(application: QualityMarkApplication) -> QuerySet[QualityMarkLetter]:
    return QualityMarkLetter.objects.filter(application=application).order_by("created_at", "pk")


def letter_for(user: User, letter_id: int) -> QualityMarkLetter:
    """A letter about an application the person may read (``DoesNotExist`` otherwise)."""
    return QualityMarkLetter.objects.select_related("application").get(
        pk=letter_id, application__in=applications_visible_to(user)
    )


# Figures: holders by tier, awards and withdrawals (for insights' dashboard and committee report).


@dataclass(frozen=True)
class TierFigures:
    scheme: str
    tier: str
    rank: int
    holders: int  # services holding it on the day
    awarded: int  # awards decided in the period
    withdrawn: int  # suspended in the period
    weekly_premium: Decimal  # £ a week for the holders: premium × beds


def figures(council_ids: Iterable[int], *, since: date, until: date) -> list[TierFigures]:
    """For each tier of these councils' schemes: holders on ``until``, awards made and awards suspended
    (withdrawn) in the period after ``since`` up to ``until``, and the weekly premium for the holders."""
    found = []
    tiers = (
        QualityMarkTier.objects.filter(scheme__council_id__in=list(council_ids))
        .select_related("scheme")
        .order_by("scheme__name", "rank")
    )
    for tier in tiers:
        applications = QualityMarkApplication.objects.filter(tier=tier)
        holding = list(
            applications.filter(
                state=QualityMarkState.AWARDED, starts_on__lte=until, expires_on__gt=until
            ).values_list("location__beds", flat=True)
        )
        premium = tier.premium_per_bed or Decimal("0")
        found.append(
            TierFigures(
                scheme=tier.scheme.name,
                tier=tier.name,
                rank=tier.rank,
                holders=len(holding),
                awarded=applications.filter(
                    decided_at__date__gt=since,
                    decided_at__date__lte=until,
                    state__in=[QualityMarkState.AWARDED, QualityMarkState.SUSPENDED],
                ).count(),
                withdrawn=applications.filter(suspended_on__gt=since, suspended_on__lte=until).count(),
                weekly_premium=premium * sum(beds or 0 for beds in holding),
            )
        )
    return found


def locations_to_nominate(council_local_authority_id: str | None) -> list[Location]:
    """Active services in the council's area, by name, for an officer to nominate."""
    if not council_local_authority_id:
        return []
    return list(
        Location.objects.filter(local_authority_id=council_local_authority_id, is_active=True).order_by(
            "name", "id"
        )
    )


def locations_to_apply_for(provider_id: str | None) -> list[Location]:
    """The provider's active services, by name, for its manager to apply for."""
    if not provider_id:
        return []
    return list(Location.objects.filter(provider_id=provider_id, is_active=True).order_by("name", "id"))


def current_awards(*, today: date, local_authority: str = "") -> QuerySet[QualityMarkApplication]:
    """Every quality mark held today (awarded, in date, not suspended), as the badges show them, by service
    name; ``local_authority``: only the marks of that council's scheme. For the open API."""
    found = QualityMarkApplication.objects.filter(
        state=QualityMarkState.AWARDED, starts_on__lte=today, expires_on__gt=today
    )
    if local_authority:
        found = found.filter(scheme__council__local_authority_id=local_authority)
    return found.select_related("location", "scheme__council", "tier").order_by("location__name", "pk")
