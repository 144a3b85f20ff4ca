"""People (organisation administrators; system administrators for a first administrator).

Add someone (emailed a link to set their password), change their roles, deactivate or reactivate
them, reset their second factor. People are never deleted: deactivating keeps their name on
everything they wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from carewatch.core import audit
from carewatch.core.models import Organisation, RoleGrant, User
from carewatch.core.roles import ROLES_BY_KIND, Role
from carewatch.organisations.services.rules import OrganisationError, actor_label, require_may_manage


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
    require_may_manage(actor, organisation)
    granted = _checked_roles(organisation, roles)
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
        RoleGrant.objects.bulk_create(RoleGrant(user=person, role=role) for role in granted)
        audit.write(
            now=now,
            actor=actor,
            organisation=None,
            label=actor_label(actor),
            action="user.created",
            object_type="user",
            object_id=person.pk,
            after={**person_state(person, roles=granted), "invitation": "emailed a link to set a password"},
        )
        transaction.on_commit(
            lambda: send_invitation(person=person, site_domain=site_domain, use_https=use_https)
        )
    return person


def change_roles(*, actor: User, now: datetime, person: User, roles: Iterable[str]) -> User:
    """Give ``person`` exactly ``roles``. Nobody changes their own: another administrator must."""
    require_may_manage(actor, person.organisation)
    if person.pk == actor.pk:
        raise OrganisationError(
            SELF_ROLES.format(organisation=person.organisation or "your organisation"), field="roles"
        )
    granted = _checked_roles(person.organisation, roles)
    with transaction.atomic():
        person = _locked(person)
        before = sorted(person.role_grants.values_list("role", flat=True))
        if before == granted:
            return person
        if Role.ORG_ADMIN in before and Role.ORG_ADMIN not in granted and person.is_active:
            _require_another_administrator(person, field="roles")
        person.role_grants.exclude(role__in=granted).delete()
        RoleGrant.objects.bulk_create(
            RoleGrant(user=person, role=role) for role in granted if role not in before
        )
        audit.write(
            now=now,
            actor=actor,
            organisation=None,
            label=actor_label(actor),
            action="user.roles_changed",
            object_type="user",
            object_id=person.pk,
            before={"roles": before},
            after={"roles": granted},
        )
    person.__dict__.pop("_role_cache", None)
    return person


SELF_ROLES = "You cannot change your own roles. Another administrator of {organisation} must do it"


def deactivate_person(*, actor: User, now: datetime, person: User) -> User:
    """They can no longer sign in or use an API token; everything they wrote keeps their name."""
    require_may_manage(actor, person.organisation)
    if person.pk == actor.pk:
        raise OrganisationError("You cannot deactivate yourself")
    return _set_active(actor=actor, now=now, person=person, active=False)


def reactivate_person(*, actor: User, now: datetime, person: User) -> User:
    require_may_manage(actor, person.organisation)
    return _set_active(actor=actor, now=now, person=person, active=True)


def reset_second_factor(*, actor: User, now: datetime, person: User) -> int:
    """Remove ``person``'s authenticator app and recovery codes (a lost or replaced phone); returns how many.

    At their next sign-in they set up a new authenticator before going further, and any session of theirs
    that passed the second factor no longer counts as verified (django-otp finds no device behind it).
    The administrator should first make sure, by a call or in person, that the request is theirs.
    """
    require_may_manage(actor, person.organisation)
    if person.pk == actor.pk:
        raise OrganisationError("You cannot reset your own second factor: ask another administrator")
    with transaction.atomic():
        person = _locked(person)
        devices = {
            "authenticators": TOTPDevice.objects.filter(user=person),
            "recovery_code_sets": StaticDevice.objects.filter(user=person),
        }
        removed: dict[str, int] = {kind: found.count() for kind, found in devices.items()}
        for found in devices.values():
            found.delete()
        if not any(removed.values()):
            raise OrganisationError(
                f"{person.get_full_name() or person.username} has no second factor set up"
            )
        audit.write(
            now=now,
            actor=actor,
            organisation=None,
            label=actor_label(actor),
            action="user.second_factor_reset",
            object_type="user",
            object_id=person.pk,
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
        # django-stubs types the context as dict[str, str]; Django passes it to the template as it is.
        extra_email_context={"organisation": person.organisation, "person": person},  # type: ignore[dict-item]
    )


def person_state(person: User, *, roles: Iterable[str]) -> dict[str, object]:
    """A person as the audit trail records them."""
    return {
        "username": person.username,
        "name": person.get_full_name(),
        "email": person.email,
        "organisation": person.organisation.name if person.organisation else None,
        "roles": sorted(roles),
        "active": person.is_active,
    }


class _InvitationForm(PasswordResetForm):
    """Django's reset email, sent to one new person (who has no usable password yet)."""

    def __init__(self, *, person: User) -> None:
        super().__init__(data={"email": person.email})
        self.person = person

    def get_users(self, email: str) -> list[User]:
        return [self.person]


def _set_active(*, actor: User, now: datetime, person: User, active: bool) -> User:
    with transaction.atomic():
        person = _locked(person)
        if person.is_active == active:
            return person
        if not active and person.has_role(Role.ORG_ADMIN):
            _require_another_administrator(person, field=None)
        person.is_active = active
        person.save(update_fields=["is_active"])
        audit.write(
            now=now,
            actor=actor,
            organisation=None,
            label=actor_label(actor),
            action="user.reactivated" if active else "user.deactivated",
            object_type="user",
            object_id=person.pk,
            before={"active": not active},
            after={"active": active},
        )
    return person


def _checked_roles(organisation: Organisation | None, roles: Iterable[str]) -> list[str]:
    chosen = sorted(set(roles))
    if not chosen:
        raise OrganisationError("Choose at least one role", field="roles")
    allowed = ROLES_BY_KIND.get(organisation.kind, ()) if organisation else ()
    refused = [role for role in chosen if role not in allowed]
    if refused:
        label = Role(refused[0]).label if refused[0] in Role.values else refused[0]
        raise OrganisationError(
            f"{organisation or 'This organisation'} cannot have the role {label}", field="roles"
        )
    return chosen


def _require_another_administrator(person: User, *, field: str | None) -> None:
    others = User.objects.filter(
        organisation=person.organisation, is_active=True, role_grants__role=Role.ORG_ADMIN
    ).exclude(pk=person.pk)
    if not others.exists():
        raise OrganisationError(
            f"{person.organisation} needs at least one active organisation administrator", field=field
        )


def _locked(person: User) -> User:
    return User.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=person.pk)
