"""The committee report: what a scrutiny commission reads about one council's care market in a period.

Sections: the market at the end of the period; CQC inspections published in the period; providers of
concern; Inadequate providers and their path through the ladder of intervention; cases by level;
findings by theme. The same figures render as a web page, a standalone HTML file and a PDF
(WeasyPrint); every table downloads as CSV and XLSX.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string

from carewatch.cases import figures as case_figures
from carewatch.cases import queries as case_queries
from carewatch.cases.wording import counted
from carewatch.core import access
from carewatch.core.dates import long_date
from carewatch.core.models import Organisation
from carewatch.core.tables import Table
from carewatch.insights import (
    charts,
    commissioning,
    panels_commissioning,
    panels_planning,
    panels_quality_mark,
    panels_recognition,
    presenters,
    sources,
    timeline,
)
from carewatch.insights.areas import Area
from carewatch.insights.queries import market
from carewatch.planning import programme_queries
from carewatch.ratings.cqc import INADEQUATE, INSPECTED_NOT_RATED, RATED, REQUIRES_IMPROVEMENT
from carewatch.recognition import peer_figures
from carewatch.register import models as register

RATING_ORDER = (*RATED, INSPECTED_NOT_RATED)


@dataclass
class Section:
    id: str
    heading: str
    intro: str = ""
    tables: list[Table] = field(default_factory=list)
    charts: list[charts.Chart] = field(default_factory=list)
    no_data: str = ""
    private: bool = False


@dataclass
class CommitteeReport:
    council: Area
    council_organisation: str  # the organisation's name, or the area's
    date_from: date
    date_to: date
    generated_on: date
    sections: list[Section]
    private_included: bool

    @property
    def title(self) -> str:
        return f"Adult social care market: committee report for {self.council.name}"

    @property
    def tables(self) -> dict[str, Table]:
        return {table.name: table for section in self.sections for table in section.tables}


def _service_label(care_home: bool, home_care: bool) -> str:
    return "Care home" if care_home else "Home care" if home_care else "Other adult social care"


def build(
    council: Area,
    *,
    date_from: date,
    date_to: date,
    today: date,
    owners: access.OwnerScope,
    contract_owners: access.OwnerScope | None = None,
) -> CommitteeReport:
    """The report's figures. ``owners``: councils whose own records may be included
    (``access.owners_for(user)``; ``access.NATIONAL`` for an operator's command); ``contract_owners``:
    whose contracts (``capacity.queries.contract_scope(user)``; default ``owners``, for a command)."""
    organisation = sources.council_for(council.code)
    private = owners.allows(organisation.pk if organisation is not None else None)
    # A person's scope narrows to this council's own records; the national scope stays national.
    scoped_owners = (
        owners if owners.national else owners.restrict([organisation.pk] if organisation is not None else [])
    )
    sections = [
        _market(council, date_to, today=today),
        _inspections(council, date_from, date_to),
        _cqc_activity(council, date_to),
    ]
    concern, inadequate_ids = _concern(council, date_from, date_to, owners=scoped_owners, private=private)
    sections.append(concern)
    sections.append(_inadequate_path(council, inadequate_ids, date_to, owners=scoped_owners, private=private))
    if private:
        sections.append(_cases(council, date_from, date_to, owners=scoped_owners))
        sections.append(_findings(council, date_from, date_to, owners=scoped_owners))
        if organisation is not None:
            sections.append(_coverage(organisation, date_to))
        sections += _commissioning(
            organisation, date_to, contract_owners=owners if contract_owners is None else contract_owners
        )
        if organisation is not None:
            sections += _peer_support(organisation, date_to)
            sections += _quality_marks(
                organisation,
                date_to,
                premium=(owners if contract_owners is None else contract_owners).allows(organisation.pk),
            )
    return CommitteeReport(
        council=council,
        council_organisation=organisation.name if organisation else council.name,
        date_from=date_from,
        date_to=date_to,
        generated_on=today,
        sections=sections,
        private_included=private,
    )


def _market(council: Area, on: date, *, today: date) -> Section:
    live = market.Live()
    counts = market.ratings(council, "all", None if on >= today else on, today=today, live=live)
    homes = market.ratings(council, "care-homes", None if on >= today else on, today=today, live=live)
    rows = []
    for label, c in (("All adult social care", counts), ("Care homes", homes)):
        rows.append(
            [
                label,
                c.active,
                c.outstanding,
                c.good,
                c.requires_improvement,
                c.inadequate,
                c.not_yet_rated,
                c.pct_good_or_outstanding_of_rated,
                c.pct_good_or_outstanding_of_active,
            ]
        )
    table = Table(
        "market",
        f"Active services by overall rating on {long_date(on)}",
        [
            "Services",
            "Active",
            "Outstanding",
            "Good",
            "Requires improvement",
            "Inadequate",
            "Not yet rated",
            "Good or Outstanding, % of rated",
            "Good or Outstanding, % of active",
        ],
        rows,
        "Percentages are given with both denominators: of rated services and of all active services.",
    )
    trend = market.trend(council, "all", until=on, years=3, live=live)
    chart = charts.line_chart(
        "committee-trend",
        "% of rated services Good or Outstanding, monthly",
        f"Line chart of the share of rated adult social care services in {council.name} that are Good or Outstanding at "
        f"each month-end over three years: {trend[0].pct_good_or_outstanding_of_rated}% at {trend[0].on:%B %Y}, "
        f"{trend[-1].pct_good_or_outstanding_of_rated}% at {trend[-1].on:%B %Y}.",
        days=[p.on for p in trend],
        series=[("% of rated", [p.pct_good_or_outstanding_of_rated for p in trend], charts.BLUE)],
        y_label="% Good or Outstanding",
    )
    trend_table = Table(
        "market-trend",
        "Good or Outstanding at each month-end",
        ["Month-end", "Active", "Rated", "Good or Outstanding", "% of rated", "% of active"],
        [
            [
                p.on,
                p.active,
                p.rated,
                p.good_or_outstanding,
                p.pct_good_or_outstanding_of_rated,
                p.pct_good_or_outstanding_of_active,
            ]
            for p in trend
        ],
    )
    intro = (
        f"{counts.active:,} active adult social care services, of which {counts.rated:,} are rated: "
        f"{counts.pct_good_or_outstanding_of_rated}% of rated services are Good or Outstanding "
        f"({counts.pct_good_or_outstanding_of_active}% of all active services)."
    )
    return Section("market", "The market at the end of the period", intro, [table, trend_table], [chart])


def _inspections(council: Area, date_from: date, date_to: date) -> Section:
    reports = (
        register.Rating.objects.filter(
            location__local_authority_id=council.code,
            location__adult_social_care=True,
            report_on__gte=date_from,
            report_on__lte=date_to,
        )
        .exclude(overall="")
        .select_related("location", "location__provider")
        .order_by("report_on", "location__name", "id")
    )
    seen: dict[tuple[str, date | None], register.Rating] = {}
    for rating in reports:
        seen[(rating.location_id, rating.report_on)] = rating  # the current row wins a tie
    rows: list[list[object]] = []
    by_rating: Counter[str] = Counter()
    for rating in seen.values():
        loc = rating.location
        by_rating[rating.overall] += 1
        rows.append(
            [
                loc.name,
                loc.id,
                loc.provider.name if loc.provider else "",
                _service_label(loc.care_home, loc.home_care),
                rating.report_on,
                rating.overall,
            ]
        )
    labels = [r for r in RATING_ORDER if by_rating.get(r)] + sorted(set(by_rating) - set(RATING_ORDER))
    table = Table(
        "inspections",
        "CQC reports published in the period",
        ["Service", "CQC ID", "Provider", "Type", "Report date", "Overall rating"],
        rows,
    )
    summary = Table(
        "inspections-by-rating",
        "CQC reports in the period by overall rating",
        ["Overall rating", "Reports"],
        [[label, by_rating[label]] for label in labels],
    )
    chart = charts.bar_chart(
        "committee-inspections",
        "CQC reports published in the period, by overall rating",
        "Bar chart of CQC reports published in the period by overall rating: "
        + (", ".join(f"{label} {by_rating[label]}" for label in labels) or "none")
        + ".",
        labels=labels,
        values=[by_rating[label] for label in labels],
        colours=[
            dict(zip(RATED, charts.RATING_COLOURS, strict=False)).get(label, charts.GREY) for label in labels
        ],
        x_label="Reports",
    )
    intro = f"The CQC published {len(rows)} reports on adult social care services in {council.name} in the period."
    return Section("inspections", "CQC inspections analysed", intro, [summary, table], [chart])


def _concern(
    council: Area, date_from: date, date_to: date, *, owners: access.OwnerScope, private: bool
) -> tuple[Section, list[str]]:
    histories = {h.id: h for h in timeline.load(council, "all")}
    names = dict(register.Location.objects.filter(id__in=list(histories)).values_list("id", "name"))
    providers = dict(
        register.Location.objects.filter(id__in=list(histories)).values_list("id", "provider__name")
    )
    suspended: set[str] = set()
    open_level: dict[str, str] = {}
    if private:
        suspended = case_queries.suspended_location_ids(on=date_to, owners=owners) & set(histories)
        open_level = case_figures.open_case_levels(histories, owners=owners)
    rows, inadequate = [], []
    labels = {i: r for r, i in timeline.RATING_INDEX.items()}
    for lid, history in histories.items():
        state = history.at(date_to)
        rating = labels.get(state[0], "") if state else ""
        rated_on = state[1] if state else None
        was_inadequate = any(
            r == timeline.RATING_INDEX[INADEQUATE] and date_from <= d <= date_to for d, r in history.steps
        )
        if rating == INADEQUATE or was_inadequate:
            inadequate.append(lid)
        concern = (
            rating in (INADEQUATE, REQUIRES_IMPROVEMENT)
            or lid in suspended
            or open_level.get(lid, "0") in ("3", "R", "4", "5")
        )
        if state is None or not concern:
            continue
        row: list[object] = [
            names.get(lid, lid),
            lid,
            providers.get(lid) or "",
            rating or "Not rated",
            rated_on,
        ]
        if private:
            row += [open_level.get(lid, ""), "Yes" if lid in suspended else ""]
        rows.append(row)
    order = {INADEQUATE: 0, REQUIRES_IMPROVEMENT: 1}
    rows.sort(key=lambda r: (order.get(str(r[3]), 2), str(r[0]), str(r[1])))
    columns = ["Service", "CQC ID", "Provider", "Overall rating at end", "Rated on"]
    if private:
        columns += ["Open case level", "New placements suspended"]
    intro = (
        f"{len(rows)} active services are of concern at the end of the period: rated Requires improvement or Inadequate"
        + (", in an open case at level 3 or above, or with new placements suspended." if private else ".")
    )
    return Section(
        "concern", "Providers of concern", intro, [Table("concern", "Providers of concern", columns, rows)]
    ), inadequate


def _inadequate_path(
    council: Area, location_ids: list[str], date_to: date, *, owners: access.OwnerScope, private: bool
) -> Section:
    ratings: dict[str, list[tuple[date, str]]] = defaultdict(list)
    for lid, report_on, overall in (
        register.Rating.objects.filter(
            location_id__in=location_ids, overall__in=RATED, report_on__lte=date_to
        )
        .order_by("location_id", "report_on", "is_current", "id")
        .values_list("location_id", "report_on", "overall")
    ):
        if report_on is None:  # always dated: report_on__lte excludes undated reports
            continue
        if not ratings[lid] or ratings[lid][-1][0] != report_on:
            ratings[lid].append((report_on, overall))
        else:
            ratings[lid][-1] = (report_on, overall)
    paths = case_figures.ladder_path(location_ids, owners=owners, until=date_to) if private else {}
    names = dict(register.Location.objects.filter(id__in=location_ids).values_list("id", "name"))
    rows = []
    for lid in sorted(location_ids, key=lambda i: (names.get(i, ""), i)):
        history = "; ".join(f"{overall} ({long_date(on)})" for on, overall in ratings[lid][-4:])
        row = [names.get(lid, lid), lid, history]
        if private:
            steps = paths.get(lid, [])
            row.append(
                "; ".join(
                    f"{long_date(s.on)} {s.decision}" + (f" to level {s.level}" if s.level else "")
                    for s in steps
                )
                or "No case"
            )
        rows.append(row)
    columns = ["Service", "CQC ID", "CQC ratings (latest four)"]
    if private:
        columns.append("Path through the ladder of intervention")
    intro = f"{len(rows)} services were rated Inadequate in the period or were Inadequate at its end."
    return Section(
        "inadequate",
        "Inadequate providers and their path through the ladder",
        intro,
        [Table("inadequate", "Inadequate providers", columns, rows)],
    )


def _cases(council: Area, date_from: date, date_to: date, *, owners: access.OwnerScope) -> Section:
    panel = sources.case_panel(council, on=date_to, owners=owners, since=date_from)
    if isinstance(panel, sources.NoData):
        return Section("cases", "Cases by ladder level", no_data=panel.reason, private=True)
    table = presenters.cases_table(panel, period="in the period", at_end=" at the end of the period")
    chart = presenters.cases_chart(
        "committee-cases", "Open cases by ladder level at the end of the period", panel
    )
    intro = (
        f"{counted(panel.open_cases, 'case')} open at the end of the period; {panel.opened} opened and"
        f" {panel.closed} closed in it."
    )
    return Section(
        "cases",
        "Cases by ladder level",
        intro,
        [table],
        [chart],
        private=True,
    )


def _findings(council: Area, date_from: date, date_to: date, *, owners: access.OwnerScope) -> Section:
    found = sources.findings_by_theme(council, on=date_to, owners=owners, since=date_from)
    if isinstance(found, sources.NoData):
        return Section("findings", "Findings by theme", no_data=found.reason, private=True)
    themes = found.get("themes", [])
    table = presenters.findings_table(themes)
    chart = presenters.findings_chart("committee-findings", "QA findings by theme", themes)
    intro = f"{found['headline']} in QA visits between {long_date(date_from)} and {long_date(date_to)}."
    return Section("findings", "Findings by theme", intro, [table], [chart] if themes else [], private=True)


def _quality_marks(organisation: Organisation, date_to: date, *, premium: bool) -> list[Section]:
    """Quality mark holders by tier, awards and withdrawals (``panels_quality_mark``), when the council runs
    a quality mark; the premium only for the council's own staff (the same rule as its contracts)."""
    table, sentence = panels_quality_mark.table([organisation], on=date_to, premium=premium)
    if not table.rows:
        return []
    return [Section("committee-quality-marks", panels_quality_mark.HEADING, sentence, [table], private=True)]


def _peer_support(organisation: Organisation, date_to: date) -> list[Section]:
    """Peer support pairings and the supported services' next ratings, and improvement offers taken up
    (``panels_recognition``, the dashboard's figures), when the council has any of either."""
    found = peer_figures.peer_figures([organisation], on=date_to)
    if not (found.pairs_started or found.offers):
        return []
    peer, offers = panels_recognition.peer_panel(found), panels_recognition.offers_panel(found)
    return [
        Section(
            "committee-peer-support",
            "Peer support and improvement offers",
            f"{peer.summary} {offers.summary}",
            [peer.table, offers.table],
            private=True,
        )
    ]


def _cqc_activity(council: Area, date_to: date) -> Section:
    """CQC reports per month against the two years before, and services not inspected for 2 and 4 years."""
    found = panels_planning.cqc_activity(council, service="all", on=date_to)
    activity = panels_planning.cqc_activity_panel(found, council)
    stale = panels_planning.not_inspected_panel(found)
    chart = activity.chart
    return Section(
        "cqc-activity",
        "CQC activity",
        f"{activity.summary} {stale.summary}",
        [activity.table, stale.table],
        [chart] if chart is not None else [],
    )


def _coverage(organisation: Organisation, date_to: date) -> Section:
    """The council's visits against its visit policy at the end of the period (its own records)."""
    panel = panels_planning.coverage_panel(
        programme_queries.coverage(organisation=organisation, today=date_to), organisation.name
    )
    return Section("visit-coverage", panel.heading, panel.summary, [panel.table], private=True)


def _commissioning(
    organisation: Organisation | None, date_to: date, *, contract_owners: access.OwnerScope
) -> list[Section]:
    """Contracts (the council's own staff only), vacancies, return compliance and discharge at the end of
    the period: the dashboard's panels (``panels_commissioning``) as sections."""
    if organisation is None:
        return []
    councils = [organisation]
    found = [
        panels_commissioning.vacancies_panel(commissioning.vacancies(councils, on=date_to)),
        panels_commissioning.compliance_panel(commissioning.return_compliance(councils, on=date_to)),
        panels_commissioning.discharge_panel(commissioning.discharge(councils, on=date_to)),
    ]
    split = commissioning.contract_split(councils, service="all", on=date_to, contract_owners=contract_owners)
    if not isinstance(split, sources.NoData):
        found.insert(0, panels_commissioning.contracts_panel(split))
    return [
        Section(
            f"committee-{p.id}",
            p.heading,
            p.summary,
            [p.table] if not p.no_data else [],
            no_data=p.no_data,
            private=True,
        )
        for p in found
    ]


# --- rendering ---------------------------------------------------------------------------------


def render_html(report: CommitteeReport, *, for_pdf: bool = False) -> str:
    return render_to_string("insights/committee_document.html", {"report": report, "for_pdf": for_pdf})


def render_pdf(report: CommitteeReport) -> bytes:
    from weasyprint import HTML  # imported here: it loads fonts and system libraries

    pdf: bytes = HTML(string=render_html(report, for_pdf=True)).write_pdf()
    return pdf
