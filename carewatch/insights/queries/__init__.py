"""Reads of the insights app: market figures by area and date, dashboards, the funnel plot.

- :mod:`.market`: counts, trend and rating age for an area (precomputed months or live history);
- :mod:`.funnel`: binomial control limits;
- :mod:`.dashboard`: one dashboard's figures, with the private panels the reader may see.
Commissioner ratings are in :mod:`carewatch.insights.commissioner`, the committee report in
:mod:`carewatch.insights.reports`.
"""

from carewatch.insights.queries import dashboard, funnel, market

__all__ = ["dashboard", "funnel", "market"]
