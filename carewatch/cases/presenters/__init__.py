"""Shaping the ladder's data for its pages, by subject: plain objects the templates read, no queries in
templates. Call them through the package: ``presenters.case_page(...)``.

- :mod:`.common`: names, dates, level tags, what a case is about, who may act on it;
- :mod:`.case_list`, :mod:`.case_page`, :mod:`.task_list` (also the daily digest);
- :mod:`.audit_trail`: a case's audit trail in words;
- :mod:`.decisions`: level names and criteria, the levels a case may move to;
- :mod:`.letters`: the letter check page (who it is to, who signs it, the recorded reason);
- :mod:`.register_search`: the services found when proposing a case;
- :mod:`.register`: what a location's register page shows (the suspension banner, the open case).

Reads go through ``carewatch.cases.queries`` (scoped to the person looking) and
``carewatch.cases.letters.queries``; nothing here writes.
"""

from carewatch.cases.presenters.audit_trail import AuditLine, case_audit_trail
from carewatch.cases.presenters.case_list import CaseRow, case_rows
from carewatch.cases.presenters.case_page import (
    ActionRow,
    CasePage,
    EvidenceRow,
    LocationRow,
    SuspensionRow,
    TimelineItem,
    VisitRow,
    action_row,
    case_page,
    letter_choices,
)
from carewatch.cases.presenters.common import (
    LEVEL_TAGS,
    LevelTag,
    can_act,
    can_decide,
    case_subject,
    level_names,
    level_tag,
    long_date,
    person_name,
)
from carewatch.cases.presenters.decisions import (
    case_state,
    council_level_names,
    level_criteria,
    step_down_choices,
)
from carewatch.cases.presenters.letters import LetterDraftPage, letter_draft_page
from carewatch.cases.presenters.register import (
    LocationCases,
    SuspensionBanner,
    location_cases,
    suspension_banner,
)
from carewatch.cases.presenters.register_search import ServiceChoice, service_choices
from carewatch.cases.presenters.task_list import TaskGroups, TaskRow, case_subjects, task_groups, task_rows

__all__ = [
    # what every page shows the same way
    "LEVEL_TAGS",
    "LevelTag",
    "person_name",
    "long_date",
    "level_names",
    "level_tag",
    "case_subject",
    "can_act",
    "can_decide",
    # the case list
    "CaseRow",
    "case_rows",
    # the case page
    "TimelineItem",
    "ActionRow",
    "SuspensionRow",
    "EvidenceRow",
    "LocationRow",
    "VisitRow",
    "CasePage",
    "action_row",
    "letter_choices",
    "case_page",
    "AuditLine",
    "case_audit_trail",
    # letters
    "LetterDraftPage",
    "letter_draft_page",
    # decisions
    "case_state",
    "council_level_names",
    "level_criteria",
    "step_down_choices",
    # the task list
    "TaskRow",
    "TaskGroups",
    "case_subjects",
    "task_rows",
    "task_groups",
    # the register
    "ServiceChoice",
    "service_choices",
    "SuspensionBanner",
    "LocationCases",
    "location_cases",
    "suspension_banner",
]
