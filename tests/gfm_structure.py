"""The structure GitHub gives a Markdown document, and the structure of a page the site built.

GitHub's side is cmark-gfm (``cmarkgfm``, the C library GitHub renders with, GFM extensions
on), followed by what GitHub does after it: ``> [!TIP]`` blockquotes become alerts, emoji
shortcodes become emoji. The site's side is the content of the built page, without what the
site adds around the author's text (tables of topics, labels, status, permalinks, chip
badges, the lightbox's links). Both are counted the same way (``structure``): lists by
nesting depth, list items, paragraphs, blockquotes, alerts, tables and cells, code blocks,
images, links, emphasis, strikethrough, task items, footnotes, raw HTML elements that GitHub's
sanitiser keeps, emoji. Headings and thematic breaks are left out: the event page turns a
topic's ``###`` headings into its card's labels on purpose.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT / "tests" / "fixtures" / "gfm" / "cases.txt"
# What the site adds around the author's text (by class): removed before counting.
ADDITIONS = (
    "headerlink",
    "wrapup-updated",
    "wrapup-topics-table",
    "wrapup-topic__meta",
    "wrapup-topic__stub",
    "wrapup-section__label",
    "wrapup-section__empty",
    "wrapup-links__label",
    "wrapup-thread",
    "wrapup-continued",
    "wrapup-anchor-alias",
    "wrapup-permalink",
    "wrapup-chip__kind",
    "wrapup-also",
    "wrapup-facts",
    "wrapup-photo",
)
# Elements the lightbox plugin and the page's extension wrap around an image: not the author's links.
ADDED_LINKS = ("glightbox", "wrapup-diagram", "wrapup-picture")
# Raw HTML elements GitHub's sanitiser keeps that wrap-ups use.
RAW_ELEMENTS = ("details", "summary", "br", "sub", "sup", "kbd", "ins", "mark", "abbr", "dl", "dt", "dd")
ALERTS = {"note": "note", "tip": "tip", "important": "important", "warning": "warning", "caution": "caution"}
# The Material admonition each GitHub alert is shown as (wrapup.pages.gfm.ALERT_ADMONITIONS), back.
ADMONITION_ALERTS = {"note": "note", "tip": "tip", "example": "important", "warning": "warning", "danger": "caution"}
_ALERT_MARK = re.compile(r"^\s*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*(\n|$)", re.IGNORECASE)
_SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")


def github_html(markdown: str, topic_labels: bool = False) -> str:
    """The HTML github.com shows for ``markdown``: cmark-gfm, then alerts and emoji.

    With ``topic_labels`` (an event README), a bold section label that opens a paragraph
    (``**Achievements:**``) is left out: the event page shows it as its card's label."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    from wrapup.pages.sanitize import clean

    html = cmarkgfm.github_flavored_markdown_to_html(
        markdown, options=Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
    )
    # GitHub's sanitiser, stood in for by the site's: what both remove is not a difference of
    # Markdown (what only the site removes is reported at its line, rule unsafe-html).
    soup = BeautifulSoup(clean(html.strip()), "html.parser")
    for quote in soup.find_all("blockquote"):
        first = quote.find(["p"], recursive=False)
        if first is None or not first.contents or not isinstance(first.contents[0], NavigableString):
            continue
        match = _ALERT_MARK.match(str(first.contents[0]))
        # GitHub makes an alert only of a marker on a line of its own with content after it.
        if match and (
            str(first.contents[0])[match.end() :].strip()
            or len(first.contents) > 1
            or len(quote.find_all(recursive=False)) > 1
        ):
            quote.name = "div"
            quote["class"] = ["markdown-alert", f"markdown-alert-{match[1].lower()}"]
            rest = str(first.contents[0])[match.end() :]
            first.contents[0].replace_with(rest)
            if not first.get_text(strip=True) and not first.find(True):
                first.decompose()
    _emojify(soup)
    if topic_labels:
        _drop_section_labels(soup)
    return str(soup)


def _drop_section_labels(soup: BeautifulSoup) -> None:
    from wrapup.model.labels import section_kind

    for paragraph in soup.find_all("p"):
        first = next(
            (child for child in paragraph.children if not (isinstance(child, NavigableString) and not child.strip())),
            None,
        )
        if isinstance(first, Tag) and first.name == "strong" and section_kind(first.get_text()) is not None:
            first.decompose()
            if not paragraph.get_text(strip=True).lstrip(":").strip() and not paragraph.find(True):
                paragraph.decompose()


@cache
def _emoji() -> dict[str, str]:
    from wrapup.pages.gfm import _emoji as table

    return table()


def _emojify(soup: BeautifulSoup) -> None:
    for text in list(soup.find_all(string=True)):
        if ":" in text and not text.find_parent(["code", "pre"]):
            replaced = _SHORTCODE.sub(lambda match: _emoji().get(match[0], match[0]), str(text))
            if replaced != text:
                text.replace_with(replaced)


def site_html(markdown: str) -> str:
    """The HTML of a page's content as the site makes it (the site's Markdown extensions, the
    page extension, the sanitiser), without building a site: for the corpus of constructs."""
    import markdown as python_markdown

    from wrapup.pages.extension import WrapupExtension
    from wrapup.pages.sanitize import clean
    from wrapup.pages.trial import site_settings

    settings = site_settings(PROJECT / "hackathons")
    md = python_markdown.Markdown(
        extensions=[*settings.extensions, WrapupExtension()], extension_configs=settings.configs
    )
    return clean(md.convert(markdown))


