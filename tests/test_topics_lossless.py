"""Nothing of a topic is lost between the seed wrap-ups and the built pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import SEED_CONTENT, SEED_SETTINGS
from wrapup.model import parser
from wrapup.model.addresses import destination
from wrapup.model.events import load_catalogue
from wrapup.model.topics import parse_wrapup

pytestmark = pytest.mark.e2e

TOPIC_COUNTS = {
    "2021-11_Steinberg": 3,  # its ### headings under "## Preparation" (wrapup.model.topics.FRAMING_TITLES)
    "2022-09_Hirschegg": 8,
    "2023-05_Leverkusen": 10,
    "2023-11_Schelklingen": 10,
    "2024-05_Schelklingen": 15,
    "2024-12_Schelklingen": 23,
    "2025-06_Schelklingen": 15,
}
URL = re.compile(r"https?://\S+")


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", URL.sub(" ", text)))


def source_topics(seed_root: Path, folder: str):
    text = (seed_root / folder / "README.md").read_text(encoding="utf-8")
    return parse_wrapup(text, 1).topics, text.splitlines(keepends=True)


def rendered_topic(page: BeautifulSoup, anchor: str, anchors: set[str]) -> tuple[str, set[str]]:
    """Text and link targets of a topic on its page: its heading, card and trailer (up to the
    next topic's heading: a framing "## Conclusion" after the last topic is part of its trailer)."""
    heading = page.find("h2", id=anchor)
    assert heading is not None, anchor
    parts = [heading]
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2" and sibling.get("id") in anchors:
            break
        parts.append(sibling)
    text = " ".join(part.get_text(" ") for part in parts)
    targets = {a["href"] for part in parts for a in part.select("a[href]")}
    targets |= {img["src"] for part in parts for img in part.select("img[src]")}
    return text, targets


@pytest.mark.parametrize("folder", sorted(TOPIC_COUNTS))
def test_topic_count_equals_the_topic_headings_of_the_source(seed_root, folder):
    topics, _ = source_topics(seed_root, folder)
    event = next(e for e in load_catalogue(SEED_CONTENT, settings=SEED_SETTINGS).events if e.folder == folder)
    assert len(topics) == len(event.topics) == TOPIC_COUNTS[folder]


@pytest.mark.parametrize("folder", sorted(TOPIC_COUNTS))
def test_every_word_and_url_of_every_topic_is_rendered(built_site, seed_root, folder):
    crosslinks = load_catalogue(SEED_CONTENT, settings=SEED_SETTINGS).crosslinks
    page = BeautifulSoup((built_site / destination(folder, "README.md")).read_text(encoding="utf-8"), "html.parser")
    topics, lines = source_topics(seed_root, folder)
    anchors = {topic.anchor for topic in topics}
    for topic in topics:
        source_text = "".join(lines[topic.line - 1 : topic.end_line])
        source_html = BeautifulSoup(parser.parser().render(source_text), "html.parser")
        shown, targets = rendered_topic(page, topic.anchor, anchors)
        missing = words(source_html.get_text(" ")) - words(shown)
        if topic.is_stub:  # labels of empty sections: the card says in one line that only the title was reported
            missing -= {word for section in topic.sections for word in words(section.label)}
        assert not missing, f"{folder} '{topic.title}': words not shown: {sorted(missing)}"
        for link in topic.links:
            if link.url in crosslinks.targets:
                resolved = crosslinks.targets[link.url]
                assert any(t.endswith(f"#{resolved.anchor}") for t in targets), f"{folder}: {link.url}"
            else:
                assert link.url in targets, f"{folder} '{topic.title}': {link.url} is not a link"
