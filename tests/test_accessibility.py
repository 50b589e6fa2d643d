"""Readers: axe-core (WCAG 2.0/2.1 A and AA) finds nothing on any page, at a phone's and a
desktop's width, in the light and the dark scheme.

axe-core's ``axe.min.js`` comes with the ``axe-playwright-python`` package (test extras; MPL-2.0,
its licence ships with it): installed by the test set-up, never downloaded while testing.
The whole sweep (every page, 4 ways), the desktop sample and the layout-shift measurement run
in the slow tier; the default tier audits the home and an event page on a phone in the dark.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_browser import (
    serving,  # the browser, its Chromium and the served seed site: conftest's fixtures
)

pytestmark = pytest.mark.browser

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WAYS = [(390, "light"), (390, "dark"), (1440, "light"), (1440, "dark")]


def axe_script() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def pages_of(site: Path) -> list[str]:
    """Every page of the site (its address below the root), redirect stubs left out."""
    found = []
    for path in sorted(site.rglob("index.html")):
        if "<title>Redirecting" in path.read_text(encoding="utf-8")[:500]:
            continue
        relative = path.parent.relative_to(site).as_posix()
        found.append("" if relative == "." else relative + "/")
    return found


def violations(browser, url: str, pages: list[str], width: int, scheme: str) -> list[str]:
    script = axe_script()
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    found = []
    try:
        for address in pages:
            page.goto(url + address)
            page.evaluate(script)
            result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
            for violation in result["violations"]:
                node = violation["nodes"][0]
                found.append(
                    f"/{address} at {width}px, {scheme}: {violation['id']} ({len(violation['nodes'])} "
                    f"elements, first {node['target']}): {node.get('failureSummary', '')[:200]}"
                )
    finally:
        context.close()
    return found


# The default tier's share: the home page and an event page (cards, chips, task list, diagram),
# on a phone in the dark and on a desktop in the light.
QUICK = ["", "2023-05-leverkusen/", "2023-05-leverkusen/gardener-node-agent/"]


@pytest.mark.parametrize(
    "width, scheme",
    [(390, "dark"), pytest.param(1440, "light", marks=pytest.mark.slow)],
    ids=["390px-dark", "1440px-light"],
)
def test_the_home_and_an_event_page_have_no_axe_violation(browser, site_url, width, scheme):
    assert violations(browser, site_url, QUICK, width, scheme) == []


@pytest.mark.slow
@pytest.mark.parametrize("width, scheme", WAYS, ids=[f"{w}px-{s}" for w, s in WAYS])
def test_every_page_has_no_axe_violation(browser, built_site, site_url, width, scheme):
    pages = pages_of(built_site)
    assert len(pages) > 20
    assert violations(browser, site_url, pages, width, scheme) == []


# ---- phones and navigation ---------------------------------------------------------------------

FITS_JS = """() => {
  const out = {scroll: document.documentElement.scrollWidth, tables: [], split: []};
  // Material lets a table reach into the page's side margins on a phone; not past the screen.
  for (const table of document.querySelectorAll('article table')) {
    const box = table.getBoundingClientRect();
    if (box.left < -1 || box.right > innerWidth + 1) out.tables.push(table.className || 'table');
  }
  // A word split across two lines in a cell (breaks at spaces, hyphens and slashes are fine).
  for (const cell of document.querySelectorAll('article td, article th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      for (const match of node.data.matchAll(/[^\\s\\-\\/]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        if (range.getClientRects().length > 1) out.split.push(match[0]);
      }
    }
  }
  return out;
}"""


def phone_problems(browser, url: str, pages: list[str]) -> list[str]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    problems = []
    try:
        for address in pages:
            page.goto(url + address)
            found = page.evaluate(FITS_JS)
            if found["scroll"] > 390:
                problems.append(f"/{address}: the page is {found['scroll']} px wide")
            problems += [f"/{address}: a {name} table is wider than the screen" for name in found["tables"]]
            problems += [f"/{address}: '{word}' is split across lines" for word in found["split"][:3]]
    finally:
        context.close()
    return problems


def test_tables_fit_a_phone_without_splitting_words(browser, site_url):
    assert (
        phone_problems(
            browser, site_url, ["", "2024-12-schelklingen/", "topics/", "numbers/", "repositories/gardener/gardener/"]
        )
        == []
    )


@pytest.mark.slow
def test_every_page_fits_a_phone_without_splitting_words(browser, built_site, site_url):
    assert phone_problems(browser, site_url, pages_of(built_site)) == []


def test_chart_labels_are_legible_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url + "numbers/")
    sizes = page.evaluate("""() => [...document.querySelectorAll('.wrapup-chart')].map(chart => [
        chart.querySelector('h2') !== null,
        Math.min(...[...chart.querySelectorAll('.wrapup-chart__label, .wrapup-chart__value')]
                 .map(element => parseFloat(getComputedStyle(element).fontSize)))])""")
    context.close()
    assert sizes and all(heading and size >= 12 for heading, size in sizes)


def test_every_event_is_in_the_navigation_by_name(browser, site_url, built_site):
    from conftest import SEED_CONTENT, SEED_SETTINGS
    from wrapup.model.events import load_catalogue

    events = load_catalogue(SEED_CONTENT, settings=SEED_SETTINGS).events
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    named = set()
    for event in events:  # on each event's page, its year is open: every event of it shows by name
        page.goto(site_url + event.slug + "/")
        named |= set(page.locator("nav.md-nav--primary a.md-nav__link").all_inner_texts())
    context.close()
    assert {event.label for event in events} <= {" ".join(text.split()) for text in named}


def test_the_footer_walks_through_events_in_date_order(browser, site_url):
    from conftest import SEED_CONTENT, SEED_SETTINGS
    from wrapup.model.events import load_catalogue

    events = sorted(load_catalogue(SEED_CONTENT, settings=SEED_SETTINGS).events, key=lambda event: event.meta.start)
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    walked = []
    for event in events:
        page.goto(site_url + event.slug + "/")
        walked.append([link.get_attribute("href") for link in page.locator("footer a.md-footer__link").all()])
    page.goto(site_url + "topics/")
    overview_links = page.locator("footer a.md-footer__link").count()
    context.close()
    slugs = [event.slug for event in events]
    for index, hrefs in enumerate(walked):
        expected = ([f"../{slugs[index - 1]}/"] if index else []) + (
            [f"../{slugs[index + 1]}/"] if index + 1 < len(slugs) else []
        )
        assert hrefs == expected, slugs[index]
    assert overview_links == 0


CLS_JS = """() => new Promise(resolve => {
  let shift = 0;
  new PerformanceObserver(list => { for (const entry of list.getEntries()) if (!entry.hadRecentInput) shift += entry.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(shift), 1000);
})"""


@pytest.mark.slow  # 6 s of waiting for late shifts: the slow tier, with the full sweeps
@pytest.mark.parametrize("width", [390, 1440])
def test_the_filter_form_does_not_shift_the_table(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    shifts = []
    for address in ("topics/", "repositories/gardener/gardener/"):
        page.goto(site_url + address)
        shifts.append(page.evaluate(CLS_JS))
    context.close()
    assert max(shifts) < 0.1


def test_the_404_page_offers_the_home_page_and_search(built_site):
    from bs4 import BeautifulSoup

    page = BeautifulSoup((built_site / "404.html").read_text(encoding="utf-8"), "html.parser")
    article = page.select_one("article")
    assert article.h1.get_text() == "Page not found"
    assert article.find("a", string="Go to the home page")
    assert "search" in article.get_text().lower() and page.select_one("form.md-search__form") is not None


def test_very_long_words_titles_and_repository_names_still_fit_a_phone(fixture_site, browser):
    from conftest import event_readme

    long_word = "Supercalifragilisticexpialidocious" * 3
    repository = (
        "https://github.com/an-organisation-with-a-long-name/a-repository-with-an-even-longer-name-than-that/pull/1"
    )
    fixture_site.add(
        "2023-05_Leverkusen/README.md",
        event_readme(
            title=f"Hack The Garden {long_word} Wrap Up",
            body=f"## {long_word} Topic\n\n**Problem Statement:** {long_word} and {long_word}.\n\n"
            f"**Code/Pull Requests:** {repository}\n",
        ),
    )
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    with serving(fixture_site.site_dir) as url:
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        page = context.new_page()
        widths = []
        for address in ("", "2023-05-leverkusen/", "topics/"):
            page.goto(url + address)
            widths.append(page.evaluate(FITS_JS)["scroll"])
        context.close()
    assert widths == [390, 390, 390]
