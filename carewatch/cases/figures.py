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

What the market insight dashboards, commissioner ratings and committee report read from the ladder
(carewatch.insights.sources and commissioner) is here too. Whose cases are read is always said:
``owners`` is an :class:`~carewatch.core.access.OwnerScope` (``access.NATIONAL`` for every council,
``access.OwnerScope.of(ids)`` for some), never "None for everyone":

- **Improvement under intervention**: per council, days from opening to closing of each case closed
  in the 24 months to ``on``;
- **Timeliness**: per council, case actions and suspension letters due in the 12 months to ``on``
  and how many were done (sent) on or before their due date;
- **Path through the ladder**: per location, the decisions of the cases that include it;
- **Open case level** of each location, and **suspensions started** in a period.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from carewatch.cases import ladder
from carewatch.cases.ladder import Decision
from carewatch.cases.models import Action, CaseLocation, CaseStatus, Suspension
from carewatch.core import access
from carewatch.core.models import Organisation
from carewatch.ratings.cqc import INADEQUATE, RATED
from carewatch.register.models import Location, Rating


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def twelve_months_before(day: date) -> date:
    return years_before(day, 1)


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

    def as_dict(self) -> dict[str, object]:
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

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["on"], data["since"] = self.on.isoformat(), self.since.isoformat()
        return data


def case_figures(*, on: date, organisation: Organisation, since: date | None = None) -> CaseFigures:
    """Ladder figures for one council (for several, or England: :func:`case_figures_for`)."""
    return case_figures_for(
        on=on, owners=access.OwnerScope.of([organisation.pk]), since=since, area=organisation.name
    )


def case_figures_for(
    *, on: date, owners: access.OwnerScope, since: date | None = None, area: str
) -> CaseFigures:
    """Ladder figures of the cases of the councils in ``owners`` (``area`` names them in the result)."""
    since = since or twelve_months_before(on)
    statuses = owners.filter(CaseStatus.objects.filter(decided_at__lt=_end_of(on)), "case__organisation")
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
        area=area,
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
        if report_on is not None:  # always: report_on__lte excludes reports without a date
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


# --- what market insight reads: per council, for the councils in ``owners`` ----------------------


def suspensions_started(*, since: date, on: date, owners: access.OwnerScope) -> int:
    """Suspensions of new placements started in the period (``since`` < day <= ``on``)."""
    started = Suspension.objects.filter(started_on__gt=since, started_on__lte=on)
    return owners.filter(started, "case__organisation").count()


def improvement_days(*, on: date, owners: access.OwnerScope) -> dict[int, list[int]]:
    """Per council: days from opening to closing of each case closed in the 24 months to ``on``."""
    rows = owners.filter(
        CaseStatus.objects.filter(
            decision__in=[Decision.OPENED, Decision.CLOSED], decided_at__lt=_end_of(on)
        ),
        "case__organisation",
    ).values_list("case_id", "decision", "decided_at", "case__organisation_id")
    opened: dict[int, date] = {}
    closed: dict[int, tuple[date, int]] = {}
    for case_id, decision, decided_at, organisation_id in rows.order_by("case_id", "revision"):
        day = timezone.localdate(decided_at)
        if decision == Decision.OPENED:
            opened[case_id] = day
        else:
            closed[case_id] = (day, organisation_id)
    window = years_before(on, 2)
    result: dict[int, list[int]] = defaultdict(list)
    for case_id, (closed_on, organisation_id) in closed.items():
        if window < closed_on <= on and case_id in opened:
            result[organisation_id].append((closed_on - opened[case_id]).days)
    return dict(result)


def timeliness(*, on: date, owners: access.OwnerScope) -> dict[int, tuple[int, int]]:
    """Per council: (on time, due) over case actions and suspension letters due in the 12 months to ``on``.

    On time: done (letter sent) on or before its due date. Due and not done by ``on``: late.
    """
    since = twelve_months_before(on)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    actions = owners.filter(Action.objects.filter(due_on__gt=since, due_on__lte=on), "case__organisation")
    letters = owners.filter(
        Suspension.objects.filter(letter_due_on__gt=since, letter_due_on__lte=on), "case__organisation"
    )
    for organisation_id, due_on, done_on in actions.values_list("case__organisation_id", "due_on", "done_on"):
        counts[organisation_id][1] += 1
        if done_on is not None and done_on <= due_on and done_on <= on:
            counts[organisation_id][0] += 1
    for organisation_id, due_on, sent_on in letters.values_list(
        "case__organisation_id", "letter_due_on", "letter_sent_on"
    ):
        counts[organisation_id][1] += 1
        if sent_on is not None and sent_on <= due_on and sent_on <= on:
            counts[organisation_id][0] += 1
    return {key: (value[0], value[1]) for key, value in counts.items()}


@dataclass(frozen=True)
class LadderStep:
    """One decision of a case, as a committee reads it ("01 Oct 2025 opened to level 4")."""

    case: int
    on: date
    decision: str  # "opened", "escalated", "de escalated", "closed"
    from_level: str
    level: str  # "" when closed


def ladder_path(
    location_ids: Collection[str], *, owners: access.OwnerScope, until: date
) -> dict[str, list[LadderStep]]:
    """Per location: the decisions up to ``until`` of the cases that include it, oldest first."""
    links = owners.filter(
        CaseLocation.objects.filter(location_id__in=list(location_ids)), "case__organisation"
    )
    cases_of: dict[int, list[str]] = defaultdict(list)
    for case_id, location_id in links.values_list("case_id", "location_id"):
        cases_of[case_id].append(location_id)
    result: dict[str, list[LadderStep]] = defaultdict(list)
    statuses = (
        CaseStatus.objects.filter(case_id__in=list(cases_of), decided_at__lt=_end_of(until))
        .order_by("case_id", "revision")
        .values_list("case_id", "decision", "from_level", "level", "decided_at")
    )
    for case_id, decision, from_level, level, decided_at in statuses:
        step = LadderStep(
            case=case_id,
            on=timezone.localdate(decided_at),
            decision=decision.replace("_", " "),
            from_level=from_level,
            level=level,
        )
        for location_id in cases_of[case_id]:
            result[location_id].append(step)
    return dict(result)


def open_case_levels(location_ids: Collection[str], *, owners: access.OwnerScope) -> dict[str, str]:
    """Per location in an open case of a council in ``owners``: that case's level now."""
    links = owners.filter(
        CaseLocation.objects.filter(location_id__in=list(location_ids), case__is_open=True),
        "case__organisation",
    )
    return dict(links.order_by("case_id", "id").values_list("location_id", "case__level"))
