"""Raster images to light, responsive derivatives: a few widths, WebP and the original format.

Every local PNG, JPEG, WebP or (still) GIF referenced from a page is decoded once, turned
upright by its EXIF orientation, and written at up to three widths (never upscaled) as WebP
and in its own format, without metadata (no GPS position leaves the build). An image that
cannot or should not be processed (not an image, truncated, a decompression bomb, 1 x 1,
CMYK, 16-bit, animated) is an ``ImageProblem``: the page serves the original as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wrapup.cache import ContentCache

if TYPE_CHECKING:  # Pillow is imported where images are made, not by every build
    from PIL.Image import Image as PILImage


import hashlib
import io
import json
import warnings
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from wrapup.cache import regular_file_size
from wrapup.media.pipeline import Recipe, make_all
from wrapup.settings import Limits

# Bump when processing changes what a derivative looks like: it is part of every cache key.
IMAGES_VERSION = "3"  # 2: no comment or other metadata carried over; 3: MPO and HEIF photos
MAX_PIXELS = 50_000_000  # larger is treated as a decompression bomb, an error
RASTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".heic", ".heif")
# The fallback each format is served as (beside WebP). A still GIF's is a PNG (smaller, same
# pixels); a phone's photo is a JPEG: MPO (a JPEG with a second, depth or preview, image: what
# iPhones and Android phones save as .jpeg) and HEIC/HEIF (pillow-heif reads them).
FALLBACK = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("png", "image/png"),
    "MPO": ("jpg", "image/jpeg"),
    "HEIF": ("jpg", "image/jpeg"),
}
# Formats whose further frames are not an animation but extra pictures of the same scene.
_STILL_WITH_FRAMES = {"MPO", "HEIF"}
READABLE = "PNG, JPEG (also MPO, as phones save it), WebP, GIF or HEIC/HEIF"


class ImageProblem(Exception):
    """Why an image cannot be re-encoded (and so is not published), in words for the contributor."""


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    suffix: str  # file suffix without dot: 'webp', 'jpg', 'png'
    mime: str
    size: int  # bytes; a cached file of another size is damaged and made again

    @property
    def name(self) -> str:
        return f"{self.width}.{self.suffix}"


@dataclass(frozen=True)
class ProcessedImage:
    width: int  # upright size of the original, in pixels
    height: int
    variants: tuple[Variant, ...]

    def of_type(self, mime: str) -> list[Variant]:
        return [variant for variant in self.variants if variant.mime == mime]

    @property
    def fallback_mime(self) -> str:
        """The type an old browser gets: the original's (WebP for a WebP original)."""
        return next((variant.mime for variant in self.variants if variant.mime != "image/webp"), "image/webp")


def settings_key(widths: tuple[int, ...] = Limits.image_widths) -> str:
    """What, besides the bytes, decides the output: widths, formats, versions."""
    return f"{IMAGES_VERSION}|{widths}|{metadata.version('pillow')}|{_heif_version()}"


def _heif_version() -> str:
    try:
        return metadata.version("pillow-heif")
    except metadata.PackageNotFoundError:
        return "none"


def cache_key(data: bytes, widths: tuple[int, ...] = Limits.image_widths) -> str:
    digest = hashlib.sha256(settings_key(widths).encode() + b"\0")
    digest.update(data)
    return digest.hexdigest()


def _open(data: bytes) -> PILImage:
    from PIL import Image, UnidentifiedImageError

    _register_heif()
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: make it an error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageProblem(f"it is a decompression bomb: {exc}") from None
    except UnidentifiedImageError:
        raise ImageProblem(f"it is not an image the site can read; it takes {READABLE}") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem(f"it cannot be decoded ({exc}); it may be truncated") from None
    return image


