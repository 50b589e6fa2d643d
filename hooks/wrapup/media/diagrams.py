"""draw.io SVG exports to PNG: safely parsed, labels converted, rendered by CairoSVG, cached.

Each diagram is drawn twice, as draw.io's light and dark themes draw it (``drawio_labels.
Palette``); in the dark variant a label's own background in the page's colour takes the colour
of what the label stands on (``match_label_backgrounds``), and every label is checked against
what is drawn behind it and recoloured where it would fall below WCAG AA (``ensure_contrast``).

SVG files arrive in pull requests, so they are untrusted: parsed with defusedxml (no entity
expansion, no external entities), size- and pixel-capped, rendered without any fetch (every
URL CairoSVG asks for is refused), and each render runs in a worker process with a time limit.
A diagram that cannot be rendered is a ``DiagramError`` with a reason for the contributor;
the page then shows the original SVG.
"""

from __future__ import annotations

import colorsys
import copy
import hashlib
import io
import json
import re
import struct
import time
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from wrapup.cache import ContentCache
from wrapup.diagnostics import byte_size
from wrapup.media.drawio_labels import (
    DARK,
    LABEL_BACKGROUND,
    LIGHT,
    SVG,
    UNDERLINE,
    XLINK,
    Measurer,
    Note,
    Palette,
    convert_labels,
    resolve_css_functions,
    themed_colour,
    usable_color,
)
from wrapup.media.pipeline import Recipe, make_all
from wrapup.settings import Limits

if TYPE_CHECKING:
    from PIL import Image

# Bump when the conversion changes what a diagram looks like: it is part of every cache key.
RENDERER_VERSION = "5"
SCALE = 2  # PNGs are drawn at twice the CSS size, for sharp display on dense screens
MIN_SCALE = 0.5  # a canvas too large for SCALE is drawn smaller, down to this
MAX_INPUT_BYTES = Limits.diagram_bytes  # the default of the site's limits.diagram_bytes
MAX_OUTPUT_PIXELS = 40_000_000  # a 4000 x 2500 diagram at 2x is exactly this
MAX_EMBEDDED_PIXELS = 16_000_000  # one picture embedded in a diagram (a data: address), decoded
MAX_EMBEDDED_TOTAL_PIXELS = 48_000_000  # all of them together: three of the largest
# Raster types a diagram may embed (data:image/…): decoded and re-encoded as PNG by Pillow.
EMBEDDED_RASTER_TYPES = {"image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp", "image/bmp"}

etree.register_namespace("", SVG)
etree.register_namespace("xlink", XLINK)


class DiagramError(Exception):
    """A diagram that cannot be rendered, with the reason in words for the contributor."""


@dataclass(frozen=True)
class RenderedDiagram:
    png: bytes
    width: int  # CSS pixels (the PNG is SCALE times larger)
    height: int
    notes: tuple[Note, ...] = ()  # what was drawn differently from a browser, for the contributor


def shown_url(url: str) -> str:
    """An address as a message shows it: a data: address by its type, never its whole content."""
    if url.lower().startswith("data:"):
        return url.split(",", 1)[0][:60] + ",…"
    return url if len(url) <= 100 else url[:97] + "…"


def cache_key(svg: bytes, dark: bool = True) -> str:
    """Hash of the input bytes, the output settings (the scale, whether a dark variant is
    drawn) and the versions of everything that draws.

    CairoSVG's version is read from its package metadata: importing it (0.17 s) is left to the
    builds that render something."""
    digest = hashlib.sha256()
    for part in (RENDERER_VERSION, metadata.version("cairosvg"), str(SCALE), "dark" if dark else "light"):
        digest.update(part.encode() + b"\0")
    digest.update(svg)
    return digest.hexdigest()


def _refuse_fetch(url: str, resource_type: str) -> bytes:
    raise DiagramError(f"it refers to an outside resource ({shown_url(url)}); diagrams must be self-contained")


# A transparent 1 x 1 PNG: what an embedded picture that cannot be drawn becomes (with a note).
_NOTHING = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)


def decode_data_url(url: str) -> tuple[str, bytes]:
    """(media type, bytes) of a ``data:`` address; raises ValueError when it is not one."""
    import base64
    from urllib.parse import unquote_to_bytes

    head, comma, payload = url.partition(",")
    if not comma or not head.lower().startswith("data:"):
        raise ValueError("not a data: address")
    parameters = [part.strip().lower() for part in head[5:].split(";")]
    media_type = parameters[0] or "text/plain"
    if "base64" in parameters[1:]:
        return media_type, base64.b64decode("".join(payload.split()), validate=False)
    return media_type, unquote_to_bytes(payload)


class EmbeddedFetcher:
    """CairoSVG's URL fetcher for one diagram: pictures embedded as ``data:`` addresses are
    decoded here, within limits (a raster is re-encoded by Pillow as PNG; an SVG passes the
    same checks as a diagram); every other address is refused."""

    def __init__(self, notes: list[Note]):
        self.notes = notes
        self.decoded = 0
        self.pixels = 0  # of the embedded pictures drawn so far

    def __call__(self, url: str, resource_type: str) -> bytes:
        if not url.strip().lower().startswith("data:"):
            return _refuse_fetch(url, resource_type)
        try:
            media_type, data = decode_data_url(url.strip())
        except (ValueError, TypeError):
            return self._skip(f"an embedded picture whose data: address cannot be decoded ({shown_url(url)})")
        self.decoded += len(data)
        if self.decoded > MAX_INPUT_BYTES * 4:
            raise DiagramError(f"its embedded pictures decode to more than {byte_size(MAX_INPUT_BYTES * 4)}")
        if media_type == "image/svg+xml":
            root = parse(data, self.notes)
            resolve_colours(root)
            return bytes(etree.tostring(root, encoding="utf-8"))
        if media_type in EMBEDDED_RASTER_TYPES:
            return self._raster(media_type, data)
        return self._skip(f"an embedded picture of type {media_type}, which a diagram cannot show")

    def _raster(self, media_type: str, data: bytes) -> bytes:
        import warnings

        from PIL import Image

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(io.BytesIO(data)) as image:
                    if image.width * image.height > MAX_EMBEDDED_PIXELS:
                        return self._skip(
                            f"an embedded {media_type} picture of {image.width} x {image.height} "
                            f"pixels (at most {MAX_EMBEDDED_PIXELS:,})"
                        )
                    if self.pixels + image.width * image.height > MAX_EMBEDDED_TOTAL_PIXELS:
                        return self._skip(
                            f"an embedded {media_type} picture of {image.width} x {image.height} pixels: "
                            f"the diagram's pictures may hold {MAX_EMBEDDED_TOTAL_PIXELS:,} pixels in all"
                        )
                    self.pixels += image.width * image.height
                    image.load()
                    converted = image.convert("RGBA")
                    buffer = io.BytesIO()
                    converted.save(buffer, "PNG")
                    return buffer.getvalue()
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            return self._skip(f"an embedded {media_type} picture that cannot be decoded ({type(exc).__name__})")

    def _skip(self, what: str) -> bytes:
        self.notes.append(Note(f"left out {what}", warning=True))
        return _NOTHING


