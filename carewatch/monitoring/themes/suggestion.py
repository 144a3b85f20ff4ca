"""The offline text model that suggests a theme for a finding.

The model is TF-IDF (word 1–2-grams and character 2–5-grams within words) feeding a multinomial
logistic regression, trained on ``data/labelled_findings.csv`` (text, theme) — realistic findings as a
council QA officer writes them, about 19 per default theme — plus one seed document per theme (its name,
description and ``defaults.THEME_VOCABULARY``). It suggests; the officer confirms or changes
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

from carewatch.monitoring.themes.defaults import DEFAULT_THEME_SLUGS, seed_documents

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LABELLED_FINDINGS = DATA_DIR / "labelled_findings.csv"
RANDOM_STATE = 20240601
HELD_OUT_SHARE = 0.25
SEED_REPEATS = 3  # times each theme's seed document is added to training


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