def _register_heif() -> None:
    """HEIC/HEIF (iPhone photos) through pillow-heif, the maintained Pillow plugin."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:  # not installed: such a photo is reported as unreadable, naming the formats
        return
    register_heif_opener()


def _checked(image: PILImage) -> PILImage:
    if image.format not in FALLBACK:
        raise ImageProblem(f"{image.format} images are not re-encoded; the site takes {READABLE}")
    if image.format in _STILL_WITH_FRAMES:
        image.seek(0)  # the photo itself; the other frames are a depth map or a preview
    elif getattr(image, "n_frames", 1) > 1:
        raise ImageProblem(
            f"it is animated ({getattr(image, 'n_frames', 1)} frames), and only still images are re-encoded; "
            "show a still frame and link the animation where it lives"
        )
    if image.width * image.height <= 1:
        raise ImageProblem("it is 1 x 1 pixel (a tracking pixel or a placeholder?)")
    if image.mode == "CMYK":
        raise ImageProblem("it is a CMYK image, which browsers show with wrong colours; save it as RGB")
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F") or image.info.get("bit_depth", 8) > 8:
        raise ImageProblem(f"it has 16 bits per channel (mode {image.mode}); save it with 8 bits per channel")
    return image


def process(data: bytes, widths: tuple[int, ...] = Limits.image_widths) -> tuple[ProcessedImage, dict[str, bytes]]:
    """Derivatives of one image: the description and the bytes of each file (by name
    ``<width>.<suffix>``)."""
    from PIL import (  # imported where images are made, not by every build
        Image,
        ImageOps,
    )

    image = _checked(_open(data))
    fallback_suffix, fallback_mime = FALLBACK[image.format or ""]
    upright = ImageOps.exif_transpose(image)
    mode = (
        "RGBA"
        if upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info)
        else "RGB"
    )
    upright = upright.convert(mode)
    # Pillow writes some of the original's metadata back unless told otherwise (a JPEG's
    # comment, for one): keep only the colour profile, which says how to show the pixels.
    upright.info = {key: value for key, value in upright.info.items() if key == "icc_profile"}
    sizes = sorted({min(width, upright.width) for width in widths})
    formats = [("webp", "image/webp")] + ([(fallback_suffix, fallback_mime)] if fallback_suffix != "webp" else [])
    variants: list[Variant] = []
    files: dict[str, bytes] = {}
    for width in sizes:
        height = max(1, round(upright.height * width / upright.width))
        resized = upright if width == upright.width else upright.resize((width, height), Image.Resampling.LANCZOS)
        resized.info = dict(upright.info)
        for suffix, mime in formats:
            buffer = io.BytesIO()
            # No exif=, no pnginfo=: Pillow writes no metadata unless asked, so GPS and camera data stay behind.
            if suffix == "webp":
                resized.save(buffer, "WEBP", quality=80, method=4)
            elif suffix == "jpg":
                resized.convert("RGB").save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
            else:
                resized.save(buffer, "PNG", optimize=True)
            variant = Variant(width, height, suffix, mime, len(buffer.getvalue()))
            variants.append(variant)
            files[variant.name] = buffer.getvalue()
    return ProcessedImage(upright.width, upright.height, tuple(variants)), files


def _process_into_cache(
    job: tuple[str, str, str, tuple[int, ...]],
) -> tuple[dict[str, Any], dict[str, str | bytes]] | str:
    """Worker entry for the build: read the image, make its derivatives, store them in the cache.

    Only cache paths and sizes go back to the build process (bytes only for files the cache
    could not take); the manifest is written last, so it only ever names files that exist."""
    from wrapup.cache import ContentCache

    source, cache_dir, key, widths = job
    try:
        processed, files = process(Path(source).read_bytes(), widths)
    except ImageProblem as exc:
        return str(exc)
    except OSError as exc:
        return f"it cannot be read ({exc.strerror or exc})"
    cache = ContentCache(Path(cache_dir), warn=lambda message: None)
    stored: dict[str, str | bytes] = {}
    for name, content in files.items():
        width, suffix = name.split(".")
        path = cache.write("images", f"{key}-{width}", f".{suffix}", content)
        stored[name] = str(path) if path else content
    if all(isinstance(value, str) for value in stored.values()):
        cache.write("images", key, ".json", manifest_of(processed))
    return asdict(processed), stored


def manifest_of(processed: ProcessedImage) -> bytes:
    return json.dumps(asdict(processed)).encode()


def _from_dict(raw: dict[str, Any]) -> ProcessedImage:
    return ProcessedImage(raw["width"], raw["height"], tuple(Variant(**v) for v in raw["variants"]))


def processed_from_manifest(data: bytes) -> ProcessedImage | None:
    try:
        return _from_dict(json.loads(data))
    except (ValueError, KeyError, TypeError):
        return None


@dataclass(frozen=True)
class ImageOutput:
    processed: ProcessedImage
    files: dict[str, str | bytes]  # '<width>.<suffix>' -> cache path, or bytes when uncached


@dataclass(frozen=True)
class ImageReport:
    outputs: dict[str, ImageOutput]
    problems: dict[str, str]
    made: int
    cached: int

    @property
    def summary(self) -> str:
        served = f", {len(self.problems)} not published" if self.problems else ""
        return f"images: {self.made} made, {self.cached} cached{served}"


def process_all(inputs: dict[str, Path], cache: ContentCache, workers: int, limits: Limits = Limits()) -> ImageReport:
    """Derivatives of every image (by file), from the cache where the same content was
    processed before; the rest are made in parallel, straight into the cache (``wrapup.media.pipeline``)."""

    def finish(key: str, outcome: tuple[dict[str, Any], dict[str, str | bytes]]) -> ImageOutput:
        raw, stored = outcome
        unstored = [(name, content) for name, content in stored.items() if isinstance(content, bytes)]
        if unstored:  # the worker could not write the cache: say so once, keep the bytes
            file_name, content = unstored[0]
            width, suffix = file_name.split(".")
            cache.write("images", f"{key}-{width}", f".{suffix}", content)
        return ImageOutput(_from_dict(raw), stored)

    recipe = Recipe(
        verb="processing",
        key=lambda data: cache_key(data, limits.image_widths),
        cached=lambda key: _from_cache(cache, key),
        job=lambda path, key: (str(path), str(cache.directory), key, limits.image_widths),
        worker=_process_into_cache,
        finish=finish,
    )
    made = make_all(inputs, recipe, workers, limits.render_seconds)
    return ImageReport(outputs=made.outputs, problems=made.problems, made=made.made, cached=made.cached)


def _from_cache(cache: ContentCache, key: str) -> ImageOutput | None:
    hit = cache.read("images", key, ".json", lambda data: processed_from_manifest(data) is not None)
    if hit is None:
        return None
    processed = processed_from_manifest(hit.data)
    if processed is None:  # the cache read checked it; a file changed since
        return None
    files: dict[str, str | bytes] = {}
    for variant in processed.variants:
        path = _variant_path(cache, key, variant.name)
        if regular_file_size(path) != variant.size:  # damaged, or not a plain file: made again
            return None
        files[variant.name] = str(path)
    return ImageOutput(processed, files)


def _variant_path(cache: ContentCache, key: str, name: str) -> Path:
    width, suffix = name.split(".")
    return cache.path("images", f"{key}-{width}", f".{suffix}")
