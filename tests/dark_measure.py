"""Measuring a drawn diagram's labels from its pixels: their contrast against what is drawn
behind them (WCAG), and the words OCR reads back per label. Used by tests/test_dark_diagrams.py
and bench/drawio_fidelity.py --dark.

Contrast is measured on the drawing the site publishes (``prepare``'s SVG drawn by CairoSVG, as
``render`` draws it), independently of how the build chose the colours: the drawing is drawn
three times, whole, without its text, and its text alone in black, and each solid glyph pixel's
colour is compared with the flat colour behind it.
"""

from __future__ import annotations

import copy
import io
import re
import subprocess
import tempfile
import xml.etree.ElementTree as etree
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter

from wrapup.media.diagrams import contrast
from wrapup.media.drawio_labels import SVG

NOT_DRAWN = {"defs", "clipPath", "mask", "marker", "pattern", "symbol"}
SHAPES = {"rect", "path", "circle", "ellipse", "line", "polyline", "polygon", "image", "use", "foreignObject", "svg"}


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def draw(svg: bytes, scale: float, background: str | None) -> Image.Image:
    import cairosvg

    return Image.open(io.BytesIO(cairosvg.svg2png(bytestring=svg, scale=scale, background_color=background)))


def drawn_texts(root: etree.Element) -> list[etree.Element]:
    parents = {child: parent for parent in root.iter() for child in parent}

    def hidden(element: etree.Element) -> bool:
        while (element := parents.get(element)) is not None:
            if local(element.tag) in NOT_DRAWN:
                return True
        return False

    return [text for text in root.iter(f"{{{SVG}}}text") if "".join(text.itertext()).strip() and not hidden(text)]


def large(text: etree.Element) -> bool:
    """WCAG's large text (24 px, or 18.66 px bold), from the text's own attributes (ours always set them)."""
    match = re.match(r"\s*([\d.]+)", text.get("font-size") or "")
    size = float(match[1]) if match else 0.0
    return size >= 24 or (text.get("font-weight") == "bold" and size >= 18.66)


def _variant(root: etree.Element, keep_text: bool, keep_shapes: bool, only_large: bool | None = None) -> bytes:
    drawing = copy.deepcopy(root)
    parents = {child: parent for parent in drawing.iter() for child in parent}
    texts = {id(text) for text in drawn_texts(drawing)}
    for element in list(drawing.iter()):
        parent = parents.get(element)
        if parent is None:
            continue
        inside_definition = False
        ancestor = parent
        while ancestor is not None:
            inside_definition = inside_definition or local(ancestor.tag) in NOT_DRAWN
            ancestor = parents.get(ancestor)
        if inside_definition:
            continue
        if id(element) in texts:
            if not keep_text or (only_large is not None and large(element) != only_large):
                parent.remove(element)
            elif not keep_shapes:
                for part in element.iter():
                    part.set("style", f"{part.get('style') or ''}; fill: #000000; fill-opacity: 1; stroke: none")
        elif not keep_shapes and local(element.tag) in SHAPES:
            parent.remove(element)
        elif not keep_shapes:
            for name in ("filter", "opacity", "mask"):
                element.attrib.pop(name, None)
    return etree.tostring(drawing, encoding="utf-8")


@dataclass
class Contrasts:
    """Per solid glyph pixel (in reading order of the image): the contrast of the text with what
    is behind it, and the contrast WCAG AA asks for there."""

    measured: dict[tuple[int, int], float]
    needed: dict[tuple[int, int], float]


