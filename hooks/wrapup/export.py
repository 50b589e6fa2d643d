"""``topics.json``: every event and topic of the site as data, for reuse outside the site.

The shape is declared in ``schema/topics.schema.json`` (and checked against it by the tests).
"""

from __future__ import annotations

from typing import Any

from .events import README, Catalogue, Event
from .site import destination, url_for
from .topics import Topic

FORMAT_VERSION = 1


def _topic(event: Event, topic: Topic, catalogue: Catalogue) -> dict[str, Any]:
    source = f"{catalogue.root.name}/{event.folder}/{README}"
    page = url_for(destination(event.folder, README))
    continued = catalogue.crosslinks.continued_in.get((event.folder, topic.anchor), [])
    return {
        "title": topic.title,
        "emoji": topic.emoji,
        "anchor": topic.anchor,
        "url": f"{page}#{topic.anchor}",
        "source": {"file": source, "line": topic.line},
        "stub": topic.is_stub,
        "notes": topic.notes,
        "sections": [
            {
                "kind": section.kind.value,
                "label": section.label,
                "line": section.line,
                "markdown": section.markdown,
                "empty": section.is_empty,
            }
            for section in topic.sections
        ],
        "links": [
            {
                "url": link.url,
                "kind": link.kind,
                "chip": link.chip,
                "repository": link.repository,
                "number": link.number,
                "ref": link.ref,
                "label": link.label or None,
                "line": link.line,
            }
            for link in _with_labels(topic)
        ],
        "continued_in": [{"event": ref.folder, "anchor": ref.anchor, "title": ref.title} for ref in continued],
    }


def _with_labels(topic: Topic):
    """All links of the topic, those in code sections carrying the label they were written under."""
    labelled = {(link.url, link.line): link for link in topic.code_links if link.label}
    return [labelled.get((link.url, link.line), link) for link in topic.links]


def topics_document(catalogue: Catalogue) -> dict[str, Any]:
    return {
        "version": FORMAT_VERSION,
        "events": [
            {
                "folder": event.folder,
                "url": url_for(destination(event.folder, README)),
                "title": event.meta.title,
                "start": event.meta.start.isoformat(),
                "end": event.meta.end.isoformat(),
                "place": {"name": event.meta.place.name, "url": event.meta.place.url},
                "organiser": event.meta.organiser,
                "source": f"{catalogue.root.name}/{event.folder}/{README}",
                "topics": [_topic(event, topic, catalogue) for topic in event.topics],
            }
            for event in catalogue.events
        ],
    }
