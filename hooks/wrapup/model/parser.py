"""One Markdown parser for the whole package (markdown-it-py, with source line maps), and the
store that makes each text be tokenised once per change.

Structure is read from tokens, never with regular expressions over documents; every
token keeps ``map`` (its source lines), which is how problems point at ``file:line``.

A document is tokenised once, in the trial (``wrapup.pages.trial``, a worker process within
time and memory limits); the model and the page read the same tokens from ``TokenStore``, which
keeps them in the content cache under a digest of the text and of the package's version. A
warm build whose events and pages come from their caches reads no tokens at all.
"""

from __future__ import annotations

import hashlib
import pickle
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from wrapup.cache import ContentCache, package_version

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Anything that turns a text into its tokens: ``parse``, or a ``TokenStore``'s ``tokens``.
Tokenise = Callable[[str], "list[Token]"]


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


def tokens_key(text: str) -> str:
    """What a text's tokens are stored under: the text and everything that parses it."""
    digest = hashlib.sha256(b"wrapup-tokens\0" + package_version().encode() + b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def pack(tokens: list[Token]) -> bytes:
    """Tokens as stored: pickled and compressed (a tenth of the pickle; ~1 ms for a wrap-up)."""
    return zlib.compress(pickle.dumps(tokens, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpack(blob: bytes) -> list[Token] | None:
    try:
        tokens = pickle.loads(zlib.decompress(blob))
    except Exception:  # a damaged entry: parse again
        return None
    return tokens if isinstance(tokens, list) else None


NAMESPACE = "tokens"
SUFFIX = ".pickle.z"
_RECENT = 8  # texts whose tokens stay in memory too: a page converts right after its model reads it


class TokenStore:
    """Tokens by text, from the content cache (or memory, without one); a text seen for the
    first time is parsed, and ``parsed`` counts those parses."""

    def __init__(self, cache: ContentCache | None = None) -> None:
        self.cache = cache
        self.parsed = 0
        self._recent: OrderedDict[str, list[Token]] = OrderedDict()
        self._blobs: dict[str, bytes] = {}  # without a cache: every stored text's tokens

    def store(self, key: str, blob: bytes) -> None:
        """Keep the packed tokens of the text with ``key`` (``tokens_key``), made elsewhere (the trial)."""
        if self.cache is None or self.cache.write(NAMESPACE, key, SUFFIX, blob, durable=False) is None:
            self._blobs[key] = blob

    def tokens(self, text: str) -> list[Token]:
        key = tokens_key(text)
        if (recent := self._recent.get(key)) is not None:
            return recent
        found = self._stored(key)
        if found is None:
            found = parse(text)
            self.parsed += 1
            self.store(key, pack(found))
        self._recent[key] = found
        while len(self._recent) > _RECENT:
            self._recent.popitem(last=False)
        return found

    def _stored(self, key: str) -> list[Token] | None:
        if (blob := self._blobs.get(key)) is not None:
            return _unpack(blob)
        if self.cache is None:
            return None
        hit = self.cache.read(NAMESPACE, key, SUFFIX, lambda data: data[:1] == b"\x78")  # zlib's header
        return _unpack(hit.data) if hit is not None else None


def top_level_groups(tokens: list[Token]) -> Iterator[tuple[int | None, list[Token]]]:
    """The document's top-level blocks in order, each as its tokens with the 0-based line it
    starts on (None for a block without source lines: the footnotes, which the engine gathers at
    the end from definitions written anywhere)."""
    current: list[Token] = []
    depth = 0
    for token in tokens:
        current.append(token)
        depth += token.nesting
        if depth == 0:
            yield (current[0].map[0] if current[0].map else None), current
            current = []
    if current:  # unbalanced tokens (never from the engine): a block all the same
        yield None, current


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