def text_contrasts(prepared: bytes, background: str, scale: float = 2.0) -> Contrasts:
    root = etree.fromstring(prepared)
    whole = draw(prepared, scale, background).convert("RGB")
    behind = draw(_variant(root, keep_text=False, keep_shapes=True), scale, background).convert("RGB")
    # Only where the text stands on a flat colour (its 3 x 3 pixels alike): on the soft edge of a
    # line or a fill the colour behind is a blend that no reader sees as the text's background.
    edges = ImageChops.difference(behind.filter(ImageFilter.MaxFilter(3)), behind.filter(ImageFilter.MinFilter(3)))
    flat = edges.convert("L").get_flattened_data()
    measured: dict[tuple[int, int], float] = {}
    needed: dict[tuple[int, int], float] = {}
    for is_large, ratio in ((False, 4.5), (True, 3.0)):
        ink = draw(_variant(root, keep_text=True, keep_shapes=False, only_large=is_large), scale, None).convert("RGBA")
        alpha = ink.getchannel("A")
        box = alpha.point(lambda value: 255 if value == 255 else 0).getbbox()
        if box is None:
            continue
        width = ink.width
        solid = [index for index, value in enumerate(alpha.get_flattened_data()) if value == 255 and flat[index] == 0]
        whole_pixels, behind_pixels = whole.get_flattened_data(), behind.get_flattened_data()
        for index in solid:
            point = (index % width, index // width)
            measured[point] = contrast(whole_pixels[index], behind_pixels[index])
            needed[point] = ratio
    return Contrasts(measured, needed)


def contrast_losses(light: Contrasts, dark: Contrasts) -> list[tuple[tuple[int, int], float, float]]:
    """Glyph pixels where the dark variant reads worse than AA and worse than the light one:
    (pixel, dark contrast, light contrast)."""
    return [
        (point, value, light.measured[point])
        for point, value in dark.measured.items()
        if point in light.measured and value < min(dark.needed[point], light.measured[point]) - 0.05
    ]


# ---- OCR ---------------------------------------------------------------------------------------


def words_of(text: str) -> list[str]:
    return [word.lower() for word in re.findall(r"[A-Za-z0-9]+", text)]


def ocr(image: Image.Image) -> str:
    with tempfile.NamedTemporaryFile(suffix=".png") as handle:
        image.save(handle.name)
        return subprocess.run(
            ["tesseract", handle.name, "stdout", "--psm", "6"], capture_output=True, text=True, timeout=120, check=False
        ).stdout


def readable_region(image: Image.Image, box: tuple[int, int, int, int]) -> Image.Image:
    """A label's region in grey, dark text on light: a region whose background (its most common
    grey) is dark is inverted, as OCR reads dark-on-light; the contrast is the same."""
    region = image.crop(box).convert("L")
    background = Counter(region.get_flattened_data()).most_common(1)[0][0]
    if background < 128:
        region = region.point(lambda value: 255 - value)
    if region.height < 60:
        region = region.resize((region.width * 2, region.height * 2), Image.LANCZOS)
    canvas = Image.new("L", (region.width + 40, region.height + 40), 255)
    canvas.paste(region, (20, 20))
    return canvas


def label_recall(image: Image.Image, labels: list[dict], scale: float) -> tuple[int, int, list[str]]:
    """(words read, words written, words missed) over the labels' regions (CSS pixels, image at ``scale``)."""
    found = total = 0
    missed: list[str] = []
    for label in labels:
        expected = words_of(label["text"])
        if not expected:
            continue
        read: Counter[str] = Counter()
        # Padded (a glyph a little outside Chromium's box is still read), and tight (an edge label's
        # own patch, whose colour differs from the fill around it), each in both polarities: OCR
        # reads one dark-on-light polarity per image, a reader reads both.
        for pad in (6, 1):
            box = (
                max(0, int((label["x"] - pad) * scale)),
                max(0, int((label["y"] - pad) * scale)),
                min(image.width, int((label["x"] + label["w"] + pad) * scale)),
                min(image.height, int((label["y"] + label["h"] + pad) * scale)),
            )
            if box[2] > box[0] and box[3] > box[1]:
                region = readable_region(image, box)
                for shown in (region, region.point(lambda value: 255 - value)):
                    read |= Counter(words_of(ocr(shown)))
        for word in expected:
            total += 1
            if read[word] > 0:
                read[word] -= 1
                found += 1
            else:
                missed.append(word)
    return found, total, missed


# Where each label sits, as Chromium lays the source out (the reference the fidelity bench uses).
LABEL_BOXES_JS = """() => [...document.querySelectorAll('foreignObject')].map(fo => {
  const inner = fo.querySelector('div > div > div') || fo.querySelector('div');
  const r = inner.getBoundingClientRect();
  return {text: inner.innerText, x: r.x, y: r.y, w: r.width, h: r.height};
})"""


# ---- lines -------------------------------------------------------------------------------------


def line_contrasts(prepared: bytes, background: str, ids: list[str], scale: float = 2.0) -> dict[str, list[float]]:
    """Per element id (a line, an arrowhead, a border): the contrast of each of its solid pixels
    with what is drawn beside it, the colour a few pixels away where that is flat (the drawing
    without these elements' strokes, and without their fills where those are their lines'
    colour). Independent of how the build chose the colours."""
    root = etree.fromstring(prepared)
    whole = draw(prepared, scale, background).convert("RGB")
    behind_root = copy.deepcopy(root)
    for element in behind_root.iter():
        if element.get("id") in ids:
            arrowhead = element.get("fill") == element.get("stroke")
            element.set("style", f"{element.get('style') or ''}; stroke: none" + ("; fill: none" if arrowhead else ""))
    behind = draw(etree.tostring(behind_root), scale, background).convert("RGB")
    spread = ImageFilter.MaxFilter(2 * round(2 * scale) + 1)
    edges = ImageChops.difference(behind.filter(ImageFilter.MaxFilter(3)), behind.filter(ImageFilter.MinFilter(3)))
    flat = edges.convert("L").get_flattened_data()
    found: dict[str, list[float]] = {}
    for wanted in ids:
        alone = copy.deepcopy(root)
        parents = {child: parent for parent in alone.iter() for child in parent}
        for element in list(alone.iter()):
            if (local(element.tag) in SHAPES and element.get("id") != wanted and element in parents) or (
                local(element.tag) == "text" and element in parents
            ):
                parents[element].remove(element)
            elif element.get("id") == wanted and element.get("fill") != element.get("stroke"):
                element.set("style", f"{element.get('style') or ''}; fill: none")  # its line, not its fill
        alpha = draw(etree.tostring(alone), scale, None).convert("RGBA").getchannel("A")
        solid = alpha.point(lambda value: 255 if value == 255 else 0)
        near = solid.filter(spread).get_flattened_data()
        whole_pixels, behind_pixels, solid_pixels = (
            whole.get_flattened_data(),
            behind.get_flattened_data(),
            solid.get_flattened_data(),
        )
        line_colours = Counter(whole_pixels[index] for index, value in enumerate(solid_pixels) if value)
        colour = line_colours.most_common(1)[0][0]  # the line's own colour, not its blended edge
        beside = {behind_pixels[index] for index, value in enumerate(near) if value and flat[index] == 0}
        found[wanted] = [contrast(colour, other) for other in beside]
    return found


def ocr_recall(browser, path: Path) -> tuple[tuple[int, int, list[str]], tuple[int, int, list[str]]]:  # type: ignore[no-untyped-def]
    """(found, total, missed) of the light and of the dark variant of the diagram at ``path``: its
    labels located by ``browser`` (Playwright's Chromium) on the SVG itself, read back by tesseract."""
    from wrapup.media.diagrams import render
    from wrapup.media.drawio_labels import DARK

    data = path.read_bytes()
    light, dark = render(data), render(data, palette=DARK)
    context = browser.new_context(viewport={"width": light.width, "height": light.height})
    page = context.new_page()
    page.goto(path.resolve().as_uri())
    labels = page.evaluate(LABEL_BOXES_JS)
    context.close()
    scale = Image.open(io.BytesIO(light.png)).width / light.width
    return tuple(  # type: ignore[return-value]
        label_recall(Image.open(io.BytesIO(png)).convert("RGB"), labels, scale) for png in (light.png, dark.png)
    )
