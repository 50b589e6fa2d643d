"""Bar charts as inline SVG, drawn at build time: no chart library, nothing fetched.

Each chart has a title and a description (``<title>``/``<desc>``, referenced by
``aria-labelledby``), an axis label, each bar's value as text, and a ``data-value`` on each bar
(what the tests compare with ``topics.json``). Colours come from CSS classes, so the site's
stylesheet follows Material's light and dark palettes; text is ``currentColor``.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import escape

LABEL_WIDTH = 260
BAR_WIDTH = 380
VALUE_WIDTH = 50
ROW = 24
TOP = 10
AXIS = 36


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[int, ...]  # one per series (stacked), or a single value

    @property
    def total(self) -> int:
        return sum(self.values)


def bar_chart(chart_id: str, title: str, description: str, axis_label: str, bars: list[Bar],
              series: list[str] | None = None) -> str:
    """Horizontal bars, stacked when ``series`` names more than one part per bar."""
    series = series or [axis_label]
    largest = max((bar.total for bar in bars), default=0) or 1
    height = TOP + ROW * len(bars) + AXIS
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg class="wrapup-chart" id="{chart_id}" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for row, bar in enumerate(bars):
        y = TOP + row * ROW
        label = bar.label if len(bar.label) <= 38 else bar.label[:37] + "…"
        parts.append(f'<text class="wrapup-chart__label" x="{LABEL_WIDTH - 8}" y="{y + ROW / 2 + 4}" '
                     f'text-anchor="end">{escape(label)}<title>{escape(bar.label)}</title></text>')
        x = float(LABEL_WIDTH)
        for index, value in enumerate(bar.values):
            length = BAR_WIDTH * value / largest
            if value:
                parts.append(f'<rect class="wrapup-chart__bar wrapup-chart__bar--{index}" x="{x:.1f}" y="{y + 4}" '
                             f'width="{length:.1f}" height="{ROW - 8}" data-label="{escape(bar.label)}" '
                             f'data-series="{escape(series[index])}" data-value="{value}">'
                             f'<title>{escape(bar.label)}: {value} {escape(series[index])}</title></rect>')
            x += length
        parts.append(f'<text class="wrapup-chart__value" x="{x + 6:.1f}" y="{y + ROW / 2 + 4}">{bar.total}</text>')
    axis_y = TOP + ROW * len(bars) + 4
    parts.append(f'<line class="wrapup-chart__axis" x1="{LABEL_WIDTH}" y1="{axis_y}" x2="{LABEL_WIDTH + BAR_WIDTH}" '
                 f'y2="{axis_y}"/>')
    parts.append(f'<text class="wrapup-chart__axis-label" x="{LABEL_WIDTH + BAR_WIDTH / 2}" y="{axis_y + 22}" '
                 f'text-anchor="middle">{escape(axis_label)}</text>')
    parts.append("</svg>")
    legend = ""
    if len(series) > 1:
        legend = '<ul class="wrapup-chart__legend">' + "".join(
            f'<li><span class="wrapup-chart__swatch wrapup-chart__bar--{index}" aria-hidden="true"></span>'
            f'{escape(name)}</li>' for index, name in enumerate(series)) + "</ul>"
    return "\n".join(parts) + legend + _data_table(title, bars, series)


def _data_table(title: str, bars: list[Bar], series: list[str]) -> str:
    """The chart's numbers as a table, folded: the text alternative for every reader."""
    head = "".join(f"<th>{escape(name)}</th>" for name in series) + ("<th>total</th>" if len(series) > 1 else "")
    rows = "".join(
        f"<tr><th scope=\"row\">{escape(bar.label)}</th>" + "".join(f"<td>{value}</td>" for value in bar.values)
        + (f"<td>{bar.total}</td>" if len(series) > 1 else "") + "</tr>"
        for bar in bars)
    return (f'<details class="wrapup-chart__data"><summary>{escape(title)}: the numbers</summary>'
            f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{rows}</tbody></table></details>")
