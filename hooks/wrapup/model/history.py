"""When each wrap-up was last changed: from git history, or the file's modification time."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def _git_times(folder: Path) -> dict[Path, dt.datetime]:
    """Last commit time of every file under ``folder``, in one ``git log`` (empty if not in git)."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True, timeout=30, check=True
        ).stdout.strip()
        log = subprocess.run(
            ["git", "log", "--format=%x00%cI", "--name-only", "--no-renames", "--", "."],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    times: dict[Path, dt.datetime] = {}
    when = None
    for line in log.splitlines():
        if line.startswith("\0"):
            when = dt.datetime.fromisoformat(line[1:])
        elif line.strip() and when is not None:
            times.setdefault((Path(top) / line).resolve(), when)  # newest commit comes first
    return times


def last_changed(files: list[Path], folder: Path) -> dict[Path, dt.datetime]:
    """For each file: its last commit's time, or its modification time when git has none."""
    committed = _git_times(folder)
    result = {}
    for path in files:
        resolved = path.resolve()
        if resolved in committed:
            result[path] = committed[resolved]
        else:
            result[path] = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
    return result
