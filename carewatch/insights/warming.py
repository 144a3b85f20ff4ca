"""Fill the shared chart cache after an import, so the first visitor to a dashboard does not wait.

Drawing a dashboard's charts takes about half a second; reading them back from the ``charts`` cache
takes a millisecond or two. After an import (or ``insights-refresh``) the register's figures change
and with them every chart, so :func:`warm_dashboards` draws the public dashboards people open most:
England and each region, for every service type, as they stand today with the default trend length.
Dashboards of ICBs and councils are drawn on their first visit and kept from then on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from carewatch.core import access
from carewatch.insights import panels_planning, presenters
from carewatch.insights.areas import ENGLAND, SERVICES, Area
from carewatch.insights.queries import dashboard as dashboard_queries
from carewatch.register import models as register


@dataclass(frozen=True)
class Warmed:
    dashboards: int
    seconds: float


def areas_to_warm() -> list[Area]:
    regions = register.Region.objects.order_by("code").values_list("code", "name")
    return [ENGLAND, *(Area("region", code, name) for code, name in regions)]


def warm_dashboards(*, today: date) -> Warmed:
    """Draw the public dashboards of England and every region (what an anonymous visitor sees)."""
    started = time.perf_counter()
    count = 0
    for area in areas_to_warm():
        for service in SERVICES:
            board = dashboard_queries.build(
                area, service=service, as_of=None, today=today, owners=access.NOBODY
            )
            presenters.dashboard_panels(board)
            panels_planning.panels(board, owners=access.NOBODY)  # CQC activity's chart (issue 17)
            count += 1
    return Warmed(count, time.perf_counter() - started)
