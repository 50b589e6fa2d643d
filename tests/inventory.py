"""Nothing lost, counted: every event, topic, heading, link and image of the source, looked
up in the built site.

The source is read with the project's Markdown parser (markdown-it tokens); the site with
BeautifulSoup. An item counts as found when the page made from its file shows it:

- event: the event's page exists;
- topic / heading: its text (without a leading emoji) is inside a heading of the page (a
  section label written as a heading: inside the card's label for that section);
- link: a web address is an ``href`` of the page (a link into the original repository may
  instead point at this site's page for it; a URL in a reversed ``[https://…](words)`` is its
  text, as GitHub shows it); a relative or in-page link is an ``<a>``
  with the same text whose target exists;
- image: a remote image is an ``<img src>`` of the page; a local one is an ``<img>`` whose
  file (the image, a derivative of it, or a diagram's rendering) exists in the site.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from conftest import SEED_SETTINGS
from wrapup.model import parser
from wrapup.model.addresses import destination
from wrapup.model.events import README, load_catalogue
from wrapup.model.frontmatter import split_front_matter
from wrapup.model.topics import split_emoji

KINDS = ("events", "topics", "headings", "links", "images")
_URL = re.compile(r"https?://\S+")


@dataclass
class Inventory:
    total: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    missing: list[str] = field(default_factory=list)

    def count(self, kind: str, ok: bool, what: str) -> None:
        self.total[kind] += 1
        if ok:
            self.found[kind] += 1
        else:
            self.missing.append(f"{kind}: {what}")

    def summary(self, name: str) -> str:
        return f"{name}: " + ", ".join(f"{self.found[kind]}/{self.total[kind]} {kind}" for kind in KINDS)


def _normal(text: str) -> str:
    """Text without its whitespace: markup around code spans and emoji changes only spacing."""
    return "".join(text.split())


class _Page:
    def __init__(self, path: Path, site_dir: Path):
        self.path = path
        self.site_dir = site_dir
        self.url = "/" + path.relative_to(site_dir).as_posix()
        self.soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        article = self.soup.find("article") or self.soup
        # A section label written as a heading (### Next Steps) is shown as the card's label,
        # an element with the heading role.
        self.headings = [_normal(h.get_text()) for h in article.find_all(re.compile("^h[1-6]$"))] + [
            _normal(label.get_text()) for label in article.select('[role="heading"], .wrapup-links__label')
        ]
        self.links = article.find_all("a", href=True)
        self.hrefs = {a["href"] for a in self.links}
        self.ids = {element["id"] for element in self.soup.find_all(id=True)}
        self.images = [img["src"] for img in article.find_all("img", src=True)]
        self.text = article.get_text()

    def exists(self, href: str) -> bool:
        """Whether a page-relative address names a file of the site (or an anchor of this page)."""
        parts = urlsplit(href)
        if not parts.path:
            return parts.fragment in self.ids
        target = self.site_dir / unquote(urljoin(self.url, parts.path)).lstrip("/")
        return target.is_file() or (target / "index.html").is_file()

    def has_heading(self, text: str) -> bool:
        return any(text in heading for heading in self.headings)


def _items(tokens) -> tuple[list[str], list[tuple[int, str]], list[parser.Link]]:
    headings, levels = [], []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            text = _normal(split_emoji(parser.inline_text(tokens[index + 1]))[1])
            if text:
                headings.append(text)
                levels.append((int(token.tag[1]), text))
    return headings, levels, list(parser.iter_links(tokens))


def take_inventory(content: Path, site_dir: Path) -> Inventory:
    inventory = Inventory()
    catalogue = load_catalogue(content, settings=SEED_SETTINGS)
    targets = catalogue.crosslinks.targets
    for event in catalogue.events:
        page_path = site_dir / destination(event.folder, README)
        inventory.count("events", page_path.is_file(), event.folder)
        sources = [(event.readme, README)] + [(event.path / d.source, d.source) for d in event.documents]
        for source, relative in sources:
            text = source.read_text(encoding="utf-8")
            body = split_front_matter(text).body if relative == README else text
            headings, levels, links = _items(parser.parse(body))
            page_file = site_dir / destination(event.folder, relative)
            page = _Page(page_file, site_dir) if page_file.is_file() else None
            where = f"{event.folder}/{relative}"
            if relative == README:
                for level, title in levels:
                    if level == 2:
                        inventory.count("topics", page is not None and page.has_heading(title), f"{where}: {title}")
            for heading in headings:
                inventory.count("headings", page is not None and page.has_heading(heading), f"{where}: {heading}")
            for link in links:
                kind = "images" if link.is_image else "links"
                ok = page is not None and _link_shown(page, link, targets, event.folder, relative)
                inventory.count(kind, ok, f"{where}:{link.line + 1}: {link.url}")
    return inventory


def _link_shown(page: _Page, link: parser.Link, targets: dict, folder: str, relative: str) -> bool:
    url = link.url
    parts = urlsplit(url)
    if link.is_image:
        if parts.scheme or parts.netloc:
            return url in page.images
        stem = posixpath.basename(unquote(parts.path)).rsplit(".", 1)[0]
        return any(
            page.exists(src) and posixpath.basename(urlsplit(src).path).startswith(stem + ".") for src in page.images
        )
    if parts.scheme or parts.netloc:
        if url in page.hrefs:
            return True
        if url in targets:  # a link into the original repository, now to this site's topic
            anchor = targets[url].anchor
            if any(page.exists(href) and (not anchor or href.endswith("#" + anchor)) for href in page.hrefs):
                return True
        # A URL GitHub leaves unlinked (in a reversed [https://…](words)): shown as text, as there.
        return link.text == url and url in page.text
    if _URL.fullmatch(link.text.strip()):  # [https://…](words), shown linking the URL
        return link.text.strip() in page.hrefs
    text = _normal(link.text)
    return any(_normal(a.get_text()).endswith(text) and page.exists(a["href"]) for a in page.links)
