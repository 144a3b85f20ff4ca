"""Writes for organisations and their people. Each runs in one transaction and writes one audit entry.

Who may call what:
- a system administrator (``is_superuser``) creates organisations, names a council's partners and
  adds any organisation's first administrator;
- an organisation administrator (role ``org_admin``) adds people to their own organisation, changes
  their roles, deactivates or reactivates them and resets their second factor (a lost phone). Never
  anyone else's: the services check it again
  (the views have already scoped their reads), so a mistake in a view cannot cross the line.

People are never deleted: deactivating keeps their name on everything they wrote. A new person gets
no password: they are emailed a link to set their own (Django's password-reset machinery, sent once
the transaction has committed), and then set up their second factor when they first sign in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied
from django.db import transaction

from carewatch.core import audit
from carewatch.core.models import Organisation, RoleGrant, User
from carewatch.core.roles import ROLES_BY_KIND, OrganisationKind, Role
from carewatch.register import models as register


class OrganisationError(Exception):
    """A request the rules refuse; ``field`` names the form field to show it beside (None: the whole form)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- organisations (system administrators) -----------------------------------------------------


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
    _require_system_admin(actor)
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
        audit.record(
            at=now,
            actor=actor,
            actor_label=_label(actor),
            action="organisation.created",
            object_type="organisation",
            object_id=str(organisation.pk),
            after=organisation_state(organisation),
        )
    return organisation


def set_partners(
    *, actor: User, now: datetime, organisation: Organisation, partner_ids: Iterable[int]
) -> Organisation:
    """Name the organisations a council shares its intelligence with (replacing the previous list)."""
    _require_system_admin(actor)
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
            audit.record(
                at=now,
                actor=actor,
                actor_label=_label(actor),
                action="organisation.partners_changed",
                object_type="organisation",
                object_id=str(organisation.pk),
                before={"shared_with": before},
                after={"shared_with": after},
            )
    return organisation


# --- people (organisation administrators; system administrators for a first administrator) -----


def add_person(
    *,
    actor: User,
    now: datetime,
    organisation: Organisation,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    roles: Iterable[str],
    site_domain: str,
    use_https: bool,
) -> User:
    """Add someone to ``organisation`` with ``roles``; email them a link to set their password."""
    _require_may_manage(actor, organisation)
    roles = _checked_roles(organisation, roles)
    username = username.strip()
    email = User.objects.normalize_email(email.strip())
    if User.objects.filter(username__iexact=username).exists():
        raise OrganisationError("That username is taken: choose another", field="username")
    if User.objects.filter(email__iexact=email, is_active=True).exists():
        raise OrganisationError("Someone already uses that email address", field="email")
    with transaction.atomic():
        person = User(
            username=username,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=email,
            organisation=organisation,
            is_active=True,
        )
        person.set_unusable_password()
        person.save()
        RoleGrant.objects.bulk_create(RoleGrant(user=person, role=role) for role in roles)
        audit.record(
            at=now,
            actor=actor,
            actor_label=_label(actor),
            action="user.created",
            object_type="user",
            object_id=str(person.pk),
            after={**person_state(person, roles=roles), "invitation": "emailed a link to set a password"},
        )
        transaction.on_commit(
            lambda: send_invitation(person=person, site_domain=site_domain, use_https=use_https)
        )
    return person


def change_roles(*, actor: User, now: datetime, person: User, roles: Iterable[str]) -> User:
    _require_may_manage(actor, person.organisation)
    roles = _checked_roles(person.organisation, roles)
    with transaction.atomic():
        person = _locked(person)
        before = sorted(person.role_grants.values_list("role", flat=True))
        if before == roles:
            return person
        if Role.ORG_ADMIN in before and Role.ORG_ADMIN not in roles and person.is_active:
            _require_another_administrator(person, field="roles")
        person.role_grants.exclude(role__in=roles).delete()
        RoleGrant.objects.bulk_create(
            RoleGrant(user=person, role=role) for role in roles if role not in before
        )
        audit.record(
            at=now,
            actor=actor,
            actor_label=_label(actor),
            action="user.roles_changed",
            object_type="user",
            object_id=str(person.pk),
            before={"roles": before},
            after={"roles": roles},
        )
    person.__dict__.pop("_role_cache", None)
    return person


def deactivate_person(*, actor: User, now: datetime, person: User) -> User:
    """They can no longer sign in or use an API token; everything they wrote keeps their name."""
    _require_may_manage(actor, person.organisation)
    if person.pk == actor.pk:
        raise OrganisationError("You cannot deactivate yourself")
    return _set_active(actor=actor, now=now, person=person, active=False)


def reactivate_person(*, actor: User, now: datetime, person: User) -> User:
    _require_may_manage(actor, person.organisation)
    return _set_active(actor=actor, now=now, person=person, active=True)


def _set_active(*, actor: User, now: datetime, person: User, active: bool) -> User:
    with transaction.atomic():
        person = _locked(person)
        if person.is_active == active:
            return person
        if not active and person.has_role(Role.ORG_ADMIN):
            _require_another_administrator(person, field=None)
        person.is_active = active
        person.save(update_fields=["is_active"])
        audit.record(
            at=now,
            actor=actor,
            actor_label=_label(actor),
            action="user.reactivated" if active else "user.deactivated",
            object_type="user",
            object_id=str(person.pk),
            before={"active": not active},
            after={"active": active},
        )
    return person


