"""draw.io HTML labels to native SVG text, laid out the way a browser lays them out.

draw.io writes every label as XHTML in ``<switch><foreignObject>…</foreignObject><text>cut…
</text></switch>``. CairoSVG ignores ``foreignObject`` and draws the cut fallback. This module
reads the label's HTML and CSS (the flex box draw.io positions it with, the inline-block that
holds the text, blocks, ``<br>``, inline styles) and writes ``<text>`` elements with explicit
positions, measured with the same fonts cairo draws with.

The layout is a small CSS subset, enough for what draw.io writes: block margins (collapsing),
``line-height``, ``text-align``, ``white-space`` (normal, nowrap, pre), wrapping at spaces and
after hyphens, font size / family / weight / style, colour and background, list bullets,
``overflow: hidden`` with ``max-height``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field, replace
from functools import lru_cache

SVG = "http://www.w3.org/2000/svg"
XHTML = "http://www.w3.org/1999/xhtml"
XLINK = "http://www.w3.org/1999/xlink"
EXTENSIBILITY = "http://www.w3.org/TR/SVG11/feature#Extensibility"
WARNING_TEXTS = ("Text is not SVG - cannot display", "Viewer does not support full SVG 1.1")

# draw.io's Helvetica and the generic families resolve to Liberation in Chromium; name them so
# that cairo (whose generic sans-serif is DejaVu, 13 % wider) draws the same font.
FONT_FAMILIES = {
    "helvetica": "Liberation Sans",
    "arial": "Liberation Sans",
    "sans-serif": "Liberation Sans",
    "verdana": "DejaVu Sans",
    "times new roman": "Liberation Serif",
    "times": "Liberation Serif",
    "serif": "Liberation Serif",
    "courier new": "Liberation Mono",
    "courier": "Liberation Mono",
    "monospace": "Liberation Mono",
}
BLOCK_TAGS = {"div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "table", "tr"}
HEADING_SIZES = {"h1": 2.0, "h2": 1.5, "h3": 1.17, "h4": 1.0, "h5": 0.83, "h6": 0.67}
HEADING_MARGINS = {"h1": 0.67, "h2": 0.83, "h3": 1.0, "h4": 1.33, "h5": 1.67, "h6": 2.33}
_LIGHT_DARK = re.compile(r"light-dark\(\s*((?:[^(),]|\([^()]*\))+?)\s*,\s*(?:[^(),]|\([^()]*\))+?\s*\)")
_NUMBER = re.compile(r"^\s*(-?[\d.]+)\s*(px|%|em|pt)?\s*$")


def resolve_light_dark(value: str) -> str:
    """``light-dark(#000, #fff)`` -> ``#000``: the light theme, which the site's figures use."""
    return _LIGHT_DARK.sub(r"\1", value)


def parse_style(value: str | None) -> dict[str, str]:
    style: dict[str, str] = {}
    for declaration in (value or "").split(";"):
        name, _, content = declaration.partition(":")
        if name.strip() and content.strip():
            style[name.strip().lower()] = resolve_light_dark(content.strip())
    return style


def _length(value: str | None, font_size: float, default: float = 0.0) -> float:
    if not value:
        return default
    match = _NUMBER.match(value.replace("unsafe", ""))
    if not match:
        return default
    number, unit = float(match[1]), match[2] or "px"
    return {"px": number, "em": number * font_size, "pt": number * 4 / 3, "%": number / 100 * font_size}[unit]


# ---- measuring -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Font:
    family: str = "Liberation Sans"
    size: float = 12.0
    bold: bool = False
    italic: bool = False


class Measurer:
    """Text widths and font metrics from cairo itself, with hinting off: unrounded widths, as a
    browser lays text out. CairoSVG draws with hinted (rounded) advances, so each word gets an
    explicit x and the rounding cannot add up along a line. (Asking CairoSVG for unhinted text
    with ``text-rendering="geometricPrecision"`` garbles the glyphs: measured here.)"""

    def __init__(self) -> None:
        import cairocffi as cairo  # a dependency of cairosvg; imported only when a diagram is drawn

        self._cairo = cairo
        surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, 1, 1)
        self._context = cairo.Context(surface)
        options = cairo.FontOptions()
        options.set_hint_metrics(cairo.HINT_METRICS_OFF)
        options.set_hint_style(cairo.HINT_STYLE_NONE)
        self._context.set_font_options(options)

    def _select(self, font: Font) -> None:
        cairo = self._cairo
        self._context.select_font_face(
            font.family,
            cairo.FONT_SLANT_ITALIC if font.italic else cairo.FONT_SLANT_NORMAL,
            cairo.FONT_WEIGHT_BOLD if font.bold else cairo.FONT_WEIGHT_NORMAL,
        )
        self._context.set_font_size(font.size)

    def width(self, text: str, font: Font) -> float:
        return self._width(text, font)

    @lru_cache(maxsize=65536)  # noqa: B019 - one measurer per process, kept for its lifetime
    def _width(self, text: str, font: Font) -> float:
        self._select(font)
        # CairoSVG advances letter by letter: measure the same way.
        return sum(self._context.text_extents(char)[4] for char in text)

    @lru_cache(maxsize=1024)  # noqa: B019
    def metrics(self, font: Font) -> tuple[float, float]:
        """(ascent, descent) in px."""
        self._select(font)
        ascent, descent = self._context.font_extents()[:2]
        return ascent, descent


