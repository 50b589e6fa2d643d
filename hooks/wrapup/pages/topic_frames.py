"""Frames around the author's text on event pages (topic cards, their sections, link lists),
built in the element tree rather than written as raw HTML in the page's Markdown.

The event template writes each frame as the element it becomes, holding only its head (the
section's label, the topic's status): ``{% filter frame %}<div class="wrapup-section">…</div>
{% endfilter %}``. ``FramePlan.open`` parses that element and leaves a marker line in the
Markdown; the author's Markdown follows, then the marker of ``close``. The page's Markdown
extension turns each marker line into a placeholder element (``FramePlan.placeholder``; no
paragraph, so the inline patterns never look at it), and once the page is parsed,
``FramePlan.apply`` puts each frame's element where its opening marker is and moves everything
up to the closing marker into it.

Why not ``<div markdown>`` blocks (md_in_html): Python-Markdown and MkDocs each run an HTML
parser written in Python over every tag of raw HTML, and the frames were most of the tags of an
event page: a fifth of its conversion time. A frame's element is parsed here once, by expat.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import xml.etree.ElementTree as etree

PLACEHOLDER = "wrapup-frame"  # the element a marker line becomes until ``apply``
# Elements that the serializer puts on lines of their own; inline ones keep their spacing.
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCK_TAGS = {"div", "nav", "p", "ul", "ol", "li", "table", "section", "aside", "details", "summary"}
# Characters XML 1.0 does not allow; they have no visible meaning in a label.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class FrameError(ValueError):
    """A frame's element in the template is not well-formed (a template mistake, not content)."""