@dataclass(frozen=True)
class Case:
    name: str
    markdown: str


def corpus_cases(path: Path = CORPUS) -> list[Case]:
    """The cases of ``tests/fixtures/gfm/cases.txt``: a ``%%% name`` line, then the Markdown."""
    cases: list[Case] = []
    for chunk in path.read_text(encoding="utf-8").split("%%% ")[1:]:
        name, _, markdown = chunk.partition("\n")
        cases.append(Case(name.strip(), markdown))
    return cases


def site_content(page_html: str) -> str:
    """The author's content of a built page: its article, without what the site adds."""
    soup = BeautifulSoup(page_html, "html.parser")
    article = soup.select_one("article.md-content__inner") or soup
    for element in article.find_all(True):
        if element.decomposed:
            continue
        classes = element.get("class") or []
        if any(name in ADDITIONS for name in classes):
            element.decompose()
    for tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        for heading in article.find_all(tag):
            heading.decompose()
    # A paragraph that only held an addition (the code part's label) is gone with it.
    for paragraph in article.find_all("p"):
        if not paragraph.get_text(strip=True) and not paragraph.find(True):
            paragraph.decompose()
    # A diagram's dark variant is the same picture for readers in the dark scheme: one image.
    for image in article.find_all("img", class_="wrapup-diagram-dark"):
        image.decompose()
    # The site gives an image it published its intrinsic size (no layout shift); GitHub
    # shows only the sizes the author wrote.
    for image in article.find_all("img", class_="off-glb"):
        del image["width"], image["height"]
    for link in article.find_all("a"):
        if any(name in ADDED_LINKS for name in link.get("class") or []):
            link.unwrap()
    return str(article)


def _emoji_count(text: str) -> int:
    characters = set(_emoji().values())
    return sum(
        1 for character in characters if character in text and len(character) > 0 for _ in range(text.count(character))
    )


def structure(html: str) -> Counter:  # noqa: C901 - one flat list of constructs, each counted in a line or two
    """Counts of the constructs a reader relies on, in an HTML fragment."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        for heading in soup.find_all(tag):
            heading.decompose()
    counts: Counter = Counter()
    for element in soup.find_all(True):
        name = element.name
        classes = element.get("class") or []
        if name in ("ul", "ol"):
            depth = len([parent for parent in element.parents if parent.name in ("ul", "ol")])
            counts[f"{name} at depth {depth}"] += 1
        elif name == "li":
            if element.find_parent(class_=["footnotes", "footnote"]):
                counts["footnote"] += 1
                continue
            counts["list item"] += 1
            box = element.find("input", recursive=True)
            if box is not None and box.get("type") == "checkbox" and _owns(element, box):
                counts["task item"] += 1
                if box.has_attr("checked"):
                    counts["checked task item"] += 1
        elif name == "p":
            if "admonition-title" in classes or "markdown-alert-title" in classes:
                continue
            if element.find_parent(class_=["footnotes", "footnote"]):
                continue
            counts["paragraph"] += 1
        elif name == "blockquote":
            counts["blockquote"] += 1
        elif name == "div" and "markdown-alert" in classes:
            kind = next(c.removeprefix("markdown-alert-") for c in classes if c.startswith("markdown-alert-"))
            counts[f"alert {ALERTS[kind]}"] += 1
        elif name == "div" and "admonition" in classes:
            kind = next((ADMONITION_ALERTS[c] for c in classes if c in ADMONITION_ALERTS), "other")
            counts[f"alert {kind}"] += 1
        elif name == "table":
            counts["table"] += 1
        elif name in ("td", "th"):
            counts["table cell"] += 1
            if name == "th":
                counts["header cell"] += 1
        elif name == "pre":
            counts["code block"] += 1
        elif name == "img":
            counts["image"] += 1
            if element.get("width"):
                counts[f"image width={element['width']}"] += 1
        elif name == "a" and element.get("href") is not None:
            href = element["href"]
            if href.startswith("#fnref"):  # a footnote's way back
                continue
            if href.startswith("#fn") and element.find_parent("sup"):
                counts["footnote reference"] += 1
            else:
                counts["link"] += 1
        elif name == "em":
            counts["emphasis"] += 1
        elif name == "strong":
            counts["strong emphasis"] += 1
        elif name in ("del", "s"):
            counts["strikethrough"] += 1
        elif name in RAW_ELEMENTS:
            if name == "sup" and any(link.get("href", "").startswith("#fn") for link in element.find_all("a")):
                continue
            counts[f"<{name}>"] += 1
    text = "".join(t for t in soup.find_all(string=True) if not t.find_parent(["code", "pre"]))
    emoji = _emoji_count(text)
    if emoji:
        counts["emoji"] = emoji
    return counts


def _owns(item: Tag, box: Tag) -> bool:
    """The checkbox belongs to this list item, not to one nested in it."""
    return box.find_parent("li") is item


def differences(github: Counter, site: Counter) -> dict[str, tuple[int, int]]:
    """{construct: (count on GitHub, count on the site)} where they differ."""
    return {key: (github[key], site[key]) for key in sorted(set(github) | set(site)) if github[key] != site[key]}
