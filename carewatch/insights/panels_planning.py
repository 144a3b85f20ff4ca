"""Dashboard panels for issue 17: CQC activity in the area (public: CQC reports published per month
against the same months of the two years before; the share of services not inspected for 2 and 4
years) and the council's visit programme against its policy (its own records: due, overdue, done,
unannounced share, intensive support delivered). Each panel's table downloads as CSV/XLSX with the others.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Q

from carewatch.core import access
from carewatch.core.tables import Table
from carewatch.insights import charts, sources
from carewatch.insights.areas import Area, service_filter
from carewatch.insights.presenters import Panel
from carewatch.insights.queries.dashboard import Dashboard
from carewatch.planning import programme_queries
from carewatch.planning import queries as planning_queries
from carewatch.ratings.cqc import RATED
from carewatch.register import models as register


@dataclass(frozen=True)
class CqcActivity:
    months: list[date]  # the first day of each of the 12 months to the date, oldest first
    published: list[int]
    year_before: list[int]
    two_years_before: list[int]
    active: int
    not_for_2_years: (
        int  # latest CQC report over 2 years before the date, or never rated and registered longer
    )
    not_for_4_years: int

    def pct(self, count: int) -> float | None:
        return round(100 * count / self.active, 1) if self.active else None


def _month(day: date, back: int) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def cqc_activity(area: Area, *, service: str, on: date) -> CqcActivity:
    """CQC reports (rated, adult social care) published in the area per month, this year and the two before,
    and how many active services have gone 2 and 4 years without one. Two queries."""
    months = [_month(on, back) for back in range(11, -1, -1)]
    first = _month(on, 35)
    where = area.location_filter("location__") & service_filter(service, "location__")
    found = Counter(
        (d.year, d.month)
        for d in register.Rating.objects.filter(
            where,
            location__adult_social_care=True,
            report_on__gte=first,
            report_on__lte=on,
            overall__in=RATED,
        )
        .values_list("report_on", flat=True)
        .iterator(chunk_size=5000)
        if d is not None
    )

    def counts(back_years: int) -> list[int]:
        return [found[(m.year - back_years, m.month)] for m in months]

    active = (
        register.Location.objects.filter(planning_queries.active_on(on))
        .filter(area.location_filter() & service_filter(service))
        .annotate(
            latest=Max("ratings__report_on", filter=Q(ratings__report_on__lte=on, ratings__overall__in=RATED))
        )
        .values_list("latest", "registered_on")
    )
    two, four = _years_before(on, 2), _years_before(on, 4)
    rows = list(active)

    def stale(limit: date) -> int:
        return sum(
            1
            for latest, registered in rows
            if (latest is not None and latest < limit)
            or (latest is None and (registered is None or registered < limit))
        )

    return CqcActivity(months, counts(0), counts(1), counts(2), len(rows), stale(two), stale(four))


def cqc_activity_panel(found: CqcActivity, area: Area) -> Panel:
    rows: list[list[object]] = [
        [f"{m:%B %Y}", now, before, two]
        for m, now, before, two in zip(
            found.months, found.published, found.year_before, found.two_years_before, strict=True
        )
    ]
    total, last_year = sum(found.published), sum(found.year_before)
    summary = (
        f"The CQC published {total:,} rated reports on adult social care services in {area.label} in the 12 months "
        f"to {found.months[-1]:%B %Y}, against {last_year:,} in the 12 months before and "
        f"{sum(found.two_years_before):,} two years before."
    )
    chart = charts.line_chart(
        "cqc-activity",
        "CQC reports published per month",
        f"Line chart of CQC reports published per month, this year and the two before. {summary}",
        days=found.months,
        series=[
            ("12 months to the date", [float(v) for v in found.published], charts.BLUE),
            ("A year earlier", [float(v) for v in found.year_before], charts.GREY),
            ("Two years earlier", [float(v) for v in found.two_years_before], charts.PURPLE),
        ],
        y_label="Reports",
        percent=False,
    )
    table = Table(
        "cqc-activity",
        "CQC reports published per month, against the same month one and two years earlier",
        ["Month", "Reports", "A year earlier", "Two years earlier"],
        rows,
        "Reports with an overall rating on adult social care services in the area, by the report's date.",
    )
    return Panel("cqc-activity", "CQC inspections and assessments", table, chart, summary)


def not_inspected_panel(found: CqcActivity) -> Panel:
    rows: list[list[object]] = [
        ["Active services", found.active],
        ["Not inspected for 2 years", found.not_for_2_years],
        ["Not inspected for 2 years, %", found.pct(found.not_for_2_years)],
        ["Not inspected for 4 years", found.not_for_4_years],
        ["Not inspected for 4 years, %", found.pct(found.not_for_4_years)],
    ]
    pct2, pct4 = found.pct(found.not_for_2_years), found.pct(found.not_for_4_years)
    summary = (
        f"{'–' if pct2 is None else f'{pct2:.1f}%'} of {found.active:,} active services have had no CQC report "
        f"for 2 years, {'–' if pct4 is None else f'{pct4:.1f}%'} for 4 years."
    )
    table = Table(
        "not-inspected",
        "Active services not inspected for 2 and 4 years",
        ["Measure", "Value"],
        rows,
        "Not inspected: the latest rated CQC report is older than that, or there is none and the service "
        "registered longer ago.",
    )
    return Panel("not-inspected", "Services not inspected for 2 and 4 years", table, None, summary)


def coverage_panel(
    found: programme_queries.Coverage, council: str, *, councils: list[str] | None = None
) -> Panel:
    """One council's visits against its policy; ``councils``: the councils of an ICB or region added up
    (``council`` is then the area's name), each under its own policy."""
    pct = found.unannounced_pct
    policy = f"{council}'s policy" if councils is None else "each council's policy"
    rows: list[list[object]] = [
        [
            f"Due in the next four weeks under {'the' if councils is None else 'each council’s'} policy",
            found.due,
        ],
        [
            f"Overdue under {'the' if councils is None else 'each council’s'} policy, none scheduled",
            found.overdue,
        ],
        ["Visits scheduled from today", found.scheduled],
        ["Visits carried out in the last 12 months", found.done],
        ["Of those, unannounced", found.unannounced],
        ["Unannounced, %", pct],
        ["Services at the intensive support level", found.intensive_due],
        ["Visits to them in the last 12 months", found.intensive_done],
    ]
    where = "" if councils is None else f" in {council} ({_councils(councils)})"
    summary = (
        f"{found.overdue:,} services overdue a visit under {policy}{where} and {found.due:,} due in the next "
        f"four weeks; {found.done:,} visits carried out in the last 12 months, "
        f"{'–' if pct is None else f'{pct:.1f}%'} unannounced; {found.intensive_done:,} intensive support visits."
    )
    note = (
        "Due and overdue: the policy in force today, from risk scores, contracts, registrations, action plans and "
        "the ladder (docs/planning.md). "
    )
    table = Table(
        "visit-coverage",
        f"Visits against {policy}" + ("" if councils is None else f": {_councils(councils)}"),
        ["Measure", "Value"],
        rows,
        note
        + (
            "Only the council's own staff and the partners it shares with see this."
            if councils is None
            else "The councils added up are those in the area that share their records with you; each counts "
            "under its own policy."
        ),
    )
    return Panel("visit-coverage", "Visit programme coverage", table, None, summary, True)


def _councils(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{len(names)} councils: {', '.join(names)}"


def panels(board: Dashboard, *, owners: access.OwnerScope) -> list[Panel]:
    """CQC activity for everyone; the visit programme's coverage for a council's area when the reader may
    read that council's records, and for an ICB or a region added up over the councils in it whose records
    the reader may read (none: no panel)."""
    found = cqc_activity(board.area, service=board.service, on=board.on)
    result = [cqc_activity_panel(found, board.area), not_inspected_panel(found)]
    if board.private is None:
        return result
    if board.area.level == "la":
        council = sources.council_for(board.area.code)
        if council is not None and owners.allows(council.pk):
            result.append(
                coverage_panel(programme_queries.coverage(organisation=council, today=board.on), council.name)
            )
    elif board.area.level in ("icb", "region"):
        councils = [c for c in sources.councils_in(board.area, owners) if c.local_authority_id]
        if councils:
            total = programme_queries.Coverage.total(
                [programme_queries.coverage(organisation=c, today=board.on) for c in councils], today=board.on
            )
            result.append(coverage_panel(total, board.area.label, councils=[c.name for c in councils]))
    return result