_EXTERNAL_REFERENCE = re.compile(r"^\s*(?!data:|#)[a-z][a-z0-9+.-]*:|^\s*/|^\s*\.\.", re.IGNORECASE)


def parse(svg: bytes, notes: list[Note] | None = None, max_bytes: int = MAX_INPUT_BYTES) -> etree.Element:
    """The SVG's tree, refusing what could harm the build (entities, size, depth). A picture
    from outside (``file:``, ``http:``) is never fetched: with ``notes`` it is left out with a
    warning and the rest is drawn; without, the whole drawing is refused."""
    import defusedxml.ElementTree as safe_etree
    from defusedxml import DefusedXmlException

    if len(svg) > max_bytes:
        raise DiagramError(f"it is {byte_size(len(svg), max_bytes)}; diagrams may be at most {byte_size(max_bytes)}")
    try:
        root = safe_etree.fromstring(svg, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise DiagramError(
            f"it declares XML entities or external references, which are not allowed ({type(exc).__name__})"
        ) from None
    except etree.ParseError as exc:
        raise DiagramError(f"it is not well-formed SVG ({exc})") from None
    if root.tag != f"{{{SVG}}}svg":
        raise DiagramError("it is not an SVG document (its root element is not <svg>)")
    if _depth(root) > MAX_DEPTH:
        raise DiagramError(f"its elements nest more than {MAX_DEPTH} levels deep; draw.io never does")
    _check_expanded_size(root)
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in list(root.iter()):
        for name in ("href", f"{{{XLINK}}}href"):
            target = element.get(name, "")
            tag = element.tag.rsplit("}", 1)[-1]
            if tag in ("image", "use", "feImage") and target and _EXTERNAL_REFERENCE.match(target):
                if notes is None or element not in parents:
                    raise DiagramError(
                        f"it refers to an outside resource ({shown_url(target)}); diagrams must be self-contained"
                    )
                parents[element].remove(element)
                notes.append(
                    Note(
                        f"left out the {tag} from {shown_url(target)}: a diagram's pictures must be "
                        "embedded in it, outside resources are never fetched",
                        warning=True,
                    )
                )
                break
    return root


# draw.io nests a few levels (groups in layers in the page); deep nesting only overflows the
# recursive label and drawing code.
MAX_DEPTH = 200
# A <use> draws its target again, and the target may hold <use>s: 2 KB of them fan out to a
# billion shapes, which a renderer (and a browser opening the inert copy) draws one by one.
# draw.io's exports draw each shape once; the largest seen here have a few thousand elements.
MAX_DRAWN_ELEMENTS = 200_000
MAX_USE_DEPTH = 32  # <use> of a <use> of …: draw.io never chains them


def _check_expanded_size(root: etree.Element) -> None:
    """Refuse a drawing that would draw more than ``MAX_DRAWN_ELEMENTS`` elements once every
    ``<use>`` is expanded, or whose ``<use>``s refer to themselves. Linear: each element's
    expanded size is counted once."""
    by_id = {identifier: element for element in root.iter() if (identifier := element.get("id"))}
    sizes: dict[int, int] = {}
    open_uses: set[int] = set()

    def size(element: etree.Element, depth: int) -> int:
        known = sizes.get(id(element))
        if known is not None:
            return known
        if depth > MAX_USE_DEPTH:
            raise DiagramError(f"its <use> elements refer to each other more than {MAX_USE_DEPTH} levels deep")
        if id(element) in open_uses:
            raise DiagramError("a <use> element refers to itself or to an element that holds it")
        open_uses.add(id(element))
        total = 1
        for child in element:
            total += size(child, depth)
        if element.tag == f"{{{SVG}}}use":
            target = (element.get(f"{{{XLINK}}}href") or element.get("href") or "").strip()
            if target.startswith("#") and (referenced := by_id.get(target[1:])) is not None:
                total += size(referenced, depth + 1)
        open_uses.discard(id(element))
        if total > MAX_DRAWN_ELEMENTS:
            raise DiagramError(
                f"it would draw more than {MAX_DRAWN_ELEMENTS:,} shapes once its <use> elements are expanded"
            )
        sizes[id(element)] = total
        return total

    size(root, 0)


def _depth(root: etree.Element) -> int:
    """How deep elements nest, counted without recursion."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


def _css_size(root: etree.Element) -> tuple[float, float]:
    def number(value: str | None) -> float | None:
        match = re.match(r"^\s*([\d.]+)\s*(px)?\s*$", value or "")
        return float(match[1]) if match else None

    width, height = number(root.get("width")), number(root.get("height"))
    if width is None or height is None:
        box = (root.get("viewBox") or "").replace(",", " ").split()
        if len(box) == 4:
            width, height = float(box[2]), float(box[3])
    if not width or not height:
        raise DiagramError("it has no size (width/height or viewBox)")
    return width, height


# Attributes and style properties that hold a colour (or a paint: a colour or url(#…)).
COLOUR_PROPERTIES = {"fill", "stroke", "stop-color", "flood-color", "lighting-color", "color", "background-color"}


def resolve_colours(root: etree.Element, palette: Palette = LIGHT) -> None:
    """CSS that only a browser resolves, resolved as a browser in ``palette``'s theme does:
    ``light-dark()`` and ``var(--x, fallback)`` (draw.io 2024 on), in attributes, inline styles
    (the labels' HTML too) and ``<style>`` sheets; in the dark theme the file's default black
    and white swap (``drawio_labels.themed_colour``). A colour in a function CairoSVG does not
    know is left out (the shape takes the default), rather than stopping the drawing."""
    for element in root.iter():
        if element.tag == f"{{{SVG}}}style" and element.text and ("(" in element.text or "@" in element.text):
            # A web font (@import, @font-face) would be fetched by a browser; the build never
            # fetches, so the labels fall back as a browser offline does.
            sheet = _themed_sheet(element.text, palette) if palette.dark else resolve_css_functions(element.text)
            element.text = _REMOTE_RULE.sub("", sheet)
        for name, value in list(element.attrib.items()):
            if name == "style":
                element.set(name, _resolved_style(value, palette))
            elif ("(" in value or palette.dark) and name.rsplit("}", 1)[-1] in COLOUR_PROPERTIES:
                resolved = themed_colour(value, palette)
                if resolved.strip() and usable_color(resolved):
                    element.set(name, resolved)
                else:
                    del element.attrib[name]


_DECLARATION = re.compile(r"(?P<name>-{0,2}[\w-]+)\s*:\s*(?P<value>[^;{}]+)")


def _themed_sheet(sheet: str, palette: Palette) -> str:
    """A ``<style>`` sheet in ``palette``'s theme, declaration by declaration (a whole-sheet
    pass would swap the dark value of a ``light-dark()`` back)."""

    def themed(match: re.Match[str]) -> str:
        name, value = match["name"], match["value"]
        if name.lower() in COLOUR_PROPERTIES or name.startswith("--"):
            return f"{name}: {themed_colour(value.strip(), palette)}"
        return f"{name}: {resolve_css_functions(value.strip(), palette.dark)}"

    return _DECLARATION.sub(themed, sheet)


# @import and @font-face rules (a web font, from Google Fonts in draw.io's case).
_REMOTE_RULE = re.compile(r"@import[^;]*;?|@font-face\s*\{[^}]*\}", re.IGNORECASE)


def _resolved_style(style: str, palette: Palette = LIGHT) -> str:
    if ("(" not in style and not palette.dark) or "url(data:" in style.replace(" ", "").lower():
        return style  # nothing to resolve; or a data: address, whose ';' is not a separator
    kept, changed = [], False
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        if not name.strip() or not value.strip():
            continue
        colour = name.strip().lower() in COLOUR_PROPERTIES
        value = value.strip()
        resolved = themed_colour(value, palette) if colour else resolve_css_functions(value, palette.dark)
        if colour and (not resolved.strip() or not usable_color(resolved)):
            changed = True
            continue
        changed = changed or resolved != value.strip()
        kept.append(f"{name.strip()}: {resolved}")
    return "; ".join(kept) if changed else style


def output_scale(width: float, height: float) -> float:
    """SCALE, or less for a canvas that would exceed MAX_OUTPUT_PIXELS at it (down to MIN_SCALE)."""
    if width * height * SCALE * SCALE <= MAX_OUTPUT_PIXELS:
        return SCALE
    scale = float((MAX_OUTPUT_PIXELS / (width * height)) ** 0.5)
    if scale < MIN_SCALE:
        raise DiagramError(
            f"its canvas is {width:.0f} x {height:.0f} pixels; even at {MIN_SCALE}x that is more than "
            f"{MAX_OUTPUT_PIXELS:,} pixels, the most a diagram may have"
        )
    return scale


def prepare(
    svg: bytes,
    measurer: Measurer | None = None,
    notes: list[Note] | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
    palette: Palette = LIGHT,
) -> tuple[bytes, float, float]:
    """The SVG with labels as native text and the warning line removed, in ``palette``'s
    theme (the dark theme's labels made readable: ``ensure_contrast``), and its CSS size.
    What could not be drawn as a browser draws it is added to ``notes``."""
    root, width, height = _prepared(svg, measurer or Measurer(), notes if notes is not None else [], max_bytes, palette)
    return etree.tostring(root, encoding="utf-8"), width, height


def _prepared(
    svg: bytes, measurer: Measurer, notes: list[Note], max_bytes: int, palette: Palette
) -> tuple[etree.Element, float, float]:
    root = parse(svg, notes, max_bytes)
    width, height = _css_size(root)
    scale = output_scale(width, height)
    resolve_colours(root, palette)
    convert_labels(root, measurer, notes, palette)
    root.attrib.pop("content", None)  # the embedded diagram source is not drawn
    if palette.dark:
        # At 1x: a label's glyphs still have solid pixels, at a quarter of the cost of 2x.
        ensure_contrast(root, min(scale, 1.0), palette, notes)
    return root, width, height


def render(svg: bytes, max_bytes: int = MAX_INPUT_BYTES, palette: Palette = LIGHT) -> RenderedDiagram:
    """Render one draw.io SVG export to PNG bytes in ``palette``'s theme, in this process
    (``render_all`` uses workers)."""
    try:
        from cairosvg.surface import PNGSurface  # noqa: F401 - loaded here to fail with the reason
    except (ImportError, OSError) as exc:  # a missing libcairo raises OSError
        raise DiagramError(f"CairoSVG cannot be loaded ({exc}); install Debian's libcairo2") from None
    notes: list[Note] = []
    try:
        root, width, height = _prepared(svg, Measurer(), notes, max_bytes, palette)
        scale = output_scale(width, height)
        png = _draw(etree.tostring(root, encoding="utf-8"), scale, palette.background, notes)
    except RecursionError:
        raise DiagramError(f"its elements nest too deeply to draw (keep groups under {MAX_DEPTH} levels)") from None
    if scale < SCALE:
        notes.append(
            Note(
                f"drawn at {scale:.2f}x instead of {SCALE}x: its canvas ({width:.0f} x {height:.0f}) "
                f"would exceed {MAX_OUTPUT_PIXELS:,} pixels"
            )
        )
    return RenderedDiagram(png=png, width=round(width), height=round(height), notes=tuple(dict.fromkeys(notes)))


def _draw(prepared: bytes, scale: float, background: str | None, notes: list[Note]) -> bytes:
    """CairoSVG's PNG of a prepared drawing; its failures as a ``DiagramError``."""
    from cairosvg.surface import PNGSurface

    try:
        # PNGSurface.convert hands url_fetcher to the parser (svg2png does not): only embedded
        # data: pictures are read, within limits. On the theme's page, as draw.io draws it: a
        # transparent diagram with black lines would vanish in the dark scheme.
        return bytes(
            PNGSurface.convert(
                bytestring=prepared,
                scale=scale,
                unsafe=False,
                url_fetcher=EmbeddedFetcher(notes),
                background_color=background,
            )
        )
    except DiagramError:
        raise
    except Exception as exc:  # CairoSVG raises many kinds of errors on odd input
        message = str(exc)
        raise DiagramError(
            f"CairoSVG could not draw it ({type(exc).__name__}: "
            f"{message if len(message) <= 200 else message[:197] + '…'})"
        ) from None


# ---- labels readable in the dark variant ------------------------------------------------------

AA_TEXT = 4.5  # WCAG 2.1 AA, 1.4.3: text against what is behind it
AA_LARGE_TEXT = 3.0  # … and text at least 24 px, or 18.66 px bold
# Elements that define what others draw and are not drawn where they stand.
_NOT_DRAWN = {"defs", "clipPath", "mask", "marker", "pattern", "symbol"}
_SHAPES = {"rect", "path", "circle", "ellipse", "line", "polyline", "polygon", "image", "use", "foreignObject", "svg"}
_ID_STEP = 3  # label ids drawn as grey levels 3, 6, …: antialiasing moves a solid pixel by 1 at most
_IDS_PER_DRAWING = 255 // _ID_STEP - 1


_Paint = Callable[[etree.Element, str], str]  # an element and its id's grey: the style that draws it in that grey


@dataclass(frozen=True)
class Around:
    """How lines are measured: a line of one pixel at 1x has no pixel of its own that is not a
    blend of its two sides where it follows a fill's edge (a container's border), so the colours
    beside it count too: up to ``reach`` pixels away, and only where ``flat`` (the background's
    flat colours, 255; a blend is no colour a reader sees next to the line)."""

    paint: _Paint
    flat: Image.Image
    reach: int = 2


@dataclass
class _Ink:
    """The labels' words in one colour: what is recoloured together."""

    colour: str
    large: bool  # WCAG's large text: 3:1 is enough
    texts: list[etree.Element] = field(default_factory=list)
    group: etree.Element | None = None  # the converted label they belong to (its underlines, its math)
    behind: dict[tuple[int, int, int], int] = field(default_factory=dict)  # colours under the glyphs


def ensure_contrast(root: etree.Element, scale: float, palette: Palette, notes: list[Note]) -> int:
    """Recolour every label whose text would fall below WCAG AA against what is drawn behind
    it; return how many were recoloured. Labels' own backgrounds in the page's colour first
    take the colour of what they stand on (``match_label_backgrounds``).

    What is behind is measured, not guessed: the drawing without its text is drawn once, and
    the text alone once more with each label in its own grey level, so each label's glyphs are
    found on the page whatever transforms and clips place them. A label keeps the author's
    colour where it reads; otherwise the same hue lighter or darker, or black or white
    (black text on a pale fill stays black, while the page behind it turned dark)."""
    parents = {child: parent for parent in root.iter() for child in parent}
    inks = _inks(root, parents)
    if not inks:
        match_default_strokes(root, [], scale, palette, notes)
        return 0
    texts = [text for ink in inks for text in ink.texts]
    match_label_backgrounds(root, parents, texts, scale, palette, notes)
    # Lines before text: a recoloured line is part of what the text is then measured against.
    match_default_strokes(root, texts, scale, palette, notes)
    background = _image(_without(root, texts), scale, palette.background, notes).convert("RGB")
    for start in range(0, len(inks), _IDS_PER_DRAWING):
        batch = inks[start : start + _IDS_PER_DRAWING]
        measured = _colours_under(root, [ink.texts for ink in batch], background, scale, notes)
        for ink, colours in zip(batch, measured, strict=True):
            ink.behind = colours
    recoloured = 0
    for ink in inks:
        current = _rgb(ink.colour)
        total = sum(ink.behind.values())
        behind = [colour for colour, count in ink.behind.items() if count * 10 >= total]
        if current is None or not behind:
            continue
        needed = AA_LARGE_TEXT if ink.large else AA_TEXT
        if min(contrast(current, colour) for colour in behind) >= needed:
            continue
        _recolour(ink, readable_colour(current, behind, needed))
        recoloured += 1
    return recoloured


def match_label_backgrounds(
    root: etree.Element,
    parents: dict[etree.Element, etree.Element],
    texts: list[etree.Element],
    scale: float,
    palette: Palette,
    notes: list[Note],
) -> int:
    """Give each label background in the page's colour the colour of what lies behind the
    label; return how many changed.

    draw.io gives edge labels a white background so that the line does not cross the words;
    the dark theme swaps that white for its page. On the page that is right, but where the
    label stands inside a shape the author filled (a pale container stays pale), a patch of
    dark page inside it looks like a hole and the words in it are lost. What was meant is
    "the colour around the label", and that is what is drawn: the most common colour under
    the label's background in the drawing without labels' text and backgrounds (thin lines
    crossing it are outnumbered by the fill), measured with the same grey-level ids as the
    text. The text's colour is chosen afterwards, against this colour (``ensure_contrast``)."""
    page = _rgb(palette.background)
    if page is None:
        return 0
    patches = [
        rect
        for rect in root.iter(f"{{{SVG}}}rect")
        if rect.get("class") == LABEL_BACKGROUND
        and _rgb(rect.get("fill") or "") == page
        and not any(_local(a.tag) in _NOT_DRAWN for a in _ancestors(rect, parents))
    ]
    if not patches:
        return 0
    under = _image(_without(root, texts + patches), scale, palette.background, notes).convert("RGB")
    changed = 0
    for start in range(0, len(patches), _IDS_PER_DRAWING):
        batch = patches[start : start + _IDS_PER_DRAWING]
        measured = _colours_under(root, [[patch] for patch in batch], under, scale, notes)
        for patch, behind in zip(batch, measured, strict=True):
            colour = max(behind, key=lambda rgb: behind[rgb], default=page)
            if colour != page:
                patch.set("fill", "#{:02x}{:02x}{:02x}".format(*colour))
                changed += 1
    return changed


AA_NON_TEXT = 3.0  # WCAG 2.1 AA, 1.4.11: a line, an arrowhead, a border against what is beside it
_LINES = {"rect", "path", "circle", "ellipse", "line", "polyline", "polygon"}


def match_default_strokes(
    root: etree.Element, texts: list[etree.Element], scale: float, palette: Palette, notes: list[Note]
) -> int:
    """Give each line in the theme's default colour a colour that reaches WCAG's 3:1 (1.4.11)
    against what is beside it; return how many changed. An arrowhead filled in that colour goes
    with its line.

    The dark theme swaps the file's default black for white, which is right on the dark page,
    but an author's pale fill stays pale, and a white line on it (1.09:1 on #f5f5f5) vanishes.
    So, measured with the grey-level ids as the labels are: a line that reads stays white; one
    on pale fills only gets the file's black back; one crossing both the page and a pale fill
    gets a grey that reaches 3:1 against both where one exists, else the colour that reads
    against most of what it crosses. Lines in the author's own colours stay."""
    theme = _rgb(palette.text)
    strokes = _default_strokes(root, theme) if theme is not None else {}
    if theme is None or not strokes:
        return 0
    elements = list(strokes)
    under = _image(_unstroked(root, strokes, texts), scale, palette.background, notes).convert("RGB")
    around = Around(lambda element, grey: _stroke_paint(grey, strokes[element]), _flat(under))
    changed = 0
    for start in range(0, len(elements), _IDS_PER_DRAWING):
        batch = elements[start : start + _IDS_PER_DRAWING]
        measured = _colours_under(root, [[element] for element in batch], under, scale, notes, around)
        for element, behind in zip(batch, measured, strict=True):
            colour = line_colour(theme, behind)
            if colour is not None:
                style = f"stroke: {colour}" + (f"; fill: {colour}" if strokes[element] else "")
                element.set("style", f"{element.get('style') or ''}; {style}".lstrip("; "))
                changed += 1
    return changed


def _default_strokes(root: etree.Element, theme: tuple[int, int, int]) -> dict[etree.Element, bool]:
    """The drawn shapes whose line is in the theme's default colour, and whether their fill is
    too (an arrowhead). One walk down the tree carries what is inherited, as SVG does."""
    found: dict[etree.Element, bool] = {}
    stack: list[tuple[etree.Element, str | None, str | None]] = [(root, None, None)]
    while stack:
        element, stroke, fill = stack.pop()
        if _local(element.tag) in _NOT_DRAWN or _local(element.tag) == "text":
            continue  # text is the labels' (ensure_contrast); definitions are drawn elsewhere
        stroke, fill = _own(element, "stroke") or stroke, _own(element, "fill") or fill
        if _local(element.tag) in _LINES and stroke is not None and _rgb(stroke) == theme:
            found[element] = fill is not None and _rgb(fill) == theme
        stack.extend((child, stroke, fill) for child in element)
    return found


def _own(element: etree.Element, name: str) -> str | None:
    """A presentation property set on the element itself: its style, then its attribute."""
    for declaration in (element.get("style") or "").split(";"):
        key, _, value = declaration.partition(":")
        if key.strip().lower() == name and value.strip():
            return value.strip()
    return element.get(name)


def _stroke_paint(grey: str, filled: bool) -> str:
    return f"stroke: {grey}; stroke-opacity: 1; fill: {grey if filled else 'none'}; fill-opacity: 1; opacity: 1"


def _unstroked(root: etree.Element, strokes: dict[etree.Element, bool], texts: list[etree.Element]) -> bytes:
    """The drawing without the text and without the measured lines (and their arrowheads): what
    the lines are drawn on."""
    drawing = copy.deepcopy(root)
    twins = dict(zip(root.iter(), drawing.iter(), strict=True))
    for original, filled in strokes.items():
        hidden = "stroke: none" + ("; fill: none" if filled else "")
        twins[original].set("style", f"{twins[original].get('style') or ''}; {hidden}".lstrip("; "))
    parents = {child: parent for parent in drawing.iter() for child in parent}
    for text in texts:
        if twins[text] in parents:
            parents[twins[text]].remove(twins[text])
    return bytes(etree.tostring(drawing, encoding="utf-8"))


def _flat(image: Image.Image) -> Image.Image:
    """255 where a pixel's 3 x 3 neighbourhood is one colour, else 0. Compared with shifted
    copies, channel by channel: a rank filter over RGB costs more than the drawing."""
    from PIL import Image, ImageChops

    bands = image.split()
    differs = Image.new("L", image.size, 0)
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, -1), (1, -1), (-1, 1)):
        for band in bands:
            step = ImageChops.difference(band, ImageChops.offset(band, dx, dy))
            differs = ImageChops.lighter(differs, step)
    return differs.point(lambda value: 255 if value == 0 else 0)


