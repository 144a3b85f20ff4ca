"""Themes: the overarching areas findings are grouped by (``defaults``) and the offline text model that
suggests one for a finding (``suggestion``). A council's own list is in the database (``models.Theme``,
read by ``queries.themes_for``)."""

from carewatch.monitoring.themes.defaults import (
    DEFAULT_THEME_NAMES,
    DEFAULT_THEME_SLUGS,
    DEFAULT_THEMES,
    THEME_VOCABULARY,
    DefaultTheme,
    seed_documents,
)
from carewatch.monitoring.themes.suggestion import (
    HELD_OUT_SHARE,
    LABELLED_FINDINGS,
    RANDOM_STATE,
    SEED_REPEATS,
    LabelledFinding,
    build_pipeline,
    fit,
    labelled_findings,
    model,
    rank,
    split,
    suggest_theme,
)

__all__ = [
    "DEFAULT_THEMES",
    "DEFAULT_THEME_NAMES",
    "DEFAULT_THEME_SLUGS",
    "HELD_OUT_SHARE",
    "LABELLED_FINDINGS",
    "RANDOM_STATE",
    "SEED_REPEATS",
    "THEME_VOCABULARY",
    "DefaultTheme",
    "LabelledFinding",
    "build_pipeline",
    "fit",
    "labelled_findings",
    "model",
    "rank",
    "seed_documents",
    "split",
    "suggest_theme",
]
