"""Ids and classes an author writes in raw HTML cannot stand for the site's own.

Material reads its settings from the first ``#__config`` of a page, GLightbox acts on
``.glightbox`` and ``.glightbox-desc``, Material loads Mermaid for ``.mermaid``: an author's element
with such an id or class would take over the page's scripts. As GitHub does, an author's ids and
names are published as ``user-content-…`` and an author's classes are dropped; the ids and classes
the parser and the site make (heading anchors, task lists, alerts, topic frames) stay as they are.
"""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from wrapup.pages.gfm import GfmExtension


def convert(source: str) -> tuple[BeautifulSoup, GfmExtension, markdown.Markdown]:
    md = markdown.Markdown(extensions=["wrapup.pages.gfm", "toc"], extension_configs={"toc": {"permalink": True}})
    html = md.convert(source)
    gfm = next(extension for extension in md.registeredExtensions if isinstance(extension, GfmExtension))
    return BeautifulSoup(html, "html.parser"), gfm, md


@pytest.mark.parametrize(
    "raw",
    [
        '<div id="__config">{"base": ".", "search": "https://example.org/worker.js"}</div>',
        '<p id="glightbox-body">a fake lightbox body</p>',
        '<span id="__search">x</span>',
    ],
)
def test_an_author_id_is_published_in_the_author_namespace(raw):
    page, _, _ = convert(f"Text before.\n\n{raw}\n")
    element = page.find(id=lambda value: bool(value) and value.startswith("user-content-"))
    assert element is not None
    assert not page.find(id=lambda value: bool(value) and not value.startswith("user-content-"))


def test_an_author_anchor_name_is_namespaced_too():
    page, _, _ = convert('An <a name="__config">old-style anchor</a>.\n')
    assert page.a["name"] == "user-content-__config"


@pytest.mark.parametrize("classes", ["glightbox", "glightbox-desc", "mermaid", "md-typeset wrapup-permalink"])
def test_an_author_class_is_dropped_and_reported_as_information(classes):
    page, gfm, _ = convert(f'A <span class="{classes}">span</span> in a paragraph.\n')
    assert page.span.get("class") is None
    assert [(removal.tag, removal.attribute, removal.value) for removal in gfm.removed] == [("span", "class", classes)]


def test_a_link_to_an_author_anchor_follows_it_into_the_namespace():
    page, _, _ = convert('[Jump](#details) down.\n\n<div id="details">The details.</div>\n')
    assert page.a["href"] == "#user-content-details"
    assert page.find("div")["id"] == "user-content-details"


def test_the_sites_own_ids_and_classes_stay_beside_author_html():
    source = "## Results\n\n- [x] done\n\n> [!TIP]\n> Use it.\n\nAnd <b>raw</b> HTML.\n"
    page, gfm, _ = convert(source)
    assert page.h2["id"] == "results"
    assert page.find("a", class_="headerlink")["href"] == "#results"
    assert page.find("ul")["class"] == ["task-list"]
    assert page.find("div")["class"] == ["admonition", "tip"]
    assert gfm.removed == []


def test_a_heading_whose_anchor_the_theme_looks_up_moves_with_its_links_and_toc_entry():
    page, _, md = convert("## __config\n\nSee [above](#__config).\n\nAnd <i>raw</i> HTML.\n")
    assert page.h2["id"] == "user-content-__config"
    assert page.find("a", string="above")["href"] == "#user-content-__config"
    assert md.toc_tokens[0]["id"] == "user-content-__config"


def test_an_author_cannot_write_the_sites_signed_attribute_names():
    # The signed names hold a digest of the page's own source: a guess is the author's attribute.
    page, _, _ = convert('<div data-wrapup-0123456789abcdef01234567-class="glightbox">x</div>\n')
    assert page.div.attrs == {}


@pytest.mark.parametrize(
    "attribute", ['data-sortable=""', 'data-anchor="javascript:x"', 'data-event="x"', 'data-value="1"']
)
def test_an_author_cannot_set_the_data_attributes_the_sites_script_reads(attribute):
    page, gfm, _ = convert(f"<table {attribute}><tr><td>cell</td></tr></table>\n")
    assert page.table.attrs == {}
    assert [removal.attribute for removal in gfm.removed] == [attribute.split("=")[0]]


@pytest.mark.parametrize(
    "href", ["da&#10;ta:text/html,x", "da\tta:text/html,x", "&#1;data:text/html,x", " data:text/html,x"]
)
def test_a_data_address_written_with_what_browsers_ignore_is_still_refused(href):
    from wrapup.pages.sanitize import sanitize

    assert "href" not in sanitize(f'<a href="{href}">a</a>').html


def test_the_last_pass_namespaces_reserved_ids_and_drops_script_classes_on_any_page():
    # A page the author pass did not see (a site without the GFM extension) is still safe.
    from wrapup.pages.sanitize import sanitize

    html = sanitize('<div id="__config" class="glightbox-desc mermaid md-typeset note">x</div>').html
    assert html == '<div id="user-content-__config" class="note">x</div>'


def test_the_home_text_is_author_html_too(fixture_site):
    from conftest import event_readme

    fixture_site.add("2023-05_Leverkusen/README.md", event_readme())
    fixture_site.add(
        "index.md", '# Home\n\n<div id="__config" class="glightbox-desc">{"search": "x"}</div>\n\n<!-- events -->\n'
    )
    result = fixture_site.build(strict=False)
    assert result.returncode == 0, result.stderr
    home = BeautifulSoup((fixture_site.site_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = home.find("article")
    assert article.find(id="__config") is None and article.find(id="user-content-__config") is not None
    assert article.find(class_="glightbox-desc") is None
    assert article.find(class_="wrapup-events-table") is not None  # the site's own frame keeps its class
