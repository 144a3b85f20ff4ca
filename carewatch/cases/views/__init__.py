"""The ladder's pages for council staff: thin views that parse, make one domain call, render or redirect.

- ``cases``: the case list, a case, proposing, deciding;
- ``actions``: actions and suspensions;
- ``letters``: writing, reading and downloading letters, and the council's letter templates;
- ``ladder``: the ladder editor and the bank holidays (organisation administrators);
- ``tasks``: the task list.
"""
