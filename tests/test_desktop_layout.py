"""Readers on a desktop (1440 px): tables as wide as the content column with no word split
inside a cell, on every page of the seed site; the facts, the title's permalink and the
repositories column laid out on purpose. The phone layout is tests/test_browser.py's."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import build_content, event_readme
from test_accessibility import pages_of
from test_browser import serving

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1440, "height": 900}

# Every run of letters a line may not break inside: words, cut after a hyphen, dash or slash
# (where a browser may break a line, as "gardener-" / "operator" and "gardener/" / "gardener").
# A piece whose text lies on two lines was split mid-word ("Schelkli|ngen").
SPLIT_WORDS = """() => {
  const pieces = /[^\\s\\-\\/\\u2013\\u2014]+[\\-\\/\\u2013\\u2014]*/g;
  const split = [];
  for (const cell of document.querySelectorAll('article td, article th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(pieces)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""

# Each table's width and the width it has to fill: the content box of the block that holds it
# (the article's column; a chart's data inside its <details>), past Material's table wrappers.
TABLE_WIDTHS = """() => [...document.querySelectorAll('article table')].map(table => {
  const holder = (table.closest('.md-typeset__scrollwrap') || table).parentElement;
  const style = getComputedStyle(holder);
  const column = holder.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [Math.round(table.getBoundingClientRect().width), Math.round(column)];
})"""


@pytest.fixture(scope="module")
def desktop(browser, site_url):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(site_url) else route.fulfill(status=204, body="")
        ),
    )
    yield page
    context.close()


def test_no_table_cell_splits_a_word_at_1440_px_on_any_page(desktop, site_url, built_site):
    split = {}
    for address in pages_of(built_site):
        desktop.goto(site_url + address)
        if words := desktop.evaluate(SPLIT_WORDS):
            split[address] = words
    assert split == {}


def test_every_table_is_as_wide_as_its_content_column_at_1440_px(desktop, site_url, built_site):
    narrow = {}
    for address in pages_of(built_site):
        desktop.goto(site_url + address)
        widths = desktop.evaluate(TABLE_WIDTHS)
        if any(table < column - 2 for table, column in widths):
            narrow[address] = widths
    assert narrow == {}
    desktop.goto(site_url + "topics/")
    assert desktop.evaluate(TABLE_WIDTHS)  # the sweep met the wide tables


def test_a_repository_page_gives_its_table_the_width_of_all_topics(desktop, site_url):
    # A repository page has no headings: an empty table of contents would take a third of the screen.
    desktop.goto(site_url + "topics/")
    all_topics = desktop.evaluate(TABLE_WIDTHS)
    desktop.goto(site_url + "repositories/gardener/gardener/")
    assert desktop.evaluate(TABLE_WIDTHS) == all_topics


def test_a_repository_without_a_page_is_text_that_says_why(built_site):
    page = BeautifulSoup((built_site / "topics" / "index.html").read_text(encoding="utf-8"), "html.parser")
    cells = [row.find_all("td")[3] for row in page.select("table.wrapup-all-topics tbody tr")]
    linked = [a.get_text() for cell in cells for a in cell.find_all("a")]
    unlinked = [span for cell in cells for span in cell.select("span.wrapup-repository--unlinked")]
    assert "gardener/gardener" in linked and unlinked
    assert {span["title"] for span in unlinked} == {"No page of its own: fewer than 2 topics link to it"}
    assert "the others have no page and are plain text" in page.select_one("article").get_text(" ")
    own = BeautifulSoup(
        (built_site / "repositories/gardener/gardener/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    titles = {span.get_text(): span["title"] for span in own.select("span.wrapup-repository--unlinked")}
    assert titles["gardener/gardener"] == "This page's repository"


LINKS = (
    "links:\n  - kind: planning\n    url: https://hackmd.io/plan\n"
    "  - kind: review\n    url: https://gardener.cloud/review\n  - kind: recording\n    url: https://example.org/video\n"
)
LONG_TITLE = "Hack The Garden 05/2026 Wrap Up at the Schlosshof Freizeitheim in Schelklingen on the Swabian Alb"


@pytest.fixture(scope="module")
def facts_page(browser, chromium_path, tmp_path_factory):
    """An event with a long title and three links, at 1440 px."""
    root = tmp_path_factory.mktemp("facts")
    readme = event_readme(title=LONG_TITLE, start="2026-05-11", end="2026-05-15").replace(
        "---\n\n", LINKS + "---\n\n", 1
    )
    (root / "content" / "2026-05_Schelklingen").mkdir(parents=True)
    (root / "content" / "2026-05_Schelklingen" / "README.md").write_text(readme, encoding="utf-8")
    with serving(build_content(root, root / "content")) as url:
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(url) else route.fulfill(status=204, body="")
            ),
        )
        page.goto(url + "2026-05-schelklingen/")
        yield page
        context.close()


def test_the_facts_links_are_one_row_aligned_with_the_other_facts(facts_page):
    lefts = facts_page.evaluate("""() => ({
      value: document.querySelector('.wrapup-facts dd').getBoundingClientRect().left,
      links: [...document.querySelectorAll('.wrapup-facts__links li')].map(li => {
        const box = li.getBoundingClientRect(); return [box.left, box.top]; }),
    })""")
    links = lefts["links"]
    assert len(links) == 3
    assert links[0][0] == lefts["value"]  # where Dates, Place and Organiser start: no indentation
    assert len({top for _, top in links}) == 1  # one row


def test_a_wrapped_title_keeps_its_permalink_on_the_line_of_its_last_word(facts_page):
    # The title is narrowed to its own text's width, so that the permalink cannot fit after the
    # last word: the word must move to the next line with it, never the permalink alone.
    lines = facts_page.evaluate("""() => {
      const title = document.querySelector('article h1');
      const text = document.createRange();
      text.selectNodeContents(title.firstChild);
      title.style.width = `${Math.ceil(text.getBoundingClientRect().width)}px`;
      const words = [...text.getClientRects()].map(r => Math.round(r.top));
      const permalink = title.querySelector('.headerlink').getBoundingClientRect();
      return {lastWord: Math.max(...words), permalink: Math.round(permalink.top), lines: new Set(words).size};
    }""")
    assert lines["lines"] > 1
    assert lines["permalink"] == lines["lastWord"]