def line_colour(current: tuple[int, int, int], under: dict[tuple[int, int, int], int]) -> str | None:
    """None if ``current`` reaches 3:1 against every colour that makes up a tenth of ``under``;
    else black (the file's own), the grey nearest ``current`` that reaches it against all, or
    whichever of black and ``current`` reads better against the most common one."""
    total = sum(under.values())
    behind = [colour for colour, count in under.items() if count * 10 >= total]
    if not behind:
        return None
    target = AA_NON_TEXT + 0.05  # a margin for the rounding to 8 bits

    def worst(candidate: tuple[int, int, int]) -> float:
        return min(contrast(candidate, colour) for colour in behind)

    if worst(current) >= AA_NON_TEXT:
        return None
    black = (0, 0, 0)
    if worst(black) >= target:
        return "#000000"
    # The greys that reach the target against the darkest and the lightest colour behind lie
    # between these luminances (WCAG's ratio solved for the grey); the one nearest the theme's
    # line stays closest to what the rest of the drawing shows.
    flares = sorted(luminance(colour) + 0.05 for colour in behind)
    darkest, lightest = target * flares[0] - 0.05, flares[-1] / target - 0.05
    grey = _grey(min(max(luminance(current), darkest), lightest))
    if darkest <= lightest and worst(grey) >= AA_NON_TEXT:
        return "#{:02x}{:02x}{:02x}".format(*grey)
    most = max(behind, key=lambda colour: under[colour])
    best = max((black, current), key=lambda candidate: contrast(candidate, most))
    return None if best == current else "#000000"


