"""Topic anchors: stable, without emoji, and GitHub's anchors for the same heading still land."""

from __future__ import annotations

import markdown
import pytest

from wrapup.model.anchors import github_anchor, loose_key, topic_anchor
from wrapup.model.topics import split_emoji
from wrapup.pages.extension import WrapupExtension


@pytest.mark.parametrize(
    "heading, emoji, title",
    [
        ("🕵️ Introduction Of `gardener-node-agent`", "🕵️", "Introduction Of `gardener-node-agent`"),
        ("⚡️Replace OpenVPN with Wireguard", "⚡️", "Replace OpenVPN with Wireguard"),
        ("🧑🏼‍🌾 Deploy `gardenlet`s", "🧑🏼‍🌾", "Deploy `gardenlet`s"),
        ("⛓️‍💥 E2E Test Skeleton", "⛓️‍💥", "E2E Test Skeleton"),
        ("ℹ️ Expose EgressCIDRs 🏎️", "ℹ️", "Expose EgressCIDRs 🏎️"),
        ("IPv6", None, "IPv6"),
    ],
)
def test_leading_emoji_is_split_from_the_title(heading, emoji, title):
    assert split_emoji(heading) == (emoji, title)


def test_topic_anchor_drops_emoji_and_markup():
    assert topic_anchor("🕵️ Introduction Of gardener-node-agent") == "introduction-of-gardener-node-agent"


def test_github_anchor_keeps_the_variation_selector_like_github():
    assert github_anchor("🕵️ Introduction Of gardener-node-agent") == "\ufe0f-introduction-of-gardener-node-agent"


def test_loose_key_ignores_case_emoji_and_quoting():
    assert loose_key("⌨%EF%B8%8F-Rewrite-gardenervpn2-From-Bash-To-Golang") == loose_key(
        "⌨️ Rewrite gardener/vpn2 From Bash To Golang"
    )


def render(text: str) -> str:
    return markdown.markdown(text, extensions=[WrapupExtension(), "toc"])


def test_heading_gets_our_anchor_and_github_alias():
    html = render("## 🕵️ Introduction Of `gardener-node-agent`\n")
    assert '<h2 id="introduction-of-gardener-node-agent">' in html
    assert '<span class="wrapup-anchor-alias" id="\ufe0f-introduction-of-gardener-node-agent"></span>' in html


def test_in_page_link_written_for_github_lands_on_the_topic():
    html = render(
        "## ⌨️ Rewrite [gardener/vpn2](https://x.org) From Bash\n\nSee [it](#⌨%EF%B8%8F-Rewrite-gardenervpn2-From-Bash).\n"
    )
    assert 'href="#rewrite-gardenervpn2-from-bash"' in html


def test_duplicate_titles_get_unique_anchors():
    html = render("## Topic\n\n## 🌱 Topic\n")
    assert '<h2 id="topic">' in html
    assert '<h2 id="topic_1">' in html


def test_unknown_in_page_anchor_is_left_for_the_link_checker():
    assert 'href="#nowhere"' in render("## A\n\n[x](#nowhere)\n")


def test_link_written_the_wrong_way_round_points_at_its_url():
    html = render("See [https://github.com/x/y/tree/z](The z branch on X's fork) for more.\n")
    assert '<a href="https://github.com/x/y/tree/z">The z branch on X\'s fork</a>' in html
