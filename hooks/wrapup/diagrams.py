"""draw.io SVG exports to PNG: safely parsed, labels converted, rendered by CairoSVG, cached.

SVG files arrive in pull requests, so they are untrusted: parsed with defusedxml (no entity
expansion, no external entities), size- and pixel-capped, rendered without any fetch (every
URL CairoSVG asks for is refused), and each render runs in a worker process with a time limit.
A diagram that cannot be rendered is a ``DiagramError`` with a reason for the contributor;
the page then shows the original SVG.
"""

from __future__ import annotations

import hashlib
import re
import struct
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .drawio_labels import SVG, XLINK, Measurer, convert_labels, resolve_light_dark
from .parallel import run_parallel

# Bump when the conversion changes what a diagram looks like: it is part of every cache key.
RENDERER_VERSION = "1"
SCALE = 2  # PNGs are drawn at twice the CSS size, for sharp display on dense screens
MAX_INPUT_BYTES = 5 * 1024 * 1024
MAX_OUTPUT_PIXELS = 40_000_000  # at SCALE; a 4000 x 2500 diagram at 2x is exactly this
RENDER_SECONDS = 60

etree.register_namespace("", SVG)
etree.register_namespace("xlink", XLINK)


class DiagramError(Exception):
    """A diagram that cannot be rendered, with the reason in words for the contributor."""


@dataclass(frozen=True)
class RenderedDiagram:
    png: bytes
    width: int  # CSS pixels (the PNG is SCALE times larger)
    height: int


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
    raise DiagramError(f"it refers to an outside resource ({url}); diagrams must be self-contained")


_EXTERNAL_REFERENCE = re.compile(r"^\s*(?!data:|#)[a-z][a-z0-9+.-]*:|^\s*/|^\s*\.\.", re.IGNORECASE)


