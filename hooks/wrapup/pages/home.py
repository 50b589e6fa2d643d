"""The home page: the events index table, generated from every event's front matter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from wrapup.model.events import Event
from wrapup.pages.escaping import escape_cell, safe_url
from wrapup.pages.templates import environment
from wrapup.pages.topic_frames import FramePlan
from wrapup.settings import Settings

HOME_TEMPLATE = "home.md.jinja"


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
    dates: str
    place: str
    organiser: str
    topics: str
    wrapup: str


def index_row(event: Event, today: dt.date) -> IndexRow:
    meta = event.meta
    place = escape_cell(meta.place.name)
    if meta.place.url:
        place = f"[{place}]({safe_url(meta.place.url)})"
    return IndexRow(
        dates=format_dates(meta.start, meta.end),
        place=place,
        organiser=(
            f"[{escape_cell(meta.organiser)}]({safe_url(meta.organiser_url)})"
            if meta.organiser_url
            else escape_cell(meta.organiser)
        ),
        topics="*upcoming*" if event.is_upcoming(today) else str(len(event.topics)),
        # A source-relative link: MkDocs resolves it to the page's URL and checks it exists.
        wrapup=f"[{escape_cell(meta.title)}]({event.folder}/README.md)",
    )


def events_table(events: list[Event], today: dt.date) -> str:
    """The index table in Markdown, newest event first."""
    lines = [
        "| Dates | Place | Organiser | Topics | Wrap-up |",
        "|:--|:--|:--|--:|:--|",
    ]
    for event in sorted(events, key=lambda e: (e.meta.start, e.folder), reverse=True):
        row = index_row(event, today)
        lines.append(f"| {row.dates} | {row.place} | {row.organiser} | {row.topics} | {row.wrapup} |")
    return "\n".join(lines) + "\n"


# Where the maintainers' home text (``hackathons/index.md``) wants the events table.
EVENTS_MARKER = "<!-- events -->"


@dataclass(frozen=True)
class HomePage:
    markdown: str
    frames: FramePlan  # the events table's frame, built into the page once Markdown has parsed it


def render_home(
    template_dir: Path, events: list[Event], today: dt.date, text: str | None = None, settings: Settings = Settings()
) -> HomePage:
    """The home page Markdown: the maintainers' text (``hackathons/index.md``, content they edit
    like any wrap-up, so its raw HTML is the author's) with the events table where its
    ``<!-- events -->`` line stands (after the text when it has none), in the frame of the
    template under ``assets/templates``. The template's own markup is a frame, built in the tree."""
    before, after = (text or ""), ""
    if EVENTS_MARKER in before:
        before, _, after = before.partition(EVENTS_MARKER)
    frames = FramePlan(text or "")
    markdown = (
        environment(template_dir)
        .get_template(HOME_TEMPLATE)
        .render(
            frames=frames,
            events_table=events_table(events, today),
            event_count=len(events),
            text_before=before.strip("\n"),
            text_after=after.strip("\n"),
            home_title=settings.home_title,
            explore=settings.explore,
            has_title=any(line.startswith("# ") for line in before.splitlines()),
        )
    )
    return HomePage(markdown, frames)
