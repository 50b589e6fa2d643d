"""``wrapup import``: a wrap-up written elsewhere becomes an event folder, with no hand edit.

Two shapes are read:

- a single Markdown file, as the community's documentation site keeps them (VitePress or Hugo
  style): its own front matter (``title``, ``weight``, ``prev``, ``next``, ``outline``,
  ``github_*``: navigation of that site, left behind), an H1 title, a list of emoji-led fact
  bullets (``🗓️ **Date:** 24.11.2025 – 28.11.2025``, ``📍 **Location:** [name](url)``,
  ``👤 **Organizer:** [name](url)``, ``📘 **Topics:** url``, ``🎤 **Review Meeting Summary:** url``),
  a group picture, then the topics; images by site-absolute address
  (``/community/hackathons/images/2025-11/…``), found under ``--images``;
- a folder in the seed repository's layout (``2025-06_Schelklingen/README.md`` with its files),
  whose dates, place and organiser stand in the events table of the README beside it.

Every fact goes to the front matter, every image is copied into the folder with its reference
rewritten, every topic word is kept as written. What cannot be mapped stays as text and is
reported with ``path:line``. The folder is written whole or not at all (a temporary folder,
renamed into place).
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import emoji as emoji_table
import yaml
from markdown_it.token import Token

from wrapup.cli import events_table as events_table_module
from wrapup.cli import repairs
from wrapup.diagnostics import Diagnostic, Level, shown
from wrapup.model import containment, parser, publish
from wrapup.model.frontmatter import FENCE, FrontMatterError, split_front_matter

RULE = "import"
# Front matter keys of the documentation site: its navigation, not facts of the event.
SITE_KEYS = {
    # VitePress, Hugo and Docusaurus: navigation, layout and page data of the site the wrap-up was
    # published on. None of it is a fact of the event, so it is left behind without a word.
    *("title", "weight", "prev", "next", "outline", "description", "sidebar", "aside", "layout"),
    *("linkTitle", "menu", "draft", "toc_hide", "type", "params", "path_base_for_github_subdir", "local"),
    *("aliases", "slug", "url", "summary", "tags", "categories", "keywords", "date", "lastmod"),
    *("publishdate", "expirydate", "author", "authors", "images", "hidden", "lang", "editLink"),
    *("lastUpdated", "head", "navbar", "footer", "pageClass", "search", "sidebarDepth", "sidebar_position"),
    *("sidebar_label", "hide_table_of_contents", "toc", "no_list", "cascade", "build", "markup", "translationKey"),
}
SITE_KEY_PREFIXES = ("github_",)
# Fact bullets: their label (English or German, any case, without the colon) -> the fact.
FACT_LABELS = events_table_module.FACT_LABELS  # fact bullets' labels, shared with the events table
_DATE = re.compile(r"(?P<day>\d{1,2})\.\s*(?P<month>\d{1,2})\.\s*(?P<year>\d{4})?|(?P<iso>\d{4}-\d{2}-\d{2})")
IMAGE_PREFIX = "/community/hackathons/images/"


class ImportError_(Exception):
    """The source cannot be imported: the problems, each with path:line."""

    def __init__(self, problems: list[Diagnostic]):
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


@dataclass
class Facts:
    title: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    place: str = ""
    place_url: str | None = None
    organiser: str = ""
    organiser_url: str | None = None
    links: list[dict[str, str]] = field(default_factory=list)
    photo: str | None = None
    photo_alt: str = ""


@dataclass
class Imported:
    folder: Path
    problems: list[Diagnostic]  # warnings: what stayed text, what was left behind


# ---- reading -------------------------------------------------------------------------------


def parse_dates(text: str) -> tuple[dt.date, dt.date] | None:
    """``24.11.2025 – 28.11.2025``, ``24.–28.11.2025``, ``24.11. - 28.11.2025``, ISO dates."""
    found = list(_DATE.finditer(text))
    if not found:
        return None
    dates: list[tuple[int | None, int, int] | dt.date] = []
    for match in found:
        if match["iso"]:
            dates.append(dt.date.fromisoformat(match["iso"]))
        else:
            dates.append((int(match["year"]) if match["year"] else None, int(match["month"]), int(match["day"])))
    # "24.–28.11.2025": the first day has no month either.
    first_day = re.match(r"\s*(\d{1,2})\.\s*[–-]", text)
    if len(dates) == 1 and first_day is not None and not isinstance(dates[0], dt.date):
        year, month, _ = dates[0]
        dates.insert(0, (year, month, int(first_day[1])))
    year = next(
        (d.year if isinstance(d, dt.date) else d[0] for d in reversed(dates) if isinstance(d, dt.date) or d[0]), None
    )
    if year is None:
        return None
    days = [d if isinstance(d, dt.date) else dt.date(d[0] or year, d[1], d[2]) for d in dates]
    return days[0], days[-1]


def _label_and_rest(token: Token) -> tuple[str, str]:
    """A fact bullet's bold label and the text that follows it."""
    children = token.children or []
    label, rest_start = "", 0
    for index, child in enumerate(children):
        if child.type == "strong_open":
            close = next(i for i in range(index, len(children)) if children[i].type == "strong_close")
            label = "".join(c.content for c in children[index + 1 : close] if c.type in ("text", "code_inline"))
            rest_start = close + 1
            break
        if child.type == "text" and child.content.strip() and not _is_emoji(child.content.strip()):
            return "", ""
    return label.strip().rstrip(":").strip(), _text(children[rest_start:]).lstrip(":").strip()


