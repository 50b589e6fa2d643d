"""Converted pages, cached by what made them: a page whose Markdown, site and code are unchanged is
not converted again on a warm build or a ``mkdocs serve`` rebuild.

MkDocs converts every page on every build (``Page.render``), and conversion is most of a warm
build's time. ``PageCache.key`` digests everything a conversion reads: the page's final Markdown
(after ``on_page_markdown``) and its place, the site's files and their addresses (MkDocs resolves
relative links against them), the Markdown extensions and their settings, the state our page
extension is given (diagrams, images, link targets), the source of this package and the versions
of the libraries that convert. Nothing in the key is kept by hand: a new module or a new field of
the extension's state is in it by construction (``wrapup.cache.package_version``).

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

from wrapup.cache import ContentCache, package_version

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
    files: Iterable[tuple[str, str]],
    extensions: Sequence[object],
    configs: dict[str, Any],
    state: object,
    settings: tuple[object, ...] = (),
) -> str:
    """The part of every page's key that the whole site shares: ``files`` as (src_uri, url), the
    Markdown extensions and their settings, ``state``, whose ``repr`` holds what the page
    extension was given (dataclass fields and dicts print in full), and the engine's ``settings``
    a conversion depends on."""
    digest = hashlib.sha256(package_version().encode())
    for src_uri, url in sorted(files):
        digest.update(f"{src_uri}\0{url}\0".encode("utf-8", "surrogatepass"))
    names = [name if isinstance(name, str) else type(name).__qualname__ for name in extensions]
    digest.update(json.dumps([names, configs], sort_keys=True, default=repr).encode())
    digest.update(repr(state).encode("utf-8", "surrogatepass"))
    digest.update(repr(settings).encode("utf-8", "surrogatepass"))
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


# Markdown extensions known to leave nothing behind but the page: a cached conversion stands for
# theirs. Another extension may record what it saw while converting (mkdocs-autorefs' anchors),
# which a cached page would not give it: then pages are converted every time.
PURE_EXTENSIONS = {
    *("toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition", "footnotes", "abbr", "def_list"),
    *("sane_lists", "smarty", "wikilinks", "nl2br", "codehilite", "legacy_attrs", "legacy_em", "wrapup.pages.gfm"),
}
PURE_EXTENSION_TYPES = {"WrapupExtension"}


def uncacheable(extensions: Sequence[object]) -> list[str]:
    """The configured extensions a cached conversion cannot stand for."""
    found = []
    for extension in extensions:
        if isinstance(extension, str):
            if extension not in PURE_EXTENSIONS and not extension.startswith("pymdownx."):
                found.append(extension)
        elif type(extension).__name__ not in PURE_EXTENSION_TYPES:
            found.append(type(extension).__qualname__)
    return found


def engine_of(page: object) -> str:
    """The engine that made ``page`` ('mkdocs', 'properdocs'): its own logger and its own conversion."""
    return type(page).__module__.split(".", 1)[0]


@dataclass
class Conversions:
    """This build's conversions: the cache, what the last page's author pass removed, and counts."""

    pages: PageCache | None  # None: every page is converted (an extension the cache cannot stand for)
    converted: int = 0
    cached: int = 0
    author_removed: list[Any] = field(default_factory=list)

    def wrap(self, page: Any, page_state: Callable[[], str], author_removed: Callable[[], list[Any]]) -> None:
        """Wrap ``page.render`` (this page, this build; the engine's own is untouched): from the
        cache when the same Markdown was converted for the same site and code, and stored when
        not. The key is taken when the engine converts, from the Markdown it converts."""
        convert, pages = page.render, self.pages
        engine = logging.getLogger(engine_of(page))

        def render(config: Any, files: Any) -> None:
            key = pages.key(page.file.src_uri, page.file.url, page.markdown or "", page_state()) if pages else ""
            hit = pages.get(key) if pages else None
            if hit is not None:
                restore(page, hit, files)
                self.author_removed = list(hit.author_removed)
                replay(hit.records)
                self.cached += 1
                return
            with recorded(engine) as records:
                convert(config, files)
            self.author_removed = author_removed()
            if pages is not None:
                pages.put(key, converted(page, self.author_removed, records))
            self.converted += 1

        page.render = render


def converted(page: Any, author_removed: list[Any], records: list[LogRecord]) -> Converted:
    """What ``Page.render`` left on ``page``, to keep."""
    links = (
        {target.src_uri: dict(anchors) for target, anchors in page.links_to_anchors.items()}
        if page.links_to_anchors is not None
        else None
    )
    return Converted(
        content=page.content or "",
        toc=page.toc,
        title=page._title_from_render,
        anchors=set(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
        links_to_anchors=links,
        author_removed=tuple(author_removed),
        # Our own plugin's records are not the conversion's: the hooks say them again themselves.
        records=[record for record in records if ".plugins.wrapup" not in record.name],
    )


def restore(page: Any, hit: Converted, files: Any) -> None:
    """What ``Page.render`` would have left on the page."""
    page.content, page.toc, page._title_from_render = hit.content, hit.toc, hit.title
    page.present_anchor_ids = set(hit.anchors) if hit.anchors is not None else None
    if hit.links_to_anchors is not None:
        page.links_to_anchors = {
            target: anchors
            for src_uri, anchors in hit.links_to_anchors.items()
            if (target := files.get_file_from_path(src_uri)) is not None
        }