def parse(svg: bytes) -> etree.Element:
    import defusedxml.ElementTree as safe_etree
    from defusedxml import DefusedXmlException

    if len(svg) > MAX_INPUT_BYTES:
        raise DiagramError(f"it is {len(svg) / 1e6:.1f} MB; diagrams may be at most {MAX_INPUT_BYTES / 1e6:.0f} MB")
    try:
        root = safe_etree.fromstring(svg, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise DiagramError(f"it declares XML entities or external references, which are not allowed ({type(exc).__name__})") from None
    except etree.ParseError as exc:
        raise DiagramError(f"it is not well-formed SVG ({exc})") from None
    if root.tag != f"{{{SVG}}}svg":
        raise DiagramError("it is not an SVG document (its root element is not <svg>)")
    if _depth(root) > MAX_DEPTH:
        raise DiagramError(f"its elements nest more than {MAX_DEPTH} levels deep; draw.io never does")
    for element in root.iter():
        for name in ("href", f"{{{XLINK}}}href"):
            target = element.get(name, "")
            tag = element.tag.rsplit("}", 1)[-1]
            if tag in ("image", "use", "feImage") and target and _EXTERNAL_REFERENCE.match(target):
                raise DiagramError(f"it refers to an outside resource ({target}); diagrams must be self-contained")
    return root


# draw.io nests a few levels (groups in layers in the page); deep nesting only overflows the
# recursive label and drawing code.
MAX_DEPTH = 200


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


def prepare(svg: bytes, measurer: Measurer | None = None) -> tuple[bytes, float, float]:
    """The SVG with labels as native text and the warning line removed, and its CSS size."""
    root = parse(svg)
    width, height = _css_size(root)
    if width * height * SCALE * SCALE > MAX_OUTPUT_PIXELS:
        raise DiagramError(
            f"its canvas is {width:.0f} x {height:.0f}, more than {MAX_OUTPUT_PIXELS:,} pixels at {SCALE}x")
    for element in root.iter():
        for name, value in element.attrib.items():
            if "light-dark(" in value:
                element.set(name, resolve_light_dark(value))
    convert_labels(root, measurer or Measurer())
    root.attrib.pop("content", None)  # the embedded diagram source is not drawn
    return etree.tostring(root, encoding="utf-8"), width, height


def render(svg: bytes) -> RenderedDiagram:
    """Render one draw.io SVG export to PNG bytes, in this process (``render_all`` uses workers)."""
    try:
        from cairosvg.surface import PNGSurface
    except (ImportError, OSError) as exc:  # a missing libcairo raises OSError
        raise DiagramError(f"CairoSVG cannot be loaded ({exc}); install Debian's libcairo2") from None
    try:
        prepared, width, height = prepare(svg)
    except RecursionError:
        raise DiagramError(f"its elements nest too deeply to draw (keep groups under {MAX_DEPTH} levels)") from None
    try:
        # PNGSurface.convert hands url_fetcher to the parser (svg2png does not): every fetch is refused.
        # White, as draw.io's own page: a transparent diagram with black lines vanishes in dark mode.
        png = PNGSurface.convert(bytestring=prepared, scale=SCALE, unsafe=False, url_fetcher=_refuse_fetch,
                                 background_color="white")
    except DiagramError:
        raise
    except Exception as exc:  # CairoSVG raises many kinds of errors on odd input
        raise DiagramError(f"CairoSVG could not draw it ({type(exc).__name__}: {exc})") from None
    return RenderedDiagram(png=png, width=round(width), height=round(height))


def png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's header, or None if the bytes are not a complete PNG."""
    if len(data) < 33 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR" or not data.endswith(b"IEND\xaeB`\x82"):
        return None
    return struct.unpack(">II", data[16:24])


def rendered_from_png(png: bytes) -> RenderedDiagram | None:
    size = png_size(png)
    if size is None:
        return None
    return RenderedDiagram(png=png, width=round(size[0] / SCALE), height=round(size[1] / SCALE))


def _render_into_cache(job: tuple[str, str, str]) -> tuple[str | None, int, int, bytes | None] | str:
    """Worker entry for the build: read the SVG, render it, store the PNG in the cache.

    Only the cache path and the size go back to the build process, so the build never holds
    every PNG at once; the bytes go back only when the cache cannot be written."""
    from .cache import ContentCache

    source, cache_dir, key = job
    try:
        result = render(Path(source).read_bytes())
    except (DiagramError, OSError) as exc:
        return str(exc)
    stored = ContentCache(Path(cache_dir), warn=lambda message: None).write("diagrams", key, ".png", result.png)
    return (str(stored), result.width, result.height, None) if stored else (None, result.width, result.height, result.png)


@dataclass(frozen=True)
class DiagramOutput:
    """A rendered diagram ready for the site: its PNG (a cache file, or bytes when the cache
    cannot be written) and its CSS size."""

    width: int
    height: int
    path: str | None = None
    png: bytes | None = None


@dataclass(frozen=True)
class DiagramReport:
    outputs: dict[str, DiagramOutput]
    errors: dict[str, str]
    rendered: int
    cached: int

    @property
    def summary(self) -> str:
        failed = f", {len(self.errors)} failed" if self.errors else ""
        return f"diagrams: {self.rendered} rendered, {self.cached} cached{failed}"


def render_all(inputs: dict[str, Path], cache, workers: int, seconds: float = RENDER_SECONDS) -> DiagramReport:
    """Every diagram (by file) from the cache when its content was rendered before, the rest in
    parallel, straight into the cache. ``cache`` is a ``wrapup.cache.ContentCache``."""
    outputs: dict[str, DiagramOutput] = {}
    errors: dict[str, str] = {}
    jobs: dict[str, tuple[str, str, str]] = {}
    for name, path in inputs.items():
        key = cache_key(path.read_bytes())
        hit = cache.read("diagrams", key, ".png", lambda png: png_size(png) is not None)
        if hit is None:
            jobs[name] = (str(path), str(cache.directory), key)
            continue
        width, height = png_size(hit.data)
        outputs[name] = DiagramOutput(width=round(width / SCALE), height=round(height / SCALE), path=str(hit.path))
    cached = len(outputs)
    overrun = f"rendering took longer than {seconds:.0f} s and was stopped"
    for name, outcome in run_parallel(_render_into_cache, jobs, workers, seconds, overrun).items():
        if isinstance(outcome, str):
            errors[name] = outcome
            continue
        stored, width, height, png = outcome
        if stored is None:  # the worker could not write the cache: say so once, keep the bytes
            cache.write("diagrams", jobs[name][2], ".png", png)
        outputs[name] = DiagramOutput(width=width, height=height, path=stored, png=png)
    return DiagramReport(outputs=outputs, errors=errors, rendered=len(outputs) - cached, cached=cached)
