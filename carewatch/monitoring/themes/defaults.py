"""The default themes findings are grouped by, and the words a QA officer uses for each.

A council's list starts as :data:`DEFAULT_THEMES`; the first edit gives it its own copy
(``services.add_theme`` and the like). :data:`THEME_VOCABULARY` seeds the text model
(:mod:`carewatch.monitoring.themes.suggestion`) and the keyword baseline in ``bench/bench_themes.py``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DefaultTheme:
    slug: str
    name: str
    description: str
    safeguarding: bool = False


DEFAULT_THEMES: tuple[DefaultTheme, ...] = (
    DefaultTheme("medicines", "Medicines", "Ordering, storing, giving and recording medicines"),
    DefaultTheme(
        "staffing-levels",
        "Staffing levels",
        "Enough staff on every shift; calls covered, on time and for their full length",
    ),
    DefaultTheme(
        "training-and-supervision",
        "Training and supervision",
        "Induction, training, competency checks, supervision and appraisal",
    ),
    DefaultTheme(
        "care-planning",
        "Care planning",
        "Assessments and care or support plans that are personal, current and followed",
    ),
    DefaultTheme(
        "risk-assessment",
        "Risk assessment",
        "Risks to people assessed, reviewed and managed in the least restrictive way",
    ),
    DefaultTheme(
        "safeguarding",
        "Safeguarding",
        "Abuse and neglect recognised, reported and followed through",
        safeguarding=True,
    ),
    DefaultTheme(
        "infection-control",
        "Infection prevention and control",
        "Cleanliness, hand hygiene, PPE, laundry and outbreaks",
    ),
    DefaultTheme(
        "nutrition-and-hydration",
        "Nutrition and hydration",
        "Enough to eat and drink, special diets, weight and the mealtime experience",
    ),
    DefaultTheme(
        "dignity-and-privacy", "Dignity and privacy", "Respect, privacy and personal care given with dignity"
    ),
    DefaultTheme(
        "consent-and-mental-capacity",
        "Consent and mental capacity",
        "Consent, the Mental Capacity Act, best interests and DoLS",
    ),
    DefaultTheme(
        "activities", "Activities", "Meaningful things to do, inside and out, and links with the community"
    ),
    DefaultTheme(
        "premises-and-equipment",
        "Premises and equipment",
        "Safe, suitable, maintained buildings and equipment; fire safety",
    ),
    DefaultTheme("records", "Records", "Accurate, complete, contemporaneous and secure records"),
    DefaultTheme(
        "complaints-handling", "Complaints handling", "Complaints recorded, answered, and learned from"
    ),
    DefaultTheme(
        "leadership-and-governance",
        "Leadership and governance",
        "Management, audits, oversight and improvement",
    ),
    DefaultTheme(
        "notifications", "Notifications", "Statutory notifications to the CQC and reports to the council"
    ),
    DefaultTheme(
        "recruitment-checks", "Recruitment checks", "DBS, references, employment history and right to work"
    ),
    DefaultTheme(
        "communication-with-families", "Communication with families", "Keeping families informed and involved"
    ),
    DefaultTheme(
        "end-of-life-care", "End of life care", "Advance care planning and care in the last days of life"
    ),
)
DEFAULT_THEME_SLUGS: tuple[str, ...] = tuple(theme.slug for theme in DEFAULT_THEMES)
DEFAULT_THEME_NAMES: dict[str, str] = {theme.slug: theme.name for theme in DEFAULT_THEMES}


# Domain vocabulary per theme: words and phrases a QA officer uses for it. Each theme's name, description
# and vocabulary form one "seed" document added to training (``suggestion.SEED_REPEATS`` times), so that
# the model knows a theme's usual words even where the labelled set has few examples of them. Written by
# the author of the labelled set, so figures for anything using it are optimistic
# (docs/adr/0009-theme-suggestion-tfidf.md).
THEME_VOCABULARY: dict[str, tuple[str, ...]] = {
    "medicines": (
        "medicine",
        "medication",
        "MAR chart",
        "eMAR",
        "tablets",
        "dose",
        "PRN protocol",
        "controlled drugs",
        "insulin",
        "topical creams",
        "pharmacist",
        "prescription",
        "blister pack",
        "medication error",
        "covert medicines",
    ),
    "staffing-levels": (
        "staffing levels",
        "rota",
        "shift",
        "not enough staff",
        "missed calls",
        "late calls",
        "call times",
        "agency staff",
        "vacancies",
        "dependency tool",
        "call bell response",
        "waiting for help",
        "commissioned hours",
    ),
    "training-and-supervision": (
        "training",
        "trained",
        "supervision",
        "appraisal",
        "induction",
        "Care Certificate",
        "competency checks",
        "spot checks",
        "e-learning",
        "refresher",
        "team meetings",
        "shadowing",
    ),
    "care-planning": (
        "care plan",
        "support plan",
        "assessment of needs",
        "care plan review",
        "pre-admission assessment",
        "person-centred",
        "goals and outcomes",
        "life history",
        "plan not updated",
        "involved in planning",
    ),
    "risk-assessment": (
        "risk assessment",
        "falls risk",
        "choking risk",
        "bed rails",
        "Waterlow",
        "pressure ulcer risk",
        "PEEP",
        "positive risk taking",
        "lone working",
        "risk not reviewed",
        "post-falls",
    ),
    "safeguarding": (
        "safeguarding concern",
        "abuse",
        "neglect",
        "unexplained bruising",
        "allegation",
        "financial abuse",
        "restraint",
        "exploitation",
        "safeguarding referral",
        "safeguarding enquiry",
        "whistleblower",
    ),
    "infection-control": (
        "infection prevention and control",
        "PPE",
        "gloves and aprons",
        "hand hygiene",
        "cleaning schedule",
        "dirty",
        "odour",
        "laundry",
        "outbreak",
        "sluice",
        "clinical waste",
        "mattress audit",
    ),
    "nutrition-and-hydration": (
        "nutrition",
        "hydration",
        "fluid intake",
        "weight loss",
        "MUST score",
        "modified diet",
        "IDDSI",
        "thickened fluids",
        "SALT",
        "dietitian",
        "mealtime",
        "menu choice",
        "food and drink",
        "snacks",
    ),
    "dignity-and-privacy": (
        "dignity",
        "privacy",
        "respect",
        "knock before entering",
        "personal care door open",
        "confidential information",
        "spoken to disrespectfully",
        "appearance",
        "own clothes",
    ),
    "consent-and-mental-capacity": (
        "consent",
        "mental capacity assessment",
        "Mental Capacity Act",
        "best interests decision",
        "DoLS",
        "Deprivation of Liberty Safeguards",
        "lasting power of attorney",
        "Court of Protection",
        "IMCA",
        "restrictions",
    ),
    "activities": (
        "activities",
        "activity coordinator",
        "meaningful occupation",
        "stimulation",
        "going out",
        "trips",
        "hobbies",
        "community links",
        "bored",
        "nothing to do",
        "day centre",
    ),
    "premises-and-equipment": (
        "premises",
        "equipment",
        "hoist",
        "LOLER",
        "fire safety",
        "fire doors",
        "maintenance",
        "repairs",
        "window restrictors",
        "water temperature",
        "legionella",
        "call bell system",
        "lift",
        "decoration",
    ),
    "records": (
        "records",
        "daily notes",
        "charts incomplete",
        "documentation",
        "record keeping",
        "stored securely",
        "contemporaneous",
        "signed and dated",
        "electronic records",
        "handover records",
    ),
    "complaints-handling": (
        "complaint",
        "complaints procedure",
        "complaints log",
        "response to complaint",
        "Ombudsman",
        "concerns not answered",
        "lessons from complaints",
    ),
    "leadership-and-governance": (
        "registered manager",
        "governance",
        "quality audits",
        "oversight",
        "leadership",
        "improvement plan",
        "policies out of date",
        "provider visits",
        "culture",
        "business continuity",
        "duty of candour",
    ),
    "notifications": (
        "statutory notification",
        "notify the CQC",
        "not notified",
        "Regulation 18",
        "report to the council",
        "incident reporting to commissioners",
        "notifications log",
    ),
    "recruitment-checks": (
        "recruitment",
        "DBS check",
        "references",
        "employment history gaps",
        "right to work",
        "interview records",
        "staff files",
        "Schedule 3",
        "NMC PIN",
        "sponsorship",
    ),
    "communication-with-families": (
        "family",
        "relatives",
        "next of kin",
        "kept informed",
        "not told",
        "relatives meetings",
        "phone calls not returned",
        "involving families",
        "visiting",
    ),
    "end-of-life-care": (
        "end of life care",
        "palliative care",
        "DNACPR",
        "ReSPECT form",
        "advance care plan",
        "anticipatory medicines",
        "last days of life",
        "dying",
        "hospice",
        "preferred place of death",
    ),
}


def seed_documents() -> list[tuple[str, str]]:
    """(text, theme) pairs: one document per default theme from its name, description and vocabulary."""
    return [
        (f"{theme.name}. {theme.description}. " + ". ".join(THEME_VOCABULARY[theme.slug]), theme.slug)
        for theme in DEFAULT_THEMES
    ]
