"""Bytes a browser downloads for an event page, on a phone and on a desktop.

Builds an image-heavy event (the seed's five PNG figures and a 4000 x 3000 group photo, in a
temporary folder) and the site's own seven events twice: with our hooks, and as a plain
Material build of the same Markdown, which serves the original images. Each event page is
opened in headless Chromium (Debian's package) at 390 px (2x, a phone) and 1440 px (1x),
scrolled to the end so that lazy images load, and every response from the local server is
counted. Requests off the machine (the wrap-ups' remote figures, GitHub's API) are answered
empty and not counted.

Usage: python bench/page_weight.py
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from common import PROJECT, build, require_seed, write_config

VIEWPORTS = {"phone 390px@2x": (390, 844, 2), "desktop 1440px@1x": (1440, 900, 1)}
FIGURES = [
    "2025-06_Schelklingen/otel-transport-shoot-metrics/otel-flow.png",
    "2025-06_Schelklingen/otel-transport-shoot-metrics/prometheus-chart.png",
    "2025-06_Schelklingen/cluster-network-observability/prometheus-traffic-chart.png",
    "2023-05_Leverkusen/masterful-shoot/MasterfulShoot.png",
    "2023-11_Schelklingen/gardener-operator-deploys-gardenlet/gardenlet-via-gardener-operator.png",
]


def group_photo() -> bytes:
    """A 4000 x 3000 photo-like JPEG of about 2-3 MB."""
    import random

    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(7)
    image = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(160):
        x, y, r = rng.randint(0, 4000), rng.randint(0, 3000), rng.randint(40, 500)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)))
    image = Image.blend(image.filter(ImageFilter.GaussianBlur(3)), Image.effect_noise((4000, 3000), 30).convert("RGB"), 0.12)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def image_heavy_event(content: Path, seed: Path) -> str:
    folder = content / "2026-05_Figures"
    folder.mkdir(parents=True)
    lines = ["---", 'title: "Figures"', "start: 2026-05-11", "end: 2026-05-15", "place:", '  name: "Bench"',
             "organiser: bench", "---", "", "![Group photo](group.jpg)", ""]
    for index, figure in enumerate(FIGURES):
        shutil.copyfile(seed / figure, folder / Path(figure).name)
        lines += [f"## Topic {index}", "", f"**Problem Statement:** figure {index}", "", f"![Figure {index}]({Path(figure).name})", ""]
    (folder / "group.jpg").write_bytes(group_photo())
    (folder / "README.md").write_text("\n".join(lines), encoding="utf-8")
    return folder.name


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def weigh(site: Path, paths: list[str]) -> dict[tuple[str, str], int]:
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    weights: dict[tuple[str, str], int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM") or shutil.which("chromium"),
                                                 args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            for name, (width, height, scale) in VIEWPORTS.items():
                for path in paths:
                    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale)
                    page = context.new_page()
                    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                               else route.fulfill(status=204, body=""))
                    page.goto(base + path, wait_until="networkidle")
                    # Scroll to the end in screen-sized steps, so that lazy images load as a reader's would.
                    page_height = page.evaluate("document.documentElement.scrollHeight")
                    for offset in range(0, page_height + height, height):
                        page.evaluate(f"window.scrollTo(0, {offset})")
                        page.wait_for_timeout(40)
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(300)
                    # Resource Timing counts every body fetched from this origin, as sent (encoded).
                    weights[(name, path)] = page.evaluate(
                        "() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
                        f".filter(e => e.name.startsWith('{base}')).reduce((sum, e) => sum + e.encodedBodySize, 0)")
                    context.close()
            browser.close()
    finally:
        server.shutdown()
    return weights


def main() -> int:
    if not (os.environ.get("CHROMIUM") or shutil.which("chromium")):
        sys.exit("page_weight: 'chromium' not found: install Debian's chromium or set CHROMIUM=/path/to/chrome")
    seed = require_seed()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        content = root / "hackathons"
        shutil.copytree(PROJECT / "hackathons", content)
        heavy = image_heavy_event(content, seed)
        events = sorted(p.name for p in content.iterdir() if p.is_dir())
        for variant in ("ours", "plain"):
            (root / variant).mkdir()
        build(write_config(root / "ours", content))
        build(write_config(root / "plain", content, hooks=False), strict=False)
        ours = weigh(root / "ours" / "site", [f"{e.lower().replace('_', '-')}/" for e in events])
        plain = weigh(root / "plain" / "site", [f"{e}/" for e in events])
    print(f"{'event page':<24} {'viewport':<18} {'ours KB':>9} {'original KB':>12} {'ours/original':>14}")
    for name in VIEWPORTS:
        for event in events:
            mine = ours[(name, f"{event.lower().replace('_', '-')}/")]
            theirs = plain[(name, f"{event}/")]
            marker = "  (image-heavy)" if event == heavy else ""
            print(f"{event:<24} {name:<18} {mine / 1e3:>9.0f} {theirs / 1e3:>12.0f} {mine / theirs:>13.0%}{marker}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
