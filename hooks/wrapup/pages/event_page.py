"""An event page: the wrap-up's topics laid out as cards around the author's own text.

The frame (title, facts, the topics table, each topic's card with its parts in canonical order,
threads, "continued in") is ``fragments/event.html``, rendered with autoescape on; the author's
blocks are built into its slots from the README's tokens (``wrapup.pages.layout``), placed by the
lines the model read them at. Links, anchors and search still go through the page's Markdown
pipeline: the frame's elements are in the tree before MkDocs resolves links.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass

from wrapup.model.crosslinks import CrossLinks, TopicRef
from wrapup.model.events import README, Document, Event
from wrapup.model.labels import CANONICAL_ORDER, SectionKind
from wrapup.model.threads import STATUS_EXPLAINED, Explored, Status, TopicKey
from wrapup.model.topics import Section, Topic
from wrapup.pages.home import format_dates
from wrapup.pages.layout import Layout, Placement, slot
from wrapup.pages.templates import Fragments

EVENT_TEMPLATE = "event.html"  # under fragments/: a site may override it through custom_dir


@dataclass(frozen=True)
class Part:
    """One canonical part of a topic card, with the source sections that feed it (each with the
    name of its slot in the frame)."""

    kind: SectionKind
    sections: list[tuple[Section, str]]

    @property
    def title(self) -> str:
        return self.kind.title

    @property
    def reported(self) -> bool:
        return any(not section.is_empty for section, _ in self.sections)


@dataclass(frozen=True)
class ThreadStep:
    when: str  # '2023-05'
    title: str
    link: str  # a link relative to the page; '' for the topic the page shows (or a gap)


@dataclass(frozen=True)
class TopicView:
    topic: Topic
    slots: str  # what the names of the topic's slots start with ('t3-')
    parts: list[Part]
    continued_in: list[tuple[str, str]]  # (link text, link relative to the page)
    status: Status | None = None
    thread: list[ThreadStep] | None = None

    @property
    def status_explained(self) -> str:
        return STATUS_EXPLAINED[self.status] if self.status else ""


def topic_parts(topic: Topic, slots: str = "") -> list[Part]:
    """The five canonical parts, in canonical order; empty for topics written without labels."""
    if not topic.is_labelled:
        return []
    named = {id(section): f"{slots}s{index}" for index, section in enumerate(topic.sections)}
    return [
        Part(kind, [(section, named[id(section)]) for section in topic.sections_of(kind)]) for kind in CANONICAL_ORDER
    ]


def _continued_in(event: Event, topic: Topic, crosslinks: CrossLinks) -> list[tuple[str, str]]:
    refs: list[TopicRef] = crosslinks.continued_in.get((event.folder, topic.anchor), [])
    return [(f"{ref.label}: {ref.title}", posixpath.join("..", ref.folder, README) + f"#{ref.anchor}") for ref in refs]


@dataclass(frozen=True)
class TopicRow:
    topic: Topic
    achievements: str  # 'reported', 'not reported', or '—' for a topic written without labels


def topics_table(topics: list[Topic]) -> tuple[list[TopicRow], bool]:
    """The rows of the table an event page starts with, and whether it shows the Achievements
    column: a column that says the same on every row says nothing and is left out (an event
    whose wrap-up reports no achievements at all)."""
    rows = [
        TopicRow(
            topic,
            "—" if not topic.is_labelled else ("reported" if topic.reports_achievements else "not reported"),
        )
        for topic in topics
    ]
    return rows, len({row.achievements for row in rows}) > 1


# A topic's timeline shows at most this many steps on each side of it; a longer thread says how
# many steps it leaves out (topics.json has them all).
THREAD_WINDOW = 3


def _thread(
    event: Event, topic: Topic, explored: Explored, events_by_folder: dict[str, Event]
) -> list[ThreadStep] | None:
    key = TopicKey(event.folder, topic.anchor)
    thread = explored.thread_of.get(key)
    if thread is None:
        return None
    here = explored.position[key]
    first, last = max(0, here - THREAD_WINDOW), min(len(thread.steps), here + THREAD_WINDOW + 1)
    steps = []
    if first:
        steps.append(ThreadStep("", f"… {first} earlier steps", ""))
    for step in thread.steps[first:last]:
        other = events_by_folder[step.folder]
        if step == key:
            link = ""
        elif step.folder == event.folder:
            link = f"#{step.anchor}"
        else:
            link = posixpath.join("..", step.folder, README) + f"#{step.anchor}"
        steps.append(ThreadStep(f"{other.meta.start:%Y-%m}", explored.titles[step] or "(untitled topic)", link))
    if last < len(thread.steps):
        steps.append(ThreadStep("", f"… {len(thread.steps) - last} later steps", ""))
    return steps


def event_layout(
    fragments: Fragments,
    event: Event,
    crosslinks: CrossLinks,
    updated: dt.datetime | None = None,
    explored: Explored | None = None,
    events_by_folder: dict[str, Event] | None = None,
) -> Layout:
    """The event page's frame, and where each block of the README goes in it."""
    views = []
    for number, topic in enumerate(event.topics):
        status = thread = None
        if explored is not None and events_by_folder is not None:
            status = explored.status.get(TopicKey(event.folder, topic.anchor))
            thread = _thread(event, topic, explored, events_by_folder)
        slots = f"t{number}-"
        parts = topic_parts(topic, slots)
        views.append(TopicView(topic, slots, parts, _continued_in(event, topic, crosslinks), status, thread))
    rows, show_achievements = topics_table(list(event.topics))
    skeleton = fragments.render(
        EVENT_TEMPLATE,
        event=event,
        meta=event.meta,
        dates=format_dates(event.meta.start, event.meta.end),
        topics=views,
        rows=rows,
        show_achievements=show_achievements,
        unlinked_documents=unlinked_documents(event),
        updated=updated,
        slot=slot,
    )
    return Layout(skeleton, _placements(event), rest="end", template=f"fragments/{EVENT_TEMPLATE}")


def _placements(event: Event) -> dict[int, Placement]:
    """Where each block of the README goes, by its line in the README's body (0-based)."""
    first = event.body_line
    placements = {line - first: Placement("preamble") for line in event.preamble_blocks}
    for number, topic in enumerate(event.topics):
        slots = f"t{number}-"
        placements[topic.line - first] = Placement(f"{slots}heading", heading=(topic.anchor, topic.emoji or ""))
        placements.update((line - first, Placement(f"{slots}notes")) for line in topic.notes_blocks)
        for index, section in enumerate(topic.sections):
            name = f"{slots}s{index}"
            for line in section.blocks:
                placements[line - first] = Placement(name)
            if section.blocks:  # the label's block: a heading is dropped, a paragraph loses its label
                label_line = section.blocks[0] - first
                placements[label_line] = Placement(name, label=section.label, dropped=section.label_is_heading)
        placements.update((line - first, Placement(f"{slots}trailer")) for line in topic.trailer_blocks)
    return placements


def unlinked_documents(event: Event) -> list[Document]:
    """The event's documents the README does not link to, for the "Also from this event" box."""
    return [document for document in event.documents if not document.linked_from_readme]
