"""Problems found in content, each pointing at a file and (where known) a line."""

from __future__ import annotations

import contextlib
import enum
from dataclasses import dataclass
from pathlib import Path


class Level(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    # Reported, never counted: what was changed as GitHub changes it too, with nothing lost.
    INFO = "info"


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one file. ``line`` is 1-based; ``None`` when the problem is the file itself."""

    path: Path
    line: int | None
    level: Level
    message: str
    # Lint rule that produced a warning ("reversed-link"); an event can accept known quirks
    # of its wrap-up by listing rule codes in its front matter (lint.accept).
    code: str | None = None

    def location(self, root: Path | None = None) -> str:
        path = self.path
        if root is not None:
            with contextlib.suppress(ValueError):
                path = self.path.relative_to(root)
        return f"{path}:{self.line}" if self.line is not None else str(path)

    def format(self, root: Path | None = None) -> str:
        """``path:line: level: message``, the shape compilers and editors understand."""
        rule = f" [{self.code}]" if self.code else ""
        return f"{self.location(root)}: {self.level.value}: {self.message}{rule}"


def shown(text: str, limit: int = 80) -> str:
    """Author text as a message may print it: control characters as escapes, and a long value
    (a data: URI, a style) cut with a count of what was left out."""
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text) - limit} more characters)"


def byte_size(size: int, like: int | None = None) -> str:
    """A size in the unit its limit is written in (README, Settings): '5 MiB' for 5 242 880 bytes,
    '5 MB' for 5 000 000; a measured size in the unit of the limit ``like`` it is compared with."""
    unit = like if like is not None else size
    if unit >= 2**20 and unit % 2**20 == 0:
        value, name = size / 2**20, "MiB"
    else:
        value, name = size / 1e6, "MB"
    return f"{value:.0f} {name}" if value == int(value) else f"{value:.1f} {name}"


class ContentError(Exception):
    """Raised when content cannot be turned into a site; carries every error found, not only the first."""

    def __init__(self, diagnostics: list[Diagnostic], root: Path | None = None):
        self.diagnostics = diagnostics
        lines = [d.format(root) for d in diagnostics]
        noun = "problem" if len(lines) == 1 else "problems"
        super().__init__(f"{len(lines)} {noun} in hackathons content:\n  " + "\n  ".join(lines))
