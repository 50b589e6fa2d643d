"""The community's events table: one row per event (dates, place, organiser, a link to the wrap-up),
as its documentation site keeps it (``index.md``, ``_index.md``) and the seed repository (its
``README.md``). ``wrapup import`` takes an event's facts from the row that links the page.

A row links a page in any of the forms such tables use: ``/community/hackathons/2025-12/``,
``2025-12.md``, ``2025-12/README.md``, ``./2025-12/index.md`` or a full URL ending so.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from wrapup.model import parser

# The words a wrap-up labels its facts with, in a bullet or a table's header (any case, English
# or German) -> the fact. One list for both, so a table's column and a page's bullet agree.
FACT_LABELS = {
    **dict.fromkeys(("date", "dates", "datum", "when"), "dates"),
    **dict.fromkeys(("location", "place", "venue", "ort", "where"), "place"),
    **dict.fromkeys(("organizer", "organiser", "organized by", "organised by", "veranstalter", "host"), "organiser"),
    **dict.fromkeys(("topics", "topic planning", "planning", "themen"), "planning"),
    **dict.fromkeys(("review meeting", "review meeting summary", "review"), "review"),
    **dict.fromkeys(("recording", "recordings"), "recording"),
    "slides": "slides",
    "notes": "notes",
}
# Column headers -> what the column holds: the facts a table row gives.
COLUMNS = {label: fact for label, fact in FACT_LABELS.items() if fact in ("dates", "place", "organiser")}
# Files beside a page that hold the table, most specific first.
NAMES = ("index.md", "_index.md", "README.md")
_PAGE_SUFFIXES = ("/README.md", "/readme.md", "/index.md", "/_index.md", "/index.html", ".md", ".html")


@dataclass(frozen=True)
class Cell:
    text: str  # the cell's text, links as their text
    url: str | None  # the first link's address


@dataclass(frozen=True)
class Row:
    """The facts one row of the table gives, with its file and line."""

    path: Path
    line: int
    cells: dict[str, Cell]  # 'dates', 'place', 'organiser' -> cell


def page_name(href: str) -> str:
    """The page a link names: its last path segment without 'README.md', 'index.md' or '.md'."""
    path = unquote(urlsplit(href).path).rstrip("/")
    for suffix in _PAGE_SUFFIXES:
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    return posixpath.basename(path.rstrip("/"))


def find_row(table: Path, page: str) -> Row | None:
    """The row of ``table`` that links the page named ``page`` ('2025-12'), or None."""
    tokens = parser.parse(table.read_text(encoding="utf-8"))
    headers: list[str] = []
    cells: list[Cell] = []
    linked, row_line = False, 0
    for index, token in enumerate(tokens):
        if token.type == "tr_open":
            cells, linked, row_line = [], False, (token.map[0] + 1 if token.map else 0)
        elif token.type in ("th_open", "td_open"):
            inline = tokens[index + 1]
            links = [found for found in parser.iter_links([inline]) if not found.is_image]
            linked = linked or any(page_name(found.url) == page for found in links)
            text = parser.inline_text(inline).strip() if inline.type == "inline" else ""
            cells.append(Cell(text, links[0].url if links else None))
        elif token.type == "tr_close":
            if not headers:
                headers = [COLUMNS.get(cell.text.lower().rstrip(":"), "") for cell in cells]
            elif linked:
                return Row(table, row_line, {kind: cell for kind, cell in zip(headers, cells, strict=False) if kind})
    return None


def beside(source: Path, page: str) -> Row | None:
    """The row for ``page`` in the first table file beside ``source`` that has one."""
    for name in NAMES:
        candidate = source.parent / name
        if candidate != source and candidate.is_file() and not candidate.is_symlink():
            row = find_row(candidate, page)
            if row is not None:
                return row
    return None
