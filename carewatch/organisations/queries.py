"""Reads for organisations and their people, always scoped to who is asking."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from carewatch.core.models import Organisation, RoleGrant, User
from carewatch.core.roles import OrganisationKind, Role


def people_of(organisation: Organisation) -> QuerySet[User]:
    """Everyone in ``organisation``, active first, with their roles."""
    return (
        User.objects.filter(organisation=organisation)
        .prefetch_related(Prefetch("role_grants", queryset=RoleGrant.objects.order_by("role", "id")))
        .order_by("-is_active", "last_name", "first_name", "username", "id")
    )


def qa_staff(organisation: Organisation) -> QuerySet[User]:
    """The organisation's active QA officers and managers, by name: who may go on a visit or own an action."""
    return (
        User.objects.filter(
            organisation=organisation,
            is_active=True,
            role_grants__role__in=[Role.QA_OFFICER, Role.QA_MANAGER],
        )
        .distinct()
        .order_by("first_name", "last_name", "username", "id")
    )


def person_for(actor: User, user_id: int) -> User:
    """Someone ``actor`` may manage: in their own organisation (any organisation for a system administrator).

    Raises ``User.DoesNotExist`` otherwise, so another organisation's people look like nobody at all.
    """
    people = User.objects.select_related("organisation").filter(organisation__isnull=False)
    if not actor.is_superuser:
        if actor.organisation_id is None or not actor.has_role(Role.ORG_ADMIN):
            raise User.DoesNotExist
        people = people.filter(organisation_id=actor.organisation_id)
    return people.get(pk=user_id)


def roles_of(person: User) -> list[str]:
    """The roles ``person`` holds, in order."""
    return sorted(person.role_grants.values_list("role", flat=True))


def all_organisations() -> QuerySet[Organisation]:
    """Every organisation with its link, its partners and how many active people it has."""
    return (
        Organisation.objects.select_related("local_authority", "icb", "provider")
        .prefetch_related(Prefetch("partners", queryset=Organisation.objects.order_by("name", "id")))
        .annotate(active_people=Count("users", filter=Q(users__is_active=True)))
        .order_by("name", "id")
    )


def organisation(organisation_id: int) -> Organisation:
    """One organisation, with what it shares and what is shared with it (raises DoesNotExist)."""
    return (
        Organisation.objects.select_related("local_authority", "icb", "provider")
        .prefetch_related(
            Prefetch("partners", queryset=Organisation.objects.order_by("name", "id")),
            Prefetch("shared_with_us", queryset=Organisation.objects.order_by("name", "id")),
        )
        .get(pk=organisation_id)
    )


def partner_choices(organisation: Organisation) -> QuerySet[Organisation]:
    """Who a council may share with: any other organisation except a provider."""
    return (
        Organisation.objects.exclude(pk=organisation.pk)
        .exclude(kind=OrganisationKind.PROVIDER)
        .order_by("kind", "name", "id")
    )
