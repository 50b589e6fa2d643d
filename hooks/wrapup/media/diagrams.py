"""draw.io SVG exports to PNG: safely parsed, labels converted, rendered by CairoSVG, cached.

SVG files arrive in pull requests, so they are untrusted: parsed with defusedxml (no entity
expansion, no external entities), size- and pixel-capped, rendered without any fetch (every
URL CairoSVG asks for is refused), and each render runs in a worker process with a time limit.
A diagram that cannot be rendered is a ``DiagramError`` with a reason for the contributor;
the page then shows the original SVG.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from wrapup.build.cache import ContentCache
from wrapup.build.diagnostics import byte_size
from wrapup.media.drawio_labels import (
    SVG,
    XLINK,
    Measurer,
    Note,
    convert_labels,
    resolve_css_functions,
    usable_color,
)
from wrapup.media.pipeline import Recipe, make_all
from wrapup.settings import Limits

# Bump when the conversion changes what a diagram looks like: it is part of every cache key.
RENDERER_VERSION = "2"
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


def cache_key(svg: bytes) -> str:
    """Hash of the input bytes, the output settings and the versions of everything that draws.

    CairoSVG's version is read from its package metadata: importing it (0.17 s) is left to the
    builds that render something."""
    digest = hashlib.sha256()
    for part in (RENDERER_VERSION, metadata.version("cairosvg"), str(SCALE)):
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
        import io
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


def resolve_colours(root: etree.Element) -> None:
    """CSS that only a browser resolves, resolved as a browser in light mode does:
    ``light-dark()`` and ``var(--x, fallback)`` (draw.io 2024 on), in attributes, inline styles
    and ``<style>`` sheets. A colour in a function CairoSVG does not know is left out (the
    shape takes the default), rather than stopping the drawing."""
    for element in root.iter():
        if element.tag == f"{{{SVG}}}style" and element.text and ("(" in element.text or "@" in element.text):
            # A web font (@import, @font-face) would be fetched by a browser; the build never
            # fetches, so the labels fall back as a browser offline does.
            element.text = _REMOTE_RULE.sub("", resolve_css_functions(element.text))
        for name, value in list(element.attrib.items()):
            if name == "style":
                element.set(name, _resolved_style(value))
            elif "(" in value and name.rsplit("}", 1)[-1] in COLOUR_PROPERTIES:
                resolved = resolve_css_functions(value)
                if resolved.strip() and usable_color(resolved):
                    element.set(name, resolved)
                else:
                    del element.attrib[name]


# @import and @font-face rules (a web font, from Google Fonts in draw.io's case).
_REMOTE_RULE = re.compile(r"@import[^;]*;?|@font-face\s*\{[^}]*\}", re.IGNORECASE)


def _resolved_style(style: str) -> str:
    if "(" not in style or "url(data:" in style.replace(" ", "").lower():
        return style  # nothing to resolve; or a data: address, whose ';' is not a separator
    kept, changed = [], False
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        if not name.strip() or not value.strip():
            continue
        resolved = resolve_css_functions(value.strip())
        if name.strip().lower() in COLOUR_PROPERTIES and (not resolved.strip() or not usable_color(resolved)):
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
    svg: bytes, measurer: Measurer | None = None, notes: list[Note] | None = None, max_bytes: int = MAX_INPUT_BYTES
) -> tuple[bytes, float, float]:
    """The SVG with labels as native text and the warning line removed, and its CSS size.
    What could not be drawn as a browser draws it is added to ``notes``."""
    root = parse(svg, notes, max_bytes)
    width, height = _css_size(root)
    output_scale(width, height)
    resolve_colours(root)
    convert_labels(root, measurer or Measurer(), notes if notes is not None else [])
    root.attrib.pop("content", None)  # the embedded diagram source is not drawn
    return etree.tostring(root, encoding="utf-8"), width, height


def render(svg: bytes, max_bytes: int = MAX_INPUT_BYTES) -> RenderedDiagram:
    """Render one draw.io SVG export to PNG bytes, in this process (``render_all`` uses workers)."""
    try:
        from cairosvg.surface import PNGSurface
    except (ImportError, OSError) as exc:  # a missing libcairo raises OSError
        raise DiagramError(f"CairoSVG cannot be loaded ({exc}); install Debian's libcairo2") from None
    notes: list[Note] = []
    try:
        prepared, width, height = prepare(svg, notes=notes, max_bytes=max_bytes)
    except RecursionError:
        raise DiagramError(f"its elements nest too deeply to draw (keep groups under {MAX_DEPTH} levels)") from None
    scale = output_scale(width, height)
    if scale < SCALE:
        notes.append(
            Note(
                f"drawn at {scale:.2f}x instead of {SCALE}x: its canvas ({width:.0f} x {height:.0f}) "
                f"would exceed {MAX_OUTPUT_PIXELS:,} pixels"
            )
        )
    try:
        # PNGSurface.convert hands url_fetcher to the parser (svg2png does not): only embedded
        # data: pictures are read, within limits. White, as draw.io's own page: a transparent
        # diagram with black lines vanishes in dark mode.
        png = PNGSurface.convert(
            bytestring=prepared, scale=scale, unsafe=False, url_fetcher=EmbeddedFetcher(notes), background_color="white"
        )
    except DiagramError:
        raise
    except Exception as exc:  # CairoSVG raises many kinds of errors on odd input
        message = str(exc)
        raise DiagramError(
            f"CairoSVG could not draw it ({type(exc).__name__}: "
            f"{message if len(message) <= 200 else message[:197] + '…'})"
        ) from None
    return RenderedDiagram(png=png, width=round(width), height=round(height), notes=tuple(dict.fromkeys(notes)))


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


NOTES = "diagram-notes"  # cache namespace: what a render noted, beside its PNG, as JSON


def _valid_notes(data: bytes) -> bool:
    try:
        notes = json.loads(data)
    except ValueError:
        return False
    return isinstance(notes, list) and all(
        isinstance(note, list) and len(note) == 2 and isinstance(note[0], str) and isinstance(note[1], bool)
        for note in notes
    )


def _notes_json(notes: tuple[Note, ...]) -> bytes:
    return json.dumps([[note.message, note.warning] for note in notes]).encode()


def _notes_of(data: bytes) -> tuple[Note, ...]:
    return tuple(Note(message, warning) for message, warning in json.loads(data))


def _render_into_cache(
    job: tuple[str, str, str, int],
) -> tuple[str | None, int, int, bytes | None, tuple[Note, ...]] | str:
    """Worker entry for the build: read the SVG, render it, store the PNG (and its notes) in
    the cache.

    Only the cache path and the size go back to the build process, so the build never holds
    every PNG at once; the bytes go back only when the cache cannot be written."""
    from wrapup.build.cache import ContentCache

    source, cache_dir, key, max_bytes = job
    try:
        result = render(Path(source).read_bytes(), max_bytes)
    except (DiagramError, OSError) as exc:
        return str(exc)
    cache = ContentCache(Path(cache_dir), warn=lambda message: None)
    cache.write(NOTES, key, ".json", _notes_json(result.notes))
    stored = cache.write("diagrams", key, ".png", result.png)
    if stored:
        return str(stored), result.width, result.height, None, result.notes
    return None, result.width, result.height, result.png, result.notes


@dataclass(frozen=True)
class DiagramOutput:
    """A rendered diagram ready for the site: its PNG (a cache file, or bytes when the cache
    cannot be written) and its CSS size."""

    width: int
    height: int
    path: str | None = None
    png: bytes | None = None
    notes: tuple[Note, ...] = ()  # what was drawn differently from a browser

    @property
    def file(self) -> str | bytes:
        """The PNG for the site: the cache file's path, else its bytes (one of them is always set)."""
        if self.path is not None:
            return self.path
        if self.png is None:
            raise ValueError("a rendered diagram has neither a cache file nor bytes")
        return self.png


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


