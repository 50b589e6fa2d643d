"""One Markdown parser for the whole package (markdown-it-py, with source line maps).

Structure is read from tokens, never with regular expressions over documents; every
token keeps ``map`` (its source lines), which is how problems point at ``file:line``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@cache
def parser() -> MarkdownIt:
    from markdown_it import (
        MarkdownIt,  # imported on first parse: warm builds take events from the cache
    )

    # GitHub renders the wrap-ups, so parse like GitHub: CommonMark, tables, bare URLs as links.
    md = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "linkify", "strikethrough"])
    # Only URLs with a scheme or "www." are links on GitHub; without this, "README.md" would
    # become a link to a host in Moldova's top-level domain.
    md.linkify.set({"fuzzy_link": False})  # type: ignore[union-attr]  # set by the "linkify" option
    # markdown-it leaves javascript:, file: and data: links unlinked, but Python-Markdown, which
    # renders the pages, makes them links: see every link as a link, so that the box rules
    # (wrapup.build.containment) can report them with their line.
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # markdown-it-py's documented override
    return md


def parse(text: str) -> list[Token]:
    return parser().parse(text)


def inline_text(token: Token) -> str:
    """The visible text of an inline token: text and code spans, without markup."""
    if token.children is None:
        return token.content
    parts = []
    for child in token.children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


@dataclass(frozen=True)
class Link:
    """A link or image in a document. ``line`` is 0-based within the parsed text."""

    url: str
    text: str
    line: int
    is_image: bool


def iter_links(tokens: list[Token]) -> Iterator[Link]:
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        line = token.map[0] if token.map else 0
        children = token.children
        for index, child in enumerate(children):
            # The line of the link itself, not of its paragraph: count the line breaks before it.
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "html_inline":
                line += child.content.count("\n")
            elif child.type == "link_open":
                text_parts = []
                for follower in children[index + 1 :]:
                    if follower.type == "link_close":
                        break
                    if follower.type in ("text", "code_inline"):
                        text_parts.append(follower.content)
                yield Link(str(child.attrGet("href") or ""), "".join(text_parts), line, False)
            elif child.type == "image":
                yield Link(str(child.attrGet("src") or ""), child.content, line, True)
