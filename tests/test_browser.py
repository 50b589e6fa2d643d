"""The built site in Debian's headless Chromium, served on loopback: what a reader does first."""

from __future__ import annotations

import contextlib
import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serving(directory: Path, handler: type[SimpleHTTPRequestHandler] | None = None):
    """A built site served on loopback for as long as the block runs; yields its address.
    ``handler`` serves it another way (bench/lighthouse.py compresses, as GitHub Pages does)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler or QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Nothing leaves the machine: requests off loopback are answered here with an empty 204
    # and recorded, so a test can say which outside hosts a page would contact.
    outside: list[str] = []

    def answer(route):
        if route.request.url.startswith(site_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.fulfill(status=204, body="")

    page.route("**/*", answer)
    page.console_errors = errors
    page.outside_requests = outside
    yield page
    context.close()


# Figures the wrap-ups hot-link are served from their published address. Nothing else may be
# contacted: not even GitHub's API, which Material would ask for the repository's stars.
KNOWN_OUTSIDE_HOSTS = {"raw.githubusercontent.com"}


def outside_hosts(page) -> set[str]:
    return {urlsplit(url).hostname for url in page.outside_requests}


def test_reader_finds_the_index_and_follows_a_wrap_up(page, site_url):
    page.goto(site_url)
    rows = page.locator("article table tbody tr")
    assert rows.count() == 7
    assert rows.first.locator("td").first.inner_text() == "2–6 Jun 2025"
    page.get_by_role("link", name="Hack The Garden 05/2023 Wrap Up").click()
    page.wait_for_url(f"{site_url}2023-05-leverkusen/")
    assert page.locator("article h1").inner_text().rstrip("¶") == "Hack The Garden 05/2023 Wrap Up"
    assert page.locator("article h2#introduction-of-gardener-node-agent").count() == 1
    assert page.console_errors == []
    assert outside_hosts(page) <= KNOWN_OUTSIDE_HOSTS


def search(page, query: str) -> None:
    """Type a query the way a reader does, once Material's search worker has its index.

    Material shows "Initializing search" until the worker is ready; a query typed earlier is
    dropped, so a query that found nothing yet is typed again (bounded: three tries)."""
    box = page.locator("input.md-search__input")
    box.click()
    meta = page.locator(".md-search-result__meta")
    for _ in range(3):
        page.wait_for_function(
            "() => !/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)",
            timeout=30000,
        )
        box.fill("")
        box.press_sequentially(query, delay=20)
        try:
            page.wait_for_function(
                "() => /matching document/i.test(document.querySelector('.md-search-result__meta').textContent)",
                timeout=5000,
            )
            return
        except Exception:
            continue
    raise AssertionError(f"search for {query!r} found nothing; the result line says {meta.inner_text()!r}")


def test_search_for_a_topic_word_lands_on_the_topic(page, site_url):
    page.goto(site_url)
    search(page, "Wireguard")
    # Material lists the page first, then its matching sections; the section is the topic.
    result = page.locator('.md-search-result__item a[href*="#replace-openvpn-with-wireguard"]')
    result.click()
    page.wait_for_url(re.compile(r"/2025-06-schelklingen/\?h=wireguard#replace-openvpn-with-wireguard$"))
    assert "Replace OpenVPN with Wireguard" in page.locator("h2#replace-openvpn-with-wireguard").inner_text()
    assert page.console_errors == []


def test_old_repository_link_with_github_anchor_lands_on_the_topic(page, site_url):
    page.goto(f"{site_url}2023-05_Leverkusen/README.md#%EF%B8%8F-introduction-of-gardener-node-agent")
    page.wait_for_url("**/2023-05-leverkusen/#%EF%B8%8F-introduction-of-gardener-node-agent")
    heading = page.locator("h2#introduction-of-gardener-node-agent")
    heading.wait_for()
    assert 0 <= heading.bounding_box()["y"] < 200  # scrolled to the topic
    assert page.console_errors == []


def test_index_fits_a_phone_as_compact_cards_that_lead_to_the_wrap_up_with_one_tap(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(site_url)
    first_row = page.locator("article table tbody tr").first
    row_box = first_row.bounding_box()
    link_box = first_row.locator("td:nth-child(5) a").bounding_box()
    cells_above_link = page.evaluate("""() => [...document.querySelector('article table tbody tr').cells]
        .filter(cell => cell.getBoundingClientRect().top < cell.parentElement.cells[4].getBoundingClientRect().top).length""")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert cells_above_link == 0 and link_box["height"] >= 24  # the wrap-up first, a finger-sized target
    assert row_box["height"] < 140  # a few lines per event, not a word per line
    assert page_width <= 390


def test_an_event_page_opens_with_its_facts_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(site_url + "2023-05-leverkusen/")
    facts = page.locator("article .wrapup-facts")
    facts_box, table_box = facts.bounding_box(), page.locator("article .wrapup-topics-table").bounding_box()
    terms = page.locator("article .wrapup-facts dt").all_inner_texts()
    values = page.locator("article .wrapup-facts dd").all_inner_texts()
    place = page.locator("article .wrapup-facts dd a").first
    place_href, place_box = place.get_attribute("href"), place.bounding_box()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert terms == ["Dates", "Place", "Organiser"]
    assert values == ["22–26 May 2023", "Open Sky House, Leverkusen", "STACKIT"]
    assert place_href == "https://www.openskyhouse.org/"
    assert facts_box["y"] < table_box["y"]  # above the topics table
    assert place_box["x"] + place_box["width"] <= 390 and page_width <= 390


# ---- across events -------------------------------------------------------------------------------


def visible_topic_rows(page) -> list[str]:
    return page.locator("table.wrapup-all-topics tbody tr:visible").evaluate_all(
        "rows => rows.map(row => row.dataset.event + ' ' + row.cells[1].textContent.trim())"
    )


def test_all_topics_filter_by_repository_narrows_the_rows(page, site_url):
    page.goto(f"{site_url}topics/")
    assert len(visible_topic_rows(page)) == 84
    page.select_option("select[name=repository]", "gardener/gardener-extension-provider-openstack")
    rows = visible_topic_rows(page)
    assert 2 <= len(rows) < 84
    repositories = page.locator("table.wrapup-all-topics tbody tr:visible").evaluate_all(
        "rows => rows.map(row => row.dataset.repositories.split(' '))"
    )
    assert all("gardener/gardener-extension-provider-openstack" in names for names in repositories)
    assert page.locator("form.wrapup-filters output").inner_text() == f"{len(rows)} of 84 topics"
    page.fill("input[name=text]", "arm")
    assert visible_topic_rows(page) == ["2023-11_Schelklingen ARM Support For OpenStack Extension"]
    assert page.console_errors == []


def test_all_topics_sort_by_event_puts_the_oldest_first_then_the_newest(page, site_url):
    page.goto(f"{site_url}topics/")
    page.get_by_role("button", name="Event").click()
    assert visible_topic_rows(page)[0].startswith("2021-11_Steinberg")
    assert page.locator("th", has=page.get_by_role("button", name="Event")).get_attribute("aria-sort") == "ascending"
    page.get_by_role("button", name="Event").click()
    assert visible_topic_rows(page)[0].startswith("2025-06_Schelklingen")


def test_all_topics_lists_every_topic_with_javascript_off(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(site_url) else route.fulfill(status=204, body="")
        ),
    )
    page.goto(f"{site_url}topics/")
    assert page.locator("table.wrapup-all-topics tbody tr").count() == 84
    assert page.locator("form.wrapup-filters").count() == 0
    # and topic pages hide the copy button, which needs the script
    page.goto(f"{site_url}2023-11-schelklingen/")
    assert page.locator("button.wrapup-permalink:visible").count() == 0
    context.close()


def test_copy_link_button_copies_the_topic_address(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(site_url) else route.fulfill(status=204, body="")
        ),
    )
    page.goto(f"{site_url}2023-11-schelklingen/")
    button = page.locator("button.wrapup-permalink[data-anchor=continuation-of-gardener-node-agent]")
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{site_url}2023-11-schelklingen/#continuation-of-gardener-node-agent"
    assert button.inner_text() == "Link copied"
    context.close()
