"""Helpers the benchmarks share: site configurations, timed builds, the seed corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
SEED = PROJECT.parent / "shared" / "corpus" / "seed"


def compile_hooks() -> None:
    """Byte-compile the hooks package as `make site` does: where Python is told not to write
    bytecode (PYTHONDONTWRITEBYTECODE, as on our CI machines), every build would otherwise
    compile it again, while the plain build's packages were compiled when pip installed them."""
    import compileall

    if not compileall.compile_dir(str(PROJECT / "hooks"), quiet=1):
        sys.exit("could not byte-compile hooks/")


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
    peak_rss_mb: float  # the largest single process (the build or one of its workers)
    peak_tree_mb: float  # the build and all its workers together, sampled every 0.2 s


# Runs one build as its child and reports the child's peak memory: a fresh parent per build,
# since a process's record of its children's peak memory only ever grows. The whole tree's
# memory is summed from /proc while it runs, since workers and the build peak at once.
_MEASURE = """
import json, os, resource, subprocess, sys, threading, time

def tree_rss_kb(root):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
            except OSError:
                pass
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/status") as status:
                total += next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
        except OSError:
            pass
    return total

started = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
peak = [0]
def sample():
    while process.poll() is None:
        peak[0] = max(peak[0], tree_rss_kb(process.pid))
        time.sleep(0.2)
threading.Thread(target=sample, daemon=True).start()
stderr = process.communicate()[1]
seconds = time.perf_counter() - started
print(json.dumps({"code": process.returncode, "seconds": seconds, "stderr": stderr[-3000:], "tree_kb": peak[0],
                  "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def memory_cgroup(limit_mb: int) -> Path:
    """A memory cgroup (v2, else v1) that holds what is put in it to ``limit_mb``: the kernel
    then makes the build live within that much RAM, page cache included, or kills it."""
    root = Path("/sys/fs/cgroup")
    if "memory" in _read(root / "cgroup.controllers").split():
        group, limit_file = root / f"wrapup-bench-{os.getpid()}", "memory.max"
    elif (root / "memory").is_dir():
        group, limit_file = root / "memory" / f"wrapup-bench-{os.getpid()}", "memory.limit_in_bytes"
    else:
        sys.exit("no memory cgroup controller on this machine; run without --memory-limit")
    try:
        group.mkdir(exist_ok=True)
        (group / limit_file).write_text(str(limit_mb * 1024 * 1024))
        swap = group / ("memory.swap.max" if limit_file == "memory.max" else "memory.memsw.limit_in_bytes")
        if swap.exists():  # no swapping out of the limit either
            swap.write_text("0" if limit_file == "memory.max" else str(limit_mb * 1024 * 1024))
    except OSError as error:
        sys.exit(f"cannot make a memory cgroup limited to {limit_mb} MB at {group}: {error}")
    return group


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def build(config: Path, *, strict: bool = True, cgroup: Path | None = None) -> Timing:
    """One `mkdocs build` in a child process: wall time, the peak memory of the largest process
    it ran, and the peak of all its processes together; inside ``cgroup`` when given."""
    # Not --quiet: it drops warnings before MkDocs' strict counter sees them, and a strict
    # build would pass with content mistakes (the output is captured and shown on failure).
    command = [sys.executable, "-m", "mkdocs", "build", "--strict" if strict else "--no-strict",
               "--config-file", str(config)]
    if cgroup is not None:
        command = ["sh", "-c", f'echo $$ > {cgroup}/cgroup.procs && exec "$@"', "build", *command]
    report = json.loads(subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True,
                                       check=True).stdout)
    if report["code"] != 0:
        killed = " (killed: over the memory limit?)" if report["code"] == -9 else ""
        sys.exit(f"build of {config} failed (exit {report['code']}){killed}:\n{report['stderr']}")
    return Timing(report["seconds"], report["peak_kb"] / 1024, report["tree_kb"] / 1024)


def require_seed() -> Path:
    if not SEED.is_dir():
        sys.exit(f"the seed corpus is missing at {SEED} (../shared/corpus/seed next to the project)")
    return SEED