def reset_second_factor(*, actor: User, now: datetime, person: User) -> int:
    """Remove ``person``'s authenticator app and recovery codes (a lost or replaced phone); returns how many.

    At their next sign-in they set up a new authenticator before going further, and any session of theirs
    that passed the second factor no longer counts as verified (django-otp finds no device behind it).
    The administrator should first make sure, by a call or in person, that the request is theirs.
    """
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _require_may_manage(actor, person.organisation)
    if person.pk == actor.pk:
        raise OrganisationError("You cannot reset your own second factor: ask another administrator")
    with transaction.atomic():
        person = _locked(person)
        devices = {
            "authenticators": TOTPDevice.objects.filter(user=person),
            "recovery_code_sets": StaticDevice.objects.filter(user=person),
        }
        removed = {kind: found.count() for kind, found in devices.items()}
        for found in devices.values():
            found.delete()
        if not any(removed.values()):
            raise OrganisationError(
                f"{person.get_full_name() or person.username} has no second factor set up"
            )
        audit.record(
            at=now,
            actor=actor,
            actor_label=_label(actor),
            action="user.second_factor_reset",
            object_type="user",
            object_id=str(person.pk),
            before=removed,
            after={"authenticators": 0, "recovery_code_sets": 0},
        )
    return sum(removed.values())


def send_invitation(*, person: User, site_domain: str, use_https: bool) -> None:
    """Email ``person`` a single-use link to set their password (Django's password-reset token)."""
    form = _InvitationForm(person=person)
    form.is_valid()
    form.save(
        domain_override=site_domain,
        use_https=use_https,
        subject_template_name="organisations/emails/invitation_subject.txt",
        email_template_name="organisations/emails/invitation.txt",
        extra_email_context={"organisation": person.organisation, "person": person},
    )


class _InvitationForm(PasswordResetForm):
    """Django's reset email, sent to one new person (who has no usable password yet)."""

    def __init__(self, *, person: User):
        super().__init__(data={"email": person.email})
        self.person = person

    def get_users(self, email):
        return [self.person]


# --- state as recorded in the audit trail ---------------------------------------------------------


def organisation_state(organisation: Organisation) -> dict:
    link = organisation.local_authority_id or organisation.icb_id or organisation.provider_id
    return {"kind": organisation.kind, "name": organisation.name, "linked_to": link}


def person_state(person: User, *, roles: Iterable[str]) -> dict:
    return {
        "username": person.username,
        "name": person.get_full_name(),
        "email": person.email,
        "organisation": person.organisation.name if person.organisation else None,
        "roles": sorted(roles),
        "active": person.is_active,
    }


# --- helpers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Link:
    field: str  # the form field that takes the code
    attribute: str  # Organisation's link to the register
    model: type
    what: str
    example: str


_LINKS = {
    OrganisationKind.COUNCIL: _Link(
        "local_authority_code", "local_authority", register.LocalAuthority, "local authority", "E08000004"
    ),
    OrganisationKind.ICB: _Link("icb_code", "icb", register.Icb, "ICB", "E54000057"),
    OrganisationKind.PROVIDER: _Link(
        "provider_id", "provider", register.Provider, "CQC provider", "1-101641521"
    ),
}


def _links_for(*, kind: str, local_authority_code: str, icb_code: str, provider_id: str) -> dict:
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
    target = link.model.objects.filter(pk=value).first()
    if target is None:
        raise OrganisationError(f"There is no {link.what} with the code {value}", field=link.field)
    if Organisation.objects.filter(**{link.attribute: target}).exists():
        raise OrganisationError(f"{target} already has an organisation in carewatch", field=link.field)
    return {link.attribute: target}


def _default_name(*, kind: str, links: dict) -> str:
    if kind == OrganisationKind.COUNCIL:
        return f"{links['local_authority'].name} Council"
    if kind == OrganisationKind.ICB:
        return links["icb"].name
    if kind == OrganisationKind.PROVIDER:
        return links["provider"].name or links["provider"].id
    return ""


def _partner_names(organisation: Organisation) -> list[str]:
    return list(organisation.partners.order_by("name", "id").values_list("name", flat=True))


def _checked_roles(organisation: Organisation | None, roles: Iterable[str]) -> list[str]:
    roles = sorted(set(roles))
    if not roles:
        raise OrganisationError("Choose at least one role", field="roles")
    allowed = ROLES_BY_KIND.get(organisation.kind, ()) if organisation else ()
    refused = [role for role in roles if role not in allowed]
    if refused:
        label = Role(refused[0]).label if refused[0] in Role.values else refused[0]
        raise OrganisationError(
            f"{organisation or 'This organisation'} cannot have the role {label}", field="roles"
        )
    return roles


def _require_system_admin(actor: User) -> None:
    if not actor.is_superuser:
        raise PermissionDenied("Only a system administrator manages organisations.")


def _require_may_manage(actor: User, organisation: Organisation | None) -> None:
    if actor.is_superuser:
        return
    if organisation is None or actor.organisation_id != organisation.pk or not actor.has_role(Role.ORG_ADMIN):
        raise PermissionDenied("You can only manage people in your own organisation.")


def _require_another_administrator(person: User, *, field: str | None) -> None:
    others = User.objects.filter(
        organisation_id=person.organisation_id, is_active=True, role_grants__role=Role.ORG_ADMIN
    ).exclude(pk=person.pk)
    if not others.exists():
        raise OrganisationError(
            f"{person.organisation} needs at least one active organisation administrator", field=field
        )


def _locked(person: User) -> User:
    return User.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=person.pk)


def _label(actor: User) -> str:
    name = actor.get_full_name() or actor.username
    return f"{name} (system administrator)" if actor.is_superuser else name
