"""Themes: the overarching areas findings are grouped by, and the offline text model that suggests one.

The model is TF-IDF (word 1–2-grams and character 2–5-grams within words) feeding a multinomial
logistic regression, trained on ``data/labelled_findings.csv`` (text, theme) — realistic findings as a
council QA officer writes them, about 19 per default theme — plus one seed document per theme (its name,
description and :data:`THEME_VOCABULARY`). It suggests; the officer confirms or changes
(``services.confirm_finding_theme``). Why this model and how well it does: docs/adr/0009-theme-suggestion-tfidf.md
and ``bench/bench_themes.py`` (top-1 and top-3 accuracy on a held-out stratified 25%).

Training takes well under a second, so the fitted pipeline is built at first use and cached for the
life of the process (no pickle on disk to load, trust or keep in step with scikit-learn versions).
Everything is deterministic: a fixed ``random_state`` and a solver without randomness.
"""

from __future__ import annotations

import csv
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
LABELLED_FINDINGS = DATA_DIR / "labelled_findings.csv"
RANDOM_STATE = 20240601
HELD_OUT_SHARE = 0.25


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
# and vocabulary form one "seed" document added to training (SEED_REPEATS times), so that the model knows
# a theme's usual words even where the labelled set has few examples of them. Written by the author of
# the labelled set, so figures for anything using it are optimistic (docs/adr/0009-theme-suggestion-tfidf.md).
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
SEED_REPEATS = 3


def seed_documents() -> list[tuple[str, str]]:
    """(text, theme) pairs: one document per default theme from its name, description and vocabulary."""
    return [
        (f"{theme.name}. {theme.description}. " + ". ".join(THEME_VOCABULARY[theme.slug]), theme.slug)
        for theme in DEFAULT_THEMES
    ]


@dataclass(frozen=True)
class LabelledFinding:
    text: str
    theme: str


@cache
def labelled_findings() -> tuple[LabelledFinding, ...]:
    """The labelled set, checked: every theme is a default theme slug and no text is empty."""
    with LABELLED_FINDINGS.open(newline="", encoding="utf-8") as handle:
        rows = tuple(
            LabelledFinding(row["text"].strip(), row["theme"].strip()) for row in csv.DictReader(handle)
        )
    unknown = {row.theme for row in rows} - set(DEFAULT_THEME_SLUGS)
    if unknown or any(not row.text for row in rows):
        raise ValueError(f"{LABELLED_FINDINGS.name}: unknown themes {sorted(unknown)} or an empty text")
    return rows


def split(
    rows: tuple[LabelledFinding, ...] | None = None,
) -> tuple[list[LabelledFinding], list[LabelledFinding]]:
    """(training, held out): a stratified split keeping ``HELD_OUT_SHARE`` of each theme out of training."""
    from sklearn.model_selection import train_test_split

    rows = labelled_findings() if rows is None else rows
    train, test = train_test_split(
        list(rows), test_size=HELD_OUT_SHARE, stratify=[row.theme for row in rows], random_state=RANDOM_STATE
    )
    return train, test


def build_pipeline() -> Any:
    """An unfitted scikit-learn pipeline: TF-IDF words and characters → logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode")),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        ]
    )
    classifier = LogisticRegression(C=10.0, max_iter=3000, random_state=RANDOM_STATE)
    return Pipeline([("features", features), ("classifier", classifier)])


def fit(rows: list[LabelledFinding] | tuple[LabelledFinding, ...], *, seeds: bool = True) -> Any:
    """Fit a new pipeline on ``rows`` (plus the seed documents unless ``seeds=False``)."""
    from threadpoolctl import threadpool_limits

    texts = [row.text for row in rows]
    labels = [row.theme for row in rows]
    if seeds:
        for text, theme in seed_documents():
            texts.extend([text] * SEED_REPEATS)
            labels.extend([theme] * SEED_REPEATS)
    pipeline = build_pipeline()
    with threadpool_limits(limits=1):  # tiny problem: threads only add contention in a web process
        pipeline.fit(texts, labels)
    return pipeline


_lock = threading.Lock()
_fitted: Any = None


def model() -> Any:
    """The pipeline fitted on the whole labelled set, built once per process."""
    global _fitted
    if _fitted is None:
        with _lock:
            if _fitted is None:
                _fitted = fit(labelled_findings())
    return _fitted


def rank(pipeline: Any, text: str) -> list[tuple[str, float]]:
    """Every theme the pipeline knows with its probability, most likely first (ties by slug)."""
    probabilities = pipeline.predict_proba([text])[0]
    pairs = [
        (str(theme), float(probability))
        for theme, probability in zip(pipeline.classes_, probabilities, strict=True)
    ]
    return sorted(pairs, key=lambda pair: (-pair[1], pair[0]))


def suggest_theme(text: str, *, limit: int | None = 3) -> list[tuple[str, float]]:
    """Likely default themes for a finding's text: ``[(slug, probability), …]``, most likely first.

    Probabilities are over all 19 default themes (they sum to 1 before ``limit`` cuts the list).
    An empty text gives an empty list. For a council's own list use ``queries.suggest_themes_for``.
    """
    if not text or not text.strip():
        return []
    ranked = rank(model(), text.strip())
    return ranked if limit is None else ranked[:limit]
