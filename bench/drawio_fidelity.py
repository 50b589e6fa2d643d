"""How faithfully do we render draw.io exports? Chromium is the reference.

For each diagram (the seed's two, from ../shared/corpus/seed, and the site's own under
hackathons/), this renders:

- the reference: headless Chromium (Debian's package) showing the SVG at 2x;
- the candidate: our pipeline (labels converted, CairoSVG, 2x);
- the baseline: CairoSVG alone, as a plain conversion would do.

and prints, per diagram and overall:

- label-word recall by OCR (tesseract): each label's region (found in Chromium with
  getBoundingClientRect) is cut from the image and read; recall is the share of the label's
  words that OCR finds there. The reference's own recall is the ceiling OCR allows;
- blurred SSIM of each image against the reference;
- whether the "Text is not SVG - cannot display" line is drawn;
- time per diagram: ours cold (in process, no cache) and warm (cache hit), Chromium's.

Usage: python bench/drawio_fidelity.py [FILE.drawio.svg ...]
Needs: Debian's chromium and tesseract-ocr, fonts-liberation; numpy (pip install -e ".[bench]").
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

PROJECT = Path(__file__).resolve().parent.parent
SEED = PROJECT.parent / "shared" / "corpus" / "seed"
sys.path.insert(0, str(PROJECT / "hooks"))

from wrapup.cache import ContentCache  # noqa: E402
from wrapup.diagrams import SCALE, render, render_all  # noqa: E402

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic", "--font-render-hinting=none"]
# Distinctive words of the two warning lines draw.io has written ("Text is not SVG - cannot
# display", "Viewer does not support full SVG 1.1"); shape edges at the bottom of a canvas
# can cross the line and cost OCR some of its words, so any one of them counts.
WARNING_WORDS = ("svg", "cannot", "display", "viewer")
LABEL_BOXES_JS = """() => [...document.querySelectorAll('foreignObject')].map(fo => {
  const inner = fo.querySelector('div > div > div') || fo.querySelector('div');
  const r = inner.getBoundingClientRect();
  return {text: inner.innerText, x: r.x, y: r.y, w: r.width, h: r.height};
})"""


def need(command: str, package: str) -> None:
    if shutil.which(command) is None:
        sys.exit(f"drawio_fidelity: '{command}' not found: install Debian's {package}")


def words_of(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z0-9]+", text)]


def ocr(image: Image.Image) -> str:
    with tempfile.NamedTemporaryFile(suffix=".png") as handle:
        image.save(handle.name)
        result = subprocess.run(["tesseract", handle.name, "stdout", "--psm", "6"],
                                capture_output=True, text=True, timeout=120)
    return result.stdout


def recall(image: Image.Image, labels: list[dict]) -> tuple[float, int, int, list[str]]:
    """Share of label words OCR reads back in each label's region (regions at 1x, image at 2x)."""
    found = total = 0
    missed: list[str] = []
    for label in labels:
        expected = words_of(label["text"])
        if not expected:
            continue
        pad = 6
        box = (max(0, int((label["x"] - pad) * SCALE)), max(0, int((label["y"] - pad) * SCALE)),
               min(image.width, int((label["x"] + label["w"] + pad) * SCALE)),
               min(image.height, int((label["y"] + label["h"] + pad) * SCALE)))
        if box[2] <= box[0] or box[3] <= box[1]:
            continue
        region = image.crop(box).convert("L")
        # Small labels read better enlarged and padded.
        if region.height < 60:
            region = region.resize((region.width * 2, region.height * 2), Image.LANCZOS)
        canvas = Image.new("L", (region.width + 40, region.height + 40), 255)
        canvas.paste(region, (20, 20))
        read = Counter(words_of(ocr(canvas)))
        for word in expected:
            total += 1
            if read[word] > 0:
                read[word] -= 1
                found += 1
            else:
                missed.append(word)
    return (found / total if total else 1.0), found, total, missed


