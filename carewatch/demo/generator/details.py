"""A location's particulars: name, address, beds, specialisms, regulated activities, manager."""

from __future__ import annotations

from datetime import timedelta

from carewatch.demo.generator import names as N
from carewatch.demo.generator import places as P
from carewatch.demo.generator._rand import choice, randint
from carewatch.demo.generator.entities import Address, Location, Person

KINDS: dict[str, tuple[tuple[str, ...], bool]] = {
    # kind: (API service types, care home?)
    "residential": (("Residential homes",), True),
    "nursing": (("Nursing homes",), True),
    "residential_hc": (("Residential homes", "Homecare agencies"), True),
    "nursing_hc": (("Nursing homes", "Homecare agencies"), True),
    "home_care": (("Homecare agencies",), False),
    "home_care_sl": (("Homecare agencies", "Supported living"), False),
    "home_care_ec": (("Homecare agencies", "Extra Care housing services"), False),
    "supported": (("Supported living",), False),
    "extra_care": (("Extra Care housing services",), False),
    "shared_lives": (("Shared lives",), False),
    "gp": (("Doctors/Gps",), False),
    "dentist": (("Dentist",), False),
}

OVER_65 = "Caring for adults over 65 yrs"
UNDER_65 = "Caring for adults under 65 yrs"
_SPECIALISMS = {  # probability of each service-user band, by profile
    "older_home": {
        OVER_65: 0.97,
        UNDER_65: 0.45,
        "Dementia": 0.72,
        "Physical disabilities": 0.5,
        "Sensory impairment": 0.35,
        "Mental health conditions": 0.3,
        "Learning disabilities": 0.06,
        "Eating disorders": 0.04,
        "Substance misuse problems": 0.03,
    },
    "ld_home": {
        UNDER_65: 0.97,
        OVER_65: 0.25,
        "Learning disabilities": 0.92,
        "Mental health conditions": 0.4,
        "Physical disabilities": 0.3,
        "Sensory impairment": 0.2,
        "Caring for people whose rights are restricted under the Mental Health Act": 0.05,
    },
    "home_care": {
        OVER_65: 0.95,
        UNDER_65: 0.75,
        "Dementia": 0.78,
        "Physical disabilities": 0.72,
        "Sensory impairment": 0.5,
        "Mental health conditions": 0.52,
        "Learning disabilities": 0.45,
        "Eating disorders": 0.15,
        "Substance misuse problems": 0.15,
    },
    "supported": {
        UNDER_65: 0.97,
        OVER_65: 0.3,
        "Learning disabilities": 0.9,
        "Mental health conditions": 0.6,
        "Physical disabilities": 0.4,
        "Sensory impairment": 0.2,
        "Substance misuse problems": 0.08,
    },
    "extra_care": {OVER_65: 0.99, UNDER_65: 0.4, "Dementia": 0.7, "Physical disabilities": 0.6},
    "shared_lives": {
        UNDER_65: 0.95,
        OVER_65: 0.5,
        "Learning disabilities": 0.9,
        "Mental health conditions": 0.5,
    },
}
ACCOMMODATION = "Accommodation for persons who require nursing or personal care"
TREATMENT = "Treatment of disease, disorder or injury"
DIAGNOSTIC = "Diagnostic and screening procedures"
PERSONAL_CARE = "Personal care"
# Regulated activity codes as the CQC's API gives them (RA1, RA2, RA5, RA7, RA8, RA11 seen in real data).
ACTIVITY_CODES = {
    PERSONAL_CARE: "RA1",
    ACCOMMODATION: "RA2",
    "Accommodation for persons who require treatment for substance misuse": "RA3",
    "Assessment or medical treatment for persons detained under the Mental Health Act 1983": "RA4",
    TREATMENT: "RA5",
    "Surgical procedures": "RA7",
    DIAGNOSTIC: "RA8",
    "Management of supply of blood and blood derived products": "RA9",
    "Transport services, triage and medical advice provided remotely": "RA10",
    "Maternity and midwifery services": "RA11",
    "Termination of pregnancies": "RA12",
    "Services in slimming clinics": "RA13",
    "Nursing care": "RA14",
    "Family planning": "RA15",
}
_METROPOLITAN_COUNTY = {
    "E54000057": "Greater Manchester",
    "E54000061": "South Yorkshire",
    "E54000054": "West Yorkshire",
    "E54000062": "West Midlands",
    "E54000055": "West Midlands",
    "E54000008": "Merseyside",
    "E54000050": "Tyne and Wear",
    "E54000018": "West Midlands",
}