def _grey(target: float) -> tuple[int, int, int]:
    """The grey of relative luminance ``target`` (WCAG's formula inverted)."""
    value = target * 12.92 if target <= 0.0031308 else 1.055 * max(target, 0.0) ** (1 / 2.4) - 0.055
    channel = round(min(max(value, 0.0), 1.0) * 255)
    return channel, channel, channel


def _inks(root: etree.Element, parents: dict[etree.Element, etree.Element]) -> list[_Ink]:
    by_key: dict[tuple[int, str], _Ink] = {}
    for text in root.iter(f"{{{SVG}}}text"):
        chain = _ancestors(text, parents)
        if not "".join(text.itertext()).strip() or any(_local(a.tag) in _NOT_DRAWN for a in chain):
            continue
        group = next((a for a in chain if a.get("class") == "wrapup-label"), None)
        colour = _inherited(text, chain, "fill") or "black"
        if colour.lower() == "currentcolor":
            colour = _inherited(text, chain, "color") or "black"
        key = (id(group) if group is not None else id(text), colour)
        if key not in by_key:
            by_key[key] = _Ink(colour, _large(text, chain), group=group)
        by_key[key].texts.append(text)
    return list(by_key.values())


def _ancestors(element: etree.Element, parents: dict[etree.Element, etree.Element]) -> list[etree.Element]:
    chain = []
    while (element := parents.get(element)) is not None:  # type: ignore[assignment]
        chain.append(element)
    return chain


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _inherited(element: etree.Element, chain: list[etree.Element], name: str) -> str | None:
    """A presentation property as SVG inherits it: the style, then the attribute, up the tree."""
    for holder in (element, *chain):
        for declaration in (holder.get("style") or "").split(";"):
            key, _, value = declaration.partition(":")
            if key.strip().lower() == name and value.strip():
                return value.strip()
        if holder.get(name):
            return holder.get(name)
    return None


