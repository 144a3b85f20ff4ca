"""Writes for organisations and their people. Call them through the package: ``services.add_person(...)``.

Each runs in one transaction and writes one audit entry. Who may call what:
- a system administrator (``is_superuser``) creates organisations, names a council's partners and
  adds any organisation's first administrator (``organisations``);
- an organisation administrator (role ``org_admin``) adds people to their own organisation, changes
  their roles, deactivates or reactivates them and resets their second factor (a lost phone)
  (``people``). Never anyone else's: the services check it again (``rules``; the views have already
  scoped their reads), so a mistake in a view cannot cross the line. Nobody changes their own roles;
- a council's own administrator switches four-eyes off or on (``set_four_eyes``, ``organisations``)
  and gives the public its phone number and email (``set_public_contact``).

People are never deleted: deactivating keeps their name on everything they wrote. A new person gets
no password: they are emailed a link to set their own (Django's password-reset machinery, sent once
the transaction has committed), and then set up their second factor when they first sign in.
Refusals are :class:`OrganisationError` (with the form field at fault) or ``PermissionDenied``.
"""

from carewatch.organisations.services.organisations import (
    create_organisation,
    organisation_state,
    set_four_eyes,
    set_partners,
    set_public_contact,
)
from carewatch.organisations.services.people import (
    add_person,
    change_roles,
    deactivate_person,
    person_state,
    reactivate_person,
    reset_second_factor,
    send_invitation,
)
from carewatch.organisations.services.rules import OrganisationError

__all__ = [
    "OrganisationError",
    "add_person",
    "change_roles",
    "create_organisation",
    "deactivate_person",
    "organisation_state",
    "person_state",
    "reactivate_person",
    "reset_second_factor",
    "send_invitation",
    "set_four_eyes",
    "set_partners",
    "set_public_contact",
]
