"""What every page of the ladder shows the same way: people's names, dates, level tags, what a case is about,
and who may act on it."""

from __future__ import annotations

from dataclasses import dataclass

from carewatch.cases import ladder, queries, wording
from carewatch.cases.models import Case, LadderVersion, Proposal
from carewatch.core import audit
from carewatch.core.dates import long_date as long_date  # re-exported: the presenters say dates this way
from carewatch.core.models import User
from carewatch.core.roles import Role

LEVEL_TAGS = {
    "0": "govuk-tag--grey",
    "1": "govuk-tag--light-blue",
    "2": "govuk-tag--yellow",
    "3": "govuk-tag--orange",
    "R": "govuk-tag--purple",
    "4": "govuk-tag--red",
    "5": "govuk-tag--pink",
}


def person_name(user: User | None) -> str:
    """How a person is named on the ladder's pages ("carewatch" for what carewatch did itself)."""
    return audit.actor_label(user)


def level_names(version: LadderVersion) -> dict[str, str]:
    """Level code → name on one ladder version (uses ``levels`` when prefetched)."""
    return {level.code: level.name for level in version.levels.all()}


@dataclass(frozen=True)
class LevelTag:
    code: str
    name: str

    @property
    def css(self) -> str:
        return LEVEL_TAGS.get(self.code, "govuk-tag--grey")

    @property
    def label(self) -> str:
        return f"Level {self.code}"


def level_tag(code: str, names: dict[str, str]) -> LevelTag:
    return LevelTag(code=code, name=names.get(code, ladder.LevelCode(code).label.split("– ", 1)[-1]))


def case_subject(case: Case) -> str:
    """What the case is about, in a few words: a location, or a provider and how many locations."""
    locations = queries.case_locations(case)
    if case.scope == Case.Scope.PROVIDER and case.provider is not None:
        count = len(locations)
        return f"{case.provider.name or case.provider_id} ({wording.counted(count, 'location')})"
    return ", ".join(location.name for location in locations) or f"Case {case.pk}"


def proposal_subject(proposal: Proposal) -> str:
    """What a proposal to open a case is about: "Oak House (Acme Care Ltd)", "Acme Care Ltd (2 locations)"
    (uses ``locations`` and ``provider`` when prefetched)."""
    locations = sorted(proposal.locations.all(), key=lambda location: (location.name, location.pk))
    provider = proposal.provider or next((loc.provider for loc in locations if loc.provider), None)
    provider_name = (provider.name or provider.pk) if provider is not None else ""
    if proposal.scope == Case.Scope.PROVIDER and provider_name:
        count = len(locations)
        return f"{provider_name} ({wording.counted(count, 'location')})"
    names = ", ".join(location.name for location in locations)
    if names and provider_name:
        return f"{names} ({provider_name})"
    return names or provider_name or "a service not named"


def can_act(user: User, case: Case) -> bool:
    """Officers and managers of the council that owns the case act on it; partners only read."""
    return user.organisation_id == case.organisation_id and user.has_role(Role.QA_OFFICER, Role.QA_MANAGER)


def can_decide(user: User, case: Case) -> bool:
    return user.organisation_id == case.organisation_id and user.has_role(Role.QA_MANAGER)
