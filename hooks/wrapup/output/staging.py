"""All or nothing: a build writes into a staging folder next to ``site/`` and swaps it in at the end.

A build that fails, is aborted by ``--strict`` or is killed leaves the previous ``site/`` as it
was. The staging folder is ``.<site>.building-<pid>`` beside the site folder (same file system,
so the swap is a rename); the next build removes the staging folders of processes that no
longer run. Before the swap every folder is made 0755 and every file 0644, whatever the build's
umask and however its cache entries were written: a web server that does not run as the
builder (nginx, Apache, a container) reads the site as "others", and answers 404 for what they
cannot read.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

_BUILDING = ".building-"
_PREVIOUS = ".previous-"
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100
FOLDER_MODE = 0o755
FILE_MODE = 0o644


@dataclass(frozen=True)
class StagedOutput:
    site_dir: Path  # where the site is published
    staging_dir: Path  # where this build writes it


def stage(site_dir: Path) -> StagedOutput:
    """The staging folder for a build into ``site_dir``; leftovers of dead builds are removed."""
    site_dir = site_dir.resolve()
    remove_leftovers(site_dir)
    staging = site_dir.parent / f".{site_dir.name}{_BUILDING}{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)  # a reused pid
    return StagedOutput(site_dir, staging)


def remove_leftovers(site_dir: Path) -> list[Path]:
    """Remove staging folders of builds whose process is gone (killed, crashed)."""
    removed: list[Path] = []
    if not site_dir.parent.is_dir():
        return removed
    for candidate in site_dir.parent.glob(f".{site_dir.name}.*-*"):
        kind, _, pid = candidate.name[len(site_dir.name) + 1 :].rpartition("-")
        if f"{kind}-" not in (_BUILDING, _PREVIOUS) or not pid.isdigit() or _running(int(pid)):
            continue
        shutil.rmtree(candidate, ignore_errors=True)
        removed.append(candidate)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # our own leftover from an earlier build in this process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def publish(output: StagedOutput) -> None:
    """Put the staged site, readable by everyone, in place of the published one; the old one is
    removed afterwards."""
    open_to_readers(output.staging_dir)
    if not output.site_dir.exists():
        os.rename(output.staging_dir, output.site_dir)
        return
    if _exchange(output.staging_dir, output.site_dir):
        shutil.rmtree(output.staging_dir, ignore_errors=True)  # it now holds the old site
        return
    # Without an atomic exchange (not Linux, or a file system without it): two renames, between
    # which site/ is briefly missing; the old site waits under a name the next build cleans up.
    previous = output.site_dir.parent / f".{output.site_dir.name}{_PREVIOUS}{os.getpid()}"
    os.rename(output.site_dir, previous)
    os.rename(output.staging_dir, output.site_dir)
    shutil.rmtree(previous, ignore_errors=True)


def open_to_readers(root: Path) -> None:
    """Every folder under ``root`` (itself too) ``FOLDER_MODE``, every file ``FILE_MODE``.

    Symbolic links are left alone (chmod would follow them out of the site). A file that cannot
    be changed, a hard link to a cache entry another user wrote, is replaced by a copy of its own."""
    _set_mode(root, FOLDER_MODE)
    for folder, folders, files in os.walk(root):
        for name in folders:
            _set_mode(Path(folder, name), FOLDER_MODE)
        for name in files:
            path = Path(folder, name)
            if not _set_mode(path, FILE_MODE):
                _replace_with_copy(path)
                _set_mode(path, FILE_MODE)


def _set_mode(path: Path, mode: int) -> bool:
    """False when the mode could not be set; True when it is set, or ``path`` is a link."""
    status = path.lstat()
    if stat.S_ISLNK(status.st_mode) or stat.S_IMODE(status.st_mode) == mode:
        return True
    try:
        os.chmod(path, mode)
    except PermissionError:
        return False
    return True


def _replace_with_copy(path: Path) -> None:
    copy = path.with_name(f".{path.name}.copy")
    shutil.copyfile(path, copy)
    os.replace(copy, path)


def discard(output: StagedOutput) -> None:
    shutil.rmtree(output.staging_dir, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step with Linux's renameat2(RENAME_EXCHANGE); False where unsupported."""
    library = ctypes.util.find_library("c")
    if library is None:
        return False
    libc = ctypes.CDLL(library, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return bool(result == 0)
