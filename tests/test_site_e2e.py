"""End to end: the real site, built with --strict, holds every event and loses nothing of the seed."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import SEED_CONTENT, SEED_SETTINGS
from wrapup.model import parser
from wrapup.model.addresses import destination
from wrapup.model.events import load_catalogue
from wrapup.pages.site_map import redirects

pytestmark = pytest.mark.e2e

RAW_PREFIX = "https://raw.githubusercontent.com/gardener-community/hackathon/385653c42ca25a25256678418cda2b66f10561be/"
EVENT_FOLDERS = [
    "2025-06_Schelklingen",
    "2024-12_Schelklingen",
    "2024-05_Schelklingen",
    "2023-11_Schelklingen",
    "2023-05_Leverkusen",
    "2022-09_Hirschegg",
    "2021-11_Steinberg",
]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_for(site: Path, seed_file: str) -> Path:
    folder, _, source = seed_file.partition("/")
    return site / destination(folder, source)


def seed_markdown_files(seed_root: Path) -> list[str]:
    return sorted(p.relative_to(seed_root).as_posix() for p in seed_root.rglob("*.md") if p.parent != seed_root)


def test_index_table_lists_the_seven_events_newest_first(built_site):
    rows = soup(built_site / "index.html").select("table tbody tr")
    assert len(rows) == 7
    links = [row.select("td")[-1].a["href"] for row in rows]
    assert links == [f"{folder.lower().replace('_', '-')}/" for folder in EVENT_FOLDERS]
    assert [row.select("td")[3].get_text() for row in rows] == ["15", "23", "15", "10", "10", "8", "3"]
    assert [row.select("td")[0].get_text() for row in rows][-1] == "2–5 Nov 2021"


def test_every_event_and_document_has_its_page(built_site, seed_root):
    for seed_file in seed_markdown_files(seed_root):
        assert page_for(built_site, seed_file).is_file(), seed_file


def test_every_redirect_from_an_old_path_lands_on_an_existing_page(built_site):
    mapping = redirects(load_catalogue(SEED_CONTENT, settings=SEED_SETTINGS))
    assert "2023-05_Leverkusen/README.md/index.html" in mapping
    assert "2023-05_Leverkusen/gardener-node-agent/readme.md/index.html" in mapping
    for old, target in mapping.items():
        assert (built_site / old).is_file(), old
        assert (built_site / target).is_file(), target
        refresh = soup(built_site / old).find("meta", attrs={"http-equiv": "refresh"})["content"]
        relative = refresh.split("url=", 1)[1]
        landed = posixpath.normpath(posixpath.join(posixpath.dirname(old), relative))
        assert (built_site / landed / "index.html").is_file(), (old, relative)


def heading_texts(page: BeautifulSoup) -> list[str]:
    texts = []
    for heading in page.select("article h1, article h2, article h3, article h4, article h5, article h6"):
        for permalink in heading.select("a.headerlink"):
            permalink.decompose()
        texts.append(" ".join(heading.get_text().split()))
    return texts


def test_every_heading_of_the_seed_is_on_its_page(built_site, seed_root):
    checked = 0
    for seed_file in seed_markdown_files(seed_root):
        tokens = parser.parse((seed_root / seed_file).read_text(encoding="utf-8"))
        built = heading_texts(soup(page_for(built_site, seed_file)))
        for index, token in enumerate(tokens):
            if token.type == "heading_open":
                # Compared without spaces: the card puts a space between a topic's emoji and title.
                text = "".join(parser.inline_text(tokens[index + 1]).split())
                assert any(text in "".join(heading.split()) for heading in built), (
                    f"{seed_file}: heading {text!r} missing"
                )
                checked += 1
    assert checked > 100


def built_links(page: BeautifulSoup) -> list[tuple[str, str]]:
    """(target, text) of every link and image in the page's article."""
    article = page.select_one("article")
    links = [(a["href"], " ".join(a.get_text().split())) for a in article.select("a[href]")]
    return links + [(img["src"], img.get("alt", "")) for img in article.select("img[src]")]


