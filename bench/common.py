"""Helpers the benchmarks share: site configurations, timed builds, the seed corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
SEED = PROJECT.parent / "shared" / "corpus" / "seed"


def write_config(root: Path, docs_dir: Path, *, hooks: bool = True) -> Path:
    """The project's mkdocs.yml for another content folder; without hooks it is a plain
    Material site of the same Markdown (same theme, same extensions)."""
    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs_dir)
    config["theme"]["custom_dir"] = str(PROJECT / config["theme"]["custom_dir"])
    config["site_dir"] = str(root / "site")
    config.pop("watch", None)
    if hooks:
        config["hooks"] = [str(PROJECT / hook) for hook in config["hooks"]]
    else:
        config.pop("hooks")
        config["strict"] = False  # a plain build warns about links our hooks resolve
        config.pop("extra_css", None)
        config.pop("extra_javascript", None)
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@dataclass
class Timing:
    seconds: float
    peak_rss_mb: float


# Runs one build as its child and reports the child's peak memory: a fresh parent per build,
# since a process's record of its children's peak memory only ever grows.
_MEASURE = """
import json, os, resource, subprocess, sys, time
started = time.perf_counter()
result = subprocess.run(sys.argv[1:], capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
seconds = time.perf_counter() - started
print(json.dumps({"code": result.returncode, "seconds": seconds, "stderr": result.stderr[-3000:],
                  "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def build(config: Path, *, strict: bool = True) -> Timing:
    """One `mkdocs build` in a child process: wall time, and the peak memory of the largest
    process it ran (the build or one of its workers)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict" if strict else "--no-strict", "--quiet",
               "--config-file", str(config)]
    report = json.loads(subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True,
                                       check=True).stdout)
    if report["code"] != 0:
        sys.exit(f"build of {config} failed:\n{report['stderr']}")
    return Timing(report["seconds"], report["peak_kb"] / 1024)


def require_seed() -> Path:
    if not SEED.is_dir():
        sys.exit(f"the seed corpus is missing at {SEED} (../shared/corpus/seed next to the project)")
    return SEED
