"""Every write of the quality mark (docs/recognition.md, "The quality mark"): keyword-only, ``now`` passed
in, one transaction and one audit entry each; bad input raises ``errors.InvalidInput`` naming every field
at fault, and nothing is saved.

define_scheme → apply_for_mark → assess_application (an officer) → decide_application (a manager, never
the assessor) → review_awards (every day: a failing "must hold" criterion suspends the award at once,
any other failing criterion flags it for review).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.recognition import quality_mark_criteria as criteria
from carewatch.recognition import quality_mark_evidence
from carewatch.recognition.errors import InvalidInput, NotPermitted
from carewatch.recognition.models import (
    QualityMarkApplication,
    QualityMarkAssessment,
    QualityMarkCriterion,
    QualityMarkScheme,
    QualityMarkState,
    QualityMarkTier,
)
from carewatch.register.models import Location

NAME_LIMIT = 120
TIER_LIMIT = 60
NOTE_LIMIT = 1000
DEFAULT_MONTHS = 12


@dataclass(frozen=True)
class CriterionInput:
    kind: str  # a key of quality_mark_criteria.RULES, or "assessed"
    level: str = ""  # no_open_case only
    standard: str = ""  # assessed only
    must_hold: bool = False


@dataclass(frozen=True)
class TierInput:
    name: str
    criteria: Sequence[CriterionInput]


def _council_staff(actor: User, council: Organisation, *roles: str) -> None:
    if council.kind != OrganisationKind.COUNCIL:
        raise NotPermitted("Only a council runs a quality mark")
    if (
        not actor.is_active
        or actor.organisation_id != council.pk
        or not any(actor.has_role(r) for r in roles)
    ):
        raise NotPermitted(f"Only staff at {council.name} with the right role can do this")


def _criterion_problems(prefix: str, item: CriterionInput) -> list[tuple[str, str]]:
    if item.kind == criteria.ASSESSED:
        if not item.standard.strip():
            return [(f"{prefix}-standard", "Write the standard an officer assesses against")]
        return []
    if item.kind not in criteria.RULES:
        return [(f"{prefix}-kind", "Choose a criterion from the list")]
    if item.kind == criteria.NO_OPEN_CASE and item.level not in criteria.LEVELS:
        return [(f"{prefix}-level", "Choose the ladder level from which an open case counts")]
    return []


def _strictness(tier: TierInput) -> dict[str, str]:
    """Computed criteria of a tier, each with its level ("" for all but no_open_case)."""
    return {c.kind: c.level for c in tier.criteria if c.kind != criteria.ASSESSED}


def scheme_problems(name: str, tiers: Sequence[TierInput]) -> list[tuple[str, str]]:
    """Every problem with a scheme, each ``(field, message)``; tiers run from the highest to the lowest."""
    problems: list[tuple[str, str]] = []
    if not name.strip():
        problems.append(("name", "Enter the name of the quality mark"))
    elif len(name) > NAME_LIMIT:
        problems.append(("name", f"The name must be {NAME_LIMIT} characters or fewer"))
    if not tiers:
        problems.append(("tier-1-name", "Add at least one tier"))
    seen: set[str] = set()
    for number, tier in enumerate(tiers, start=1):
        field = f"tier-{number}"
        if not tier.name.strip() or len(tier.name) > TIER_LIMIT:
            problems.append(
                (f"{field}-name", f"Enter the name of tier {number}, {TIER_LIMIT} characters or fewer")
            )
        elif tier.name.strip().lower() in seen:
            problems.append((f"{field}-name", f"Tier {number} has the same name as a tier above it"))
        seen.add(tier.name.strip().lower())
        if not tier.criteria:
            problems.append((f"{field}-criteria", f"Add at least one criterion to tier {number}"))
        kinds = [c.kind for c in tier.criteria if c.kind != criteria.ASSESSED]
        if len(kinds) != len(set(kinds)):
            problems.append((f"{field}-criteria", f"Tier {number} lists a criterion twice"))
        for index, item in enumerate(tier.criteria, start=1):
            problems += _criterion_problems(f"{field}-criterion-{index}", item)
    for number in range(1, len(tiers)):
        higher, lower = _strictness(tiers[number - 1]), _strictness(tiers[number])
        for kind, level in lower.items():
            title = criteria.RULES[kind][0] if kind in criteria.RULES else kind
            if kind not in higher:
                problems.append(
                    (
                        f"tier-{number + 1}-criteria",
                        f"{tiers[number].name or f'Tier {number + 1}'} asks for “{title}”, which "
                        f"{tiers[number - 1].name or f'tier {number}'} above it does not: a lower tier "
                        "cannot be stricter than a higher one",
                    )
                )
            elif kind == criteria.NO_OPEN_CASE and level and higher[kind] and level < higher[kind]:
                problems.append(
                    (
                        f"tier-{number + 1}-criteria",
                        f"{tiers[number].name} counts open cases from level {level}, stricter than "
                        f"{tiers[number - 1].name} above it (level {higher[kind]})",
                    )
                )
    return problems


def define_scheme(
    *, council: Organisation, actor: User, name: str, tiers: Sequence[TierInput], now: datetime
) -> QualityMarkScheme:
    """Set up (or replace the tiers of) the council's quality mark. Tiers in use by an application stay."""
    _council_staff(actor, council, Role.QA_MANAGER)
    problems = scheme_problems(name, tiers)
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        scheme, created = QualityMarkScheme.objects.update_or_create(
            council=council, defaults={"name": name.strip(), "changed_at": now}
        )
        if not created and QualityMarkApplication.objects.filter(scheme=scheme).exists():
            raise InvalidInput([("name", "Services have applied under this scheme: its tiers cannot change")])
        QualityMarkCriterion.objects.filter(tier__scheme=scheme).delete()
        QualityMarkTier.objects.filter(scheme=scheme).delete()
        for rank, tier in enumerate(tiers, start=1):
            row = QualityMarkTier.objects.create(scheme=scheme, name=tier.name.strip(), rank=rank)
            QualityMarkCriterion.objects.bulk_create(
                QualityMarkCriterion(
                    tier=row,
                    kind=c.kind,
                    level=c.level if c.kind == criteria.NO_OPEN_CASE else "",
                    standard=c.standard.strip() if c.kind == criteria.ASSESSED else "",
                    must_hold=c.must_hold,
                )
                for c in tier.criteria
            )
        audit.write(
            now=now,
            actor=actor,
            organisation=council,
            action="quality_mark.scheme_defined",
            object_type="quality_mark_scheme",
            object_id=scheme.pk,
            after={"name": scheme.name, "tiers": [t.name for t in tiers]},
        )
    return scheme


