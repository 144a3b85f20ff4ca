"""Thematic analysis for a committee report: "N findings from K providers in M themes", counts by theme
and by service type, and the trend by quarter (financial year, April to March) or by month.

Counted: findings on the council's visits carried out between ``start`` and ``end`` inclusive (by visit
date), from published reports unless ``published_only=False``. A finding counts under its current
theme, confirmed or not (``unconfirmed`` says how many await an officer); findings without a theme count
under "Not yet themed". Providers are counted by CQC provider id (a location with none counts alone).

No database reads here: ``queries.thematic_analysis`` reads the findings and :func:`summarise` counts them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from carewatch.monitoring.models import Finding, ServiceType, Severity

UNTHEMED = "Not yet themed"
Granularity = Literal["quarter", "month"]


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str  # "Q1 2025/26 (April to June 2025)" or "April 2025"


def _month_start(day: date) -> date:
    return date(day.year, day.month, 1)


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def periods(start: date, end: date, granularity: Granularity = "quarter") -> list[Period]:
    """Every period touching [start, end], in order (financial quarters start in April)."""
    if granularity not in ("quarter", "month"):
        raise ValueError("granularity is quarter or month")
    result = []
    if granularity == "month":
        cursor = _month_start(start)
        while cursor <= end:
            following = _add_months(cursor, 1)
            result.append(Period(cursor, date.fromordinal(following.toordinal() - 1), f"{cursor:%B %Y}"))
            cursor = following
        return result
    cursor = date(
        start.year, (start.month - 1) // 3 * 3 + 1, 1
    )  # financial quarters start with calendar ones
    while cursor <= end:
        following = _add_months(cursor, 3)
        last = date.fromordinal(following.toordinal() - 1)
        fy = cursor.year if cursor.month >= 4 else cursor.year - 1
        quarter = (cursor.month - 4) % 12 // 3 + 1
        result.append(
            Period(cursor, last, f"Q{quarter} {fy}/{str(fy + 1)[-2:]} ({cursor:%B} to {last:%B %Y})")
        )
        cursor = following
    return result


@dataclass(frozen=True)
class ThemeCount:
    theme: str
    slug: str
    findings: int
    share: float  # of all findings, 0–1
    providers: int
    unconfirmed: int
    by_severity: dict[str, int]


@dataclass(frozen=True)
class ServiceTypeCount:
    service_type: str
    label: str
    findings: int
    share: float
    providers: int
    visits: int


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    findings: int
    by_theme: dict[str, int]  # theme name → findings (only themes with some)


@dataclass(frozen=True)
class ThematicAnalysis:
    organisation: str
    start: date
    end: date
    granularity: str
    published_only: bool
    findings: int
    providers: int
    locations: int
    visits: int
    themes: int  # themes with at least one finding ("Not yet themed" does not count)
    unconfirmed: int
    by_severity: dict[str, int]
    by_theme: tuple[ThemeCount, ...]  # most findings first
    by_service_type: tuple[ServiceTypeCount, ...]  # care homes, home care, supported living
    theme_by_service_type: dict[str, dict[str, int]]  # theme name → service type label → findings
    trend: tuple[TrendPoint, ...]

    @property
    def headline(self) -> str:
        """ "12 findings from 5 providers in 4 themes" (singular where it is one)."""
        return headline(findings=self.findings, providers=self.providers, themes=self.themes)


def headline(*, findings: int, providers: int, themes: int) -> str:
    """ "12 findings from 5 providers in 4 themes" (singular where it is one)."""

    def counted(n: int, word: str) -> str:
        return f"{n:,} {word}{'' if n == 1 else 's'}"

    return (
        f"{counted(findings, 'finding')} from {counted(providers, 'provider')} in {counted(themes, 'theme')}"
    )


def _provider_key(finding: Finding) -> str:
    location = finding.visit.location
    return f"p:{location.provider_id}" if location.provider_id else f"l:{location.pk}"


def summarise(
    rows: Sequence[Finding],
    *,
    organisation: str,
    start: date,
    end: date,
    spans: Sequence[Period],
    granularity: Granularity,
    published_only: bool,
) -> ThematicAnalysis:
    """Count ``rows`` (the period's findings, each with its theme, visit, location and framework loaded:
    ``queries.thematic_analysis`` reads them) by theme, service type and period."""
    severity_order = [value for value, _ in Severity.choices]
    type_labels = dict(ServiceType.choices)
    by_theme: dict[tuple[str, str, int], list[Finding]] = defaultdict(list)
    by_type: dict[str, list[Finding]] = defaultdict(list)
    cross: dict[str, Counter] = defaultdict(Counter)
    trend: list[Counter] = [Counter() for _ in spans]
    for finding in rows:
        theme = finding.theme
        key = (theme.name, theme.slug, theme.position) if theme else (UNTHEMED, "", 10_000)
        by_theme[key].append(finding)
        service_type = finding.visit.framework_version.framework.service_type
        by_type[service_type].append(finding)
        cross[key[0]][type_labels[service_type]] += 1
        for index, span in enumerate(spans):
            if span.start <= finding.visit.visit_on <= span.end:
                trend[index][key[0]] += 1
                break

    total = len(rows)

    def share(n: int) -> float:
        return round(n / total, 4) if total else 0.0

    theme_counts = sorted(
        (
            ThemeCount(
                theme=name,
                slug=slug,
                findings=len(items),
                share=share(len(items)),
                providers=len({_provider_key(f) for f in items}),
                unconfirmed=sum(1 for f in items if f.theme_id and f.theme_confirmed_at is None),
                by_severity={level: sum(1 for f in items if f.severity == level) for level in severity_order},
            )
            for (name, slug, _position), items in by_theme.items()
        ),
        key=lambda row: (-row.findings, row.theme == UNTHEMED, row.theme),
    )
    type_counts = tuple(
        ServiceTypeCount(
            service_type=value,
            label=label,
            findings=len(by_type[value]),
            share=share(len(by_type[value])),
            providers=len({_provider_key(f) for f in by_type[value]}),
            visits=len({f.visit_id for f in by_type[value]}),
        )
        for value, label in ServiceType.choices
    )
    return ThematicAnalysis(
        organisation=organisation,
        start=start,
        end=end,
        granularity=granularity,
        published_only=published_only,
        findings=total,
        providers=len({_provider_key(f) for f in rows}),
        locations=len({f.visit.location_id for f in rows}),
        visits=len({f.visit_id for f in rows}),
        themes=sum(1 for row in theme_counts if row.theme != UNTHEMED),
        unconfirmed=sum(1 for f in rows if f.theme_id and f.theme_confirmed_at is None),
        by_severity={level: sum(1 for f in rows if f.severity == level) for level in severity_order},
        by_theme=tuple(theme_counts),
        by_service_type=type_counts,
        theme_by_service_type={row.theme: dict(cross[row.theme]) for row in theme_counts},
        trend=tuple(
            TrendPoint(period=span, findings=sum(counter.values()), by_theme=dict(sorted(counter.items())))
            for span, counter in zip(spans, trend, strict=True)
        ),
    )
