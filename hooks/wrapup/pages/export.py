"""``topics.json``: every event and topic of the site as data, for reuse outside the site.

The shape is declared in ``schema/topics.schema.json`` (and checked against it by the tests).
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from wrapup.model.addresses import destination, url_for
from wrapup.model.events import README, Catalogue, Event
from wrapup.model.links import CodeLink
from wrapup.model.threads import Explored, TopicKey, explore
from wrapup.model.topics import Topic

FORMAT_VERSION = 1


def _topic(
    event: Event, topic: Topic, catalogue: Catalogue, explored: Explored, thread_index: dict[int, int]
) -> dict[str, Any]:
    key = TopicKey(event.folder, topic.anchor)
    thread = explored.thread_of.get(key)
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
        "status": explored.status[key].value,
        "thread": thread_index[id(thread)] if thread is not None else None,
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


def _with_labels(topic: Topic) -> list[CodeLink]:
    """All links of the topic, those in code sections carrying the label they were written under."""
    labelled = {(link.url, link.line): link for link in topic.code_links if link.label}
    return [labelled.get((link.url, link.line), link) for link in topic.links]


def topics_document(catalogue: Catalogue, explored: Explored | None = None) -> dict[str, Any]:
    explored = explored or explore(catalogue.events, catalogue.crosslinks, catalogue.settings)
    thread_index = {id(thread): number for number, thread in enumerate(explored.threads)}
    return {
        "version": FORMAT_VERSION,
        "threads": [
            {
                "steps": [str(step) for step in thread.steps],
                "joins": [
                    {"earlier": str(join.earlier), "later": str(join.later), "rule": join.rule, "reason": join.reason}
                    for join in thread.joins
                ],
            }
            for thread in explored.threads
        ],
        "events": [
            {
                "folder": event.folder,
                "url": url_for(destination(event.folder, README)),
                "title": event.meta.title,
                "start": event.meta.start.isoformat(),
                "end": event.meta.end.isoformat(),
                "place": {"name": event.meta.place.name, "url": event.meta.place.url},
                "organiser": event.meta.organiser,
                "organiser_url": event.meta.organiser_url,
                "links": [{"kind": link.kind, "title": link.text, "url": link.url} for link in event.meta.links],
                "source": f"{catalogue.root.name}/{event.folder}/{README}",
                "topics": [_topic(event, topic, catalogue, explored, thread_index) for topic in event.topics],
            }
            for event in catalogue.events
        ],
    }


def write_json(document: Any, stream: TextIO, *, expand: int = 4) -> None:
    """Write ``document`` as JSON with its outer ``expand`` levels one item per line and what is
    deeper on one line each: a topic is one line of ``topics.json``.

    ``json.dump`` with an indent encodes in pure Python, several times slower than the C
    encoder that ``json.dumps`` uses without one; writing item by item keeps memory to one
    item at a time (``topics.json`` is 280 MB at 1000x the seed).
    """
    _write_json(document, stream, expand, "\n")


def _write_json(value: Any, stream: TextIO, expand: int, newline: str) -> None:
    if expand <= 0 or not isinstance(value, (dict, list)) or not value:
        stream.write(json.dumps(value, ensure_ascii=False))
        return
    inner = newline + " "
    items = value.items() if isinstance(value, dict) else ((None, item) for item in value)
    stream.write("{" if isinstance(value, dict) else "[")
    for position, (key, item) in enumerate(items):
        stream.write(("," if position else "") + inner)
        if key is not None:
            stream.write(json.dumps(key, ensure_ascii=False) + ": ")
        _write_json(item, stream, expand - 1, inner)
    stream.write(newline + ("}" if isinstance(value, dict) else "]"))
