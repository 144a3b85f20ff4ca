"""Discharge figures for insights and dashboards: plain values, scoped by an ``OwnerScope`` (the councils or
ICBs whose referrals count; insights maps a council, ICB or region to them with
``sources.council_ids_by_area``). Aggregates only: no referral can be picked out.

- :func:`discharge_figures`: placements, days to place by the published bands, delays by reason and
  people still waiting, in the 12 months to a date.
- :func:`placement_days`: per organisation, the days from referral to placement of each placement in the
  12 months to a date: what the commissioner rating's "discharge placement speed" measure reads (its
  median, like ``cases.figures.improvement_days`` for improvement speed).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from carewatch.core import access
from carewatch.discharge.models import Delay, Placement, Referral
from carewatch.discharge.vocabulary import BAND_LABELS, DelayReason, band_of


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class DischargeFigures:
    on: date
    referrals: int  # made in the 12 months to ``on``
    placements: int  # placed in the 12 months to ``on``
    median_days_to_place: float | None  # ready date → placement
    by_band: dict[str, int] = field(default_factory=dict)  # ready date → placement, published bands
    waiting_by_band: dict[str, int] = field(default_factory=dict)  # not placed or cancelled at ``on``
    delays_by_reason: dict[str, int] = field(default_factory=dict)  # reason label → delays recorded


def discharge_figures(*, owners: access.OwnerScope, on: date) -> DischargeFigures:
    """The discharge figures of ``owners``' referrals as they stood at the end of ``on``."""
    end, start = _end_of(on), _end_of(_year_before(on))
    referrals = owners.filter(Referral.objects.all())
    made = referrals.filter(created_at__gte=start, created_at__lt=end).count()
    placed = owners.filter(
        Placement.objects.filter(placed_at__gte=start, placed_at__lt=end), "referral__organisation"
    ).values_list("referral__ready_on", "placed_at")
    days = [max(0, (timezone.localdate(placed_at) - ready_on).days) for ready_on, placed_at in placed]
    by_band = Counter(band_of(d) for d in days)
    waiting = (
        referrals.filter(created_at__lt=end)
        .exclude(placement__placed_at__lt=end)
        .exclude(Q(cancelled_at__isnull=False) & Q(cancelled_at__lt=end))
        .values_list("ready_on", flat=True)
    )
    waiting_by_band = Counter(band_of(max(0, (on - ready_on).days)) for ready_on in waiting)
    reasons = Counter(
        owners.filter(
            Delay.objects.filter(recorded_at__gte=start, recorded_at__lt=end), "referral__organisation"
        ).values_list("reason", flat=True)
    )
    return DischargeFigures(
        on=on,
        referrals=made,
        placements=len(days),
        median_days_to_place=float(statistics.median(days)) if days else None,
        by_band={label: by_band.get(label, 0) for label in BAND_LABELS},
        waiting_by_band={label: waiting_by_band.get(label, 0) for label in BAND_LABELS},
        delays_by_reason={reason.label: reasons.get(reason.value, 0) for reason in DelayReason},
    )


def placement_days(*, on: date, owners: access.OwnerScope) -> dict[int, list[int]]:
    """Per organisation: days from referral to placement of each placement in the 12 months to ``on``."""
    end, start = _end_of(on), _end_of(_year_before(on))
    rows = owners.filter(
        Placement.objects.filter(placed_at__gte=start, placed_at__lt=end), "referral__organisation"
    ).values_list("referral__organisation_id", "referral__created_at", "placed_at")
    result: dict[int, list[int]] = defaultdict(list)
    for organisation_id, created_at, placed_at in rows.order_by("id"):
        result[organisation_id].append(
            max(0, (timezone.localdate(placed_at) - timezone.localdate(created_at)).days)
        )
    return dict(result)
