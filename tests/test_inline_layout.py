"""Layout authors write with inline CSS survives, as readers expect; what could run script, load
from elsewhere or cover the page does not, and is a warning.

The community's next wrap-up lays its group pictures out as GitHub users do:
``<div style="display: flex; justify-content: center; gap: 20px">`` around two
``<img style="width: 49%">``. GitHub drops the styles and stacks the pictures; the site keeps the
layout (side by side on a desktop, stacked on a phone), and reports what it drops: information
for presentation GitHub drops too, a warning for anything that could cover the page.
"""

from __future__ import annotations

import pytest
from PIL import Image

from conftest import FixtureSite, event_readme, write_config
from test_browser import serving

GROUP_PICTURES = """\
## Group pictures

**Achievements:** we met.

<div style="display: flex; justify-content: center; gap: 20px">
  <img src="day-one.jpeg" alt="Day one" style="width: 49%">
  <img src="day-two.jpeg" alt="Day two" style="width: 49%">
</div>
"""


@pytest.fixture(scope="module")
def layout_site(tmp_path_factory) -> FixtureSite:
    site = FixtureSite(tmp_path_factory.mktemp("layout"))
    site.content.mkdir()
    write_config(site.root, site.content, site.site_dir)
    site.add("2026-05_Leverkusen/README.md", event_readme(start="2026-05-11", end="2026-05-15", body=GROUP_PICTURES))
    for name, colour in (("day-one.jpeg", (200, 80, 40)), ("day-two.jpeg", (40, 80, 200))):
        path = site.content / "2026-05_Leverkusen" / name
        Image.new("RGB", (1600, 1200), colour).save(path, "JPEG")
    return site


@pytest.fixture(scope="module")
def strict_build(layout_site):
    result = layout_site.build()
    assert result.returncode == 0, result.stderr
    return result


def test_a_flex_row_of_pictures_builds_strict_and_keeps_its_styles(layout_site, strict_build):
    html = (layout_site.site_dir / "2026-05-leverkusen" / "index.html").read_text(encoding="utf-8")
    assert 'style="display:flex;justify-content:center;gap:20px"' in html
    assert html.count('style="width:49%"') == 2
    assert "[unsafe-html]" not in strict_build.stderr


def picture_boxes(browser, url: str, width: int) -> tuple[list[dict], int]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(url, wait_until="load")
    boxes = page.evaluate("""() => [...document.querySelectorAll('article img[alt^="Day"]')]
        .map(img => { const r = img.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; })""")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    page.close()
    return boxes, overflow


@pytest.mark.browser
def test_the_pictures_stand_side_by_side_on_a_desktop(layout_site, strict_build, browser):
    with serving(layout_site.site_dir) as url:
        (first, second), overflow = picture_boxes(browser, url + "2026-05-leverkusen/", 1440)
    assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"] + first["w"]
    assert first["w"] > 200 and overflow <= 0


@pytest.mark.browser
def test_the_pictures_stack_without_overflow_on_a_phone(layout_site, strict_build, browser):
    with serving(layout_site.site_dir) as url:
        (first, second), overflow = picture_boxes(browser, url + "2026-05-leverkusen/", 390)
    assert second["y"] >= first["y"] + first["h"] - 1
    assert first["w"] > 300 and overflow <= 0


@pytest.mark.parametrize(
    "style",
    [
        "position: fixed; inset: 0; z-index: 9999",
        "background: url(https://example.org/track.png)",
        "width: 100vw; margin-left: -50vw",
        "transform: translateY(-400px)",
        "behavior: url(x.htc)",
    ],
)
def test_a_style_that_could_cover_the_page_or_load_from_elsewhere_is_a_warning(fixture_site, style):
    readme = fixture_site.add(
        "2023-05_Leverkusen/README.md",
        event_readme(
            body=f'## Topic\n\n**Achievements:** text\n\n<div style="display: flex; {style}">covering</div>\n'
        ),
    )
    line = (
        readme.read_text(encoding="utf-8")
        .splitlines()
        .index(next(text for text in readme.read_text(encoding="utf-8").splitlines() if "covering" in text))
        + 1
    )
    result = fixture_site.build()
    assert result.returncode == 1
    assert f"hackathons/2023-05_Leverkusen/README.md:{line}: warning: raw HTML style=" in result.stderr
    assert "[unsafe-html]" in result.stderr
    html = fixture_site.site_dir / "2023-05-leverkusen" / "index.html"
    assert not html.exists()  # strict: nothing published


def test_presentation_github_drops_too_is_information_and_builds_strict(fixture_site):
    fixture_site.add(
        "2023-05_Leverkusen/README.md",
        event_readme(
            body='## Topic\n\n**Achievements:** <span style="font-family: Comic Sans MS; border: 1px solid red">'
            'styled</span> and <b class="big">classed</b>\n'
        ),
    )
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    assert 'info: style="font-family:Comic Sans MS;border:1px solid red" on <span>' in result.stderr
    assert "[html-presentation]" in result.stderr


@pytest.mark.parametrize(
    "style",
    ["margin-top: calc(1px * -3000)", "margin: 1em -2em", "width: min(100%, 9999px)", "height: 10dvh", "gap: -4px"],
)
def test_a_box_value_that_is_negative_viewport_sized_or_computed_is_removed(style):
    from wrapup.pages.sanitize import presentation_only, sanitize

    cleaned = sanitize(f'<div style="display: flex; {style}">x</div>')
    assert cleaned.html == '<div style="display:flex">x</div>'
    assert not presentation_only(cleaned.removed[0])  # a warning: it could lay the box over the page