class FramePlan:
    """One page's frames. The template asks it for marker lines (``open``, ``close``, ``put``);
    the Markdown extension then builds them in the page's tree (``apply``)."""

    def __init__(self, seed: str | None = None) -> None:
        # A token per page that no paragraph of the author's text can hold: a digest of the page's
        # own source (``seed``), which that source cannot contain, or else a random one. Derived
        # from the source, the same page gives the same Markdown, so its conversion can be cached.
        self.token = (
            hashlib.sha256(b"wrapup-frames\0" + seed.encode("utf-8", "surrogatepass")).hexdigest()[:16]
            if seed is not None
            else secrets.token_hex(8)
        )
        self.prefix = f"wrapup-{self.token}-"  # what every marker line of this page starts with
        self._marker = re.compile(rf"{self.prefix}(open|close|put|id)-(\d+)")
        self._heading_id = re.compile(rf"\s*{self.prefix}id-(\d+)\s*$")
        self._elements: list[etree.Element] = []
        self._ids: list[tuple[str, str]] = []  # (anchor, leading emoji) per marked heading
        self._open: list[int] = []

    def open(self, element_html: str) -> str:
        """Marker for a frame whose content follows it until ``close``."""
        number = self._add(element_html)
        self._open.append(number)
        return f"{self.prefix}open-{number}"

    def close(self) -> str:
        if not self._open:
            raise FrameError("frame_close() without an open frame")
        return f"{self.prefix}close-{self._open.pop()}"

    def put(self, element_html: str) -> str:
        """Marker for an element that stands on its own (it holds no author text)."""
        return f"{self.prefix}put-{self._add(element_html)}"

    def heading_id(self, anchor: str, emoji: str = "") -> str:
        """Marker at the end of a heading's line: the heading gets ``anchor`` as its id, and the
        ``emoji`` its text starts with a span of its own (decoration, hidden from screen
        readers). (The page's Markdown is GitHub's, which has no syntax for ids; an author
        cannot write this.)"""
        self._ids.append((anchor, emoji))
        return f"{self.prefix}id-{len(self._ids) - 1}"

    def _add(self, element_html: str) -> int:
        try:
            element = etree.fromstring(_NOT_XML.sub("", element_html.strip()))
        except etree.ParseError as exc:
            raise FrameError(
                f"a frame in the event template is not well-formed XML ({exc}): {element_html!r}"
            ) from None
        _lay_out(element)
        self._elements.append(element)
        return len(self._elements) - 1

    def placeholder(self, line: str) -> etree.Element | None:
        """The placeholder element for a marker line of this page, or None for any other line."""
        match = self._marker.fullmatch(line.strip())
        if match is None or match[1] == "id" or int(match[2]) >= len(self._elements):
            return None
        return etree.Element(PLACEHOLDER, {"kind": match[1], "number": match[2]})

    def apply(self, root: etree.Element) -> None:
        """Replace the placeholders in ``root`` by their frames. Nothing is dropped: a frame left
        open ends with its parent, and a marker that lost its frame (the author's text swallowed
        it) is removed alone."""
        if self._ids:
            self._set_heading_ids(root)
        if not self._elements:
            return
        for parent in list(root.iter()):
            if any(child.tag == PLACEHOLDER for child in parent):
                self._restructure(parent)

    def _set_heading_ids(self, root: etree.Element) -> None:
        for heading in root.iter():
            if heading.tag not in _HEADINGS:
                continue
            holder, attribute = (heading[-1], "tail") if len(heading) else (heading, "text")
            text = getattr(holder, attribute) or ""
            match = self._heading_id.search(text)
            if match and int(match[1]) < len(self._ids):
                setattr(holder, attribute, type(text)(text[: match.start()]))
                anchor, emoji = self._ids[int(match[1])]
                heading.set("id", anchor)
                if emoji:
                    _emoji_span(heading, emoji)

    def fingerprint(self) -> str:
        """A digest of the frames' elements and heading ids: what the page's Markdown does not hold
        of it (its marker lines name the frames, not their content)."""
        digest = hashlib.sha256(self.token.encode())
        for element in self._elements:
            digest.update(etree.tostring(element, encoding="unicode").encode("utf-8", "surrogatepass") + b"\0")
        digest.update(repr(self._ids).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def strip_markers(self, html: str) -> str:
        """The page's HTML without marker lines that never became placeholders (swallowed by the
        author's unclosed raw HTML, which Python-Markdown passes through as it is)."""
        return self._marker.sub("", html) if self.prefix in html else html

    @staticmethod
    def _marker_of(element: etree.Element) -> tuple[str, int] | None:
        kind, number = element.get("kind"), element.get("number")
        if element.tag != PLACEHOLDER or kind is None or number is None:
            return None
        return kind, int(number)

    def _restructure(self, parent: etree.Element) -> None:
        kept: list[etree.Element] = []
        stack: list[tuple[int, etree.Element]] = []
        for child in list(parent):
            marker = self._marker_of(child)
            if marker is not None and marker[0] == "close":
                if any(number == marker[1] for number, _ in stack):
                    while stack.pop()[0] != marker[1]:
                        pass
                continue
            placed = child if marker is None else self._elements[marker[1]]
            if not stack:
                kept.append(placed)
            else:
                into = stack[-1][1]
                if not len(into) and not (into.text or "").strip():
                    into.text = "\n"  # the frame's first content starts on a line of its own
                into.append(placed)
            if marker is not None and marker[0] == "open":
                stack.append((marker[1], placed))
        parent[:] = kept


def _emoji_span(heading: etree.Element, emoji: str) -> None:
    """The heading's leading ``emoji`` in a span the stylesheet sizes and screen readers skip."""
    text = heading.text or ""
    if not text.startswith(emoji):
        return
    span = etree.Element("span", {"class": "wrapup-topic__emoji", "aria-hidden": "true"})
    span.text = type(text)(emoji)
    span.tail = type(text)(text[len(emoji) :])
    heading.text = None
    heading.insert(0, span)


def _lay_out(element: etree.Element) -> None:
    """Line breaks around block elements, as Python-Markdown writes its own."""
    for node in element.iter():
        if node.tag in _BLOCK_TAGS:
            if len(node) and node[0].tag in _BLOCK_TAGS and not (node.text or "").strip():
                node.text = "\n"
            if not (node.tail or "").strip():
                node.tail = "\n"
