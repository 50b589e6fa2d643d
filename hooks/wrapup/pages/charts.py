"""Bar charts drawn at build time: no chart library, nothing fetched.

Each chart is HTML: a visible heading and description (referenced by ``aria-labelledby``), a
list of rows, each with its label as text (so it wraps on a phone at ``/`` and ``-`` and stays
legible at any width), its bar as a small inline SVG (``<rect>`` with ``data-value``, what the
tests compare with ``topics.json``) and its value; the axis label; and the numbers as a table.
Colours come from CSS classes, so the stylesheet follows Material's light and dark palettes.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[int, ...]  # one per series (stacked), or a single value

    @property
    def total(self) -> int:
        return sum(self.values)


def _breakable(label: str) -> Markup:
    """A label that may wrap after '/' and '-' (repository names), never inside a word."""
    escaped = str(escape(label))
    return Markup(escaped.replace("/", "/<wbr>").replace("-", "-<wbr>"))


def bar_chart(
    chart_id: str, title: str, description: str, axis_label: str, bars: list[Bar], series: list[str] | None = None
) -> str:
    """Horizontal bars, stacked when ``series`` names more than one part per bar."""
    series = series or [axis_label]
    largest = max((bar.total for bar in bars), default=0) or 1
    parts = [
        f'<div class="wrapup-chart" id="{chart_id}" role="group" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<h2 class="wrapup-chart__title" id="{chart_id}-title">{escape(title)}</h2>',
        f'<p class="wrapup-chart__desc" id="{chart_id}-desc">{escape(description)}</p>',
        '<ol class="wrapup-chart__rows">',
    ]
    for bar in bars:
        rects, x = [], 0.0
        for index, value in enumerate(bar.values):
            length = 100 * value / largest
            if value:
                rects.append(
                    f'<rect class="wrapup-chart__bar wrapup-chart__bar--{index}" x="{x:.2f}" y="0" '
                    f'width="{length:.2f}" height="10" data-label="{escape(bar.label)}" '
                    f'data-series="{escape(series[index])}" data-value="{value}">'
                    f"<title>{escape(bar.label)}: {value} {escape(series[index])}</title></rect>"
                )
            x += length
        parts.append(
            f'<li class="wrapup-chart__row"><span class="wrapup-chart__label">{_breakable(bar.label)}</span>'
            '<svg class="wrapup-chart__track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" '
            f'focusable="false" xmlns="http://www.w3.org/2000/svg">{"".join(rects)}</svg>'
            f'<span class="wrapup-chart__value">{bar.total}</span></li>'
        )
    parts.append("</ol>")
    parts.append(f'<p class="wrapup-chart__axis-label">{escape(axis_label)}</p>')
    parts.append("</div>")
    legend = ""
    if len(series) > 1:
        legend = (
            '<ul class="wrapup-chart__legend">'
            + "".join(
                f'<li><span class="wrapup-chart__swatch wrapup-chart__bar--{index}" aria-hidden="true"></span>'
                f"{escape(name)}</li>"
                for index, name in enumerate(series)
            )
            + "</ul>"
        )
    return "\n".join(parts) + legend + _data_table(title, bars, series)


def _data_table(title: str, bars: list[Bar], series: list[str]) -> str:
    """The chart's numbers as a table, folded: the text alternative for every reader."""
    head = "".join(f"<th>{escape(name)}</th>" for name in series) + ("<th>total</th>" if len(series) > 1 else "")
    rows = "".join(
        f'<tr><th scope="row">{escape(bar.label)}</th>'
        + "".join(f"<td>{value}</td>" for value in bar.values)
        + (f"<td>{bar.total}</td>" if len(series) > 1 else "")
        + "</tr>"
        for bar in bars
    )
    return (
        f'<details class="wrapup-chart__data"><summary>{escape(title)}: the numbers</summary>'
        f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{rows}</tbody></table></details>"
    )
