"""Python-Markdown extension for wrap-up pages.

- every ``h2`` gets our stable anchor, and GitHub's anchor for the same heading as an alias;
- in-page links written against GitHub's anchors point at the topic they mean;
- links into the original hackathon repository point at the same page and topic of this site
  (as relative Markdown links, which MkDocs then resolves and checks);
- links in a topic's "Code & links" part become chips (``gardener/gardener#8767``);
- a link written the wrong way round (``[https://…](words)``) points at its URL;
- an image of a draw.io export shows its rendered PNG (with its size, so the page does not
  jump) and links to the original SVG;
- a local raster image becomes a ``<picture>`` of its responsive derivatives (WebP first),
  sized, lazy below the first image, opening the original in the lightbox; a remote image
  stays remote but loads lazily and gets an alt text.

Engine-independent (Python-Markdown only, no MkDocs). The page being rendered is told to the
extension through ``WrapupExtension.page_source`` before each page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass


import html
import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from markdown import Extension, Markdown
from markdown.extensions.toc import render_inner_html
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from wrapup.model.anchors import github_anchor, loose_key, topic_anchor
from wrapup.model.containment import refusal
from wrapup.model.crosslinks import Resolved
from wrapup.model.links import classify
from wrapup.model.parser import Tokenise
from wrapup.model.topics import unique_anchor
from wrapup.pages.gfm import GfmExtension
from wrapup.pages.layout import Layout
from wrapup.pages.sanitize import Removal

_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class DiagramImage:
    """The rendered PNG of a draw.io export: its content path and CSS size, and its dark
    variant's content path when one was drawn."""

    source: str
    width: int
    height: int
    dark: str | None = None


@dataclass(frozen=True)
class ResponsiveImage:
    """Derivatives of a raster image: per MIME type, (content path, site URL, width) each."""

    width: int
    height: int
    fallback_mime: str
    sources: dict[str, list[tuple[str, str, int]]]


# The content column is about 760 px wide on a desktop and the whole screen on a phone.
IMAGE_SIZES = "(min-width: 60em) 760px, 100vw"
KIND_BADGES = {
    "pull": "PR",
    "issue": "Issue",
    "repo": "Repo",
    "tree": "Branch",
    "commit": "Commit",
    "file": "File",
    "other": "Link",
}


