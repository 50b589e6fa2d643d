"""Topics of a wrap-up: each ``##`` heading of an event README opens one topic."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from . import markdown

# Characters that continue an emoji sequence: zero-width joiner, variation selectors,
# the combining keycap, skin-tone modifiers and tag characters.
_EMOJI_JOINERS = {"\u200d", "\ufe0e", "\ufe0f", "\u20e3"}


def _continues_emoji(char: str) -> bool:
    code = ord(char)
    return char in _EMOJI_JOINERS or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F


def split_emoji(title: str) -> tuple[str | None, str]:
    """Split a leading emoji (with its joiners and modifiers) off a heading text.

    ``"🕵️ Introduction Of x"`` -> ``("🕵️", "Introduction Of x")``. A letter-like symbol counts as
    emoji only when a variation selector asks for emoji presentation (``ℹ️``).
    """
    index = 0
    while index < len(title):
        char = title[index]
        following = title[index + 1] if index + 1 < len(title) else ""
        if index > 0 and _continues_emoji(char):
            index += 1
        elif unicodedata.category(char) == "So" or following == "\ufe0f":
            index += 1
        else:
            break
    if index == 0:
        return None, title.strip()
    return title[:index], title[index:].strip()


def slugify(text: str) -> str:
    """Anchor for a title: ASCII words joined by hyphens (emoji, punctuation and backticks dropped)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^\w\s-]", "", ascii_text).strip().lower()
    return re.sub(r"[-\s]+", "-", words).strip("-")


@dataclass(frozen=True)
class Topic:
    """One topic: its heading, split into emoji and title, and where it starts in the file."""

    title: str
    emoji: str | None
    line: int

    @property
    def anchor(self) -> str:
        return slugify(self.title)


def parse_topics(body: str, first_line: int = 1) -> list[Topic]:
    """Every ``##`` heading of ``body`` (outside code) as a topic; ``first_line`` is the file
    line on which ``body`` starts."""
    tokens = markdown.parse(body)
    topics = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            emoji, title = split_emoji(markdown.inline_text(tokens[index + 1]))
            line = (token.map[0] if token.map else 0) + first_line
            topics.append(Topic(title=title, emoji=emoji, line=line))
    return topics