# ---- styles and content ------------------------------------------------------------------


@dataclass(frozen=True)
class TextStyle:
    font: Font = Font()
    color: str = "rgb(0, 0, 0)"
    background: str | None = None
    underline: bool = False
    line_height: str = "1.2"  # a number (times font size), a length, or 'normal'
    white_space: str = "normal"
    text_align: str = "left"

    def line_height_px(self) -> float:
        value = self.line_height.strip()
        if value == "normal":
            return self.font.size * 1.15
        try:
            return float(value) * self.font.size
        except ValueError:
            return _length(value, self.font.size, self.font.size * 1.2)


def missing_fonts() -> list[str]:
    """Families the labels are drawn in that fontconfig resolves to something else ([] when
    fontconfig is not there to ask)."""
    if shutil.which("fc-match") is None:
        return []
    missing = []
    for family in sorted(set(FONT_FAMILIES.values()) - {"DejaVu Sans"}):
        resolved = subprocess.run(["fc-match", "-f", "%{family}", family], capture_output=True, text=True).stdout
        if family.lower() not in resolved.lower():
            missing.append(family)
    return missing


def _family(value: str) -> str:
    first = value.split(",")[0].strip().strip("'\"")
    return FONT_FAMILIES.get(first.lower(), first or "Liberation Sans")


def _is_transparent(color: str | None) -> bool:
    return not color or color.strip().lower() in ("initial", "transparent", "none", "inherit", "rgba(0, 0, 0, 0)")


def apply_style(base: TextStyle, css: dict[str, str], tag: str) -> TextStyle:
    font = base.font
    if tag in HEADING_SIZES:
        font = replace(font, size=font.size * HEADING_SIZES[tag], bold=True)
    if tag in ("b", "strong", "th"):
        font = replace(font, bold=True)
    if tag in ("i", "em"):
        font = replace(font, italic=True)
    if "font-size" in css:
        font = replace(font, size=_length(css["font-size"], base.font.size, font.size))
    if "font-family" in css:
        font = replace(font, family=_family(css["font-family"]))
    weight = css.get("font-weight", "")
    if weight:
        font = replace(font, bold=weight == "bold" or (weight.isdigit() and int(weight) >= 600))
    if "font-style" in css:
        font = replace(font, italic=css["font-style"] in ("italic", "oblique"))
    style = replace(base, font=font, background=None)
    if "color" in css and not _is_transparent(css["color"]):
        style = replace(style, color=css["color"])
    if not _is_transparent(css.get("background-color")):
        style = replace(style, background=css["background-color"])
    if tag == "u" or "underline" in css.get("text-decoration", ""):
        style = replace(style, underline=True)
    if "line-height" in css:
        style = replace(style, line_height=css["line-height"])
    if "white-space" in css:
        style = replace(style, white_space=css["white-space"])
    if "text-align" in css:
        style = replace(style, text_align=css["text-align"])
    return style


@dataclass
class Run:
    text: str
    style: TextStyle
    width: float = 0.0