def apply_for_mark(
    *, scheme: QualityMarkScheme, tier: QualityMarkTier, location: Location, actor: User, now: datetime
) -> QualityMarkApplication:
    """A provider manager applies for its own service, or a QA officer of the scheme's council nominates one."""
    nominated = actor.organisation_id == scheme.council_id
    if nominated:
        _council_staff(actor, scheme.council, Role.QA_OFFICER, Role.QA_MANAGER)
    else:
        employer = actor.organisation
        if (
            employer is None
            or employer.kind != OrganisationKind.PROVIDER
            or employer.provider_id != location.provider_id
            or not actor.has_role(Role.PROVIDER_MANAGER)
        ):
            raise NotPermitted("Only the service's provider manager or the council's QA staff can apply")
    if tier.scheme_id != scheme.pk:
        raise InvalidInput([("tier", "Choose a tier of this quality mark")])
    if (
        location.local_authority_id is None
        or location.local_authority_id != scheme.council.local_authority_id
    ):
        raise InvalidInput(
            [
                (
                    "location",
                    f"{location.name} is not in {scheme.council.name}'s area, so {scheme.name} cannot be given to it",
                )
            ]
        )
    if QualityMarkApplication.objects.filter(
        scheme=scheme, location=location, state__in=[QualityMarkState.APPLIED, QualityMarkState.ASSESSED]
    ).exists():
        raise InvalidInput(
            [("location", f"{location.name} already has an application waiting for a decision")]
        )
    with transaction.atomic():
        application = QualityMarkApplication.objects.create(
            scheme=scheme, tier=tier, location=location, nominated=nominated, applied_at=now, applied_by=actor
        )
        audit.write(
            now=now,
            actor=actor,
            organisation=scheme.council,
            action="quality_mark.nominated" if nominated else "quality_mark.applied",
            object_type="quality_mark_application",
            object_id=application.pk,
            after={"location": location.pk, "tier": tier.name},
        )
    return application


