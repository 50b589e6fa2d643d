"""Lighthouse on every page of a built site: accessibility, SEO, best practices, performance.

Serves the site on loopback, gzip-compressed as GitHub Pages serves it, and runs Lighthouse (npm, pinned in bench/lighthouse/package.json;
`npm ci --prefix bench/lighthouse` installs it from the project's lock file) in Debian's
Chromium, with its mobile emulation (a throttled mid-range phone) or --desktop. Prints each
page's scores, the median of each category, and every audit below full marks in the
accessibility and SEO categories.

Usage: python bench/lighthouse.py [--desktop] [SITE_DIR]   (default: a fresh build of the project)
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = PROJECT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
sys.path.insert(0, str(PROJECT / "tests"))

from test_accessibility import pages_of  # noqa: E402 - every page of a site, redirect stubs left out
from test_browser import QuietHandler, serving  # noqa: E402

COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}


class CompressingHandler(QuietHandler):
    """Text gzip-compressed, as GitHub Pages serves it (Lighthouse's text-compression audit and
    its timings would otherwise measure the test server)."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def main(arguments: list[str]) -> int:
    desktop = "--desktop" in arguments
    arguments = [a for a in arguments if a != "--desktop"]
    if not LIGHTHOUSE.exists():
        sys.exit("lighthouse: not installed; run: npm ci --prefix bench/lighthouse")
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not chromium:
        sys.exit("lighthouse: Debian's chromium is needed (or CHROMIUM=/path/to/chrome)")
    with tempfile.TemporaryDirectory() as scratch:
        if arguments:
            site = Path(arguments[0])
        else:
            site = Path(scratch) / "site"
            subprocess.run([str(PROJECT / ".venv" / "bin" / "mkdocs"), "build", "--strict", "-q", "-d", str(site)],
                           cwd=PROJECT, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        scores: dict[str, list[float]] = {}
        below: dict[tuple[str, str, str], int] = {}
        with serving(site, CompressingHandler) as url:
            for address in pages_of(site):
                report = Path(scratch) / "report.json"
                command = [str(LIGHTHOUSE), url + address, "--quiet", "--output=json", f"--output-path={report}",
                           "--only-categories=performance,accessibility,best-practices,seo",
                           "--chrome-flags=--headless=new --no-sandbox"] + (["--preset=desktop"] if desktop else [])
                subprocess.run(command, check=True, timeout=300, env={**os.environ, "CHROME_PATH": chromium},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                result = json.loads(report.read_text(encoding="utf-8"))
                line = {name: round(category["score"] * 100) for name, category in result["categories"].items()}
                print(f"/{address:<60} " + "  ".join(f"{name} {value:>3}" for name, value in line.items()), flush=True)
                for name, value in line.items():
                    scores.setdefault(name, []).append(value)
                for name in ("accessibility", "seo"):
                    for ref in result["categories"][name]["auditRefs"]:
                        audit = result["audits"][ref["id"]]
                        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                            key = (name, ref["id"], audit["title"])
                            below[key] = below.get(key, 0) + 1
    print(f"{len(scores.get('seo', []))} pages ({'desktop' if desktop else 'mobile'}); median and lowest:")
    for name, values in scores.items():
        print(f"  {name}: median {statistics.median(values):.0f}, lowest {min(values)}")
    for (category, audit, title), count in sorted(below.items()):
        print(f"  below full marks ({category}) on {count} pages: {audit}: {title}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
