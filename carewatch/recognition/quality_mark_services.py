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
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.recognition import quality_mark_criteria as criteria
from carewatch.recognition import quality_mark_evidence, quality_mark_letters
from carewatch.recognition.errors import InvalidInput, NotPermitted
from carewatch.recognition.models import (
    QualityMarkApplication,
    QualityMarkAssessment,
    QualityMarkCriterion,
    QualityMarkLetterKind,
    QualityMarkScheme,
    QualityMarkState,
    QualityMarkTier,
)
from carewatch.register.models import Location

NAME_LIMIT = 120
TIER_LIMIT = 60
NOTE_LIMIT = 1000
DEFAULT_MONTHS = 12
MOST_RESPONSES = 10_000
MOST_PREMIUM = Decimal("1000")  # £ a resident a week: anything above is a typing slip
RENEWAL_DAYS = 90  # an award can be renewed from 90 days before it expires


@dataclass(frozen=True)
class CriterionInput:
    kind: str  # a key of quality_mark_criteria.RULES, or "assessed"
    level: str = ""  # no_open_case only
    standard: str = ""  # assessed only
    must_hold: bool = False
    threshold: Decimal | None = None  # feedback_average only: the lowest average score, 1 to 5
    minimum: int | None = None  # feedback_average only: the fewest responses


@dataclass(frozen=True)
class TierInput:
    name: str
    criteria: Sequence[CriterionInput]
    premium: Decimal | None = None  # £ a resident a week, optional


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
    if item.kind == criteria.FEEDBACK_AVERAGE:
        problems = []
        low, high = criteria.FEEDBACK_SCALE
        if item.threshold is None or not low <= item.threshold <= high:
            problems.append((f"{prefix}-threshold", "The lowest average feedback score must be from 1 to 5"))
        if item.minimum is None or not 1 <= item.minimum <= MOST_RESPONSES:
            problems.append(
                (
                    f"{prefix}-minimum",
                    f"The fewest responses must be a whole number from 1 to {MOST_RESPONSES}",
                )
            )
        return problems
    return []


def _strictness(tier: TierInput) -> dict[str, CriterionInput]:
    """Computed criteria of a tier, by kind."""
    return {c.kind: c for c in tier.criteria if c.kind != criteria.ASSESSED}


