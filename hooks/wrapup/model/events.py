"""The event model: one ``hackathons/<YYYY-MM_Place>/`` folder is one event.

Loading never stops at the first problem: every folder is read, and every problem is
returned as a Diagnostic naming file and line, so a contributor sees all of them at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from wrapup.cache import ContentCache

if TYPE_CHECKING:
    from markdown_it.token import Token

import datetime as dt
import hashlib
import os
import pickle
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

from wrapup.cache import package_version
from wrapup.diagnostics import Diagnostic, Level, byte_size
from wrapup.model import containment, parser
from wrapup.model.addresses import destination, slug_for
from wrapup.model.crosslinks import CrossLinks, resolve
from wrapup.model.fidelity import lint_gfm_differences
from wrapup.model.frontmatter import (
    EventMeta,
    FrontMatterError,
    diagnostics_for,
    parse_document_title,
    parse_event_meta,
    split_front_matter,
    starts_with_front_matter,
)
from wrapup.model.topics import Topic, lint_reversed_links, parse_wrapup
from wrapup.settings import Limits, Settings

README = "README.md"
FOLDER_PATTERN = re.compile(r"^(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])_(?P<place>[A-Za-z0-9][A-Za-z0-9-]*)$")
# A wrap-up is a few hundred KB at most (the largest seed README is 40 KB). Beyond this, parsing
# and rendering would take minutes and gigabytes: an untrusted pull request must not do that.
FOLDER_RULE = (
    "an event folder is named YYYY-MM_Place (ASCII letters, digits and '-' in Place), e.g. 2026-03_Springfield"
)


@dataclass(frozen=True)
class Document:
    """A further Markdown document inside an event folder (not its README)."""

    source: str  # path relative to the event folder, '/'-separated
    title: str
    linked_from_readme: bool


@dataclass(frozen=True)
class Event:
    folder: str
    path: Path
    meta: EventMeta
    body_line: int
    preamble: str
    topics: tuple[Topic, ...]
    documents: tuple[Document, ...]
    # Every link and image of the README and the documents: (source, link with its file line).
    links: tuple[tuple[str, parser.Link], ...] = ()
    preamble_blocks: tuple[int, ...] = ()  # file lines where the preamble's blocks start

    @property
    def slug(self) -> str:
        """URL segment of the event: ``2023-05_Leverkusen`` -> ``2023-05-leverkusen``."""
        return slug_for(self.folder)

    @property
    def label(self) -> str:
        """Short name for navigation: ``2023-05 Leverkusen``."""
        return self.folder.replace("_", " ", 1)

    @property
    def year(self) -> int:
        return self.meta.start.year

    @property
    def readme(self) -> Path:
        return self.path / README

    def is_upcoming(self, today: dt.date) -> bool:
        """Not yet held, or held but its wrap-up has no topics yet."""
        return self.meta.start > today or not self.topics


# The error of a file the trial could not convert (``wrapup.pages.trial``).
MARKDOWN_LIMIT = "markdown-limit"


class Tried(Protocol):
    """What converting one file within the limits gave (``wrapup.pages.trial.Conversion``)."""

    @property
    def problem(self) -> str | None: ...  # why the file did not convert, or None

    @property
    def ids(self) -> frozenset[str]: ...  # element ids of its page: where links' #anchors may land


# The home page's own text, beside the event folders: the one file there that is not an event.
HOME_TEXT = "index.md"


@dataclass
class Catalogue:
    """All events of a content folder, newest first, and what was wrong with the rest.

    ``accepted`` holds lint findings an event's front matter accepts as known quirks.
    """

    root: Path
    events: list[Event]
    diagnostics: list[Diagnostic]
    accepted: list[Diagnostic] = field(default_factory=list)
    crosslinks: CrossLinks = field(default_factory=CrossLinks)
    conversions: Mapping[Path, Tried] = field(default_factory=dict)  # each Markdown file's trial, when tried
    home_text: str | None = None  # the home page's own text (``index.md`` beside the event folders)
    settings: Settings = field(default_factory=Settings)  # the site's, which the catalogue was read with

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level is Level.ERROR]

    @cached_property
    def by_folder(self) -> dict[str, Event]:
        return {event.folder: event for event in self.events}

    def event_for(self, src_uri: str) -> Event | None:
        """The event that holds a file given relative to ``root`` ('/'-separated)."""
        return self.by_folder.get(src_uri.split("/", 1)[0])


# C0 and C1 control characters other than tab, line feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class NotReadable(ValueError):
    """A content file that is not UTF-8 text of a sensible size; ``line`` where a line is to blame."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.line = line


