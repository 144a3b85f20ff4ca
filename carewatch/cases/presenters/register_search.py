"""The services found when proposing a case: each with where it is, who runs it and its rating."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode

from carewatch.cases import queries
from carewatch.core.models import Organisation
from carewatch.register.models import Location


@dataclass(frozen=True)
class ServiceChoice:
    name: str
    url: str  # the proposal about it
    address: str
    provider: str
    rating: str
    area: str
    open_case_id: int | None


def service_choices(
    locations: Sequence[Location], *, organisation: Organisation | None
) -> list[ServiceChoice]:
    choices = []
    open_cases = queries.open_cases_at(organisation, [loc.pk for loc in locations]) if organisation else {}
    for location in locations:
        choices.append(
            ServiceChoice(
                name=location.name,
                url=reverse("cases:case_propose") + "?" + urlencode({"location": location.pk}),
                address=", ".join(
                    part
                    for part in (
                        location.address_line_1,
                        location.address_line_2,
                        location.town,
                        location.postcode,
                    )
                    if part
                ),
                provider=(location.provider.name or location.provider.pk) if location.provider else "",
                rating=location.current_rating,
                area=location.local_authority.name if location.local_authority else "",
                open_case_id=open_cases.get(location.pk),
            )
        )
    return choices
