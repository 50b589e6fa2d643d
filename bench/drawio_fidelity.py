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

With ``--world`` it runs on the corpus of draw.io exports as the world writes them
(``tests/fixtures/drawio-world``, written by ``tests/drawio_world.py``) and also prints failures
(no PNG), label losses (a label Chromium's OCR reads words in and ours none) and whether each
was warned about, and time per diagram against Chromium's including its start.

With ``--dark`` it prints, as a Markdown table, per diagram, the OCR recall of the light and the
dark variant (each label's region read as dark text on light: a region on a dark background is
inverted first), the words OCR missed in each, and the glyph pixels of the dark variant below
WCAG AA where the light one is not (``tests/dark_measure.py``). Diagrams are named by their path
from the project's parent folder, so the seed's copy and the site's copy of a file stay apart.

Usage: python bench/drawio_fidelity.py [--world] [--dark] [FILE.drawio.svg ...]
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
from wrapup.media.diagrams import SCALE, DiagramError, render, render_all  # noqa: E402

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


def recall(image: Image.Image, labels: list[dict], scale: float = SCALE) -> tuple[float, int, int, list[str], list[int]]:
    """Share of label words OCR reads back in each label's region (regions at 1x, image at
    ``scale``), and the words read per label."""
    SCALE = scale  # noqa: N806 - the regions below are in CSS pixels of this image
    found = total = 0
    missed: list[str] = []
    per_label: list[int] = []
    for label in labels:
        expected = words_of(label["text"])
        if not expected:
            continue
        pad = 6
        box = (max(0, int((label["x"] - pad) * SCALE)), max(0, int((label["y"] - pad) * SCALE)),
               min(image.width, int((label["x"] + label["w"] + pad) * SCALE)),
               min(image.height, int((label["y"] + label["h"] + pad) * SCALE)))
        if box[2] <= box[0] or box[3] <= box[1]:
            per_label.append(0)
            continue
        region = image.crop(box).convert("L")
        # Small labels read better enlarged and padded.
        if region.height < 60:
            region = region.resize((region.width * 2, region.height * 2), Image.LANCZOS)
        canvas = Image.new("L", (region.width + 40, region.height + 40), 255)
        canvas.paste(region, (20, 20))
        read = Counter(words_of(ocr(canvas)))
        label_found = 0
        for word in expected:
            total += 1
            if read[word] > 0:
                read[word] -= 1
                found += 1
                label_found += 1
            else:
                missed.append(word)
        per_label.append(label_found)
    return (found / total if total else 1.0), found, total, missed, per_label


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
    failure: str = ""
    labels_lost: int = 0  # labels Chromium shows words of and ours none
    warned: bool = False  # the render reported a loss (a warning note)
    notes: tuple = ()


def failed_row(name: str, reason: str) -> Row:
    nothing = (0.0, 0, 0, [], [])
    return Row(name, nothing, nothing, nothing, 0.0, 0.0, False, False, 0.0, 0.0, 0.0, failure=reason)


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
            name = str(path.relative_to(PROJECT.parent)) if path.is_relative_to(PROJECT.parent) else str(path)
            started = time.perf_counter()
            try:
                ours = render(data)
            except DiagramError as exc:
                rows.append(failed_row(name, str(exc)))
                continue
            cold = time.perf_counter() - started
            with tempfile.TemporaryDirectory() as folder:
                cache = ContentCache(Path(folder), warn=print)
                render_all({path.name: path}, cache, workers=1)
                started = time.perf_counter()
                render_all({path.name: path}, cache, workers=1)
                warm = time.perf_counter() - started

            candidate = Image.open(io.BytesIO(ours.png)).convert("RGB")
            scale = candidate.width / ours.width  # less than SCALE for a canvas drawn smaller
            context = browser.new_context(viewport={"width": ours.width, "height": ours.height}, device_scale_factor=scale)
            page = context.new_page()
            started = time.perf_counter()
            page.goto(path.resolve().as_uri())
            reference_png = page.screenshot(full_page=False)
            seconds_chromium = time.perf_counter() - started
            labels = page.evaluate(LABEL_BOXES_JS)
            context.close()

            shot = Image.open(io.BytesIO(reference_png)).convert("RGBA")
            reference = Image.alpha_composite(Image.new("RGBA", shot.size, "white"), shot).convert("RGB")
            try:
                plain = Image.open(io.BytesIO(cairosvg.svg2png(bytestring=data, scale=scale, background_color="white"))).convert("RGB")
            except Exception:  # plain CairoSVG fails on many exports (var(), light-dark(), data: images)
                plain = Image.new("RGB", candidate.size, "white")
            recall_ours, recall_chromium = recall(candidate, labels, scale), recall(reference, labels, scale)
            lost = sum(1 for ours_found, reference_found in zip(recall_ours[4], recall_chromium[4])
                       if reference_found > 0 and ours_found == 0)
            rows.append(Row(
                name=name, recall_ours=recall_ours, recall_chromium=recall_chromium,
                recall_plain=recall(plain, labels, scale), ssim_ours=blurred_ssim(candidate, reference),
                ssim_plain=blurred_ssim(plain, reference), warning_ours=draws_warning(candidate),
                warning_plain=draws_warning(plain), seconds_cold=cold, seconds_warm=warm,
                seconds_chromium=seconds_chromium, labels_lost=lost,
                warned=any(note.warning for note in ours.notes), notes=ours.notes,
            ))
        browser.close()
    return rows


WORLD = PROJECT / "tests" / "fixtures" / "drawio-world"


def dark_rows(files: list[Path]) -> int:
    """Light vs dark: OCR recall per diagram and the dark variant's contrast losses."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(PROJECT / "tests"))
    from dark_measure import contrast_losses, ocr_recall, text_contrasts
    from wrapup.media.diagrams import prepare
    from wrapup.media.drawio_labels import DARK, LIGHT, Measurer

    measurer = Measurer()
    totals = [0, 0, 0]
    print("| diagram | words | light | dark | AA losses | missed light | missed dark |")
    print("| --- | ---: | ---: | ---: | ---: | --- | --- |")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM") or shutil.which("chromium"),
                                             args=CHROMIUM_FLAGS)
        for path in files:
            data = path.read_bytes()
            read = ocr_recall(browser, path)
            losses = contrast_losses(text_contrasts(prepare(data, measurer, palette=LIGHT)[0], LIGHT.background),
                                     text_contrasts(prepare(data, measurer, palette=DARK)[0], DARK.background))
            total = read[0][1]
            totals = [totals[0] + total, totals[1] + read[0][0], totals[2] + read[1][0]]
            missed = [" ".join(words) or "-" for _, _, words in read]
            print(f"| {shown_path(path)} | {total} | {read[0][0] / max(total, 1):.3f} | "
                  f"{read[1][0] / max(total, 1):.3f} | {len(losses)} | {missed[0]} | {missed[1]} |")
        browser.close()
    words = max(totals[0], 1)
    print(f"| **overall** | {totals[0]} | {totals[1] / words:.3f} | {totals[2] / words:.3f} | | | |")
    return 0


def shown_path(path: Path) -> str:
    """``path`` from the project's parent folder (``shared/corpus/seed/…``, ``main/hackathons/…``), else as given."""
    try:
        return str(path.resolve().relative_to(PROJECT.parent))
    except ValueError:
        return str(path)


def main(arguments: list[str]) -> int:
    if not os.environ.get("CHROMIUM"):
        need("chromium", "chromium")
    need("tesseract", "tesseract-ocr")
    world = "--world" in arguments
    dark = "--dark" in arguments
    arguments = [a for a in arguments if a not in ("--world", "--dark")]
    if world:
        files = sorted(WORLD.glob("*.drawio.svg"))
    elif arguments:
        files = [Path(a) for a in arguments]
    else:
        if not SEED.is_dir():
            sys.exit(f"drawio_fidelity: the seed corpus is missing at {SEED}; pass diagram files instead")
        files = sorted(SEED.rglob("*.drawio.svg")) + sorted((PROJECT / "hackathons").rglob("*.drawio.svg"))
    if dark:
        return dark_rows(files)
    chromium_start = chromium_start_seconds()
    rows = measure(files)
    failures = [row for row in rows if row.failure]
    rows = [row for row in rows if not row.failure]
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
    per_file_ours = [r.recall_ours[0] for r in rows if r.recall_ours[2]]
    per_file_chromium = [r.recall_chromium[0] for r in rows if r.recall_chromium[2]]
    silent = [r for r in rows if r.labels_lost and not r.warned]
    cold = sorted(r.seconds_cold for r in rows)
    chromium = sorted(r.seconds_chromium for r in rows)
    median = lambda values: values[len(values) // 2] if values else 0.0  # noqa: E731
    print(f"files: {len(rows) + len(failures)}; failures (no PNG): {len(failures)}; labels lost: "
          f"{sum(r.labels_lost for r in rows)}; silent losses (lost, no warning): {len(silent)}")
    for row in failures:
        print(f"failed: {row.name}: {row.failure}")
    for row in silent:
        print(f"silent loss: {row.name}: {row.labels_lost} labels")
    if per_file_ours:
        print(f"mean per-file recall: ours {sum(per_file_ours) / len(per_file_ours):.3f}, "
              f"Chromium {sum(per_file_chromium) / len(per_file_chromium):.3f}")
    print(f"time per diagram (median): ours {median(cold):.3f} s in process; Chromium {median(chromium):.3f} s "
          f"+ {chromium_start:.2f} s start = {median(chromium) + chromium_start:.3f} s "
          f"({(median(chromium) + chromium_start) / max(median(cold), 1e-6):.0f}x ours)")
    return 0


def chromium_start_seconds() -> float:
    """Median time to start headless Chromium and close it again (3 runs)."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        for _ in range(3):
            started = time.perf_counter()
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM") or shutil.which("chromium"), args=CHROMIUM_FLAGS)
            browser.new_page().goto("about:blank")
            times.append(time.perf_counter() - started)
            browser.close()
    return sorted(times)[1]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
