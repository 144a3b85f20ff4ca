"""Commissioning figures for the dashboards and the committee report: contracts, vacancies, capacity
return compliance (capacity) and hospital discharge (discharge), issue 15.

Scoped like the other council-record panels (``sources``): only councils whose records the reader may
read, within the area. Contracts are commercial, so the "in contract" split reads only the reader's own
council's contracts (``contract_owners``: ``capacity.queries.contract_scope(user)``), never a partner's.
Nothing here reads the clock: ``on`` and ``today`` come in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from carewatch.capacity import figures as capacity_figures
from carewatch.capacity.compliance import Month
from carewatch.core import access
from carewatch.core.models import Organisation
from carewatch.discharge import figures as discharge_figures
from carewatch.insights.areas import service_filter
from carewatch.insights.sources import NoData
from carewatch.ratings.cqc import INADEQUATE, REQUIRES_IMPROVEMENT
from carewatch.register.models import Location


@dataclass(frozen=True)
class ContractSplit:
    """Active services of a type in the councils' areas, in contract with the reader's council or not,
    and how many of each are rated Requires improvement or Inadequate."""

    council: str
    service: str  # the dashboard's service: care-homes, home-care or all
    in_contract: int
    in_contract_ri: int
    in_contract_inadequate: int
    not_in_contract: int
    not_in_contract_ri: int
    not_in_contract_inadequate: int

    @property
    def sentence(self) -> str:
        """ "Of 32 home-care providers in contract with Oldham Council, 2 are rated Requires improvement; of
        158 not in contract, 21." (the issue's example)."""
        one, many = SERVICE_WORDS[self.service]
        return (
            f"Of {self.in_contract:,} {one if self.in_contract == 1 else many} in contract with {self.council}, "
            f"{self.in_contract_ri:,} {'is' if self.in_contract_ri == 1 else 'are'} rated Requires improvement; "
            f"of {self.not_in_contract:,} not in contract, {self.not_in_contract_ri:,}."
        )


SERVICE_WORDS = {
    "care-homes": ("care home", "care homes"),
    "home-care": ("home-care provider", "home-care providers"),
    "all": ("service", "services"),
}


def contract_split(
    councils: list[Organisation], *, service: str, on: date, contract_owners: access.OwnerScope
) -> ContractSplit | NoData:
    """The one council among ``councils`` whose contracts ``contract_owners`` reads (a council's staff: their
    own; a system administrator or an operator: any, when the area has one council) against its area's
    services."""
    own = [c for c in councils if contract_owners.allows(c.pk)]
    if len(own) != 1:  # none of the reader's own, or several councils (an England dashboard, an operator)
        return NoData("only a council's own staff see which services it has in contract")
    council = own[0]
    contracted = capacity_figures.contracted_location_ids(scope=access.OwnerScope.of([council.pk]), on=on)
    rows = Location.objects.filter(
        service_filter(service),
        is_active=True,
        adult_social_care=True,
        local_authority_id=council.local_authority_id,
    ).values_list("id", "current_rating")
    counts = {True: [0, 0, 0], False: [0, 0, 0]}
    for location_id, rating in rows:
        bucket = counts[location_id in contracted]
        bucket[0] += 1
        bucket[1] += rating == REQUIRES_IMPROVEMENT
        bucket[2] += rating == INADEQUATE
    return ContractSplit(council.name, service, *counts[True], *counts[False])


def _end_of(on: date) -> datetime:
    return timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))


def vacancies(councils: list[Organisation], *, on: date) -> list[capacity_figures.BedTypeFigures] | NoData:
    codes = sorted(c.local_authority_id for c in councils if c.local_authority_id)
    if not codes:
        return NoData("no council in this area uses carewatch")
    return capacity_figures.vacancies_by_bed_type(as_of=_end_of(on), local_authorities=codes)


def return_compliance(councils: list[Organisation], *, on: date) -> capacity_figures.Compliance | NoData:
    """The newest month whose return window has closed by ``on`` (this month's, after the 14th)."""
    codes = sorted(c.local_authority_id for c in councils if c.local_authority_id)
    if not codes:
        return NoData("no council in this area uses carewatch")
    month = Month.of(on)
    found = capacity_figures.return_compliance(month=month, today=on, local_authorities=codes)
    if found.due:  # the window is still open: the month before
        found = capacity_figures.return_compliance(month=month.previous(), today=on, local_authorities=codes)
    return found


def discharge(councils: list[Organisation], *, on: date) -> discharge_figures.DischargeFigures | NoData:
    if not councils:
        return NoData("no council in this area uses carewatch")
    return discharge_figures.discharge_figures(owners=access.OwnerScope.of(c.pk for c in councils), on=on)
