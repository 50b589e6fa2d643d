"""A cache of build outputs keyed by content: diagram renders (and later image derivatives).

Entries are files named by their key. Writes go to a temporary file in the same folder and
are renamed into place, so a reader never sees half a file, even after a kill mid-write or
with two builds sharing the cache. An entry that fails validation is deleted and made again.
A cache that cannot be written (read-only folder, full disk) is reported once; the build
goes on without it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CacheHit:
    path: Path
    data: bytes


class ContentCache:
    def __init__(self, directory: Path, warn: Callable[[str], None]):
        self.directory = directory
        self._warn = warn
        self._writable = True

    def path(self, namespace: str, key: str, suffix: str) -> Path:
        return self.directory / namespace / f"{key}{suffix}"

    def read(self, namespace: str, key: str, suffix: str, valid: Callable[[bytes], bool]) -> CacheHit | None:
        """The entry (its file and bytes) if it exists and holds valid content; a corrupt entry is removed."""
        path = self.path(namespace, key, suffix)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if valid(data):
            return CacheHit(path, data)
        try:
            path.unlink()
        except OSError:
            pass
        return None

    def write(self, namespace: str, key: str, suffix: str, data: bytes) -> Path | None:
        """Store an entry atomically; None when the cache cannot be written."""
        if not self._writable:
            return None
        path = self.path(namespace, key, suffix)
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{key}.", suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
            return path
        except OSError as exc:
            if temporary is not None:
                try:
                    os.unlink(temporary)
                except OSError:
                    pass
            self._writable = False
            self._warn(
                f"cache folder {self.directory} cannot be written ({exc.strerror or exc}); "
                "the build goes on without a cache and will redo this work next time"
            )
            return None
