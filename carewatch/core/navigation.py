"""The service navigation and each person's pages: each link shows only to people its rule allows.

Two lists. ``MENU`` is the bar at the top of every page, kept to what fits on one line at 1,280 px
for any one role. ``PAGES`` is every page a person may use, grouped, for their home page ("My work")
and their account page: the menu's pages and the rest (audit, the ladder, commissioner ratings, the
committee report, the methodology, API tokens …). A page a role cannot use never shows to it: in
particular a system administrator, who may open any page, is not offered pages that belong to a
role they do not hold (they would only be sent elsewhere); only their own and everyone's.
"""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from carewatch.core.access import COUNCIL_STAFF, Rule, signed_in_user
from carewatch.core.roles import OrganisationKind, Role

PUBLIC = Rule("public")
SIGNED_IN = Rule("signed_in")
QA = Rule("signed_in", (Role.QA_OFFICER, Role.QA_MANAGER), (OrganisationKind.COUNCIL,))
CASES = Rule("signed_in", (Role.QA_OFFICER, Role.QA_MANAGER, Role.COMMISSIONER))
PROVIDERS = Rule("signed_in", (Role.PROVIDER_MANAGER, Role.PROVIDER_STAFF), (OrganisationKind.PROVIDER,))
COUNCIL_ADMIN = Rule("signed_in", (Role.ORG_ADMIN,), (OrganisationKind.COUNCIL,))
SET_UP = Rule("signed_in", (Role.QA_MANAGER, Role.ORG_ADMIN), (OrganisationKind.COUNCIL,))
MARKET_READERS = Rule("signed_in", (Role.COMMISSIONER, Role.ANALYST))
COMMITTEE = Rule("signed_in", COUNCIL_STAFF)
AUDIT = Rule("signed_in", (Role.ORG_ADMIN, Role.QA_MANAGER))
ADMIN = Rule("signed_in", (Role.ORG_ADMIN,))
SYSTEM_ADMIN = Rule("system_admin")
# Contracts and vacancies (carewatch/capacity): a council's staff, and council or ICB staff in their area.
CONTRACTS = Rule("signed_in", COUNCIL_STAFF, (OrganisationKind.COUNCIL,))
VACANCIES = Rule(
    "signed_in",
    (*COUNCIL_STAFF, Role.DISCHARGE_COORDINATOR),
    (OrganisationKind.COUNCIL, OrganisationKind.ICB),
)
DISCHARGE = Rule("signed_in", (Role.DISCHARGE_COORDINATOR,), (OrganisationKind.COUNCIL, OrganisationKind.ICB))
# Discharge placement requests (carewatch/discharge): a provider's managers accept or decline them.
# The risk list (planning): council and ICB staff who read quality, never the public or providers.
RISK_READERS = Rule(
    "signed_in",
    (Role.QA_OFFICER, Role.QA_MANAGER, Role.COMMISSIONER, Role.ANALYST),
    (OrganisationKind.COUNCIL, OrganisationKind.ICB),
)
# In the menu only where it fits on one line at 1,280 px: QA officers', QA managers' and analysts' menus are
# full (tests/browser/analyst/test_analyst_day.py measures them); they have it on their home page.
RISK_IN_MENU = Rule("signed_in", (Role.COMMISSIONER,), (OrganisationKind.COUNCIL, OrganisationKind.ICB))
# The visit programme (planning): a council's QA managers plan it; each officer reads their own diary.
PLANNERS = Rule("signed_in", (Role.QA_MANAGER,), (OrganisationKind.COUNCIL,))
PLACEMENTS = Rule("signed_in", (Role.PROVIDER_MANAGER,), (OrganisationKind.PROVIDER,))
# The Social Care Commitment (carewatch/recognition): council staff read those of employers in their area.
COMMITMENTS = Rule("signed_in", COUNCIL_STAFF, (OrganisationKind.COUNCIL,))
# The quality mark (carewatch/recognition): council staff and provider people read; QA managers set it up.
QUALITY_MARKS = Rule("signed_in", (*COUNCIL_STAFF, Role.PROVIDER_MANAGER, Role.PROVIDER_STAFF))
QUALITY_MARK_SCHEME = Rule("signed_in", (Role.QA_MANAGER,), (OrganisationKind.COUNCIL,))
# Peer support (carewatch/recognition): a council's QA staff pair; providers' people volunteer and log sessions.
PEER = Rule("signed_in", (Role.QA_OFFICER, Role.QA_MANAGER, Role.PROVIDER_MANAGER, Role.PROVIDER_STAFF))


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    rule: Rule
    description: str = ""  # what the page is for, on the home page


