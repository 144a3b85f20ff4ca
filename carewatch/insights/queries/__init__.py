"""Reads of the insights app: market figures by area and date, dashboards, the funnel plot.

- :mod:`.market`: counts, trend and rating age for an area (precomputed months or live history),
  CQC special measures, the register version the figures are kept for;
- :mod:`.funnel`: binomial control limits;
- :mod:`.dashboard`: one dashboard's figures, with the private panels the reader may see.
Figures from the councils' own records (cases, QA monitoring), always for an ``access.OwnerScope``,
are read in :mod:`carewatch.insights.sources`; commissioner ratings are in
:mod:`carewatch.insights.commissioner`, the committee report in :mod:`carewatch.insights.reports`.
"""

from carewatch.insights.queries import dashboard, funnel, market

__all__ = ["dashboard", "funnel", "market"]