def render_all(inputs: dict[str, Path], cache: ContentCache, workers: int, limits: Limits = Limits()) -> DiagramReport:
    """Every diagram (by file) from the cache when its content was rendered before, the rest in
    parallel, straight into the cache (``wrapup.media.pipeline``)."""

    def refuse(data: bytes) -> str | None:
        if len(data) <= limits.diagram_bytes:
            return None
        limit = limits.diagram_bytes
        return f"it is {byte_size(len(data), limit)}; diagrams may be at most {byte_size(limit)}"

    def finish(key: str, outcome: tuple[str | None, int, int, bytes | None, tuple[Note, ...]]) -> DiagramOutput:
        stored, width, height, png, notes = outcome
        if stored is None and png is not None:  # the worker could not write the cache: say so once, keep the bytes
            cache.write("diagrams", key, ".png", png)
        return DiagramOutput(width=width, height=height, path=stored, png=png, notes=tuple(notes))

    recipe = Recipe(
        verb="rendering",
        key=cache_key,
        cached=lambda key: _cached_diagram(cache, key),
        job=lambda path, key: (str(path), str(cache.directory), key, limits.diagram_bytes),
        worker=_render_into_cache,
        finish=finish,
        refuse=refuse,
    )
    made = make_all(inputs, recipe, workers, limits.render_seconds)
    originals = {name: copy for name in made.problems if (copy := sanitised_svg(inputs[name].read_bytes())) is not None}
    return DiagramReport(
        outputs=made.outputs, errors=made.problems, rendered=made.made, cached=made.cached, originals=originals
    )


def _cached_diagram(cache: ContentCache, key: str) -> DiagramOutput | None:
    notes = cache.read(NOTES, key, ".json", _valid_notes)
    hit = cache.read("diagrams", key, ".png", lambda png: png_size(png) is not None) if notes else None
    size = png_size(hit.data) if hit is not None else None
    if hit is None or notes is None or size is None:
        return None
    width, height = size
    return DiagramOutput(
        width=round(width / SCALE), height=round(height / SCALE), path=str(hit.path), notes=_notes_of(notes.data)
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
