"""Theme suggestion: top-1 and top-3 accuracy of the offline text model on held-out findings.

The labelled set (carewatch/monitoring/data/labelled_findings.csv) is split once, stratified by theme:
75% trains the model, 25% is held out and never seen in training. Baselines measured in the same run
on the same held-out texts:

- majority class: always suggest the most common training themes;
- theme names: keyword matching on the words of each theme's name and one-line description (what anyone
  could write from the issue's theme list before seeing a finding);
- vocabulary: keyword matching on ``themes.THEME_VOCABULARY``, the hand-written phrase list per theme that
  also seeds the model. It was written by the author of the labelled set, after writing it: treat this
  baseline (and the seeded model) as optimistic;
- the model without seed documents (trained on the labelled 75% only): the cleanest figure.

Because one held-out quarter is small (~90 texts), the script also reports the mean and spread of
top-1 / top-3 over repeated stratified 4-fold cross-validation (5 repeats) of the whole pipeline.
Prints the figures and writes bench/results/themes.json.

    .venv/bin/python bench/bench_themes.py
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

sys.path.insert(0, str(common.ROOT))

from carewatch.monitoring import themes  # noqa: E402

STOP = {"and", "the", "with", "from", "that", "every", "their", "they", "what", "there", "care"}


def _stem(word: str) -> str:
    return word[:6]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


# A-priori baseline: only the theme list as the issue gives it (names and one-line descriptions).
NAME_STEMS: dict[str, set[str]] = {
    theme.slug: {
        _stem(w) for w in _words(f"{theme.name} {theme.description}") if len(w) >= 4 and w not in STOP
    }
    for theme in themes.DEFAULT_THEMES
}


def names_rank(text: str) -> list[str]:
    stems = Counter(_stem(w) for w in _words(text) if len(w) >= 4)
    scores = {slug: sum(stems[s] for s in wanted) for slug, wanted in NAME_STEMS.items()}
    return [
        slug
        for slug, _ in sorted(
            scores.items(), key=lambda item: (-item[1], themes.DEFAULT_THEME_SLUGS.index(item[0]))
        )
    ]


def vocabulary_rank(text: str) -> list[str]:
    """Keyword matching with the model's own seed vocabulary (themes.THEME_VOCABULARY), phrase by phrase."""
    lowered = " ".join(_words(text))
    scores = {
        slug: sum(lowered.count(" ".join(_words(phrase))) for phrase in phrases)
        for slug, phrases in themes.THEME_VOCABULARY.items()
    }
    return [
        slug
        for slug, _ in sorted(
            scores.items(), key=lambda item: (-item[1], themes.DEFAULT_THEME_SLUGS.index(item[0]))
        )
    ]


def accuracy(ranked: list[list[str]], truth: list[str], k: int) -> float:
    return sum(answer in ranks[:k] for ranks, answer in zip(ranked, truth, strict=True)) / len(truth)


def cross_validated(rows, *, folds: int = 4, repeats: int = 5, seeds: bool = True) -> dict:
    from sklearn.model_selection import RepeatedStratifiedKFold

    labels = [row.theme for row in rows]
    splitter = RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=themes.RANDOM_STATE)
    top1, top3 = [], []
    for train_index, test_index in splitter.split(rows, labels):
        pipeline = themes.fit([rows[i] for i in train_index], seeds=seeds)
        ranked = [[theme for theme, _ in themes.rank(pipeline, rows[i].text)] for i in test_index]
        truth = [labels[i] for i in test_index]
        top1.append(accuracy(ranked, truth, 1))
        top3.append(accuracy(ranked, truth, 3))
    return {
        "folds": folds,
        "repeats": repeats,
        "top1_mean": round(statistics.mean(top1), 4),
        "top1_sd": round(statistics.stdev(top1), 4),
        "top3_mean": round(statistics.mean(top3), 4),
        "top3_sd": round(statistics.stdev(top3), 4),
    }