def _stricter(lower: CriterionInput, higher: CriterionInput) -> tuple[str, str] | None:
    """How a lower tier's criterion asks more than the same criterion of the tier above (what it asks, and
    what the tier above asks), or None."""
    if lower.kind == criteria.NO_OPEN_CASE and lower.level and higher.level and lower.level < higher.level:
        return f"counts open cases from level {lower.level}", f"level {higher.level}"
    if lower.kind != criteria.FEEDBACK_AVERAGE:
        return None
    if lower.threshold is not None and higher.threshold is not None and lower.threshold > higher.threshold:
        return f"asks for an average feedback score of {lower.threshold}", f"{higher.threshold}"
    if lower.minimum is not None and higher.minimum is not None and lower.minimum > higher.minimum:
        return f"asks for {lower.minimum} feedback responses", f"{higher.minimum}"
    return None


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
        if tier.premium is not None and not Decimal("0") <= tier.premium <= MOST_PREMIUM:
            problems.append(
                (f"{field}-premium", f"The premium for tier {number} must be from £0 to £{MOST_PREMIUM:,.0f}")
            )
    for number in range(1, len(tiers)):
        higher, lower = _strictness(tiers[number - 1]), _strictness(tiers[number])
        lower_name = tiers[number].name or f"Tier {number + 1}"
        higher_name = tiers[number - 1].name or f"tier {number}"
        for kind, item in lower.items():
            title = criteria.RULES[kind][0] if kind in criteria.RULES else kind
            if kind not in higher:
                problems.append(
                    (
                        f"tier-{number + 1}-criteria",
                        f"{lower_name} asks for “{title}”, which {higher_name} above it does not: a lower tier "
                        "cannot be stricter than a higher one",
                    )
                )
            elif how := _stricter(item, higher[kind]):
                problems.append(
                    (
                        f"tier-{number + 1}-criteria",
                        f"{lower_name} {how[0]}, stricter than {higher_name} above it ({how[1]})",
                    )
                )
        high_premium, low_premium = tiers[number - 1].premium, tiers[number].premium
        if high_premium is not None and low_premium is not None and low_premium > high_premium:
            problems.append(
                (
                    f"tier-{number + 1}-premium",
                    f"{lower_name} pays a premium of £{low_premium}, more than {higher_name} above it (£{high_premium})",
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
            row = QualityMarkTier.objects.create(
                scheme=scheme, name=tier.name.strip(), rank=rank, premium_per_bed=tier.premium
            )
            feedback = criteria.FEEDBACK_AVERAGE
            QualityMarkCriterion.objects.bulk_create(
                QualityMarkCriterion(
                    tier=row,
                    kind=c.kind,
                    level=c.level if c.kind == criteria.NO_OPEN_CASE else "",
                    standard=c.standard.strip() if c.kind == criteria.ASSESSED else "",
                    threshold=c.threshold if c.kind == feedback else None,
                    minimum=c.minimum if c.kind == feedback else None,
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
            after={
                "name": scheme.name,
                "tiers": [t.name for t in tiers],
                "premiums": [str(t.premium) if t.premium is not None else None for t in tiers],
            },
        )
    return scheme


def apply_for_mark(
    *,
    scheme: QualityMarkScheme,
    tier: QualityMarkTier,
    location: Location,
    actor: User,
    now: datetime,
    renewal_of: QualityMarkApplication | None = None,
) -> QualityMarkApplication:
    """A provider manager applies for its own service, or a QA officer of the scheme's council nominates one
    (``renewal_of``: the award it renews, by a fresh assessment)."""
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
            scheme=scheme,
            tier=tier,
            location=location,
            nominated=nominated,
            applied_at=now,
            applied_by=actor,
            renewal_of=renewal_of,
        )
        audit.write(
            now=now,
            actor=actor,
            organisation=scheme.council,
            action="quality_mark.nominated" if nominated else "quality_mark.applied",
            object_type="quality_mark_application",
            object_id=application.pk,
            after={
                "location": location.pk,
                "tier": tier.name,
                "renewal_of": renewal_of.pk if renewal_of else None,
            },
        )
    return application


@dataclass(frozen=True)
class Judgement:
    criterion: QualityMarkCriterion
    result: criteria.Result

    @property
    def words(self) -> str:
        return words_of(self.criterion)


def words_of(criterion: QualityMarkCriterion) -> str:
    """A stored criterion in words, with its level or thresholds."""
    return criteria.describe(
        criterion.kind,
        level=criterion.level,
        standard=criterion.standard,
        threshold=criterion.threshold,
        minimum=criterion.minimum,
    )


def judge(criterion: QualityMarkCriterion, evidence: criteria.Evidence, *, today: date) -> criteria.Result:
    """One stored computed criterion judged against one service's evidence."""
    return criteria.evaluate(
        criterion.kind,
        evidence,
        today=today,
        level=criterion.level,
        threshold=criterion.threshold,
        minimum=criterion.minimum,
    )


def computed_now(application: QualityMarkApplication, *, today: date) -> list[Judgement]:
    """Which computed criteria of the application's tier are met today, with the evidence behind each."""
    evidence = quality_mark_evidence.gather(
        [application.location_id], council=application.scheme.council, today=today
    )[application.location_id]
    return [
        Judgement(c, judge(c, evidence, today=today))
        for c in application.tier.criteria.exclude(kind=criteria.ASSESSED).order_by("pk")
    ]


def assess_application(
    *,
    application: QualityMarkApplication,
    actor: User,
    judgements: dict[int, tuple[bool, str, str]],
    now: datetime,
) -> QualityMarkApplication:
    """An officer's judgement, ``criterion id → (met, note, evidence)``, of every assessed criterion of the
    tier: the note says why, the evidence what was seen (documents, visit dates, links), both required."""
    _council_staff(actor, application.scheme.council, Role.QA_OFFICER, Role.QA_MANAGER)
    if application.state != QualityMarkState.APPLIED:
        raise NotPermitted("This application has already been assessed")
    problems = []
    assessed = list(application.tier.criteria.filter(kind=criteria.ASSESSED).order_by("pk"))
    for number, criterion in enumerate(assessed, start=1):
        met, note, seen = judgements.get(criterion.pk, (None, "", ""))
        if met is None:
            problems.append((f"criterion-{criterion.pk}-met", f"Say whether criterion {number} is met"))
        if not note.strip() or len(note) > NOTE_LIMIT:
            problems.append(
                (
                    f"criterion-{criterion.pk}-note",
                    f"Write a note on criterion {number}, up to {NOTE_LIMIT} characters",
                )
            )
        if not seen.strip() or len(seen) > NOTE_LIMIT:
            problems.append(
                (
                    f"criterion-{criterion.pk}-evidence",
                    f"Say what evidence you saw for criterion {number}, up to {NOTE_LIMIT} characters",
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
                evidence=judgements[c.pk][2].strip(),
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
    """A QA manager, never the officer who assessed it, awards the mark (expiry default: 12 months on) or refuses.
    Never awarded while a "must hold" criterion fails today: its badge would show until the next daily review
    suspended it (the same rule as ``reinstate_award``)."""
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
    earlier = application.renewal_of
    if (
        award
        and not problems
        and earlier is not None
        and earlier.starts_on
        and starts_on is not None
        and starts_on <= earlier.starts_on
    ):
        problems.append(
            (
                "starts_on",
                f"A renewal must start after the award it renews, which started {_day(earlier.starts_on)}",
            )
        )
    if award and not problems and (failing := failing_must_hold(application, today=today_of(now))):
        problems.append(
            (
                "award",
                "A criterion that must hold is not met today, so the mark cannot be awarded: "
                + "; ".join(failing),
            )
        )
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        if (
            award
            and earlier is not None
            and earlier.expires_on
            and starts_on
            and earlier.expires_on > starts_on
        ):
            earlier.expires_on = starts_on  # the renewal takes over: one mark shows, never two
            earlier.save(update_fields=["expires_on"])
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
                (c, judge(c, evidence[award.location_id], today=today))
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
        letter = quality_mark_letters.write(award, kind=QualityMarkLetterKind.SUSPENDED, today=today, now=now)
        audit.write(
            now=now,
            actor=None,
            organisation=award.scheme.council,
            action="quality_mark.suspended",
            object_type="quality_mark_application",
            object_id=award.pk,
            after={"reason": award.suspension_reason, "letter": letter.pk},
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


def _day(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def failing_must_hold(award: QualityMarkApplication, *, today: date) -> list[str]:
    """The evidence of each "must hold" computed criterion the award's service fails today."""
    return [
        j.result.evidence
        for j in computed_now(award, today=today)
        if j.criterion.must_hold and not j.result.met
    ]


def reinstate_award(
    *, award: QualityMarkApplication, actor: User, reason: str, now: datetime
) -> QualityMarkApplication:
    """A QA manager lifts a suspension after review, when every "must hold" criterion is met again and the
    award has not expired; the provider gets a letter. The expiry stays as it was."""
    _council_staff(actor, award.scheme.council, Role.QA_MANAGER)
    if award.state != QualityMarkState.SUSPENDED:
        raise NotPermitted("Only a suspended award can be reinstated")
    today = today_of(now)
    problems = []
    if not reason.strip() or len(reason) > 500:
        problems.append(("reason", "Say why the award is reinstated, in 500 characters or fewer"))
    if award.expires_on is not None and award.expires_on <= today:
        problems.append(("reason", f"The award expired on {_day(award.expires_on)}: renew it instead"))
    elif failing := failing_must_hold(award, today=today):
        problems.append(("reason", "A criterion that must hold is still not met: " + "; ".join(failing)))
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        award.state = QualityMarkState.AWARDED
        award.reinstated_on = today
        award.review_reason, award.review_flagged_on = "", None
        award.save(update_fields=["state", "reinstated_on", "review_reason", "review_flagged_on"])
        letter = quality_mark_letters.write(
            award, kind=QualityMarkLetterKind.REINSTATED, today=today, now=now, reason=reason.strip()
        )
        audit.write(
            now=now,
            actor=actor,
            organisation=award.scheme.council,
            action="quality_mark.reinstated",
            object_type="quality_mark_application",
            object_id=award.pk,
            before={"suspended_on": str(award.suspended_on), "reason": award.suspension_reason},
            after={"reason": reason.strip(), "letter": letter.pk},
        )
    return award


def clear_review(
    *, award: QualityMarkApplication, actor: User, note: str, now: datetime
) -> QualityMarkApplication:
    """A QA officer or manager has reviewed a flagged award and keeps it: the flag is cleared, with a note."""
    _council_staff(actor, award.scheme.council, Role.QA_OFFICER, Role.QA_MANAGER)
    if award.state != QualityMarkState.AWARDED or not award.review_reason:
        raise NotPermitted("Only an award flagged for review can be marked as reviewed")
    if not note.strip() or len(note) > 500:
        raise InvalidInput([("reason", "Say what the review found, in 500 characters or fewer")])
    with transaction.atomic():
        before = award.review_reason
        award.review_reason, award.review_flagged_on = "", None
        award.save(update_fields=["review_reason", "review_flagged_on"])
        audit.write(
            now=now,
            actor=actor,
            organisation=award.scheme.council,
            action="quality_mark.reviewed",
            object_type="quality_mark_application",
            object_id=award.pk,
            before={"review_reason": before},
            after={"note": note.strip()},
        )
    return award


def renewable(award: QualityMarkApplication, *, today: date) -> bool:
    """An award can be renewed (re-assessed) from RENEWAL_DAYS before it expires until it expires."""
    return (
        award.state == QualityMarkState.AWARDED
        and award.expires_on is not None
        and award.expires_on - timedelta(days=RENEWAL_DAYS) <= today < award.expires_on
        and not award.renewals.exclude(state=QualityMarkState.REFUSED).exists()
    )


def renew_award(*, award: QualityMarkApplication, actor: User, now: datetime) -> QualityMarkApplication:
    """Start the renewal of an award nearing its expiry: a new application for the same tier, assessed and
    decided like any other; once awarded it takes over from the old one."""
    today = today_of(now)
    if not renewable(award, today=today):
        raise InvalidInput(
            [
                (
                    "location",
                    f"An award can be renewed only in the {RENEWAL_DAYS} days before it expires, once",
                )
            ]
        )
    return apply_for_mark(
        scheme=award.scheme, tier=award.tier, location=award.location, actor=actor, now=now, renewal_of=award
    )
