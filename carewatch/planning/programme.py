"""The visit programme, pure: which services are due and why, who goes on which day, in which order.

No database and no clock: ``Policy``, ``Service`` and ``Officer`` come in, ``propose`` gives back a
``Proposal``. The method is in docs/planning.md, "The visit programme".
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

# Service categories a council may set an unannounced share for, most specific first.
CATEGORIES: dict[str, str] = {
    "older_people_care_home": "Care homes for older people",
    "care_home": "Other care homes",
    "home_care": "Home care",
    "other": "Other services",
}
ENHANCED_LEVEL = "2"  # the ladder's "Enhanced monitoring" (carewatch.cases.ladder.LevelCode)
LADDER_ORDER = ("0", "1", "2", "3", "R", "4", "5")  # cases.ladder.ORDER, lowest first


class PolicyError(ValueError):
    """Bad policy values: ``errors`` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Policy:
    contracted_months: int = 12
    high_risk_score: float = 60.0
    high_risk_months: int = 6
    new_registration_months: int = 3
    follow_up_months: int = 6
    intensive_from_level: str = ENHANCED_LEVEL
    intensive_every_days: int = 7
    visits_per_day: int = 3
    unannounced_shares: Mapping[str, int] = field(default_factory=dict)  # category -> percent

    def as_dict(self) -> dict[str, object]:
        return {
            "contracted_months": self.contracted_months,
            "high_risk_score": self.high_risk_score,
            "high_risk_months": self.high_risk_months,
            "new_registration_months": self.new_registration_months,
            "follow_up_months": self.follow_up_months,
            "intensive_from_level": self.intensive_from_level,
            "intensive_every_days": self.intensive_every_days,
            "visits_per_day": self.visits_per_day,
            "unannounced_shares": dict(self.unannounced_shares),
        }


DEFAULT_POLICY = Policy(unannounced_shares={"older_people_care_home": 50})

_WHOLE = {
    "contracted_months": ("How often every contracted service is visited, in months", 1, 60),
    "high_risk_months": ("How often a high-risk service is visited, in months", 1, 60),
    "new_registration_months": ("Months within which a new registration is visited", 1, 24),
    "follow_up_months": ("Months after an action plan for the follow-up visit", 1, 24),
    "intensive_every_days": ("Days between intensive support visits", 1, 90),
    "visits_per_day": ("Visits an officer makes in a day", 1, 10),
}


