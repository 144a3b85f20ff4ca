"""Where a home-care agency takes new packages: the areas of its return, and whether they cover a place.

A home-care return says whether the agency can take new packages of care and, in ``package_areas``, where
(docs/capacity.md, "Home care: new packages by area"). The areas are a list separated by commas,
semicolons or new lines; each is a postcode district (``OL1``), a town (``Royton``) or a council, by name
(``Oldham``) or ONS code (``E08000004``). Compared without case or extra spaces. Blank means the council
area the agency is registered in. Anything else written there (a ward, "town centre") matches nothing:
the agency is not offered for a place carewatch cannot tell it covers. Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATORS = re.compile(r"[,;\n]+")


def parse(text: str) -> list[str]:
    """The areas written in a return, each upper-cased with its spaces collapsed; blanks dropped."""
    return [" ".join(part.upper().split()) for part in _SEPARATORS.split(text or "") if part.strip()]


@dataclass(frozen=True)
class SearchedArea:
    """The place a discharge search starts from, as areas an agency may name."""

    district: str = ""  # the postcode district, when a postcode was searched (OL1)
    town: str = ""  # the town, when a town was searched
    council_code: str = ""  # the council the place is in (ONS code) …
    council_name: str = ""  # … and its name

    def names(self) -> set[str]:
        return {
            " ".join(n.upper().split())
            for n in (self.district, self.town, self.council_code, self.council_name)
            if n
        }

    @property
    def described(self) -> str:
        """ "OL1 in Oldham", "Royton in Oldham", "Oldham"."""
        first = self.district or self.town
        if first and self.council_name:
            return f"{first} in {self.council_name}"
        return first or self.council_name or "the place searched from"


def covers(areas: str, searched: SearchedArea, *, own_council: str) -> bool:
    """Whether an agency naming ``areas`` (registered in the council ``own_council``, an ONS code) takes
    new packages at the place searched from."""
    named = parse(areas)
    if not named:
        return bool(own_council) and own_council == searched.council_code
    return bool(searched.names() & set(named))
