"""The charts of the feedback export, drawn with matplotlib as PNG images for Word. Matplotlib's
object API (Figure, not pyplot) keeps no global state, so a worker can draw charts in
parallel threads and no display is needed."""

import io
import textwrap

from matplotlib.figure import Figure

# Colour-blind safe (Okabe and Ito), with enough contrast on white when printed in grey.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999"]
LABEL_WIDTH = 38  # characters before a category label wraps


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    return buffer.getvalue()


def _wrapped(label: str) -> str:
    return "\n".join(textwrap.wrap(label, LABEL_WIDTH)) or label


def bar_chart_png(title: str, rows: list[tuple[str, int]], *, value_label: str) -> bytes:
    """Horizontal bars, one per (label, count), in the given order from the top."""
    height = 1.2 + 0.32 * max(len(rows), 1)
    figure = Figure(figsize=(6.5, height))
    axes = figure.subplots()
    labels = [_wrapped(label) for label, _count in rows]
    counts = [count for _label, count in rows]
    bars = axes.barh(range(len(rows)), counts, color=PALETTE[0])
    axes.bar_label(bars, padding=3, fontsize=8)
    axes.set_yticks(range(len(rows)), labels, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel(value_label, fontsize=8)
    axes.set_title(title, fontsize=10, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(x=0.08)
    return _png(figure)


def stacked_bar_chart_png(
    title: str,
    categories: list[str],
    series: list[tuple[str, list[int]]],
    *,
    value_label: str,
) -> bytes:
    """Horizontal stacked bars: one bar per category, one coloured part per series, with a
    legend under the chart."""
    height = 1.6 + 0.32 * max(len(categories), 1)
    figure = Figure(figsize=(6.5, height))
    axes = figure.subplots()
    positions = range(len(categories))
    left = [0] * len(categories)
    for colour, (name, counts) in zip(PALETTE, series, strict=False):
        axes.barh(positions, counts, left=left, color=colour, label=str(name))
        left = [a + b for a, b in zip(left, counts, strict=True)]
    axes.set_yticks(positions, [_wrapped(c) for c in categories], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel(value_label, fontsize=8)
    axes.set_title(title, fontsize=10, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.5 / height - 0.1),
        ncols=min(len(series), 4),
        fontsize=8,
        frameon=False,
    )
    return _png(figure)