def test_every_link_and_image_of_the_seed_is_on_its_page(built_site, seed_root):
    crosslinks = load_catalogue(SEED_CONTENT, settings=SEED_SETTINGS).crosslinks
    checked = 0
    for seed_file in seed_markdown_files(seed_root):
        folder, _, source = seed_file.partition("/")
        page_path = page_for(built_site, seed_file)
        page = soup(page_path)
        links = built_links(page)
        targets = {target for target, _ in links}
        ids = {element["id"] for element in page.select("[id]")}
        page_dir = posixpath.dirname(page_path.relative_to(built_site).as_posix())
        tokens = parser.parse((seed_root / seed_file).read_text(encoding="utf-8"))
        for link in parser.iter_links(tokens):
            where = f"{seed_file}:{link.line + 1}: {link.url}"
            if link.url in crosslinks.targets:
                # A link into the original repository now lands on the same topic of this site.
                resolved = crosslinks.targets[link.url]
                expected = destination(*resolved.source.split("/", 1))
                landed = [
                    (posixpath.normpath(posixpath.join(page_dir, target.split("#")[0])), target.partition("#")[2])
                    for target, shown in links
                    if shown == " ".join(link.text.split())
                ]
                assert (site_url(expected), resolved.anchor) in landed, (
                    f"{where}: not pointed at {expected}#{resolved.anchor}"
                )
                target_ids = {element["id"] for element in soup(built_site / expected).select("[id]")}
                assert resolved.anchor in target_ids, where
            elif urlsplit(link.url).scheme in ("http", "https"):
                # A bare URL GitHub leaves as text (in a reversed [https://…](words)) is text here too.
                shown_as_text = link.text == link.url and link.url in page.get_text()
                assert link.url in targets or shown_as_text, f"{where} is not on the page"
            elif link.url.startswith("#"):
                text = " ".join(link.text.split())
                assert any(target.startswith("#") and target[1:] in ids and shown == text for target, shown in links), (
                    f"{where}: no in-page link with text {text!r} lands on an anchor of the page"
                )
            else:
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(link.url)))
                if link.url.endswith(".png"):
                    # Figures are served from their published address, never copied.
                    assert RAW_PREFIX + f"{folder}/{resolved}" in targets, f"{where}: published address missing"
                else:
                    if resolved.lower().endswith(".svg"):
                        # A drawing is published as its PNG (wrapup.model.publish): the link lands there.
                        resolved = resolved[: -len(".svg")] + ".png"
                    expected = destination(folder, resolved)
                    landed = {
                        posixpath.normpath(posixpath.join(page_dir, target))
                        for target in targets
                        if not urlsplit(target).scheme and not target.startswith("#")
                    }
                    assert expected in landed or site_url(expected) in landed, f"{where}: no link to {expected}"
                    assert (built_site / expected).is_file(), where
            checked += 1
    assert checked > 150


def site_url(dest: str) -> str:
    return posixpath.normpath(dest[: -len("index.html")]) if dest.endswith("index.html") else dest


def test_documents_no_readme_links_to_are_listed_on_their_event_page(built_site):
    page = soup(built_site / "2023-05-leverkusen" / "index.html")
    box = page.select_one(".admonition.abstract")
    assert box is not None and "Also from this event" in box.get_text()
    assert {a["href"] for a in box.select("a")} == {"gardener-node-agent/", "masterful-shoot/summary/"}


def test_diagrams_are_in_the_site_as_png_and_never_as_svg(built_site):
    drawings = sorted(SEED_CONTENT.rglob("*.svg"))
    assert drawings
    for drawing in drawings:
        folder, _, source = drawing.relative_to(SEED_CONTENT).as_posix().partition("/")
        assert (built_site / destination(folder, source[: -len(".svg")] + ".png")).is_file(), drawing
    assert not list(built_site.rglob("*.svg")) or all("assets" in p.parts for p in built_site.rglob("*.svg"))


def test_search_index_holds_the_topic_titles(built_site):
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Introduction Of" in index and "gardener-node-agent" in index


def test_search_results_start_with_the_topics_own_text_not_its_buttons(built_site):
    # Status, permalink, thread and "continued in" only point elsewhere: like Material's own
    # navigation they stay out of the index, and a result's preview starts with the topic.
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    topic = next(doc for doc in docs if doc["location"] == "2023-11-schelklingen/#continuation-of-gardener-node-agent")
    assert topic["text"].startswith("<p>Problem Statement</p>")
    assert not any("Copy link" in doc["text"] or "Thread" in doc["text"].split("</p>")[0] for doc in docs)
    page = (built_site / "2023-11-schelklingen" / "index.html").read_text(encoding="utf-8")
    assert "data-search-exclude" not in page  # the search plugin removes its marks once it has read them
    assert 'class="wrapup-thread"' in page and "Copy link" in page  # the page still shows them


def test_nav_is_pruned_so_pages_stay_small(built_site):
    # Material renders the nav into every page; with navigation.prune a page holds its own
    # year's events and one link per other year, so pages do not grow with the event count.
    page = soup(built_site / "2021-11-steinberg" / "index.html")
    nav_links = [a["href"] for a in page.select("nav.md-nav--primary li.md-nav__item a[href]")]
    assert not any("2024-05-schelklingen" in href for href in nav_links)  # not its year's first event
    assert len(nav_links) <= 1 + 5 + 1  # home, one per other year, this event


def test_every_page_has_its_title_in_the_head_the_nav_and_the_footer(built_site):
    checked = 0
    for path in built_site.rglob("index.html"):
        page = soup(path)
        if page.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect page
        assert page.title.get_text().strip() not in ("", "None - Gardener Hackathons"), path
        labels = [
            label.get_text().strip()
            for label in page.select(".md-nav__link .md-ellipsis, .md-footer__title .md-ellipsis")
        ]
        assert labels and all(labels) and "None" not in labels, (path, labels)
        checked += 1
    # 11 event, document and home pages; All topics, By the numbers, Repositories and its 12 pages
    assert checked == 11 + 3 + 12
