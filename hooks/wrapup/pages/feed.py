"""An Atom feed of the events, newest first, so that followers learn of a new wrap-up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wrapup.model.addresses import destination, url_for
from wrapup.model.events import README, Event
from wrapup.pages.home import format_dates
from wrapup.pages.templates import Fragments

FEED_TEMPLATE = "feed.xml"  # under fragments/: a site may override it through custom_dir


@dataclass(frozen=True)
class FeedEntry:
    event: Event
    url: str
    updated: dt.datetime
    published: dt.datetime
    summary: str


def atom_feed(
    events: list[Event], updated: dict[str, dt.datetime], site_url: str, site_name: str, fragments: Fragments
) -> bytes:
    """``updated`` maps event folders to when their wrap-up last changed."""
    base = site_url.rstrip("/") + "/"
    entries = []
    for event in events:
        topics = f"{len(event.topics)} topics" if event.topics else "no topics yet"
        entries.append(
            FeedEntry(
                event=event,
                url=base + url_for(destination(event.folder, README)),
                updated=updated[event.folder],
                published=dt.datetime.combine(event.meta.end, dt.time(), dt.UTC),
                summary=f"{format_dates(event.meta.start, event.meta.end)} · {event.meta.place.name} · "
                f"organised by {event.meta.organiser} · {topics}",
            )
        )
    newest = max(updated.values(), default=dt.datetime.now(dt.UTC))
    feed = fragments.render(FEED_TEMPLATE, base=base, site_name=site_name, newest=newest, entries=entries)
    return feed.encode("utf-8")
