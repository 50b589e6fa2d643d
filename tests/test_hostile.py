"""Untrusted pull requests: an event folder with script payloads in every place author text or
files reach the site (``tests/hostile.py``), built next to a good event.

Nothing of it may run in a reader's browser: every built page is opened in headless Chromium
(served on loopback, every other host blocked), the mouse and keyboard go over it, search is
typed into, every diagram and lightbox link is clicked and every published file is opened on
its own. A page is broken when anything sets the canary (``window.PWNED``, the document's
title, a dialog). 0 broken pages is the only pass. And nothing is removed in silence: the
build and ``wrapup check`` report what they removed or refused, each at its line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image

import hostile
from conftest import FixtureSite, chromium_executable, event_readme, write_config
from test_browser import CHROMIUM_FLAGS, serving
from wrapup.model.frontmatter import split_front_matter

GOOD = "2023-05_Leverkusen"
RULES_REPORTED = ("[unsafe-html]", "[file-refused]", "[image]", "[diagram]")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> FixtureSite:
    site = FixtureSite(tmp_path_factory.mktemp("hostile"))
    site.content.mkdir()
    write_config(site.root, site.content, site.site_dir)
    site.add(
        f"{GOOD}/README.md",
        event_readme(
            body=f"## Good topic\n\n**Problem Statement:** links to https://github.com/gardener/{hostile.URL_ENCODED}/pull/9 "
            "and https://github.com/gardener/gardener/pull/6\n"
        ),
    )
    for relative, content in hostile.files().items():
        site.add(relative, content)
    return site


@pytest.fixture(scope="module")
def relaxed_build(hostile_site) -> subprocess.CompletedProcess[str]:
    result = hostile_site.build(strict=False)
    assert result.returncode == 0, result.stderr
    return result


def reported(output: str) -> list[str]:
    return sorted(
        line[line.index("hackathons/") :]
        for line in output.splitlines()
        if "hackathons/" in line and line.rstrip().endswith(RULES_REPORTED)
    )


def test_strict_build_fails_and_names_every_removal_at_its_line(hostile_site, relaxed_build):
    strict = hostile_site.build()
    assert strict.returncode == 1
    assert "Traceback" not in strict.stderr
    lines = reported(relaxed_build.stderr)
    readme = f"hackathons/{hostile.FOLDER}/README.md"
    # Lines of the payloads in the body, counted from the body's first line (line 10 when the
    # front matter had 9 lines): the front matter may grow without renumbering them.
    shift = split_front_matter(hostile.readme()).body_line - 10
    expected_rules = {
        f"{readme}:{line + shift}" for line in (13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30, 37)
    }
    found = {line.split(": ")[0] for line in lines if "[unsafe-html]" in line}
    assert expected_rules <= found, sorted(expected_rules - found)
    for name in ("evil.html", "evil.js", "evil.xhtml"):
        assert any(
            line.startswith(f"hackathons/{hostile.FOLDER}/{name}: warning: file not published") for line in lines
        ), name


def test_check_reports_what_the_build_reports(hostile_site, relaxed_build):
    check = subprocess.run(
        [sys.executable, "-m", "wrapup.cli", "check", "--strict"],
        cwd=hostile_site.root,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert check.returncode == 1
    assert "Traceback" not in check.stderr
    assert reported(check.stdout) == reported(relaxed_build.stderr)


def test_only_allowlisted_files_are_published(hostile_site, relaxed_build):
    folder = hostile_site.site_dir / "2024-05-hostile"
    published = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
    for name in published:
        assert name.endswith(("index.html", ".sanitised.svg")) or name.lower().endswith(
            (".png", ".jpg", ".jpeg", ".webp", ".gif")
        ), name
    assert not list(hostile_site.site_dir.rglob("evil.*")) or {
        p.name for p in hostile_site.site_dir.rglob("evil.*")
    } <= {"evil.png", "evil.dark.png"}  # the SVG, drawn (and its dark variant)
    # An SVG is published only as the inert copy of a drawing the build could not draw.
    assert not [
        p
        for p in hostile_site.site_dir.rglob("*.svg")
        if "assets" not in p.parts and not p.name.endswith(".sanitised.svg")
    ]


def test_no_published_byte_of_a_photo_carries_its_metadata(hostile_site, relaxed_build):
    photos = sorted((hostile_site.site_dir / "2024-05-hostile").glob("photo*"))
    assert {p.name for p in photos} >= {"photo.jpg", "photo.480.jpg", "photo.480.webp"}
    for photo in photos:
        data = photo.read_bytes()
        for marker in (b"Canary", b"GPS", b"xmpmeta", b"Exif"):
            assert marker not in data, (photo.name, marker)
        with Image.open(photo) as image:
            assert dict(image.getexif()) == {}, photo.name
            assert not set(image.info) & {"exif", "xmp", "comment", "XML:com.adobe.xmp"}, photo.name
    with Image.open(hostile_site.site_dir / "2024-05-hostile" / "photo.jpg") as image:
        assert image.size == (480, 640)  # upright: the orientation was applied, then dropped


def test_titles_reach_the_theme_escaped(hostile_site, relaxed_build):
    for page in hostile_site.site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        document = BeautifulSoup(html, "html.parser")
        for element in document.find_all(True):
            assert not any(name.lower().startswith("on") for name in element.attrs), (page, element.name)
        title = document.find("title")
        assert title is None or title.find(True) is None, page


def test_author_elements_carry_no_id_or_class_the_pages_scripts_act_on(hostile_site, relaxed_build):
    html = (hostile_site.site_dir / "2024-05-hostile" / "notes" / "round-three" / "index.html").read_text("utf-8")
    article = BeautifulSoup(html, "html.parser").find("article")
    payloads = [
        element
        for element in article.find_all(True)
        if hostile.ROUND_THREE_MARKER in element.get_text()
        and not element.find(True, string=lambda text: text and hostile.ROUND_THREE_MARKER in text)
    ]
    assert len(payloads) >= 5
    for element in article.find_all(True):
        identifier = element.get("id") or element.get("name") or ""
        assert not identifier.startswith(("__", "glightbox")), element
    for element in payloads:
        assert element.get("class") is None, element
    assert article.find("h1")["id"] == "user-content-__config"
    links = {link.get_text(): link["href"] for link in article.find_all("a") if link.get("href", "").startswith("#")}
    assert links["A link to the author's anchor"] == "#user-content-glightbox-body"
    assert links["the heading"] == "#user-content-__config"


def site_description(site: FixtureSite) -> str:
    return yaml.safe_load((site.root / "mkdocs.yml").read_text(encoding="utf-8"))["site_description"]


def test_multimarkdown_meta_lines_are_text_not_metadata(hostile_site, relaxed_build):
    html = (hostile_site.site_dir / "2024-05-hostile" / "notes" / "meta-lines" / "index.html").read_text("utf-8")
    document = BeautifulSoup(html, "html.parser")
    assert document.find("meta", attrs={"name": "description"})["content"] == site_description(hostile_site)
    assert "onerror" not in str(document.head)
    assert document.title.get_text().startswith("Meta lines")
    text = document.find("article").get_text()
    for written in ("Title:", "Description:", "Template: ../../../../../etc/passwd", "Hide: navigation toc"):
        assert written in text, written
    assert document.find("nav", class_="md-nav--primary") is not None  # not hidden by "Hide:"
    assert "TemplateNotFound" not in relaxed_build.stderr


def test_dropped_author_classes_are_information_not_warnings(hostile_site, relaxed_build):
    document = f"hackathons/{hostile.FOLDER}/notes/round-three.md"
    lines = [line for line in relaxed_build.stderr.splitlines() if document in line]
    assert any('info: class="glightbox"' in line and line.endswith("[html-presentation]") for line in lines)
    assert not any("warning" in line and "class=" in line for line in lines)


# ---- in the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(hostile_site, relaxed_build):
    with serving(hostile_site.site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def context(served):
    from playwright.sync_api import sync_playwright

    chromium = chromium_executable()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.outside = []

        def answer(route):
            url = route.request.url
            if url.startswith((served, "data:")):
                route.continue_()
            else:
                context.outside.append(url)
                route.abort()

        context.route("**/*", answer)
        yield context
        browser.close()


def open_page(context, url: str):
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url, wait_until="load", timeout=15000)
    page.wait_for_timeout(150)
    return page


def pwned(page) -> bool:
    state = page.evaluate(f"() => [window.{hostile.CANARY} === 1, document.title === '{hostile.CANARY}']")
    return any(state) or bool(page.dialogs)


def stir(page) -> None:
    """What a reader does without meaning to: move the mouse over the page, tab through it."""
    for x, y in ((60, 60), (400, 300), (700, 500), (1000, 800)):
        page.mouse.move(x, y)
    for _ in range(4):
        page.keyboard.press("Tab")
    page.wait_for_timeout(100)


def site_files(site_dir: Path, suffixes: tuple[str, ...]) -> list[str]:
    return sorted(
        p.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("*")
        if p.is_file() and p.name.lower().endswith(suffixes) and "assets" not in p.parts
    )


@pytest.mark.browser
def test_no_page_runs_author_script(hostile_site, served, context):
    broken = []
    pages = site_files(hostile_site.site_dir, (".html",))
    assert len(pages) > 10
    for relative in pages:
        if 'http-equiv="refresh"' in (hostile_site.site_dir / relative).read_text(encoding="utf-8"):
            continue  # a redirect from an original path: it lands on a page this loop opens itself
        page = open_page(context, served + quote(relative))
        stir(page)
        if pwned(page):
            broken.append(relative)
        page.close()
    assert broken == []


@pytest.mark.browser
def test_no_published_file_runs_author_script_when_opened_on_its_own(hostile_site, served, context):
    broken = []
    files = [
        f
        for f in site_files(hostile_site.site_dir, ("",))
        if not f.endswith((".html", ".gz")) and not f.startswith("search/")
    ]
    for relative in files:
        page = open_page(context, served + quote(relative))
        if pwned(page):
            broken.append(relative)
        page.close()
    assert broken == []


@pytest.mark.browser
def test_searching_for_the_payloads_runs_no_script(served, context):
    from test_browser import search

    page = open_page(context, served + "2024-05-hostile/")
    for query in ("heading", "onerror"):  # each finds the hostile topics, whose titles are payloads
        search(page, query)
        page.wait_for_timeout(200)
        stir(page)
        assert not pwned(page), query
    page.close()


@pytest.mark.browser
def test_clicking_every_diagram_and_lightbox_link_runs_no_script(hostile_site, served, context):
    selector = "article a.wrapup-diagram, article a.glightbox"
    clicked = 0
    for relative in site_files(hostile_site.site_dir, (".html",)):
        html = (hostile_site.site_dir / relative).read_text(encoding="utf-8")
        count = len(BeautifulSoup(html, "html.parser").select(selector))
        for index in range(count):  # a fresh page for each click: an open lightbox covers the rest
            page = open_page(context, served + quote(relative))
            link = page.locator(selector).nth(index)
            if link.is_visible():
                link.click(timeout=5000)
                page.wait_for_timeout(150)
                clicked += 1
                assert not pwned(page), (relative, index)
            page.close()
    assert clicked >= 2  # the drawing and the photo


@pytest.mark.browser
def test_an_inert_copy_of_a_drawing_opened_on_its_own_asks_no_other_host(hostile_site, served, context):
    copies = site_files(hostile_site.site_dir, (".svg",))
    assert any("outside" in name for name in copies)
    context.outside.clear()
    for relative in copies:
        page = open_page(context, served + quote(relative))
        page.wait_for_timeout(200)
        page.close()
    assert context.outside == []


@pytest.mark.browser
def test_the_theme_reads_its_own_settings_whatever_the_author_wrote(served, context):
    for relative in ("2024-05-hostile/notes/round-three/", "2024-05-hostile/"):
        page = open_page(context, served + relative)
        assert page.evaluate("() => document.querySelector('#__config').parentElement.tagName") == "BODY"
        search_worker = page.evaluate("() => JSON.parse(document.querySelector('#__config').textContent).search")
        assert "assets/javascripts/workers/search." in search_worker
        page.close()


@pytest.mark.browser
def test_tapping_lightbox_links_on_a_phone_runs_no_script(hostile_site, served, context):
    page = context.browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    for relative in ("2024-05-hostile/notes/round-three/", "2024-05-hostile/"):
        page.goto(served + relative, wait_until="load", timeout=15000)
        for index in range(page.locator("article a.glightbox").count()):
            page.goto(served + relative, wait_until="load", timeout=15000)
            link = page.locator("article a.glightbox").nth(index)
            if link.is_visible():
                link.tap(timeout=5000)
                page.wait_for_timeout(300)
                assert not pwned(page), (relative, index)
    page.close()


@pytest.mark.browser
def test_pages_make_no_request_off_the_site(hostile_site, served, context):
    context.outside.clear()
    for relative in (
        "index.html",
        "2024-05-hostile/index.html",
        "2023-05-leverkusen/index.html",
        "2024-05-hostile/notes/round-three/index.html",
    ):
        open_page(context, served + relative).close()
    assert context.outside == []