def read_text(path: Path, max_bytes: int = Limits.markdown_bytes) -> str:
    """Read a content file as UTF-8, raising ``NotReadable`` with a contributor-facing reason."""
    try:
        if not path.is_file():  # a folder, a device or a pipe named like Markdown: never opened
            raise NotReadable(
                "is not a regular file (a folder or a special file named like Markdown); rename it "
                "or turn it into a file"
            )
        size = path.stat().st_size
    except OSError as exc:
        raise NotReadable(f"cannot be read ({exc.strerror or exc})") from None
    if size > max_bytes:
        raise NotReadable(
            f"is {byte_size(size, max_bytes)}; a wrap-up's Markdown may be at most {byte_size(max_bytes)} "
            "(link large material instead of pasting it)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NotReadable(f"cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in data:
        raise NotReadable("is not a text file (it contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise NotReadable(
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at column {column}); save it as UTF-8", line
        ) from None
    if (found := _CONTROL.search(text)) is not None:
        # Invisible, and read differently by each tool: Python-Markdown drops them from a link's
        # address, so the page would link somewhere else than the text says.
        line = text.count("\n", 0, found.start()) + 1
        raise NotReadable(
            f"holds the control character U+{ord(found.group()):04X} on this line (invisible in editors); delete it",
            line,
        )
    return text


def _relative_target(url: str, base: str) -> str | None:
    """The folder-relative path a relative link points at, or None for URLs and anchors."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    return posixpath.normpath(posixpath.join(base, unquote(parts.path)))


def _document_title(tokens: list[Token], fallback: str) -> str:
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1":
            return parser.inline_text(tokens[index + 1]).strip() or fallback
    return fallback


def load_event(
    folder: Path, limits: Limits = Limits(), tokenise: parser.Tokenise = parser.parse
) -> tuple[Event | None, list[Diagnostic]]:
    match = FOLDER_PATTERN.match(folder.name)
    if match is None:
        message = f"'{folder.name}' is not a valid folder name: {FOLDER_RULE}"
        return None, [Diagnostic(folder, None, Level.ERROR, message, "event-folder")]
    readme = folder / README
    text = _readme_text(folder, limits)
    if isinstance(text, Diagnostic):
        return None, [text]
    try:
        split = split_front_matter(text)
        meta = parse_event_meta(split)
    except FrontMatterError as exc:
        return None, diagnostics_for(readme, exc)

    problems: list[Diagnostic] = []
    if (meta.start.year, meta.start.month) != (int(match["year"]), int(match["month"])):
        problems.append(
            Diagnostic(
                readme,
                meta.field_lines.get("start"),
                Level.ERROR,
                f"'start' ({meta.start}) does not match the folder name '{folder.name}': "
                f"rename the folder to {meta.start:%Y-%m}_{match['place']} or correct the date",
                "front-matter",
            )
        )
    wrapup = parse_wrapup(split.body, split.body_line, readme, tokenise)
    problems.extend(wrapup.diagnostics)
    problems.extend(
        containment.link_diagnostic(readme, link.line, link.url, link.is_image, reason)
        for link in wrapup.links
        if (reason := containment.refusal(link.url, folder.name))
    )
    linked = {target for link in wrapup.links if (target := _relative_target(link.url, ".")) is not None}
    every_link: list[tuple[str, parser.Link]] = [(README, link) for link in wrapup.links]
    documents = _documents(folder, limits, tokenise, linked, every_link, problems)
    problems.extend(_page_conflicts(folder, documents))
    event = Event(
        folder=folder.name,
        path=folder,
        meta=meta,
        body_line=split.body_line,
        preamble=wrapup.preamble,
        preamble_blocks=tuple(wrapup.preamble_blocks),
        topics=tuple(wrapup.topics),
        documents=tuple(documents),
        links=tuple(every_link),
    )
    has_errors = any(problem.level is Level.ERROR for problem in problems)
    return (None if has_errors else event), problems


def _documents(
    folder: Path,
    limits: Limits,
    tokenise: parser.Tokenise,
    linked: set[str],
    every_link: list[tuple[str, parser.Link]],
    problems: list[Diagnostic],
) -> list[Document]:
    """The event's further documents; their links join ``every_link``, their problems ``problems``."""
    documents = []
    for path in _markdown_files(folder):
        source = path.relative_to(folder).as_posix()
        if source == README or any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        read = _read_document(path, folder, limits, problems, tokenise)
        if read is not None:
            title, links = read
            every_link.extend((source, link) for link in links)
            documents.append(Document(source=source, title=title, linked_from_readme=source in linked))
    return documents


