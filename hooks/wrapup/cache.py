"""A cache of build outputs keyed by content: diagram renders (and later image derivatives).

Entries are files named by their key. Writes go to a temporary file in the same folder and
are renamed into place, so a reader never sees half a file, even after a kill mid-write or
with two builds sharing the cache. Entries are readable by everyone (``ENTRY_MODE``): the site
publishes them as hard links, and a web server that does not run as their owner must read them.
An entry that fails validation is deleted and made again.
A cache that cannot be written (read-only folder, full disk) is reported once; the build
goes on without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

# mkstemp makes 0600 files; an entry is hard-linked into site/, where every reader must open it.
ENTRY_MODE = 0o644


@dataclass(frozen=True)
class CacheHit:
    path: Path
    data: bytes


def regular_file_size(path: Path) -> int | None:
    """The size of ``path`` if it is a regular file itself (not a link, folder or device); a
    cache entry of any other kind is removed, so that it is made again instead of failing forever."""
    try:
        status = path.lstat()
    except OSError:
        return None
    if stat.S_ISREG(status.st_mode):
        return status.st_size
    _remove(path)
    return None


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except OSError:
        pass


PACKAGE = Path(__file__).resolve().parent  # hooks/wrapup
# The engines that may run the hooks (README, Engines): each converts pages its own way.
ENGINES = ("mkdocs", "properdocs")


def package_files(package: Path = PACKAGE) -> list[Path]:
    """Every module and schema of the package: what its outputs depend on."""
    return sorted(
        path
        for path in package.rglob("*")
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts and path.is_file()
    )


def _installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def _dependencies() -> list[str]:
    """The libraries the package declares (pyproject.toml's dependencies), as installed."""
    from packaging.requirements import Requirement

    try:
        requires = metadata.requires("wrapup") or []
    except metadata.PackageNotFoundError:  # the package run from a checkout without installing it
        requires = []
    return sorted({Requirement(text).name for text in requires if "extra ==" not in text} | set(ENGINES))


@cache
def package_version(package: Path = PACKAGE) -> str:
    """A digest of the package's source and of the installed versions of the libraries it
    declares: every cache entry made by the package is valid for exactly this. Computed, never a
    list kept by hand: a new module or a new dependency is in it by construction."""
    digest = hashlib.sha256()
    for path in package_files(package):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _dependencies():
        digest.update(f"{name}=={_installed(name)}\0".encode())
    return digest.hexdigest()


class ContentCache:
    def __init__(self, directory: Path, warn: Callable[[str], None], shown_as: str | None = None):
        self.directory = directory
        self._warn = warn
        self._writable = True
        self._shown_as = shown_as or directory.name  # messages never print the machine's absolute paths

    @staticmethod
    def link_entry(entry: Path, destination: Path) -> bool:
        """Hard-link a cache entry at ``destination``, readable by everyone; False when a link cannot
        be made (another file system) or the entry cannot be made readable (a cache shared with another
        user that wrote it 0600, as caches before ``ENTRY_MODE`` did): the caller copies it instead.

        Entries are only ever replaced by renaming a new file over them, never written in place, so
        the link keeps the bytes it was made with."""
        try:
            destination.unlink(missing_ok=True)
            os.link(entry, destination)
            if stat.S_IMODE(destination.stat().st_mode) != ENTRY_MODE:
                os.chmod(destination, ENTRY_MODE)  # the entry's own mode too: it is one file
            return True
        except OSError:
            with contextlib.suppress(OSError):
                destination.unlink(missing_ok=True)
            return False

    def path(self, namespace: str, key: str, suffix: str) -> Path:
        return self.directory / namespace / f"{key}{suffix}"

    def read(self, namespace: str, key: str, suffix: str, valid: Callable[[bytes], bool]) -> CacheHit | None:
        """The entry (its file and bytes) if it is a regular file holding valid content; an entry
        that is damaged, a folder or a symbolic link is removed (and so made again)."""
        path = self.path(namespace, key, suffix)
        if regular_file_size(path) is None:
            return None
        try:
            # O_NOFOLLOW: an entry swapped for a link since the check above is never read through.
            handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(handle, "rb") as stream:
                data = stream.read()
        except OSError:
            _remove(path)
            return None
        if valid(data):
            return CacheHit(path, data)
        _remove(path)
        return None

    def write(self, namespace: str, key: str, suffix: str, data: bytes, *, durable: bool = True) -> Path | None:
        """Store an entry atomically; None when the cache cannot be written.

        ``durable=False`` skips the fsync, for entries checked when read (a pickle that does
        not load is made again): an fsync per page would cost a cold build more than the
        cache saves a warm one."""
        if not self._writable:
            return None
        path = self.path(namespace, key, suffix)
        temporary = None
        if path.is_symlink() or path.is_dir():
            _remove(path)  # os.replace would fail on a folder, or write through nothing good
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{key}.", suffix=".tmp")
            os.fchmod(handle, ENTRY_MODE)  # set outright: the umask would take bits off a mode given at open
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                if durable:
                    stream.flush()
                    os.fsync(stream.fileno())
            os.replace(temporary, path)
            return path
        except OSError as exc:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            self._writable = False
            self._warn(
                f"cache folder {self._shown_as} cannot be written ({exc.strerror or exc}); "
                "the build goes on without a cache and will redo this work next time"
            )
            return None