def _is_emoji(text: str) -> bool:
    """Whether ``text`` is only emoji (the emoji package's table, current with Unicode)."""
    return emoji_table.purely_emoji("".join(text.split()))


def _text(children: list[Token]) -> str:
    return "".join(
        child.content if child.type in ("text", "code_inline") else " " if child.type == "softbreak" else ""
        for child in children
    )


@dataclass
class _Body:
    lines: list[str]  # the Markdown body, line by line (keepends), without what became front matter
    numbers: list[int]  # the source file's line of each of ``lines``

    @property
    def first_line(self) -> int:
        return self.numbers[0] if self.numbers else 1

    def line_of(self, index: int) -> int:
        """The source file's line of ``lines[index]``: a warning points where the author wrote it."""
        return self.numbers[index] if 0 <= index < len(self.numbers) else self.first_line


def _read_single_file(path: Path, problems: list[Diagnostic]) -> tuple[Facts, _Body]:
    text = path.read_text(encoding="utf-8")
    body_text, body_line = text, 1
    if text.startswith(FENCE):
        try:
            split = split_front_matter(text)
        except FrontMatterError as exc:
            raise ImportError_(
                [Diagnostic(path, exc.line, Level.ERROR, f"expected front matter closed by '---': {exc}", RULE)]
            ) from None
        try:
            data = yaml.safe_load(split.yaml_text) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise ImportError_(
                [
                    Diagnostic(
                        path,
                        split.yaml_line + (mark.line if mark else 0),
                        Level.ERROR,
                        f"expected YAML front matter: {exc}",
                        RULE,
                    )
                ]
            ) from None
        if not isinstance(data, dict):
            raise ImportError_(
                [Diagnostic(path, split.yaml_line, Level.ERROR, "expected front matter of keys and values", RULE)]
            )
        for key in data:
            if key not in SITE_KEYS and not str(key).startswith(SITE_KEY_PREFIXES):
                problems.append(
                    Diagnostic(
                        path,
                        split.yaml_line,
                        Level.WARNING,
                        f"front matter key '{key}' is not a fact of the event; left behind",
                        RULE,
                    )
                )
        body_text, body_line = split.body, split.body_line
    lines = body_text.splitlines(keepends=True)
    return _facts_from_body(path, lines, body_line, problems, facts_expected=True)


def _facts_from_body(
    path: Path, lines: list[str], body_line: int, problems: list[Diagnostic], *, facts_expected: bool
) -> tuple[Facts, _Body]:
    tokens = parser.parse("".join(lines))
    facts = Facts()
    drop: set[int] = set()  # body line indexes that became front matter
    first_topic = next((t.map[0] for t in tokens if t.type == "heading_open" and t.tag == "h2" and t.map), len(lines))
    for index, token in enumerate(tokens):
        if not token.map or token.map[0] >= first_topic:
            continue
        if token.type == "heading_open" and token.tag == "h1" and not facts.title:
            facts.title = parser.inline_text(tokens[index + 1]).strip()
            drop.update(range(*token.map))
        elif token.type == "bullet_list_open" and token.level == 0 and facts_expected:
            items = _fact_items(tokens, index)
            if items and all(_label_and_rest(inline)[0] for _, inline in items):
                # Each fact goes to the front matter once; one it cannot place stays in the list.
                for item_map, inline in items:
                    if _map_fact(path, facts, inline, item_map[0] + body_line, problems):
                        drop.update(range(*item_map))
        elif (
            token.type == "inline"
            and facts.photo is None
            and token.children
            and tokens[index - 1].type == "paragraph_open"
        ):
            images = [child for child in token.children if child.type == "image"]
            others = [
                child
                for child in token.children
                if child.type not in ("image",) and (child.type != "text" or child.content.strip())
            ]
            if len(images) == 1 and not others:
                facts.photo = str(images[0].attrs.get("src", ""))
                facts.photo_alt = parser.inline_text(images[0]).strip() if images[0].children else images[0].content
                if (lines_of := tokens[index - 1].map) is not None:
                    drop.update(range(*lines_of))
    kept = [number for number in range(len(lines)) if number not in drop]
    return facts, _Body([lines[number] for number in kept], [number + body_line for number in kept])


