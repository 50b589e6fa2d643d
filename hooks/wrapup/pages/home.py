"""The home page: the maintainers' text (``hackathons/index.md``) around the events index table,
generated from every event's front matter.

The frame (title, the table, the links to the Explore pages) is ``fragments/home.html``, rendered
with autoescape on; the maintainers' text is built into its slots from its own tokens
(``wrapup.pages.layout``), before and after the line ``<!-- events -->``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wrapup.model.events import Event
from wrapup.model.parser import Tokenise, parse
from wrapup.pages.layout import Layout, Placement, slot
from wrapup.pages.templates import Fragments
from wrapup.settings import Settings

HOME_TEMPLATE = "home.html"  # under fragments/: a site may override it through custom_dir


def format_dates(start: dt.date, end: dt.date) -> str:
    """``22–26 May 2023``; months or years are repeated only where they differ."""
    if start == end:
        return f"{start.day} {start:%b %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"


@dataclass(frozen=True)
class IndexRow:
    event: Event
    dates: str
    upcoming: bool


def index_rows(events: list[Event], today: dt.date) -> list[IndexRow]:
    """The index table's rows, newest event first."""
    return [
        IndexRow(event, format_dates(event.meta.start, event.meta.end), event.is_upcoming(today))
        for event in sorted(events, key=lambda e: (e.meta.start, e.folder), reverse=True)
    ]


# Where the maintainers' home text (``hackathons/index.md``) wants the events table: a line of
# its own (an HTML comment, which GitHub shows as nothing).
EVENTS_MARKER = "<!-- events -->"


@dataclass(frozen=True)
class HomePage:
    markdown: str  # the maintainers' text: the page's Markdown
    layout: Layout


def render_home(
    fragments: Fragments,
    events: list[Event],
    today: dt.date,
    text: str | None = None,
    settings: Settings = Settings(),
    tokenise: Tokenise = parse,
) -> HomePage:
    """The home page: the maintainers' text (content they edit like any wrap-up, so its raw HTML is
    the author's) with the events table where its ``<!-- events -->`` line stands (after the text
    when it has none)."""
    # Python-Markdown converts nothing from blank Markdown: without a text the page's Markdown
    # is the bare marker, which the frame drops.
    markdown = text if text and text.strip() else f"{EVENTS_MARKER}\n"
    placements: dict[int, Placement] = {}
    where = "before"
    has_title = False
    for token in tokenise(markdown):
        if token.level != 0 or token.nesting == -1 or token.map is None:
            continue
        if token.type == "html_block" and token.content.strip() == EVENTS_MARKER and where == "before":
            placements[token.map[0]] = Placement(where, dropped=True)
            where = "after"
            continue
        placements[token.map[0]] = Placement(where)
        has_title = has_title or (where == "before" and token.type == "heading_open" and token.tag == "h1")
    skeleton = fragments.render(
        HOME_TEMPLATE,
        rows=index_rows(events, today),
        home_title=settings.home_title,
        explore=settings.explore,
        has_title=has_title,
        slot=slot,
    )
    return HomePage(markdown, Layout(skeleton, placements, rest="after", template=f"fragments/{HOME_TEMPLATE}"))