@dataclass
class Line:
    runs: list[Run] = field(default_factory=list)
    block_style: TextStyle = TextStyle()
    indent: float = 0.0
    margin_before: float = 0.0  # collapsed block margin above the line

    @property
    def width(self) -> float:
        return sum(run.width for run in self.runs)

    def height(self) -> float:
        heights = [self.block_style.line_height_px()] + [run.style.line_height_px() for run in self.runs]
        return max(heights)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


class _Flow:
    """Walks the label's XHTML and cuts it into lines of styled runs (before wrapping)."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.current: Line | None = None
        self.pending_margin = 0.0
        self.block_styles: list[tuple[TextStyle, float]] = []

    def _open_line(self, block_style: TextStyle, indent: float) -> Line:
        if self.current is None:
            self.current = Line(block_style=block_style, indent=indent, margin_before=self.pending_margin)
            self.pending_margin = 0.0
        return self.current

    def end_line(self, *, force: bool = False) -> None:
        """End the current line; with ``force`` (a <br>) an empty line still takes its height."""
        if self.current is not None and (self.current.runs or force):
            self.lines.append(self.current)
        elif force:
            style, indent = self.block_styles[-1]
            self.lines.append(Line(block_style=style, indent=indent, margin_before=self.pending_margin))
            self.pending_margin = 0.0
        self.current = None

    def text(self, text: str, style: TextStyle) -> None:
        if not text:
            return
        block_style, indent = self.block_styles[-1]
        if style.white_space.startswith("pre"):
            parts = text.split("\n")
            for index, part in enumerate(parts):
                if index:
                    self.end_line(force=True)
                if part:
                    self._open_line(block_style, indent).runs.append(Run(part, style))
            return
        collapsed = re.sub(r"[ \t\r\n\f]+", " ", text)
        line = self.current
        if line is None or not line.runs or line.runs[-1].text.endswith(" "):
            collapsed = collapsed.lstrip(" ")
        if collapsed:
            self._open_line(block_style, indent).runs.append(Run(collapsed, style))

    def block(self, element: etree.Element, style: TextStyle, tag: str, css: dict[str, str]) -> None:
        margin = HEADING_MARGINS.get(tag, 1.0 if tag in ("p", "ul", "ol", "blockquote") else 0.0) * style.font.size
        margin_top = _length(css.get("margin-top"), style.font.size, margin)
        margin_bottom = _length(css.get("margin-bottom"), style.font.size, margin)
        parent_indent = self.block_styles[-1][1]
        indent = parent_indent + _length(css.get("padding-left"), style.font.size, 40.0 if tag in ("ul", "ol") else 0.0)
        self.end_line()
        self.pending_margin = max(self.pending_margin, margin_top)
        self.block_styles.append((style, indent))
        if tag == "li":
            self._open_line(style, indent).runs.append(Run("• ", style))
        walk(element, style, self, inside=True)
        self.end_line()
        self.block_styles.pop()
        self.pending_margin = max(self.pending_margin, margin_bottom)


def walk(element: etree.Element, style: TextStyle, flow: _Flow, inside: bool = False) -> None:
    """Feed an element's content (its text, children and their tails) to the flow."""
    flow.text(element.text or "", style)
    for child in element:
        tag = _local(child.tag)
        css = parse_style(child.get("style"))
        if tag == "font":
            css.setdefault("color", child.get("color", style.color))
            if child.get("face"):
                css.setdefault("font-family", child.get("face"))
        child_style = apply_style(style, css, tag)
        if tag == "br":
            flow.end_line(force=True)
        elif tag in BLOCK_TAGS or css.get("display") == "block":
            flow.block(child, child_style, tag, css)
        elif tag not in ("script", "style"):
            walk(child, child_style, flow)
        flow.text(child.tail or "", style)


# ---- wrapping and placing --------------------------------------------------------------------


_BREAKS = re.compile(r"(?<=[ ])|(?<=[\w)\]]-)(?=\w)")


def _pieces(run: Run) -> list[Run]:
    """A run cut at its break opportunities: after spaces, and after a hyphen between letters."""
    return [Run(part, run.style) for part in _BREAKS.split(run.text) if part]


