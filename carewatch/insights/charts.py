"""Server-rendered charts: matplotlib (Agg) drawing SVG, embedded as ``<img>`` with a text alternative.

Every chart has its data table beside it (``carewatch.core.tables``) and an ``alt`` text that
says what the chart shows and its main figures, so nothing is only in the picture (docs/adr/0010).
The same data gives the same SVG byte for byte (fixed ``svg.hashsalt``, no dates in metadata), so a
rendered chart is kept under a key made from its data: in the ``charts`` cache, which every process
on the machine shares (files under ``CAREWATCH_CACHE_DIR``; ``warm`` fills it after an import), with
a small in-process copy in front of it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import matplotlib
from django.core.cache import caches

matplotlib.use("Agg")
from matplotlib.dates import DateFormatter, YearLocator  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: smaller, searchable, scales with the page
        "svg.hashsalt": "carewatch",
        "font.family": "sans-serif",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 10,
    }
)

BLUE, DARK, GREEN, RED, ORANGE, GREY, PURPLE = (
    "#1d70b8",
    "#0b0c0c",
    "#00703c",
    "#d4351c",
    "#f47738",
    "#b1b4b6",
    "#4c2c92",
)
RATING_COLOURS = (GREEN, BLUE, ORANGE, RED, GREY)
_CACHE: OrderedDict[str, str] = OrderedDict()
_CACHE_SIZE = 512
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    alt: str
    svg: str

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")


def clear_cache(*, shared: bool = True) -> None:
    """Forget the rendered charts held in this process and, unless ``shared`` is false, the shared cache."""
    with _LOCK:
        _CACHE.clear()
    if shared:
        caches["charts"].clear()


def _render(kind: str, spec: dict, draw) -> str:
    key = hashlib.sha256(json.dumps([kind, spec], sort_keys=True, default=str).encode()).hexdigest()
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    svg = caches["charts"].get(key)
    if svg is None:
        svg = _draw(spec, draw)
        caches["charts"].set(key, svg, None)
    with _LOCK:
        _CACHE[key] = svg
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return svg


def _draw(spec: dict, draw) -> str:
    figure = Figure(figsize=spec.get("size", (7.2, 3.0)), dpi=96)
    draw(figure)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "carewatch"})
    return buffer.getvalue()


def _empty(ax, message: str = "No data") -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color=DARK)
    ax.set_xticks([])
    ax.set_yticks([])


def line_chart(
    name: str,
    title: str,
    alt: str,
    *,
    days: Sequence[date],
    series: Sequence[tuple[str, Sequence[float | None], str]],
    y_label: str,
    percent: bool = True,
) -> Chart:
    """Lines over dates: ``series`` = (label, values, colour)."""
    spec = {
        "days": [d.isoformat() for d in days],
        "series": series,
        "y": y_label,
        "percent": percent,
        "title": title,
    }

    def draw(figure):
        ax = figure.subplots()
        if not days or all(v is None for _, values, _ in series for v in values):
            _empty(ax)
            return
        for label, values, colour in series:
            points = [(d, v) for d, v in zip(days, values, strict=False) if v is not None]
            if points:
                ax.plot(
                    [p[0] for p in points], [p[1] for p in points], label=label, color=colour, linewidth=1.8
                )
        ax.set_ylabel(y_label)
        if percent:
            low = min(v for _, values, _ in series for v in values if v is not None)
            ax.set_ylim(max(0, min(low - 5, 60)), 100)
        else:
            ax.set_ylim(bottom=0)
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="y", color="#e0e0e0", linewidth=0.6)
        if len(series) > 1:
            ax.legend(frameon=False, loc="lower left")
        ax.xaxis.set_major_locator(YearLocator())
        ax.xaxis.set_major_formatter(DateFormatter("%Y"))
        figure.subplots_adjust(left=0.09, right=0.98, top=0.95, bottom=0.12)

    return Chart(name, title, alt, _render("line", spec, draw))


def bar_chart(
    name: str,
    title: str,
    alt: str,
    *,
    labels: Sequence[str],
    values: Sequence[float],
    colours: Sequence[str] | None = None,
    x_label: str = "",
    horizontal: bool = True,
) -> Chart:
    spec = {
        "labels": list(labels),
        "values": list(values),
        "colours": list(colours or []),
        "x": x_label,
        "h": horizontal,
    }
    height = max(1.8, 0.32 * len(labels) + 0.9) if horizontal else 3.0

    def draw(figure):
        figure.set_size_inches(7.2, height)
        ax = figure.subplots()
        if not labels or not any(values):
            _empty(ax, "None")
            return
        colour = list(colours) if colours else [BLUE] * len(labels)
        if horizontal:
            positions = list(range(len(labels)))[::-1]
            ax.barh(positions, values, color=colour)
            ax.set_yticks(positions, labels)
            for y, value in zip(positions, values, strict=False):
                ax.text(value, y, f" {value:,}", va="center", fontsize=8)
            ax.set_xlabel(x_label)
            ax.set_xlim(0, max(values) * 1.15 or 1)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 0.2 of a service
            longest = max(len(label) for label in labels)
            figure.subplots_adjust(
                left=min(0.6, 0.03 + 0.0105 * longest),
                right=0.97,
                top=0.97,
                bottom=min(0.5, 0.55 / height + 0.05),
            )
        else:
            ax.bar(range(len(labels)), values, color=colour)
            ax.set_xticks(range(len(labels)), labels)
            ax.set_ylabel(x_label)

    return Chart(name, title, alt, _render("bar", spec, draw))


def funnel_chart(
    name: str,
    title: str,
    alt: str,
    *,
    points: Sequence[tuple[int, float, bool]],  # (number rated, % good or outstanding, highlighted?)
    mean_pct: float,
    curve: Sequence,  # funnel.Limits
) -> Chart:
    spec = {
        "points": list(points),
        "mean": mean_pct,
        "curve": [(c.n, c.lower_998, c.lower_95, c.upper_95, c.upper_998) for c in curve],
    }

    def draw(figure):
        figure.set_size_inches(7.2, 4.2)
        ax = figure.subplots()
        if not points:
            _empty(ax)
            return
        ns = [c.n for c in curve]
        ax.plot(
            ns,
            [100 * c.upper_998 for c in curve],
            color=RED,
            linestyle="--",
            linewidth=1,
            label="99.8% limits",
        )
        ax.plot(ns, [100 * c.lower_998 for c in curve], color=RED, linestyle="--", linewidth=1)
        ax.plot(
            ns,
            [100 * c.upper_95 for c in curve],
            color=ORANGE,
            linestyle=":",
            linewidth=1.2,
            label="95% limits",
        )
        ax.plot(ns, [100 * c.lower_95 for c in curve], color=ORANGE, linestyle=":", linewidth=1.2)
        ax.axhline(mean_pct, color=DARK, linewidth=1, label=f"England {mean_pct:.1f}%")
        others = [(n, p) for n, p, mark in points if not mark]
        marked = [(n, p) for n, p, mark in points if mark]
        ax.scatter(
            [n for n, _ in others],
            [p for _, p in others],
            s=14,
            color=GREY,
            edgecolor="#505a5f",
            linewidth=0.4,
            label="Councils",
        )
        if marked:
            ax.scatter(
                [n for n, _ in marked],
                [p for _, p in marked],
                s=30,
                color=BLUE,
                edgecolor=DARK,
                linewidth=0.6,
                label="This area",
                zorder=3,
            )
        low = min(
            min(p for _, p, _ in points),
            100 * min(c.lower_998 for c in curve if c.n >= 5) if any(c.n >= 5 for c in curve) else 50,
        )
        ax.set_ylim(max(0, low - 5), 100.5)
        ax.set_xlim(0, max(n for n, _, _ in points) * 1.05 + 1)
        ax.set_xlabel("Services with a rating")
        ax.set_ylabel("% Good or Outstanding (of rated)")
        ax.grid(color="#eeeeee", linewidth=0.5)
        ax.legend(frameon=False, loc="lower right", fontsize=8)
        figure.subplots_adjust(left=0.09, right=0.98, top=0.97, bottom=0.12)

    return Chart(name, title, alt, _render("funnel", spec, draw))
