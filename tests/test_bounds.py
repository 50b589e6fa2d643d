"""Every cost is bounded by the input's size, and a bound reached is a diagnostic, never a stall
or a traceback: sanitiser reports, <use> fan-out and embedded pictures in diagrams, social cards,
repository pages and their navigation, repository names."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import event_readme


def test_thousands_of_removals_are_found_in_one_pass_and_reported_at_most_a_hundred_at_a_time():
    from wrapup.pages.sanitize import MAX_REPORTED, diagnostics, sanitize

    source = "".join(f'<b onclick="f{number}()">{number}</b>\n' for number in range(10_000))
    removed = sanitize(source).removed
    found = diagnostics(Path("README.md"), source, removed)
    assert len(found) == MAX_REPORTED + 1
    assert [d.line for d in found[:3]] == [1, 2, 11]  # by value, as text: f0(), f1(), f10()
    assert found[-1].message.startswith(f"and {10_000 - MAX_REPORTED} more removals")


def svg(body: str) -> bytes:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="20" height="20">{body}</svg>'
    ).encode()


def fan_out(levels: int, width: int) -> bytes:
    body = ['<defs><rect id="l0" width="1" height="1"/>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use xlink:href="#l{level - 1}"/>' for _ in range(width))
        body.append(f'<g id="l{level}">{uses}</g>')
    body.append(f'</defs><use xlink:href="#l{levels}"/>')
    return svg("".join(body))


@pytest.mark.parametrize(
    ("drawing", "reason"),
    [
        (fan_out(9, 10), "would draw more than 200,000 shapes"),  # a billion rectangles from 2 KB
        (svg('<g id="a"><use xlink:href="#a"/></g>'), "refers to itself"),
        (svg('<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g><use href="#a"/>'), "refers to itself"),
        (
            svg("".join(f'<g id="c{n}"><use href="#c{n + 1}"/></g>' for n in range(40)) + '<rect id="c40"/>'),
            "more than 32 levels deep",
        ),
    ],
)
def test_a_drawing_whose_uses_fan_out_or_loop_is_refused_by_name(drawing, reason):
    from wrapup.media.diagrams import DiagramError, parse

    assert len(drawing) < 6_000
    with pytest.raises(DiagramError, match=reason):
        parse(drawing, [])


def test_a_drawing_that_reuses_its_shapes_a_few_times_is_drawn():
    from wrapup.media.diagrams import render

    assert render(fan_out(3, 4)).png.startswith(b"\x89PNG")


def png_data_url(width: int, height: int) -> str:
    import base64

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def test_embedded_pictures_are_bounded_in_all_and_the_rest_is_left_out_with_a_warning(monkeypatch):
    from wrapup.media import diagrams

    monkeypatch.setattr(diagrams, "MAX_EMBEDDED_TOTAL_PIXELS", 3 * 100 * 100)
    picture = png_data_url(100, 100)
    notes: list[diagrams.Note] = []
    fetch = diagrams.EmbeddedFetcher(notes)
    drawn = [fetch(picture, "image") for _ in range(5)]
    assert [data != diagrams._NOTHING for data in drawn] == [True, True, True, False, False]
    assert len(notes) == 2 and all(note.warning for note in notes)
    assert "may hold 30,000 pixels in all" in notes[0].message


@pytest.mark.parametrize(
    "title",
    ["W" * 50_000, "word " * 13_000, "Hack The Garden " + "ü" * 64_000, "x"],
)
def test_a_card_measures_a_bounded_number_of_times_whatever_the_title(monkeypatch, title):
    from PIL import ImageDraw

    from wrapup.media.social_cards import HEIGHT, WIDTH, CardText, draw_card

    calls = []
    measure = ImageDraw.ImageDraw.textlength
    monkeypatch.setattr(ImageDraw.ImageDraw, "textlength", lambda *a, **k: calls.append(1) or measure(*a, **k))
    data = draw_card(CardText("Site", title, "22-26 May 2023", "P" * 64_000))
    assert len(calls) < 400
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (WIDTH, HEIGHT)


def test_a_long_title_is_cut_with_an_ellipsis_on_its_card():
    from PIL import ImageDraw

    from wrapup.media.social_cards import _font, _wrap

    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    lines = _wrap(draw, "W" * 50_000, _font("bold", 76), 1040, 3)
    assert len(lines) == 1 and lines[0].endswith("…")


def repositories_readme(count: int, extra: str = "") -> str:
    links = " ".join(f"https://github.com/owner/repo{number}" for number in range(count))
    return event_readme(body=f"## First\n\n**Code:** {links}\n\n## Second\n\n**Code:** {links}{extra}\n")


def test_the_navigation_lists_a_bounded_number_of_repository_pages(fixture_site):
    from wrapup.pages.overview import MAX_REPOSITORIES_IN_NAV

    fixture_site.add("2023-05_Leverkusen/README.md", repositories_readme(MAX_REPOSITORIES_IN_NAV + 20))
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    pages = list((fixture_site.site_dir / "repositories" / "owner").glob("*/index.html"))
    assert len(pages) == MAX_REPOSITORIES_IN_NAV + 20
    for page in pages[:3]:
        nav = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("nav.md-nav--primary a")
        assert (
            sum("/repositories/owner/" in (a.get("href") or "") or "../repo" in (a.get("href") or "") for a in nav)
            <= MAX_REPOSITORIES_IN_NAV
        )
    index = (fixture_site.site_dir / "repositories" / "index.html").read_text(encoding="utf-8")
    assert all(f"owner/repo{number}" in index for number in range(MAX_REPOSITORIES_IN_NAV + 20))


def test_a_repository_name_no_github_repository_can_have_is_a_warning_at_its_line(fixture_site):
    long_name = "r" * 300
    readme = fixture_site.add(
        "2023-05_Leverkusen/README.md",
        event_readme(
            body=f"## Topic\n\n**Problem Statement:** text\n\n**Code:** https://github.com/owner/{long_name} "
            f"https://github.com/owner/{long_name}/pull/1\n"
        ),
    )
    line = (
        readme.read_text(encoding="utf-8")
        .splitlines()
        .index(next(text for text in readme.read_text(encoding="utf-8").splitlines() if long_name in text))
        + 1
    )
    build = fixture_site.build(strict=False)
    assert build.returncode == 0 and "Traceback" not in build.stderr
    expected = (
        f"hackathons/2023-05_Leverkusen/README.md:{line}: warning: '{'r' * 60}' cannot be a GitHub repository name"
    )
    assert expected in build.stderr
    assert build.stderr.count("[repository-name]") == 2
    check = subprocess.run(
        [sys.executable, "-m", "wrapup.cli", "check", "--strict"],
        cwd=fixture_site.root,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert check.returncode == 1 and expected in check.stdout