# The bar for people who are not signed in (or have not finished signing in).
PUBLIC_MENU: tuple[Link, ...] = (
    Link("Find a service", "public:location_search", PUBLIC),
    Link("Market figures", "public:market", PUBLIC),
    Link("Market insight", "insights:dashboard", PUBLIC),
)

# The bar for signed-in staff, in this order, each shown to those its rule allows.
MENU: tuple[Link, ...] = (
    Link("Home", "staff:home", SIGNED_IN),
    Link("Tasks", "cases:task_list", QA),
    Link("Visits", "monitoring:visit_list", QA),
    Link("Cases", "cases:case_list", CASES),
    Link("Risk list", "planning:risk_list", RISK_IN_MENU),
    Link("Lived experience", "monitoring:link_list", QA),
    Link("Reports and action plans", "monitoring:report_list", PROVIDERS),
    Link("Vacancies", "capacity:return_list", PROVIDERS),
    Link("Discharge", "discharge:referral_list", DISCHARGE),
    Link("Vacancies", "capacity:vacancy_list", DISCHARGE),
    Link("People", "organisations:person_list", ADMIN),
    Link("Ladder", "cases:ladder_edit", COUNCIL_ADMIN),
    Link("Monitoring set-up", "monitoring:setup_home", COUNCIL_ADMIN),
    Link("Organisations", "organisations:organisation_list", SYSTEM_ADMIN),
    Link("Market insight", "insights:dashboard", SIGNED_IN),
    Link("Commissioner ratings", "insights:commissioner_league", MARKET_READERS),
    Link("Committee report", "insights:committee_report", Rule("signed_in", (Role.ANALYST,))),
    Link("Account", "staff:account", SIGNED_IN),
)

