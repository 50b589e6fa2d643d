"""The events index table on the home page: generated from front matter, newest first, escaped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown
from bs4 import BeautifulSoup

from conftest import PROJECT, event_readme
from wrapup.model.events import load_event
from wrapup.pages.escaping import escape_cell
from wrapup.pages.extension import WrapupExtension
from wrapup.pages.home import format_dates, render_home
from wrapup.pages.templates import Fragments


def make_event(tmp_path: Path, folder: str, **fields):
    path = tmp_path / folder
    path.mkdir(parents=True)
    (path / "README.md").write_text(event_readme(**fields), encoding="utf-8")
    event, problems = load_event(path)
    assert problems == []
    return event


def home_html(events, text=None, today=dt.date(2026, 1, 1)) -> str:
    """The home page's HTML as the site converts it: the maintainers' text around the frame."""
    home = render_home(Fragments(), events, today, text)
    extension = WrapupExtension()
    extension.layout = home.layout
    return markdown.markdown(home.markdown, extensions=["wrapup.pages.gfm", extension])


def rows(html: str) -> list[list[str]]:
    table = BeautifulSoup(html, "html.parser").select_one(".wrapup-events-table table")
    return [[cell.get_text() for cell in row.select("th, td")] for row in table.select("tr")]


def test_table_lists_events_newest_first_with_the_five_columns(tmp_path):
    older = make_event(tmp_path, "2023-05_Leverkusen")
    newer = make_event(
        tmp_path,
        "2024-05_Schelklingen",
        start="2024-05-13",
        end="2024-05-17",
        place="Schlosshof Freizeitheim, Schelklingen",
        url="https://www.schlosshof-info.de/",
        organiser="x-cellent",
        title="Hack The Garden 05/2024 Wrap Up",
    )
    html = home_html([older, newer])
    table = rows(html)
    assert table[0] == ["Dates", "Place", "Organiser", "Topics", "Wrap-up"]
    assert table[1] == [
        "13–17 May 2024",
        "Schlosshof Freizeitheim, Schelklingen",
        "x-cellent",
        "1",
        "Hack The Garden 05/2024 Wrap Up",
    ]
    assert table[2][0] == "22–26 May 2023" and len(table) == 3
    assert '<a href="https://www.schlosshof-info.de/">Schlosshof' in html
    assert '<a href="2024-05_Schelklingen/README.md">Hack The Garden' in html


def test_future_event_shows_as_upcoming(tmp_path):
    event = make_event(tmp_path, "2030-05_Schelklingen", start="2030-05-13", end="2030-05-17")
    assert rows(home_html([event]))[1][3] == "upcoming"


def test_event_without_topics_shows_as_upcoming(tmp_path):
    event = make_event(tmp_path, "2023-05_Leverkusen", body="The wrap-up follows.\n")
    assert rows(home_html([event]))[1][3] == "upcoming"


def test_front_matter_text_cannot_break_the_table_or_inject_html(tmp_path):
    event = make_event(
        tmp_path,
        "2023-05_Leverkusen",
        place="A | B <script>alert(1)</script>",
        organiser="[x](javascript:alert(1)) *bold*",
        url="https://example.org/a_(b)",
    )
    html = home_html([event])
    assert html.count("<td") == 5
    assert "<script>" not in html
    assert "A | B &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[x](javascript:alert(1)) *bold*" in html
    assert 'href="https://example.org/a_(b)"' in html


def test_escape_cell_keeps_text_literal():
    assert markdown.markdown(escape_cell("a_b *c* `d` [e](f) #g")) == "<p>a_b *c* `d` [e](f) #g</p>"


def test_date_ranges_repeat_only_what_differs():
    assert format_dates(dt.date(2023, 5, 22), dt.date(2023, 5, 26)) == "22–26 May 2023"
    assert format_dates(dt.date(2024, 11, 28), dt.date(2024, 12, 2)) == "28 Nov – 2 Dec 2024"
    assert format_dates(dt.date(2024, 12, 30), dt.date(2025, 1, 3)) == "30 Dec 2024 – 3 Jan 2025"
    assert format_dates(dt.date(2024, 12, 30), dt.date(2024, 12, 30)) == "30 Dec 2024"


def test_home_page_puts_the_table_into_the_maintainers_text_where_its_marker_stands(tmp_path):
    text = "# Our Hackathons\n\nIntro.\n\n<!-- events -->\n\n## What to Expect\n\nInternet access is via Starlink.\n"
    home = home_html([make_event(tmp_path, "2023-05_Leverkusen")], text)
    assert (
        home.index("Intro.")
        < home.index(">Events</h2>")
        < home.index('<div class="wrapup-events-table">')
        < home.index(">What to Expect</h2>")
    )
    assert "Internet access is via Starlink" in home and home.count("<h1") == 1 and "events -->" not in home


def test_the_home_text_is_content_in_the_events_folder():
    from wrapup.model.events import HOME_TEXT

    text = (PROJECT / "hackathons" / HOME_TEXT).read_text(encoding="utf-8")
    assert "<!-- events -->" in text and "## What to Expect" in text


def test_home_page_without_a_text_still_has_a_title_and_the_table(tmp_path):
    home = home_html([make_event(tmp_path, "2023-05_Leverkusen")])
    assert "<h1>Hackathons</h1>" in home and '<div class="wrapup-events-table">' in home
