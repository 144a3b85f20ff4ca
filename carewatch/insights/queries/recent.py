"""What is new in an area: the CQC reports on its adult social care services published lately."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from carewatch.register import models as register

LIMIT = 20  # the newest ones; the committee report and the dashboards have the rest


@dataclass(frozen=True)
class PublishedReport:
    location_id: str
    name: str
    overall: str
    report_on: date


@dataclass
class Published:
    area_label: str
    reports: list[PublishedReport] = field(default_factory=list)


def reports_published(*, local_authority: str | None, icb: str | None, since: date, until: date) -> Published:
    """CQC reports with an overall rating published from ``since`` to ``until`` on adult social care
    services in a council's area (``local_authority``) or else an ICB's (``icb``), newest first."""
    ratings = register.Rating.objects.filter(
        location__adult_social_care=True, report_on__gte=since, report_on__lte=until
    ).exclude(overall="")
    if local_authority:
        ratings = ratings.filter(location__local_authority_id=local_authority)
        area = (
            register.LocalAuthority.objects.filter(pk=local_authority).values_list("name", flat=True).first()
        )
    elif icb:
        ratings = ratings.filter(location__icb_id=icb)
        area = register.Icb.objects.filter(pk=icb).values_list("name", flat=True).first()
    else:
        return Published("")
    rows = ratings.order_by("-report_on", "location__name", "-id").values_list(
        "location_id", "location__name", "overall", "report_on"
    )[:LIMIT]
    seen: set[tuple[str, date]] = set()
    found = []
    for location_id, name, overall, report_on in rows:
        if (
            report_on is None or (location_id, report_on) in seen
        ):  # the current row and its history row for one report
            continue
        seen.add((location_id, report_on))
        found.append(PublishedReport(location_id, name, overall, report_on))
    return Published(area or "", found)
