"""Bar charts drawn at build time: no chart library, nothing fetched.

Each chart is HTML: a visible heading and description (referenced by ``aria-labelledby``), a
list of rows, each with its label as text (so it wraps on a phone at ``/`` and ``-`` and stays
legible at any width), its bar as a small inline SVG (``<rect>`` with ``data-value``, what the
tests compare with ``topics.json``) and its value; the axis label; and the numbers as a table.
Colours come from CSS classes, so the stylesheet follows Material's light and dark palettes.
"""

from __future__ import annotations

from dataclasses import dataclass

from wrapup.pages.templates import Fragments


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[int, ...]  # one per series (stacked), or a single value

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass(frozen=True)
class _Part:
    index: int
    series: str
    value: int
    x: float
    length: float


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    axis_label: str,
    bars: list[Bar],
    series: list[str] | None = None,
    fragments: Fragments | None = None,
) -> str:
    """Horizontal bars, stacked when ``series`` names more than one part per bar
    (``fragments/bar_chart.html``)."""
    series = series or [axis_label]
    largest = max((bar.total for bar in bars), default=0) or 1
    views = []
    for bar in bars:
        parts, x = [], 0.0
        for index, value in enumerate(bar.values):
            length = 100 * value / largest
            if value:
                parts.append(_Part(index, series[index], value, x, length))
            x += length
        views.append({"label": bar.label, "numbers": bar.values, "total": bar.total, "parts": parts})
    return (fragments or Fragments()).render(
        "bar_chart.html",
        chart_id=chart_id,
        title=title,
        description=description,
        axis_label=axis_label,
        bars=views,
        series=series,
    )
