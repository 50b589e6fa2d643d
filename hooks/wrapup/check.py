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
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from . import box, markdown, publish
from .box import refusal
from .diagnostics import Diagnostic, Level
from .events import Catalogue, load_catalogue, read_text
from .explore import explore
from .frontmatter import FrontMatterError, split_front_matter
from .sanitize import diagnostics as removal_diagnostics, sanitize

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
            text = read_text(path)
            try:  # a document's front matter was validated when the event was read
                split = split_front_matter(text)
                found.append((path, split.body, split.body_line))
            except FrontMatterError:
                found.append((path, text, 1))
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


# The Markdown extensions of the site when there is no mkdocs.yml beside the content (a test
# site has its own); they decide which attributes an author can set (attr_list, md_in_html).
DEFAULT_EXTENSIONS: list = ["abbr", "admonition", "attr_list", "md_in_html", "tables", {"toc": {"permalink": True}},
                            "pymdownx.details", "pymdownx.superfences", {"pymdownx.tasklist": {"custom_checkbox": True}},
                            "pymdownx.magiclink"]


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml may hold !!python/name and !ENV tags; the extension list never needs them."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def markdown_extensions(root: Path) -> tuple[list[str], dict]:
    """The site's Markdown extensions and their settings, from the mkdocs.yml beside ``root``."""
    config_file = root.parent / "mkdocs.yml"
    listed = DEFAULT_EXTENSIONS
    if config_file.is_file():
        try:
            listed = (yaml.load(config_file.read_text(encoding="utf-8"), Loader=_IgnoreTags) or {}).get(
                "markdown_extensions", listed) or listed
        except (yaml.YAMLError, OSError, UnicodeDecodeError):
            pass
    names, configs = [], {}
    for entry in listed:
        name, config = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if config:
            configs[name] = config
    return names, configs


def _unsafe_html(path: Path, text: str, body: str, extensions: tuple[list[str], dict]) -> list[Diagnostic]:
    """What the build's sanitiser would remove from the page (``wrapup.sanitize``), at its lines:
    the page is converted by Python-Markdown with the site's extensions, as the build does."""
    import markdown as python_markdown

    names, configs = extensions
    html = python_markdown.Markdown(extensions=names, extension_configs=configs).convert(body)
    return removal_diagnostics(path, text, sanitize(html).removed)


def _media(root: Path, catalogue: Catalogue) -> list[Diagnostic]:
    """Every file of the event folders, judged by the build's rule (``wrapup.publish``): refused
    types, images that cannot be re-encoded, drawings that cannot be drawn."""
    from .diagrams import DiagramError, render
    from .images import ImageProblem, process

    problems = []
    for event in catalogue.events:
        for path in sorted(event.path.rglob("*")):
            relative = path.relative_to(root)
            if any(part.startswith(".") for part in relative.parts) or not path.is_file():
                continue  # MkDocs leaves dot files out of the site
            if not box.within(path, root):
                continue  # a symbolic link out of hackathons/: reported as symlink-outside
            kind = publish.kind_of(path.name)
            if kind is publish.Kind.REFUSED:
                problems.append(publish.refusal_diagnostic(path))
            elif kind is publish.Kind.SVG:
                try:
                    render(path.read_bytes())
                except DiagramError as exc:
                    problems.append(publish.unpublished_diagram_diagnostic(path, str(exc)))
            elif kind is publish.Kind.RASTER:
                size = path.stat().st_size
                if size > MAX_IMAGE_BYTES:
                    problems.append(Diagnostic(path, None, Level.WARNING, f"image is {size / 1e6:.1f} MB; keep "
                                               f"images under {MAX_IMAGE_BYTES / 1e6:.0f} MB", "image-size"))
                try:
                    process(path.read_bytes())
                except ImageProblem as exc:
                    problems.append(publish.unpublished_image_diagnostic(path, str(exc)))
    return problems


def check(root: Path, only: list[Path] | None = None, *, media: bool = True) -> CheckResult:
    """Every problem in the event folders under ``root`` (limited to the paths in ``only``).

    All events are read even when ``only`` names a few, since links between wrap-ups are
    checked against the whole collection."""
    catalogue = load_catalogue(root)
    problems = list(catalogue.diagnostics)
    problems.extend(explore(catalogue.events, catalogue.crosslinks).diagnostics)  # self-links, thread overrides
    extensions = markdown_extensions(root)
    for path, body, first_line in _markdown_files(catalogue):
        problems.extend(_relative_links(path, body, first_line, root))
        problems.extend(_unsafe_html(path, read_text(path), body, extensions))
    if media:
        problems.extend(_media(root, catalogue))
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

