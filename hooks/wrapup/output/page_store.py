"""Page HTML parked on disk between MkDocs' two passes over the pages.

MkDocs converts every page (Markdown to HTML) before it writes any, so without this every
page's HTML of the whole site is in memory at once: at 1000x the seed's topics that alone is
more than a gigabyte. The spool holds each page's HTML in a file from the moment it is
converted until the moment its template is rendered, and the page object keeps only an
empty string.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path


class PageStore:
    """One build's parked pages, in a private temporary folder removed by ``close``."""

    def __init__(self) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="wrapup-pages-"))
        self._names: dict[str, Path] = {}

    def park(self, key: str, html: str) -> None:
        # Numbered files, not names derived from the key: keys are site paths with slashes.
        path = self._names.setdefault(key, self._folder / f"{len(self._names)}.html")
        path.write_text(html, encoding="utf-8")

    def take(self, key: str) -> str | None:
        """The parked HTML of ``key`` (then forgotten), or None if nothing was parked for it."""
        path = self._names.pop(key, None)
        if path is None:
            return None
        html = path.read_text(encoding="utf-8")
        path.unlink()
        return html

    def close(self) -> None:
        self._names.clear()
        shutil.rmtree(self._folder, ignore_errors=True)
