"""The commissioner rating: an "Ofsted-style" rating of each council (and ICB) from what carewatch holds.

Each measure is scored 1–4 against the published thresholds in :data:`MEASURES` (also on
/insights/methodology/ and in docs/insights.md; a test keeps the three the same). The scores combine
as the CQC combines a council's quality statements: the total as a share of the maximum over the
measures that have data, rounded to a whole percentage and banded 25–38 Inadequate, 39–62 Requires
improvement, 63–87 Good, 88+ Outstanding by ``carewatch.ratings.bands`` (the engine behind
``carewatch.ratings.council``). At least :data:`MINIMUM_MEASURES` of the measures must be scored;
with fewer there is "not enough evidence to rate" (as the CQC says when its evidence is insufficient).
Only measures carewatch builds are published. Discharge placement speed reads the discharge app's
placements (``discharge.figures.placement_days``): an area whose discharge teams record none has "no
data" for it, like a council without QA visits.
Everything is recomputable as at a past date: each measure reads only facts dated on or before it.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date

from carewatch.cases import figures as case_figures
from carewatch.core import access
from carewatch.discharge import figures as discharge_figures
from carewatch.insights import sources, timeline
from carewatch.insights.areas import Area
from carewatch.insights.counts import Counts
from carewatch.insights.queries import market
from carewatch.ratings.bands import CQC_BANDS, describe, display_percent, score_fraction
from carewatch.ratings.vocabulary import Rating
from carewatch.register import models as register
from carewatch.register import queries as register_queries

# A rating rests on at least this many of the seven measures (more than half): fewer, and there is not
# enough evidence to rate. A council that does not use carewatch has the two market measures only.
MINIMUM_MEASURES = 4
NOT_ENOUGH_EVIDENCE = "Not enough evidence to rate"


@dataclass(frozen=True)
class MeasureSpec:
    key: str
    name: str
    unit: str
    higher_is_better: bool
    cutoffs: tuple[float, float, float]  # the value needed for 4, 3 and 2 (else 1)
    minimum_base: int  # fewer than this many observations: no score
    source: str
    definition: str

    def score(self, value: float) -> int:
        four, three, two = self.cutoffs
        if self.higher_is_better:
            return 4 if value >= four else 3 if value >= three else 2 if value >= two else 1
        return 4 if value <= four else 3 if value <= three else 2 if value <= two else 1

    def threshold_text(self) -> list[tuple[int, str]]:
        four, three, two = self.cutoffs
        sign, other = ("≥", "<") if self.higher_is_better else ("≤", ">")
        u = self.unit
        return [
            (4, f"{sign} {four:g}{u}"),
            (3, f"{sign} {three:g}{u}"),
            (2, f"{sign} {two:g}{u}"),
            (1, f"{other} {two:g}{u}"),
        ]


MEASURES: tuple[MeasureSpec, ...] = (
    MeasureSpec(
        "market_quality",
        "Market quality",
        "%",
        True,
        (85, 75, 65),
        5,
        "CQC register",
        "Active adult social care services in the area rated Good or Outstanding, as a % of those rated, on the date.",
    ),
    MeasureSpec(
        "market_trend",
        "Market quality trend",
        " points",
        True,
        (2, 0, -2),
        5,
        "CQC register (dated history)",
        "Change over 12 months, in percentage points, of the % Good or Outstanding of rated services: from the "
        "month-end 12 months before the last month-end on or before the date, to that month-end.",
    ),
    MeasureSpec(
        "improvement_speed",
        "Improvement under intervention",
        " days",
        False,
        (90, 180, 365),
        3,
        "carewatch cases (ladder of intervention)",
        "Median days from opening to closing of the council's cases closed in the 24 months to the date.",
    ),
    MeasureSpec(
        "timeliness",
        "Timeliness of actions and letters",
        "%",
        True,
        (95, 85, 70),
        5,
        "carewatch cases",
        "Case actions and suspension letters due in the 12 months to the date that were done (sent) on or before "
        "their due date, as a % of those due.",
    ),
    MeasureSpec(
        "qa_coverage",
        "QA visit coverage",
        "%",
        True,
        (80, 50, 25),
        5,
        "carewatch monitoring (QA visits)",
        "Active services in the area with a council QA visit in the 12 months to the date, as a % of active services.",
    ),
    MeasureSpec(
        "lived_experience",
        "Lived experience collected",
        "%",
        True,
        (50, 25, 10),
        5,
        "carewatch monitoring (feedback)",
        "Active services in the area with feedback from people using them or their families received in the 12 "
        "months to the date, as a % of active services.",
    ),
    MeasureSpec(
        "discharge_speed",
        "Discharge placement speed",
        " days",
        False,
        (1, 3, 6),
        5,
        "carewatch discharge (referrals and placements)",
        "Median days from a discharge referral to the person's placement, over the placements made in the 12 "
        "months to the date by the area's discharge teams (the council's; for an ICB, its councils' and its own). "
        "The cut-offs follow the bands NHS England publishes discharge delays in (1 day, 2 to 3, 4 to 6, 7 or more).",
    ),
)
BY_KEY = {spec.key: spec for spec in MEASURES}


@dataclass
class Measure:
    spec: MeasureSpec
    value: float | None = None
    base: int = 0  # observations behind the value
    detail: str = ""
    no_data: str = ""

    @property
    def score(self) -> int | None:
        if self.value is None or self.base < self.spec.minimum_base:
            return None
        return self.spec.score(self.value)

    @property
    def display(self) -> str:
        if self.value is None:
            return "No data"
        return (
            f"{self.value:+.1f}{self.spec.unit}"
            if self.spec.key == "market_trend"
            else f"{self.value:.1f}{self.spec.unit}"
        )

    @property
    def reason(self) -> str:
        if self.value is None:
            return self.no_data or "no data"
        if self.base < self.spec.minimum_base:
            return f"too few to score ({self.base}; at least {self.spec.minimum_base} needed)"
        return ""


@dataclass
class CommissionerRating:
    area: Area
    on: date
    measures: list[Measure] = field(default_factory=list)

    @property
    def scored(self) -> list[Measure]:
        return [m for m in self.measures if m.score is not None]

    @property
    def scores(self) -> list[int]:
        return [score for score in (m.score for m in self.measures) if score is not None]

    @property
    def evidence(self) -> str:
        """How many of the measures the rating rests on: "4 of 6"."""
        return f"{len(self.scored)} of {len(self.measures)}"

    @property
    def total(self) -> int:
        return sum(self.scores)

    @property
    def maximum(self) -> int:
        return 4 * len(self.scored)

    @property
    def rating(self) -> Rating | None:
        if len(self.scored) < MINIMUM_MEASURES:
            return None
        return CQC_BANDS.rating(score_fraction(self.scores))

    @property
    def percent(self) -> float | None:
        if len(self.scored) < MINIMUM_MEASURES:
            return None
        return display_percent(score_fraction(self.scores))

    @property
    def label(self) -> str:
        rating = self.rating
        if rating is None:
            return NOT_ENOUGH_EVIDENCE
        fraction = score_fraction(self.scores)
        return describe(rating, CQC_BANDS.position(fraction))

    @property
    def rating_label(self) -> str:
        return self.rating.label if self.rating is not None else NOT_ENOUGH_EVIDENCE

    def as_dict(self) -> dict[str, object]:
        return {
            "area": {"level": self.area.level, "code": self.area.code, "name": self.area.name},
            "on": self.on.isoformat(),
            "rating": self.rating_label,
            "description": self.label,
            "percent": self.percent,
            "measures_scored": len(self.scored),
            "total": self.total,
            "maximum": self.maximum,
            "measures": [
                {
                    "key": m.spec.key,
                    "name": m.spec.name,
                    "value": m.value,
                    "display": m.display,
                    "base": m.base,
                    "score": m.score,
                    "reason": m.reason,
                    "detail": m.detail,
                }
                for m in self.measures
            ],
        }


# --- computing every area's measures at once ---------------------------------------------------


def ratings(*, level: str, as_of: date | None, today: date) -> list[CommissionerRating]:
    """Every council (``level="la"``) or ICB (``"icb"``), in name order, as at ``as_of`` (None: now)."""
    if level not in ("la", "icb"):
        raise ValueError("commissioner ratings are for councils (la) and ICBs (icb)")
    on = as_of or today
    # Councils as at that date: none abolished by then.
    rows = register_queries.councils_existing(as_of) if level == "la" else register.Icb.objects.all()
    areas = [
        Area(level, code, name) for code, name in rows.order_by("name", "code").values_list("code", "name")
    ]
    live = market.Live()
    quality = _market_counts(level, as_of, today=today, live=live)
    last_end = timeline.previous_month_end(on)
    trend_now = _market_counts(level, last_end, today=today, live=live)
    trend_then = _market_counts(
        level, timeline.month_end(timeline.years_before(last_end, 1)), today=today, live=live
    )
    council_of = sources.council_ids_by_area(level)  # area code -> council organisation ids
    # Published as aggregates (no case is identifiable): every council's cases are read.
    improvement = case_figures.improvement_days(on=on, owners=access.NATIONAL)
    timely = case_figures.timeliness(on=on, owners=access.NATIONAL)
    discharge_teams = sources.discharge_team_ids_by_area(level)
    placement = discharge_figures.placement_days(on=on, owners=access.NATIONAL)
    result = []
    for area in areas:
        owners = access.OwnerScope.of(council_of.get(area.code, []))
        measures = [
            _quality(quality.get(area.code)),
            _trend(trend_now.get(area.code), trend_then.get(area.code)),
            _improvement(owners, improvement),
            _timeliness(owners, timely),
            _monitoring(
                "qa_coverage",
                sources.visit_coverage(area, on=on, owners=owners) if owners.ids else _no_council(),
            ),
            _monitoring(
                "lived_experience",
                sources.lived_experience(area, on=on, owners=owners) if owners.ids else _no_council(),
            ),
            _discharge(access.OwnerScope.of(discharge_teams.get(area.code, [])), placement),
        ]
        result.append(CommissionerRating(area=area, on=on, measures=measures))
    return result


def rating_for(area: Area, *, as_of: date | None, today: date) -> CommissionerRating:
    found = next(
        (r for r in ratings(level=area.level, as_of=as_of, today=today) if r.area.code == area.code), None
    )
    if found is None:
        raise ValueError(f"no commissioner rating for {area.key}")
    return found


def league(found: list[CommissionerRating]) -> list[CommissionerRating]:
    """Best first: by percentage of the maximum (unrated last), then by name."""
    return sorted(found, key=lambda r: (r.percent is None, -(r.percent or 0), r.area.name))


def _no_council() -> sources.NoData:
    return sources.NoData("the council does not use carewatch")


def _market_counts(level: str, as_of: date | None, *, today: date, live: market.Live) -> dict[str, Counts]:
    if level == "la":
        return {
            code: counts
            for code, _name, counts in market.council_figures("all", as_of, today=today, live=live)
        }
    areas = register.Icb.objects.order_by("code").values_list("code", "name")
    if as_of is not None and not (as_of == timeline.month_end(as_of) and market.fresh_version()):
        live.histories(Area("england", "", ""), "all", everything=True)
    return {
        code: market.ratings(Area("icb", code, name), "all", as_of, today=today, live=live)
        for code, name in areas
    }


def _quality(counts: Counts | None) -> Measure:
    spec = BY_KEY["market_quality"]
    if counts is None or not counts.rated:
        return Measure(spec, no_data="no rated services")
    return Measure(
        spec,
        value=100 * counts.good_or_outstanding / counts.rated,
        base=counts.rated,
        detail=f"{counts.good_or_outstanding} of {counts.rated} rated",
    )


def _trend(now: Counts | None, then: Counts | None) -> Measure:
    spec = BY_KEY["market_trend"]
    if not now or not then or not now.rated or not then.rated:
        return Measure(spec, no_data="no rated services at one of the two month-ends")
    change = 100 * now.good_or_outstanding / now.rated - 100 * then.good_or_outstanding / then.rated
    return Measure(
        spec,
        value=round(change, 1),
        base=min(now.rated, then.rated),
        detail=f"{then.pct_good_or_outstanding_of_rated}% at {then.on:%b %Y} → {now.pct_good_or_outstanding_of_rated}% at {now.on:%b %Y}",
    )


def _improvement(owners: access.OwnerScope, improvement: dict[int, list[int]]) -> Measure:
    spec = BY_KEY["improvement_speed"]
    if not owners.ids:
        return Measure(spec, no_data="the council does not use carewatch")
    days = [d for owner in sorted(owners.ids) for d in improvement.get(owner, [])]
    if not days:
        return Measure(spec, no_data="no case closed in the 24 months")
    value = float(statistics.median(days))
    return Measure(spec, value=value, base=len(days), detail=f"{len(days)} cases closed")


def _timeliness(owners: access.OwnerScope, timely: dict[int, tuple[int, int]]) -> Measure:
    spec = BY_KEY["timeliness"]
    if not owners.ids:
        return Measure(spec, no_data="the council does not use carewatch")
    on_time = sum(timely.get(owner, (0, 0))[0] for owner in owners.ids)
    due = sum(timely.get(owner, (0, 0))[1] for owner in owners.ids)
    if not due:
        return Measure(spec, no_data="nothing due in the 12 months")
    return Measure(spec, value=100 * on_time / due, base=due, detail=f"{on_time} of {due} on time")


def _monitoring(key: str, found: sources.Share | sources.NoData) -> Measure:
    spec = BY_KEY[key]
    if isinstance(found, sources.NoData):
        return Measure(spec, no_data=found.reason)
    return Measure(spec, value=found["percent"], base=found["base"], detail=found["detail"])


def _discharge(teams: access.OwnerScope, placement: dict[int, list[int]]) -> Measure:
    spec = BY_KEY["discharge_speed"]
    if not teams.ids:
        return Measure(spec, no_data="no discharge team in the area uses carewatch")
    days = [d for team in sorted(teams.ids) for d in placement.get(team, [])]
    if not days:
        return Measure(spec, no_data="no placement in the 12 months")
    value = float(statistics.median(days))
    return Measure(spec, value=value, base=len(days), detail=f"{len(days)} placements")