# Every page a person may use, grouped, for their home page: (group heading, links).
PAGES: tuple[tuple[str, tuple[Link, ...]], ...] = (
    (
        "Your work",
        (
            Link(
                "Discharge referrals",
                "discharge:referral_list",
                DISCHARGE,
                "Start here: make a referral, find a placement, record delays",
            ),
            Link("Tasks", "cases:task_list", QA, "Everything due and overdue, with what to do next"),
            Link("Visits", "monitoring:visit_list", QA, "Schedule, carry out and report QA visits"),
            Link("Cases", "cases:case_list", CASES, "Cases on the ladder of intervention"),
            Link(
                "Risk list",
                "planning:risk_list",
                RISK_READERS,
                "Every service in your area by its risk score, with the reasons for each",
            ),
            Link("My visit diary", "planning:diary", QA, "Your scheduled visits by day, and a calendar file"),
            Link(
                "Visit programme",
                "planning:programme_list",
                PLANNERS,
                "Propose, change and approve the next weeks' visits from risk, policy and capacity",
            ),
            Link("Lived experience", "monitoring:link_list", QA, "Feedback links and moderating feedback"),
            Link(
                "Reports and action plans",
                "monitoring:report_list",
                PROVIDERS,
                "The council's reports about your services and your action plans",
            ),
            Link(
                "Your vacancies",
                "capacity:return_list",
                PROVIDERS,
                "Update your beds and staffing each month",
            ),
            Link(
                "Placement requests",
                "discharge:request_list",
                PLACEMENTS,
                "Accept or decline requests from hospital discharge teams",
            ),
            Link("Vacancies", "capacity:vacancy_list", VACANCIES, "Care home vacancies in your area"),
            Link("Contracts", "capacity:contract_list", CONTRACTS, "Your council's contracts with providers"),
            Link(
                "Social Care Commitment",
                "recognition:own_commitment",
                PROVIDERS,
                "Sign the commitment, keep its tasks up to date and count your staff who sign up",
            ),
            Link(
                "Social Care Commitments",
                "recognition:commitment_list",
                COMMITMENTS,
                "Employers in your area who signed the commitment, and their progress",
            ),
            Link(
                "Quality marks",
                "recognition:quality_mark_list",
                QUALITY_MARKS,
                "Applications and awards of the council's quality mark, and what needs doing",
            ),
            Link(
                "Peer support",
                "recognition:peer_home",
                PEER,
                "Stronger providers supporting providers of concern: volunteers, pairings and sessions",
            ),
            Link(
                "Improvement offers",
                "recognition:offer_list",
                QA,
                "Your council's training and support for providers, places booked and attended",
            ),
            Link("Find a care service", "public:location_search", PUBLIC, "Search the CQC register"),
        ),
    ),
    (
        "Market insight",
        (
            Link("Market dashboards", "insights:dashboard", PUBLIC, "Ratings, trends and variation by area"),
            Link("Market figures", "public:market", PUBLIC, "Every council, ICB or region in one table"),
            Link(
                "Commissioner ratings",
                "insights:commissioner_league",
                PUBLIC,
                "How each council and ICB does as a commissioner",
            ),
            Link(
                "Committee report",
                "insights:committee_report",
                COMMITTEE,
                "A council's market and QA report for a committee, as a PDF",
            ),
            Link(
                "How the figures are worked out",
                "insights:methodology",
                PUBLIC,
                "Definitions, thresholds and the rating method",
            ),
        ),
    ),
    (
        "Running your organisation",
        (
            Link("People", "organisations:person_list", ADMIN, "Add people and change their roles"),
            Link("Ladder of intervention", "cases:ladder_edit", COUNCIL_ADMIN, "Your council's ladder"),
            Link(
                "Monitoring set-up",
                "monitoring:setup_home",
                SET_UP,
                "QA frameworks, letter templates and four-eyes checks",
            ),
            Link(
                "Risk weights",
                "planning:weights",
                QA,
                "The points each signal adds to the risk score: who changed them, when and why",
            ),
            Link("Audit", "audit:export_choose", AUDIT, "Download what was done, by whom and when"),
            Link("Organisations", "organisations:organisation_list", SYSTEM_ADMIN, "Every organisation"),
            Link(
                "Quality mark scheme",
                "recognition:quality_mark_scheme",
                QUALITY_MARK_SCHEME,
                "Your council's quality mark: its tiers, criteria and payment premium",
            ),
            Link(
                "Social Care Commitment statements",
                "recognition:statement_list",
                SYSTEM_ADMIN,
                "The words of the seven statements employers sign",
            ),
        ),
    ),
)


def offered(rule: Rule, user: Any) -> bool:
    """Whether a link with ``rule`` is offered to ``user``: allowed, and (for a system administrator)
    not a page that belongs to a role they do not hold."""
    if not rule.allows(user):
        return False
    person = signed_in_user(user)
    if person is not None and person.is_superuser and rule.kind == "signed_in":
        if rule.roles and not person.has_role(*rule.roles):
            return False
        if rule.organisation_kinds and (
            person.organisation is None or person.organisation.kind not in rule.organisation_kinds
        ):
            return False
    return True


def _verified(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_authenticated
        and (getattr(user, "is_verified", lambda: False)() or request.session.get("demo_mfa_skipped"))
    )


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def items_for(request: HttpRequest) -> list[dict[str, Any]]:
    """The menu bar's items for this request: label, url, and whether it is the current page."""
    staff = _verified(request)
    links = MENU if staff else PUBLIC_MENU
    result: list[dict[str, Any]] = []
    for link in links:
        if not offered(link.rule, request.user):
            continue
        url = _url(link.url_name)
        if url is None:
            continue
        matches = request.path == url or (url != "/" and request.path.startswith(url))
        result.append({"label": link.label, "url": url, "active": matches})
    # Only the most specific match is the current page (/cases/tasks/ is "Tasks", not also "Cases").
    current = max(
        (item for item in result if item["active"]), key=lambda item: len(item["url"]), default=None
    )
    for item in result:
        item["active"] = item is current
    return result


def pages_for(user: Any) -> list[tuple[str, list[dict[str, str]]]]:
    """The pages ``user`` may use, grouped for their home page (groups with nothing left out)."""
    groups = []
    for heading, links in PAGES:
        shown = []
        for link in links:
            url = _url(link.url_name)
            if url is not None and offered(link.rule, user):
                shown.append({"label": link.label, "url": url, "description": link.description})
        if shown:
            groups.append((heading, shown))
    return groups