def wrap(lines: list[Line], width: float, measure: Measurer) -> list[Line]:
    wrapped: list[Line] = []
    for line in lines:
        for run in line.runs:
            run.width = measure.width(run.text, run.style.font)
        if line.block_style.white_space in ("nowrap", "pre") or line.width + line.indent <= width + 0.01:
            wrapped.append(line)
            continue
        current = Line(block_style=line.block_style, indent=line.indent, margin_before=line.margin_before)
        for run in line.runs:
            for piece in _pieces(run):
                piece.width = measure.width(piece.text, piece.style.font)
                trailing = measure.width(piece.text.rstrip(" "), piece.style.font)
                if current.runs and current.indent + current.width + trailing > width + 0.01:
                    wrapped.append(current)
                    current = Line(block_style=line.block_style, indent=line.indent)
                    piece = Run(piece.text.lstrip(" "), piece.style)
                    piece.width = measure.width(piece.text, piece.style.font)
                    if not piece.text:
                        continue
                current.runs.append(piece)
        wrapped.append(current)
    # Spaces at the end of a line take no room (CSS 'white-space: normal').
    for line in wrapped:
        if line.runs and line.block_style.white_space != "pre" and line.runs[-1].text.endswith(" "):
            last = line.runs[-1]
            last.text = last.text.rstrip(" ")
            last.width = measure.width(last.text, last.style.font)
    return wrapped


@dataclass(frozen=True)
class LabelBox:
    """The flex container draw.io places a label with: a point (or a box ``width`` wide)."""

    left: float
    top: float
    width: float
    justify: str  # flex-start | center | flex-end
    align: str  # flex-start | center | flex-end


def _flex_value(value: str | None) -> str:
    value = (value or "center").replace("unsafe", "").replace("safe", "").strip()
    return {"start": "flex-start", "end": "flex-end", "left": "flex-start", "right": "flex-end"}.get(value, value)


def label_to_svg(foreign: etree.Element, measure: Measurer) -> etree.Element | None:
    """An SVG ``<g>`` drawing the label of one draw.io ``foreignObject``, or None if it holds none."""
    outer = next(iter(foreign), None)
    if outer is None:
        return None
    outer_css = parse_style(outer.get("style"))
    box = LabelBox(
        left=_length(outer_css.get("margin-left"), 12),
        top=_length(outer_css.get("padding-top"), 12),
        width=max(_length(outer_css.get("width"), 12, 1.0), 1.0),
        justify=_flex_value(outer_css.get("justify-content")),
        align=_flex_value(outer_css.get("align-items")),
    )
    inner = next(iter(outer), None)
    if inner is None:
        return None
    inner_css = parse_style(inner.get("style"))
    base = apply_style(TextStyle(), inner_css, "div")
    content = next(iter(inner), None)
    if content is None:
        content, content_css = inner, {}
    else:
        content_css = parse_style(content.get("style"))
    style = apply_style(replace(base, font=replace(base.font, size=12.0)), content_css, "div")
    if "font-size" not in content_css:
        style = replace(style, font=replace(style.font, size=base.font.size or 12.0))

    # The inline-block's background is one rectangle behind the whole label, not one per run.
    block_background, style = style.background, replace(style, background=None)
    flow = _Flow()
    flow.block_styles.append((style, 0.0))
    walk(content, style, flow)
    flow.end_line()
    lines = flow.lines
    if not any(run.text.strip() for line in lines for run in line.runs):
        return None

    wrapping = style.white_space not in ("nowrap", "pre")
    for line in lines:
        for run in line.runs:
            run.width = measure.width(run.text, run.style.font)
    natural = max((line.indent + line.width for line in lines), default=0.0)
    limit = box.width if wrapping else float("inf")
    lines = wrap(lines, limit, measure) if natural > limit else wrap(lines, float("inf"), measure)
    block_width = min(max((line.indent + line.width for line in lines), default=0.0), limit) if wrapping else natural
    if wrapping and natural > box.width:
        block_width = box.width

    heights = [line.margin_before + line.height() for line in lines]
    block_height = sum(heights) + flow.pending_margin
    clip_height = None
    for css in (inner_css, content_css):  # draw.io puts the clip on either div
        if css.get("overflow") == "hidden" and "max-height" in css:
            clip_height = _length(css["max-height"], style.font.size)
            block_height = min(block_height, clip_height)

    if box.justify == "flex-start":
        x0 = box.left
    elif box.justify == "flex-end":
        x0 = box.left + box.width - block_width
    else:
        x0 = box.left + (box.width - block_width) / 2
    if box.align == "flex-start":
        y0 = box.top
    elif box.align == "flex-end":
        y0 = box.top + 1 - block_height
    else:
        y0 = box.top + 0.5 - block_height / 2

    group = etree.Element(f"{{{SVG}}}g", {"class": "wrapup-label"})
    if block_background:
        etree.SubElement(group, f"{{{SVG}}}rect", {
            "x": _fmt(x0), "y": _fmt(y0), "width": _fmt(block_width), "height": _fmt(block_height), "fill": block_background,
        })
    target = group
    if clip_height is not None:
        clip_id = f"wrapup-clip-{id(foreign):x}"
        clip = etree.SubElement(group, f"{{{SVG}}}clipPath", {"id": clip_id})
        etree.SubElement(clip, f"{{{SVG}}}rect", {
            "x": _fmt(x0 - 2), "y": _fmt(y0), "width": _fmt(block_width + 4), "height": _fmt(clip_height)})
        target = etree.SubElement(group, f"{{{SVG}}}g", {"clip-path": f"url(#{clip_id})"})

    y = y0
    for line, height in zip(lines, heights):
        y += line.margin_before
        line_height = height - line.margin_before
        align = line.block_style.text_align
        free = block_width - line.indent - line.width
        x = x0 + line.indent + (free / 2 if align == "center" else free if align in ("right", "end") else 0.0)
        for run in line.runs:
            ascent, descent = measure.metrics(run.style.font)
            baseline = y + (line_height - (ascent + descent)) / 2 + ascent
            if run.style.background:
                etree.SubElement(target, f"{{{SVG}}}rect", {
                    "x": _fmt(x), "y": _fmt(y), "width": _fmt(run.width), "height": _fmt(line_height),
                    "fill": run.style.background})
            _emit_words(target, run, x, baseline, measure)
            if run.style.underline:
                etree.SubElement(target, f"{{{SVG}}}rect", {
                    "x": _fmt(x), "y": _fmt(baseline + descent / 2), "width": _fmt(run.width),
                    "height": _fmt(max(run.style.font.size / 14, 0.8)), "fill": run.style.color})
            x += run.width
        y += line_height
    return group


