"""The register's location page: a suspension as a first-class fact, and the case a council's QA staff have
open about the location (or a link to propose one)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carewatch.cases import queries
from carewatch.cases.presenters.common import long_date
from carewatch.core import access
from carewatch.core.roles import OrganisationKind, Role


@dataclass(frozen=True)
class SuspensionBanner:
    """“New placements suspended since …” for a location page."""

    since: date
    councils: list[str]
    published: bool

    @property
    def text(self) -> str:
        by = " and ".join(self.councils)
        return f"New placements suspended since {long_date(self.since)} by {by}"


@dataclass(frozen=True)
class LocationCases:
    """What a location's register page shows about cases: the suspension, and for QA staff of a
    council, the open case or a link to propose one."""

    location_id: str
    banner: SuspensionBanner | None
    open_case_id: int | None = None
    open_case_level: str = ""
    can_propose: bool = False


def location_cases(user, location_id: str, *, today: date) -> LocationCases:
    """For ``register/location_detail.html``: ``{% include "cases/_location_cases.html" with cases=… %}``."""
    banner = suspension_banner(user, location_id, today=today)
    organisation = getattr(user, "organisation", None) if getattr(user, "is_authenticated", False) else None
    if (
        organisation is None
        or organisation.kind != OrganisationKind.COUNCIL
        or not user.has_role(Role.QA_OFFICER, Role.QA_MANAGER)
    ):
        return LocationCases(location_id=location_id, banner=banner)
    case = queries.open_case_for_location(organisation, location_id)
    return LocationCases(
        location_id=location_id,
        banner=banner,
        open_case_id=case.pk if case else None,
        open_case_level=case.level if case else "",
        can_propose=case is None,
    )


def suspension_banner(user, location_id: str, *, today: date) -> SuspensionBanner | None:
    """The suspension in force at a location that this person may know of: council and NHS staff see
    their own council's and its partners'; everyone sees those a council chose to publish."""
    owners = access.visible_owner_ids(user) if getattr(user, "is_authenticated", False) else set()
    visible = [
        suspension
        for suspension in queries.suspensions_at(location_id, on=today)
        if suspension.published
        or suspension.case.organisation_id in owners
        or (getattr(user, "is_superuser", False) and user.is_active)
    ]
    if not visible:
        return None
    return SuspensionBanner(
        since=min(suspension.started_on for suspension in visible),
        councils=sorted({suspension.case.organisation.name for suspension in visible}),
        published=any(suspension.published for suspension in visible),
    )
