"""Ten years of inspections for one location, built backwards from the rating it ends with.

The current overall rating is drawn first (so the shares across England are controlled), then
earlier reports are added going back in time: the rating before a report follows the transitions
in :data:`_BEFORE`, and the gap between reports depends on how the earlier one went (Inadequate
services are re-inspected within about six months, Good ones after two to four years). Key
questions are then assigned forwards: the first report rates all five; a later one is sometimes a
focused inspection that re-rates Safe and Well-led (sometimes Effective too) and carries the
others forward, so the current key questions can carry different report dates.
"""

from __future__ import annotations

from datetime import date, timedelta

from carewatch.demo.generator import ratings as R
from carewatch.demo.generator._rand import randint, table, weighted
from carewatch.demo.generator.entities import Assessment, Report, ServiceRatingDraft

RATINGS_BEGAN = date(2014, 10, 1)  # the CQC's ratings for adult social care
FIRST_ROUND_ENDED = date(2017, 1, 31)
FOCUSED_COMMON_FROM = date(2018, 1, 1)
SAF_FROM = date(2024, 1, 15)  # first Single Assessment Framework publications
PER_SERVICE_FROM = date(2025, 2, 1)  # multi-service locations rated per service

_BEFORE = {  # rating of the previous report, given the later one
    R.OUTSTANDING: {R.OUTSTANDING: 35, R.GOOD: 63, R.RI: 2},
    R.GOOD: {R.OUTSTANDING: 3, R.GOOD: 71, R.RI: 24, R.INADEQUATE: 2},
    R.RI: {R.GOOD: 48, R.RI: 44, R.INADEQUATE: 8},
    R.INADEQUATE: {R.GOOD: 45, R.RI: 50, R.INADEQUATE: 5},
}
_BEFORE_TABLES = {later: table(before) for later, before in _BEFORE.items()}
_GAP_DAYS = {  # days until the next report, by the earlier report's rating
    R.INADEQUATE: (150, 300),
    R.RI: (300, 700),
    R.GOOD: (700, 1700),
    R.OUTSTANDING: (900, 2000),
}
_AGE_DAYS = {  # how old the latest report is, by its rating (mean for Good ≈ 2 years 10 months)
    R.INADEQUATE: (10, 250),
    R.RI: (15, 720),
    R.GOOD: (15, 2000),
    R.OUTSTANDING: (30, 2300),
}


def link_id(rng) -> str:
    """A version-4 UUID made from the caller's generator (``uuid.uuid4`` would read the OS)."""
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:32]}"


def _days(rng, span: tuple[int, int]) -> timedelta:
    return timedelta(days=randint(rng, *span))


def _previous(rng, later: str) -> str:
    return weighted(rng, *_BEFORE_TABLES[later])


def chain(
    rng,
    *,
    target: str,
    owner: str,
    earliest: date,
    latest: date,
    last_on: date | None = None,
    max_reports: int = 6,
) -> list[Report]:
    """Rated reports for one location, chronological, the last one rated ``target``.

    ``earliest``/``latest`` bound the publication dates; ``last_on`` forces the last report's date.
    Every report is owned by ``owner``; the caller re-labels the ones a predecessor published.
    """
    earliest = max(earliest, RATINGS_BEGAN)
    if latest < earliest:
        return []
    if last_on is None:
        last_on = latest - _days(rng, _AGE_DAYS[target])
        if last_on < earliest:
            last_on = earliest + timedelta(days=randint(rng, 0, max(0, (latest - earliest).days)))
    overalls = [target]
    dates = [last_on]
    while len(overalls) < max_reports:
        before = _previous(rng, overalls[-1])
        on = dates[-1] - _days(rng, _GAP_DAYS[before])
        if on < earliest:
            break
        overalls.append(before)
        dates.append(on)
    # Everything registered in time had a rating from the first round (October 2014 – January 2017).
    last_chance = min(dates[-1] - timedelta(days=180), FIRST_ROUND_ENDED)
    if len(overalls) < max_reports and dates[-1] > FIRST_ROUND_ENDED and earliest < last_chance:
        overalls.append(_previous(rng, overalls[-1]))
        dates.append(earliest + timedelta(days=randint(rng, 0, (last_chance - earliest).days)))
    overalls.reverse()
    dates.reverse()

    reports: list[Report] = []
    current: dict[str, str] = {}
    for overall, on in zip(overalls, dates, strict=True):
        kqs = None
        focused = False
        if current and on >= FOCUSED_COMMON_FROM:
            share = 0.45 if date(2020, 3, 1) <= on < date(2023, 6, 1) else 0.28
            if rng.random() < share:
                rerated = ("Safe", "Well-led") if rng.random() < 0.7 else ("Safe", "Effective", "Well-led")
                carried = {k: v for k, v in current.items() if k not in rerated}
                kqs = R.focused_ratings(rng, overall, carried, rerated)
                focused = kqs is not None
        if kqs is None:
            kqs = R.key_questions_for(rng, overall)
        current.update(kqs)
        reports.append(
            Report(
                link_id=link_id(rng),
                published=on,
                visited=on - timedelta(days=randint(rng, 14, 80)),
                overall=overall,
                kqs=kqs,
                organisation_id=owner,
                focused=focused,
            )
        )
    return reports


