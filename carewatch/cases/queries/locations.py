"""Reads of the register as the ladder's pages need them: the location a case would concern, the
provider's other locations in the council's area, the provider giving peer support."""

from __future__ import annotations

from collections.abc import Iterable

from carewatch.core.models import Organisation
from carewatch.register import queries as register_queries
from carewatch.register.models import Location, Provider


def location_or_none(location_id: str) -> Location | None:
    return Location.objects.select_related("provider").filter(pk=location_id).first()


def provider_or_none(provider_id: str) -> Provider | None:
    return Provider.objects.filter(pk=provider_id.strip()).first()


def other_locations(location: Location, organisation: Organisation | None) -> list[Location]:
    """The provider's other active locations in the council's area, to make a case about the provider."""
    if location.provider_id is None or organisation is None or organisation.local_authority_id is None:
        return []
    return list(
        Location.objects.filter(provider_id=location.provider_id, is_active=True)
        .filter(local_authority_id=organisation.local_authority_id)
        .exclude(pk=location.pk)
        .order_by("name", "id")
    )


def locations_by_id(ids: Iterable[str]) -> list[Location]:
    return list(Location.objects.filter(pk__in=list(ids)).select_related("provider").order_by("name", "id"))


def find_locations(text: str, *, limit: int) -> tuple[list[Location], int]:
    """Active adult social care services matching a name, a town, a postcode or a CQC ID (the register's
    own search): the first ``limit`` by name, and how many match."""
    found = register_queries.search_locations(
        register_queries.SearchCriteria(text=text, status="active", other_services=False)
    )
    return list(found[:limit]), found.count()
