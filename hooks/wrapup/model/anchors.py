"""Topic anchors: our stable ones, and the ones GitHub generated for the same headings.

The wrap-ups were first published on GitHub and link to each other with GitHub's anchors
(``#%EF%B8%8F-introduction-of-gardener-node-agent``: emoji dropped but its variation
selector kept). Our anchor is the title without the emoji; GitHub's is kept as an alias so
old links land on the same topic.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote

from wrapup.model.topics import slugify, split_emoji


def topic_anchor(heading_text: str) -> str:
    """Our anchor: the title without its leading emoji (``introduction-of-gardener-node-agent``)."""
    return slugify(split_emoji(heading_text)[1])


def github_anchor(heading_text: str) -> str:
    """The anchor GitHub gives a heading: lower case, characters other than letters, marks,
    digits, '_', '-' and ' ' removed, spaces turned into '-'."""
    kept = [char for char in heading_text.strip().lower() if unicodedata.category(char)[0] in "LMN" or char in "-_ "]
    return "".join(kept).replace(" ", "-")


def loose_key(anchor_or_title: str) -> str:
    """What is left of an anchor once case, emoji, punctuation and URL-quoting are ignored.

    Hand-written links to GitHub headings vary in all of these
    (``#⌨%EF%B8%8F-Rewrite-gardenervpn2-From-Bash-To-Golang``); the words still identify the topic.
    """
    text = unicodedata.normalize("NFKD", unquote(anchor_or_title))
    return "".join(char for char in text.lower() if char.isascii() and char.isalnum())
