"""Pages laid out around the author's tokens (wrapup.pages.layout): the site's frame is a template
with slots, and each top-level block of the document is built into the slot placed for it."""

from __future__ import annotations

import markdown
import pytest

from wrapup.pages.extension import WrapupExtension
from wrapup.pages.layout import Layout, LayoutError, Placement, slot


def convert(text: str, layout: Layout) -> str:
    extension = WrapupExtension()
    extension.layout = layout
    return markdown.markdown(text, extensions=["wrapup.pages.gfm", extension])


def test_each_block_goes_into_the_slot_placed_for_its_line():
    skeleton = f'<div class="card">{slot("a")}</div><div class="other">{slot("b")}</div>'
    html = convert("First.\n\nSecond.\n\n- one\n- two\n", Layout(skeleton, {0: Placement("b"), 2: Placement("a")}, "b"))
    assert html == (
        '<div class="card">\n<p>Second.</p>\n</div>\n<div class="other">\n<p>First.</p>\n'
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n</div>"
    )


def test_a_block_placed_nowhere_goes_to_the_rest_slot_and_nothing_is_lost():
    html = convert("Placed.\n\nNot placed.\n", Layout(f"<div>{slot('a')}</div>{slot('end')}", {0: Placement("a")}))
    assert html == "<div>\n<p>Placed.</p>\n</div>\n<p>Not placed.</p>"


def test_a_slot_the_template_left_out_still_shows_its_text():
    html = convert("Text.\n", Layout("<div></div>", {0: Placement("missing")}, "end"))
    assert "<p>Text.</p>" in html


def test_a_topic_heading_becomes_an_h2_with_its_anchor_and_its_emoji_in_a_span():
    html = convert("### 🚀 Launch\n", Layout(slot("t"), {0: Placement("t", heading=("launch", "🚀"))}))
    # (GitHub's anchor for the heading as written stays an alias: wrapup-anchor-alias.)
    assert html.startswith('<h2 id="launch">')
    assert html.endswith('<span aria-hidden="true" class="wrapup-topic__emoji">🚀</span> Launch</h2>')


def test_a_sections_label_is_taken_off_its_paragraph_and_a_label_heading_is_dropped():
    text = "**Problem Statement:** It hurts.\n\n### Next Steps\n\nFix it.\n\n**Code:**\n- [pr](https://x.org)\n"
    placements = {
        0: Placement("p", label="Problem Statement"),
        2: Placement("n", dropped=True),
        4: Placement("n"),
        6: Placement("c", label="Code"),
        7: Placement("c"),
    }
    html = convert(text, Layout(f"{slot('p')}<hr/>{slot('n')}<hr/>{slot('c')}", placements))
    assert html.split("<hr />") == [
        "<p>It hurts.</p>\n",
        "\n<p>Fix it.</p>\n",
        '\n<ul>\n<li><a href="https://x.org">pr</a></li>\n</ul>',
    ]


def test_the_frames_text_is_escaped_text_never_markdown():
    html = convert("Text.\n", Layout(f"<p>*not emphasis* &amp;lt; [no](link)</p>{slot('end')}", {}))
    assert html.startswith("<p>*not emphasis* &amp;lt; [no](link)</p>")


def test_an_authors_slot_element_is_raw_html_never_a_slot():
    html = convert(
        '<wrapup-slot name="a"></wrapup-slot>\n\nText.\n', Layout(f"<div>{slot('a')}</div>", {2: Placement("a")})
    )
    # The author's element is raw HTML, which the sanitiser judges; it holds nothing of the page.
    assert "<div>\n<p>Text.</p>\n</div>" in html and html.count("Text.") == 1


def test_a_frame_that_is_not_well_formed_is_a_template_error():
    with pytest.raises(LayoutError, match="well-formed"):
        convert("Text.\n", Layout('<div class="card">', {}))


def test_control_characters_in_the_frame_are_dropped_not_fatal():
    assert '<p class="label">Code/PRs</p>' in convert("Text.\n", Layout('<p class="label">Code\x0b/PRs</p>', {}))
