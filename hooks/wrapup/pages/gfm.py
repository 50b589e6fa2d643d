"""GitHub-flavoured Markdown for the pages: markdown-it-py builds Python-Markdown's tree.

Contributors write and preview wrap-ups on GitHub, so the site reads them as GitHub does:
CommonMark with GitHub's extensions (tables, strikethrough, autolinks, task lists, footnotes,
alerts), from ``mdit_py_plugins.gfm``, the maintained GFM preset of markdown-it-py.
Python-Markdown's own block parser differs where wrap-ups are most often written: lists nested
by two spaces come out flat, a list straight after a paragraph line stays text, ``> [!TIP]``
stays text.

This extension replaces only the parsing. It takes the page's source before any other
preprocessor has touched it, parses it with markdown-it-py and builds the element tree from
the tokens, with every text node atomic so that Python-Markdown's inline patterns never parse
it a second time. Everything after parsing stays Python-Markdown's and MkDocs': tree
processors (our page extension, ``toc``, MkDocs' link resolution), raw HTML through the HTML
stash, serialising and postprocessors. What GitHub does after cmark-gfm is done here too:
emoji shortcodes become emoji (GitHub's gemoji names, from ``pymdownx.gemoji_db``), and
alerts get the markup of Material's admonitions so that the theme styles them.

In ``mkdocs.yml``: ``markdown_extensions: [wrapup.pages.gfm, toc]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown.blockparser import BlockParser
    from markdown_it.token import Token

    from wrapup.pages.layout import Layout

import hashlib
import re
import xml.etree.ElementTree as etree
from functools import cache

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX, AtomicString

from wrapup.model.parser import Tokenise, parse
from wrapup.pages.sanitize import AUTHOR_ID_PREFIX, SIGNED, Removal, Signature, is_reserved_id, sanitize_author

# GitHub's five alert kinds, shown as the Material admonition of the same colour and meaning.
ALERT_ADMONITIONS = {"note": "note", "tip": "tip", "important": "example", "warning": "warning", "caution": "danger"}
_SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")
# Holds a raw HTML block's stash placeholder in the tree; the tag itself is removed when the
# page is serialised, so the block stands where the author wrote it, without a paragraph.
RAW_BLOCK = "wrapup-raw-html"


@cache
def _emoji() -> dict[str, str]:
    from pymdownx import gemoji_db

    characters = {
        name: "".join(chr(int(code, 16)) for code in entry["unicode"].split("-"))
        for name, entry in gemoji_db.emoji.items()
    }
    for alias, name in gemoji_db.aliases.items():
        if name in characters:
            characters[alias] = characters[name]
    return characters


def emojify(text: str) -> str:
    """``text`` with GitHub's emoji shortcodes (``:rocket:``) as the emoji they stand for."""
    if ":" not in text:
        return text
    table = _emoji()
    return _SHORTCODE.sub(lambda match: table.get(match[0], match[0]), text)


