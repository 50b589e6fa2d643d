"""A page laid out around the author's own tokens: the site's frame is an HTML template with slots,
and each top-level block of the document is built into the slot the model assigned it.

An event page shows a wrap-up's topics as cards, with their sections in one order and under
one set of labels, while every word of the author's text stays the author's Markdown. The frame
(facts, cards, labels, the topics table, threads) is rendered from a template under
``fragments/`` with autoescape on, into elements; where the author's text goes it holds a
``<wrapup-slot name="…">`` element. The document is tokenised once (``wrapup.model.parser``);
``Layout.build`` groups its tokens into top-level blocks, builds each into the slot the model
placed it in (by the line it starts on), then puts every slot's content where the slot stands.

Nothing is written as Markdown to be parsed again, and no author text can stand for a slot: the
slots are elements of the site's template, and the author's raw HTML is stashed, never parsed
into the tree.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import markupsafe
from markdown.util import AtomicString

from wrapup.model.parser import top_level_groups
from wrapup.pages.gfm import TreeBuilder, make_atomic

if TYPE_CHECKING:
    from markdown_it.token import Token

SLOT = "wrapup-slot"
# Elements that the serializer puts on lines of their own; inline ones keep their spacing.
_BLOCK_TAGS = {"div", "nav", "p", "ul", "ol", "li", "table", "thead", "tbody", "tr", "section", "figure", "h1", "h2"}
# Characters XML 1.0 does not allow; they have no visible meaning in a label.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A bold label that stayed text (``**Label:**text``: its closing ``**`` cannot close), with the
# colon and spaces after it.
_LITERAL_LABEL = re.compile(r"^\s*(\*\*|__)[^*_\n]+?\1[ \t]*:?[ \t]*")


class LayoutError(ValueError):
    """The frame's template made no well-formed element tree (a template mistake, not content)."""


def slot(name: str) -> markupsafe.Markup:
    """The element a template writes where the blocks placed in ``name`` go."""
    return markupsafe.Markup('<{0} name="{1}"></{0}>').format(SLOT, name)


@dataclass(frozen=True)
class Placement:
    """Where one top-level block of the document goes, and what the frame takes off it."""

    slot: str
    heading: tuple[str, str] | None = None  # (id, leading emoji): the block is a topic's heading, an <h2>
    label: str | None = None  # the section label its first paragraph starts with, shown by the frame
    dropped: bool = False  # a heading that only names a section (the frame shows the label)


@dataclass
class Layout:
    """One page's frame (``skeleton``, HTML with slots) and where each of the document's blocks
    goes (``placements``, by the 0-based line of the document the block starts on). A block
    placed nowhere (the footnotes, which the engine gathers at the end) goes to ``rest``."""

    skeleton: str
    placements: dict[int, Placement] = field(default_factory=dict)
    rest: str = "end"
    template: str = "a page template"  # what made the skeleton, for an error about it

    def fingerprint(self) -> str:
        """What the page's conversion depends on besides its Markdown (part of its cache key)."""
        digest = hashlib.sha256(self.skeleton.encode("utf-8", "surrogatepass"))
        digest.update(repr(sorted(self.placements.items())).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def build(self, tokens: list[Token], root: etree.Element, builder: TreeBuilder) -> None:
        frame = self._frame()
        slots = {element.get("name", ""): element for element in frame.iter(SLOT)}
        for start, block in top_level_groups(tokens):
            placement = self.placements.get(start) if start is not None else None
            if placement is not None and placement.dropped:
                continue
            holder = etree.Element("div")
            builder.build(block, holder)
            if placement is not None:
                _finish(holder, placement)
            target = slots.get(placement.slot if placement is not None else self.rest)
            if target is None:  # a slot the template left out: the text still shows, at the end
                target = slots.get(self.rest) or etree.SubElement(frame, SLOT, {"name": self.rest})
            target.extend(list(holder))
        _unwrap_slots(frame)
        root.text = frame.text
        root.extend(list(frame))

    def _frame(self) -> etree.Element:
        parser = etree.XMLParser()
        try:
            # One root around the template's elements, which stand side by side in the page.
            parser.feed(f"<{SLOT}>")
            parser.feed(_NOT_XML.sub("", self.skeleton))
            parser.feed(f"</{SLOT}>")
            frame = parser.close()
        except etree.ParseError as exc:
            raise LayoutError(
                f"{self.template} did not make well-formed HTML ({exc}): close every element and give "
                "every attribute a value"
            ) from None
        _lay_out(frame)
        make_atomic(frame)  # the frame's text is escaped text, never Markdown
        return frame


def _finish(holder: etree.Element, placement: Placement) -> None:
    """What the frame takes over from a block: a topic heading's level, id and emoji; a label."""
    if not len(holder):
        return
    first = holder[0]
    if placement.heading is not None and first.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        anchor, emoji = placement.heading
        first.tag = "h2"  # a topic is a card's heading whatever level the wrap-up gave it
        first.set("id", anchor)
        if emoji:
            _emoji_span(first, emoji)
    elif placement.label is not None and first.tag == "p":
        _take_label(holder, first)


def _take_label(holder: etree.Element, paragraph: etree.Element) -> None:
    """The paragraph without the bold label it starts with (and a colon after it); gone if that was all."""
    if not (paragraph.text or "").strip() and len(paragraph) and paragraph[0].tag == "strong":
        label = paragraph[0]
        rest = (label.tail or "").lstrip(" \t").removeprefix(":").lstrip(" \t\n")
        paragraph.remove(label)
        paragraph.text = AtomicString(rest) if rest else None
    elif (match := _LITERAL_LABEL.match(paragraph.text or "")) is not None:
        paragraph.text = AtomicString((paragraph.text or "")[match.end() :].lstrip("\n"))
    if not (paragraph.text or "").strip() and not len(paragraph):
        holder.remove(paragraph)


def _emoji_span(heading: etree.Element, emoji: str) -> None:
    """The heading's leading ``emoji`` in a span the stylesheet sizes and screen readers skip."""
    text = heading.text or ""
    if not text.startswith(emoji):
        return
    span = etree.Element("span", {"class": "wrapup-topic__emoji", "aria-hidden": "true"})
    span.text = AtomicString(emoji)
    span.tail = AtomicString(text[len(emoji) :])
    heading.text = None
    heading.insert(0, span)


def _unwrap_slots(frame: etree.Element) -> None:
    """Each slot replaced by what was built into it, in its place."""
    for parent in list(frame.iter()):
        if not any(child.tag == SLOT for child in parent):
            continue
        children: list[etree.Element] = []
        for child in list(parent):
            if child.tag == SLOT:
                children.extend(list(child))
            else:
                children.append(child)
        parent[:] = children


def _lay_out(element: etree.Element) -> None:
    """Line breaks around block elements, as Python-Markdown writes its own."""
    for node in element.iter():
        if node.tag in _BLOCK_TAGS:
            if len(node) and node[0].tag in _BLOCK_TAGS | {SLOT} and not (node.text or "").strip():
                node.text = "\n"
            if not (node.tail or "").strip():
                node.tail = "\n"
