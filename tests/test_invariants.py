"""What holds for any valid content: the live hackathons/ folder, and the same folder with five
new events of other styles added (``tests/newcomers.py``). No figure of the seed is pinned
here (those are checked on ``tests/fixtures/seed``): a pull request that adds a valid event
keeps every test green.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from conftest import PROJECT, SEED_SETTINGS, build_content
from gfm_structure import differences, github_html, site_content, structure
from inventory import take_inventory
from newcomers import add_newcomers
from wrapup.model.addresses import destination, url_for
from wrapup.model.events import README, load_catalogue
from wrapup.model.frontmatter import FrontMatterError, split_front_matter

pytestmark = pytest.mark.e2e

LIVE = PROJECT / "hackathons"


@pytest.fixture(scope="module", params=["live", "live-and-five-new-events"])
def content_site(request, tmp_path_factory) -> tuple[Path, Path]:
    """(content folder, built site) of the live content, and of a copy with five new events."""
    root = tmp_path_factory.mktemp(request.param)
    content = LIVE
    if request.param != "live":
        content = root / "hackathons"
        shutil.copytree(LIVE, content)
        add_newcomers(content)
    return content, build_content(root, content)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_check_passes_strict(content_site):
    content, _ = content_site
    result = subprocess.run(
        [sys.executable, "-m", "wrapup.cli", "check", "--strict", "--root", str(content)],
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_home_table_lists_every_event_newest_first_with_its_topic_count(content_site):
    content, site = content_site
    events = load_catalogue(content, settings=SEED_SETTINGS).events
    rows = soup(site / "index.html").select("article table tbody tr")
    assert [row.select("td")[-1].a["href"] for row in rows] == [url_for(destination(e.folder, README)) for e in events]
    today = dt.date.today()
    assert [row.select("td")[3].get_text() for row in rows] == [
        "upcoming" if e.is_upcoming(today) else str(len(e.topics)) for e in events
    ]
    starts = [e.meta.start for e in events]
    assert starts == sorted(starts, reverse=True)


def test_every_topic_has_its_anchor_on_its_event_page(content_site):
    content, site = content_site
    for event in load_catalogue(content, settings=SEED_SETTINGS).events:
        ids = {element["id"] for element in soup(site / destination(event.folder, README)).select("[id]")}
        missing = [topic.anchor for topic in event.topics if topic.anchor not in ids]
        assert missing == [], event.folder


def test_nothing_of_the_content_is_lost(content_site):
    content, site = content_site
    inventory = take_inventory(content, site)
    assert inventory.missing == []


def test_every_page_has_its_title_in_the_head_the_nav_and_the_footer(content_site):
    _, site = content_site
    for path in site.rglob("index.html"):
        page = soup(path)
        if page.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect page
        assert page.title.get_text().strip() not in ("", "None - Gardener Hackathons"), path
        labels = [
            label.get_text().strip()
            for label in page.select(".md-nav__link .md-ellipsis, .md-footer__title .md-ellipsis")
        ]
        assert labels and all(labels) and "None" not in labels, (path, labels)


def test_the_navigation_of_an_event_page_grows_with_the_years_not_the_events(content_site):
    content, site = content_site
    events = load_catalogue(content, settings=SEED_SETTINGS).events
    years = {event.year for event in events}
    for event in events:
        page = soup(site / destination(event.folder, README))
        nav_links = [
            link
            for link in page.select("nav.md-nav--primary li.md-nav__item a[href]")
            if not link.find_parent("nav", class_="md-nav--secondary")
        ]  # the page's own contents
        same_year = sum(other.year == event.year for other in events)
        documents = len(event.documents)
        # home, the Explore section, one link per other year, this year's events and their documents
        assert len(nav_links) <= 1 + 3 + len(years) + same_year + documents, event.folder


def test_topics_json_follows_its_schema_and_lists_every_topic(content_site):
    content, site = content_site
    data = json.loads((site / "topics.json").read_text(encoding="utf-8"))
    schema = json.loads((PROJECT / "hooks/wrapup/model/schema/topics.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    events = load_catalogue(content, settings=SEED_SETTINGS).events
    assert [(e["folder"], [t["anchor"] for t in e["topics"]]) for e in data["events"]] == [
        (e.folder, [t.anchor for t in e.topics]) for e in events
    ]


def test_feed_lists_every_event_newest_first(content_site):
    import xml.etree.ElementTree as etree

    content, site = content_site
    atom = "{http://www.w3.org/2005/Atom}"
    entries = etree.fromstring((site / "feed.xml").read_bytes()).findall(f"{atom}entry")
    assert [entry.findtext(f"{atom}title") for entry in entries] == [
        e.meta.title for e in load_catalogue(content, settings=SEED_SETTINGS).events
    ]


def test_every_drawing_is_published_as_png_and_never_as_svg(content_site):
    content, site = content_site
    for drawing in content.rglob("*.svg"):
        folder, _, source = drawing.relative_to(content).as_posix().partition("/")
        assert (site / destination(folder, source[: -len(".svg")] + ".png")).is_file(), drawing
    assert [p for p in site.rglob("*.svg") if "assets" not in p.relative_to(site).parts] == []


def test_every_page_has_the_structure_github_gives_its_markdown(content_site):
    """Lists and their depth, paragraphs, quotes, alerts, tables, code, images, links, emphasis,
    task items, footnotes, kept raw HTML and emoji of every published Markdown file equal what
    cmark-gfm (GitHub) makes of it; the site's cards, labels and chips are additions."""
    content, site = content_site
    differing = {}
    documents = 0
    for event in load_catalogue(content, settings=SEED_SETTINGS).events:
        for relative in [README, *(document.source for document in event.documents)]:
            text = (event.path / relative).read_text(encoding="utf-8")
            try:
                body = split_front_matter(text).body
            except FrontMatterError:
                body = text
            github = structure(github_html(body, topic_labels=relative == README))
            built = structure(site_content((site / destination(event.folder, relative)).read_text(encoding="utf-8")))
            documents += 1
            if found := differences(github, built):
                differing[f"{event.folder}/{relative}"] = found
    assert documents > 0
    assert not differing, "differ from GitHub ({construct: (GitHub, site)}):\n" + "\n".join(
        f"  {name}: {found}" for name, found in differing.items()
    )