class _SourceKeeper(Preprocessor):
    """Keeps the page's source as the author wrote it, before any other preprocessor (raw HTML
    stashing, whitespace normalising) changes it for Python-Markdown's own parser."""

    def __init__(self, md: Markdown, extension: GfmExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        # The stash's placeholder characters never come from an author: they would let text
        # stand for stashed HTML.
        self.extension.source = "\n".join(lines).replace(STX, "").replace(ETX, "")
        self.extension.signature = self.extension.signed = None
        self.extension.removed = []
        return lines


class _RawBlockUnwrapper(Postprocessor):
    def run(self, text: str) -> str:
        return text.replace(f"<{RAW_BLOCK}>", "").replace(f"</{RAW_BLOCK}>", "") if RAW_BLOCK in text else text


class _DocumentProcessor(BlockProcessor):
    """Parses the whole document at once, on the first block Python-Markdown's parser offers."""

    def __init__(self, parser: BlockParser, extension: GfmExtension) -> None:
        super().__init__(parser)
        self.extension = extension

    def test(self, parent: etree.Element, block: str) -> bool:
        return parent is self.parser.root

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        blocks.clear()
        source, self.extension.source = self.extension.source, None
        if source is None:  # Python-Markdown called without the preprocessors: nothing kept
            return
        builder = TreeBuilder(self.parser.md)
        tokens = (self.extension.tokenise or parse)(source)
        if self.extension.layout is not None:  # a page laid out around the document (an event page)
            self.extension.layout.build(tokens, parent, builder)
        else:
            builder.build(tokens, parent)
        if builder.raw_html and self.extension.author_html:
            self.extension.signature = Signature(
                hashlib.sha256(b"wrapup-signature\0" + source.encode("utf-8", "surrogatepass")).hexdigest()[:24]
            )


class _SignGenerated(Treeprocessor):
    """Last of the tree processors: the ids and classes of the tree (the parser's, the site's
    extensions', ``toc``'s) are marked as the site's own before the author's raw HTML joins
    them (``wrapup.pages.sanitize.Signature``). A generated id that the theme or the lightbox
    looks up (a heading titled ``__config``) moves to the author namespace, with every link and
    table-of-contents entry that points at it."""

    def __init__(self, md: Markdown, extension: GfmExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        _rename_reserved_ids(root, self.md)
        signature = self.extension.signature
        if signature is None:
            return
        for element in root.iter():
            for attribute in SIGNED:
                if (value := element.attrib.pop(attribute, None)) is not None:
                    element.set(signature.name(attribute), value)
        self.extension.signed = signature


def _rename_reserved_ids(root: etree.Element, md: Markdown) -> None:
    renamed = {
        identifier: AUTHOR_ID_PREFIX + identifier
        for element in root.iter()
        if (identifier := element.get("id")) and is_reserved_id(identifier)
    }
    if not renamed:
        return
    for element in root.iter():
        if (identifier := element.get("id")) in renamed:
            element.set("id", renamed[identifier])
        href = element.get("href")
        if element.tag == "a" and href and href.startswith("#") and href[1:] in renamed:
            element.set("href", "#" + renamed[href[1:]])
    stack = list(getattr(md, "toc_tokens", []))
    while stack:
        token = stack.pop()
        if token.get("id") in renamed:
            token["id"] = renamed[token["id"]]
        stack.extend(token.get("children", []))


class _AuthorHtml(Postprocessor):
    """Once the author's raw HTML is back in the page: the allowlist, with the author's ids and
    names namespaced and the author's classes dropped (``wrapup.pages.sanitize.sanitize_author``);
    what it removed waits in ``GfmExtension.removed`` for the build's report."""

    def __init__(self, md: Markdown, extension: GfmExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        # 'toc' runs the postprocessors over each heading before the tree is signed: only the
        # whole page, once signed, is this pass's.
        signature, self.extension.signed = self.extension.signed, None
        if signature is None:
            return text
        cleaned = sanitize_author(text, signature)
        self.extension.removed.extend(cleaned.removed)
        return cleaned.html


class TreeBuilder:
    """Python-Markdown's element tree from markdown-it tokens."""

    def __init__(self, md: Markdown) -> None:
        self.md = md
        self.footnote_numbers: dict[int, int] = {}
        self.raw_html = False  # whether the page holds raw HTML (then the author pass runs)

    def build(self, tokens: list[Token], root: etree.Element) -> None:
        stack = [root]
        for token in tokens:
            kind = token.type
            parent = stack[-1]
            if kind == "paragraph_open":
                # A tight list's item holds its text without a paragraph: its parent takes it.
                stack.append(parent if token.hidden else self._child(parent, "p"))
            elif kind == "inline":
                self._inline(token.children or [], parent)
            elif kind in self._LEAVES:
                self._leaf(parent, token)
            elif kind == "footnote_block_open":
                block = self._child(parent, "div", {"class": "footnote"})
                self._child(block, "hr")
                stack.append(self._child(block, "ol"))
            elif kind == "footnote_open":
                number = self._footnote_number(token.meta["id"])
                stack.append(self._child(parent, "li", {"id": f"fn:{number}"}))
            elif token.nesting == 1:
                stack.append(self._open(parent, token))
            elif token.nesting == -1:
                stack.pop()
        make_atomic(root)

    _LEAVES = ("fence", "code_block", "html_block", "hr", "footnote_anchor")

    def _leaf(self, parent: etree.Element, token: Token) -> None:
        """A token that opens nothing: code, raw HTML, a rule, a footnote's way back."""
        if token.type in ("fence", "code_block"):
            self._code(parent, token)
        elif token.type == "html_block":
            # An element of its own, not text: tree processors may move or drop elements
            # around it (an event page's frames), and text would go with them.
            self._child(parent, RAW_BLOCK).text = self.md.htmlStash.store(token.content.rstrip("\n"))
            self.raw_html = True
        elif token.type == "hr":
            self._child(parent, "hr")
        else:
            self._footnote_backref(parent, token)

    def _open(self, parent: etree.Element, token: Token) -> etree.Element:
        kind = token.type
        if kind == "alert_open":
            alert = token.meta.get("kind", "note").lower()
            return self._child(parent, "div", {"class": f"admonition {ALERT_ADMONITIONS.get(alert, 'note')}"})
        if kind == "alert_title_open":
            return self._child(parent, "p", {"class": "admonition-title"})
        attributes = {}
        if kind == "ordered_list_open" and token.attrs.get("start") not in (None, 1, "1"):
            attributes["start"] = str(token.attrs["start"])
        elif kind in ("th_open", "td_open") and token.attrs.get("style"):
            attributes["style"] = str(token.attrs["style"])
        elif kind in ("bullet_list_open", "ordered_list_open") and "contains-task-list" in str(
            token.attrs.get("class", "")
        ):
            attributes["class"] = "task-list"
        element = self._child(parent, token.tag or "div", attributes)
        if kind == "list_item_open" and "checked" in token.meta:
            # The markup of pymdownx.tasklist (custom_checkbox), which Material styles.
            element.set("class", "task-list-item")
            label = self._child(element, "label", {"class": "task-list-control"})
            label.tail = " "
            # The item's text labels it for a screen reader; the state is said in words.
            box = self._child(
                label,
                "input",
                {
                    "type": "checkbox",
                    "disabled": "disabled",
                    "aria-label": "done" if token.meta["checked"] else "not done",
                },
            )
            if token.meta["checked"]:
                box.set("checked", "checked")
            self._child(label, "span", {"class": "task-list-indicator"})
        return element

    def _inline(self, children: list[Token], parent: etree.Element) -> None:
        stack = [parent]
        for child in children:
            kind = child.type
            here = stack[-1]
            if kind == "text":
                self._text(here, emojify(child.content))
            elif kind == "softbreak":
                self._text(here, "\n")
            elif kind == "hardbreak":
                self._child(here, "br")
                self._text(here, "\n")
            elif kind == "code_inline":
                self._child(here, "code").text = child.content
            elif kind == "html_inline":
                self._text(here, self.md.htmlStash.store(child.content))
                self.raw_html = True
            elif kind == "image":
                attributes = {"src": str(child.attrs.get("src", "")), "alt": _plain(child.children or [])}
                if child.attrs.get("title"):
                    attributes["title"] = str(child.attrs["title"])
                self._child(here, "img", attributes)
            elif kind == "footnote_ref":
                number = self._footnote_number(child.meta["id"])
                suffix = f":{child.meta['subId']}" if child.meta.get("subId") else ""
                sup = self._child(here, "sup", {"id": f"fnref{suffix}:{number}"})
                self._child(sup, "a", {"class": "footnote-ref", "href": f"#fn:{number}"}).text = str(number)
            elif kind == "link_open":
                attributes = {"href": str(child.attrs.get("href", ""))}
                if child.attrs.get("title"):
                    attributes["title"] = str(child.attrs["title"])
                stack.append(self._child(here, "a", attributes))
            elif kind in ("em_open", "strong_open", "s_open"):
                stack.append(self._child(here, {"em_open": "em", "strong_open": "strong", "s_open": "del"}[kind]))
            elif child.nesting == -1 and len(stack) > 1:
                stack.pop()
            elif child.content:  # a token type added by a future plugin: its text is not lost
                self._text(here, child.content)

    def _code(self, parent: etree.Element, token: Token) -> None:
        language = token.info.strip().split(maxsplit=1)[0] if token.type == "fence" and token.info.strip() else ""
        pre = self._child(parent, "pre")
        code = self._child(pre, "code", {"class": f"language-{language}"} if language else {})
        code.text = token.content

    def _footnote_number(self, footnote_id: int) -> int:
        return self.footnote_numbers.setdefault(footnote_id, len(self.footnote_numbers) + 1)

    def _footnote_backref(self, parent: etree.Element, token: Token) -> None:
        number = self._footnote_number(token.meta["id"])
        suffix = f":{token.meta['subId']}" if token.meta.get("subId") else ""
        # markdown-it puts the anchor at the end of the footnote's last paragraph.
        self._text(parent, "\u00a0")
        link = self._child(
            parent,
            "a",
            {
                "class": "footnote-backref",
                "href": f"#fnref{suffix}:{number}",
                "title": f"Jump back to footnote {number} in the text",
            },
        )
        link.text = "\u21a9"

    @staticmethod
    def _child(parent: etree.Element, tag: str, attributes: dict[str, str] | None = None) -> etree.Element:
        element = etree.SubElement(parent, tag, attributes or {})
        if tag in _BLOCK_TAGS:
            element.tail = "\n"
        return element

    @staticmethod
    def _text(element: etree.Element, text: str) -> None:
        if len(element):
            element[-1].tail = (element[-1].tail or "") + text
        else:
            element.text = (element.text or "") + text


_BLOCK_TAGS = {
    RAW_BLOCK,
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
}


def _plain(children: list[Token]) -> str:
    """The text of an image's description, as GitHub puts it in ``alt``."""
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(emojify(child.content) if child.type == "text" else child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_plain(child.children or []))
    return "".join(parts)


def make_atomic(root: etree.Element) -> None:
    """Text the tokens already parsed: Python-Markdown's inline patterns leave it alone, and
    an ``&`` reads as written (the serializer keeps what looks like an entity)."""
    for element in root.iter():
        if element.text:
            element.text = AtomicString(_amp(element.text))
        if element.tail and element is not root:
            element.tail = AtomicString(_amp(element.tail))


def _amp(text: str) -> str:
    return text.replace("&", "&amp;") if "&" in text else text


class GfmExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.source: str | None = None
        # Whether raw HTML in the page is the author's (every page of the content); a page the
        # site generates from escaped text holds only the site's own.
        self.author_html = True
        self.signature: Signature | None = None  # set while a page with the author's raw HTML converts
        self.signed: Signature | None = None  # set once its tree is signed, until the author pass
        self.removed: list[Removal] = []  # what the author pass removed from the last page
        # Where the page's tokens come from: the build's token store (``wrapup.model.parser``),
        # which holds every document's from the trial; None: parse here.
        self.tokenise: Tokenise | None = None
        # The frame the page's blocks are built into (``wrapup.pages.layout``); None: as written.
        self.layout: Layout | None = None

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # Python-Markdown's raw HTML block stash follows its own rules, not CommonMark's; the
        # tokens say what is raw HTML.
        # The same for fenced code (MkDocs always loads 'fenced_code'): the tokens say it.
        for name in ("html_block", "fenced_code_block"):
            if name in md.preprocessors:
                md.preprocessors.deregister(name)
        md.preprocessors.register(_SourceKeeper(md, self), "gfm_source", 1000)
        md.parser.blockprocessors.register(_DocumentProcessor(md.parser, self), "gfm_document", 1000)
        md.postprocessors.register(_RawBlockUnwrapper(md), "gfm_raw_blocks", 40)  # before raw HTML is put back (30)
        # Last of the tree processors (MkDocs' own end at 0) and of the postprocessors (raw HTML
        # is put back at 30, an event page's frame markers go at 1).
        md.treeprocessors.register(_SignGenerated(md, self), "gfm_sign", -100)
        md.postprocessors.register(_AuthorHtml(md, self), "gfm_author_html", -100)

    def reset(self) -> None:
        self.source = None
        self.signature = self.signed = None
        self.removed = []


def makeExtension(**kwargs: Any) -> GfmExtension:
    return GfmExtension(**kwargs)
