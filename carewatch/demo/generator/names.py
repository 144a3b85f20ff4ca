"""Word lists and the names made from them: services, providers, people and streets.

Every function takes the caller's ``random.Random`` so the whole register stays a function of the
seed.
"""

from __future__ import annotations

import re

from carewatch.demo.generator._rand import choice, randint, table, weighted

TREES_AND_FLOWERS = (
    "Oak", "Ash", "Beech", "Birch", "Cedar", "Elm", "Hawthorn", "Hazel", "Holly", "Laurel", "Lime",
    "Maple", "Rowan", "Willow", "Yew", "Chestnut", "Juniper", "Alder", "Larch", "Poplar", "Sycamore",
    "Bluebell", "Primrose", "Heather", "Lavender", "Rose", "Foxglove", "Daffodil", "Snowdrop", "Clover",
    "Bramble", "Ivy", "Magnolia", "Orchid", "Wisteria", "Jasmine", "Marigold", "Meadowsweet", "Thistle",
)  # fmt: skip
PLACE_WORDS = (
    "Spring", "Brook", "Green", "Park", "Meadow", "River", "Hill", "Field", "Wood", "Lake", "Vale", "Dale",
    "Moor", "Bank", "Lea", "Ridge", "Cliff", "Glen", "Fern", "Stone", "Mill", "Bridge", "Church", "Orchard",
    "Sunny", "Fair", "Bright", "Golden", "Silver", "Clear", "High", "Long", "Broad", "Kings", "Queens",
    "Abbey", "Castle", "Priory", "Westfield", "Eastwood", "Northfield", "Southlands", "Ashbourne",
)  # fmt: skip
HOME_SUFFIXES = (
    "Lodge", "House", "Court", "Manor", "Grange", "Hall", "View", "Gardens", "Place", "Villa", "Cottage",
    "Mews", "Park", "Heights", "Mount", "Croft", "Towers", "Retreat", "Haven", "Rise",
)  # fmt: skip
COMBINED = (
    "Springfield", "Brookside", "Greenacres", "Parkview", "Meadowbank", "Riverside", "Hillcrest", "Fieldhouse",
    "Woodlands", "Lakeside", "Valley View", "Moorlands", "Oakwood", "Ashgrove", "Beechwood", "Birchfield",
    "Cedar Lawn", "Elmhurst", "Hazelmere", "Hollybank", "Rowanwood", "Willowbrook", "Fernleigh", "Stonecroft",
    "Millfield", "Orchard Dene", "Sunnyside", "Fairhaven", "Highfield", "Longlands", "Broadlands", "Kingsley",
    "Abbeyfield", "Castleton", "Priory Gardens", "Ashlea", "Glenholme", "Laurel Bank", "Maplewood", "Redcliffe",
)  # fmt: skip
CARE_WORDS = (
    "Homecare", "Home Care", "Care Services", "Care", "Care at Home", "Support Services", "Healthcare",
    "Care Solutions", "Domiciliary Care", "Community Care", "Caring Hands", "Home Support",
)  # fmt: skip
AGENCY_STEMS = (
    "Bluebell", "Helping", "Caring", "Kind", "Gentle", "Trusted", "Compassion", "Harmony", "Horizon",
    "Unity", "Beacon", "Evergreen", "Haven", "Pathways", "Kindred", "Hearts", "Angels", "Guardian",
    "Cornerstone", "Lighthouse", "Rainbow", "Sunrise", "Starlight", "Willow", "Primrose", "Serenity",
    "Comfort", "Dignity", "Heritage", "Crystal", "Premier", "Prestige", "Bespoke", "Radiant", "Summit",
    "Anchor", "Apex", "Aspire", "Bright Futures", "Clarity", "Elite", "Empower", "Hope", "Nova", "Oasis",
)  # fmt: skip
STREET_STEMS = (
    "Church", "Station", "Victoria", "Mill", "Park", "High", "Manchester", "London", "Queen", "King",
    "Albert", "Chapel", "Green", "Windsor", "Grange", "School", "Springfield", "Oldham", "York", "Stanley",
    "Alexandra", "Cromwell", "Hollins", "Ripponden", "Carthage", "Filbert", "Market", "Bridge", "North",
    "South", "West", "East", "Moor", "Hall", "Derby", "Lancaster", "Clarence", "Marlborough", "Dale",
    "Beech", "Cedar", "Elm", "Oak", "Ash", "Willow", "Meadow", "Brook", "Vicarage", "Rectory", "Abbey",
)  # fmt: skip
STREET_TYPES = ("Road", "Street", "Lane", "Avenue", "Drive", "Close", "Way", "Crescent", "Terrace", "Grove")
FIRST_NAMES_F = (
    "Susan", "Julie", "Karen", "Sarah", "Emma", "Claire", "Joanne", "Helen", "Nicola", "Amanda", "Lisa",
    "Rachel", "Michelle", "Tracey", "Angela", "Deborah", "Samantha", "Laura", "Louise", "Gemma", "Fatima",
    "Aisha", "Priya", "Anita", "Grace", "Blessing", "Chipo", "Agnieszka", "Maria", "Elena", "Joy", "Mercy",
    "Sian", "Kerry", "Donna", "Jennifer", "Catherine", "Elizabeth", "Victoria", "Hannah", "Shabana", "Nadia",
)  # fmt: skip
FIRST_NAMES_M = (
    "David", "Paul", "Mark", "Andrew", "John", "Michael", "Stephen", "Richard", "James", "Peter", "Robert",
    "Gary", "Simon", "Daniel", "Mohammed", "Imran", "Raj", "Sanjay", "Tendai", "Emmanuel", "Tomasz",
    "Chris", "Matthew", "Anthony", "Neil", "Ian", "Kevin", "Jason", "Adeel", "Kwame", "Joseph", "Thomas",
)  # fmt: skip
SURNAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
    "Patel", "Khan", "Ahmed", "Hussain", "Ali", "Begum", "Shah", "Singh", "Kaur", "Sharma", "Okafor",
    "Mensah", "Moyo", "Nowak", "Kowalski", "Murphy", "Kelly", "O'Brien", "Campbell", "Stewart", "Hughes",
    "Edwards", "Turner", "Hill", "Cooper", "Ward", "Morris", "Moore", "Clark", "Lee", "Harris", "Martin",
    "Ashton", "Appleton", "Hilton", "Hooley", "Marcroft", "Thoppil", "Wooton", "Barker", "Fletcher", "Hart",
)  # fmt: skip
CHAIN_NAMES = (
    ("Meadowbrook Care Homes", "Meadowbrook", "care_home"),
    ("Oakridge Healthcare Group", "Oakridge", "care_home"),
    ("Hallmark Lodge Care", "Hallmark Lodge", "care_home"),
    ("Silverlea Senior Living", "Silverlea", "care_home"),
    ("Kingfisher Nursing Care", "Kingfisher", "care_home"),
    ("Carewell Homecare", "Carewell", "home_care"),
    ("Helping Hearts Home Care", "Helping Hearts", "home_care"),
    ("Visiting Friends Homecare", "Visiting Friends", "home_care"),
    ("Pathway Support Services", "Pathway", "supported"),
    ("Lifeways Living", "Lifeways Living", "supported"),
)
GP_WORDS = ("Medical Centre", "Surgery", "Health Centre", "Medical Practice", "Family Practice")
DENTAL_WORDS = ("Dental Practice", "Dental Care", "Dental Surgery", "Dental Centre")
COMPANY_SUFFIXES = ("Limited", "Ltd", "Ltd", "Limited", "Care Ltd", "Group Limited")