def _readme_text(folder: Path, limits: Limits) -> str | Diagnostic:
    """The text of the event's README, or the error that stops reading the event."""
    readme = folder / README
    if not readme.is_file():
        message = f"event folder has no {README}: add one with the event's front matter and topics"
        return Diagnostic(folder, None, Level.ERROR, message, "event-folder")
    if containment.escapes(readme, folder.parent):
        message = (
            f"{README} is a symbolic link to a file outside {folder.parent.name}/; "
            "the wrap-up must be a file of its event folder"
        )
        return Diagnostic(readme, None, Level.ERROR, message, "symlink-outside")
    try:
        text = read_text(readme, limits.markdown_bytes)
    except NotReadable as exc:
        return Diagnostic(readme, exc.line, Level.ERROR, f"{README} {exc}", "unreadable")
    if not text.strip():
        message = f"{README} is empty: it needs front matter and at least a title"
        return Diagnostic(readme, None, Level.ERROR, message, "event-folder")
    return text


def _read_document(
    path: Path, folder: Path, limits: Limits, problems: list[Diagnostic], tokenise: parser.Tokenise
) -> tuple[str, list[parser.Link]] | None:
    """A further document's title and links (at file lines); None if it cannot be read."""
    try:
        text = read_text(path, limits.markdown_bytes)
    except NotReadable as exc:
        problems.append(Diagnostic(path, exc.line, Level.ERROR, f"{path.name} {exc}", "unreadable"))
        return None
    # Its front matter is author text too, and MkDocs hands it to the theme: only a title.
    title, body_line = None, 1
    if starts_with_front_matter(text):
        try:
            split = split_front_matter(text)
            title = parse_document_title(split)
            text, body_line = split.body, split.body_line
        except FrontMatterError as exc:
            problems.extend(diagnostics_for(path, exc))
            return None
    tokens = tokenise(text)
    problems.extend(lint_reversed_links(tokens, body_line, path))
    problems.extend(lint_gfm_differences(tokens, body_line, path))
    page_folder = posixpath.join(folder.name, posixpath.dirname(path.relative_to(folder).as_posix()))
    links = [
        parser.Link(link.url, link.text, link.line + body_line, link.is_image)  # file lines
        for link in parser.iter_links(tokens)
    ]
    problems.extend(
        containment.link_diagnostic(path, link.line, link.url, link.is_image, reason)
        for link in links
        if (reason := containment.refusal(link.url, page_folder))
    )
    return title or _document_title(tokens, fallback=path.stem), links


def _page_conflicts(folder: Path, documents: list[Document]) -> list[Diagnostic]:
    """Two files that would be one page (README.md and index.md both become the folder's page):
    MkDocs would drop one of them with a warning of its own."""
    problems = []
    pages: dict[str, str] = {destination(folder.name, README): README}
    for document in documents:
        page = destination(folder.name, document.source)
        if page in pages:
            problems.append(
                Diagnostic(
                    folder / document.source,
                    None,
                    Level.ERROR,
                    f"{document.source} and {pages[page]} would be the same page; rename "
                    f"{posixpath.basename(document.source)}",
                    "page-conflict",
                )
            )
        pages.setdefault(page, document.source)
    return problems


# What turns an event folder into an ``Event``: this module and every module of the package it
# reaches through its imports (a test checks the list against the imports), the schemas, and
# the libraries that parse. A cached event is valid only for these; a change elsewhere in the
# package (templates, pages, images) no longer makes every event be read again, which at
# 1000x the seed cost three minutes of the first build after it.
@cache
def _code_version() -> bytes:
    """What a cached event is valid for: the package's source and its libraries' versions."""
    return package_version().encode()


def _readable(path: Path, max_bytes: int) -> bool:
    """A regular file of a sensible size: not a folder or a device named like Markdown, not too
    large to read (``read_text`` reports each of these with its reason)."""
    try:
        return path.is_file() and path.stat().st_size <= max_bytes
    except OSError:
        return False


