"""Whether the council holds contractual powers over a case's services (capacity's contracts).

Some steps of the ladder rely on a contract (``ladder.CONTRACTUAL_ACTIONS``: a contract default
notice, and so the termination considered at the ladder's default-notice limit). A council has no
contractual powers over a service it does not contract with: the step is not offered, says why, and
the service refuses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carewatch.capacity import figures as capacity_figures
from carewatch.cases.models import Case
from carewatch.core import access


@dataclass(frozen=True)
class ContractPowers:
    available: bool
    reason: str  # why not, in words ("" when available)


def contract_powers(case: Case, *, on: date) -> ContractPowers:
    """Available when at least one of the case's services is under a contract of the case's council in
    force on ``on`` (a contract naming it, or one with its provider naming no locations)."""
    locations = list(case.locations.select_related("provider").order_by("id"))
    contracted = capacity_figures.contracted_location_ids(
        scope=access.OwnerScope.of([case.organisation_id]), on=on
    )
    if any(location.pk in contracted for location in locations):
        return ContractPowers(True, "")
    provider = case.provider or (locations[0].provider if locations else None)
    services = "this service" if len(locations) <= 1 else "these services"
    who = provider.name if provider is not None else "the provider"
    return ContractPowers(
        False,
        f"{case.organisation.name} has no contract with {who} for {services}, "
        "so it has no contractual powers here",
    )
