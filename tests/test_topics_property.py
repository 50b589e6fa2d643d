"""Property: whatever Markdown a contributor writes, the topic parser neither raises nor drops text."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from wrapup.model.topics import parse_wrapup

FRAGMENTS = [
    "## 🕵️ Topic",
    "## Topic `code`",
    "## ",
    "### Problem Statement",
    "### Notes",
    "**Problem Statement:** why",
    "**Next Steps**: then",
    "**Achievements:**",
    "**Code:** https://github.com/a/b/pull/1",
    "**Unknown:** x",
    "**Problem Statement: open",
    "- item",
    "  - nested",
    "* https://github.com/a/b/tree/c",
    "```",
    "~~~",
    "<hr />",
    "---",
    "<div>",
    "</div>",
    "> quote",
    "1. one",
    "    indented code",
    "",
    "",
    "[https://x.org/a](words here)",
    "![img](a.png)",
    "| a | b |",
    "|---|---|",
    "Title",
    "=====",
]
line = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(alphabet=st.sampled_from([*list("ab #*_`[]()!:-|<>/\\\t"), "ä", "🌱", "\u200d", "️"]), max_size=30),
)
documents = st.lists(line, max_size=40).map(lambda lines: "\n".join(lines) + "\n")


def word_counts(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text))


def parsed_text(wrapup) -> str:
    parts = [wrapup.preamble]
    for topic in wrapup.topics:
        parts += [topic.title_markdown, topic.notes, topic.trailer]
        for section in topic.sections:
            parts += [section.label, section.markdown]
    return "\n".join(parts)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_parser_never_raises_and_keeps_every_word(text):
    wrapup = parse_wrapup(text, 1)
    missing = word_counts(text) - word_counts(parsed_text(wrapup))
    assert not missing, f"dropped {dict(missing)}"
    for topic in wrapup.topics:
        assert topic.anchor
        assert 1 <= topic.line <= text.count("\n") + 1
    assert len({topic.anchor for topic in wrapup.topics}) == len(wrapup.topics)
