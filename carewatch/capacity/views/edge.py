"""Who may open the capacity pages, and what each does the same way at the edge."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from carewatch.capacity import queries
from carewatch.capacity.errors import CapacityError
from carewatch.core import access, http
from carewatch.core.roles import OrganisationKind, Role

# Council staff read their council's contracts; commissioners and QA staff record them (services check).
CONTRACT_READERS = access.signed_in(*access.COUNCIL_STAFF, organisation_kinds=(OrganisationKind.COUNCIL,))
CONTRACT_EDITORS = access.signed_in(
    Role.COMMISSIONER, Role.QA_MANAGER, Role.QA_OFFICER, organisation_kinds=(OrganisationKind.COUNCIL,)
)
# Council and ICB staff (discharge coordinators too) read the vacancies in their area.
VACANCY_READERS = access.signed_in(
    *access.COUNCIL_STAFF,
    Role.DISCHARGE_COORDINATOR,
    organisation_kinds=(OrganisationKind.COUNCIL, OrganisationKind.ICB),
)
# A provider's own staff report its capacity.
REPORTERS = access.signed_in(*access.PROVIDER_ROLES, organisation_kinds=(OrganisationKind.PROVIDER,))


def organisation_of(request, kind: str):
    """The signed-in person's organisation when it is of ``kind``, else None (a system administrator)."""
    organisation = request.user.organisation
    return organisation if organisation is not None and organisation.kind == kind else None


def contract_for(request, contract_id: int):
    """A contract of the person's own council (404 otherwise)."""
    return get_object_or_404(queries.contracts_for(request.user), pk=contract_id)


def own_location(request, location_id: str):
    """One of the person's provider's active services (404 otherwise)."""
    return get_object_or_404(queries.provider_locations(request.user), pk=location_id)


def show_error(form, error: CapacityError) -> None:
    http.put_error(form, error)
