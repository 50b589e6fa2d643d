"""An Atom feed of the events, newest first, so that followers learn of a new wrap-up."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as etree

from wrapup.model.addresses import destination, url_for
from wrapup.model.events import README, Event
from wrapup.pages.home import format_dates

ATOM = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 does not allow at all (not even as references): a front matter value with
# one would make the whole feed unreadable.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def atom_feed(events: list[Event], updated: dict[str, dt.datetime], site_url: str, site_name: str) -> bytes:
    """``updated`` maps event folders to when their wrap-up last changed."""
    etree.register_namespace("", ATOM)
    base = site_url.rstrip("/") + "/"
    feed = etree.Element(f"{{{ATOM}}}feed")

    def add(parent: etree.Element, tag: str, text: str | None = None, **attributes: str) -> etree.Element:
        element = etree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        element.text = _XML_INVALID.sub("", text) if text else text  # ElementTree escapes; it keeps these
        return element

    add(feed, "id", base)
    add(feed, "title", f"{site_name}: wrap-ups")
    add(feed, "link", href=base)
    add(feed, "link", rel="self", href=base + "feed.xml")
    newest = max(updated.values(), default=dt.datetime.now(dt.UTC))
    add(feed, "updated", newest.isoformat())
    for event in events:
        url = base + url_for(destination(event.folder, README))
        entry = add(feed, "entry")
        add(entry, "id", url)
        add(entry, "title", event.meta.title)
        add(entry, "link", href=url)
        add(entry, "updated", updated[event.folder].isoformat())
        add(entry, "published", dt.datetime.combine(event.meta.end, dt.time(), dt.UTC).isoformat())
        topics = f"{len(event.topics)} topics" if event.topics else "no topics yet"
        add(
            entry,
            "summary",
            f"{format_dates(event.meta.start, event.meta.end)} · {event.meta.place.name} · "
            f"organised by {event.meta.organiser} · {topics}",
        )
        author = add(entry, "author")
        add(author, "name", event.meta.organiser)
    return bytes(etree.tostring(feed, encoding="utf-8", xml_declaration=True))