def _large(text: etree.Element, chain: list[etree.Element]) -> bool:
    match = re.match(r"\s*([\d.]+)\s*(px)?\s*$", _inherited(text, chain, "font-size") or "")
    size = float(match[1]) if match else 16.0
    weight = (_inherited(text, chain, "font-weight") or "").lower()
    bold = weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)
    return size >= 24 or (bold and size >= 18.66)


def _without(root: etree.Element, elements: list[etree.Element]) -> bytes:
    """The drawing with ``elements`` left out (the checked labels' text: what their words stand on)."""
    drawing = copy.deepcopy(root)
    checked = {id(element) for element in elements}
    for original, twin in zip(list(root.iter()), list(drawing.iter()), strict=True):
        for child_original, child_twin in zip(list(original), list(twin), strict=True):
            if id(child_original) in checked:
                twin.remove(child_twin)
    return bytes(etree.tostring(drawing, encoding="utf-8"))


def _filled(element: etree.Element, colour: str) -> str:
    return f"fill: {colour}; fill-opacity: 1; stroke: none; opacity: 1"


def _marked_only(root: etree.Element, batch: list[list[etree.Element]], paint: _Paint = _filled) -> bytes:
    """The elements of ``batch`` alone (texts, labels' backgrounds, or lines), each group in its
    own grey level (its id) as ``paint`` puts it on the original element, over nothing: every
    other shape and text is left out."""
    drawing = copy.deepcopy(root)
    level = {id(element): (index + 1) * _ID_STEP for index, elements in enumerate(batch) for element in elements}
    twins = dict(zip((id(element) for element in root.iter()), drawing.iter(), strict=True))
    kept = {id(twins[original_id]) for original_id in level}
    parents = {child: parent for parent in drawing.iter() for child in parent}
    for element in list(drawing.iter()):
        chain = _ancestors(element, parents)
        if any(_local(a.tag) in _NOT_DRAWN for a in chain):
            continue
        for name in ("filter", "opacity", "mask"):  # a shadow or fade would blur the grey levels
            element.attrib.pop(name, None)
        if _local(element.tag) in _SHAPES and id(element) not in kept and element is not drawing and element in parents:
            parents[element].remove(element)
    originals = {id(element): element for elements in batch for element in elements}
    for original_id, grey in level.items():
        for part in twins[original_id].iter():
            colour = f"rgb({grey}, {grey}, {grey})"
            part.set("style", f"{part.get('style') or ''}; {paint(originals[original_id], colour)}")
    for original_id in {id(e) for e in root.iter()} - set(level):
        twin = twins[original_id]
        if _local(twin.tag) == "text" and twin in parents:
            parents[twin].remove(twin)
    return bytes(etree.tostring(drawing, encoding="utf-8"))


