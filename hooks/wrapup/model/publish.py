"""Which files of ``hackathons/`` the site may publish, and in what form.

The site serves everything under its own origin, so a file an event folder holds is published
only when it cannot run script there:

- Markdown becomes a page, and its HTML passes the sanitiser (``wrapup.pages.sanitize``);
- a raster image (PNG, JPEG, GIF, WebP) is re-encoded by us, without any metadata: its
  responsive sizes, and at its own address the largest of them (what the lightbox opens),
  never the author's bytes, which may carry a GPS position;
- an SVG (a draw.io export or any other) is drawn to PNG; the SVG itself is never served,
  since opened on its own it runs whatever script it holds. One that can be read but not drawn
  is served as an inert copy, rebuilt from an allowlist of drawing elements and attributes
  (``wrapup.media.diagrams.sanitised_svg``);
- everything else (``.html``, ``.js``, ``.xhtml``, ``.pdf``, unknown types) is refused with a
  warning naming the file.

The build (``wrapup_hooks``) and ``wrapup check`` both ask ``kind_of`` and ``refusal_diagnostic``.
"""

from __future__ import annotations

import enum
from pathlib import Path

from wrapup.diagnostics import Diagnostic, Level, byte_size
from wrapup.settings import Limits

RULE = "file-refused"
# A phone photo or a 5K screenshot is well under this; larger ones are still re-encoded, with a warning.
RASTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".heic", ".heif")
SVG_SUFFIX = ".svg"


class Kind(enum.Enum):
    PAGE = "page"
    RASTER = "raster"  # re-encoded
    SVG = "svg"  # drawn to PNG
    REFUSED = "refused"


def kind_of(name: str) -> Kind:
    lower = name.lower()
    if lower.endswith(".md"):
        return Kind.PAGE
    if lower.endswith(RASTER_SUFFIXES):
        return Kind.RASTER
    if lower.endswith(SVG_SUFFIX):
        return Kind.SVG
    return Kind.REFUSED


def refusal_diagnostic(path: Path) -> Diagnostic:
    return Diagnostic(
        path,
        None,
        Level.WARNING,
        "file not published: an event folder may publish Markdown, raster images (PNG, JPEG, GIF, "
        "WebP) and SVG diagrams (shown as PNG), nothing that a browser could run; link other "
        "material from where it lives",
        RULE,
    )


def unpublished_image_diagnostic(path: Path, reason: str) -> Diagnostic:
    return Diagnostic(
        path, None, Level.WARNING, f"image not published: {reason}; the page shows its alt text instead", "image"
    )


def unpublished_diagram_diagnostic(path: Path, reason: str, copy: bool = False) -> Diagnostic:
    shown = (
        "the page links an inert copy of the SVG (drawing elements only) under its alt text"
        if copy
        else "the SVG is not published and the page shows its alt text instead"
    )
    return Diagnostic(path, None, Level.WARNING, f"diagram not rendered: {reason}; {shown}", "diagram")


def dark_name(src_uri: str) -> str:
    """Where the dark variant of a drawn diagram is published, beside its PNG (``name.png``)."""
    return src_uri[: -len(".svg")] + ".dark.png"


def sanitised_name(src_uri: str) -> str:
    """Where the inert copy of a diagram that could not be drawn is published."""
    return src_uri[: -len(".svg")] + ".sanitised.svg"


def diagram_note_diagnostic(path: Path, note: str) -> Diagnostic:
    """What a drawn diagram shows differently from a browser (a font standing in, a picture or
    label it could not draw): the diagram is published, the contributor told."""
    return Diagnostic(path, None, Level.WARNING, f"diagram drawn with a difference: {note}", "diagram")


def oversized_image_diagnostic(path: Path, limit: int = Limits.image_bytes) -> Diagnostic | None:
    size = path.stat().st_size
    if size <= limit:
        return None
    return Diagnostic(
        path,
        None,
        Level.WARNING,
        f"image is {byte_size(size, limit)}; keep images under "
        f"{byte_size(limit)} (the site serves its own smaller copies either way)",
        "image-size",
    )
