"""Build time of the real site against two plain Material builds of the same Markdown, side by side.

Baselines, each built in its own process without our hooks:
- minimal: a mkdocs.yml with `theme: material` only (and the content folder);
- same theme: the project's mkdocs.yml (theme features, palette, plugins, extensions) without
  the hooks, their stylesheet and script.

Each round builds minimal, same-theme and ours (warm) one after the other, in a rotating order,
so that a busy machine slows all three alike; medians of the rounds are printed with the ratios.
A cold build (empty cache) is timed once per round too, and the rebuild `mkdocs serve` does after
a one-line edit of one README (in process, warm) at the end.

Usage: python bench/build.py [--runs N] [--scale FACTOR] [--no-cold]
  --scale 30: synthetic content of 30x the seed's topics (bench/scale.py's generator) instead
              of the live hackathons/ folder.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml
from common import PROJECT, build, compile_hooks, write_config

SEED_TOPICS = 84


def serve_rebuild(config: Path, readme: Path) -> tuple[float, float]:
    """What `mkdocs serve` does after a save: load the config again and build, in one process.
    Returns (first build, rebuild after a one-line edit) in seconds."""
    import logging

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    started = time.perf_counter()
    mkdocs_build(load_config(str(config)))
    first = time.perf_counter() - started
    with readme.open("a", encoding="utf-8") as stream:
        stream.write("\nOne more line, as a contributor would add it.\n")
    started = time.perf_counter()
    mkdocs_build(load_config(str(config)))
    return first, time.perf_counter() - started


def serve_end_to_end(config: Path, readme: Path, url_path: str, edits: int = 5) -> list[float]:
    """What a contributor waits for: `mkdocs serve` running, a one-line edit saved to ``readme``,
    and the page at ``url_path`` served over HTTP with the new line. Seconds per edit."""
    import os
    import socket
    import subprocess
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}", "--no-strict"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    from urllib.parse import urlsplit

    # mkdocs serve mounts the site at the path of its site_url, as it will be published.
    mount = urlsplit(yaml.safe_load(config.read_text(encoding="utf-8")).get("site_url") or "/").path or "/"
    url = f"http://127.0.0.1:{port}{mount.rstrip('/')}/{url_path}"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8", "replace"))
        except OSError:
            return ""

    waits = []
    try:
        deadline = time.monotonic() + 300
        while "</html>" not in page():
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"mkdocs serve did not serve {url}")
            time.sleep(0.2)
        time.sleep(2)  # the first build's file watcher settles
        for number in range(edits):
            marker = f"Edited line number {number} {time.time_ns()}."
            started = time.monotonic()
            with readme.open("a", encoding="utf-8") as stream:
                stream.write(f"\n{marker}\n")
            while marker not in page():
                if time.monotonic() - started > 120:
                    raise SystemExit(f"the edit never reached {url}")
                time.sleep(0.02)
            waits.append(time.monotonic() - started)
            time.sleep(1)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return waits


def zensical_build(executable: Path, config: Path) -> float:
    """One `zensical build` of the same Markdown with the minimal config (Zensical reads
    mkdocs.yml): wall time in seconds."""
    import subprocess

    started = time.perf_counter()
    subprocess.run([str(executable), "build", "-f", str(config)], cwd=config.parent, capture_output=True, check=True)
    return time.perf_counter() - started


def zensical_config(root: Path, content: Path) -> Path:
    """The minimal config for Zensical, over a copy of the same Markdown (Zensical wants the docs
    folder inside the project's folder, and reads mkdocs.yml)."""
    shutil.copytree(content, root / "docs")
    config = {"site_name": "Plain", "docs_dir": "docs", "site_dir": "site", "theme": {"name": "material"}}
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def minimal_config(root: Path, content: Path) -> Path:
    """Material with nothing set: what a community gets from `theme: material` alone."""
    config = {"site_name": "Plain", "docs_dir": str(content), "site_dir": str(root / "site"),
              "theme": {"name": "material"}}
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def content_for(root: Path, scale: int | None) -> tuple[Path, str]:
    content = root / "hackathons"
    if scale is None:
        shutil.copytree(PROJECT / "hackathons", content)
        return content, "the live hackathons/ folder"
    from scale import generate

    events = generate(content, SEED_TOPICS * scale)
    return content, f"synthetic, {scale}x the seed's topics ({SEED_TOPICS * scale} topics, {events} events)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="rounds (default 7)")
    parser.add_argument("--scale", type=int, help="synthetic content of this many times the seed's topics")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold builds (slow at scale)")
    parser.add_argument("--zensical", type=Path, help="a zensical executable: time it too, as a reference")
    parser.add_argument("--serve", action="store_true", help="only time `mkdocs serve` end to end, ours and minimal")
    arguments = parser.parse_args()
    compile_hooks()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        content, described = content_for(root, arguments.scale)
        for name in ("ours", "theme", "minimal"):
            (root / name).mkdir()
        configs = {
            "ours": write_config(root / "ours", content),
            "theme": write_config(root / "theme", content, hooks=False),
            "minimal": minimal_config(root / "minimal", content),
        }
        if arguments.serve:
            return serve_only(configs, content)
        times: dict[str, list[float]] = {name: [] for name in (*configs, "cold", "zensical")}
        build(configs["ours"])  # fills the cache: every "ours" below is warm
        order = list(configs)
        if arguments.zensical:
            configs["zensical"] = zensical_config(root / "zensical", content)
            zensical_build(arguments.zensical, configs["zensical"])  # its cache warm too
            order.append("zensical")
        for round_number in range(arguments.runs):
            for name in order[round_number % len(order) :] + order[: round_number % len(order)]:
                if name == "zensical":
                    times[name].append(zensical_build(arguments.zensical, configs[name]))
                else:
                    times[name].append(build(configs[name], strict=name == "ours").seconds)
            if not arguments.no_cold:
                shutil.rmtree(root / "ours" / ".cache", ignore_errors=True)
                times["cold"].append(build(configs["ours"]).seconds)
                build(configs["ours"])  # warm again for the next round
        readme = next(iter(sorted(content.glob("*/README.md"))))
        first, rebuild = serve_rebuild(configs["ours"], readme)

    median = {name: statistics.median(values) for name, values in times.items() if values}
    print(f"content: {described}; {arguments.runs} rounds, medians in seconds; hooks/ byte-compiled as `make site` does")
    print(f"plain Material, minimal config:   {median['minimal']:.2f} s")
    print(f"plain Material, same theme:       {median['theme']:.2f} s")
    print(f"ours, warm:                       {median['ours']:.2f} s  "
          f"({median['ours'] / median['minimal']:.2f} x minimal, {median['ours'] / median['theme']:.2f} x same theme)")
    if "cold" in median:
        print(f"ours, cold (empty cache):         {median['cold']:.2f} s  "
              f"({median['cold'] / median['minimal']:.2f} x minimal)")
    if "zensical" in median:
        print(f"Zensical, minimal config:         {median['zensical']:.2f} s  (warm, its own cache)")
    print(f"serve: first build in process:    {first:.2f} s")
    print(f"serve: rebuild after one edit:    {rebuild:.2f} s")
    return 0


def serve_only(configs: dict[str, Path], content: Path) -> int:
    """`mkdocs serve` end to end (edit saved -> page served with it), ours and minimal alternately."""
    sys.path.insert(0, str(PROJECT / "hooks"))
    from wrapup.model.addresses import slug_for

    readme = next(iter(sorted(content.glob("*/README.md"))))
    folder = readme.parent.name
    build(configs["ours"])  # the cache warm, as on a contributor's machine after the first serve
    waits: dict[str, list[float]] = {"ours": [], "minimal": []}
    for _ in range(2):
        waits["minimal"] += serve_end_to_end(configs["minimal"], readme, f"{folder}/")
        waits["ours"] += serve_end_to_end(configs["ours"], readme, f"{slug_for(folder)}/")
    median = {name: statistics.median(values) for name, values in waits.items()}
    print(f"mkdocs serve, one-line edit saved -> page served with it (medians of {len(waits['ours'])} edits):")
    print(f"plain Material, minimal config:   {median['minimal']:.2f} s")
    print(f"ours:                             {median['ours']:.2f} s  ({median['ours'] / median['minimal']:.2f} x minimal)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
