"""Who may see and do what. Every view declares its rule; every read of tenant data is scoped here.

Rules (docs/architecture.md, "Access"):
- CQC data and anything a council has published is public.
- A council's intelligence (visits, findings, cases, concerns) is visible to that council and to the
  partners it names (``Organisation.partners``: its ICB, a council placing people with a provider).
- A provider's users see only their own locations, the reports addressed to them and their own
  action plans.
- An ICB sees aggregates and what its councils share with it.
- Organisation administrators manage their own users; system administrators manage organisations.

Views declare their rule with one of the decorators below (``public``, ``signed_in``,
``system_admin``); ``tests/test_access_matrix.py`` enumerates the URL configuration and fails for a
view with no rule, so a view added later is covered or fails until someone decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from carewatch.core.models import User
from carewatch.core.roles import OrganisationKind, Role

AnyUser = AbstractBaseUser | AnonymousUser  # request.user: a carewatch User, or nobody signed in
V = TypeVar("V", bound=Callable[..., Any])
M = TypeVar("M", bound=Model)


def signed_in_user(user: AnyUser | None) -> User | None:
    """The carewatch person behind ``user`` when signed in, else None."""
    return user if isinstance(user, User) and user.is_authenticated else None


RULE_ATTRIBUTE = "access_rule"


@dataclass(frozen=True)
class Rule:
    """An access rule as declared on a view: who may open it at all."""

    kind: str  # "public", "signed_in", "system_admin"
    roles: tuple[str, ...] = ()  # empty: any signed-in person
    organisation_kinds: tuple[str, ...] = ()  # empty: any kind

    def allows(self, user: AnyUser) -> bool:
        if self.kind == "public":
            return True
        person = signed_in_user(user)
        if person is None or not person.is_active:
            return False
        if self.kind == "system_admin":
            return person.is_superuser
        if person.is_superuser:
            return True
        if self.organisation_kinds and (
            person.organisation is None or person.organisation.kind not in self.organisation_kinds
        ):
            return False
        return not self.roles or person.has_role(*self.roles)


def _declare(rule: Rule) -> Callable[[V], V]:
    def decorator(view: V) -> V:
        if rule.kind == "public":
            setattr(view, RULE_ATTRIBUTE, rule)
            return view

        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not rule.allows(request.user):
                raise PermissionDenied("Your role does not allow this page.")
            return view(request, *args, **kwargs)

        setattr(guarded, RULE_ATTRIBUTE, rule)
        return guarded  # type: ignore[return-value]  # wraps() keeps the view's signature for callers

    return decorator


def public(view: V) -> V:
    """Anyone, signed in or not (CQC data, published material, sign-in itself)."""
    return _declare(Rule("public"))(view)


def signed_in(*roles: str, organisation_kinds: Iterable[str] = ()) -> Callable[[V], V]:
    """Signed-in people holding one of ``roles`` (any role when none given)."""
    return _declare(Rule("signed_in", tuple(roles), tuple(organisation_kinds)))


def system_admin(view: V) -> V:
    return _declare(Rule("system_admin"))(view)


def rule_of(view: object) -> Rule | None:
    """The rule a resolved view declared (looks through class-based views' ``view_class``)."""
    rule = getattr(view, RULE_ATTRIBUTE, None)
    if rule is None and hasattr(view, "view_class"):
        rule = getattr(view.view_class, RULE_ATTRIBUTE, None)
    return rule if isinstance(rule, Rule) else None


# --- scoping tenant data ---------------------------------------------------------------------


def visible_owner_ids(user: AnyUser | None) -> set[int]:
    """Organisations whose intelligence ``user`` may read: their own and those sharing with it."""
    person = signed_in_user(user)
    if person is None or person.organisation is None:
        return set()
    organisation = person.organisation
    if organisation.kind == OrganisationKind.PROVIDER:
        return set()  # providers see only what is addressed to them, through provider_scope
    shared = set(organisation.shared_with_us.values_list("id", flat=True))
    return {organisation.id, *shared}


@dataclass(frozen=True)
class OwnerScope:
    """Whose intelligence (cases, visits, feedback) may be read: some councils, or every council.

    There is no "None means everyone": the national scope is a value of its own (:data:`NATIONAL`),
    given only to system administrators and to operators' commands, so a forgotten argument cannot
    open access. An empty scope (:data:`NOBODY`) reads nothing.
    """

    ids: frozenset[int] = frozenset()
    national: bool = False

    @classmethod
    def of(cls, ids: Iterable[int]) -> OwnerScope:
        """The scope of exactly these councils' records."""
        return cls(ids=frozenset(ids))

    def allows(self, owner_id: int | None) -> bool:
        return self.national or (owner_id is not None and owner_id in self.ids)

    def filter(self, queryset: QuerySet[M], owner_field: str = "organisation") -> QuerySet[M]:
        """Only the rows of ``queryset`` whose ``owner_field`` is an organisation in the scope."""
        if self.national:
            return queryset
        return queryset.filter(**{f"{owner_field}__in": sorted(self.ids)})

    def restrict(self, ids: Iterable[int]) -> OwnerScope:
        """The part of this scope among ``ids`` (a narrower scope, never a national one)."""
        wanted = frozenset(ids)
        return OwnerScope(ids=wanted if self.national else self.ids & wanted)


NATIONAL = OwnerScope(national=True)
NOBODY = OwnerScope()


def owners_for(user: AnyUser | None) -> OwnerScope:
    """The one scoping helper: whose intelligence ``user`` may read (system administrators: national)."""
    person = signed_in_user(user)
    if person is not None and person.is_superuser:
        return NATIONAL
    return OwnerScope(ids=frozenset(visible_owner_ids(user)))


def scope_to_owner(
    queryset: QuerySet[M], user: AnyUser | None, *, owner_field: str = "organisation"
) -> QuerySet[M]:
    """Only rows owned by an organisation whose intelligence ``user`` may read."""
    return owners_for(user).filter(queryset, owner_field)


def provider_location_filter(user: AnyUser | None, *, location_field: str = "location") -> Q:
    """For a provider's users: only their own locations (matches nothing for anyone else)."""
    person = signed_in_user(user)
    organisation = person.organisation if person is not None else None
    if organisation is None or organisation.kind != OrganisationKind.PROVIDER:
        return Q(pk__in=[])
    return Q(**{f"{location_field}__provider_id": organisation.provider_id})


def require_same_organisation(user: AnyUser | None, organisation_id: int | None) -> None:
    """Raise PermissionDenied unless ``user`` belongs to that organisation (or is a system admin)."""
    person = signed_in_user(user)
    if person is not None and person.is_superuser:
        return
    if organisation_id is None or person is None or person.organisation_id != organisation_id:
        raise PermissionDenied("That record belongs to another organisation.")


COUNCIL_STAFF = (Role.QA_OFFICER, Role.QA_MANAGER, Role.COMMISSIONER, Role.ANALYST)
PROVIDER_ROLES = (Role.PROVIDER_MANAGER, Role.PROVIDER_STAFF)


def forbidden(message: str = "You cannot do this.") -> PermissionDenied:
    return PermissionDenied(message)