def _fact_items(tokens: list[Token], list_index: int) -> list[tuple[list[int], Token]]:
    items: list[tuple[list[int], Token]] = []
    depth = 0
    for index in range(list_index, len(tokens)):
        token = tokens[index]
        depth += token.nesting
        if token.type == "list_item_open" and depth == 2:
            inline = next((t for t in tokens[index:] if t.type == "inline"), None)
            if inline is not None and token.map is not None:
                items.append((token.map, inline))
        if depth == 0:
            break
    return items


def _map_fact(path: Path, facts: Facts, inline: Token, line: int, problems: list[Diagnostic]) -> bool:
    label, rest = _label_and_rest(inline)
    kind = FACT_LABELS.get(label.lower())
    # The project's own link reader; a bare URL is a link there too (linkify).
    link = next(((found.text.strip(), found.url) for found in parser.iter_links([inline]) if not found.is_image), None)
    if kind == "dates":
        dates = parse_dates(rest)
        if dates is None:
            problems.append(
                Diagnostic(
                    path,
                    line,
                    Level.WARNING,
                    f"expected dates like '24.11.2025 – 28.11.2025' after '{label}:', found '{rest}'; kept as text",
                    RULE,
                )
            )
            return False
        facts.start, facts.end = dates
    elif kind == "place":
        facts.place, facts.place_url = (
            (link[0], link[1]) if link and link[0] != link[1] else (rest, link[1] if link else None)
        )
    elif kind == "organiser":
        facts.organiser, facts.organiser_url = (
            (link[0], link[1]) if link and link[0] != link[1] else (rest, link[1] if link else None)
        )
    elif kind is not None and link is not None:
        facts.links.append(
            {
                "kind": kind,
                "url": link[1],
                **(
                    {"title": label}
                    if label.lower() not in ("topics", "review meeting summary")
                    else {"title": "Topic planning" if kind == "planning" else "Review meeting summary"}
                ),
            }
        )
    elif link is not None and link[1].startswith(("http://", "https://")):
        facts.links.append({"kind": "other", "title": label, "url": link[1]})
    else:
        problems.append(
            Diagnostic(
                path,
                line,
                Level.WARNING,
                f"fact '{label}' has no place in the front matter; it stays in the page as text",
                RULE,
            )
        )
        return False
    return True


# ---- images ----------------------------------------------------------------------------------