@dataclass(frozen=True)
class Judgement:
    criterion: QualityMarkCriterion
    result: criteria.Result

    @property
    def words(self) -> str:
        return criteria.describe(
            self.criterion.kind, level=self.criterion.level, standard=self.criterion.standard
        )


def computed_now(application: QualityMarkApplication, *, today: date) -> list[Judgement]:
    """Which computed criteria of the application's tier are met today, with the evidence behind each."""
    evidence = quality_mark_evidence.gather(
        [application.location_id], council=application.scheme.council, today=today
    )[application.location_id]
    return [
        Judgement(c, criteria.evaluate(c.kind, evidence, today=today, level=c.level))
        for c in application.tier.criteria.exclude(kind=criteria.ASSESSED).order_by("pk")
    ]


def assess_application(
    *,
    application: QualityMarkApplication,
    actor: User,
    judgements: dict[int, tuple[bool, str]],
    now: datetime,
) -> QualityMarkApplication:
    """An officer's judgement, ``criterion id → (met, note)``, of every assessed criterion of the tier."""
    _council_staff(actor, application.scheme.council, Role.QA_OFFICER, Role.QA_MANAGER)
    if application.state != QualityMarkState.APPLIED:
        raise NotPermitted("This application has already been assessed")
    problems = []
    assessed = list(application.tier.criteria.filter(kind=criteria.ASSESSED).order_by("pk"))
    for number, criterion in enumerate(assessed, start=1):
        met, note = judgements.get(criterion.pk, (None, ""))
        if met is None:
            problems.append((f"criterion-{criterion.pk}-met", f"Say whether criterion {number} is met"))
        if not note.strip() or len(note) > NOTE_LIMIT:
            problems.append(
                (
                    f"criterion-{criterion.pk}-note",
                    f"Write a note on criterion {number}, up to {NOTE_LIMIT} characters",
                )
            )
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        QualityMarkAssessment.objects.bulk_create(
            QualityMarkAssessment(
                application=application,
                criterion=c,
                met=judgements[c.pk][0],
                note=judgements[c.pk][1].strip(),
            )
            for c in assessed
        )
        application.state = QualityMarkState.ASSESSED
        application.assessed_at, application.assessed_by = now, actor
        application.save(update_fields=["state", "assessed_at", "assessed_by"])
        audit.write(
            now=now,
            actor=actor,
            organisation=application.scheme.council,
            action="quality_mark.assessed",
            object_type="quality_mark_application",
            object_id=application.pk,
            after={str(c.pk): judgements[c.pk][0] for c in assessed},
        )
    return application