def county_for(la_code: str, la_name: str, icb_code: str, region_code: str) -> str:
    if la_code.startswith("E10"):
        return la_name
    if la_code.startswith("E08"):
        return _METROPOLITAN_COUNTY.get(icb_code, "")
    if region_code == "E12000007":
        return ""
    return la_name.split(",")[0] if la_code.startswith("E06") else ""


def address(rng, place: P.Place, county: str) -> Address:
    town = choice(rng, place.towns)
    number = f"{randint(rng, 1, 240)} " if rng.random() < 0.75 else ""
    line1 = f"{number}{N.street(rng)}"
    line2 = ""
    if rng.random() < 0.55:
        line2 = choice(rng, N.PLACE_WORDS) + choice(rng, (" Park", " Green", " End", "side", " Estate"))
    lat, lon = P.coordinates(rng, place)
    return Address(line1, line2, town, county, P.postcode(rng, place), lat, lon)


def location_name(rng, location: Location, town: str) -> str:
    kind = location.kind
    if kind in ("residential", "residential_hc"):
        return N.care_home_name(rng, nursing=False)
    if kind in ("nursing", "nursing_hc"):
        return N.care_home_name(rng, nursing=True)
    if kind.startswith("home_care"):
        return N.agency_name(rng, town)
    if kind == "supported":
        return N.supported_living_name(rng, town)
    if kind == "extra_care":
        return N.extra_care_name(rng)
    if kind == "shared_lives":
        return f"{town} Shared Lives" if rng.random() < 0.6 else f"Shared Lives {town}"
    if kind == "gp":
        return f"{choice(rng, N.COMBINED + N.STREET_STEMS)} {choice(rng, N.GP_WORDS)}"
    return f"{choice(rng, N.COMBINED + N.STREET_STEMS)} {choice(rng, N.DENTAL_WORDS)}"


def fill(rng, location: Location, chain_bonus: bool = False) -> None:
    """Beds, specialisms, regulated activities and inspection category from the location's kind."""
    kind = location.kind
    location.service_types, location.care_home = KINDS[kind]
    if kind in ("residential", "residential_hc"):
        ld = rng.random() < 0.2
        profile = "ld_home" if ld else "older_home"
        beds = randint(rng, 3, 12) if ld else min(70, max(6, round(rng.gauss(34, 12))))
    elif kind in ("nursing", "nursing_hc"):
        profile = "older_home"
        beds = min(130, max(20, round(rng.gauss(51, 19))))
    else:
        profile = {"supported": "supported", "extra_care": "extra_care", "shared_lives": "shared_lives"}.get(
            kind, "home_care"
        )
        beds = 0
    if location.care_home and chain_bonus:
        beds += randint(rng, 4, 14)
    location.beds = beds
    if kind in ("gp", "dentist"):
        location.directorate = "Primary medical services"
        location.location_type = "Primary Medical Services" if kind == "gp" else "Primary Dental Care"
        location.inspection_category = ("P2", "GP Practices") if kind == "gp" else ("P1", "Dentists")
        location.specialisms = ("Services for everyone",) if kind == "gp" else ()
        location.activities = (
            (
                TREATMENT,
                DIAGNOSTIC,
                "Family planning",
                "Maternity and midwifery services",
                "Surgical procedures",
            )
            if kind == "gp"
            else (TREATMENT, DIAGNOSTIC, "Surgical procedures")
        )
        return
    bands = _SPECIALISMS[profile]
    chosen = tuple(band for band, chance in bands.items() if rng.random() < chance)
    location.specialisms = tuple(sorted(chosen or (next(iter(bands)),)))
    activities = []
    if location.care_home:
        activities.append(ACCOMMODATION)
        location.inspection_category = ("S1", "Residential social care")
    else:
        location.inspection_category = ("S2", "Community based adult social care services")
    if location.home_care or not location.care_home:
        activities.append(PERSONAL_CARE)
    if kind in ("nursing", "nursing_hc"):
        activities.append(TREATMENT)
        if rng.random() < 0.12:
            activities.append(DIAGNOSTIC)
    location.activities = tuple(activities)


def manager(rng, location: Location, as_of) -> None:
    if location.deregistered_on is None and location.adult_social_care and rng.random() < 0.08:
        location.manager = None
        location.manager_absent_on = as_of - timedelta(days=randint(rng, 10, 400))
    else:
        location.manager = Person(*N.person(rng))