class _ImageTags(HTMLParser):
    """Where each ``<img>`` start tag of a page's HTML is, and its attributes (a real parser,
    not a pattern: attribute values may hold anything)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, dict[str, str | None]]] = []  # (start, end, attributes)
        self._line_starts = [0]
        for index, char in enumerate(html):
            if char == "\n":
                self._line_starts.append(index + 1)
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            line, column = self.getpos()
            start = self._line_starts[line - 1] + column
            self.found.append((start, start + len(self.get_starttag_text() or ""), dict(attrs)))

    handle_startendtag = handle_starttag


class RawImageSources(Postprocessor):
    """An image the author wrote as raw HTML (``<img src="group.jpeg" width="600">``, the way
    group photos are sized on GitHub) keeps its size and gets the responsive sources a
    Markdown image gets, so that no reader downloads the camera's full size."""

    def __init__(self, md: Markdown, extension: WrapupExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        # Only the author's raw HTML can hold such an image: it waits in the stash until the
        # raw HTML postprocessor puts it back (this one runs just before), so only those
        # pieces are read, not the whole page.
        if self.extension.images:
            stash = self.md.htmlStash.rawHtmlBlocks
            for index, block in enumerate(stash):
                if isinstance(block, str) and "<img" in block:
                    stash[index] = self._with_sources(block)
        return text

    def _with_sources(self, text: str) -> str:
        pieces, last = [], 0
        for start, end, attributes in _ImageTags(text).found:
            responsive = self.extension.images.get(self.extension.local_source(attributes.get("src") or "") or "")
            if responsive is None or attributes.get("srcset"):
                continue  # not a local photo, or one our tree processor has made responsive already
            fallback = responsive.sources[responsive.fallback_mime]
            width = (attributes.get("width") or "").strip()
            new = dict(attributes)
            new["srcset"] = self.extension.srcset(fallback)
            new["sizes"] = f"{width}px" if width.isdigit() else IMAGE_SIZES
            new.setdefault("loading", "lazy")
            new.setdefault("decoding", "async")
            tag = (
                "<img "
                + " ".join(
                    name if value is None else f'{name}="{html.escape(value, quote=True)}"'
                    for name, value in new.items()
                )
                + ">"
            )
            pieces += [text[last:start], tag]
            last = end
        return "".join(pieces) + text[last:] if pieces else text


class WrapupTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: WrapupExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        used = {identifier for element in root.iter() if (identifier := element.get("id"))}
        by_key = self._anchor_headings(root, used)
        page_folder = posixpath.dirname(self.extension.page_source)
        for link in root.iter("a"):
            _unreverse(link)
            href = link.get("href") or ""
            if refusal(href, page_folder) or self._local_source(href) in self.extension.unpublished:
                # Reported with its line when the event was read (wrapup.model.containment), or with the name of
                # the file the build could not publish; the text stays.
                # A span, not an <a> without href: MkDocs expects every <a> to have one.
                link.tag = "span"
                link.attrib.clear()
                link.set("class", "wrapup-refused")
            elif href.startswith("#") and href[1:] not in used:
                target = by_key.get(loose_key(href[1:]))
                if target:
                    link.set("href", f"#{target}")
            elif href in self.extension.targets:
                link.set("href", self._site_link(self.extension.targets[href]))
        for part in root.iter("div"):
            if "wrapup-section--code" in (part.get("class") or "").split():
                for link in part.iter("a"):
                    _make_chip(link)
        for parent, index, image in _images(root):
            src = image.get("src", "")
            if refusal(src, page_folder) or self._local_source(src) in self.extension.unpublished:
                original = self.extension.originals.get(self._local_source(src) or "")
                if original and not refusal(src, page_folder) and parent.tag != "a":
                    # A diagram the build could not draw: its inert copy, for the reader's browser.
                    shown = etree.Element(
                        "a",
                        {
                            "class": "wrapup-refused wrapup-diagram-original",
                            "href": self._relative_source(original),
                            "title": "The site could not draw this diagram: open a copy of it",
                        },
                    )
                else:
                    shown = etree.Element("span", {"class": "wrapup-refused"})
                shown.text = image.get("alt") or _alt_from(image.get("src", ""))
                shown.tail = image.tail
                parent.remove(image)
                parent.insert(index, shown)
        if self.extension.diagrams:
            self._show_rendered_diagrams(root)
        self._lighten_images(root)

    def _srcset(self, candidates: list[tuple[str, str, int]]) -> str:
        return self.extension.srcset(candidates)

    def _local_source(self, src: str) -> str | None:
        return self.extension.local_source(src)

    def _relative_source(self, source: str) -> str:
        return posixpath.relpath(source, posixpath.dirname(self.extension.page_source) or ".")

    def _lighten_images(self, root: etree.Element) -> None:
        order = {element: position for position, element in enumerate(root.iter())}
        first_topic = min((order[heading] for heading in root.iter("h2")), default=len(order))
        first_image = min((order[image] for image in root.iter("img")), default=None)
        for parent, index, image in _images(root):
            src = image.get("src", "")
            # Only a first image above the first topic may be in view when the page opens.
            if not (order[image] == first_image and order[image] < first_topic):
                image.set("loading", "lazy")
            image.set("decoding", "async")
            if urlsplit(src).scheme in ("http", "https"):
                if not image.get("alt"):
                    image.set("alt", _alt_from(src))
                continue
            responsive = self.extension.images.get(self._local_source(src) or "")
            if responsive is None or parent.tag == "a":
                continue
            picture = etree.Element("picture")
            webp = responsive.sources.get("image/webp", [])
            if responsive.fallback_mime != "image/webp" and webp:
                etree.SubElement(
                    picture, "source", {"type": "image/webp", "srcset": self._srcset(webp), "sizes": IMAGE_SIZES}
                )
            fallback = responsive.sources[responsive.fallback_mime]
            image.set("src", self._relative_source(fallback[-1][0]))
            image.set("srcset", self._srcset(fallback))
            image.set("sizes", IMAGE_SIZES)
            image.set("width", str(responsive.width))
            image.set("height", str(responsive.height))
            image.set("class", (image.get("class", "") + " off-glb").strip())  # our link opens the lightbox
            if not image.get("alt"):
                image.set("alt", _alt_from(src))
            _wrap(parent, index, picture)
            _wrap(
                parent,
                index,
                etree.Element(
                    "a",
                    {
                        "class": "glightbox",
                        "href": src,
                        "data-type": "image",
                        "data-width": "auto",
                        "data-height": "auto",
                    },
                ),
            )

    def _show_rendered_diagrams(self, root: etree.Element) -> None:
        for parent, _, image in _images(root):
            src = image.get("src", "")
            diagram = self.extension.diagrams.get(self._local_source(src) or "")
            if diagram is None:
                continue
            image.set("src", self._relative_source(diagram.source))
            image.set("width", str(diagram.width))
            image.set("height", str(diagram.height))
            image.set("class", (image.get("class", "") + " off-glb").strip())  # our link opens the lightbox
            shown = [image]
            index = list(parent).index(image)  # a twin put in before may have moved it
            if diagram.dark is not None:
                # Both variants in the page, the one of the reader's scheme shown by the style
                # sheet (Material's data-md-color-scheme, set before the page is drawn): no flash.
                twin = etree.Element("img", dict(image.attrib))
                twin.set("src", self._relative_source(diagram.dark))
                image.set("class", image.get("class", "") + " wrapup-diagram-light")
                twin.set("class", twin.get("class", "") + " wrapup-diagram-dark")
                twin.tail, image.tail = image.tail, None
                parent.insert(index + 1, twin)
                shown.append(twin)
            if parent.tag == "a":  # the author's link stays the link
                continue
            # A click opens the drawing large; the SVG itself is never published. The lightbox
            # reads the link's address: wrapup.js points it at the variant in view.
            link = etree.Element(
                "a",
                {
                    "href": image.get("src", ""),
                    "class": "wrapup-diagram glightbox",
                    "data-type": "image",
                    "data-width": "auto",
                    "data-height": "auto",
                    "title": "Open the diagram large",
                },
            )
            link.tail, shown[-1].tail = shown[-1].tail, None
            for element in shown:
                parent.remove(element)
                link.append(element)
            parent.insert(index, link)

    def _anchor_headings(self, root: etree.Element, used: set[str]) -> dict[str, str]:
        by_key: dict[str, str] = {}
        for heading in root.iter("h2"):
            # Raw HTML in a heading (our emoji span) is still a stash placeholder here: render
            # it the way 'toc' does to get the text a reader (and GitHub) sees.
            text = _visible_text(render_inner_html(heading, self.md))
            anchor = heading.get("id") or unique_anchor(topic_anchor(text) or "topic", used)
            heading.set("id", anchor)
            used.add(anchor)
            by_key.setdefault(loose_key(text), anchor)
            alias = github_anchor(text)
            if alias and alias not in used:
                marker = etree.Element("span", {"id": alias, "class": "wrapup-anchor-alias"})
                marker.tail, heading.text = heading.text, None
                heading.insert(0, marker)
                used.add(alias)
        return by_key

    def _site_link(self, resolved: Resolved) -> str:
        base = posixpath.dirname(self.extension.page_source) or "."
        relative = posixpath.relpath(resolved.source, base)
        return f"{relative}#{resolved.anchor}" if resolved.anchor else relative


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _visible_text(fragment: str) -> str:
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    return "".join(collector.parts)


def _make_chip(link: etree.Element) -> None:
    href = link.get("href") or ""
    if not href.startswith(("http://", "https://")) or len(link) > 0:
        return
    code_link = classify(href)
    text = (link.text or "").strip()
    # The chip text replaces the text only where the text says nothing more than the URL.
    shown = code_link.chip if text in (href, code_link.chip, "") or _URL.fullmatch(text) else text
    link.set("class", f"wrapup-chip wrapup-chip--{code_link.kind}")
    link.set("title", f"{code_link.kind_name}: {href}")
    badge = etree.SubElement(link, "span", {"class": "wrapup-chip__kind"})
    badge.text = KIND_BADGES[code_link.kind]
    badge.tail = shown
    link.text = None


def _images(root: etree.Element) -> list[tuple[etree.Element, int, etree.Element]]:
    """(parent, position, image) for every <img>, listed before any is moved."""
    return [
        (parent, index, child) for parent in root.iter() for index, child in enumerate(parent) if child.tag == "img"
    ]


def _wrap(parent: etree.Element, index: int, wrapper: etree.Element) -> None:
    """Put the child at ``parent[index]`` inside ``wrapper``, which takes its place (and its tail)."""
    child = parent[index]
    wrapper.tail, child.tail = child.tail, None
    parent.remove(child)
    wrapper.append(child)
    parent.insert(index, wrapper)


def _alt_from(src: str) -> str:
    """A readable alt text from a file name: 'prometheus-traffic-chart.png' -> 'prometheus traffic chart'."""
    name = posixpath.basename(urlsplit(src).path).rsplit(".", 1)[0]
    return re.sub(r"[-_.]+", " ", unquote(name)).strip() or "image"


def _unreverse(link: etree.Element) -> None:
    """``[https://…](words)``, written the wrong way round, becomes a link to the URL with the
    words as its text (GitHub shows the URL as a link there too; the words must not be lost)."""
    text = "".join(link.itertext()).strip()
    href = link.get("href") or ""
    if len(link) == 0 and _URL.fullmatch(text) and not _URL.match(href) and (" " in href or not href.strip()):
        link.set("href", text)
        link.text = unquote(href)


class WrapupExtension(Extension):
    def __init__(self, targets: dict[str, Resolved] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.targets: dict[str, Resolved] = targets or {}
        self.diagrams: dict[str, DiagramImage] = {}  # content path of a .drawio.svg -> its PNG
        self.images: dict[str, ResponsiveImage] = {}  # content path of a raster image -> derivatives
        self.unpublished: set[str] = set()  # content paths of images and drawings the build could not publish
        self.originals: dict[str, str] = {}  # content path of a diagram not drawn -> its inert copy
        self.layout: Layout | None = None  # the event page's frame, when the page is one
        self.page_source = ""
        # False for a page the site generates from escaped text: its raw HTML is the site's own.
        self.author_html = True
        self.gfm: GfmExtension | None = None  # the page's GFM extension, once its Markdown is made
        self.page_url = ""  # content path of the page being rendered ('2023-11_Schelklingen/README.md')
        self.tokenise: Tokenise | None = None  # the build's token store, handed to the GFM extension

    def extendMarkdown(self, md: Markdown) -> None:
        # After inline processing (20), so headings hold their final text and links exist (an
        # event page's layout has set its topic headings' ids); before 'toc' (5), which keeps
        # ids already set, and before MkDocs' link resolution (0), which turns the relative links
        # we write into page URLs and checks their anchors.
        md.treeprocessors.register(WrapupTreeprocessor(md, self), "wrapup", 6)
        md.postprocessors.register(RawImageSources(md, self), "wrapup_raw_images", 35)  # before raw HTML is back (30)
        # The GitHub-flavoured parser (wrapup.pages.gfm) builds the page's tree: from the build's
        # token store, and around an event page's frame (wrapup.pages.layout).
        self.gfm = None
        for extension in md.registeredExtensions:
            if isinstance(extension, GfmExtension):
                extension.author_html = self.author_html
                extension.tokenise = self.tokenise
                extension.layout = self.layout
                self.gfm = extension

    @property
    def author_removed(self) -> list[Removal]:
        """What the GFM extension's author pass removed from the page just converted."""
        return list(self.gfm.removed) if self.gfm is not None else []

    def site_state(self) -> tuple[object, ...]:
        """What the extension was given for the whole site, in a form whose ``repr`` is stable:
        part of the key of every converted page (``wrapup.output.page_cache``)."""
        return (
            sorted(self.targets.items()),
            sorted(self.diagrams.items()),
            sorted(self.images.items()),
            sorted(self.unpublished),
            sorted(self.originals.items()),
        )

    def page_state(self) -> str:
        """What the extension was given for the page about to convert (its frame, its place)."""
        layout = self.layout.fingerprint() if self.layout is not None else ""
        return f"{self.page_source}\0{self.page_url}\0{self.author_html}\0{layout}"

    def local_source(self, src: str) -> str | None:
        """The content path a page-relative ``src`` points at, or None for URLs and absolute paths."""
        if not src or urlsplit(src).scheme or src.startswith("/"):
            return None
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.page_source), unquote(src)))

    def srcset(self, candidates: list[tuple[str, str, int]]) -> str:
        """URLs relative to the page's own address (MkDocs rewrites src, not srcset)."""
        page_dir = self.page_url if self.page_url.endswith("/") else posixpath.dirname(self.page_url)
        return ", ".join(f"{posixpath.relpath(url, page_dir or '.')} {width}w" for _, url, width in candidates)
