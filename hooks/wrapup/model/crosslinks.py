"""Links between wrap-ups: the original repository's addresses, resolved to topics of this site.

The wrap-ups link to each other as ``https://github.com/gardener-community/hackathon/blob/main/
2023-05_Leverkusen/README.md#%EF%B8%8F-introduction-of-gardener-node-agent``. Each such link is
resolved to an event and one of its topics; the build then points it at this site, and the
linked topic lists where it was continued. A link that resolves to nothing is a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wrapup.diagnostics import Diagnostic, Level
from wrapup.model.anchors import loose_key
from wrapup.model.links import HackathonTarget, hackathon_target

if TYPE_CHECKING:  # events imports this module
    from wrapup.model.events import Event


@dataclass(frozen=True)
class TopicRef:
    folder: str
    anchor: str
    title: str
    label: str  # the event's short label ("2023-11 Schelklingen")


@dataclass(frozen=True)
class Resolved:
    """Where a link into the original repository lands on this site."""

    source: str  # content path ('2023-05_Leverkusen/README.md'), for a relative Markdown link
    anchor: str  # '' when the link names no topic


@dataclass
class CrossLinks:
    targets: dict[str, Resolved] = field(default_factory=dict)  # URL -> where it lands
    continued_in: dict[tuple[str, str], list[TopicRef]] = field(default_factory=dict)  # (folder, anchor) -> topics
    diagnostics: list[Diagnostic] = field(default_factory=list)


def resolve(events: list[Event], repository: tuple[str, str] | None) -> CrossLinks:
    """Resolve every link into the original repository (``repository``: owner and name,
    lower-case; None: the site has none) found in the events' topics."""
    by_folder = {event.folder: event for event in events}
    result = CrossLinks()
    for event in events:
        for topic in event.topics:
            for link in topic.links:
                target = hackathon_target(link.url, repository)
                if target is None:
                    continue
                resolved = _resolved(target, by_folder.get(target.folder))
                if isinstance(resolved, str):
                    where = Path(event.path) / "README.md"
                    result.diagnostics.append(
                        Diagnostic(where, link.line, Level.WARNING, f"{resolved}: {link.url}", "missing-target")
                    )
                    continue
                result.targets[link.url] = resolved
                continued = (target.folder, resolved.anchor)
                if not resolved.anchor or continued == (event.folder, topic.anchor):
                    continue  # a link to a page, or a topic linking to itself, continues nothing
                refs = result.continued_in.setdefault(continued, [])
                ref = TopicRef(event.folder, topic.anchor, topic.title, event.label)
                if ref not in refs:
                    refs.append(ref)
    return result


def _resolved(target: HackathonTarget, linked: Event | None) -> Resolved | str:
    """Where on this site a link into the original repository lands, or why it lands nowhere."""
    if linked is None:
        return f"link to event '{target.folder}', which is not in hackathons/"
    if target.source != "README.md":
        if any(doc.source == target.source for doc in linked.documents):
            return Resolved(f"{target.folder}/{target.source}", "")
        return f"link to '{target.folder}/{target.source}', which does not exist"
    if not target.fragment:
        return Resolved(f"{target.folder}/README.md", "")
    key = loose_key(target.fragment)
    topic_found = next((t for t in linked.topics if loose_key(t.title) == key), None)
    if topic_found is None:
        return f"link to a topic of {target.folder} that does not exist (#{target.fragment})"
    return Resolved(f"{target.folder}/README.md", topic_found.anchor)
