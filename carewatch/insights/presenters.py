"""Shape dashboard figures for pages, downloads and the PDF: panels of (chart, text alternative, table)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from carewatch.cases.wording import counted
from carewatch.core import dates
from carewatch.core.tables import Table
from carewatch.insights import charts, sources
from carewatch.insights.areas import SERVICE_LABELS
from carewatch.insights.queries.dashboard import Dashboard, Private

DENOMINATORS = (
    "Good or Outstanding is given with both denominators: of rated services (the CQC's and LG Inform's "
    "convention) and of all active services."
)


@dataclass
class Panel:
    id: str
    heading: str
    table: Table
    chart: charts.Chart | None = None
    summary: str = ""
    private: bool = False
    no_data: str = ""  # set when the figure cannot be given: the reason
    no_chart: str = ""  # set (and no chart) when there is nothing to draw: says so in words

    @property
    def table_beside(self) -> bool:
        """A short, narrow table sits beside its chart; a wide or long one goes below it, full width."""
        return (
            bool(self.chart or self.no_chart) and len(self.table.rows) <= 12 and len(self.table.columns) <= 3
        )


def _nothing_to_draw(values: Iterable[float | None]) -> bool:
    """Whether a chart of ``values`` would be empty: every value 0 or missing."""
    return all(not value for value in values)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def dashboard_panels(board: Dashboard) -> list[Panel]:
    panels = [
        _ratings(board),
        _trend(board),
        _age(board),
        _inadequate(board),
        _councils(board),
    ]
    if board.private is not None:
        panels += _private(board.private)
    return panels


def _service(board: Dashboard) -> str:
    return SERVICE_LABELS[board.service].lower()


def _ratings(board: Dashboard) -> Panel:
    c = board.ratings
    rows: list[list[object]] = [
        ["Outstanding", c.outstanding],
        ["Good", c.good],
        ["Requires improvement", c.requires_improvement],
        ["Inadequate", c.inadequate],
        ["Not yet rated", c.not_yet_rated],
        ["Active services", c.active],
        ["Good or Outstanding, % of rated", c.pct_good_or_outstanding_of_rated],
        ["Good or Outstanding, % of active", c.pct_good_or_outstanding_of_active],
    ]
    if board.service == "care-homes":
        rows.append(["Beds in active care homes", c.beds])
    summary = (
        f"{c.good_or_outstanding:,} of {c.rated:,} rated {_service(board)} ({_pct(c.pct_good_or_outstanding_of_rated)}) "
        f"are Good or Outstanding; {_pct(c.pct_good_or_outstanding_of_active)} of all {c.active:,} active."
    )
    counts = [c.outstanding, c.good, c.requires_improvement, c.inadequate, c.not_yet_rated]
    if _nothing_to_draw(counts):
        words = f"No chart: every count is 0 (no active {_service(board)} in {board.area.label} on {_day(board)})."
        return Panel("ratings", "Ratings", _ratings_table(board, rows), None, summary, no_chart=words)
    chart = charts.bar_chart(
        "ratings",
        "Active services by overall CQC rating",
        f"Bar chart of active {_service(board)} in {board.area.label} by overall rating: "
        f"Outstanding {c.outstanding}, Good {c.good}, Requires improvement {c.requires_improvement}, "
        f"Inadequate {c.inadequate}, not yet rated {c.not_yet_rated}.",
        labels=["Outstanding", "Good", "Requires improvement", "Inadequate", "Not yet rated"],
        values=[c.outstanding, c.good, c.requires_improvement, c.inadequate, c.not_yet_rated],
        colours=charts.RATING_COLOURS,
        x_label="Services",
    )
    return Panel("ratings", "Ratings", _ratings_table(board, rows), chart, summary)


def _ratings_table(board: Dashboard, rows: list[list[object]]) -> Table:
    return Table(
        "ratings",
        f"{SERVICE_LABELS[board.service]} by overall rating",
        ["Measure", "Value"],
        rows,
        DENOMINATORS,
    )


def _day(board: Dashboard) -> str:
    return dates.long_date(board.on)


def _trend(board: Dashboard) -> Panel:
    points = board.trend
    rows = [
        [
            p.on,
            p.active,
            p.rated,
            p.good_or_outstanding,
            p.pct_good_or_outstanding_of_rated,
            p.pct_good_or_outstanding_of_active,
        ]
        for p in points
    ]
    summary = (
        f"Share of rated {_service(board)} that are Good or Outstanding at each month-end: "
        f"{_pct(points[0].pct_good_or_outstanding_of_rated)} at {points[0].on:%B %Y}, "
        f"{_pct(points[-1].pct_good_or_outstanding_of_rated)} at {points[-1].on:%B %Y}."
        if points
        else "No months to show."
    )
    chart = charts.line_chart(
        "trend",
        "% Good or Outstanding at each month-end",
        f"Line chart. {summary} A second line shows the share of all active services.",
        days=[p.on for p in points],
        series=[
            ("% of rated", [p.pct_good_or_outstanding_of_rated for p in points], charts.BLUE),
            ("% of active", [p.pct_good_or_outstanding_of_active for p in points], charts.GREY),
        ],
        y_label="% Good or Outstanding",
    )
    table = Table(
        "trend",
        f"{SERVICE_LABELS[board.service]} rated Good or Outstanding, monthly",
        ["Month-end", "Active", "Rated", "Good or Outstanding", "% of rated", "% of active"],
        rows,
        "Recomputed from registration dates and the ratings history at each month-end (docs/insights.md).",
    )
    if _nothing_to_draw(p.pct_good_or_outstanding_of_active for p in points):
        words = "No chart: no service was rated Good or Outstanding at any month-end in the period (every figure is 0)."
        return Panel("trend", f"Trend over {board.years} years", table, None, summary, no_chart=words)
    return Panel("trend", f"Trend over {board.years} years", table, chart, summary)


def _age(board: Dashboard) -> Panel:
    a = board.age
    rows = [[label, count] for label, count in zip(a.BAND_LABELS, a.bands or (0,) * 5, strict=False)]
    rows += [
        ["Rated services", a.rated],
        ["Median age (days)", a.median_days],
        ["Older than 2 years", a.older_than_2_years],
        ["Older than 2 years, %", a.pct_older_than_2_years],
        ["Older than 4 years", a.older_than_4_years],
        ["Older than 4 years, %", a.pct_older_than_4_years],
    ]
    summary = (
        f"The median age of the latest CQC rating is {a.median_label}; {_pct(a.pct_older_than_2_years)} are older than "
        f"2 years and {_pct(a.pct_older_than_4_years)} older than 4 years ({a.rated:,} rated services)."
    )
    chart = charts.bar_chart(
        "rating-age",
        "Age of the latest CQC rating",
        f"Bar chart of rated services by the age of their latest rating. {summary}",
        labels=list(a.BAND_LABELS),
        values=list(a.bands or (0,) * 5),
        x_label="Rated services",
    )
    table = Table(
        "rating-age",
        "Age of the latest overall rating",
        ["Measure", "Value"],
        rows,
        "Age on the dashboard's date; rated active services only.",
    )
    if _nothing_to_draw(a.bands or ()):
        words = "No chart: no active service had a rating on the date (every count is 0)."
        return Panel("rating-age", "Age of the latest CQC rating", table, None, summary, no_chart=words)
    return Panel("rating-age", "Age of the latest CQC rating", table, chart, summary)


def _inadequate(board: Dashboard) -> Panel:
    points = board.trend
    rows = [[p.on, p.inadequate, p.rated] for p in points]
    sm = board.special_measures
    if isinstance(sm, dict):
        special = (
            f" In CQC special measures on {_day(board)}: {sm['in_special_measures']} (entered in 12 months: "
            f"{sm['entered']}, came out: {sm['came_out']}; all adult social care services)."
        )
    else:
        special = f" CQC special measures: {sm.reason}."
    last = points[-1].inadequate if points else 0
    summary = f"{last} active {_service(board)} rated Inadequate at the last month-end.{special}"
    chart = charts.line_chart(
        "inadequate",
        "Services rated Inadequate at each month-end",
        f"Line chart of the number of active {_service(board)} rated Inadequate at each month-end. {summary}",
        days=[p.on for p in points],
        series=[("Inadequate", [p.inadequate for p in points], charts.RED)],
        y_label="Services",
        percent=False,
    )
    table = Table(
        "inadequate", "Services rated Inadequate, monthly", ["Month-end", "Inadequate", "Rated"], rows
    )
    if _nothing_to_draw(p.inadequate for p in points):
        words = "No chart: no service was rated Inadequate at any month-end in the period (every count is 0)."
        return Panel(
            "inadequate", "Rated Inadequate and CQC special measures", table, None, summary, no_chart=words
        )
    return Panel("inadequate", "Rated Inadequate and CQC special measures", table, chart, summary)


def _councils(board: Dashboard) -> Panel:
    scope = board.in_scope
    rows = [
        [
            row.rank,
            row.name,
            row.code,
            row.counts.rated,
            row.counts.good_or_outstanding,
            row.pct,
            row.counts.pct_good_or_outstanding_of_active,
            row.position,
        ]
        for row in scope
    ]
    england = board.england_pct
    outside = [row for row in scope if row.position.startswith(("above 99.8", "below 99.8"))]
    summary = (
        f"{len(scope)} councils compared; England {_pct(england)} of rated. "
        f"{len(outside)} lie outside the 99.8% control limits: "
        + (", ".join(f"{row.name} ({row.position})" for row in outside[:8]) or "none")
        + "."
    )
    points = [
        (row.counts.rated, row.pct, row.in_scope)
        for row in board.councils
        if row.counts.rated and row.pct is not None
    ]
    chart = charts.funnel_chart(
        "funnel",
        "Funnel plot: councils' % Good or Outstanding against the number rated",
        "Funnel plot of every council's share of rated services that are Good or Outstanding against its number of "
        f"rated services, with 95% and 99.8% binomial control limits around the England figure {_pct(england)}. "
        f"This area's councils are highlighted. {summary}",
        points=points,
        mean_pct=england or 0.0,
        curve=board.curve,
    )
    table = Table(
        "councils",
        "Councils ranked by % of rated services Good or Outstanding",
        [
            "Rank in England",
            "Council",
            "ONS code",
            "Rated",
            "Good or Outstanding",
            "% of rated",
            "% of active",
            "Funnel plot",
        ],
        rows,
        "Rank among all councils with rated services; funnel limits are exact binomial limits around the England share.",
    )
    if not points:
        words = "No chart: no council had a rated service on the date (every count is 0)."
        return Panel("councils", "Variation between councils", table, None, summary, no_chart=words)
    return Panel("councils", "Variation between councils", table, chart, summary)


def _private(private: Private) -> list[Panel]:
    panels = []
    cases = private.cases
    if isinstance(cases, sources.CasePanel):
        summary = (
            f"{counted(cases.open_cases, 'open case')} on the ladder of intervention;"
            f" {counted(cases.suspensions_in_force, 'suspension')} of new placements in force"
            f" ({', '.join(cases.councils)})."
        )
        table = cases_table(cases, period="in 12 months", at_end="")
        if _nothing_to_draw(cases.by_level.values()):
            words = "No chart: no case was open on the date (every count is 0)."
            panels.append(
                Panel(
                    "cases",
                    "Cases by ladder level and suspensions",
                    table,
                    None,
                    summary,
                    True,
                    no_chart=words,
                )
            )
        else:
            chart = cases_chart("cases", "Open cases by ladder level", cases)
            panels.append(
                Panel("cases", "Cases by ladder level and suspensions", table, chart, summary, True)
            )
    else:
        panels.append(
            Panel(
                "cases",
                "Cases by ladder level and suspensions",
                Table("cases", "Ladder of intervention", ["Measure", "Value"]),
                None,
                "",
                True,
                cases.reason,
            )
        )
    visits = private.visits
    if isinstance(visits, dict):
        rows: list[list[object]] = [
            ["Active services", visits["active_services"]],
            ["Services with a QA visit in the 12 months", visits["services_visited"]],
            ["Coverage, %", visits["coverage_percent"]],
            ["Visits", visits["visits"]],
            ["Unannounced visits", visits["unannounced_visits"]],
        ]
        panels.append(
            Panel(
                "visits",
                "QA visit coverage in the last 12 months",
                Table(
                    "visits",
                    "QA visit coverage",
                    ["Measure", "Value"],
                    rows,
                    "Services active on the date in the areas of the councils shown; visits that have happened.",
                ),
                None,
                f"{visits['detail']} ({_pct(visits['coverage_percent'])}).",
                True,
            )
        )
    else:
        panels.append(
            Panel(
                "visits",
                "QA visit coverage in the last 12 months",
                Table("visits", "QA visit coverage", ["Measure", "Value"]),
                None,
                "",
                True,
                visits.reason,
            )
        )
    findings = private.findings
    if isinstance(findings, dict) and findings.get("themes"):
        themes = findings["themes"]  # [(theme, count)]
        panels.append(
            Panel(
                "findings",
                "Findings by theme",
                findings_table(themes),
                findings_chart("findings", "Findings by theme", themes),
                f"{findings['headline']} in QA visits in the last 12 months.",
                True,
            )
        )
    else:
        reason = findings.reason if isinstance(findings, sources.NoData) else "no findings in the period"
        panels.append(
            Panel(
                "findings",
                "Findings by theme",
                Table("findings", "QA findings by theme", ["Theme", "Findings"]),
                None,
                "",
                True,
                reason,
            )
        )
    return panels


def cases_table(panel: sources.CasePanel, *, period: str, at_end: str) -> Table:
    """Open cases by ladder level, then what happened ``period`` ("in 12 months", "in the period")."""
    rows = [[sources.LEVEL_LABELS[code], count] for code, count in panel.by_level.items()]
    rows += [
        [f"Open cases{at_end}", panel.open_cases],
        [f"Opened {period}", panel.opened],
        [f"Escalated {period}", panel.escalated],
        [f"Stepped down {period}", panel.stepped_down],
        [f"Closed {period}", panel.closed],
        [f"Suspensions of new placements in force{at_end}", panel.suspensions_in_force],
        [f"Suspensions started {period}", panel.suspensions_started],
    ]
    return Table("cases", "Ladder of intervention", ["Measure", "Value"], rows)


def cases_chart(name: str, title: str, panel: sources.CasePanel) -> charts.Chart:
    labels = [sources.LEVEL_LABELS[code] for code in panel.by_level]
    values = list(panel.by_level.values())
    return charts.bar_chart(
        name,
        title,
        "Bar chart of open cases by level of the ladder of intervention: "
        + ", ".join(f"{label} {value}" for label, value in zip(labels, values, strict=True))
        + ".",
        labels=labels,
        values=values,
        colours=[charts.PURPLE] * len(labels),
        x_label="Open cases",
    )


def findings_table(themes: list[tuple[str, int]]) -> Table:
    return Table(
        "findings", "QA findings by theme", ["Theme", "Findings"], [[name, count] for name, count in themes]
    )


def findings_chart(name: str, title: str, themes: list[tuple[str, int]]) -> charts.Chart:
    return charts.bar_chart(
        name,
        title,
        "Bar chart of QA findings by theme: " + ", ".join(f"{n} {c}" for n, c in themes) + ".",
        labels=[n for n, _ in themes],
        values=[c for _, c in themes],
        x_label="Findings",
    )


def panel_tables(panels: list[Panel]) -> dict[str, Table]:
    return {panel.table.name: panel.table for panel in panels}
