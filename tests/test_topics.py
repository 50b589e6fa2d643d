"""Topic parsing: every style of wrap-up read into one shape, with nothing dropped."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from wrapup.model.labels import SectionKind, section_kind
from wrapup.model.links import classify, hackathon_target
from wrapup.model.topics import parse_wrapup


def parse(text: str, first_line: int = 1):
    return parse_wrapup(textwrap.dedent(text), first_line, Path("README.md"))


def only_topic(text: str):
    wrapup = parse(text)
    assert len(wrapup.topics) == 1
    return wrapup.topics[0]


def codes(wrapup) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in wrapup.diagnostics]


@pytest.mark.parametrize(
    "written",
    [
        "**Problem Statement:** text",
        "**Problem Statement**: text",
        "**problem statement:** text",
        "**  Problem   Statement :** text",
        "__Problem Statement:__ text",
        "**Problem:** text",
    ],
)
def test_label_variants_open_the_problem_section(written):
    topic = only_topic(f"## T\n\n{written}\n")
    assert [(s.kind, s.markdown.strip()) for s in topic.sections] == [(SectionKind.PROBLEM, "text")]


@pytest.mark.parametrize(
    "label, kind",
    [
        ("Motivation & Benefits", SectionKind.MOTIVATION),
        ("Motivation/Benefits", SectionKind.MOTIVATION),
        ("Outcome", SectionKind.ACHIEVEMENTS),
        ("Results", SectionKind.ACHIEVEMENTS),
        ("Next steps", SectionKind.NEXT_STEPS),
        ("Code/Pull Requests", SectionKind.CODE),
        ("Issue", SectionKind.CODE),
        ("Repo", SectionKind.CODE),
        ("GEP Document", SectionKind.CODE),
    ],
)
def test_synonyms_map_to_the_canonical_section(label, kind):
    assert section_kind(label) is kind


def test_sections_written_as_headings():
    topic = only_topic("""\
        ## T

        ### Problem Statement

        Why.

        ### Next steps

        What.
        """)
    assert [(s.kind, s.label, s.markdown.strip()) for s in topic.sections] == [
        (SectionKind.PROBLEM, "Problem Statement", "Why."),
        (SectionKind.NEXT_STEPS, "Next steps", "What."),
    ]


def test_continuation_lines_and_paragraphs_stay_in_their_section():
    topic = only_topic("""\
        ## T

        **Next Steps:** First line
        second line.

        Another paragraph.

        **Code**: https://github.com/gardener/gardener/pull/1
        """)
    steps, code = topic.sections
    assert steps.markdown == "First line\nsecond line.\n\nAnother paragraph.\n\n"
    assert code.markdown.strip() == "https://github.com/gardener/gardener/pull/1"


def test_code_labels_feed_code_links_keeping_their_label_and_kind():
    topic = only_topic("""\
        ## T

        **GEP Document**: [gardener/gardener#8012](https://github.com/gardener/gardener/pull/8012)

        **Issue**: [gardener/gardener#8073](https://github.com/gardener/gardener/issues/8073)

        **Code/Pull Requests:**
        * https://github.com/metal-stack/gardener/tree/wireguard
        * https://github.com/afritzler/cortex/commit/4000c188086fe383d314efeb40a663f49aa8b35b
        """)
    assert [(link.label, link.kind, link.chip, link.line) for link in topic.code_links] == [
        ("GEP Document", "pull", "gardener/gardener#8012", 3),
        ("Issue", "issue", "gardener/gardener#8073", 5),
        ("Code/Pull Requests", "tree", "metal-stack/gardener@wireguard", 8),
        ("Code/Pull Requests", "commit", "afritzler/cortex@4000c18", 9),
    ]


@pytest.mark.parametrize(
    "url, kind, chip",
    [
        ("https://github.com/gardener/gardener/pull/8767", "pull", "gardener/gardener#8767"),
        ("https://github.com/gardener/gardener/issues/8023", "issue", "gardener/gardener#8023"),
        ("https://github.com/stackitcloud/gardener-extension-acl", "repo", "stackitcloud/gardener-extension-acl"),
        ("https://github.com/rfranzke/gardener/tree/hackathon/mcm", "tree", "rfranzke/gardener@hackathon/mcm"),
        (
            "https://github.com/afritzler/vali/commit/35fbce152f783f33fdc2066e09d60ec2ba56b562",
            "commit",
            "afritzler/vali@35fbce1",
        ),
        (
            "https://github.com/gardener/gardener/blob/master/docs/concepts/node-agent.md",
            "file",
            "gardener/gardener:node-agent.md",
        ),
        ("https://www.openskyhouse.org/", "other", "openskyhouse.org"),
        ("https://github.com/afritzler?tab=packages&repo_name=vali", "other", "github.com"),
    ],
)
def test_link_kinds_and_chips(url, kind, chip):
    link = classify(url)
    assert (link.kind, link.chip, link.url) == (kind, chip, url)


def test_links_into_the_original_repository_name_event_and_topic():
    tree = hackathon_target(
        "https://github.com/gardener-community/hackathon/tree/main/2023-05_Leverkusen#%EF%B8%8F-x",
        ("gardener-community", "hackathon"),
    )
    blob = hackathon_target(
        "https://github.com/gardener-community/hackathon/blob/main/2023-11_Schelklingen/README.md#-y",
        ("gardener-community", "hackathon"),
    )
    assert (tree.folder, tree.source, tree.fragment) == ("2023-05_Leverkusen", "README.md", "\ufe0f-x")
    assert (blob.folder, blob.source, blob.fragment) == ("2023-11_Schelklingen", "README.md", "-y")
    assert (
        hackathon_target("https://github.com/gardener-community/hackathon/pull/3", ("gardener-community", "hackathon"))
        is None
    )


def test_empty_sections_are_kept_and_marked_empty():
    topic = only_topic("""\
        ## T

        **Problem Statement:** Why.

        **Achievements:**

        **Next Steps:**
        """)
    assert [(s.kind, s.is_empty) for s in topic.sections] == [
        (SectionKind.PROBLEM, False),
        (SectionKind.ACHIEVEMENTS, True),
        (SectionKind.NEXT_STEPS, True),
    ]
    assert not topic.is_stub


def test_topic_with_only_a_title_is_a_stub_and_a_warning():
    wrapup = parse("## 👀 Watcher\n\n**Problem Statement:**\n\n**Achievements:**\n", first_line=10)
    assert wrapup.topics[0].is_stub
    assert codes(wrapup) == [(10, "stub-topic")]


def test_legacy_bullet_list_topic_keeps_its_text_as_notes():
    topic = only_topic("""\
        ## IPv6

        - There is an open PR.
        - **We need to discuss the target picture.**
        """)
    assert topic.sections == []
    assert topic.notes == "- There is an open PR.\n- **We need to discuss the target picture.**\n"


def test_subsections_of_a_legacy_topic_stay_in_its_notes():
    topic = only_topic("""\
        ## IPv6

        Intro.

        ### Fast Tracks

        - allow hibernation
        """)
    assert topic.sections == []
    assert "### Fast Tracks" in topic.notes and "- allow hibernation" in topic.notes


def test_framing_headings_are_no_topics_and_their_subsections_are_when_nothing_else_is():
    text = textwrap.dedent("""\
        # Wrap Up

        Welcome.

        ## Preparation

        We voted.

        ### Control Plane as a Service

        Done it.

        ### Fast Tracks

        - hibernation

        ## Conclusion

        Thanks to all.
        """)
    wrapup = parse_wrapup(text, 1)
    assert [topic.title for topic in wrapup.topics] == ["Control Plane as a Service", "Fast Tracks"]
    assert "## Preparation" in wrapup.preamble and "We voted." in wrapup.preamble
    assert "## Conclusion" in wrapup.topics[-1].trailer and "Thanks to all." in wrapup.topics[-1].trailer


def test_a_framing_heading_beside_real_topics_keeps_its_subsections_as_text():
    wrapup = parse_wrapup("## Summary\n\n### Numbers\n\n12 topics.\n\n## IPv6\n\n**Problem Statement:** p\n", 1)
    assert [topic.title for topic in wrapup.topics] == ["IPv6"]
    assert "### Numbers" in wrapup.preamble


def test_emoji_with_zero_width_joiners_is_split_from_the_title():
    topic = only_topic("## 🧑🏼‍🌾 Deploy `gardenlet`s Through Custom Resource\n\ntext\n")
    assert topic.emoji == "🧑🏼‍🌾"
    assert topic.title == "Deploy gardenlets Through Custom Resource"
    assert topic.title_markdown == "Deploy `gardenlet`s Through Custom Resource"
    assert topic.anchor == "deploy-gardenlets-through-custom-resource"


def test_a_word_character_before_a_variation_selector_stays_in_the_title():
    # Found by the property test: '_' then U+FE0F was taken for an emoji and the '_' vanished.
    wrapup = parse("_\ufe0f\n---\n")
    assert [(t.emoji, t.title_markdown) for t in wrapup.topics] == [(None, "_\ufe0f")]


@pytest.mark.parametrize(
    ("heading", "emoji", "title"),
    [
        ("1\ufe0f\u20e3 First", "1\ufe0f\u20e3", "First"),  # a keycap is an emoji
        ("\u2139\ufe0f Information", "\u2139\ufe0f", "Information"),  # a letter with emoji presentation
        ("\u203c\ufe0f Urgent", "\u203c\ufe0f", "Urgent"),
        ("1\ufe0f Stray selector", None, "1\ufe0f Stray selector"),
    ],
)
def test_emoji_presentation_sequences_are_split_from_the_title(heading, emoji, title):
    topic = only_topic(f"## {heading}\n\ntext\n")
    assert (topic.emoji, topic.title_markdown) == (emoji, title)


def test_duplicate_titles_get_unique_anchors_and_a_warning():
    wrapup = parse("## 🧹 Clean Up\n\ntext\n\n## 🧹 Clean up\n\ntext\n")
    assert [t.anchor for t in wrapup.topics] == ["clean-up", "clean-up_1"]
    assert codes(wrapup) == [(5, "duplicate-title")]


def test_sections_out_of_order_are_a_warning():
    wrapup = parse("## T\n\n**Achievements:** a\n\n**Problem Statement:** p\n")
    assert codes(wrapup) == [(5, "section-order")]


def test_unknown_label_is_a_warning_and_its_text_is_kept():
    wrapup = parse("## T\n\n**Problem Statement:** p\n\n**Weather:** it rained\n")
    assert codes(wrapup) == [(5, "unknown-label")]
    assert "**Weather:** it rained" in wrapup.topics[0].sections[0].markdown


def test_label_without_closing_stars_is_a_warning_and_stays_text():
    wrapup = parse("## T\n\n**Problem Statement: it broke\n")
    assert codes(wrapup) == [(3, "unclosed-label")]
    assert wrapup.topics[0].notes == "**Problem Statement: it broke\n"


def test_label_inside_a_code_block_stays_code():
    topic = only_topic("## T\n\n```\n**Problem Statement:** not a label\n```\n")
    assert topic.sections == []
    assert "**Problem Statement:** not a label" in topic.notes


def test_heading_with_no_text_is_a_warning():
    wrapup = parse("## \n\ntext\n")
    assert wrapup.topics[0].anchor == "topic"
    assert codes(wrapup) == [(1, "empty-heading")]


def test_html_between_topics_goes_to_the_trailer():
    wrapup = parse("## A\n\n**Problem Statement:** p\n\n<hr />\n\n<p>between</p>\n\n## B\n\ntext\n")
    assert wrapup.topics[0].trailer == "<hr />\n\n<p>between</p>\n\n"


def test_readme_without_topics_keeps_everything_in_the_preamble():
    wrapup = parse("Plans for the next hackathon.\n\n- idea\n")
    assert wrapup.topics == []
    assert wrapup.preamble == "Plans for the next hackathon.\n\n- idea\n"
    assert wrapup.diagnostics == []


def test_reversed_link_is_a_warning_with_its_line():
    wrapup = parse("## T\n\ntext\n\nSee [https://github.com/a/b/tree/c](The c branch) here.\n", first_line=20)
    assert codes(wrapup) == [(24, "reversed-link")]


def test_legacy_topic_counts_its_links_to_code_wherever_they_stand():
    topic = only_topic("""\
        ## Fast Tracks

        - hibernation [https://github.com/metal-stack/gardener-extension-provider-metal/pull/221](https://github.com/metal-stack/gardener-extension-provider-metal/pull/221)
        - see [Mesnerhof-C](https://www.mesnerhof-c.at/)
        """)
    assert [link.chip for link in topic.code_links] == ["metal-stack/gardener-extension-provider-metal#221"]


def test_a_link_reference_definition_right_under_a_topic_heading_is_kept():
    wrapup = parse_wrapup("## T\n[docs]: https://example.org/docs\nSee [docs].\n", 1)
    assert "[docs]: https://example.org/docs" in wrapup.topics[0].notes
