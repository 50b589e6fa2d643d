"""Property: whatever text an author puts in a front matter field, a heading, a link text or a
file name, it never becomes markup on the built site.

Each example builds a small site whose every author-text place holds a generated string made
of HTML's special characters and fragments that would open an element (raw, entity-encoded,
breaking out of an attribute or of <title>). The element they would open carries
``data-canary``; no page, no search index entry may hold such an element, and the feed stays
well-formed XML.
"""

from __future__ import annotations

import json
import string
import xml.etree.ElementTree as etree

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import FixtureSite, write_config

OPENERS = [
    '<i data-canary="1">x</i>',
    '"><i data-canary=1>',
    "'><i data-canary=1>",
    "&lt;i data-canary=1&gt;",
    "&#60;i data-canary=1&#62;",
    "</title><i data-canary=1>",
    "</textarea><i data-canary=1>",
    "<!--",
    "-->",
    "&amp;lt;i data-canary=1&amp;gt;",
    "%3Ci%20data-canary%3D1%3E",
    "\\",
    "`",
    "*",
    "[",
    "]",
]
author_text = st.lists(
    st.one_of(
        st.sampled_from(OPENERS), st.text(alphabet=string.ascii_letters + " <>\"'&;=/#*_`[]()!", min_size=1, max_size=8)
    ),
    min_size=1,
    max_size=5,
).map(lambda parts: "T " + "".join(parts))  # a letter first: a field may not be empty


def file_name(text: str) -> str:
    name = "".join(c for c in text if c not in "/\\\0\n\r").strip(" .")[:60]
    return (name or "doc") + ".md"


def canaries_in_html(html: str) -> list[str]:
    return [str(element)[:80] for element in BeautifulSoup(html, "html.parser").find_all(attrs={"data-canary": True})]


def write_site(
    site: FixtureSite,
    title: str,
    place: str,
    organiser: str,
    heading: str,
    link_text: str,
    document_title: str,
    document_name: str,
    heading_in_document: str,
) -> None:
    site.add(
        "2024-05_Property/README.md",
        (
            "---\n"
            f"title: {json.dumps(title)}\n"
            "start: 2024-05-13\nend: 2024-05-17\n"
            f"place:\n  name: {json.dumps(place)}\n"
            f"organiser: {json.dumps(organiser)}\n"
            "---\n\n"
            f"## {heading}\n\n**Problem Statement:** see [{link_text}](https://github.com/gardener/gardener/pull/1)\n"
        ),
    )
    site.add(f"2024-05_Property/{file_name(document_name)}", f"# {heading_in_document}\n\ntext\n")
    site.add("2024-05_Property/titled.md", f"---\ntitle: {json.dumps(document_title)}\n---\n\ntext\n")


# Each example is a whole build (about a second): a few, the same in every run, and no shrinking,
# which would build hundreds of sites; a failure still prints the example that broke.
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    title=author_text,
    place=author_text,
    organiser=author_text,
    heading=author_text,
    link_text=author_text,
    document_title=author_text,
    document_name=author_text,
    heading_in_document=author_text,
)
def test_author_text_never_becomes_markup(
    tmp_path_factory, title, place, organiser, heading, link_text, document_title, document_name, heading_in_document
):
    site = FixtureSite(tmp_path_factory.mktemp("property"))
    site.content.mkdir()
    write_config(site.root, site.content, site.site_dir)
    write_site(site, title, place, organiser, heading, link_text, document_title, document_name, heading_in_document)
    result = site.build(strict=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    found = {}
    for page in site.site_dir.rglob("*.html"):
        if canaries := canaries_in_html(page.read_text(encoding="utf-8")):
            found[page.relative_to(site.site_dir).as_posix()] = canaries
    index = json.loads((site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    for entry in index["docs"]:  # Material's search shows titles and text as HTML
        if canaries := canaries_in_html(entry["title"]) + canaries_in_html(entry["text"]):
            found[f"search: {entry['location']}"] = canaries
    assert found == {}
    etree.fromstring((site.site_dir / "feed.xml").read_bytes())  # well-formed whatever the fields hold
    json.loads((site.site_dir / "topics.json").read_text(encoding="utf-8"))