def _image(drawing: bytes, scale: float, background: str | None, notes: list[Note]) -> Image.Image:
    from PIL import Image

    return Image.open(io.BytesIO(_draw(drawing, scale, background, notes)))


def _colours_under(
    root: etree.Element,
    batch: list[list[etree.Element]],
    background: Image.Image,
    scale: float,
    notes: list[Note],
    around: Around | None = None,
) -> list[dict[tuple[int, int, int], int]]:
    """Per group of ``batch``: the colours of ``background`` under its solid pixels, and how many;
    with ``around``, under and beside them (``Around``)."""
    from PIL import Image, ImageFilter

    ids = _image(_marked_only(root, batch, around.paint if around else _filled), scale, None, notes).convert("RGBA")
    if ids.size != background.size:
        raise DiagramError("its labels could not be measured against their background (the drawings differ in size)")
    grey, alpha = ids.getchannel("R"), ids.getchannel("A")
    solid = alpha.point(lambda value: 255 if value >= 128 else 0)
    marked = Image.composite(grey, Image.new("L", grey.size, 0), solid)
    if around is not None:
        marked = Image.composite(
            marked.filter(ImageFilter.MaxFilter(2 * around.reach + 1)), Image.new("L", grey.size, 0), around.flat
        )
    counted = Image.merge("RGBA", (*background.split(), marked)).getcolors(background.width * background.height)
    found: list[dict[tuple[int, int, int], int]] = [{} for _ in batch]
    for count, pixel in counted or []:
        if not isinstance(pixel, tuple):  # an RGBA image counts tuples; a single band would count numbers
            continue
        red, green, blue, level = pixel
        index = round(level / _ID_STEP) - 1
        if level and 0 <= index < len(batch):
            behind = found[index]
            behind[(red, green, blue)] = behind.get((red, green, blue), 0) + count
    return found


def _recolour(ink: _Ink, colour: str) -> None:
    for text in ink.texts:
        for part in text.iter():
            if part is text or part.get("fill") or "fill" in (part.get("style") or ""):
                part.set("style", f"{part.get('style') or ''}; fill: {colour}".lstrip("; "))
    if ink.group is not None:  # its underlines and its math, drawn in the text's colour
        for part in ink.group.iter():
            if part.get("class") == UNDERLINE and part.get("fill") == ink.colour:
                part.set("fill", colour)
            if _local(part.tag) == "svg" and part.get("color") == ink.colour:
                part.set("color", colour)


def _rgb(colour: str) -> tuple[int, int, int] | None:
    """A colour as CairoSVG reads it, in 0-255; None for none, a paint server or an unknown."""
    from cairosvg.colors import color

    try:
        red, green, blue, opacity = color(colour)
    except (ValueError, IndexError, TypeError):
        return None
    if opacity == 0:
        return None
    return round(red * 255), round(green * 255), round(blue * 255)


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG's relative luminance."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG's contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_colour(colour: tuple[int, int, int], behind: list[tuple[int, int, int]], needed: float) -> str:
    """The colour nearest the author's that reaches ``needed`` against every colour behind: the
    same hue lighter or darker (a red link stays red), else black or white, whichever reads
    better. A small margin keeps the rounding to 8 bits above the line."""
    target = needed + 0.05

    def worst(candidate: tuple[int, int, int]) -> float:
        return min(contrast(candidate, colour_behind) for colour_behind in behind)

    hue, lightness, saturation = colorsys.rgb_to_hls(*(channel / 255 for channel in colour))
    if saturation > 0.2:
        dark_behind = sum(luminance(colour_behind) for colour_behind in behind) / len(behind) < 0.18
        end = 1.0 if dark_behind else 0.0
        if worst(_hls(hue, end, saturation)) >= target:
            low, high = lightness, end
            for _ in range(20):
                middle = (low + high) / 2
                low, high = (low, middle) if worst(_hls(hue, middle, saturation)) >= target else (middle, high)
            return "#{:02x}{:02x}{:02x}".format(*_hls(hue, high, saturation))
    black, white = (0, 0, 0), (255, 255, 255)
    return "#000000" if worst(black) >= worst(white) else "#ffffff"