_FEMALE_TITLES = table({"Mrs": 50, "Ms": 30, "Miss": 18, "Dr": 2})


def title_for(rng, female: bool) -> str:
    if female:
        return weighted(rng, *_FEMALE_TITLES)
    return "Mr" if rng.random() < 0.96 else "Dr"


def person(rng) -> tuple[str, str, str]:
    """(title, given names, family name); most registered managers are women."""
    female = rng.random() < 0.8
    given = choice(rng, FIRST_NAMES_F if female else FIRST_NAMES_M)
    if rng.random() < 0.3:
        given += " " + choice(rng, FIRST_NAMES_F if female else FIRST_NAMES_M)
    return title_for(rng, female), given, choice(rng, SURNAMES)


def street(rng) -> str:
    return f"{choice(rng, STREET_STEMS)} {choice(rng, STREET_TYPES)}"


def house_name(rng) -> str:
    """``Oak Lodge``, ``Springfield House``, ``Brookside Court``."""
    roll = rng.random()
    if roll < 0.45:
        first = choice(rng, TREES_AND_FLOWERS)
    elif roll < 0.75:
        first = choice(rng, PLACE_WORDS)
    else:
        return choice(rng, COMBINED) + ("" if rng.random() < 0.5 else " " + choice(rng, HOME_SUFFIXES))
    return f"{first} {choice(rng, HOME_SUFFIXES)}"


def care_home_name(rng, nursing: bool) -> str:
    base = house_name(rng)
    roll = rng.random()
    if nursing:
        suffix = " Nursing Home" if roll < 0.55 else (" Care Home" if roll < 0.85 else "")
    else:
        suffix = " Care Home" if roll < 0.45 else (" Residential Home" if roll < 0.6 else "")
    return base + suffix


def agency_name(rng, town: str) -> str:
    """``Bluebell Homecare``, ``Harmony Care Services (Oldham)``."""
    roll = rng.random()
    stem = choice(rng, AGENCY_STEMS) if roll < 0.7 else choice(rng, COMBINED)
    name = f"{stem} {choice(rng, CARE_WORDS)}"
    if rng.random() < 0.25:
        name += f" {town}" if rng.random() < 0.5 else f" ({town})"
    return name


def supported_living_name(rng, town: str) -> str:
    roll = rng.random()
    if roll < 0.4:
        return f"{randint(rng, 1, 180)} {street(rng)}"
    if roll < 0.7:
        return f"{house_name(rng)}"
    return (
        f"{town} Supported Living Service" if roll < 0.8 else f"{choice(rng, AGENCY_STEMS)} Supported Living"
    )


def extra_care_name(rng) -> str:
    return f"{house_name(rng).split()[0]} {choice(rng, ('Court', 'Gardens', 'Place', 'Mews', 'Village'))}"


def company_name(rng, stem: str) -> str:
    return f"{stem} {choice(rng, COMPANY_SUFFIXES)}"


def individual_provider_name(rng) -> str:
    title, given, family = person(rng)
    return f"{title} {given} {family}"


def partnership_provider_name(rng) -> str:
    family = choice(rng, SURNAMES)
    first = f"{title_for(rng, False)} {choice(rng, FIRST_NAMES_M)} {family}"
    if rng.random() < 0.6:
        second = f"{title_for(rng, True)} {choice(rng, FIRST_NAMES_F)} {family}"
    else:
        second = f"{title_for(rng, True)} {choice(rng, FIRST_NAMES_F)} {choice(rng, SURNAMES)}"
    return f"{first} and {second}" if rng.random() < 0.7 else f"{first} & {second}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())[:40] or "care"
