"""Python-Markdown extension: stable topic anchors, GitHub aliases, forgiving in-page links.

Engine-independent (Python-Markdown only, no MkDocs), so it renders the same in any
pipeline that uses Python-Markdown.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from urllib.parse import unquote

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .anchors import github_anchor, loose_key, topic_anchor


_URL = re.compile(r"https?://\S+")


class TopicAnchorTreeprocessor(Treeprocessor):
    """Give every ``h2`` our anchor, add GitHub's anchor as an alias, and point in-page links
    written against GitHub's anchors at the topic they mean."""

    def run(self, root: etree.Element) -> None:
        used = {element.get("id") for element in root.iter() if element.get("id")}
        by_key: dict[str, str] = {}
        for heading in root.iter("h2"):
            text = "".join(heading.itertext())
            anchor = heading.get("id") or _unique(topic_anchor(text) or "topic", used)
            heading.set("id", anchor)
            used.add(anchor)
            by_key.setdefault(loose_key(text), anchor)
            alias = github_anchor(text)
            if alias and alias not in used:
                marker = etree.Element("span", {"id": alias, "class": "wrapup-anchor-alias"})
                marker.tail, heading.text = heading.text, None
                heading.insert(0, marker)
                used.add(alias)
        for link in root.iter("a"):
            _unreverse(link)
            href = link.get("href") or ""
            if href.startswith("#") and href[1:] not in used:
                target = by_key.get(loose_key(href[1:]))
                if target:
                    link.set("href", f"#{target}")


def _unreverse(link: etree.Element) -> None:
    """``[https://…](words)``, written the wrong way round, becomes a link to the URL with the
    words as its text (GitHub shows the URL as a link there too; the words must not be lost)."""
    text = "".join(link.itertext()).strip()
    href = link.get("href") or ""
    if len(link) == 0 and _URL.fullmatch(text) and not _URL.match(href) and (" " in href or not href.strip()):
        link.set("href", text)
        link.text = unquote(href)


def _unique(anchor: str, used: set[str]) -> str:
    candidate, number = anchor, 1
    while candidate in used:
        candidate = f"{anchor}_{number}"
        number += 1
    return candidate


class TopicAnchorExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After inline processing (20), so headings hold their final text and links exist;
        # before 'toc' (5), which keeps ids already set and builds the table of contents from them.
        md.treeprocessors.register(TopicAnchorTreeprocessor(md), "wrapup_topic_anchors", 6)