def decide_application(
    *,
    application: QualityMarkApplication,
    actor: User,
    award: bool,
    starts_on: date | None,
    expires_on: date | None = None,
    note: str = "",
    now: datetime,
) -> QualityMarkApplication:
    """A QA manager, never the officer who assessed it, awards the mark (expiry default: 12 months on) or refuses."""
    _council_staff(actor, application.scheme.council, Role.QA_MANAGER)
    if application.state != QualityMarkState.ASSESSED:
        raise NotPermitted("Only an assessed application can be decided")
    if actor.pk == application.assessed_by_id:
        raise NotPermitted("Someone other than the officer who assessed it must decide")
    problems = []
    if award:
        if starts_on is None:
            problems.append(("starts_on", "Enter the date the award starts"))
        else:
            expires_on = expires_on or criteria.months_before(starts_on, -DEFAULT_MONTHS)
            if expires_on <= starts_on:
                problems.append(("expires_on", "The expiry date must be after the start date"))
    elif not note.strip():
        problems.append(("note", "Say why the mark is refused"))
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        application.state = QualityMarkState.AWARDED if award else QualityMarkState.REFUSED
        application.decided_at, application.decided_by = now, actor
        application.decision_note = note.strip()[:500]
        if award:
            application.starts_on, application.expires_on = starts_on, expires_on
        application.save()
        audit.write(
            now=now,
            actor=actor,
            organisation=application.scheme.council,
            action="quality_mark.awarded" if award else "quality_mark.refused",
            object_type="quality_mark_application",
            object_id=application.pk,
            after={"starts_on": str(starts_on), "expires_on": str(expires_on)} if award else {"note": note},
        )
    return application


def current_awards(today: date) -> list[QualityMarkApplication]:
    return list(
        QualityMarkApplication.objects.filter(
            state=QualityMarkState.AWARDED, starts_on__lte=today, expires_on__gt=today
        )
        .select_related("scheme__council", "tier")
        .order_by("pk")
    )


def review_awards(*, today: date, now: datetime) -> tuple[int, int]:
    """Re-judge every current award's computed criteria: a failing "must hold" criterion suspends it at
    once, any other failing criterion flags it for review. Returns (suspended, flagged)."""
    suspended = flagged = 0
    awards = current_awards(today)
    by_council: dict[int, list[QualityMarkApplication]] = {}
    for award in awards:
        by_council.setdefault(award.scheme.council_id, []).append(award)
    for group in by_council.values():
        evidence = quality_mark_evidence.gather(
            [a.location_id for a in group], council=group[0].scheme.council, today=today
        )
        for award in group:
            failing = [
                (c, criteria.evaluate(c.kind, evidence[award.location_id], today=today, level=c.level))
                for c in award.tier.criteria.exclude(kind=criteria.ASSESSED).order_by("pk")
            ]
            failing = [(c, r) for c, r in failing if not r.met]
            must = [r.evidence for c, r in failing if c.must_hold]
            if must:
                _suspend(award, reason="; ".join(must), today=today, now=now)
                suspended += 1
            elif failing and not award.review_reason:
                _flag(award, reason="; ".join(r.evidence for _, r in failing), today=today, now=now)
                flagged += 1
    return suspended, flagged


def _suspend(award: QualityMarkApplication, *, reason: str, today: date, now: datetime) -> None:
    with transaction.atomic():
        award.state = QualityMarkState.SUSPENDED
        award.suspended_on, award.suspension_reason = today, reason[:500]
        award.save(update_fields=["state", "suspended_on", "suspension_reason"])
        audit.write(
            now=now,
            actor=None,
            organisation=award.scheme.council,
            action="quality_mark.suspended",
            object_type="quality_mark_application",
            object_id=award.pk,
            after={"reason": award.suspension_reason},
            label="carewatch review-quality-marks",
        )


def _flag(award: QualityMarkApplication, *, reason: str, today: date, now: datetime) -> None:
    with transaction.atomic():
        award.review_flagged_on, award.review_reason = today, reason[:500]
        award.save(update_fields=["review_flagged_on", "review_reason"])
        audit.write(
            now=now,
            actor=None,
            organisation=award.scheme.council,
            action="quality_mark.flagged",
            object_type="quality_mark_application",
            object_id=award.pk,
            after={"reason": award.review_reason},
            label="carewatch review-quality-marks",
        )


def today_of(now: datetime) -> date:
    return timezone.localdate(now)
