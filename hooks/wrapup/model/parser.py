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
    """The one Markdown engine: the model reads each README with it, and the pages are built
    from its tokens (``wrapup.pages.gfm``). GitHub renders the wrap-ups, so it parses as GitHub
    does: CommonMark with raw HTML and the GFM extensions of mdit-py-plugins (tables,
    strikethrough, autolinks, task lists, footnotes, alerts)."""
    from markdown_it import MarkdownIt  # imported on first parse: warm builds take events from the cache
    from mdit_py_plugins.gfm import gfm_plugin

    md = MarkdownIt("commonmark", {"html": True}).use(gfm_plugin)
    # GitHub links every URL the author wrote and its sanitiser then drops unsafe ones; here
    # the page's extension and the sanitiser do that, with a warning at the line, and the box
    # rules (wrapup.model.containment) report javascript:, file: and data: links at their lines.
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