def _hls(hue: float, lightness: float, saturation: float) -> tuple[int, int, int]:
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return round(red * 255), round(green * 255), round(blue * 255)


def png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's header, or None if the bytes are not a complete PNG."""
    if (
        len(data) < 33
        or data[:8] != b"\x89PNG\r\n\x1a\n"
        or data[12:16] != b"IHDR"
        or not data.endswith(b"IEND\xaeB`\x82")
    ):
        return None
    return struct.unpack(">II", data[16:24])


def rendered_from_png(png: bytes) -> RenderedDiagram | None:
    size = png_size(png)
    if size is None:
        return None
    return RenderedDiagram(png=png, width=round(size[0] / SCALE), height=round(size[1] / SCALE))


NOTES = "diagram-notes"  # cache namespace: what a render noted, and whether it drew a dark variant, as JSON
DARK_SUFFIX = ".dark.png"  # the dark variant's cache entry, beside the light one's ".png"


def _valid_record(data: bytes) -> bool:
    try:
        record = json.loads(data)
    except ValueError:
        return False
    return (
        isinstance(record, dict)
        and isinstance(record.get("dark"), bool)
        and isinstance(notes := record.get("notes"), list)
        and all(
            isinstance(note, list) and len(note) == 2 and isinstance(note[0], str) and isinstance(note[1], bool)
            for note in notes
        )
    )


def _record_json(notes: tuple[Note, ...], dark: bool) -> bytes:
    return json.dumps({"notes": [[note.message, note.warning] for note in notes], "dark": dark}).encode()


def _record_of(data: bytes) -> tuple[tuple[Note, ...], bool]:
    record = json.loads(data)
    return tuple(Note(message, warning) for message, warning in record["notes"]), record["dark"]


@dataclass(frozen=True)
class DiagramOutput:
    """A rendered diagram ready for the site: its PNG (a cache file, or bytes when the cache
    cannot be written), its dark variant's the same way when one was drawn, and its CSS size."""

    width: int
    height: int
    path: str | None = None
    png: bytes | None = None
    notes: tuple[Note, ...] = ()  # what was drawn differently from a browser
    dark_path: str | None = None
    dark_png: bytes | None = None

    @property
    def file(self) -> str | bytes:
        """The PNG for the site: the cache file's path, else its bytes (one of them is always set)."""
        if self.path is not None:
            return self.path
        if self.png is None:
            raise ValueError("a rendered diagram has neither a cache file nor bytes")
        return self.png

    @property
    def dark_file(self) -> str | bytes | None:
        """The dark variant's PNG, like ``file``; None when none was drawn."""
        return self.dark_path if self.dark_path is not None else self.dark_png


@dataclass(frozen=True)
class _Job:
    source: str
    cache_dir: str
    key: str
    max_bytes: int
    dark: bool
    seconds: float  # the time the whole job may take


def _render_into_cache(job: _Job) -> DiagramOutput | str:
    """Worker entry for the build: read the SVG, draw it (and its dark variant), store the PNGs
    and then what the render noted in the cache.

    Only the cache paths and the size go back to the build process, so the build never holds
    every PNG at once; the bytes go back only when the cache cannot be written."""
    from wrapup.cache import ContentCache

    started = time.monotonic()
    try:
        data = Path(job.source).read_bytes()
        light = render(data, job.max_bytes)
    except (DiagramError, OSError) as exc:
        return str(exc)
    notes, dark = list(light.notes), None
    if job.dark:
        dark, dark_notes = _dark_variant(data, job, time.monotonic() - started)
        notes.extend(note for note in dark_notes if note not in notes)
    cache = ContentCache(Path(job.cache_dir), warn=lambda message: None)
    stored = cache.write("diagrams", job.key, ".png", light.png)
    dark_stored = cache.write("diagrams", job.key, DARK_SUFFIX, dark.png) if dark is not None else None
    if stored and (dark is None or dark_stored):  # the record last: it says every file it names exists
        cache.write(NOTES, job.key, ".json", _record_json(tuple(notes), dark is not None))
    return DiagramOutput(
        width=light.width,
        height=light.height,
        path=str(stored) if stored else None,
        png=None if stored else light.png,
        notes=tuple(notes),
        dark_path=str(dark_stored) if dark_stored else None,
        dark_png=dark.png if dark is not None and not dark_stored else None,
    )


# Drawing the dark variant costs about as much again as the light one, and its labels'
# contrast check a little more: a diagram that took this share of its time for the light one
# keeps only the light one, rather than losing both at the time limit.
DARK_TIME_SHARE = 0.4


def _dark_variant(data: bytes, job: _Job, light_seconds: float) -> tuple[RenderedDiagram | None, list[Note]]:
    """The dark variant, or None and a warning saying why the light one stands in for it."""
    if light_seconds > job.seconds * DARK_TIME_SHARE:
        reason = f"the light one took {light_seconds:.0f} s of the {job.seconds:.0f} s a diagram may take"
    else:
        try:
            dark = render(data, job.max_bytes, DARK)
            return dark, list(dark.notes)
        except DiagramError as exc:
            reason = str(exc)
        except Exception as exc:  # the light one is drawn: nothing may cost it
            reason = f"{type(exc).__name__}: {str(exc)[:160]}"
    return None, [Note(f"no dark variant: {reason}; readers in the dark scheme see the light one", warning=True)]


@dataclass(frozen=True)
class DiagramReport:
    outputs: dict[str, DiagramOutput]
    errors: dict[str, str]
    rendered: int
    cached: int
    originals: dict[str, bytes] = field(default_factory=dict)  # inert copies of the diagrams in errors

    @property
    def summary(self) -> str:
        failed = f", {len(self.errors)} failed" if self.errors else ""
        return f"diagrams: {self.rendered} rendered, {self.cached} cached{failed}"


