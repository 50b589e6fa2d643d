"""An event page in Markdown: the wrap-up's topics re-laid as cards, the author's text unchanged.

The result is Markdown with ``md_in_html`` blocks, so links, anchors and search still go
through the normal Markdown pipeline. The layout lives in ``assets/templates/event.md.jinja``.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from pathlib import Path

from .crosslinks import CrossLinks, TopicRef
from .events import README, Event
from .escaping import escape_cell
from .labels import CANONICAL_ORDER, SectionKind
from .templates import environment
from .topics import Section, Topic

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
class TopicView:
    topic: Topic
    parts: list[Part]
    continued_in: list[tuple[str, str]]  # (link text, relative Markdown link)

    @property
    def heading(self) -> str:
        emoji = f'<span class="wrapup-topic__emoji" aria-hidden="true">{self.topic.emoji}</span> ' if self.topic.emoji else ""
        title = self.topic.title_markdown or "(untitled topic)"
        return f"## {emoji}{title} {{ #{self.topic.anchor} }}"


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
    how many code links it has."""
    if not topics:
        return ""
    lines = ["| Topic | Achievements | Code links |", "|:--|:--|--:|"]
    for topic in topics:
        if not topic.is_labelled:
            achievements = "—"
        else:
            achievements = "reported" if topic.reports_achievements else "*not reported*"
        title = escape_cell(topic.title or "(untitled topic)")
        lines.append(f"| [{title}](#{topic.anchor}) | {achievements} | {len(topic.code_links)} |")
    return "\n".join(lines) + "\n"


def render_event_page(template_dir: Path, event: Event, crosslinks: CrossLinks, unlinked_documents: str,
                      updated: dt.datetime | None = None) -> str:
    views = [TopicView(topic, topic_parts(topic), _continued_in(event, topic, crosslinks)) for topic in event.topics]
    return environment(template_dir).get_template(EVENT_TEMPLATE).render(
        event=event,
        topics=views,
        topics_table=topics_table(list(event.topics)),
        unlinked_documents=unlinked_documents,
        updated=updated,
    )
