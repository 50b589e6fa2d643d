"""An event page in Markdown: the wrap-up's topics re-laid as cards, the author's text unchanged.

The result is Markdown with frame markers (``wrapup.pages.topic_frames``) that the page's Markdown
extension turns into the cards' elements, so links, anchors and search still go through the
normal Markdown pipeline. The layout lives in ``assets/templates/event.md.jinja``.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from pathlib import Path

from wrapup.model.crosslinks import CrossLinks, TopicRef
from wrapup.model.events import README, Event
from wrapup.model.labels import CANONICAL_ORDER, SectionKind
from wrapup.model.threads import STATUS_EXPLAINED, Explored, Status, TopicKey
from wrapup.model.topics import Section, Topic
from wrapup.pages.escaping import escape_cell
from wrapup.pages.home import format_dates
from wrapup.pages.templates import environment
from wrapup.pages.topic_frames import FramePlan

EVENT_TEMPLATE = "event.md.jinja"


@dataclass(frozen=True)
class Part:
    """One canonical part of a topic card, with the source sections that feed it."""

    kind: SectionKind
    sections: list[Section]

    @property
    def title(self) -> str:
        return self.kind.title

    @property
    def reported(self) -> bool:
        return any(not section.is_empty for section in self.sections)


@dataclass(frozen=True)
class ThreadStep:
    when: str  # '2023-05'
    title: str  # escaped for Markdown
    link: str  # relative Markdown link; '' for the topic the page shows (or a gap)


@dataclass(frozen=True)
class TopicView:
    topic: Topic
    parts: list[Part]
    continued_in: list[tuple[str, str]]  # (link text, relative Markdown link)
    status: Status | None = None
    thread: list[ThreadStep] | None = None

    @property
    def status_explained(self) -> str:
        return STATUS_EXPLAINED[self.status] if self.status else ""

    @property
    def heading(self) -> str:
        # The emoji gets its span in the tree (FramePlan.heading_id), not as raw HTML here.
        emoji = f"{self.topic.emoji} " if self.topic.emoji else ""
        title = self.topic.title_markdown or "(untitled topic)"
        return f"## {emoji}{title}"


def topic_parts(topic: Topic) -> list[Part]:
    """The five canonical parts, in canonical order; empty for topics written without labels."""
    if not topic.is_labelled:
        return []
    return [Part(kind, topic.sections_of(kind)) for kind in CANONICAL_ORDER]


def _continued_in(event: Event, topic: Topic, crosslinks: CrossLinks) -> list[tuple[str, str]]:
    refs: list[TopicRef] = crosslinks.continued_in.get((event.folder, topic.anchor), [])
    return [
        (escape_cell(f"{ref.label}: {ref.title}"), posixpath.join("..", ref.folder, README) + f"#{ref.anchor}")
        for ref in refs
    ]


def topics_table(topics: list[Topic]) -> str:
    """The table an event page starts with: each topic, whether achievements were reported,
    how many code links it has. A column that says the same on every row says nothing and is
    left out (an event whose wrap-up reports no achievements at all)."""
    if not topics:
        return ""
    achievements = []
    for topic in topics:
        if not topic.is_labelled:
            achievements.append("—")
        else:
            achievements.append("reported" if topic.reports_achievements else "*not reported*")
    show_achievements = len(set(achievements)) > 1
    lines = (
        ["| Topic | Achievements | Code links |", "|:--|:--|--:|"]
        if show_achievements
        else ["| Topic | Code links |", "|:--|--:|"]
    )
    for topic, reported in zip(topics, achievements, strict=False):
        title = escape_cell(topic.title or "(untitled topic)")
        middle = f" {reported} |" if show_achievements else ""
        lines.append(f"| [{title}](#{topic.anchor}) |{middle} {len(topic.code_links)} |")
    return "\n".join(lines) + "\n"


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
        steps.append(
            ThreadStep(f"{other.meta.start:%Y-%m}", escape_cell(explored.titles[step] or "(untitled topic)"), link)
        )
    if last < len(thread.steps):
        steps.append(ThreadStep("", f"… {len(thread.steps) - last} later steps", ""))
    return steps


@dataclass(frozen=True)
class EventPage:
    markdown: str
    frames: FramePlan  # the cards' elements, built into the page once Markdown has parsed it


def render_event_page(
    template_dir: Path,
    event: Event,
    crosslinks: CrossLinks,
    unlinked_documents: str,
    updated: dt.datetime | None = None,
    explored: Explored | None = None,
    events_by_folder: dict[str, Event] | None = None,
    source: str | None = None,
) -> EventPage:
    """The event page's Markdown and its frames; ``source``, the README as written, seeds the
    frames' token (``FramePlan``)."""
    views = []
    for topic in event.topics:
        status = thread = None
        if explored is not None and events_by_folder is not None:
            status = explored.status.get(TopicKey(event.folder, topic.anchor))
            thread = _thread(event, topic, explored, events_by_folder)
        views.append(TopicView(topic, topic_parts(topic), _continued_in(event, topic, crosslinks), status, thread))
    frames = FramePlan(source)
    markdown = (
        environment(template_dir)
        .get_template(EVENT_TEMPLATE)
        .render(
            frames=frames,
            event=event,
            dates=format_dates(event.meta.start, event.meta.end),
            topics=views,
            topics_table=topics_table(list(event.topics)),
            unlinked_documents=unlinked_documents,
            updated=updated,
        )
    )
    return EventPage(markdown, frames)
