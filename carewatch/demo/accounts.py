"""Demo organisations, one demo user per role and a system administrator (``setup-demo``).

Each write is audited.
"""

from datetime import datetime

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count

from carewatch.core import audit, roles
from carewatch.core.models import Organisation, RoleGrant, User
from carewatch.core.roles import OrganisationKind, Role
from carewatch.register import models as register


def create_demo_organisations(*, now: datetime) -> dict[str, Organisation]:
    """A council, its ICB, a provider with homes in it, and a national body, for the demo."""
    council_la = (
        register.LocalAuthority.objects.filter(code="E08000004").first()  # Oldham
        or register.LocalAuthority.objects.order_by("code").first()
    )
    if council_la is None:
        raise ValueError("There are no local authorities yet: import the CQC register first")
    provider = (
        register.Provider.objects.filter(locations__local_authority=council_la, locations__is_active=True)
        .annotate(n=Count("locations"))
        .order_by("-n", "id")
        .first()
    )
    with transaction.atomic():
        council = _organisation(
            now=now,
            kind=OrganisationKind.COUNCIL,
            name=f"{council_la.name} Council",
            local_authority=council_la,
        )
        icb = _organisation(now=now, kind=OrganisationKind.ICB, name=council_la.icb.name, icb=council_la.icb)
        council.partners.add(icb)
        organisations = {"council": council, "icb": icb}
        if provider is not None:
            organisations["provider"] = _organisation(
                now=now, kind=OrganisationKind.PROVIDER, name=provider.name or provider.id, provider=provider
            )
        organisations["national"] = _organisation(
            now=now, kind=OrganisationKind.NATIONAL, name="National quality team"
        )
    return organisations


def _organisation(*, now: datetime, kind: str, name: str, **links: object) -> Organisation:
    organisation, created = Organisation.objects.get_or_create(kind=kind, name=name, defaults=links)
    if created:
        audit.write(
            now=now,
            actor=None,
            organisation=None,
            label="setup-demo (command line)",
            action="core.organisation_created",
            object_type="organisation",
            object_id=organisation.pk,
            after={"kind": kind, "name": name},
        )
    return organisation


SYSTEM_ADMINISTRATOR = "System administrator"


def create_demo_users(*, now: datetime) -> list[tuple[str, str, str]]:
    """Create (or reset) one user per role, and a system administrator, with the demo password.

    Returns (username, role, organisation) for each. Demo mode only.
    """
    organisations = create_demo_organisations(now=now)
    # Hashed once for all of them (about a second each on a busy machine): they share one known
    # password anyway, so a shared salt gives nothing away.
    password = make_password(roles.DEMO_PASSWORD)
    created = []
    with transaction.atomic():
        for username, role, where in roles.DEMO_USERS:
            organisation = (
                None if role is None else organisations.get(where or "") or organisations["council"]
            )
            label = SYSTEM_ADMINISTRATOR if role is None else Role(role).label
            user, was_created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": label,
                    "organisation": organisation,
                    "email": f"{username}@example.org",
                },
            )
            user.password = password
            user.organisation = organisation
            # A system administrator is ``is_superuser`` (docs/access.md), not a role; never staff of
            # Django's admin site, which carewatch does not use.
            user.is_superuser = role is None
            user.save()
            if role is not None:
                RoleGrant.objects.get_or_create(user=user, role=role)
            if was_created:
                audit.write(
                    now=now,
                    actor=None,
                    organisation=None,
                    label="setup-demo (command line)",
                    action="core.user_created",
                    object_type="user",
                    object_id=user.pk,
                    after={
                        "username": username,
                        "role": role or "system_admin",
                        "organisation": organisation.name if organisation else None,
                    },
                )
            created.append(
                (username, label, organisation.name if organisation else "none: every organisation")
            )
    return created
