"""The ladder's pages for council staff: thin views that parse, make one domain call, render or redirect.

- ``cases``: the case list, a case, proposing, deciding;
- ``actions``: actions and suspensions;
- ``letters``: writing, reading and downloading letters, and the council's letter templates;
- ``ladder``: the ladder editor and the bank holidays (organisation administrators);
- ``tasks``: the task list;
- ``edge``: what every page does at the edge (the record or a 404, who may act, errors on forms).

Views read only through ``carewatch.cases.queries`` and write only through ``services``.
"""
