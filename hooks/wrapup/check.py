"""Check event folders without building the site.

The check runs the build's own rules (event model, front matter schema, topic lint, links
between wrap-ups) and adds what the build learns from MkDocs and from drawing: relative
links and images that do not resolve, images that cannot be processed, draw.io exports that
will not render. A clean check therefore means a clean ``mkdocs build --strict``.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import markdown
from .box import refusal
from .diagnostics import Diagnostic, Level
from .events import Catalogue, load_catalogue, read_text
from .explore import explore
from .frontmatter import FrontMatterError, split_front_matter

MAX_IMAGE_BYTES = 10 * 1024 * 1024
_URL_TEXT = re.compile(r"https?://\S+")


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    accepted: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(d.level is Level.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.level is Level.WARNING for d in self.diagnostics)


def _within(path: Path, folders: list[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved == folder or folder in resolved.parents for folder in folders)


def _markdown_files(catalogue: Catalogue) -> list[tuple[Path, str, int]]:
    """(file, Markdown body, file line of the body) of every README and document of the events."""
    found = []
    for event in catalogue.events:
        text = read_text(event.readme)
        try:
            split = split_front_matter(text)
            found.append((event.readme, split.body, split.body_line))
        except FrontMatterError:
            continue
        for document in event.documents:
            path = event.path / document.source
            found.append((path, read_text(path), 1))
    return found


def _relative_links(path: Path, body: str, first_line: int, root: Path) -> list[Diagnostic]:
    """Relative links and images whose file does not exist. (Those that leave hackathons/ are
    the build's own rule, ``wrapup.box``, and come with the catalogue's diagnostics.)"""
    problems = []
    page_folder = path.parent.resolve().relative_to(root.resolve()).as_posix()
    for link in markdown.iter_links(markdown.parse(body)):
        parts = urlsplit(link.url)
        if parts.scheme or parts.netloc or not parts.path or refusal(link.url, page_folder):
            continue
        if _URL_TEXT.fullmatch(link.text.strip()):
            continue  # [https://…](words): reported as reversed-link, and the build links the URL
        target = (path.parent / unquote(parts.path)).resolve()
        if not target.exists():
            kind = "image" if link.is_image else "link"
            problems.append(Diagnostic(path, link.line + first_line, Level.ERROR,
                                       f"{kind} '{link.url}' does not resolve: there is no "
                                       f"{posixpath.relpath(target, root.resolve())}", "broken-link"))
    return problems


class _ActiveHtml(HTMLParser):
    """Finds what makes raw HTML run code: <script> elements and on* event handler attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []  # (line within the fed text, what)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag == "script":
            self.found.append((line, "a <script> element"))
        for name, _ in attrs:
            if name.startswith("on"):
                self.found.append((line, f"an inline event handler ({name}= on <{tag}>)"))

    handle_startendtag = handle_starttag


def _html_pieces(tokens) -> list[tuple[int, str]]:
    """(0-based line, raw HTML) of every HTML block and inline HTML tag of a parsed document."""
    pieces = []
    for token in tokens:
        if token.type == "html_block" and token.map:
            pieces.append((token.map[0], token.content))
        elif token.type == "inline" and token.children and token.map:
            line = token.map[0]
            for child in token.children:
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type == "html_inline":
                    pieces.append((line, child.content))
                    line += child.content.count("\n")
    return pieces


def _active_html(path: Path, body: str, first_line: int) -> list[Diagnostic]:
    """Raw HTML stays as the author wrote it (it is reviewed content), but code in it is an error."""
    problems = []
    for line, html in _html_pieces(markdown.parse(body)):
        finder = _ActiveHtml()
        finder.feed(html)
        finder.close()
        problems.extend(Diagnostic(path, first_line + line + within - 1, Level.ERROR,
                                   f"raw HTML with {what}: wrap-ups may not run code in the reader's browser",
                                   "active-html")
                        for within, what in finder.found)
    return problems


def _media(catalogue: Catalogue) -> list[Diagnostic]:
    """Images and diagrams the build will process, checked the same way it processes them."""
    from .diagrams import DiagramError, render
    from .images import RASTER_SUFFIXES, ImageProblem, process

    problems = []
    for event in catalogue.events:
        for path in sorted(event.path.rglob("*.drawio.svg")):
            try:
                render(path.read_bytes())
            except DiagramError as exc:
                problems.append(Diagnostic(path, None, Level.WARNING, f"diagram not rendered: {exc}; the page "
                                           "shows the original SVG", "diagram"))
        for image in sorted(event.images):
            path = event.path / image
            if not path.is_file() or not image.lower().endswith(RASTER_SUFFIXES):
                continue
            size = path.stat().st_size
            if size > MAX_IMAGE_BYTES:
                problems.append(Diagnostic(path, None, Level.WARNING, f"image is {size / 1e6:.1f} MB; keep images "
                                           f"under {MAX_IMAGE_BYTES / 1e6:.0f} MB", "image-size"))
            try:
                process(path.read_bytes())
            except ImageProblem as exc:
                problems.append(Diagnostic(path, None, Level.WARNING, f"image served as it is: {exc}", "image"))
    return problems


def check(root: Path, only: list[Path] | None = None, *, media: bool = True) -> CheckResult:
    """Every problem in the event folders under ``root`` (limited to the paths in ``only``).

    All events are read even when ``only`` names a few, since links between wrap-ups are
    checked against the whole collection."""
    catalogue = load_catalogue(root)
    problems = list(catalogue.diagnostics)
    problems.extend(explore(catalogue.events, catalogue.crosslinks).diagnostics)  # self-links, thread overrides
    for path, body, first_line in _markdown_files(catalogue):
        problems.extend(_relative_links(path, body, first_line, root))
        problems.extend(_active_html(path, body, first_line))
    if media:
        problems.extend(_media(catalogue))
    accepted = list(catalogue.accepted)
    by_folder = {event.folder: event for event in catalogue.events}
    kept = []
    for problem in problems:
        event = by_folder.get(_event_folder(problem.path, root))
        if event is not None and problem.code in event.meta.accepted_lint:
            accepted.append(problem)
        else:
            kept.append(problem)
    if only:
        folders = [path.resolve() for path in only]
        kept = [p for p in kept if _within(p.path, folders)]
        accepted = [p for p in accepted if _within(p.path, folders)]
    kept.sort(key=lambda d: (str(d.path), d.line or 0, d.message))
    return CheckResult(kept, accepted)


def _event_folder(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).parts[0]
    except (ValueError, IndexError):
        return ""

