"""A new event folder with its README: front matter from the contributor, a commented topic template."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from wrapup.model.events import FOLDER_PATTERN, FOLDER_RULE, README
from wrapup.model.frontmatter import (
    FrontMatterError,
    parse_event_meta,
    split_front_matter,
)

TOPIC_TEMPLATE = """\
<!--
Add one topic per "##" heading, then delete this comment. Start the title with an emoji if you
like; it is shown as an icon. Each section starts with its bold label; write "None." where
there is nothing to say. Code & links: pull requests, issues, repositories, branches.

## 🌱 Title Of The Topic

**Problem Statement:** What was the problem, and for whom?

**Motivation/Benefits:** ✨ Why it is worth solving.

**Achievements:** What works now, and how far it got during the hackathon.

**Next Steps:** What remains to be done, and by whom.

**Code/Pull Requests:** https://github.com/owner/repository/pull/1234

Diagrams: commit a draw.io SVG export next to this README and show it with
![Architecture](architecture.drawio.svg). Images: ![Group photo](group.jpg).
-->
"""


class ScaffoldError(ValueError):
    """Why a folder cannot be made, in words for the contributor."""


@dataclass(frozen=True)
class NewEvent:
    folder: str
    title: str
    start: dt.date
    end: dt.date
    place: str
    url: str | None
    organiser: str
    organiser_url: str | None = None


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def readme_text(event: NewEvent) -> str:
    lines = [
        "---",
        "# Fields: hooks/wrapup/model/schema/event.schema.json",
        f"title: {_quoted(event.title)}",
        f"start: {event.start.isoformat()}",
        f"end: {event.end.isoformat()}",
        "place:",
        f"  name: {_quoted(event.place)}",
    ]
    if event.url:
        lines.append(f"  url: {_quoted(event.url)}")
    if event.organiser_url:
        lines += ["organiser:", f"  name: {_quoted(event.organiser)}", f"  url: {_quoted(event.organiser_url)}"]
    else:
        lines.append(f"organiser: {_quoted(event.organiser)}")
    lines += [
        "# links: (the event's other pages) and photo: (the group picture) are optional; see the schema",
        "---",
        "",
        TOPIC_TEMPLATE,
    ]
    return "\n".join(lines)


def create(root: Path, event: NewEvent) -> Path:
    """Write ``root/<folder>/README.md``; refuse a wrong name, an existing folder, bad dates."""
    match = FOLDER_PATTERN.match(event.folder)
    if match is None:
        raise ScaffoldError(f"'{event.folder}' is not a valid folder name: {FOLDER_RULE}")
    if event.end < event.start:
        raise ScaffoldError(f"the end ({event.end}) is before the start ({event.start})")
    if (event.start.year, event.start.month) != (int(match["year"]), int(match["month"])):
        raise ScaffoldError(
            f"the start ({event.start}) is not in {match['year']}-{match['month']}, as the folder "
            f"name says; use {event.start:%Y-%m}_{match['place']}"
        )
    folder = root / event.folder
    if folder.exists():
        raise ScaffoldError(f"{folder} exists already; choose another place name or edit that event")
    text = readme_text(event)
    try:
        parse_event_meta(split_front_matter(text))  # the same rules as the build, before writing anything
    except FrontMatterError as exc:
        raise ScaffoldError(exc.message) from None
    folder.mkdir(parents=True)
    (folder / README).write_text(text, encoding="utf-8")
    return folder / README
