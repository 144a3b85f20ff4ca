"""The service navigation: each item shows only to people its rule allows."""

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from carewatch.core.access import Rule
from carewatch.core.roles import OrganisationKind, Role

PUBLIC = Rule("public")
SIGNED_IN = Rule("signed_in")

# (label, URL name, who sees the link). Pages still check access themselves; this only hides links.
ITEMS: list[tuple[str, str, Rule]] = [
    ("Find a service", "public:location_search", PUBLIC),
    ("Market figures", "public:market", PUBLIC),
    ("Cases", "cases:case_list", Rule("signed_in", (Role.QA_OFFICER, Role.QA_MANAGER, Role.COMMISSIONER))),
    (
        "Visits",
        "monitoring:visit_list",
        Rule("signed_in", (Role.QA_OFFICER, Role.QA_MANAGER), (OrganisationKind.COUNCIL,)),
    ),
    (
        "Lived experience",
        "monitoring:link_list",
        Rule("signed_in", (Role.QA_OFFICER, Role.QA_MANAGER), (OrganisationKind.COUNCIL,)),
    ),
    (
        "Reports and action plans",
        "monitoring:report_list",
        Rule("signed_in", (Role.PROVIDER_MANAGER, Role.PROVIDER_STAFF), (OrganisationKind.PROVIDER,)),
    ),
    ("Tasks", "cases:task_list", Rule("signed_in", (Role.QA_OFFICER, Role.QA_MANAGER))),
    ("Ladder", "cases:ladder_edit", Rule("signed_in", (Role.ORG_ADMIN,), (OrganisationKind.COUNCIL,))),
    (
        "Monitoring set-up",
        "monitoring:setup_home",
        Rule("signed_in", (Role.QA_MANAGER, Role.ORG_ADMIN), (OrganisationKind.COUNCIL,)),
    ),
    ("People", "organisations:person_list", Rule("signed_in", (Role.ORG_ADMIN,))),
    ("Organisations", "organisations:organisation_list", Rule("system_admin")),
    ("Audit", "audit:export_choose", Rule("signed_in", (Role.ORG_ADMIN, Role.QA_MANAGER))),
    ("API tokens", "api_tokens:token_list", SIGNED_IN),
]


def items_for(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    verified = user.is_authenticated and (
        getattr(user, "is_verified", lambda: False)() or request.session.get("demo_mfa_skipped")
    )
    result: list[dict[str, Any]] = []
    for label, name, rule in ITEMS:
        if rule.kind != "public" and not verified:
            continue
        if not rule.allows(user):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        matches = request.path == url or (
            url != "/" and request.path.startswith(url) and rule.kind != "public"
        )
        result.append({"label": label, "url": url, "active": matches})
    # Only the most specific match is the current page (/cases/tasks/ is "Tasks", not also "Cases").
    current = max(
        (item for item in result if item["active"]), key=lambda item: len(item["url"]), default=None
    )
    for item in result:
        item["active"] = item is current
    return result