def _image_sources(lines: list[str]) -> list[tuple[int, str]]:
    """(line index, source as written) of every image of the body: Markdown images and raw HTML."""
    from html.parser import HTMLParser

    found: list[tuple[int, str]] = []
    tokens = parser.parse("".join(lines))
    for link in parser.iter_links(tokens):
        if link.is_image:
            found.append((link.line, link.url))

    class Images(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "img":
                src = dict(attrs).get("src")
                if src:
                    found.append((self.getpos()[0] - 1 + self.offset, src))

        handle_startendtag = handle_starttag

    for token in tokens:
        if token.type == "html_block" or (
            token.type == "inline" and any(c.type == "html_inline" for c in token.children or [])
        ):
            html_images = Images()
            html_images.offset = token.map[0] if token.map else 0
            html_images.feed(token.content)
            html_images.close()
    return found


def _local_image(source: str, base: Path, images: Path | None) -> tuple[Path | None, bool]:
    """The file an image address names, and whether it was refused: site-absolute addresses are
    looked up under ``images``, relative ones beside the source (or under ``images`` too). Only
    a file inside the folder it is looked up in is taken: an address that climbs out of it
    (``../../secret.png``) or a symbolic link that leads out of it names nothing the import reads."""
    parts = urlsplit(source)
    if parts.scheme or parts.netloc:
        return None, False
    path = unquote(parts.path)
    candidates: list[tuple[Path, Path]] = []  # (file, the folder it must lie in)
    if path.startswith(IMAGE_PREFIX) and images is not None:
        candidates.append((images / path[len(IMAGE_PREFIX) :], images))
    elif path.startswith("/") and images is not None:
        candidates.append((images / path.lstrip("/").split("images/", 1)[-1], images))
    elif not path.startswith("/"):
        candidates.append((base / path, base))
        if images is not None:
            candidates.append((images / path.split("images/", 1)[-1], images))
    refused = False
    for candidate, folder in candidates:
        if candidate.is_file():
            if containment.within(candidate, folder):
                return candidate, False
            refused = True
    return None, refused


def _inside(folder: Path, relative: str) -> Path | None:
    """``folder / relative`` when it stays inside ``folder`` (no '..' out, no absolute path)."""
    normal = posixpath.normpath(relative)
    if posixpath.isabs(normal) or normal == ".." or normal.startswith("../") or normal in ("", "."):
        return None
    destination = folder / normal
    return destination if containment.within(destination.parent, folder) else None


def _target_name(source: str, month: str) -> str:
    """Where an image goes in the folder: its path below the event's own image folder
    (``/…/images/2025-11/prow/x.png`` -> ``prow/x.png``), else its file name."""
    path = unquote(urlsplit(source).path)
    tail = path.split("images/", 1)[-1] if "images/" in path else posixpath.basename(path)
    if tail.startswith(month + "/"):
        tail = tail[len(month) + 1 :]
    elif tail.startswith(month + "."):  # the group picture, images/2025-11.jpeg
        tail = "group-picture" + tail[len(month) :]
    return posixpath.normpath(tail).lstrip("./") or posixpath.basename(path)


# ---- writing ---------------------------------------------------------------------------------


def folder_name(facts: Facts) -> str:
    """``YYYY-MM_Town``: the town is the place's last comma-separated part (``Schlosshof
    Freizeitheim, Schelklingen``), or its last word (``SAP Center Sofia``), in ASCII."""
    town = facts.place.split(",")[-1].strip() if "," in facts.place else (facts.place.split() or ["Event"])[-1]
    ascii_town = unicodedata.normalize("NFKD", town).encode("ascii", "ignore").decode()
    ascii_town = re.sub(r"[^A-Za-z0-9]+", "-", ascii_town).strip("-") or "Event"
    return f"{facts.start:%Y-%m}_{ascii_town}"


def _front_matter(facts: Facts) -> str:
    assert facts.start is not None and facts.end is not None  # _require_facts stopped the import otherwise
    data: dict[str, Any] = {
        "title": facts.title,
        "start": facts.start.isoformat(),
        "end": facts.end.isoformat(),
        "place": {"name": facts.place, **({"url": facts.place_url} if facts.place_url else {})},
        "organiser": (
            {"name": facts.organiser, "url": facts.organiser_url} if facts.organiser_url else facts.organiser
        ),
    }
    if facts.links:
        data["links"] = facts.links
    if facts.photo:
        data["photo"] = {"src": facts.photo, **({"alt": facts.photo_alt} if facts.photo_alt else {})}
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    return f"{FENCE}\n{text}{FENCE}\n\n"


@dataclass(frozen=True)
class Sources:
    """Where an import may read besides the page: its images and the events table, and the site
    the page was published on (its site-absolute links are made absolute against it)."""

    images: Path | None = None
    events_table: Path | None = None
    site_url: str | None = None


def import_wrapup(
    source: Path, into: Path, images: Path | None = None, name: str | None = None, sources: Sources | None = None
) -> Imported:
    """Import ``source`` (a Markdown file, or an event folder in the seed's layout) into a new
    folder of ``into``; raise ImportError_ with every problem that stops it."""
    sources = sources or Sources(images=images)
    problems: list[Diagnostic] = []
    if source.is_dir():
        facts, body, readme_path = _read_seed_folder(source, problems, sources.events_table)
    else:
        facts, body = _read_single_file(source, problems)
        readme_path = source
        _facts_from_table(source, sources.events_table, facts, problems)
    _require_facts(facts, body, readme_path)
    folder_title = name or folder_name(facts)
    target = into / folder_title
    if target.exists():
        raise ImportError_(
            [Diagnostic(target, None, Level.ERROR, f"{target} exists already; give another --name", RULE)]
        )
    into.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{folder_title}.", dir=into))
    try:
        lines = list(body.lines)
        base = source if source.is_dir() else source.parent
        copying = _Copying(base, sources.images, scratch, source.is_dir())
        copies = _copy_images(lines, facts, body, readme_path, copying, problems)
        lines = [_with_copies(line, copies) for line in lines]
        lines = repairs.repaired(lines, body.line_of, readme_path, sources.site_url, problems)
        if facts.photo:
            facts.photo = copies.get(facts.photo, facts.photo)
        if source.is_dir():
            _copy_seed_files(source, scratch, problems)
        (scratch / "README.md").write_text(_front_matter(facts) + "".join(lines).lstrip("\n"), encoding="utf-8")
        os.rename(scratch, target)  # whole or not at all
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return Imported(target, problems)


def _facts_from_table(source: Path, table: Path | None, facts: Facts, problems: list[Diagnostic]) -> None:
    """Fill what the page does not say from the events table's row that links it (``--events-table``,
    else a table file beside the page)."""
    if table is not None:
        if not table.is_file() or table.is_symlink():
            raise ImportError_([Diagnostic(table, None, Level.ERROR, "expected an events table file", RULE)])
        row = events_table_module.find_row(table, source.stem)
        if row is None:
            message = f"no row of the events table links {source.name}; the page's own facts are used"
            problems.append(Diagnostic(table, None, Level.WARNING, message, RULE))
    else:
        row = events_table_module.beside(source, source.stem)
    if row is not None:
        _fill_from_row(facts, row)


def _require_facts(facts: Facts, body: _Body, readme_path: Path) -> None:
    missing = [
        what
        for what, value in (
            ("a title (an H1 heading)", facts.title),
            ("the dates (a 'Date:' fact)", facts.start),
            ("the place (a 'Location:' fact)", facts.place),
            ("the organiser (an 'Organizer:' fact)", facts.organiser),
        )
        if not value
    ]
    if missing:
        raise ImportError_(
            [
                Diagnostic(
                    readme_path,
                    body.first_line,
                    Level.ERROR,
                    f"expected {', '.join(missing)} before the first topic",
                    RULE,
                )
            ]
        )


@dataclass(frozen=True)
class _Copying:
    base: Path  # where relative image sources are looked up
    images: Path | None  # where site-absolute ones are (--images)
    scratch: Path  # the new folder, until it is renamed into place
    keep_names: bool  # a seed folder keeps its own image paths


def _copy_images(
    lines: list[str], facts: Facts, body: _Body, readme_path: Path, copying: _Copying, problems: list[Diagnostic]
) -> dict[str, str]:
    """Copy every local image the body and the photo name; written source -> path in the folder."""
    copies: dict[str, str] = {}
    month = f"{facts.start:%Y-%m}"
    wanted = _image_sources(lines) + ([(None, facts.photo)] if facts.photo else [])
    for index, written in wanted:
        if written in copies:
            continue
        line = None if index is None else body.line_of(index)
        found, refused = _local_image(written, copying.base, copying.images)
        relative = written.lstrip("./") if copying.keep_names else _target_name(written, month)
        destination = _inside(copying.scratch, relative) if found is not None else None
        if found is None or destination is None:
            if refused or found is not None:
                message = (
                    f"image '{shown(written, 80)}' lies outside the folders the import reads (the source's "
                    "folder and --images) or would be written outside the new folder: not copied, its "
                    "reference is kept; put the image in the source's folder"
                )
            elif urlsplit(written).scheme:
                continue
            elif copying.images is None:
                message = f"image '{shown(written, 80)}' not found (give --images); its reference is kept"
            else:
                message = (
                    f"image '{shown(written, 80)}' not found beside the page or under {copying.images}; "
                    "its reference is kept"
                )
            problems.append(Diagnostic(readme_path, line, Level.WARNING, message, RULE))
            continue
        if not found.name.lower().endswith((*publish.RASTER_SUFFIXES, publish.SVG_SUFFIX)):
            message = f"'{shown(written, 80)}' is not an image the site publishes; not copied, its reference is kept"
            problems.append(Diagnostic(readme_path, line, Level.WARNING, message, RULE))
            continue
        destination, relative = _unclaimed(destination, posixpath.normpath(relative))
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(found, destination)
        copies[written] = relative
    return copies


def _unclaimed(destination: Path, relative: str) -> tuple[Path, str]:
    """``destination``, or ``name-2.ext``, ``name-3.ext``… when another picture took it already
    (``team-a/photo.jpg`` and ``team-b/photo.jpg`` both land as ``photo.jpg``)."""
    stem, dot, suffix = relative.rpartition(".") if "." in posixpath.basename(relative) else (relative, "", "")
    number = 1
    while destination.exists():
        number += 1
        relative = f"{stem}-{number}{dot}{suffix}"
        destination = destination.parent / posixpath.basename(relative)
    return destination, relative


def _with_copies(line: str, copies: dict[str, str]) -> str:
    """The line with each copied image's reference pointing at its copy."""
    for written, relative in copies.items():
        if written in line and written != relative:
            line = (
                line.replace(f"]({written}", f"]({relative}")
                .replace(f'src="{written}"', f'src="{relative}"')
                .replace(f"src='{written}'", f"src='{relative}'")
            )
    return line


# ---- the seed's repository layout ------------------------------------------------------------


def _read_seed_folder(
    folder: Path, problems: list[Diagnostic], events_table: Path | None = None
) -> tuple[Facts, _Body, Path]:
    readme = folder / "README.md"
    if not readme.is_file():
        raise ImportError_([Diagnostic(folder, None, Level.ERROR, "expected a README.md in the event folder", RULE)])
    for path in (readme, folder.parent / "README.md"):
        if path.is_symlink():
            raise ImportError_(
                [Diagnostic(path, None, Level.ERROR, "is a symbolic link; the import reads only plain files", RULE)]
            )
    lines = readme.read_text(encoding="utf-8").splitlines(keepends=True)
    facts, body = _facts_from_body(readme, lines, 1, problems, facts_expected=False)
    table = events_table or folder.parent / "README.md"
    row = events_table_module.find_row(table, folder.name) if table.is_file() and not table.is_symlink() else None
    if row is None:
        raise ImportError_(
            [
                Diagnostic(
                    table,
                    None,
                    Level.ERROR,
                    f"expected a row for {folder.name}/README.md in the events table of {table} "
                    "(Date | Location | Organizer | Wrap Up)",
                    RULE,
                )
            ]
        )
    _fill_from_row(facts, row, overwrite=True)
    return facts, body, readme


def _fill_from_row(facts: Facts, row: events_table_module.Row, *, overwrite: bool = False) -> None:
    """The facts an events table's row gives: dates, place with its address, organiser with
    theirs. The page's own facts stand unless ``overwrite``; a place's address is taken when the
    page names the same place (or none)."""
    dates = row.cells.get("dates")
    if dates is not None:
        parsed = parse_dates(dates.text)
        if parsed is None and overwrite:
            raise ImportError_(
                [
                    Diagnostic(
                        row.path,
                        row.line,
                        Level.ERROR,
                        f"expected dates like '02.06.2025 - 06.06.2025', found '{dates.text}'",
                        RULE,
                    )
                ]
            )
        if parsed is not None and (overwrite or facts.start is None):
            facts.start, facts.end = parsed
    for kind in ("place", "organiser"):
        cell = row.cells.get(kind)
        if cell is None or not cell.text:
            continue
        name, url = (facts.place, facts.place_url) if kind == "place" else (facts.organiser, facts.organiser_url)
        if overwrite or not name:
            name, url = cell.text, cell.url
        elif url is None and name.strip().lower() == cell.text.strip().lower():
            url = cell.url
        if kind == "place":
            facts.place, facts.place_url = name, url
        else:
            facts.organiser, facts.organiser_url = name, url


def _copy_seed_files(source: Path, target: Path, problems: list[Diagnostic]) -> None:
    """Every other file of a seed folder, as it is (its Markdown, images and diagrams). A symbolic
    link is never followed: it is left behind, with a warning."""
    for folder, subfolders, names in os.walk(source, followlinks=False):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted([*names, *(sub for sub in subfolders if (Path(folder) / sub).is_symlink())]):
            path = Path(folder) / name
            relative = path.relative_to(source)
            if name.startswith(".") or relative.as_posix() == "README.md":
                continue
            if path.is_symlink():
                message = "is a symbolic link; the import copies only plain files, so it is left behind"
                problems.append(Diagnostic(path, None, Level.WARNING, message, RULE))
                continue
            destination = target / relative
            if path.is_file() and not destination.exists():
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, destination)