def previous_rating(rng, later: str) -> str:
    return _previous(rng, later)


def single_report(rng, *, owner: str, on: date, overall: str, services=(), kqs=None) -> Report:
    return Report(
        link_id=link_id(rng),
        published=on,
        visited=on - timedelta(days=randint(rng, 14, 80)),
        overall=overall,
        kqs=kqs or {},
        organisation_id=owner,
        services=services,
    )


def per_service_report(rng, *, owner: str, on: date, target: str, service_types: tuple[str, ...]) -> Report:
    """A 'Not Rated' report for a multi-service location: one rating per service type."""
    drafts = []
    for index, service in enumerate(service_types):
        rating = target if index == 0 or rng.random() < 0.6 else _previous(rng, target)
        drafts.append(ServiceRatingDraft(name=service, rating=rating, kqs=R.key_questions_for(rng, rating)))
    return single_report(rng, owner=owner, on=on, overall=R.NOT_RATED, services=tuple(drafts))


# Assessment service groups. "Care Homes" (271) is the CQC's own; the others follow its pattern.
SERVICE_GROUPS = {
    "care_home": ("Care Homes", "271"),
    "home_care": ("Homecare", "272"),
    "supported": ("Supported Living", "273"),
    "community": ("Community Adult Social Care", "274"),
}


def assessment(rng, *, target: str, published: date, group: tuple[str, str]) -> Assessment:
    """A new-framework assessment whose statement scores give ``target`` through CQC's bands."""
    kq_ratings = R.key_questions_for(rng, target)
    statements: dict[str, list[tuple[int, str, int, bool]]] = {}
    percents: dict[str, int] = {}
    share_assessed = rng.uniform(0.25, 0.8)
    for kq in R.KEY_QUESTIONS:
        defs = R.QUALITY_STATEMENTS[kq]
        scores = R.statement_scores(rng, kq_ratings[kq], len(defs))
        rows = [
            (sid, name, score, rng.random() < share_assessed)
            for (sid, name), score in zip(defs, scores, strict=True)
        ]
        if kq_ratings[kq] != R.GOOD and not any(row[3] for row in rows):
            sid, name, score, _ = rows[0]
            rows[0] = (sid, name, score, True)  # a changed rating means something was assessed
        statements[kq] = rows
        percents[kq] = R.percentage(scores)
    return Assessment(
        plan_id=f"AP{randint(rng, 1000, 99999)}",
        service_group=group[0],
        service_group_id=group[1],
        assessed=published - timedelta(days=randint(rng, 30, 110)),
        published=published,
        published_time=f"{randint(rng, 6, 19):02d}:{randint(rng, 0, 59):02d}:{randint(rng, 0, 59):02d}",
        overall=target,
        statements=statements,
        kq_ratings=kq_ratings,
        kq_percent=percents,
    )
