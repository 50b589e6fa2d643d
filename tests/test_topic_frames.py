"""Frames of event pages (wrapup.pages.topic_frames): elements built around the author's Markdown in the
page's tree, from markers the template leaves in the Markdown."""

from __future__ import annotations

import markdown
import pytest

from wrapup.pages.extension import WrapupExtension
from wrapup.pages.topic_frames import FrameError, FramePlan


def convert(text: str, frames: FramePlan) -> str:
    extension = WrapupExtension()
    extension.frames = frames
    return markdown.markdown(text, extensions=["tables", extension])


def test_a_frame_holds_its_head_then_the_authors_markdown_up_to_its_close():
    frames = FramePlan()
    opening = frames.open('<div class="wrapup-section"><p class="wrapup-section__label">Achievements</p></div>')
    text = f"Before.\n\n{opening}\n\nWe **did** it:\n\n- one\n- two\n\n{frames.close()}\n\nAfter."
    assert convert(text, frames) == (
        "<p>Before.</p>\n"
        '<div class="wrapup-section">\n<p class="wrapup-section__label">Achievements</p>\n'
        "<p>We <strong>did</strong> it:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n</div>\n"
        "<p>After.</p>"
    )


def test_frames_nest_and_a_put_element_stands_where_its_marker_was():
    frames = FramePlan()
    card = frames.open('<div class="card"></div>')
    section = frames.open('<div class="section"></div>')
    empty = frames.put('<p class="empty">not reported</p>')
    text = f"{card}\n\n{section}\n\n{empty}\n\n{frames.close()}\n\nText of the card.\n\n{frames.close()}"
    html = convert(text, frames)
    assert html == (
        '<div class="card">\n<div class="section">\n<p class="empty">not reported</p>\n</div>\n'
        "<p>Text of the card.</p>\n</div>"
    )


def test_an_authors_paragraph_cannot_pass_for_a_marker_of_another_page():
    other_page, this_page = FramePlan(), FramePlan()
    forged = other_page.open('<div class="card"></div>')
    opening = this_page.open('<div class="card"></div>')
    html = convert(f"{opening}\n\n{forged}\n\n{this_page.close()}", this_page)
    assert html == f'<div class="card">\n<p>{forged}</p>\n</div>'


def test_nothing_is_lost_when_the_authors_text_swallows_a_marker():
    frames = FramePlan()
    opening = frames.open('<div class="card"></div>')
    closing = frames.close()
    # The closing marker ends up inside a list item (indented under it): the frame then ends
    # with the page, the stray marker goes, and every word of the author's text stays.
    html = convert(f"{opening}\n\n- item\n\n    {closing}\n\nLast words.", frames)
    assert "wrapup-" not in html.replace('class="card"', "")
    assert html.startswith('<div class="card">') and "item" in html and "Last words." in html


def test_a_frame_that_is_not_well_formed_is_a_template_error_naming_it():
    with pytest.raises(FrameError, match=r'not well-formed.*<div class="card">'):
        FramePlan().open('<div class="card">')


def test_control_characters_in_a_label_are_dropped_not_fatal():
    frames = FramePlan()
    opening = frames.open('<div><p class="label">Code\x0b/PRs</p></div>')
    assert '<p class="label">Code/PRs</p>' in convert(f"{opening}\n\ntext\n\n{frames.close()}", frames)


def test_closing_a_frame_that_was_never_opened_is_a_template_error():
    with pytest.raises(FrameError):
        FramePlan().close()


def test_a_marker_inside_the_authors_unclosed_raw_html_is_not_shown_and_no_text_is_lost():
    frames = FramePlan()
    opening = frames.open('<div class="card"></div>')
    # An unclosed <div> makes Python-Markdown pass the rest of the page through as raw HTML,
    # the closing marker with it.
    html = convert(f'{opening}\n\nText.\n\n<div class="x">\nunclosed\n\n{frames.close()}\n\nMore text.', frames)
    assert frames.token not in html
    assert "Text." in html and "unclosed" in html and "More text." in html