def main() -> None:
    rows = themes.labelled_findings()
    train, test = themes.split(rows)
    truth = [row.theme for row in test]

    themes.fit(train[:40])  # import scikit-learn before timing
    seconds_fit, pipeline = common.timed(themes.fit, train)
    start = time.perf_counter()
    model_ranked = [[theme for theme, _ in themes.rank(pipeline, row.text)] for row in test]
    seconds_per_text = (time.perf_counter() - start) / len(test)
    unseeded = themes.fit(train, seeds=False)
    unseeded_ranked = [[theme for theme, _ in themes.rank(unseeded, row.text)] for row in test]

    majority = [
        theme
        for theme, _ in sorted(
            Counter(row.theme for row in train).items(), key=lambda item: (-item[1], item[0])
        )
    ]
    rankings = {
        "model (shipped: labelled + seed documents)": model_ranked,
        "model without seed documents": unseeded_ranked,
        "baseline: vocabulary keywords": [vocabulary_rank(row.text) for row in test],
        "baseline: theme-name keywords": [names_rank(row.text) for row in test],
        "baseline: majority class": [majority for _ in test],
    }
    figures = {
        name: {"top1": accuracy(r, truth, 1), "top3": accuracy(r, truth, 3)} for name, r in rankings.items()
    }
    misses = Counter(
        (answer, ranks[0]) for ranks, answer in zip(model_ranked, truth, strict=True) if ranks[0] != answer
    )
    per_theme = {
        theme: round(
            sum(
                1
                for ranks, answer in zip(model_ranked, truth, strict=True)
                if answer == theme and ranks[0] == theme
            )
            / max(1, truth.count(theme)),
            3,
        )
        for theme in themes.DEFAULT_THEME_SLUGS
    }
    cv = {
        "model": cross_validated(list(rows)),
        "model without seed documents": cross_validated(list(rows), seeds=False),
    }

    print(
        f"Theme suggestion: {len(rows)} labelled findings, {len(themes.DEFAULT_THEME_SLUGS)} themes;"
        f" trained on {len(train)}, held out {len(test)} (stratified {themes.HELD_OUT_SHARE:.0%}, random_state {themes.RANDOM_STATE})"
    )
    print(f"{'held-out 25%':46}{'top-1':>8}{'top-3':>8}")
    for name, values in figures.items():
        print(f"{name:46}{values['top1']:>8.1%}{values['top3']:>8.1%}")
    shipped, names = (
        figures["model (shipped: labelled + seed documents)"],
        figures["baseline: theme-name keywords"],
    )
    vocabulary = figures["baseline: vocabulary keywords"]
    print(
        f"ratio shipped model / theme-name baseline: top-1 {shipped['top1'] / max(names['top1'], 1e-9):.2f}×,"
        f" top-3 {shipped['top3'] / max(names['top3'], 1e-9):.2f}×;"
        f" / vocabulary baseline: top-1 {shipped['top1'] / max(vocabulary['top1'], 1e-9):.2f}×,"
        f" top-3 {shipped['top3'] / max(vocabulary['top3'], 1e-9):.2f}×"
    )
    for name, values in cv.items():
        print(
            f"{name}, repeated {values['folds']}-fold cross-validation ×{values['repeats']} on all {len(rows)}:"
            f" top-1 {values['top1_mean']:.1%} ± {values['top1_sd']:.1%}, top-3 {values['top3_mean']:.1%} ± {values['top3_sd']:.1%}"
        )
    print(
        f"fit {seconds_fit * 1000:.0f} ms on {len(train)} texts; suggestion {seconds_per_text * 1000:.2f} ms per text"
    )
    if misses:
        print("most common confusions (true → suggested):")
        for (answer, guess), count in misses.most_common(6):
            print(f"  {answer} → {guess}: {count}")

    common.write_results(
        "themes",
        {
            "labelled": len(rows),
            "themes": len(themes.DEFAULT_THEME_SLUGS),
            "train": len(train),
            "held_out": len(test),
            "random_state": themes.RANDOM_STATE,
            "held_out_accuracy": {
                name: {k: round(v, 4) for k, v in values.items()} for name, values in figures.items()
            },
            "cross_validation": cv,
            "per_theme_top1_recall": per_theme,
            "confusions": [{"true": a, "suggested": g, "count": c} for (a, g), c in misses.most_common()],
            "fit_ms": round(seconds_fit * 1000, 1),
            "suggest_ms_per_text": round(seconds_per_text * 1000, 3),
        },
    )


if __name__ == "__main__":
    main()
