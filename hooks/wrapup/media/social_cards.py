"""Social preview cards: a 1200 x 630 PNG per event (its title, dates and place) for Open Graph.

Drawn with Pillow from fonts already on the machine (Liberation Sans, as for the diagrams, or
DejaVu Sans; Pillow's own font otherwise), so nothing is downloaded, unlike Material's social
plugin. Cards are cached by their text, the fonts and this module's version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wrapup.cache import ContentCache

if TYPE_CHECKING:  # Pillow is imported where a card is drawn
    from PIL.ImageDraw import ImageDraw
    from PIL.ImageFont import FreeTypeFont, ImageFont


import hashlib
import io
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Pillow is imported where a card is drawn: a warm build takes every card from the cache.

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
VERSION = "2"  # 2: long words and titles cut to fit
BACKGROUND = (76, 175, 80)  # Material's green, the site's primary colour
FOREGROUND = (255, 255, 255)
_FONT_NAMES = {"bold": ["Liberation Sans:bold", "DejaVu Sans:bold"], "regular": ["Liberation Sans", "DejaVu Sans"]}
# Where Debian's fonts-liberation(2) and fonts-dejavu-core put these faces: found there, the
# lookup needs no fontconfig process (two of them cost about as much as the rest of a warm
# seed build's cards).
_DEBIAN_FILES = {
    "bold": ["liberation/LiberationSans-Bold.ttf", "liberation2/LiberationSans-Bold.ttf", "dejavu/DejaVuSans-Bold.ttf"],
    "regular": [
        "liberation/LiberationSans-Regular.ttf",
        "liberation2/LiberationSans-Regular.ttf",
        "dejavu/DejaVuSans.ttf",
    ],
}
_DEBIAN_FONTS = Path("/usr/share/fonts/truetype")


@dataclass(frozen=True)
class CardText:
    site: str
    title: str
    dates: str
    place: str

    def key(self) -> str:
        fonts = "|".join(str(_font_file(weight)) for weight in ("bold", "regular"))
        text = "\0".join((VERSION, fonts, self.site, self.title, self.dates, self.place))
        return hashlib.sha256(text.encode()).hexdigest()


@cache
def _font_file(weight: str) -> str | None:
    """A TrueType file of the wanted weight (Liberation Sans, else DejaVu Sans) from Debian's
    font folders or fontconfig, or None."""
    for name in _DEBIAN_FILES[weight]:
        if (_DEBIAN_FONTS / name).is_file():
            return str(_DEBIAN_FONTS / name)
    if shutil.which("fc-match") is None:
        return None
    for name in _FONT_NAMES[weight]:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", name], capture_output=True, text=True, check=False
        ).stdout.strip()
        family = name.split(":")[0].replace(" ", "").lower()
        if found and family in found.replace("-", "").lower():
            return found
    return None


def _font(weight: str, size: int) -> FreeTypeFont | ImageFont:
    from PIL import ImageFont

    path = _font_file(weight)
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


# A card shows three lines of a title: more text than fits there is never measured (a title of
# 64 000 letters would make Pillow lay out, and refuse, a line wider than any image).
MAX_CARD_CHARACTERS = 240


def _fit(draw: ImageDraw, text: str, font: FreeTypeFont | ImageFont, width: int, suffix: str = "") -> str:
    """The longest start of ``text`` that fits ``width`` with ``suffix`` after it (binary search:
    a word of thousands of letters costs a dozen measurements, not one per letter)."""
    if draw.textlength(text + suffix, font=font) <= width:
        return text + suffix
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if draw.textlength(text[:middle] + "…", font=font) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low] + "…"


def _wrap(draw: ImageDraw, text: str, font: FreeTypeFont | ImageFont, width: int, max_lines: int) -> list[str]:
    cut = len(text) > MAX_CARD_CHARACTERS
    lines: list[str] = []
    for word in text[:MAX_CARD_CHARACTERS].split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
        if len(lines) > max_lines:
            cut = True
            break
    lines = [_fit(draw, line, font, width) for line in lines[:max_lines]]
    if cut and lines and not lines[-1].endswith("…"):
        lines[-1] = _fit(draw, lines[-1], font, width, "…")
    return lines


def draw_card(text: CardText) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 24, WIDTH, HEIGHT), fill=(56, 142, 60))
    site_font, title_font, detail_font = _font("bold", 36), _font("bold", 76), _font("regular", 40)
    draw.text((MARGIN, MARGIN), text.site, font=site_font, fill=FOREGROUND)
    y = MARGIN + 90
    for line in _wrap(draw, text.title, title_font, WIDTH - 2 * MARGIN, 3):
        draw.text((MARGIN, y), line, font=title_font, fill=FOREGROUND)
        y += 90
    y = max(y + 30, HEIGHT - MARGIN - 2 * 56)
    for detail in (text.dates, text.place):
        for line in _wrap(draw, detail, detail_font, WIDTH - 2 * MARGIN, 1):
            draw.text((MARGIN, y), line, font=detail_font, fill=FOREGROUND)
            y += 56
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def card(text: CardText, cache: ContentCache) -> str | bytes:
    """The card's cached file path (or its bytes when the cache cannot be written)."""
    key = text.key()
    # A whole PNG: its signature and, last, its IEND chunk (a cut-off entry has no end).
    hit = cache.read(
        "cards", key, ".png", lambda data: data[:8] == b"\x89PNG\r\n\x1a\n" and data.endswith(b"IEND\xaeB`\x82")
    )
    if hit is not None:
        return str(hit.path)
    data = draw_card(text)
    path = cache.write("cards", key, ".png", data)
    return str(path) if path is not None else data
