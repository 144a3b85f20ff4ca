"""One dashboard's figures: an area, a service type, a date, and what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from carewatch.capacity.figures import BedTypeFigures, Compliance
from carewatch.core import access
from carewatch.discharge.figures import DischargeFigures
from carewatch.insights import commissioning, sources, timeline
from carewatch.insights.areas import ENGLAND, Area
from carewatch.insights.counts import Counts, RatingAge
from carewatch.insights.queries import funnel, market
from carewatch.recognition import peer_figures
from carewatch.recognition.peer_figures import PeerFigures
from carewatch.register import models as register

DEFAULT_YEARS = 5


@dataclass
class CouncilRow:
    code: str
    name: str
    counts: Counts
    in_scope: bool
    position: str = ""  # where it falls on the funnel plot
    rank: int | None = None  # 1 = highest share Good or Outstanding of rated, among ranked councils

    @property
    def pct(self) -> float | None:
        return self.counts.pct_good_or_outstanding_of_rated


@dataclass
class Private:
    """The panels from councils' own records: only what the reader may see."""

    councils: list[str]
    cases: sources.CasePanel | sources.NoData
    visits: sources.VisitCoverage | sources.NoData
    findings: sources.ThemeFindings | sources.NoData
    # Commissioning (issue 15): contracts (the reader's own council only), vacancies, returns, discharge
    contracts: commissioning.ContractSplit | sources.NoData = sources.NoData()
    vacancies: list[BedTypeFigures] | sources.NoData = sources.NoData()
    compliance: Compliance | sources.NoData = sources.NoData()
    discharge: DischargeFigures | sources.NoData = sources.NoData()
    # Recognition (issue 16): peer support pairings and improvement offers
    peer: PeerFigures | sources.NoData = sources.NoData()


@dataclass
class Dashboard:
    area: Area
    service: str
    as_of: date | None
    today: date
    years: int
    ratings: Counts
    trend: list[Counts]
    age: RatingAge
    special_measures: dict[str, object] | sources.NoData
    england: Counts
    councils: list[CouncilRow]
    curve: list[funnel.Limits] = field(default_factory=list)
    private: Private | None = None  # None: the reader may see no council's own records here

    @property
    def on(self) -> date:
        return self.as_of or self.today

    @property
    def ranked(self) -> list[CouncilRow]:
        return sorted(
            (row for row in self.councils if row.rank is not None), key=lambda row: (row.rank or 0, row.name)
        )

    @property
    def in_scope(self) -> list[CouncilRow]:
        return [row for row in self.ranked if row.in_scope]

    @property
    def england_pct(self) -> float | None:
        return self.england.pct_good_or_outstanding_of_rated


def build(
    area: Area,
    *,
    service: str,
    as_of: date | None,
    today: date,
    years: int = DEFAULT_YEARS,
    owners: access.OwnerScope,
    contract_owners: access.OwnerScope = access.NOBODY,
) -> Dashboard:
    """Everything a dashboard shows. ``owners``: the councils whose own records the reader may see
    (``access.owners_for(user)``; ``access.NOBODY`` for what may be published); ``contract_owners``:
    whose contracts (``capacity.queries.contract_scope(user)``: the reader's own council only)."""
    on = as_of or today
    live = market.Live()
    if as_of is not None and not (as_of == timeline.month_end(as_of) and market.fresh_version()):
        live.histories(ENGLAND, service, everything=True)  # one load of the history serves every figure
    ratings = market.ratings(area, service, as_of, today=today, live=live)
    england = (
        ratings
        if area.level == "england"
        else market.ratings(ENGLAND, service, as_of, today=today, live=live)
    )
    trend = market.trend(area, service, until=on, years=years, live=live)
    age = market.rating_age(area, service, as_of, today=today, live=live)
    councils, curve = _councils(area, service, as_of, today=today, england=england, live=live)
    private = None
    if owners.national or owners.ids:
        found = sources.councils_in(area, owners)
        if found:
            private = Private(
                councils=[c.name for c in found],
                cases=sources.case_panel(area, on=on, owners=owners),
                visits=sources.visit_coverage(area, on=on, owners=owners),
                findings=sources.findings_by_theme(area, on=on, owners=owners),
                contracts=commissioning.contract_split(
                    found, service=service, on=on, contract_owners=contract_owners
                ),
                vacancies=commissioning.vacancies(found, on=on),
                compliance=commissioning.return_compliance(found, on=on),
                discharge=commissioning.discharge(found, on=on),
                peer=peer_figures.peer_figures(found, on=on),
            )
    return Dashboard(
        area=area,
        service=service,
        as_of=as_of,
        today=today,
        years=years,
        ratings=ratings,
        trend=trend,
        age=age,
        special_measures=market.special_measures(area, on=on),
        england=england,
        councils=councils,
        curve=curve,
        private=private,
    )


def _scope_codes(area: Area) -> set[str]:
    if area.level == "la":
        region = (
            register.LocalAuthority.objects.filter(pk=area.code).values_list("region_id", flat=True).first()
        )
        return set(register.LocalAuthority.objects.filter(region_id=region).values_list("code", flat=True))
    return set(area.council_codes())


def _councils(
    area: Area, service: str, as_of: date | None, *, today: date, england: Counts, live: market.Live
) -> tuple[list[CouncilRow], list[funnel.Limits]]:
    """Every council with its place on the funnel plot; ``in_scope``: the councils this dashboard compares."""
    scope = _scope_codes(area)
    rows = [
        CouncilRow(code=code, name=name, counts=counts, in_scope=code in scope)
        for code, name, counts in market.council_figures(service, as_of, today=today, live=live)
    ]
    if not england.rated:
        return rows, []
    p0 = england.good_or_outstanding / england.rated
    cache: dict[int, funnel.Limits] = {}
    for row in rows:
        n = row.counts.rated
        if n:
            limits = cache.get(n) or cache.setdefault(n, funnel.limits(n, p0))
            row.position = funnel.classify(row.counts.good_or_outstanding, n, p0, limits)
        else:
            row.position = "no rated services"
    rated = sorted((row for row in rows if row.counts.rated), key=lambda row: (-(row.pct or 0), row.name))
    for rank, row in enumerate(rated, start=1):
        row.rank = rank
    max_n = max((row.counts.rated for row in rows), default=0)
    return rows, funnel.curve(max_n, p0) if max_n else []
