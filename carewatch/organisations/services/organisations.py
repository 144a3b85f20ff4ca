"""Organisations (system administrators): create one tied to its place in the register, name a council's
partners. A council's own administrator switches its four-eyes rule and gives the public its contact
details."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Model

from carewatch.core import audit
from carewatch.core.models import Organisation, User
from carewatch.core.roles import OrganisationKind
from carewatch.organisations.services.rules import (
    OrganisationError,
    actor_label,
    require_own_administrator,
    require_system_admin,
)
from carewatch.register import models as register


def create_organisation(
    *,
    actor: User,
    now: datetime,
    kind: str,
    name: str = "",
    local_authority_code: str = "",
    icb_code: str = "",
    provider_id: str = "",
) -> Organisation:
    """A council (tied to its local authority), an ICB, a provider (tied to its CQC id) or a national body."""
    require_system_admin(actor)
    links = _links_for(
        kind=kind, local_authority_code=local_authority_code, icb_code=icb_code, provider_id=provider_id
    )
    name = name.strip() or _default_name(kind=kind, links=links)
    if not name:
        raise OrganisationError("Enter the organisation’s name", field="name")
    if Organisation.objects.filter(name__iexact=name).exists():
        raise OrganisationError(f"There is already an organisation called {name}", field="name")
    with transaction.atomic():
        organisation = Organisation.objects.create(kind=kind, name=name, **links)
        audit.write(
            now=now,
            actor=actor,
            organisation=None,
            label=actor_label(actor),
            action="organisation.created",
            object_type="organisation",
            object_id=organisation.pk,
            after=organisation_state(organisation),
        )
    return organisation


def set_partners(
    *, actor: User, now: datetime, organisation: Organisation, partner_ids: Iterable[int]
) -> Organisation:
    """Name the organisations a council shares its intelligence with (replacing the previous list)."""
    require_system_admin(actor)
    if organisation.kind != OrganisationKind.COUNCIL:
        raise OrganisationError("Only a council shares its intelligence with partners", field="partners")
    wanted = set(partner_ids)
    if organisation.pk in wanted:
        raise OrganisationError("A council cannot be its own partner", field="partners")
    partners = list(Organisation.objects.filter(pk__in=wanted).order_by("name", "id"))
    if len(partners) != len(wanted):
        raise OrganisationError("Choose organisations from the list", field="partners")
    if any(p.kind == OrganisationKind.PROVIDER for p in partners):
        raise OrganisationError("A council’s intelligence cannot be shared with a provider", field="partners")
    with transaction.atomic():
        before = _partner_names(organisation)
        organisation.partners.set(partners)
        after = _partner_names(organisation)
        if before != after:
            audit.write(
                now=now,
                actor=actor,
                organisation=None,
                label=actor_label(actor),
                action="organisation.partners_changed",
                object_type="organisation",
                object_id=organisation.pk,
                before={"shared_with": before},
                after={"shared_with": after},
            )
    return organisation


def set_four_eyes(*, actor: User, now: datetime, organisation: Organisation, required: bool) -> Organisation:
    """Switch four-eyes on (the default) or off for a council (docs/access.md, "Four-eyes").

    Only the council's own organisation administrator may, and each switch is one audit entry in the
    council's trail (``organisation.four_eyes_changed``). With it off, a QA manager may decide their
    own proposal and an officer approve feedback they recorded; each such decision is audited as made
    under the waiver.
    """
    require_own_administrator(actor, organisation)
    if organisation.kind != OrganisationKind.COUNCIL:
        raise OrganisationError("Only a council’s decisions need a second person", field="four_eyes")
    with transaction.atomic():
        before = (
            Organisation.objects.select_for_update()
            .values_list("four_eyes", flat=True)
            .get(pk=organisation.pk)
        )
        if before != required:
            Organisation.objects.filter(pk=organisation.pk).update(four_eyes=required)
            audit.write(
                now=now,
                actor=actor,
                organisation=organisation,
                action="organisation.four_eyes_changed",
                object_type="organisation",
                object_id=organisation.pk,
                before={"four_eyes": before},
                after={"four_eyes": required},
            )
    organisation.four_eyes = required
    return organisation


PHONE = re.compile(r"\+?[\d ()-]{6,40}")


def set_public_contact(
    *, actor: User, now: datetime, organisation: Organisation, phone: str, email: str
) -> Organisation:
    """A council's phone number and email for the public (the feedback thank-you page); blank clears.

    Only the council's own organisation administrator may; a change is one audit entry in the council's
    trail (``organisation.public_contact_changed``).
    """
    require_own_administrator(actor, organisation)
    if organisation.kind != OrganisationKind.COUNCIL:
        raise OrganisationError("Only a council gives the public its contact details", field="public_phone")
    phone, email = phone.strip(), email.strip()
    if phone and not PHONE.fullmatch(phone):
        raise OrganisationError("Enter a phone number, like 0161 770 7777", field="public_phone")
    try:
        if email:
            validate_email(email)
    except ValidationError:
        raise OrganisationError(
            "Enter an email address in the correct format, like adultcare@council.gov.uk",
            field="public_email",
        ) from None
    after = {"public_phone": phone, "public_email": email}
    with transaction.atomic():
        row = (
            Organisation.objects.select_for_update()
            .values("public_phone", "public_email")
            .get(pk=organisation.pk)
        )
        before = {"public_phone": row["public_phone"], "public_email": row["public_email"]}
        if before != after:
            Organisation.objects.filter(pk=organisation.pk).update(**after)
            audit.write(
                now=now,
                actor=actor,
                organisation=organisation,
                action="organisation.public_contact_changed",
                object_type="organisation",
                object_id=organisation.pk,
                before=before,
                after=after,
            )
    organisation.public_phone, organisation.public_email = phone, email
    return organisation


def organisation_state(organisation: Organisation) -> dict[str, str | None]:
    """An organisation as the audit trail records it."""
    link = organisation.local_authority_id or organisation.icb_id or organisation.provider_id
    return {"kind": organisation.kind, "name": organisation.name, "linked_to": link}


@dataclass(frozen=True)
class _Link:
    field: str  # the form field that takes the code
    attribute: str  # Organisation's link to the register
    model: type[Model]
    what: str
    example: str


_LINKS: dict[str, _Link] = {
    OrganisationKind.COUNCIL: _Link(
        "local_authority_code", "local_authority", register.LocalAuthority, "local authority", "E08000004"
    ),
    OrganisationKind.ICB: _Link("icb_code", "icb", register.Icb, "ICB", "E54000057"),
    OrganisationKind.PROVIDER: _Link(
        "provider_id", "provider", register.Provider, "CQC provider", "1-101641521"
    ),
}


def _links_for(*, kind: str, local_authority_code: str, icb_code: str, provider_id: str) -> dict[str, Any]:
    if kind not in OrganisationKind.values:
        raise OrganisationError("Choose the kind of organisation", field="kind")
    link = _LINKS.get(kind)
    if link is None:  # a national or regional body is tied to nothing
        return {}
    codes = {"local_authority_code": local_authority_code, "icb_code": icb_code, "provider_id": provider_id}
    value = codes[link.field].strip()
    if link.model is not register.Provider:
        value = value.upper()
    if not value:
        raise OrganisationError(f"Enter the {link.what} code, like {link.example}", field=link.field)
    target = link.model._default_manager.filter(pk=value).first()
    if target is None:
        raise OrganisationError(f"There is no {link.what} with the code {value}", field=link.field)
    if Organisation.objects.filter(**{link.attribute: target}).exists():
        raise OrganisationError(f"{target} already has an organisation in carewatch", field=link.field)
    return {link.attribute: target}


def _default_name(*, kind: str, links: dict[str, Any]) -> str:
    if kind == OrganisationKind.COUNCIL:
        return f"{links['local_authority'].name} Council"
    if kind == OrganisationKind.ICB:
        return str(links["icb"].name)
    if kind == OrganisationKind.PROVIDER:
        return str(links["provider"].name or links["provider"].id)
    return ""


def _partner_names(organisation: Organisation) -> list[str]:
    return list(organisation.partners.order_by("name", "id").values_list("name", flat=True))
