"""draw.io HTML labels to native SVG text, laid out the way a browser lays them out.

draw.io writes every label as XHTML in ``<switch><foreignObject>…</foreignObject><text>cut…
</text></switch>``. CairoSVG ignores ``foreignObject`` and draws the cut fallback. This module
reads the label's HTML and CSS (the flex box draw.io positions it with, the inline-block that
holds the text, blocks, ``<br>``, inline styles) and writes ``<text>`` elements with explicit
positions, measured with the same fonts cairo draws with.

The layout is a small CSS subset, enough for what draw.io writes: block margins (collapsing),
``line-height``, ``text-align``, ``white-space`` (normal, nowrap, pre), wrapping at spaces and
after hyphens, font size / family / weight / style (the family as Chromium picks it, and per
character a fallback face that has the glyph), colour and background, list markers outside
the item, ``overflow: hidden`` with ``max-height``, and an SVG inside a label (MathJax's math)
as one box on the line. Labels come in ``<switch>`` (draw.io's flex layout, or the
inline-block of draw.io 12) or as bare ``foreignObject``s.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as etree
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

SVG = "http://www.w3.org/2000/svg"
XHTML = "http://www.w3.org/1999/xhtml"
XLINK = "http://www.w3.org/1999/xlink"
EXTENSIBILITY = "http://www.w3.org/TR/SVG11/feature#Extensibility"
WARNING_TEXTS = ("Text is not SVG - cannot display", "Viewer does not support full SVG 1.1")

# draw.io's Helvetica and the generic families resolve to Liberation in Chromium; name them so
# that cairo (whose generic sans-serif is DejaVu, 13 % wider) draws the same font.
# Faces fontconfig offers as metric-compatible stand-ins, which Chromium accepts when installed
# (Debian: fonts-crosextra-carlito, fonts-crosextra-caladea).
METRIC_COMPATIBLE = {"calibri": "Carlito", "cambria": "Caladea"}
# A family list with none of its faces installed and no generic family: Chromium's default
# ("standard") font, Times New Roman, which is Liberation Serif here.
DEFAULT_FAMILY = "Liberation Serif"
FONT_FAMILIES = {
    "helvetica": "Liberation Sans",
    "arial": "Liberation Sans",
    "sans-serif": "Liberation Sans",
    "system-ui": "Liberation Sans",
    "times new roman": "Liberation Serif",
    "times": "Liberation Serif",
    "serif": "Liberation Serif",
    "courier new": "Liberation Mono",
    "courier": "Liberation Mono",
    "monospace": "Liberation Mono",
}
# Where a glyph the label's font lacks comes from, in this order (Debian packages
# fonts-dejavu-core and fonts-noto-cjk).
FALLBACK_FAMILIES = (
    "DejaVu Sans",
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Noto Sans",
    "Noto Sans Mono CJK SC",
    "Noto Color Emoji",
)
BLOCK_TAGS = {"div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "table", "tr"}
HEADING_SIZES = {"h1": 2.0, "h2": 1.5, "h3": 1.17, "h4": 1.0, "h5": 0.83, "h6": 0.67}
EX_PER_EM = 0.519  # Liberation Sans' x-height, as Chromium resolves 'ex'
HEADING_MARGINS = {"h1": 0.67, "h2": 0.83, "h3": 1.0, "h4": 1.33, "h5": 1.67, "h6": 2.33}
_NUMBER = re.compile(r"^\s*(-?[\d.]+)\s*(px|%|em|pt|ex)?\s*$")
# Colour functions CairoSVG understands; any other function in a colour (color-mix(), oklch(),
# a future one) would stop the drawing, so the property is left out (the browser default).
KNOWN_COLOR_FUNCTIONS = {"rgb", "rgba", "hsl", "hsla", "url"}
_FUNCTION_NAME = re.compile(r"([a-zA-Z][a-zA-Z0-9-]*)\(")
_RESOLVED_FUNCTIONS = ("light-dark(", "var(")


def _call_at(value: str, start: int) -> tuple[int, list[str]] | None:
    """The end of the call whose '(' is at ``start``, and its arguments split at top-level commas."""
    depth = 0
    arguments: list[str] = []
    current: list[str] = []
    for index in range(start, len(value)):
        char = value[index]
        if char == "(":
            depth += 1
            if depth == 1:
                continue
        elif char == ")":
            depth -= 1
            if depth == 0:
                arguments.append("".join(current).strip())
                return index + 1, arguments
        elif char == "," and depth == 1:
            arguments.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    return None


def resolve_css_functions(value: str, dark: bool = False) -> str:
    """``light-dark(a, b)`` -> ``a`` (the light theme; ``b`` when ``dark``) and
    ``var(--name, fallback)`` -> ``fallback`` (draw.io 29's adaptive colours; nothing defines
    the variable outside draw.io), innermost first;
    ``var(--name)`` alone -> ''."""
    for _ in range(32):  # nesting draw.io writes is two deep; a bound, not a loop forever
        lowered = value.lower()
        found = [(lowered.rfind(name), name) for name in _RESOLVED_FUNCTIONS]
        start, name = max(found)
        if start < 0:
            return value
        call = _call_at(value, start + len(name) - 1)
        if call is None:  # unbalanced: leave the rest as it is
            return value[:start]
        end, arguments = call
        if name == "light-dark(":
            replacement = arguments[1 if dark and len(arguments) > 1 else 0] if arguments else ""
        else:
            replacement = arguments[1] if len(arguments) > 1 else ""
        value = value[:start] + replacement + value[end:]
    return value


def usable_color(value: str) -> bool:
    """Whether CairoSVG can read a colour value: no function but the ones it knows."""
    return all(name.lower() in KNOWN_COLOR_FUNCTIONS for name in _FUNCTION_NAME.findall(value))


@dataclass(frozen=True)
class Palette:
    """The colours of a theme where a file leaves them to its viewer, as draw.io's themes draw
    them: black (text, strokes) and white (fills, the page) are the file's defaults and take
    the theme's, ``light-dark()`` its light or dark value; any other colour is the author's."""

    dark: bool
    text: str  # what black becomes; a label's text where it names no colour
    background: str  # what white becomes: the page the diagram is drawn on
    link: str  # a browser's default link colour in this scheme (draw.io writes links without one)


LIGHT = Palette(dark=False, text="rgb(0, 0, 0)", background="#ffffff", link="#0000ee")
# White on Material's slate background (hsl(225, 15%, 14%)): the dark diagram sits on the page
# as the light one sits on white. The link is Chromium's in a dark colour scheme.
DARK = Palette(dark=True, text="#ffffff", background="#1e2129", link="#9e9eff")
DRAWIO_DARK_PAGE = {"#121212", "rgb(18,18,18)"}  # the fallback draw.io gives its --ge-dark-color
_BLACK = {"#000", "#000000", "#000000ff", "black", "rgb(0,0,0)", "rgba(0,0,0,1)"}
_WHITE = {"#fff", "#ffffff", "#ffffffff", "white", "rgb(255,255,255)", "rgba(255,255,255,1)"}


def themed_colour(value: str, palette: Palette) -> str:
    """A colour value as ``palette``'s theme draws it. ``light-dark()`` takes the theme's value
    and is final (its dark value is white on purpose) but for draw.io's own dark page, which is
    the theme's page; in the dark theme a plain black or white, and the light fallback of a
    ``var()``, swap."""
    resolved = resolve_css_functions(value, palette.dark)
    plain = "".join(resolved.lower().split())
    if palette.dark and "--ge-dark-color" in value and plain in DRAWIO_DARK_PAGE:
        return palette.background
    if not palette.dark or "light-dark(" in value.lower():
        return resolved
    if plain in _BLACK:
        return palette.text
    if plain in _WHITE:
        return palette.background
    return resolved


def parse_style(value: str | None) -> dict[str, str]:
    style: dict[str, str] = {}
    for declaration in (value or "").split(";"):
        name, _, content = declaration.partition(":")
        if name.strip() and content.strip():
            style[name.strip().lower()] = resolve_css_functions(content.strip())
    return style


def _length(value: str | None, font_size: float, default: float = 0.0) -> float:
    if not value:
        return default
    match = _NUMBER.match(value.replace("unsafe", ""))
    if not match:
        return default
    number, unit = float(match[1]), match[2] or "px"
    # 'ex' is the font's x-height; about half an em in the sans faces labels use (MathJax sizes in it).
    return {
        "px": number,
        "em": number * font_size,
        "pt": number * 4 / 3,
        "%": number / 100 * font_size,
        "ex": number * font_size * EX_PER_EM,
    }[unit]


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
        return float(sum(self._context.text_extents(char)[4] for char in text))

    @lru_cache(maxsize=65536)  # noqa: B019
    def has_glyph(self, char: str, font: Font) -> bool:
        """Whether the face cairo picks for ``font`` draws ``char`` (glyph 0 is the 'missing' box)."""
        self._select(font)
        glyphs = self._context.get_scaled_font().text_to_glyphs(0, 0, char, with_clusters=False)
        return bool(glyphs) and all(glyph[0] != 0 for glyph in glyphs)

    @lru_cache(maxsize=65536)  # noqa: B019
    def family_for(self, char: str, font: Font) -> str:
        """The family that draws ``char``: the run's own, else the first fallback that has it,
        as a browser falls back glyph by glyph (CJK from Noto Sans CJK, symbols from DejaVu)."""
        if char.isspace() or unicodedata.category(char) in ("Mn", "Cf") or self.has_glyph(char, font):
            return font.family
        for family in FALLBACK_FAMILIES:
            if (
                family != font.family
                and family in installed_families()
                and self.has_glyph(char, replace(font, family=family))
            ):
                return family
        return font.family

    def split_by_font(self, line: Line) -> Line:
        """``line`` with each run cut where its characters need another font."""
        runs: list[Run] = []
        for run in line.runs:
            if run.graphic is not None or not run.text:
                runs.append(run)
                continue
            pieces: list[tuple[str, list[str]]] = []
            for char in run.text:
                family = self.family_for(char, run.style.font)
                if pieces and (pieces[-1][0] == family or unicodedata.category(char) in ("Mn", "Cf")):
                    pieces[-1][1].append(char)
                else:
                    pieces.append((family, [char]))
            for family, chars in pieces:
                style = (
                    run.style
                    if family == run.style.font.family
                    else replace(run.style, font=replace(run.style.font, family=family))
                )
                if family != run.style.font.family:
                    seen = _stand_ins.setdefault((family, run.style.font.family), [])
                    seen.extend(char for char in chars if char not in seen and not char.isspace())
                runs.append(Run("".join(chars), style))
        return replace(line, runs=runs)

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
        resolved = subprocess.run(
            ["fc-match", "-f", "%{family}", family], capture_output=True, text=True, check=False
        ).stdout
        if family.lower() not in resolved.lower():
            missing.append(family)
    return missing


@lru_cache(maxsize=1)
def installed_families() -> frozenset[str]:
    """Font families fontconfig knows on this machine (empty without fontconfig)."""
    if shutil.which("fc-list") is None:
        return frozenset()
    listing = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    return frozenset(name.strip() for line in listing.splitlines() for name in line.split(","))


def _family(value: str) -> str:
    """The face a label's ``font-family`` list is drawn in, as Chromium picks it: the first
    family that is installed (draw.io's Helvetica and the generic families as Liberation),
    else Liberation Sans, Chromium's sans-serif here; a stand-in is noted for the build log."""
    names = [name.strip().strip("'\"") for name in value.split(",") if name.strip().strip("'\"")]
    installed = installed_families()
    for name in names:
        mapped = FONT_FAMILIES.get(name.lower())
        if mapped:
            return mapped
        if not installed or any(name.lower() == family.lower() for family in installed):
            return next((family for family in installed if family.lower() == name.lower()), name)
        compatible = METRIC_COMPATIBLE.get(name.lower())
        if compatible in installed:
            return compatible
    if names:
        _note(f"font '{names[0]}' is not installed; drawn in {DEFAULT_FAMILY}, Chromium's default font")
    return DEFAULT_FAMILY


@dataclass(frozen=True)
class Note:
    """Something the conversion of a diagram did differently from a browser. A warning is a
    loss the contributor should fix (a label drawn plainly, words missing); the rest (a font
    standing in) is information for the build log."""

    message: str
    warning: bool = False


# What the conversion of one diagram noticed: collected by ``convert_labels`` for the build
# log, reset for every diagram. Fallback fonts are gathered per pair of faces.
_notes: list[Note] = []
_stand_ins: dict[tuple[str, str], list[str]] = {}


def _note(message: str, warning: bool = False) -> None:
    note = Note(message, warning)
    if note not in _notes:
        _notes.append(note)


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
    if css.get("text-align") not in (None, "inherit", "initial", "unset"):
        style = replace(style, text_align={"start": "left", "end": "right"}.get(css["text-align"], css["text-align"]))
    return style


@dataclass
class Run:
    text: str
    style: TextStyle
    width: float = 0.0
    graphic: etree.Element | None = None  # an SVG inside the label (MathJax's math): drawn as one box
    height: float = 0.0  # the graphic's
    lowered: float = 0.0  # how far the graphic's bottom sits below the baseline (CSS vertical-align)


@dataclass
class Line:
    runs: list[Run] = field(default_factory=list)
    block_style: TextStyle = TextStyle()
    indent: float = 0.0
    margin_before: float = 0.0  # collapsed block margin above the line
    marker: Run | None = None  # a list item's bullet or number, drawn outside, before the indent

    @property
    def width(self) -> float:
        return sum(run.width for run in self.runs)

    def height(self) -> float:
        heights = [self.block_style.line_height_px()] + [
            run.height + run.lowered if run.graphic is not None else run.style.line_height_px() for run in self.runs
        ]
        return max(heights)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


class _Flow:
    """Walks the label's XHTML and cuts it into lines of styled runs (before wrapping)."""

    def __init__(self, palette: Palette = LIGHT) -> None:
        self.palette = palette  # the link colour a label leaves to the browser
        self.lines: list[Line] = []
        self.current: Line | None = None
        self.pending_margin = 0.0
        self.block_styles: list[tuple[TextStyle, float]] = []
        self.lists: list[list[Any]] = []  # [tag, items so far, list-style-type] of each open list
        self.pending_marker: Run | None = None

    def _open_line(self, block_style: TextStyle, indent: float) -> Line:
        if self.current is None:
            self.current = Line(
                block_style=block_style, indent=indent, margin_before=self.pending_margin, marker=self.pending_marker
            )
            self.pending_margin = 0.0
            self.pending_marker = None
        return self.current

    def graphic(self, element: etree.Element, style: TextStyle) -> None:
        """An SVG inside the label (MathJax writes math as one): an unbreakable box in the line."""
        size = style.font.size
        css = parse_style(element.get("style"))
        width = _length(element.get("width"), size, 0.0)
        height = _length(element.get("height"), size, 0.0)
        box = (element.get("viewBox") or "").replace(",", " ").split()
        if (not width or not height) and len(box) == 4:
            width, height = width or float(box[2]), height or float(box[3])
        if width <= 0 or height <= 0:
            return
        lowered = -_length(css.get("vertical-align"), size, 0.0)
        block_style, indent = self.block_styles[-1]
        self._open_line(block_style, indent).runs.append(
            Run("", style, width=width, graphic=element, height=height, lowered=lowered)
        )

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
        if tag in ("ul", "ol") and self.lists:  # a browser's style sheet: a nested list has no margins
            margin = 0.0
        margin_top = _length(css.get("margin-top"), style.font.size, margin)
        margin_bottom = _length(css.get("margin-bottom"), style.font.size, margin)
        parent_indent = self.block_styles[-1][1]
        indent = parent_indent + _length(css.get("padding-left"), style.font.size, 40.0 if tag in ("ul", "ol") else 0.0)
        self.end_line()
        self.pending_margin = max(self.pending_margin, margin_top)
        self.block_styles.append((style, indent))
        if tag in ("ul", "ol"):
            kind = css.get("list-style-type") or ("decimal" if tag == "ol" else "disc")
            self.lists.append([tag, int(element.get("start", "1") or 1) - 1, kind])
        if tag == "li" and self.lists:
            entry = self.lists[-1]
            entry[1] += 1
            marker = _marker(entry[2], entry[1], sum(1 for kind in self.lists if kind[0] == "ul"))
            if marker and css.get("list-style-type") != "none":
                # Outside the item's box, as a browser draws it; on the item's first line. A
                # bullet stands about half an em further out than its glyph's width.
                self.pending_marker = Run(marker + ("\u2002" if not marker[0].isalnum() else ""), style)
        walk(element, style, self, inside=True)
        self.end_line()
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        self.block_styles.pop()
        self.pending_margin = max(self.pending_margin, margin_bottom)


def _marker(kind: str, number: int, bullet_depth: int) -> str:
    if kind == "none":
        return ""
    if kind in ("decimal", "decimal-leading-zero"):
        return f"{number}. "
    if kind in ("lower-alpha", "lower-latin", "upper-alpha", "upper-latin"):
        letter = chr(ord("a") + (number - 1) % 26)
        return f"{letter.upper() if kind.startswith('upper') else letter}. "
    if kind == "circle" or (kind == "disc" and bullet_depth == 2):
        return "◦ "
    if kind == "square" or (kind == "disc" and bullet_depth > 2):
        return "▪ "
    return "• "


# Sizes of <font size="1">…<font size="7">, as browsers map them.
FONT_SIZES = {"1": "10px", "2": "13px", "3": "16px", "4": "18px", "5": "24px", "6": "32px", "7": "48px"}
LINK_COLOR = LIGHT.link  # a browser's default link colour (draw.io writes links without one)


def walk(element: etree.Element, style: TextStyle, flow: _Flow, inside: bool = False) -> None:
    """Feed an element's content (its text, children and their tails) to the flow."""
    flow.text(element.text or "", style)
    for child in element:
        tag = _local(child.tag)
        css = parse_style(child.get("style"))
        if tag == "font":
            css.setdefault("color", child.get("color", style.color))
            if face := child.get("face"):
                css.setdefault("font-family", face)
            if (size := child.get("size", "").strip()) in FONT_SIZES:
                css.setdefault("font-size", FONT_SIZES[size])
        elif tag == "a":
            css.setdefault("color", flow.palette.link)
            css.setdefault("text-decoration", "underline")
        child_style = apply_style(style, css, tag)
        if tag == "br":
            flow.end_line(force=True)
        elif tag == "svg":
            flow.graphic(child, child_style)
        elif (tag in BLOCK_TAGS and css.get("display") not in ("inline", "inline-block", "inline-flex")) or css.get(
            "display"
        ) == "block":
            flow.block(child, child_style, tag, css)
        elif tag not in ("script", "style"):
            walk(child, child_style, flow)
        flow.text(child.tail or "", style)


# ---- wrapping and placing --------------------------------------------------------------------


_BREAKS = re.compile(r"(?<=[ ])|(?<=[\w)\]]-)(?=\w)")


def _pieces(run: Run) -> list[Run]:
    """A run cut at its break opportunities: after spaces, and after a hyphen between letters."""
    return [Run(part, run.style) for part in _BREAKS.split(run.text) if part]


def _pieces_of(run: Run) -> list[Run]:
    return [run] if run.graphic is not None else _pieces(run)


def _measure(run: Run, measure: Measurer) -> None:
    if run.graphic is None:
        run.width = measure.width(run.text, run.style.font)


def wrap(lines: list[Line], width: float, measure: Measurer) -> list[Line]:
    wrapped: list[Line] = []
    for line in lines:
        for run in line.runs:
            _measure(run, measure)
        if line.block_style.white_space in ("nowrap", "pre") or line.width + line.indent <= width + 0.01:
            wrapped.append(line)
            continue
        current = Line(
            block_style=line.block_style, indent=line.indent, margin_before=line.margin_before, marker=line.marker
        )
        for run in line.runs:
            for piece in _pieces_of(run):
                _measure(piece, measure)
                trailing = (
                    piece.width
                    if piece.graphic is not None
                    else measure.width(piece.text.rstrip(" "), piece.style.font)
                )
                if current.runs and current.indent + current.width + trailing > width + 0.01:
                    wrapped.append(current)
                    current = Line(block_style=line.block_style, indent=line.indent)
                    if piece.graphic is None:
                        piece = Run(piece.text.lstrip(" "), piece.style)
                        piece.width = measure.width(piece.text, piece.style.font)
                        if not piece.text:
                            continue
                current.runs.append(piece)
        wrapped.append(current)
    # Spaces at the end of a line take no room (CSS 'white-space: normal').
    for line in wrapped:
        if (
            line.runs
            and line.runs[-1].graphic is None
            and line.block_style.white_space != "pre"
            and line.runs[-1].text.endswith(" ")
        ):
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


def _number_attribute(element: etree.Element, name: str) -> float:
    match = _NUMBER.match(element.get(name) or "")
    return float(match[1]) if match and match[2] in (None, "px") else 0.0


@dataclass
class _LabelStart:
    """Where a label's content is and how it starts, before any text is laid out."""

    box: LabelBox
    content: etree.Element  # the element whose content is the label
    clip_css: tuple[dict[str, str], dict[str, str]]  # the two divs draw.io may put a clip on
    style: TextStyle
    fixed_width: bool  # a plain box is as wide as it says, whatever its text


def label_to_svg(foreign: etree.Element, measure: Measurer, palette: Palette = LIGHT) -> etree.Element | None:
    """An SVG ``<g>`` drawing the label of one ``foreignObject``, or None if it holds none.

    Two layouts: draw.io's flex box (2020 on: the outer div is ``display: flex`` with
    ``margin-left`` and ``padding-top`` placing a point or a box), and a plain box (draw.io up
    to 12, and bare foreignObjects: the content flows from the object's ``x``/``y`` within its
    width, from the top)."""
    outer = next(iter(foreign), None)
    if outer is None:
        return None
    outer_css = parse_style(outer.get("style"))
    base = TextStyle(color=palette.text)
    start = (
        _flex_start(outer, outer_css, base)
        if outer_css.get("display") == "flex"
        else _box_start(foreign, outer, outer_css, base)
    )
    if start is None:
        return None
    # The inline-block's background is one rectangle behind the whole label, not one per run.
    block_background, style = start.style.background, replace(start.style, background=None)
    flow = _Flow(palette)
    flow.block_styles.append((style, 0.0))
    walk(start.content, style, flow)
    flow.end_line()
    lines = [measure.split_by_font(line) for line in flow.lines]
    if not any(run.text.strip() or run.graphic is not None for line in lines for run in line.runs):
        return None
    lines, block_width = _lay_out(lines, style, start, measure)

    heights = [line.margin_before + line.height() for line in lines]
    block_height = sum(heights) + flow.pending_margin
    clip_height = None
    for css in start.clip_css:  # draw.io puts the clip on either div
        if css.get("overflow") == "hidden" and "max-height" in css:
            clip_height = _length(css["max-height"], style.font.size)
            block_height = min(block_height, clip_height)
    x0, y0 = _origin(start.box, block_width, block_height)

    group = etree.Element(f"{{{SVG}}}g", {"class": "wrapup-label"})
    if block_background:
        _rect(group, x0, y0, block_width, block_height, block_background)
        group[-1].set("class", LABEL_BACKGROUND)
    target = group
    if clip_height is not None:
        clip_id = f"wrapup-clip-{id(foreign):x}"
        clip = etree.SubElement(group, f"{{{SVG}}}clipPath", {"id": clip_id})
        etree.SubElement(
            clip,
            f"{{{SVG}}}rect",
            {"x": _fmt(x0 - 2), "y": _fmt(y0), "width": _fmt(block_width + 4), "height": _fmt(clip_height)},
        )
        target = etree.SubElement(group, f"{{{SVG}}}g", {"clip-path": f"url(#{clip_id})"})
    y = y0
    for line, height in zip(lines, heights, strict=True):
        y += line.margin_before
        _emit_line(target, line, _LinePlace(x0, y, height - line.margin_before, block_width), measure)
        y += height - line.margin_before
    return group


def _flex_start(outer: etree.Element, outer_css: dict[str, str], default: TextStyle) -> _LabelStart | None:
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
    base = apply_style(default, inner_css, "div")
    content = next(iter(inner), None)
    if content is None:
        content, content_css = inner, {}
    else:
        content_css = parse_style(content.get("style"))
    style = apply_style(replace(base, font=replace(base.font, size=12.0)), content_css, "div")
    if "font-size" not in content_css:
        style = replace(style, font=replace(style.font, size=base.font.size or 12.0))
    return _LabelStart(box, content, (inner_css, content_css), style, fixed_width=False)


def _box_start(
    foreign: etree.Element, outer: etree.Element, outer_css: dict[str, str], default: TextStyle
) -> _LabelStart:
    width = _length(outer_css.get("width"), 12, 0.0) or _number_attribute(foreign, "width") or 1.0
    box = LabelBox(
        left=_number_attribute(foreign, "x"),
        top=_number_attribute(foreign, "y"),
        width=width,
        justify="flex-start",
        align="flex-start",
    )
    style = apply_style(default, outer_css, "div")
    return _LabelStart(box, outer, (outer_css, {}), style, fixed_width=True)


def _lay_out(lines: list[Line], style: TextStyle, start: _LabelStart, measure: Measurer) -> tuple[list[Line], float]:
    """The lines wrapped as the browser wraps them, and the width of the block they make."""
    wrapping = style.white_space not in ("nowrap", "pre")
    for line in lines:
        for run in line.runs:
            _measure(run, measure)
    natural = max((line.indent + line.width for line in lines), default=0.0)
    limit = start.box.width if wrapping else float("inf")
    lines = wrap(lines, limit, measure) if natural > limit else wrap(lines, float("inf"), measure)
    block_width = min(max((line.indent + line.width for line in lines), default=0.0), limit) if wrapping else natural
    if (wrapping and natural > start.box.width) or start.fixed_width:
        block_width = start.box.width
    return lines, block_width


def _origin(box: LabelBox, block_width: float, block_height: float) -> tuple[float, float]:
    """The top left corner of the block, placed in its box as the flex box places it."""
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
    return x0, y0


UNDERLINE = "wrapup-underline"
# A label's own background (draw.io's edge labels carry one: white, so that the line does not
# cross the words). Marked, because the dark variant decides its colour once it can see what
# the label stands on (``diagrams.match_label_backgrounds``).
LABEL_BACKGROUND = "wrapup-label-background"


def _rect(target: etree.Element, x: float, y: float, width: float, height: float, fill: str) -> None:
    attributes = {"x": _fmt(x), "y": _fmt(y), "width": _fmt(width), "height": _fmt(height), "fill": fill}
    etree.SubElement(target, f"{{{SVG}}}rect", attributes)


@dataclass(frozen=True)
class _LinePlace:
    x0: float  # the block's left edge
    y: float  # the line's top
    height: float
    block_width: float


def _emit_line(target: etree.Element, line: Line, place: _LinePlace, measure: Measurer) -> None:
    align = line.block_style.text_align
    free = place.block_width - line.indent - line.width
    x = place.x0 + line.indent + (free / 2 if align == "center" else free if align in ("right", "end") else 0.0)
    text_runs = [run for run in line.runs if run.graphic is None] or [Run("", line.block_style)]
    ascent, descent = max(measure.metrics(run.style.font) for run in text_runs)
    baseline = place.y + (place.height - (ascent + descent)) / 2 + ascent
    if any(run.graphic is not None for run in line.runs):  # math sits on the text's baseline
        lowest = max(run.lowered for run in line.runs)
        baseline = place.y + place.height - max(descent, lowest)
    if line.marker is not None:
        marker = measure.split_by_font(Line(runs=[line.marker])).runs
        marker_width = sum(measure.width(run.text, run.style.font) for run in marker)
        mx = place.x0 + line.indent - marker_width
        for run in marker:
            run.width = measure.width(run.text, run.style.font)
            _emit_words(target, run, mx, baseline, measure)
            mx += run.width
    for run in line.runs:
        if run.graphic is not None:
            _emit_graphic(target, run, x, baseline)
        else:
            if run.style.background:
                _rect(target, x, place.y, run.width, place.height, run.style.background)
                target[-1].set("class", LABEL_BACKGROUND)
            _emit_words(target, run, x, baseline, measure)
            if run.style.underline:
                _ascent, run_descent = measure.metrics(run.style.font)
                thickness = max(run.style.font.size / 14, 0.8)
                _rect(target, x, baseline + run_descent / 2, run.width, thickness, run.style.color)
                target[-1].set("class", UNDERLINE)  # drawn in the text's colour, recoloured with it
        x += run.width


def _emit_graphic(target: etree.Element, run: Run, x: float, baseline: float) -> None:
    """An SVG of the label (math) as a nested ``<svg>`` box standing on the baseline; its
    ``currentColor`` is the label's colour."""
    graphic = run.graphic
    if graphic is None:
        return
    nested = etree.SubElement(
        target,
        f"{{{SVG}}}svg",
        {
            "x": _fmt(x),
            "y": _fmt(baseline + run.lowered - run.height),
            "width": _fmt(run.width),
            "height": _fmt(run.height),
            "overflow": "visible",
            "color": run.style.color,
        },
    )
    for name in ("viewBox", "preserveAspectRatio"):
        if value := graphic.get(name):
            nested.set(name, value)
    for child in graphic:
        nested.append(child)


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
            element = etree.SubElement(
                target, f"{{{SVG}}}text", {"x": _fmt(x + offset), "y": _fmt(baseline), **attributes}
            )
            element.text = word
        offset += measure.width(word, font)


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


# Elements that hold the fallback line and draw nothing else: what is removed with it.
_WARNING_HOLDERS = {"switch", "g", "a", "text", "tspan", "title", "desc"}


def _says_only_the_warning(element: etree.Element) -> bool:
    return " ".join("".join(element.itertext()).split()) in WARNING_TEXTS


def _holds_only_the_warning(element: etree.Element) -> bool:
    return _says_only_the_warning(element) and all(_local(inner.tag) in _WARNING_HOLDERS for inner in element.iter())


def drop_export_warnings(root: etree.Element) -> int:
    """Remove draw.io's fallback line ("Text is not SVG - cannot display", older "Viewer does
    not support full SVG 1.1", in a link to draw.io's FAQ) wherever it stands: in its
    ``<switch>``, or alone once an editor (Inkscape) dropped the switch. A ``<text>`` that says
    the line and nothing else goes, with the containers (its link, its switch) that hold
    nothing else: no word of the diagram is lost. Returns how many lines were removed."""
    parents = {child: parent for parent in root.iter() for child in parent}
    targets: dict[int, etree.Element] = {}
    for element in root.iter(f"{{{SVG}}}text"):
        if not _says_only_the_warning(element):
            continue
        target = element
        while (parent := parents.get(target)) is not None and parent is not root and _holds_only_the_warning(parent):
            target = parent
        targets[id(target)] = target
    removed = 0
    for target in targets.values():
        parent = parents.get(target)
        if parent is not None and any(child is target for child in parent):
            parent.remove(target)
            removed += 1
    return removed


def convert_labels(
    root: etree.Element, measure: Measurer, notes: list[Note] | None = None, palette: Palette = LIGHT
) -> int:
    """Replace every draw.io label (a ``<switch>`` holding a foreignObject, or a foreignObject
    standing alone, as draw.io 12 writes them) by native text in ``palette``'s default colours
    and drop the warning line; return the labels drawn. What could not be drawn as a browser draws it goes to ``notes``:
    a label that cannot be laid out is drawn as its plain text, never dropped, and a drawing
    whose text carries fewer words than its labels says which."""
    _notes.clear()
    _stand_ins.clear()
    drawn = 0
    source_words: list[str] = []
    drop_export_warnings(root)
    parents = {child: parent for parent in root.iter() for child in parent}
    labels = _labels(root, parents)
    for replaced, foreign in labels:
        parent = parents.get(replaced)
        if parent is None or replaced not in list(parent):
            continue
        words = _label_words(foreign)
        source_words.extend(words)
        try:
            label = label_to_svg(foreign, measure, palette)
        except Exception as exc:  # an odd label must not cost the drawing: its words are drawn plainly
            label = _plain_label(foreign, measure, palette)
            _note(
                f"a label could not be laid out ({type(exc).__name__}); its text {' '.join(words)[:60]!r} "
                "is drawn plainly",
                warning=True,
            )
        index = list(parent).index(replaced)
        parent.remove(replaced)
        if label is not None:
            parent.insert(index, label)
            drawn += 1
    _note_missing_words(root, source_words)
    for (family, original), chars in _stand_ins.items():
        _note(
            f"font '{family}' drew the characters '{original}' does not have ({''.join(chars[:12])}"
            f"{'…' if len(chars) > 12 else ''}), as a browser falls back"
        )
    if notes is not None:
        notes.extend(_notes)
    return drawn


def _labels(
    root: etree.Element, parents: dict[etree.Element, etree.Element]
) -> list[tuple[etree.Element, etree.Element]]:
    """(element to replace, its foreignObject) of every label."""
    labels: list[tuple[etree.Element, etree.Element]] = []
    for switch in list(root.iter(f"{{{SVG}}}switch")):
        if parents.get(switch) is None:
            continue
        foreign = switch.find(f"{{{SVG}}}foreignObject")
        if foreign is None:
            continue
        labels.append((switch, foreign))
    inside = {id(foreign) for _, foreign in labels}
    for foreign in list(root.iter(f"{{{SVG}}}foreignObject")):
        if id(foreign) not in inside and parents.get(foreign) is not None:
            labels.append((foreign, foreign))
    return labels


def _note_missing_words(root: etree.Element, source_words: list[str]) -> None:
    """A warning when the drawn labels hold fewer words than the labels of the source."""
    drawn_words = Counter(
        word
        for group in root.iter(f"{{{SVG}}}g")
        if group.get("class") == "wrapup-label"
        for text in group.iter(f"{{{SVG}}}text")
        for word in _words(text.text or "")
    )
    written = Counter(source_words)
    missing = written - drawn_words
    if missing:
        _note(
            f"its labels hold {sum(written.values())} words and the drawing "
            f"{sum(written.values()) - sum(missing.values())}: missing " + ", ".join(sorted(missing)[:8]),
            warning=True,
        )


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _label_words(foreign: etree.Element) -> list[str]:
    """The words a browser shows in a label: its text, without scripts, styles and the SVG
    inside it (math, drawn as a picture)."""
    parts: list[str] = []

    def collect(element: etree.Element) -> None:
        tag = _local(element.tag)
        if tag in ("script", "style", "svg"):
            return
        parts.append(element.text or "")
        for child in element:
            collect(child)
            parts.append(child.tail or "")

    for child in foreign:
        collect(child)
    return _words(" ".join(parts))


def _plain_label(foreign: etree.Element, measure: Measurer, palette: Palette = LIGHT) -> etree.Element | None:
    """A label's words on one line at its box's top left: what is drawn when its HTML cannot be laid out."""
    text = " ".join("".join(child.itertext()) for child in foreign).split()
    if not text:
        return None
    outer = next(iter(foreign), None)
    css = parse_style(outer.get("style")) if outer is not None else {}
    x = _length(css.get("margin-left"), 12) or _number_attribute(foreign, "x")
    y = _length(css.get("padding-top"), 12) or _number_attribute(foreign, "y")
    group = etree.Element(f"{{{SVG}}}g", {"class": "wrapup-label"})
    run = Run(" ".join(text), TextStyle(color=palette.text))
    run.width = measure.width(run.text, run.style.font)
    _emit_words(group, run, x, y + measure.metrics(run.style.font)[0], measure)
    return group
