"""Build time of the real site: cold (empty cache), warm, a plain Material build of the same
Markdown without our hooks, and a rebuild after a one-line edit (what `mkdocs serve` does).

Usage: python bench/build.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import PROJECT, build, compile_hooks, write_config


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    compile_hooks()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        content = root / "hackathons"
        shutil.copytree(PROJECT / "hackathons", content)
        (root / "ours").mkdir()
        (root / "plain").mkdir()
        ours = write_config(root / "ours", content)
        plain = write_config(root / "plain", content, hooks=False)
        cache = PROJECT / ".cache" / "wrapup"
        cold, warm, bare = [], [], []
        for _ in range(runs):
            # The hooks cache next to the config that the build uses: clear it for a cold build.
            shutil.rmtree(root / "ours" / ".cache", ignore_errors=True)
            cold.append(build(ours).seconds)
            warm.append(build(ours).seconds)
            bare.append(build(plain, strict=False).seconds)
        first, rebuild = serve_rebuild(ours, content / "2024-12_Schelklingen" / "README.md")
    print(f"runs: {runs} (median seconds; cache folder of the project untouched: {cache}; hooks/ byte-compiled "
          "as `make site` does)")
    print(f"plain Material build, no hooks:  {statistics.median(bare):.2f} s")
    print(f"our build, cold (empty cache):   {statistics.median(cold):.2f} s  ({statistics.median(cold) / statistics.median(bare):.2f} x plain)")
    print(f"our build, warm:                 {statistics.median(warm):.2f} s  ({statistics.median(warm) / statistics.median(bare):.2f} x plain)")
    print(f"serve: first build in process:   {first:.2f} s")
    print(f"serve: rebuild after one edit:   {rebuild:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
