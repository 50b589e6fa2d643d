"""What GitHub shows is what the site shows: the pages are parsed as GitHub parses them.

GitHub's side is cmark-gfm, the C library github.com renders with (``tests/gfm_structure.py``).
The corpus (``tests/fixtures/gfm/cases.txt``) holds examples of the GFM specification's
sections on lists, list items, block quotes, tables, strikethrough, task lists, autolinks and
raw HTML, and the shapes wrap-ups are written in. The live site is compared in
``test_invariants.py``; each construct has a source -> structure test below.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from gfm_structure import corpus_cases, differences, github_html, site_html, structure
from wrapup.diagnostics import Level
from wrapup.model.fidelity import RULE, lint_gfm_differences
from wrapup.model.parser import parse

# Where markdown-it-py's GFM autolinks follow the GFM specification ("an autolink comes at the
# start of a line, after whitespace or after * _ ~ ("), and cmark-gfm links anyway: a URL
# right after '<'. The site shows the text as written, nothing is lost, and the build warns
# (rule gfm-difference, see test_a_url_right_after_a_bracket_is_reported).
KNOWN_DIFFERENCES = {
    "autolinks: spaces are not allowed": "cmark-gfm links http://… after '<'; the GFM spec and the site do not",
    "autolinks: emails": "cmark-gfm links an address after '<' and a backslash; the GFM spec and the site do not",
}


def test_every_construct_of_the_corpus_has_githubs_structure():
    differing = {}
    for case in corpus_cases():
        found = differences(structure(github_html(case.markdown)), structure(site_html(case.markdown)))
        if found:
            differing[case.name] = found
    unexpected = {name: found for name, found in differing.items() if name not in KNOWN_DIFFERENCES}
    assert not unexpected, "differ from GitHub ({construct: (GitHub, site)}):\n" + "\n".join(
        f"  {name}: {found}" for name, found in unexpected.items()
    )
    assert set(differing) == set(KNOWN_DIFFERENCES), f"no longer different: {set(KNOWN_DIFFERENCES) - set(differing)}"


def test_the_corpus_covers_every_section_it_names():
    sections = {case.name.split(":")[0] for case in corpus_cases()}
    assert {
        "lists",
        "list items",
        "block quotes",
        "tables",
        "strikethrough",
        "task list items",
        "autolinks",
        "autolinks (extension)",
        "raw HTML",
        "wrap-ups",
    } <= sections
    assert len(corpus_cases()) >= 150


def page(markdown: str) -> BeautifulSoup:
    return BeautifulSoup(site_html(markdown), "html.parser")


def test_a_list_nested_by_two_spaces_keeps_its_depth():
    soup = page("- a\n  - b\n    - c\n- d\n")
    assert [li.find(string=True).strip() for li in soup.select("ul > li > ul > li > ul > li")] == ["c"]
    assert [li.find(string=True).strip() for li in soup.find("ul").find_all("li", recursive=False)] == ["a", "d"]


def test_a_list_straight_after_a_paragraph_line_is_a_list():
    soup = page("We achieved:\n* one\n* two\n")
    assert soup.p.get_text() == "We achieved:"
    assert [li.get_text() for li in soup.select("ul > li")] == ["one", "two"]


def test_a_number_other_than_one_does_not_interrupt_a_paragraph_as_on_github():
    soup = page("The number of windows is\n14.  The number of doors is 6.\n")
    assert soup.find("ol") is None and "14." in soup.p.get_text()


def test_an_indented_marker_under_a_list_stays_on_its_level_as_on_github():
    soup = page("- a\n - b\n  - c\n")
    assert len(soup.select("ul > li")) == 3 and soup.select("li ul") == []


@pytest.mark.parametrize(
    "kind, admonition",
    [("NOTE", "note"), ("TIP", "tip"), ("IMPORTANT", "example"), ("WARNING", "warning"), ("CAUTION", "danger")],
)
def test_a_github_alert_is_a_material_admonition_with_its_title(kind, admonition):
    soup = page(f"> [!{kind}]\n> Bring a laptop.\n")
    box = soup.select_one(f"div.admonition.{admonition}")
    assert box.select_one("p.admonition-title").get_text() == kind.title()
    assert box.select("p")[-1].get_text() == "Bring a laptop."
    assert soup.find("blockquote") is None and "[!" not in soup.get_text()


def test_a_marker_with_text_on_its_line_stays_a_quote_as_on_github():
    soup = page("> [!TIP] on the same line\n")
    assert soup.blockquote is not None and "[!TIP]" in soup.get_text()


def test_a_block_quote_keeps_its_paragraphs_and_nesting():
    soup = page("> **Tracking:** [hackathon#8](https://example.org/8)\n>\n> > nested\nlazy line\n")
    assert (
        len(soup.blockquote.find_all("p", recursive=False)) == 1
        and soup.select_one("blockquote blockquote p").get_text() == "nested\nlazy line"
    )


def test_emphasis_follows_commonmark_within_words():
    soup = page("*a* _b_ **c** __d__ snake_case_word foo*bar*baz\n")
    assert [e.get_text() for e in soup.find_all("em")] == ["a", "b", "bar"]
    assert [s.get_text() for s in soup.find_all("strong")] == ["c", "d"]
    assert "snake_case_word" in soup.get_text()


def test_task_items_show_checkboxes_in_materials_markup():
    soup = page("- [x] done\n- [ ] open\n")
    items = soup.select("li.task-list-item")
    assert [item.get_text(strip=True) for item in items] == ["done", "open"]
    assert [
        item.select_one("label.task-list-control input[type=checkbox][disabled]").has_attr("checked") for item in items
    ] == [True, False]


def test_footnotes_link_both_ways():
    soup = page("Measured[^1] twice.\n\n[^1]: On the cluster.\n")
    reference = soup.select_one("sup a.footnote-ref")
    note = soup.select_one("div.footnote li")
    assert reference["href"] == f"#{note['id']}"
    assert note.select_one("a.footnote-backref")["href"] == f"#{reference.parent['id']}"
    assert "On the cluster." in note.get_text()


def test_tildes_strike_through_single_and_double():
    assert [d.get_text() for d in page("~~Hi~~ Hello, ~there~ world!\n").find_all("del")] == ["Hi", "there"]


def test_emoji_shortcodes_become_emoji_outside_code():
    soup = page("We :rocket: launched; :not_an_emoji: stays; `:tada:` in code.\n")
    assert "🚀" in soup.p.get_text() and ":not_an_emoji:" in soup.p.get_text()
    assert soup.code.get_text() == ":tada:"


def test_raw_html_github_keeps_is_kept():
    soup = page(
        "<details>\n<summary>Logs</summary>\n\n- a\n\n</details>\n\n"
        "H<sub>2</sub>O x<sup>2</sup> <kbd>Ctrl</kbd> one<br>two\n\n"
        '<img src="https://example.org/group.jpg" width="600" alt="Group picture">\n'
    )
    assert soup.select_one("details > summary").get_text() == "Logs"
    assert soup.select_one("details ul > li").get_text() == "a"
    assert [soup.sub.get_text(), soup.sup.get_text(), soup.kbd.get_text()] == ["2", "2", "Ctrl"]
    assert soup.br is not None
    assert soup.select_one('img[width="600"]')["alt"] == "Group picture"


def test_a_table_keeps_its_cells_and_alignment():
    soup = page("| a | b |\n|:-|-:|\n| `x \\| y` | **z** |\n")
    assert [cell.get_text() for cell in soup.find_all(["th", "td"])] == ["a", "b", "x | y", "z"]
    assert "right" in soup.find_all("td")[1]["style"]


def test_fenced_code_keeps_its_language_and_text():
    soup = page("```yaml\nkey: <value> & more\n```\n")
    assert soup.select_one("pre code.language-yaml").get_text() == "key: <value> & more\n"


def test_bare_urls_and_addresses_are_links_as_on_github():
    links = [
        a["href"] for a in page("See www.example.org and https://example.org/a. Mail x@example.org\n").find_all("a")
    ]
    assert links == ["http://www.example.org", "https://example.org/a", "mailto:x@example.org"]


def test_images_and_reference_links_keep_alt_title_and_target():
    soup = page('![The *team*](team.png "At lunch") and [docs][d].\n\n[d]: https://example.org/docs\n')
    assert (soup.img["alt"], soup.img["title"]) == ("The team", "At lunch")
    assert soup.find("a", string="docs")["href"] == "https://example.org/docs"


def test_text_and_entities_read_as_written():
    soup = page("AT&amp;T &copy; 5 < 6 & `a &amp; b` \\*not emphasis\\*\n")
    assert soup.p.get_text() == "AT&T © 5 < 6 & a &amp; b *not emphasis*"


def test_python_markdown_only_syntax_reads_as_on_github():
    soup = page('!!! note "Title"\n    text\n\nA paragraph\n{: .big onclick="x" }\n')
    assert soup.find(class_="admonition") is None
    assert "!!! note" in soup.get_text() and "{: .big" in soup.get_text()


def lint(text: str) -> list:
    return lint_gfm_differences(parse(text), 1, Path("README.md"))


def test_a_diagram_fence_github_draws_is_reported_at_its_line():
    problems = lint("Intro\n\n```mermaid\ngraph TD; A-->B\n```\n")
    assert [(p.line, p.level, p.code) for p in problems] == [(3, Level.WARNING, RULE)]
    assert "Mermaid" in problems[0].message


def test_math_github_renders_is_reported_at_its_line():
    problems = lint("Text\n\nThe cost is $O(n^2)$ here.\n\nPrices: $5 and $6, `$x$` in code.\n")
    assert [p.line for p in problems] == [3]
    assert "$O(n^2)$" in problems[0].message


def test_a_url_right_after_a_bracket_is_reported():
    problems = lint("See <https://example.org/a b> and <https://example.org/ok>.\n")
    assert [p.line for p in problems] == [1] and "https://example.org/a" in problems[0].message


def test_ordinary_wrapups_get_no_gfm_difference_warning():
    assert lint("## Topic\n\n- a\n  - b\n\n> [!TIP]\n> x\n\nCosts $5 a day.\n") == []