def _number(value: object) -> float | None:
    """A finite number, or None (not a number, infinity, NaN, too big for a float)."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value) if isinstance(value, int | float) else float(str(value).strip())
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def parse_policy(values: Mapping[str, object]) -> Policy:
    """A policy from form or JSON values; every problem named by its field (``PolicyError``)."""
    errors: dict[str, str] = {}
    whole: dict[str, int] = {}
    for name, (label, low, high) in _WHOLE.items():
        raw = values.get(name)
        if raw is None or str(raw).strip() == "":
            errors[name] = f"Enter {label[0].lower()}{label[1:]}"
            continue
        number = _number(raw)
        if number is None or number != int(number):
            errors[name] = f"{label} must be a whole number"
        elif not low <= number <= high:
            errors[name] = f"{label} must be between {low} and {high}"
        else:
            whole[name] = int(number)
    score = _number(values.get("high_risk_score"))
    if score is None:
        errors["high_risk_score"] = "Enter the risk score at which a service counts as high risk, as a number"
    elif score < 0:
        errors["high_risk_score"] = "The high-risk score must be 0 or more"
    level = str(values.get("intensive_from_level", ENHANCED_LEVEL)).strip()
    if level not in LADDER_ORDER:
        errors["intensive_from_level"] = "Choose a level of the ladder"
    shares: dict[str, int] = {}
    raw_shares = values.get("unannounced_shares") or {}
    if not isinstance(raw_shares, Mapping):
        errors["unannounced_shares"] = "Unannounced shares must map a service category to a percentage"
        raw_shares = {}
    for category, raw in raw_shares.items():
        name = f"unannounced_{category}"
        if category not in CATEGORIES:
            errors[name] = f"{category} is not a service category ({', '.join(CATEGORIES)})"
            continue
        if raw is None or str(raw).strip() == "":
            continue
        number = _number(raw)
        if number is None or number != int(number):
            errors[name] = f"The unannounced share for {CATEGORIES[category].lower()} must be a whole number"
        elif not 0 <= number <= 100:
            errors[name] = (
                f"The unannounced share for {CATEGORIES[category].lower()} must be between 0% and 100%"
            )
        elif number:
            shares[category] = int(number)
    if errors:
        raise PolicyError(errors)
    return Policy(
        high_risk_score=float(score or 0),
        intensive_from_level=level,
        unannounced_shares=shares,
        **whole,
    )


def policy_from(stored: Mapping[str, object]) -> Policy:
    """A stored policy (a version's ``values``), read back without complaint."""
    return parse_policy({**DEFAULT_POLICY.as_dict(), **stored})


# --- the services, the officers ---------------------------------------------------------------


@dataclass(frozen=True)
class Service:
    """What the programme needs to know about one active service on the day it is planned."""

    location_id: str
    name: str
    postcode: str = ""
    town: str = ""
    district: str = ""  # the local authority's name
    latitude: float | None = None
    longitude: float | None = None
    category: str = "other"
    contracted: bool = False
    score: float = 0.0
    registered_on: date | None = None
    last_visit_on: date | None = None  # the latest visit carried out (not scheduled, not cancelled)
    scheduled_on: date | None = None  # the next scheduled visit, if one is already planned
    action_plans_on: tuple[date, ...] = ()  # action plans asked for since the last visit
    ladder_level: str = ""  # the open case's level, "" when none


@dataclass(frozen=True)
class Officer:
    user_id: int
    name: str
    days_per_week: int
    areas: tuple[str, ...] = ()  # council names, towns or postcode districts; () covers the whole area

    def covers(self, service: Service) -> bool:
        if not self.areas:
            return True
        places = {
            postcode_district(service.postcode),
            service.town.strip().upper(),
            service.district.strip().upper(),
        } - {""}
        return any(area.strip().upper() in places for area in self.areas)


def postcode_district(postcode: str) -> str:
    """The outward code: "OL1 3AB" → "OL1"."""
    text = postcode.strip().upper()
    if " " in text:
        return text.split()[0]
    return text[:-3] if len(text) > 4 else text


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    days = [
        31,
        29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ]
    return date(year, month, min(day.day, days[month - 1]))


def _when(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# --- what is due ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    service: Service
    due_on: date
    reasons: tuple[str, ...]
    intensive: bool = False

    def overdue(self, start: date) -> bool:
        return self.due_on < start


def _rank(level: str) -> int:
    return LADDER_ORDER.index(level) if level in LADDER_ORDER else -1


def due_visits(services: Iterable[Service], policy: Policy, *, start: date, end: date) -> list[Due]:
    """Every visit policy asks for by ``end`` (inclusive), with its reasons in words; most overdue first.

    A service with a visit already scheduled is left out (its visit is in the diary); a service at the
    ladder's intensive level gets one visit every ``intensive_every_days`` through the weeks."""
    found: list[Due] = []
    for service in services:
        if service.scheduled_on is not None:
            continue
        if service.ladder_level and _rank(service.ladder_level) >= _rank(policy.intensive_from_level):
            step = timedelta(days=policy.intensive_every_days)
            day = max(start, (service.last_visit_on + step) if service.last_visit_on else start)
            reason = (
                f"Intensive support: the council's case is at ladder level {service.ladder_level}; "
                f"a visit every {policy.intensive_every_days} day{'s' if policy.intensive_every_days != 1 else ''}"
            )
            while day <= end:
                found.append(Due(service, day, (reason,), intensive=True))
                day += step
            continue
        candidates: list[tuple[date, str]] = []
        last = service.last_visit_on
        since = f"last visited {_when(last)}" if last else "never visited by the council"
        if service.contracted:
            on = add_months(last, policy.contracted_months) if last else start
            candidates.append(
                (on, f"Contracted service, {since} (policy: every {policy.contracted_months} months)")
            )
        if service.score >= policy.high_risk_score:
            on = add_months(last, policy.high_risk_months) if last else start
            candidates.append(
                (
                    on,
                    f"High risk: score {service.score:g} (policy: {policy.high_risk_score:g} or more), {since} "
                    f"(policy: every {policy.high_risk_months} months)",
                )
            )
        if service.registered_on and (last is None or last < service.registered_on):
            on = add_months(service.registered_on, policy.new_registration_months)
            if on >= start - timedelta(days=366):  # a registration over a year gone is no longer "new"
                candidates.append(
                    (
                        on,
                        f"New registration on {_when(service.registered_on)}, not visited since "
                        f"(policy: within {policy.new_registration_months} months)",
                    )
                )
        for asked in service.action_plans_on:
            if last is None or last <= asked:
                on = add_months(asked, policy.follow_up_months)
                candidates.append(
                    (
                        on,
                        f"Follow-up of the action plan asked for on {_when(asked)} "
                        f"(policy: after {policy.follow_up_months} months)",
                    )
                )
        due = [(on, why) for on, why in candidates if on <= end]
        if due:
            due.sort()
            found.append(Due(service, due[0][0], tuple(why for _, why in due)))
    found.sort(key=lambda d: (d.due_on, -d.service.score, d.service.location_id))
    return found


# --- announced or not -------------------------------------------------------------------------


def unannounced_ids(due: Iterable[Due], policy: Policy) -> set[tuple[str, date]]:
    """Which visits are unannounced: in each category, the policy's share (rounded up), highest risk first.
    Intensive support visits are never chosen (the provider works with the council on them)."""
    by_category: dict[str, list[Due]] = defaultdict(list)
    for item in due:
        if not item.intensive:
            by_category[item.service.category].append(item)
    chosen: set[tuple[str, date]] = set()
    for category, items in by_category.items():
        share = policy.unannounced_shares.get(category, 0)
        count = math.ceil(len(items) * share / 100)
        items.sort(key=lambda d: (-d.service.score, d.service.location_id, d.due_on))
        chosen |= {(d.service.location_id, d.due_on) for d in items[:count]}
    return chosen


# --- who goes when, and in which order --------------------------------------------------------


def distance_km(a: Service, b: Service) -> float | None:
    """Great-circle distance between two services, or None when either has no coordinates."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))  # type: ignore[arg-type]
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def working_days(officer: Officer, *, start: date, end: date, holidays: Container[date]) -> list[date]:
    """The officer's visiting days: the first ``days_per_week`` working days (Monday on) of each week."""
    days: list[date] = []
    day = start
    while day <= end:
        monday = day - timedelta(days=day.weekday())
        week = [monday + timedelta(days=i) for i in range(5)]
        week = [d for d in week if d not in holidays][: officer.days_per_week]
        days.extend(d for d in week if start <= d <= end and d not in days)
        day = monday + timedelta(days=7)
    return days


@dataclass
class Stop:
    due: Due
    officer_id: int | None
    day: date | None
    announced: bool
    order: int = 0
    distance_km: float | None = None  # from the previous stop of the day
    note: str = ""  # why it could not be placed, or placed after its due date


@dataclass
class Proposal:
    stops: list[Stop]
    unplaced: list[Stop]


OVERDUE_WITHIN_DAYS = 13  # an overdue visit goes in the first two weeks
NEW_DAY_COST_KM = 15.0  # opening an empty day "costs" this much: a visit joins a day nearby instead


def _cost(service: Service, day_stops: list[Stop]) -> float:
    if not day_stops:
        return NEW_DAY_COST_KM
    distances = [distance_km(service, s.due.service) for s in day_stops]
    known = [d for d in distances if d is not None]
    return min(known) if known else NEW_DAY_COST_KM


def propose(
    due: list[Due],
    officers: list[Officer],
    policy: Policy,
    *,
    start: date,
    end: date,
    holidays: Container[date] = frozenset(),
) -> Proposal:
    """Place each due visit on an officer's day: the officers whose areas cover the service (anyone with
    capacity when none does), on a day with room by its due date (the earliest after it when none), the
    day whose visits are nearest; then each day in nearest-neighbour order, with distances."""
    unannounced = unannounced_ids(due, policy)
    slots: dict[tuple[int, date], list[Stop]] = {}
    days_of = {
        o.user_id: working_days(o, start=start, end=end, holidays=holidays)
        for o in officers
        if o.days_per_week > 0
    }
    for officer in officers:
        for day in days_of.get(officer.user_id, []):
            slots[(officer.user_id, day)] = []
    placed: list[Stop] = []
    unplaced: list[Stop] = []
    for item in due:
        stop = Stop(item, None, None, (item.service.location_id, item.due_on) not in unannounced)
        covering = [o for o in officers if o.user_id in days_of and o.covers(item.service)]
        if not covering:
            covering = [o for o in officers if o.user_id in days_of]
            stop.note = "Outside every officer's areas" if covering else ""
        free = [
            (officer.user_id, day)
            for officer in covering
            for day in days_of[officer.user_id]
            if len(slots[(officer.user_id, day)]) < policy.visits_per_day
        ]
        if item.intensive:  # on its day or the next free one
            free = [s for s in free if s[1] >= item.due_on]
        if not free:
            stop.note = "No officer has a free day in these weeks"
            unplaced.append(stop)
            continue
        if item.intensive:
            first = min(s[1] for s in free)
            pool = [s for s in free if s[1] == first]
        else:
            deadline = max(item.due_on, start + timedelta(days=OVERDUE_WITHIN_DAYS))
            pool = [s for s in free if s[1] <= deadline]
            if not pool:
                earliest = min(s[1] for s in free)
                pool = [s for s in free if s[1] == earliest]
                stop.note = stop.note or "Placed after its due date: no room before it"
        key = min(pool, key=lambda s: (_cost(item.service, slots[s]), s[1], s[0]))
        stop.officer_id, stop.day = key
        slots[key].append(stop)
        placed.append(stop)
    for stops in slots.values():
        order_by_nearest(stops)
    placed.sort(key=lambda s: (s.day or start, s.officer_id or 0, s.order))
    return Proposal(placed, unplaced)


def order_by_nearest(stops: list[Stop]) -> None:
    """Nearest-neighbour order from the day's most urgent visit; each stop's distance from the one before."""
    if not stops:
        return
    remaining = sorted(stops, key=lambda s: (s.due.due_on, -s.due.service.score, s.due.service.location_id))
    route = [remaining.pop(0)]
    route[0].distance_km = None
    while remaining:
        here = route[-1].due.service
        best = min(
            remaining,
            key=lambda s: (
                d if (d := distance_km(here, s.due.service)) is not None else math.inf,
                s.due.service.location_id,
            ),
        )
        remaining.remove(best)
        best.distance_km = distance_km(here, best.due.service)
        route.append(best)
    for number, stop in enumerate(route, start=1):
        stop.order = number