def render_all(
    inputs: dict[str, Path], cache: ContentCache, workers: int, limits: Limits = Limits(), dark: bool = True
) -> DiagramReport:
    """Every diagram (by file) from the cache when its content was rendered before, the rest in
    parallel, straight into the cache (``wrapup.media.pipeline``); with ``dark``, each in the
    light and the dark theme."""

    def refuse(data: bytes) -> str | None:
        if len(data) <= limits.diagram_bytes:
            return None
        limit = limits.diagram_bytes
        return f"it is {byte_size(len(data), limit)}; diagrams may be at most {byte_size(limit)}"

    def finish(key: str, drawn: DiagramOutput) -> DiagramOutput:
        if drawn.path is None and drawn.png is not None:  # the worker could not write the cache: say so once
            cache.write("diagrams", key, ".png", drawn.png)
        return drawn

    recipe = Recipe(
        verb="rendering",
        key=lambda data: cache_key(data, dark),
        cached=lambda key: _cached_diagram(cache, key, dark),
        job=lambda path, key: _Job(
            str(path), str(cache.directory), key, limits.diagram_bytes, dark, limits.render_seconds
        ),
        worker=_render_into_cache,
        finish=finish,
        refuse=refuse,
    )
    made = make_all(inputs, recipe, workers, limits.render_seconds)
    originals = {name: copy for name in made.problems if (copy := sanitised_svg(inputs[name].read_bytes())) is not None}
    return DiagramReport(
        outputs=made.outputs, errors=made.problems, rendered=made.made, cached=made.cached, originals=originals
    )


def _cached_diagram(cache: ContentCache, key: str, dark: bool) -> DiagramOutput | None:
    """The output kept under ``key`` when its record and every PNG the record names are whole."""
    record = cache.read(NOTES, key, ".json", _valid_record)
    if record is None:
        return None
    notes, has_dark = _record_of(record.data)
    hit = cache.read("diagrams", key, ".png", lambda png: png_size(png) is not None)
    dark_hit = cache.read("diagrams", key, DARK_SUFFIX, lambda png: png_size(png) is not None) if has_dark else None
    size = png_size(hit.data) if hit is not None else None
    if hit is None or size is None or (dark and has_dark and dark_hit is None):
        return None
    width, height = size
    return DiagramOutput(
        width=round(width / SCALE),
        height=round(height / SCALE),
        path=str(hit.path),
        notes=notes,
        dark_path=str(dark_hit.path) if dark_hit is not None else None,
    )


# ---- an inert copy of a diagram that could not be drawn ---------------------------------------

# SVG elements and attributes that draw and do nothing else: no script, no event handler, no
# foreignObject (HTML), no link, no animation (which can rewrite an href), no outside address.
SAFE_ELEMENTS = {
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "switch",
    "title",
    "desc",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "path",
    "text",
    "tspan",
    "textPath",
    "image",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
    "pattern",
    "marker",
    "filter",
    "feGaussianBlur",
    "feOffset",
    "feBlend",
    "feColorMatrix",
    "feComposite",
    "feFlood",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feDropShadow",
}
SAFE_ATTRIBUTES = {
    "id",
    "class",
    "transform",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "width",
    "height",
    "d",
    "points",
    "viewBox",
    "preserveAspectRatio",
    "version",
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-opacity",
    "opacity",
    "color",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
    "alignment-baseline",
    "letter-spacing",
    "text-decoration",
    "offset",
    "stop-color",
    "stop-opacity",
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "clip-path",
    "clip-rule",
    "clipPathUnits",
    "mask",
    "maskUnits",
    "maskContentUnits",
    "marker-start",
    "marker-mid",
    "marker-end",
    "markerWidth",
    "markerHeight",
    "markerUnits",
    "refX",
    "refY",
    "orient",
    "patternUnits",
    "patternContentUnits",
    "patternTransform",
    "visibility",
    "display",
    "filter",
    "filterUnits",
    "stdDeviation",
    "dx",
    "dy",
    "in",
    "in2",
    "result",
    "mode",
    "operator",
    "values",
    "type",
    "flood-color",
    "flood-opacity",
    "radius",
    "style",
    "requiredFeatures",
    "pointer-events",
}
_SAFE_STYLE = re.compile(r"^[\s\w#%(),.:;\-/'\"]*$")


def _safe_reference(tag: str, target: str) -> bool:
    target = target.strip()
    if target.startswith("#"):
        return True
    return tag == "image" and re.match(r"data:image/(png|jpeg|gif|webp);base64,", target, re.IGNORECASE) is not None


# CSS functions that load a resource: only url(#id), a reference inside the drawing, may stay.
_LOADING_FUNCTION = re.compile(r"(?<![\w-])(url|image-set|-webkit-image-set|image|cross-fade|element|src)\(")


def _inert_value(value: str) -> bool:
    """An attribute value (a presentation attribute is CSS too: ``fill="url(…)"``) that refers to
    nothing outside the drawing: every url() to one of its own ids, no other loading function,
    no CSS escape that could spell one, no script address."""
    lowered = "".join(value.lower().split())
    if "\\" in value or "javascript:" in lowered or "expression(" in lowered:
        return False
    for match in _LOADING_FUNCTION.finditer(lowered):
        rest = lowered[match.end() :].lstrip("'\"")
        if match[1] != "url" or not rest.startswith("#"):
            return False
    return True


def _safe_style(value: str) -> bool:
    """A style that only draws: no url() but to the drawing's own ids, no @-rule, no expression."""
    return "@" not in value and _inert_value(value) and bool(_SAFE_STYLE.match(value))


def sanitised_svg(svg: bytes) -> bytes | None:
    """An inert copy of a diagram (the elements and attributes that draw and nothing else), for
    readers to open when the build cannot draw it; None when it cannot be read safely at all."""
    try:
        root = parse(svg, [])
    except DiagramError:
        return None
    resolve_colours(root)

    def clean(element: etree.Element) -> etree.Element | None:
        namespace, _, tag = element.tag.rpartition("}")
        if namespace.lstrip("{") != SVG or (tag not in SAFE_ELEMENTS and tag != "a"):
            return None
        copy = etree.Element(f"{{{SVG}}}g" if tag == "a" else element.tag)  # a link keeps its drawing, not its target
        for name, value in element.attrib.items() if tag != "a" else ():
            local = name.rsplit("}", 1)[-1]
            if local == "href":
                if _safe_reference(tag, value):
                    copy.set(f"{{{XLINK}}}href", value)
            elif (
                "}" not in name
                and local in SAFE_ATTRIBUTES
                and (_safe_style(value) if local == "style" else _inert_value(value))
            ):
                copy.set(name, value)
        copy.text = element.text if tag in ("text", "tspan", "textPath", "title", "desc") else None
        for child in element:
            cleaned = clean(child)
            if cleaned is not None:
                cleaned.tail = child.tail if tag in ("text", "tspan", "textPath") else None
                copy.append(cleaned)
        return copy

    cleaned = clean(root)
    return etree.tostring(cleaned, encoding="utf-8", xml_declaration=True) if cleaned is not None else None
