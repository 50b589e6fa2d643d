"""Converted pages, cached by what made them: a page whose Markdown, site and code are unchanged is
not converted again on a warm build or a ``mkdocs serve`` rebuild.

MkDocs converts every page on every build (``Page.render``), and conversion is most of a warm
build's time. ``PageCache.key`` digests everything a conversion reads: the page's final Markdown
(after ``on_page_markdown``) and its place, the site's files and their addresses (MkDocs resolves
relative links against them), the Markdown extensions and their settings, the state our page
extension is given (diagrams, images, link targets), the source of this package and the versions
of the libraries that convert. Nothing in the key is kept by hand: a new module or a new field of
the extension's state is in it by construction (``wrapup.build.cache.package_version``).

An entry holds what ``Page.render`` leaves on the page (the HTML, the table of contents, the title,
the anchors, the links to other pages' anchors), what the GFM extension's author pass removed, and
the log records MkDocs wrote while converting, so that a warm build prints the same lines as a
cold one and ``--strict`` reaches the same verdict. The HTML is the converter's output, before any
plugin's ``on_page_content``: every plugin sees a cached page as it sees a converted one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from wrapup.build.cache import ContentCache, package_version

KIND = "pages-converted"


@dataclass(frozen=True)
class LogRecord:
    name: str
    level: int
    message: str


@dataclass
class Converted:
    """What converting one page left on it, and what was said while it converted."""

    content: str
    toc: Any  # MkDocs' TableOfContents
    title: str | None
    anchors: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None  # by the linked file's src_uri
    author_removed: tuple[Any, ...] = ()  # wrapup.pages.sanitize.Removal
    records: list[LogRecord] = field(default_factory=list)


def site_key(
    files: Iterable[tuple[str, str]], extensions: Sequence[object], configs: dict[str, Any], state: object
) -> str:
    """The part of every page's key that the whole site shares: ``files`` as (src_uri, url), the
    Markdown extensions and their settings, and ``state``, whose ``repr`` holds what the page
    extension was given (dataclass fields and dicts print in full)."""
    digest = hashlib.sha256(package_version().encode())
    for src_uri, url in sorted(files):
        digest.update(f"{src_uri}\0{url}\0".encode("utf-8", "surrogatepass"))
    names = [name if isinstance(name, str) else type(name).__qualname__ for name in extensions]
    digest.update(json.dumps([names, configs], sort_keys=True, default=repr).encode())
    digest.update(repr(state).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class PageCache:
    """Converted pages in the content cache, by ``key``."""

    def __init__(self, cache: ContentCache, site: str) -> None:
        self.cache = cache
        self.site = site

    def key(self, src_uri: str, url: str, markdown: str, page_state: str) -> str:
        digest = hashlib.sha256(self.site.encode())
        for part in (src_uri, url, page_state, markdown):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        return digest.hexdigest()

    def get(self, key: str) -> Converted | None:
        hit = self.cache.read(KIND, key, ".pickle", lambda data: data[:1] == b"\x80")
        if hit is None:
            return None
        try:
            found = pickle.loads(hit.data)
        except Exception:  # a damaged entry: convert again, and store a good one
            return None
        return found if isinstance(found, Converted) else None

    def put(self, key: str, converted: Converted) -> None:
        try:
            data = pickle.dumps(converted, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # a plugin put something that does not pickle on the page: not cached
            return
        self.cache.write(KIND, key, ".pickle", data, durable=False)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(LogRecord(record.name, record.levelno, record.getMessage()))


@contextmanager
def recorded(logger: logging.Logger) -> Iterator[list[LogRecord]]:
    """The records ``logger`` and its children write inside the block (they are written as usual)."""
    collector = _Collector()
    logger.addHandler(collector)
    try:
        yield collector.records
    finally:
        logger.removeHandler(collector)


def replay(records: list[LogRecord], logger_of: Callable[[str], logging.Logger] = logging.getLogger) -> None:
    """Write ``records`` again, through the loggers that first wrote them."""
    for record in records:
        logger_of(record.name).log(record.level, record.message)
