"""Shape register data for templates and downloads."""

import re
from collections.abc import Iterable, Iterator

from carewatch.register import models
from carewatch.register.formats import CQC_LOCATION_URL
from carewatch.register.importers.records import KEY_QUESTION_LABELS, NOT_RATED
from carewatch.register.queries import AreaFigures


class LocationPage:
    def __init__(self, location: models.Location):
        self.location = location
        ratings = list(location.ratings.all())
        self.current = next((r for r in ratings if r.is_current), None)
        self.history = [r for r in ratings if not r.is_current]
        self.assessments = list(location.assessments.all())

    @property
    def cqc_url(self) -> str:
        return CQC_LOCATION_URL.format(location_id=self.location.id)

    @property
    def key_questions(self) -> list[dict]:
        if self.current is None:
            return []
        return [
            {"label": KEY_QUESTION_LABELS[kq], "rating": rating, "report_on": report_on, "link_id": link_id}
            for kq, rating, report_on, link_id in self.current.key_question_rows()
            if rating
        ]

    @property
    def show_service_ratings(self) -> bool:
        return self.current is not None and bool(self.current.services)

    @property
    def rated_per_service(self) -> bool:
        return self.current is not None and self.current.overall in ("", NOT_RATED)

    @property
    def timeline(self) -> list[models.Rating]:
        items = ([self.current] if self.current else []) + self.history
        return sorted(items, key=lambda r: (r.report_on is not None, r.report_on, r.is_current), reverse=True)

    @property
    def phone_href(self) -> str:
        """A ``tel:`` link for the stored phone number (digits and a leading +), or "" when it has none."""
        digits = re.sub(r"[^\d+]", "", self.location.phone)
        return f"tel:{digits}" if re.fullmatch(r"\+?\d{6,15}", digits) else ""

    @property
    def website_href(self) -> str:
        """The stored website as a link (CQC often leaves out the scheme), or "" when it is not a web address."""
        website = self.location.website.strip()
        url = website if re.match(r"(?i)https?://", website) else f"https://{website}"
        return (
            url
            if re.fullmatch(r"(?i)https?://[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:[/?#]\S*)?", url)
            else ""
        )

    @property
    def address(self) -> list[str]:
        loc = self.location
        return [
            part
            for part in (loc.address_line_1, loc.address_line_2, loc.town, loc.county, loc.postcode)
            if part
        ]


LOCATION_CSV_HEADER = [
    "CQC location ID",
    "Name",
    "Provider ID",
    "Provider",
    "Postcode",
    "Local authority",
    "ICB",
    "Region",
    "Care home",
    "Beds",
    "Registration status",
    "Dormant",
    "Overall rating",
    "Rating published",
]


def location_csv_rows(locations) -> Iterator[list]:
    yield LOCATION_CSV_HEADER
    for loc in locations.select_related("provider", "local_authority", "icb", "region").iterator(
        chunk_size=2000
    ):
        yield [
            loc.id,
            loc.name,
            loc.provider_id or "",
            loc.provider.name if loc.provider else "",
            loc.postcode,
            loc.local_authority.name if loc.local_authority else loc.local_authority_name,
            loc.icb.name if loc.icb else "",
            loc.region.name if loc.region else "",
            "Y" if loc.care_home else "N",
            loc.beds if loc.beds is not None else "",
            loc.registration_status,
            "Y" if loc.dormant else "N",
            loc.current_rating or "No published rating",
            loc.current_rating_on.isoformat() if loc.current_rating_on else "",
        ]


def market_csv_rows(rows: Iterable[AreaFigures], service: str) -> Iterator[list]:
    header = [
        "Area code",
        "Area",
        "Active locations",
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
        "Not yet rated",
        "% Good or Outstanding of rated",
        "% Good or Outstanding of all active",
    ]
    if service == "care-homes":
        header.append("Beds")
    yield header
    for row in rows:
        line = [
            row.code,
            row.name,
            row.active,
            row.outstanding,
            row.good,
            row.requires_improvement,
            row.inadequate,
            row.not_yet_rated,
            _blank(row.pct_good_or_outstanding_of_rated),
            _blank(row.pct_good_or_outstanding_of_active),
        ]
        if service == "care-homes":
            line.append(row.beds or 0)
        yield line


def market_totals(rows: list[AreaFigures]) -> AreaFigures:
    total = AreaFigures(code="", name="Total")
    for row in rows:
        for attr in ("active", "outstanding", "good", "requires_improvement", "inadequate"):
            setattr(total, attr, getattr(total, attr) + getattr(row, attr))
        if row.beds is not None:
            total.beds = (total.beds or 0) + row.beds
    return total


def _blank(value):
    return "" if value is None else value