def blurred_ssim(a: Image.Image, b: Image.Image) -> float:
    """Mean SSIM of the two images in grey, both blurred first (radius 2 at 2x), 7x7 windows."""
    size = (min(a.width, b.width), min(a.height, b.height))
    x = np.asarray(a.convert("L").crop((0, 0, *size)).filter(ImageFilter.GaussianBlur(2)), dtype=np.float64)
    y = np.asarray(b.convert("L").crop((0, 0, *size)).filter(ImageFilter.GaussianBlur(2)), dtype=np.float64)

    def box(values: np.ndarray, k: int = 7) -> np.ndarray:
        padded = np.pad(values, k // 2, mode="edge")
        summed = padded.cumsum(0).cumsum(1)
        summed = np.pad(summed, ((1, 0), (1, 0)))
        return (summed[k:, k:] - summed[:-k, k:] - summed[k:, :-k] + summed[:-k, :-k]) / (k * k)

    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mx, my = box(x), box(y)
    vx, vy, cov = box(x * x) - mx * mx, box(y * y) - my * my, box(x * y) - mx * my
    ssim = ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
    return float(ssim.mean())


def draws_warning(image: Image.Image) -> bool:
    """draw.io centres the warning on the bottom edge (10 px type): read that strip as one line."""
    strip = image.crop((image.width // 2 - 110 * SCALE, max(0, image.height - 20 * SCALE),
                        image.width // 2 + 110 * SCALE, image.height)).convert("L")
    strip = strip.resize((strip.width * 2, strip.height * 2), Image.LANCZOS)
    canvas = Image.new("L", (strip.width + 40, strip.height + 40), 255)
    canvas.paste(strip, (20, 20))
    with tempfile.NamedTemporaryFile(suffix=".png") as handle:
        canvas.save(handle.name)
        text = subprocess.run(["tesseract", handle.name, "stdout", "--psm", "7"],
                              capture_output=True, text=True, timeout=120).stdout
    return any(word in WARNING_WORDS for word in words_of(text))


@dataclass
class Row:
    name: str
    recall_ours: tuple
    recall_chromium: tuple
    recall_plain: tuple
    ssim_ours: float
    ssim_plain: float
    warning_ours: bool
    warning_plain: bool
    seconds_cold: float
    seconds_warm: float
    seconds_chromium: float


def measure(files: list[Path]) -> list[Row]:
    import cairosvg
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        started = time.perf_counter()
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM") or shutil.which("chromium"), args=CHROMIUM_FLAGS)
        chromium_start = time.perf_counter() - started
        print(f"Chromium cold start: {chromium_start:.2f} s")
        for path in files:
            data = path.read_bytes()
            started = time.perf_counter()
            ours = render(data)
            cold = time.perf_counter() - started
            with tempfile.TemporaryDirectory() as folder:
                cache = ContentCache(Path(folder), warn=print)
                render_all({path.name: path}, cache, workers=1)
                started = time.perf_counter()
                render_all({path.name: path}, cache, workers=1)
                warm = time.perf_counter() - started

            context = browser.new_context(viewport={"width": ours.width, "height": ours.height}, device_scale_factor=SCALE)
            page = context.new_page()
            started = time.perf_counter()
            page.goto(path.resolve().as_uri())
            reference_png = page.screenshot(full_page=False)
            seconds_chromium = time.perf_counter() - started
            labels = page.evaluate(LABEL_BOXES_JS)
            context.close()

            reference = Image.alpha_composite(Image.new("RGBA", (ours.width * SCALE, ours.height * SCALE), "white"),
                                              Image.open(io.BytesIO(reference_png)).convert("RGBA")).convert("RGB")
            candidate = Image.open(io.BytesIO(ours.png)).convert("RGB")
            plain = Image.open(io.BytesIO(cairosvg.svg2png(bytestring=data, scale=SCALE, background_color="white"))).convert("RGB")
            rows.append(Row(
                name=str(path.relative_to(PROJECT.parent)) if path.is_relative_to(PROJECT.parent) else str(path),
                recall_ours=recall(candidate, labels), recall_chromium=recall(reference, labels),
                recall_plain=recall(plain, labels), ssim_ours=blurred_ssim(candidate, reference),
                ssim_plain=blurred_ssim(plain, reference), warning_ours=draws_warning(candidate),
                warning_plain=draws_warning(plain), seconds_cold=cold, seconds_warm=warm,
                seconds_chromium=seconds_chromium,
            ))
        browser.close()
    return rows


def main(arguments: list[str]) -> int:
    if not os.environ.get("CHROMIUM"):
        need("chromium", "chromium")
    need("tesseract", "tesseract-ocr")
    if arguments:
        files = [Path(a) for a in arguments]
    else:
        if not SEED.is_dir():
            sys.exit(f"drawio_fidelity: the seed corpus is missing at {SEED}; pass diagram files instead")
        files = sorted(SEED.rglob("*.drawio.svg")) + sorted((PROJECT / "hackathons").rglob("*.drawio.svg"))
    rows = measure(files)
    header = f"{'diagram':<72} {'recall ours':>12} {'chromium':>9} {'plain':>6} {'SSIM ours':>9} {'plain':>6} {'warning ours/plain':>19} {'cold s':>7} {'warm s':>7} {'chromium s':>10}"
    print(header)
    for row in rows:
        print(f"{row.name:<72} {row.recall_ours[0]:>12.3f} {row.recall_chromium[0]:>9.3f} {row.recall_plain[0]:>6.3f} "
              f"{row.ssim_ours:>9.3f} {row.ssim_plain:>6.3f} {str(row.warning_ours) + '/' + str(row.warning_plain):>19} "
              f"{row.seconds_cold:>7.3f} {row.seconds_warm:>7.3f} {row.seconds_chromium:>10.3f}")
    for label, index in (("ours", "recall_ours"), ("chromium", "recall_chromium"), ("plain CairoSVG", "recall_plain")):
        found = sum(getattr(r, index)[1] for r in rows)
        total = sum(getattr(r, index)[2] for r in rows)
        print(f"overall word recall, {label}: {found}/{total} = {found / total:.3f}")
    for row in rows:
        if row.recall_ours[3]:
            print(f"missed by OCR on ours in {row.name}: {' '.join(row.recall_ours[3])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
