"""Topic cards on built pages, from small fixture sites."""

from __future__ import annotations

import json

import jsonschema
import pytest
from bs4 import BeautifulSoup

from conftest import PROJECT, event_readme

LABELLED = """\
## 🕵️ Introduction Of `gardener-node-agent`

**Next Steps:** Open an issue.

**Problem Statement:** A shell script.

**Achievements:**

**Code**: https://github.com/gardener/gardener/pull/8767, https://github.com/metal-stack/gardener/tree/gna

**Issue**: [the proposal](https://github.com/gardener/gardener/issues/8001)

<hr />

## 👀 Watcher

**Problem Statement:**

<hr />

## IPv6

- There is an open PR.
- **We need to discuss.**
"""

LATER = """\
## 🕵️ Continuation Of `gardener-node-agent`

**Problem Statement:** See the [previous Hackathon](https://github.com/gardener-community/hackathon/tree/main/2023-05_Leverkusen#%EF%B8%8F-introduction-of-gardener-node-agent).
"""


def page(site, folder: str) -> BeautifulSoup:
    slug = folder.lower().replace("_", "-")
    return BeautifulSoup((site.site_dir / slug / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def two_events(fixture_site):
    fixture_site.add(
        "2023-05_Leverkusen/README.md",
        event_readme(body=LABELLED).replace(
            "organiser: 'STACKIT'\n", "organiser: 'STACKIT'\nlint:\n  accept: [stub-topic, section-order]\n"
        ),
    )
    fixture_site.add("2023-11_Schelklingen/README.md", event_readme(start="2023-11-06", end="2023-11-10", body=LATER))
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    return fixture_site


def test_sections_render_in_canonical_order_with_empty_ones_marked(two_events):
    card = page(two_events, "2023-05_Leverkusen").select_one("#introduction-of-gardener-node-agent + .wrapup-topic")
    labels = [p.get_text() for p in card.select(".wrapup-section__label")]
    assert labels == [
        "Problem Statement",
        "Motivation/Benefits",
        "Achievements",
        "Next Steps",
        "Code & links",
        "Thread",
        "Continued in",
    ]
    motivation = card.select_one(".wrapup-section--motivation")
    assert motivation.select_one(".wrapup-section__empty").get_text() == "not reported"
    assert card.select_one(".wrapup-section--achievements .wrapup-section__empty").get_text() == "not reported"


def test_code_links_are_chips_with_their_kind_and_full_url(two_events):
    card = page(two_events, "2023-05_Leverkusen").select_one("#introduction-of-gardener-node-agent + .wrapup-topic")
    chips = [
        (a["href"], a.select_one(".wrapup-chip__kind").get_text(), a.get_text()) for a in card.select("a.wrapup-chip")
    ]
    assert chips == [
        ("https://github.com/gardener/gardener/pull/8767", "PR", "PRgardener/gardener#8767"),
        ("https://github.com/metal-stack/gardener/tree/gna", "Branch", "Branchmetal-stack/gardener@gna"),
        ("https://github.com/gardener/gardener/issues/8001", "Issue", "Issuethe proposal"),
    ]
    assert [s.get_text() for s in card.select(".wrapup-links__label")] == ["Code", "Issue"]


def test_emoji_is_an_icon_outside_the_anchor(two_events):
    heading = page(two_events, "2023-05_Leverkusen").select_one("h2#introduction-of-gardener-node-agent")
    assert heading.select_one(".wrapup-topic__emoji").get_text() == "🕵️"
    # GitHub's anchor for the same heading (emoji dropped, its variation selector kept) lands here too.
    assert heading.find(id="\ufe0f-introduction-of-gardener-node-agent") is not None


def test_stub_topic_is_flagged_on_the_page(two_events):
    card = page(two_events, "2023-05_Leverkusen").select_one("#watcher + .wrapup-topic")
    assert "wrapup-topic--stub" in card["class"]
    assert card.select_one(".wrapup-topic__stub").get_text() == "Stub: only the title of this topic was reported."


def test_legacy_topic_keeps_its_list_as_notes(two_events):
    card = page(two_events, "2023-05_Leverkusen").select_one("#ipv6 + .wrapup-topic")
    assert card.select(".wrapup-section__label") == []
    assert [li.get_text() for li in card.select(".wrapup-section--notes li")] == [
        "There is an open PR.",
        "We need to discuss.",
    ]


def test_link_into_the_original_repository_lands_on_the_topic_here(two_events):
    later = page(two_events, "2023-11_Schelklingen")
    link = later.find("a", string="previous Hackathon")
    assert link["href"] == "../2023-05-leverkusen/#introduction-of-gardener-node-agent"
    earlier = page(two_events, "2023-05_Leverkusen")
    back = earlier.select_one("#introduction-of-gardener-node-agent + .wrapup-topic .wrapup-continued a")
    assert back["href"] == "../2023-11-schelklingen/#continuation-of-gardener-node-agent"
    assert back.get_text() == "2023-11 Schelklingen: Continuation Of gardener-node-agent"


def test_event_page_starts_with_its_topics_table(two_events):
    rows = page(two_events, "2023-05_Leverkusen").select(".wrapup-topics-table tbody tr")
    assert [[td.get_text() for td in row.select("td")] for row in rows] == [
        ["Introduction Of gardener-node-agent", "not reported", "3"],
        ["Watcher", "not reported", "0"],
        ["IPv6", "—", "0"],
    ]


def test_topics_json_follows_its_schema_and_holds_the_model(two_events):
    data = json.loads((two_events.site_dir / "topics.json").read_text(encoding="utf-8"))
    schema = json.loads((PROJECT / "hooks/wrapup/model/schema/topics.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert [e["folder"] for e in data["events"]] == ["2023-11_Schelklingen", "2023-05_Leverkusen"]
    topic = data["events"][1]["topics"][0]
    assert topic["source"] == {"file": "hackathons/2023-05_Leverkusen/README.md", "line": 13}
    assert topic["url"] == "2023-05-leverkusen/#introduction-of-gardener-node-agent"
    assert [s["kind"] for s in topic["sections"]] == ["next-steps", "problem", "achievements", "code", "code"]
    assert topic["links"][0] == {
        "url": "https://github.com/gardener/gardener/pull/8767",
        "kind": "pull",
        "chip": "gardener/gardener#8767",
        "repository": "gardener/gardener",
        "number": 8767,
        "ref": None,
        "label": "Code",
        "line": 21,
    }
    assert topic["continued_in"] == [
        {
            "event": "2023-11_Schelklingen",
            "anchor": "continuation-of-gardener-node-agent",
            "title": "Continuation Of gardener-node-agent",
        }
    ]


def test_real_site_topics_json_follows_its_schema(built_site):
    data = json.loads((built_site / "topics.json").read_text(encoding="utf-8"))
    schema = json.loads((PROJECT / "hooks/wrapup/model/schema/topics.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert [len(e["topics"]) for e in data["events"]] == [15, 23, 15, 10, 10, 8, 3]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("## \n\ntext\n", "README.md:11: warning: topic heading has no text; give the topic a title [empty-heading]"),
        (
            "## T\n\n**Problem Statement: broken\n",
            "README.md:13: warning: section label 'Problem Statement' has no closing '**'; write it as **Problem Statement:** [unclosed-label]",
        ),
        (
            "## A\n\n**Problem Statement:** a\n\n## A\n\n**Problem Statement:** b\n",
            "README.md:15: warning: topic title 'A' is used twice (first at line 11); its anchor is #a_1 [duplicate-title]",
        ),
        (
            "## T\n\n**Problem Statement:** x\n\nsee [here](https://github.com/gardener-community/hackathon/blob/main/2023-05_Leverkusen/README.md#-nowhere)\n",
            "README.md:15: warning: link to a topic of 2023-05_Leverkusen that does not exist (#-nowhere)",
        ),
    ],
    ids=["heading-without-text", "label-without-closing", "duplicate-title", "missing-topic-target"],
)
def test_content_mistakes_are_warnings_with_file_and_line_that_fail_strict(fixture_site, body, expected):
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme(body=body))
    result = fixture_site.build()
    assert result.returncode == 1
    assert f"hackathons/2023-05_Leverkusen/{expected}" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "body, kept",
    [
        ("## T\n\n```\n**Problem Statement:** inside code\n```\n", "**Problem Statement:** inside code"),
        ("## A\n\n**Problem Statement:** a\n\n<aside>between topics</aside>\n\n## B\n\nb\n", "between topics"),
        ("Plans for the next hackathon only.\n", "Plans for the next hackathon only."),
    ],
    ids=["label-in-code-block", "html-between-topics", "no-topics"],
)
def test_unusual_but_valid_content_renders_without_loss(fixture_site, body, kept):
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme(body=body))
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    assert kept in page(fixture_site, "2023-05_Leverkusen").get_text()


def test_event_page_heading_is_the_front_matter_title_escaped(fixture_site):
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme(title="Hack *The* <Garden>"))
    assert fixture_site.build().returncode == 0
    heading = page(fixture_site, "2023-05_Leverkusen").select_one("article h1")
    assert heading.get_text().rstrip("¶") == "Hack *The* <Garden>"