def _emit_words(target: etree.Element, run: Run, x: float, baseline: float, measure: Measurer) -> None:
    """One ``<text>`` per word, each at its measured x: cairo's per-glyph rounding cannot drift."""
    font = run.style.font
    attributes = {
        "font-family": font.family,
        "font-size": _fmt(font.size),
        "fill": run.style.color,
        "stroke": "none",  # a stroke inherited from the shape would outline every glyph
    }
    if font.bold:
        attributes["font-weight"] = "bold"
    if font.italic:
        attributes["font-style"] = "italic"
    offset = 0.0
    for word in re.split(r"( +)", run.text):
        if word and not word.isspace():
            element = etree.SubElement(target, f"{{{SVG}}}text", {"x": _fmt(x + offset), "y": _fmt(baseline), **attributes})
            element.text = word
        offset += measure.width(word, font)


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def is_warning_switch(element: etree.Element) -> bool:
    """draw.io's "Text is not SVG - cannot display" line: a <switch> whose text says so."""
    text = " ".join("".join(element.itertext()).split())
    return any(warning in text for warning in WARNING_TEXTS)


def convert_labels(root: etree.Element, measure: Measurer) -> int:
    """Replace every draw.io label switch by native text, drop the warning line; return labels drawn."""
    drawn = 0
    parents = {child: parent for parent in root.iter() for child in parent}
    for switch in [element for element in root.iter(f"{{{SVG}}}switch")]:
        parent = parents.get(switch)
        if parent is None:
            continue
        if is_warning_switch(switch) and switch.find(f"{{{SVG}}}foreignObject") is None:
            parent.remove(switch)
            continue
        foreign = switch.find(f"{{{SVG}}}foreignObject")
        if foreign is None:
            continue
        label = label_to_svg(foreign, measure)
        index = list(parent).index(switch)
        parent.remove(switch)
        if label is not None:
            parent.insert(index, label)
            drawn += 1
    return drawn