def _markdown_files(folder: Path) -> list[Path]:
    """The Markdown files of an event folder, without symbolic links that lead out of the
    content root (reported by ``load_catalogue``; never read)."""
    return [path for path in sorted(folder.rglob("*.md")) if not containment.escapes(path, folder.parent)]


def _content_key(folder: Path, limits: Limits) -> str | None:
    """Hash of everything ``load_event`` reads for ``folder`` (None if it cannot be read)."""
    digest = hashlib.sha256(_code_version() + str(folder.resolve()).encode() + str(limits.markdown_bytes).encode())
    try:
        for path in _markdown_files(folder):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


def load_event_cached(
    folder: Path, cache: ContentCache | None, limits: Limits = Limits(), tokenise: parser.Tokenise = parser.parse
) -> tuple[Event | None, list[Diagnostic]]:
    """``load_event``, from ``cache`` (a ``ContentCache``) when the same files were read before.

    Parsing is most of the hooks' own work on a warm build, and the same Markdown always
    gives the same event, so the result is kept by content."""
    if (
        cache is None
        or not FOLDER_PATTERN.match(folder.name)
        or not (folder / README).is_file()
        or containment.escapes(folder / README, folder.parent)
    ):
        return load_event(folder, limits, tokenise)
    key = _content_key(folder, limits)
    if key is None:
        return load_event(folder, limits, tokenise)
    hit = cache.read("events", key, ".pickle", lambda data: data[:1] == b"\x80")  # a pickle's first byte
    if hit is not None:
        try:
            cached: tuple[Event | None, list[Diagnostic]] = pickle.loads(hit.data)
            return cached
        except Exception:  # a damaged entry: read the folder again and store a good one
            pass
    result = load_event(folder, limits, tokenise)
    cache.write("events", key, ".pickle", pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return result


def load_catalogue(
    root: Path,
    cache: ContentCache | None = None,
    conversions: Mapping[Path, Tried] | None = None,
    settings: Settings = Settings(),
    tokenise: parser.Tokenise = parser.parse,
) -> Catalogue:
    """Read every event folder under ``root`` (unchanged ones from ``cache``); other files there are
    errors. ``conversions`` is the trial of the files ``markdown_paths`` lists, made by the caller
    (``wrapup.pages.trial``: the model converts no page): an event with a file that did not convert
    within limits is an error, never parsed. ``tokenise`` gives a text's tokens (the trial's, from
    a ``parser.TokenStore``)."""
    if unnamed := unencodable_names(root):  # no page, address or log line below may hold such a name
        return Catalogue(root=root, events=[], diagnostics=unnamed, settings=settings)
    events: list[Event] = []
    diagnostics: list[Diagnostic] = []
    accepted: list[Diagnostic] = []
    conversions = conversions or {}
    unconvertible = _unconvertible(root, conversions, diagnostics)
    # Not cached: a link's target can change while every Markdown file stays the same.
    escapes_found = containment.escaping_symlinks(root)
    diagnostics.extend(
        problem
        for problem in containment.escape_diagnostics(escapes_found, root)
        if problem.path.name != README or problem.path.parent.parent != root
    )  # load_event says it
    linked_away = {escape.path for escape in escapes_found if escape.is_folder}
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or entry in linked_away or entry in unconvertible:
            continue  # an unconvertible folder is reported above; parsing it is what must not happen
        if entry.name == HOME_TEXT and entry.is_file() and not entry.is_symlink():
            continue  # the home page's text, read below
        if (not_an_event := _not_an_event_folder(entry, root)) is not None:
            diagnostics.append(not_an_event)
            continue
        event, problems = load_event_cached(entry, cache, settings.limits, tokenise)
        if event is None:
            diagnostics.extend(problems)
            continue
        events.append(event)
        for problem in problems:
            (accepted if problem.code in event.meta.accepted_lint else diagnostics).append(problem)
    diagnostics.extend(_shared_addresses(events))
    events.sort(key=lambda e: (e.meta.start, e.folder), reverse=True)
    crosslinks = resolve(events, settings.original)
    by_folder = {event.folder: event for event in events}
    for problem in crosslinks.diagnostics:
        event = by_folder[problem.path.parent.name]
        (accepted if problem.code in event.meta.accepted_lint else diagnostics).append(problem)
    home_text = _home_text(root, settings.limits, diagnostics)
    return Catalogue(
        root=root,
        events=events,
        diagnostics=diagnostics,
        accepted=accepted,
        crosslinks=crosslinks,
        home_text=home_text,
        settings=settings,
        conversions=conversions,
    )


def unencodable_names(root: Path) -> list[Diagnostic]:
    """An error for each file or folder under ``root`` whose name is not UTF-8 (bytes Python can
    only carry as lone surrogates): no page, address or log line can hold it. Links are not followed."""
    found = []
    for folder, subfolders, names in os.walk(root, followlinks=False):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in [*subfolders, *names]:
            try:
                name.encode("utf-8")
            except UnicodeEncodeError:
                shown_name = os.fsencode(name).decode("utf-8", "backslashreplace")
                message = (
                    f"'{shown_name}' is not named in UTF-8: rename it (a page, address or log cannot hold the name)"
                )
                found.append(Diagnostic(_encodable(Path(folder)), None, Level.ERROR, message, "file-name"))
    return found


def _encodable(path: Path) -> Path:
    """``path``, or its nearest parent whose name is UTF-8."""
    while True:
        try:
            str(path).encode("utf-8")
            return path
        except UnicodeEncodeError:
            path = path.parent


def markdown_paths(root: Path, limits: Limits) -> list[Path]:
    """Every readable Markdown file of the event folders under ``root``, and the home page's text:
    what the trial converts."""
    folders = [
        entry
        for entry in sorted(root.iterdir())
        if entry.is_dir() and not entry.name.startswith(".") and not entry.is_symlink()
    ]
    home = [root / HOME_TEXT] if not (root / HOME_TEXT).is_symlink() else []
    paths = [*home, *(path for folder in folders for path in _markdown_files(folder))]
    return [path for path in paths if _readable(path, limits.markdown_bytes)]


def _not_an_event_folder(entry: Path, root: Path) -> Diagnostic | None:
    """Why an entry of the content folder is no event folder to read, or None if it may be one."""
    if entry.is_symlink() and entry.is_dir():
        # MkDocs would publish the same files twice, under two addresses.
        message = f"is a symbolic link to the folder '{os.readlink(entry)}'; an event folder must be a real folder"
        return Diagnostic(entry, None, Level.ERROR, message, "symlink-folder")
    if not entry.is_dir():
        message = f"'{entry.name}' is not an event folder: {root.name}/ holds only event folders ({FOLDER_RULE})"
        return Diagnostic(entry, None, Level.ERROR, message, "event-folder")
    return None


def _shared_addresses(events: list[Event]) -> list[Diagnostic]:
    """Two folders whose names give the same address (``2023-05_Berlin`` and ``2023-05_berlin``)."""
    problems = []
    slugs: dict[str, str] = {}
    for event in sorted(events, key=lambda e: e.folder):
        if event.slug in slugs:
            problems.append(
                Diagnostic(
                    event.path,
                    None,
                    Level.ERROR,
                    f"'{event.folder}' and '{slugs[event.slug]}' would share the address "
                    f"/{event.slug}/; rename one of them",
                    "event-folder",
                )
            )
        slugs.setdefault(event.slug, event.folder)
    return problems


def _unconvertible(root: Path, conversions: Mapping[Path, Tried], diagnostics: list[Diagnostic]) -> set[Path]:
    """The event folders with a file that does not convert within limits, each file reported."""
    failed = sorted((path, tried.problem) for path, tried in conversions.items() if tried.problem is not None)
    diagnostics.extend(unconvertible_diagnostic(path, problem) for path, problem in failed)
    return {root / path.relative_to(root).parts[0] for path, _ in failed}


def unconvertible_diagnostic(path: Path, problem: str) -> Diagnostic:
    return Diagnostic(
        path,
        None,
        Level.ERROR,
        f"{path.name} is not published: {problem}. A wrap-up converts in a second or two; "
        "look for thousands of unclosed '[', '<' or '*' in one paragraph, or split the file",
        MARKDOWN_LIMIT,
    )


def _home_text(root: Path, limits: Limits, diagnostics: list[Diagnostic]) -> str | None:
    """The home page's own text (``index.md`` beside the event folders), if there is one."""
    path = root / HOME_TEXT
    if not path.is_file() or path.is_symlink():
        return None
    try:
        return read_text(path, limits.markdown_bytes)
    except NotReadable as exc:
        diagnostics.append(Diagnostic(path, exc.line, Level.ERROR, f"{HOME_TEXT} {exc}", "unreadable"))
        return None
