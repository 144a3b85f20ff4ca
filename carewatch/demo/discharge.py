"""Demo discharge referrals for a council (docs/discharge.md), in every state, through the services:

    from carewatch.demo import discharge as discharge_demo
    discharge_demo.generate_demo_referrals(organisation=council, rng_seed=1, today=today, now=now)

Made by the council's discharge coordinator over the last 60 days, searching from the centre of the
council's area: most placed (at the first care home whose return then had a bed of the type accepting
admissions, after 0 to 25 days, so every published band has some), some with a decline first, some with
delays from the fixed list; two waiting for providers (one past its time limit), one not sent yet, one
cancelled. Providers answer as "demo data" unless the demo provider's manager runs the home. Each referral
is one transaction with its own random numbers; references already there are skipped, so a run stopped part
way is finished by the next. Needs capacity's demo returns (``demo.capacity``) first.
"""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from carewatch.capacity.models import BedReturn, CapacityReturn
from carewatch.core.models import Organisation, User
from carewatch.core.roles import Role
from carewatch.discharge import errors, services
from carewatch.discharge.models import Referral
from carewatch.discharge.services import ReferralInput
from carewatch.discharge.vocabulary import DelayReason
from carewatch.register.models import Location

LABEL = "demo data"
COUNT = 24
DECLINE_REASONS = (
    "We cannot meet the person's nursing needs",
    "The bed is held for another admission",
    "No staff to admit at the weekend",
)


@dataclass(frozen=True)
class DischargeSummary:
    referrals: int = 0
    placements: int = 0


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour=hour)))


def _homes_with_beds(organisation: Organisation, on: datetime) -> list[tuple[str, str]]:
    """(location id, bed type) with a vacancy accepting admissions in the home's latest return before ``on``
    (within the last 35 days)."""
    latest: dict[str, int] = {}
    returns = (
        CapacityReturn.objects.filter(
            location__local_authority_id=organisation.local_authority_id,
            location__care_home=True,
            reported_at__lte=on,
            reported_at__gte=on - timedelta(days=35),
        )
        .order_by("location_id", "-reported_at", "-id")
        .values_list("location_id", "id")
    )
    for location_id, return_id in returns:
        latest.setdefault(location_id, return_id)
    rows = (
        BedReturn.objects.filter(capacity_return_id__in=latest.values(), vacant_accepting__gt=0, closed=False)
        .order_by("capacity_return__location_id", "bed_type")
        .values_list("capacity_return__location_id", "bed_type")
    )
    homes = {home.pk: home for home in Location.objects.filter(pk__in=list(latest))}
    return [
        (location_id, bed_type)
        for location_id, bed_type in rows
        if services.beds_free(location=homes[location_id], bed_type=bed_type, now=on) > 0
    ]


def _manager_of(location_id: str) -> User | None:
    return (
        User.objects.filter(
            organisation__provider__locations__id=location_id, role_grants__role=Role.PROVIDER_MANAGER
        )
        .order_by("id")
        .first()
    )


def _one(
    organisation: Organisation,
    coordinator: User,
    index: int,
    seed: int,
    today: date,
    now: datetime,
    search_from: str,
) -> bool:
    """Referral ``index``: its state follows from its index (the last few stay open, waiting or cancelled)."""
    rng = random.Random(f"{seed}:discharge:{index}")
    ready = today - timedelta(days=58 - index * 2)
    made_at = _moment(ready + timedelta(days=rng.randint(0, 2)), rng.randint(9, 15))
    state = (
        "placed"
        if index < COUNT - 5
        else ("open", "waiting", "late", "cancelled", "delayed")[index - COUNT + 5]
    )
    wait = rng.choice((0, 1, 2, 3, 5, 8, 10, 15, 22)) if state == "placed" else 25
    sent_at = max(made_at + timedelta(hours=1), _moment(ready + timedelta(days=wait), 10))
    if state in ("waiting", "late"):
        sent_at = now - timedelta(hours=1 if state == "waiting" else 30)
    sent_at = min(sent_at, now - timedelta(hours=3))
    homes = _homes_with_beds(organisation, sent_at)
    if not homes:
        return False
    location_id, bed_type = homes[rng.randrange(len(homes))]
    others = [h for h in homes if h[0] != location_id and h[1] == bed_type][:2]
    referral = services.create_referral(
        organisation=organisation,
        actor=coordinator,
        details=ReferralInput(
            reference=f"DEMO-{index + 1:03d}",
            pathway=rng.choice(("2", "3", "3")),
            funding=rng.choice(("council", "council", "nhs_chc", "self")),
            search_from=search_from,
            ready_on=ready,
            bed_type=bed_type,
            dementia="dementia" in bed_type,
            nursing="nursing" in bed_type,
            bariatric=rng.random() < 0.1,
        ),
        now=made_at,
    )
    if state == "open":
        return True
    requests = services.send_requests(
        referral=referral,
        actor=coordinator,
        location_ids=[location_id, *[h[0] for h in others]],
        now=sent_at,
    )
    if state in ("waiting", "late"):
        return True
    if state == "cancelled":
        services.cancel_referral(
            referral=referral,
            actor=coordinator,
            reason="The person's needs changed",
            now=sent_at + timedelta(hours=2),
        )
        return True
    if wait > 1 or state == "delayed":
        services.record_delay(
            referral=referral,
            actor=coordinator,
            reason=rng.choice([r.value for r in DelayReason if r != DelayReason.OTHER]),
            now=made_at + timedelta(hours=2),
        )
    for other in requests[1:2]:
        if rng.random() < 0.5:
            services.decline_request(
                request=other,
                actor=_manager_of(other.location_id),
                reason=rng.choice(DECLINE_REASONS),
                now=sent_at + timedelta(hours=1),
                label=LABEL,
            )
    if state == "delayed":
        return True
    # The bed may have gone to an earlier demo referral: this one then stays waiting.
    with contextlib.suppress(errors.DischargeError):
        services.accept_request(
            request=requests[0],
            actor=_manager_of(requests[0].location_id),
            now=sent_at + timedelta(hours=2),
            label=LABEL,
        )
    return True


def generate_demo_referrals(
    *, organisation: Organisation, rng_seed: int, today: date, now: datetime
) -> DischargeSummary:
    coordinator = (
        User.objects.filter(organisation=organisation, role_grants__role=Role.DISCHARGE_COORDINATOR)
        .order_by("id")
        .first()
    )
    if coordinator is None or organisation.local_authority is None:
        return DischargeSummary()
    done = set(Referral.objects.filter(organisation=organisation).values_list("reference", flat=True))
    made = 0
    for index in range(COUNT):
        if f"DEMO-{index + 1:03d}" in done:
            continue
        with transaction.atomic():
            made += _one(
                organisation, coordinator, index, rng_seed, today, now, organisation.local_authority.name
            )
    placements = Referral.objects.filter(organisation=organisation, state="placed").count()
    return DischargeSummary(referrals=made, placements=placements)
