"""Organisations and people shaped for their pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from carewatch.core.audit_queries import TimelineEntry
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind, Role


@dataclass(frozen=True)
class PersonRow:
    person: User
    name: str
    roles: list[str]
    active: bool
    timeline: list[TimelineEntry]


def person_rows(people: Iterable[User], timelines: dict[str, list[TimelineEntry]]) -> list[PersonRow]:
    """One row per person; ``people`` must have ``role_grants`` prefetched."""
    return [
        PersonRow(
            person=p,
            name=p.get_full_name() or p.username,
            roles=role_labels(g.role for g in p.role_grants.all()),
            active=p.is_active,
            timeline=timelines.get(str(p.pk), []),
        )
        for p in people
    ]


def role_labels(roles: Iterable[str]) -> list[str]:
    return [Role(r).label if r in Role.values else r for r in roles]


def kind_label(organisation: Organisation) -> str:
    return OrganisationKind(organisation.kind).label


def linked_to(organisation: Organisation) -> str:
    """What the organisation is tied to in the register, with its code."""
    if organisation.local_authority is not None:
        return f"Local authority: {organisation.local_authority.name} ({organisation.local_authority_id})"
    if organisation.icb is not None:
        return f"ICB: {organisation.icb.name} ({organisation.icb_id})"
    if organisation.provider is not None:
        return f"CQC provider: {organisation.provider.name or organisation.provider_id} ({organisation.provider_id})"
    return "Nothing in the register"


def shared_with(organisation: Organisation) -> str:
    """“Shared with: …” for a council (``partners`` prefetched); empty for other kinds."""
    if organisation.kind != OrganisationKind.COUNCIL:
        return ""
    names = [p.name for p in organisation.partners.all()]
    return f"Shared with: {', '.join(names)}" if names else "Shared with: nobody"


@dataclass(frozen=True)
class OrganisationRow:
    organisation: Organisation
    kind: str
    linked_to: str
    shared_with: str
    active_people: int


def organisation_rows(organisations: Iterable[Organisation]) -> list[OrganisationRow]:
    return [
        OrganisationRow(
            organisation=o,
            kind=kind_label(o),
            linked_to=linked_to(o),
            shared_with=shared_with(o),
            active_people=getattr(o, "active_people", 0),
        )
        for o in organisations
    ]
