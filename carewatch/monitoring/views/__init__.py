"""Every monitoring page, one module per subject (``urls.py`` routes them, namespace ``monitoring``):

- ``visits``: council QA staff record visits, answers and findings, send drafts, review disputes,
  publish reports;
- ``plans``: council QA staff accept a provider's action plan or send it back;
- ``reports``: a provider's users read the reports sent to them, comment on factual accuracy and
  write their action plans;
- ``feedback``: lived experience for council QA staff: feedback links, moderation, feedback recorded on
  a visit (the public form is ``carewatch.public.views.feedback``);
- ``setup``, ``frameworks``, ``analysis``: the council's set-up (timescales, themes), its frameworks,
  the thematic analysis.

Thin views: parse, make one domain call, render or redirect (``core.http`` at the edge). A record the
person may not see is a 404.
"""
