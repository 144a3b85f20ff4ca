"""Figures about the ladder, per council (``organisation``) or for England (``organisation=None``), as at a date.

Definitions (also in docs/ladder.md, "Figures"): dates are local (Europe/London) dates of decisions;
"the period" is the 12 months to ``on`` unless ``since`` is given (``since`` < date <= ``on``).

- **Cases by level**: cases open at the end of ``on``, by the level their status history shows then.
- **Time at each level**: for every stay at a level that ended (by a later decision) on or before
  ``on``, the days from the decision that started it to the one that ended it; the median per level,
  with how many completed stays it rests on and how many stays were still going on ``on``.
- **Escalated / stepped down**: decisions of each kind in the period.
- **Re-entry within 12 months**: cases opened in the period about a location that was in a case of
  the same council closed in the 12 months before (on or before the day of opening).
- **CQC special measures** (from the register, not from cases): adult social care locations
  registered on ``on`` whose latest published overall rating by then is Inadequate; *came out*:
  locations whose rating moved from Inadequate to a better one published in the period; *entered*:
  locations newly rated Inadequate in the period.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from carewatch.cases import ladder
from carewatch.cases.ladder import Decision
from carewatch.cases.models import CaseLocation, CaseStatus
from carewatch.core.models import Organisation
from carewatch.ratings.cqc import INADEQUATE, RATED
from carewatch.register.models import Location, Rating


def twelve_months_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


@dataclass(frozen=True)
class LevelTime:
    level: str
    completed_stays: int
    median_days: float | None
    ongoing_stays: int


@dataclass(frozen=True)
class CaseFigures:
    area: str
    on: date
    since: date
    open_cases: int
    by_level: dict[str, int]
    time_at_level: dict[str, LevelTime]
    opened: int
    closed: int
    escalated: int
    stepped_down: int
    re_entries: int

    def as_dict(self) -> dict:
        data = asdict(self)
        data["on"], data["since"] = self.on.isoformat(), self.since.isoformat()
        return data


@dataclass(frozen=True)
class SpecialMeasuresFigures:
    area: str
    on: date
    since: date
    in_special_measures: int
    entered: int
    came_out: int
    location_ids: list[str] = field(default_factory=list)  # those in special measures on ``on``

    def as_dict(self) -> dict:
        data = asdict(self)
        data["on"], data["since"] = self.on.isoformat(), self.since.isoformat()
        return data


def case_figures(
    *, on: date, organisation: Organisation | None = None, since: date | None = None
) -> CaseFigures:
    """Ladder figures for a council, or for every council in carewatch (England) when ``organisation`` is None."""
    since = since or twelve_months_before(on)
    statuses = CaseStatus.objects.filter(decided_at__lt=_end_of(on))
    if organisation is not None:
        statuses = statuses.filter(case__organisation=organisation)
    rows = statuses.order_by("case_id", "revision").values_list(
        "case_id", "decision", "level", "decided_at", "case__organisation_id"
    )
    history: dict[int, list[tuple[str, str, date]]] = defaultdict(list)
    owner: dict[int, int] = {}
    for case_id, decision, level, decided_at, organisation_id in rows:
        history[case_id].append((decision, level, timezone.localdate(decided_at)))
        owner[case_id] = organisation_id

    by_level = dict.fromkeys(ladder.ORDER, 0)
    stays: dict[str, list[int]] = defaultdict(list)
    ongoing: dict[str, int] = defaultdict(int)
    counts = dict.fromkeys(Decision.values, 0)
    openings: list[tuple[int, date]] = []
    closures: list[tuple[int, date]] = []
    for case_id, events in history.items():
        for index, (decision, level, day) in enumerate(events):
            if since < day <= on:
                counts[decision] += 1
            if decision == Decision.OPENED:
                openings.append((case_id, day))
            if decision == Decision.CLOSED:
                closures.append((case_id, day))
                continue
            if index + 1 < len(events):
                stays[level].append((events[index + 1][2] - day).days)
            else:
                ongoing[level] += 1
        last_decision, last_level, _ = events[-1]
        if last_decision != Decision.CLOSED:
            by_level[last_level] += 1

    time_at_level = {
        code: LevelTime(
            level=code,
            completed_stays=len(stays[code]),
            median_days=float(statistics.median(stays[code])) if stays[code] else None,
            ongoing_stays=ongoing[code],
        )
        for code in ladder.ORDER
    }
    return CaseFigures(
        area=organisation.name if organisation is not None else "England",
        on=on,
        since=since,
        open_cases=sum(by_level.values()),
        by_level=by_level,
        time_at_level=time_at_level,
        opened=counts[Decision.OPENED],
        closed=counts[Decision.CLOSED],
        escalated=counts[Decision.ESCALATED],
        stepped_down=counts[Decision.DE_ESCALATED],
        re_entries=_re_entries(openings, closures, owner, since=since, on=on),
    )


def _re_entries(
    openings: list[tuple[int, date]],
    closures: list[tuple[int, date]],
    owner: dict[int, int],
    *,
    since: date,
    on: date,
) -> int:
    recent = [(case_id, day) for case_id, day in openings if since < day <= on]
    if not recent or not closures:
        return 0
    case_ids = {case_id for case_id, _ in recent} | {case_id for case_id, _ in closures}
    locations: dict[int, set[str]] = defaultdict(set)
    for case_id, location_id in CaseLocation.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "location_id"
    ):
        locations[case_id].add(location_id)
    closed: dict[tuple[int, str], list[tuple[int, date]]] = defaultdict(
        list
    )  # (council, location) → closures
    for case_id, day in closures:
        for location_id in locations[case_id]:
            closed[(owner[case_id], location_id)].append((case_id, day))
    re_entries = 0
    for case_id, opened_on in recent:
        window_start = twelve_months_before(opened_on)
        if any(
            other != case_id and window_start <= closed_on <= opened_on
            for location_id in locations[case_id]
            for other, closed_on in closed[(owner[case_id], location_id)]
        ):
            re_entries += 1
    return re_entries


def special_measures_figures(
    *, on: date, organisation: Organisation | None = None, since: date | None = None
) -> SpecialMeasuresFigures:
    """Locations in CQC special measures on ``on`` (latest rating Inadequate), and how many entered and came out."""
    since = since or twelve_months_before(on)
    locations = Location.objects.filter(adult_social_care=True)
    if organisation is not None:
        locations = locations.filter(local_authority_id=organisation.local_authority_id)
    registered_on = set(
        locations.filter(Q(registered_on__isnull=True) | Q(registered_on__lte=on))
        .filter(Q(deregistered_on__isnull=True) | Q(deregistered_on__gt=on))
        .values_list("id", flat=True)
    )
    ever_inadequate = Rating.objects.filter(overall=INADEQUATE, location__in=locations).values("location_id")
    ratings = (
        Rating.objects.filter(location_id__in=ever_inadequate, overall__in=RATED, report_on__lte=on)
        .order_by("location_id", "report_on", "is_current", "id")
        .values_list("location_id", "report_on", "overall")
    )
    sequences: dict[str, dict[date, str]] = defaultdict(dict)
    for location_id, report_on, overall in ratings:
        sequences[location_id][report_on] = overall  # one rating per report date; the current row wins

    in_special_measures, entered, came_out = [], 0, 0
    for location_id, by_date in sequences.items():
        previous = None
        for report_on in sorted(by_date):
            overall = by_date[report_on]
            if since < report_on <= on:
                if overall == INADEQUATE and previous != INADEQUATE:
                    entered += 1
                elif overall != INADEQUATE and previous == INADEQUATE:
                    came_out += 1
            previous = overall
        if previous == INADEQUATE and location_id in registered_on:
            in_special_measures.append(location_id)
    return SpecialMeasuresFigures(
        area=organisation.name if organisation is not None else "England",
        on=on,
        since=since,
        in_special_measures=len(in_special_measures),
        entered=entered,
        came_out=came_out,
        location_ids=sorted(in_special_measures),
    )
