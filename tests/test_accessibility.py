"""Readers: axe-core (WCAG 2.0/2.1 A and AA) finds nothing on any page, at a phone's and a
desktop's width, in the light and the dark scheme.

axe-core's ``axe.min.js`` comes with the ``axe-playwright-python`` package (test extras; MPL-2.0,
its licence ships with it): installed by the test set-up, never downloaded while testing.
The whole sweep (every page, 4 ways) runs in the slow tier; the default tier audits one page
of each kind.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_browser import CHROMIUM_FLAGS, serving  # noqa: F401 - fixtures below use them

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
                found.append(f"/{address} at {width}px, {scheme}: {violation['id']} ({len(violation['nodes'])} "
                             f"elements, first {node['target']}): {node.get('failureSummary', '')[:200]}")
    finally:
        context.close()
    return found


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def chromium_path():
    from conftest import chromium_executable

    return chromium_executable()


@pytest.fixture(scope="module")
def site_url(built_site: Path):
    with serving(built_site) as url:
        yield url


# The default tier's share: the home page and an event page (cards, chips, task list, diagram),
# on a phone in the dark and on a desktop in the light.
QUICK = ["", "2023-05-leverkusen/", "2023-05-leverkusen/gardener-node-agent/"]


@pytest.mark.parametrize("width, scheme", [(390, "dark"), (1440, "light")], ids=["390px-dark", "1440px-light"])
def test_the_home_and_an_event_page_have_no_axe_violation(browser, site_url, width, scheme):
    assert violations(browser, site_url, QUICK, width, scheme) == []


@pytest.mark.slow
@pytest.mark.parametrize("width, scheme", WAYS, ids=[f"{w}px-{s}" for w, s in WAYS])
def test_every_page_has_no_axe_violation(browser, built_site, site_url, width, scheme):
    pages = pages_of(built_site)
    assert len(pages) > 20
    assert violations(browser, site_url, pages, width, scheme) == []
