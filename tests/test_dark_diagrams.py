"""Diagrams in the reader's colours (issue #31): every diagram also drawn as draw.io's dark theme
draws it, its labels as readable as in the light one, shown by Material's scheme without a
flash, opened in the lightbox as shown; draw.io's export artefact never drawn."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as etree
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import ConfigurationError
from PIL import Image, ImageFilter

from conftest import SEED_CONTENT, event_readme
from dark_measure import contrast_losses, ocr_recall, text_contrasts
from drawio_world import WORLD, Box, World, export
from wrapup.config import settings_from
from wrapup.media import diagrams
from wrapup.media.diagrams import SCALE, contrast, output_scale, prepare, render
from wrapup.media.drawio_labels import DARK, LABEL_BACKGROUND, LIGHT, SVG, Measurer, themed_colour

SEED_DIAGRAMS = sorted(SEED_CONTENT.rglob("*.drawio.svg"))
WORLD_DIAGRAMS = sorted(WORLD.glob("*.drawio.svg"))
# One of each label engine and of each kind of content: the quick tier; the slow one takes all.
QUICK_WORLD = [
    WORLD / f"{name}.drawio.svg"
    for name in ("plain-legacy", "rich-adaptive", "lists-variables", "vertical-bare", "icons-flex", "math-adaptive")
]
TEXT = f"{{{SVG}}}text"


def name_of(path: Path) -> str:
    return path.name


@pytest.fixture(scope="module")
def measure() -> Measurer:
    return Measurer()


# ---- colours -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, light, dark",
    [
        ("rgb(0, 0, 0)", "rgb(0, 0, 0)", DARK.text),  # the file's default black and white swap
        ("#FFFFFF", "#FFFFFF", DARK.background),
        ("white", "white", DARK.background),
        ("light-dark(#000000, #ffffff)", "#000000", "#ffffff"),  # draw.io's adaptive colour: its dark value, final
        ("light-dark(#ffffff, var(--ge-dark-color, #121212))", "#ffffff", DARK.background),
        ("var(--ge-adaptive-bg, #ffffff)", "#ffffff", DARK.background),  # an adaptive variable's light fallback swaps
        ("#dae8fc", "#dae8fc", "#dae8fc"),  # a colour the author chose stays
        ("rgb(211, 47, 47)", "rgb(211, 47, 47)", "rgb(211, 47, 47)"),
    ],
)
def test_the_files_defaults_swap_and_the_authors_colours_stay(value, light, dark):
    assert (themed_colour(value, LIGHT), themed_colour(value, DARK)) == (light, dark)


def test_text_on_a_pale_fill_keeps_its_dark_colour_and_a_dark_red_turns_lighter(measure):
    rolling = next(path for path in SEED_DIAGRAMS if "rolling" in path.name)
    dark, _, _ = prepare(rolling.read_bytes(), measure, palette=DARK)
    fills = {text.text: (text.get("style") or text.get("fill")) for text in etree.fromstring(dark).iter(TEXT)}
    assert "#000000" in fills["gardener-node-agent-controller"]  # on the author's pale blue
    assert fills["gardenlet"] == DARK.text  # on the swapped white fill
    rich, _, _ = prepare((WORLD / "rich-adaptive.drawio.svg").read_bytes(), measure, palette=DARK)
    red = next(text for text in etree.fromstring(rich).iter(TEXT) if text.text == "Red")
    colour = re.search(r"fill: #([0-9a-f]{6})", red.get("style") or "")
    assert colour, red.attrib
    rgb = tuple(int(colour[1][i : i + 2], 16) for i in (0, 2, 4))
    assert rgb[0] > rgb[1] + 40 and rgb[0] > rgb[2] + 40  # still red
    assert contrast(rgb, (0x1E, 0x21, 0x29)) >= 4.5


# ---- labels' own backgrounds: the colour of what they stand on ---------------------------------

PALE, NAVY, NOTE = "#f5f5f5", "#0d47a1", "#fff2cc"


def containers(engine: str) -> str:
    """Two containers the author filled, pale and dark, each crossed by an edge whose label has
    draw.io's default background (white, or its adaptive pair); on the page, an edge label in the
    author's own yellow."""
    world = World(
        "containers",
        460,
        360,
        engine,
        [Box(20, 20, 200, 160, "Worker node"), Box(240, 20, 200, 160, "Seed cluster")],
        [((60, 60), (60, 160), "starts"), ((280, 60), (280, 160), "watch"), ((20, 200), (440, 340), "noted")],
    )
    svg = export(world)
    for fill in (PALE, NAVY):  # the boxes' fills, in order
        svg = svg.replace('fill="#ffffff" stroke="#000000"', f'fill="{fill}" stroke="#000000"', 1)
    # draw.io 2024 on writes the default as its light-dark() pair: the same default.
    adaptive = "light-dark(#ffffff, var(--ge-dark-color, #121212))"
    svg = svg.replace(
        '<span style="background-color: #ffffff;">watch', f'<span style="background-color: {adaptive};">watch'
    )
    return svg.replace(
        '<span style="background-color: #ffffff;">noted', f'<span style="background-color: {NOTE};">noted'
    )


def label_colours(prepared: bytes) -> dict[str, tuple[str, str]]:
    """Each label's words: (its background's fill, its text's fill)."""
    found = {}
    for group in etree.fromstring(prepared).iter(f"{{{SVG}}}g"):
        background = next(
            (rect for rect in group.iter(f"{{{SVG}}}rect") if rect.get("class") == LABEL_BACKGROUND), None
        )
        if group.get("class") == "wrapup-label" and background is not None:
            text = next(group.iter(TEXT))
            fill = re.search(r"fill: (#[0-9a-f]{6})", text.get("style") or "")
            found[text.text or ""] = (background.get("fill") or "", fill[1] if fill else text.get("fill") or "")
    return found


def rgb_of(colour: str) -> tuple[int, int, int]:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return red, green, blue


@pytest.mark.parametrize("engine", ["flex", "legacy", "bare"])
def test_a_default_label_background_takes_the_colour_of_what_the_label_stands_on(engine, measure):
    prepared, _, _ = prepare(containers(engine).encode(), measure, palette=DARK)
    colours = label_colours(prepared)
    # Inside the pale container: a pale background, as around it, and dark words on it.
    assert colours["starts"][0] == PALE and contrast(rgb_of(colours["starts"][1]), rgb_of(PALE)) >= 4.5
    # Inside the dark one: its navy, and the theme's white words, which read there.
    assert colours["watch"] == (NAVY, DARK.text.lower())
    # The author's own background colour stays, and so does the text's colour where it reads.
    light, _, _ = prepare(containers(engine).encode(), measure, palette=LIGHT)
    assert colours["noted"][0] == NOTE == label_colours(light)["noted"][0]
    assert label_colours(light)["starts"][0] == "#ffffff"  # the light variant draws what draw.io draws


def test_a_default_label_background_on_the_page_stays_the_page_and_the_picture_shows_no_patch(measure):
    rolling = next(path for path in SEED_DIAGRAMS if "rolling" in path.name)
    on_the_page = label_colours(prepare(rolling.read_bytes(), measure, palette=DARK)[0])
    assert on_the_page and {background for background, _ in on_the_page.values()} == {DARK.background}
    # In the picture: no pixel of the dark page inside the pale container, around "starts" (x 20..100, y 100..120).
    image = Image.open(io.BytesIO(render(containers("flex").encode(), palette=DARK).png)).convert("RGB")
    box = image.crop((25 * SCALE, 100 * SCALE, 95 * SCALE, 120 * SCALE))
    assert (0x1E, 0x21, 0x29) not in {colour for _, colour in box.getcolors(box.width * box.height)}


# ---- contrast, measured from the pixels ---------------------------------------------------------


def assert_dark_reads_as_well(path: Path, measure: Measurer) -> None:
    data = path.read_bytes()
    light_svg, width, height = prepare(data, measure, palette=LIGHT)
    scale = output_scale(width, height)  # as the site draws it (a huge canvas smaller)
    light = text_contrasts(light_svg, LIGHT.background, scale)
    dark = text_contrasts(prepare(data, measure, palette=DARK)[0], DARK.background, scale)
    assert len(dark.measured) > 500, "too few glyph pixels to measure"  # every file has a few labels
    losses = contrast_losses(light, dark)
    assert losses == [], f"{path.name}: {len(losses)} glyph pixels below AA in the dark variant, first {losses[:3]}"


@pytest.mark.parametrize("path", SEED_DIAGRAMS + QUICK_WORLD, ids=name_of)
def test_every_label_of_the_dark_variant_has_aa_contrast_where_the_light_one_has(path, measure):
    assert_dark_reads_as_well(path, measure)


@pytest.mark.slow
@pytest.mark.parametrize("path", [path for path in WORLD_DIAGRAMS if path not in QUICK_WORLD], ids=name_of)
def test_every_label_of_the_whole_world_corpus_reads_in_the_dark(path, measure):
    assert_dark_reads_as_well(path, measure)


def test_the_contrast_measure_finds_the_labels_nothing_made_readable(monkeypatch, measure):
    monkeypatch.setattr(diagrams, "ensure_contrast", lambda *arguments: 0)
    for path in (SEED_DIAGRAMS[-1], WORLD / "rich-adaptive.drawio.svg"):
        with pytest.raises(AssertionError, match="below AA"):
            assert_dark_reads_as_well(path, measure)


# ---- draw.io's export artefact ----------------------------------------------------------------


def without_switch(svg: str, warning: str = "Text is not SVG - cannot display") -> str:
    """draw.io's fallback line as an Inkscape edit leaves it: its <switch> gone, the link in a layer."""
    switch = re.search(r"<switch><g requiredFeatures=\"[^\"]*\"/>(<a .*?</a>)</switch>", svg, re.DOTALL)
    assert switch, "the export has its fallback line"
    link = switch[1].replace("Text is not SVG - cannot display", f"<tspan>{warning}</tspan>")
    return svg.replace(switch[0], f'<g id="layer2">{link}</g>')


@pytest.mark.parametrize("warning", ["Text is not SVG - cannot display", "Viewer does not support full SVG 1.1"])
def test_the_fallback_link_outside_its_switch_is_not_drawn_and_no_word_is_lost(warning, measure):
    world = World("t", 460, 120, "flex", [Box(20, 20, 200, 40, "Seed cluster")])
    svg = without_switch(export(world), warning)
    assert "<switch><g requiredFeatures" not in svg and warning in svg
    # An author's own text that says more than the line is the author's: it stays.
    svg = svg.replace("</svg>", '<text x="300" y="40">Text is not SVG - cannot display, said draw.io</text></svg>')
    prepared, _, _ = prepare(svg.encode(), measure)
    words = ["".join(text.itertext()) for text in etree.fromstring(prepared).iter(TEXT)]
    assert words == ["Seed", "cluster", "Text is not SVG - cannot display, said draw.io"]
    image = Image.open(io.BytesIO(render(svg.encode()).png)).convert("L")
    bottom = image.crop(
        (image.width // 2 - 110 * SCALE, image.height - 20 * SCALE, image.width // 2 + 110 * SCALE, image.height)
    )
    assert bottom.getextrema() == (255, 255), "something is drawn where the fallback line stood"


# ---- the build and the page ---------------------------------------------------------------------

BODY = "## Architecture\n\n![Design](design.drawio.svg)\n\n![Plain](plain.drawio.svg)\n"


def diagram_site(fixture_site, dark: bool | None = None):
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme(body=BODY))
    fixture_site.add("2023-05_Leverkusen/design.drawio.svg", SEED_DIAGRAMS[0].read_bytes())
    fixture_site.add("2023-05_Leverkusen/plain.drawio.svg", (WORLD / "plain-flex.drawio.svg").read_bytes())
    if dark is not None:
        import yaml

        config_path = fixture_site.root / "mkdocs.yml"
        config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
        config["extra"]["wrapup"]["dark_diagrams"] = dark
        config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return fixture_site


def page_of(site) -> BeautifulSoup:
    return BeautifulSoup(
        (site.site_dir / "2023-05-leverkusen" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )


def test_the_build_publishes_both_variants_once_and_the_page_holds_both(fixture_site):
    site = diagram_site(fixture_site)
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert "diagrams: 2 rendered, 0 cached" in result.stderr
    folder = site.site_dir / "2023-05-leverkusen"
    for name in ("design.drawio", "plain.drawio"):
        with Image.open(folder / f"{name}.png") as light, Image.open(folder / f"{name}.dark.png") as dark:
            assert light.size == dark.size
            assert dark.convert("RGB").getpixel((1, 1)) == (0x1E, 0x21, 0x29)  # Material's slate page
    link = page_of(site).select_one("article a.wrapup-diagram")
    images = link.select("img")
    assert [(image["src"], image["class"]) for image in images] == [
        ("design.drawio.png", ["off-glb", "wrapup-diagram-light"]),
        ("design.drawio.dark.png", ["off-glb", "wrapup-diagram-dark"]),
    ]
    assert link["href"] == "design.drawio.png"  # without script: the light one, as the page is
    again = site.build()
    assert "diagrams: 0 rendered, 2 cached" in again.stderr
    assert (folder / "design.drawio.dark.png").is_file()


def test_a_site_can_turn_dark_variants_off(fixture_site):
    site = diagram_site(fixture_site, dark=False)
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert not list(site.site_dir.rglob("*.dark.png"))
    assert [image["class"] for image in page_of(site).select("article a.wrapup-diagram img")] == [["off-glb"]] * 2


def test_the_setting_is_validated_by_mkdocs():
    assert settings_from({"extra": {"wrapup": {}}}).dark_diagrams is True
    with pytest.raises(ConfigurationError, match=r"extra\.wrapup\.dark_diagrams"):
        settings_from({"extra": {"wrapup": {"dark_diagrams": "yes"}}})


BROKEN_DARK = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><rect x="10" y="10" width="100" '
    'height="40" fill="light-dark(#dae8fc, rgb(1, 2))" stroke="#000000"/>'
    '<text x="20" y="35" font-size="12">kept words</text></svg>'
)


def test_a_dark_variant_that_cannot_be_drawn_leaves_the_light_one_with_a_warning(fixture_site):
    fixture_site.add(
        "2023-05_Leverkusen/README.md", event_readme(body="## Architecture\n\n![Design](design.drawio.svg)\n")
    )
    fixture_site.add("2023-05_Leverkusen/design.drawio.svg", BROKEN_DARK)
    result = fixture_site.build(strict=False)
    assert result.returncode == 0, result.stderr
    assert (
        "hackathons/2023-05_Leverkusen/design.drawio.svg: warning: diagram drawn with a difference: no dark "
        "variant: CairoSVG could not draw it (ValueError: not enough values to unpack (expected 3, got 2)); "
        "readers in the dark scheme see the light one [diagram]"
    ) in result.stderr
    folder = fixture_site.site_dir / "2023-05-leverkusen"
    assert (folder / "design.drawio.png").is_file() and not (folder / "design.drawio.dark.png").exists()
    images = page_of(fixture_site).select("article a.wrapup-diagram img")
    assert [(image["src"], image["class"]) for image in images] == [("design.drawio.png", ["off-glb"])]
    again = fixture_site.build(strict=False)  # the warning again, from the cache
    assert "no dark variant" in again.stderr and "diagrams: 0 rendered, 1 cached" in again.stderr


# ---- in the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def diagram_url(tmp_path_factory):
    from conftest import FixtureSite, write_config
    from test_browser import serving

    root = tmp_path_factory.mktemp("dark-site")
    site = FixtureSite(root)
    site.content.mkdir()
    write_config(root, site.content, site.site_dir)
    diagram_site(site)
    result = site.build()
    assert result.returncode == 0, result.stderr
    with serving(site.site_dir) as url:
        yield url + "2023-05-leverkusen/"


def scheme(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def switch_to(page, wanted: str) -> None:
    """Click Material's palette toggle (it cycles automatic, light, dark) until the page is ``wanted``."""
    for _ in range(3):
        if scheme(page) == wanted and page.evaluate("!!(__md_get('__palette') || {}).color"):
            return
        page.locator("form[data-md-component=palette] label:visible").first.click()
    assert scheme(page) == wanted


def shown_diagram(page) -> str:
    return page.locator("article a.wrapup-diagram").first.locator("img:visible").get_attribute("src")


def lightbox_picture(page) -> str:
    page.locator("article a.wrapup-diagram").first.click()
    picture = page.locator(".glightbox-container .gslide.current img")
    picture.wait_for()
    src = picture.get_attribute("src")
    page.keyboard.press("Escape")
    page.locator(".glightbox-container").wait_for(state="detached")
    return src


@pytest.mark.browser
def test_switching_the_palette_swaps_the_picture_and_the_lightbox_opens_the_one_in_view(browser, diagram_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    page.goto(diagram_url)
    switch_to(page, "default")
    assert shown_diagram(page) == "design.drawio.png"
    assert lightbox_picture(page).endswith("design.drawio.png")
    switch_to(page, "slate")
    assert shown_diagram(page) == "design.drawio.dark.png"
    assert page.locator("img.wrapup-diagram-dark").first.evaluate("image => image.complete && image.naturalWidth > 0")
    assert lightbox_picture(page).endswith("design.drawio.dark.png")
    switch_to(page, "default")
    assert shown_diagram(page) == "design.drawio.png"
    assert lightbox_picture(page).endswith("design.drawio.png")
    context.close()


def white_region_share(image: Image.Image, low: int = 235, high: int = 255) -> float:
    """The share of the picture in white-ish regions (grey ``low`` to ``high``): what is left of
    them once lines and letters (a few pixels wide) are worn away."""
    mask = image.convert("L").point(lambda value: 255 if low <= value <= high else 0)
    regions = mask.filter(ImageFilter.MinFilter(7))
    return regions.histogram()[255] / (image.width * image.height)


@pytest.mark.browser
def test_a_dark_system_shows_dark_diagrams_with_no_large_white_region_the_author_did_not_draw(browser, diagram_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(diagram_url)
    assert scheme(page) == "slate"  # Material's automatic palette follows the system
    for name, source in (("design.drawio", SEED_DIAGRAMS[0]), ("plain.drawio", WORLD / "plain-flex.drawio.svg")):
        image = page.locator(f"article img[src='{name}.dark.png']")
        image.scroll_into_view_if_needed()
        image.evaluate("image => image.decode()")
        shot = Image.open(io.BytesIO(image.screenshot())).convert("RGB")
        # What the author drew white-ish themselves (a pale fill, not the page's white) may stay.
        light = Image.open(io.BytesIO(render(source.read_bytes()).png)).convert("RGB")
        authored = white_region_share(light, high=254)
        assert white_region_share(shot) <= authored + 0.01, name
        assert white_region_share(light) > 0.5  # the light one: the white rectangle the reader no longer gets
    context.close()


# ---- OCR: the dark labels read back as the light ones ------------------------------------------------


# tesseract reads them with its English model: the labels of scripts-* (Chinese, Korean, Cyrillic,
# Greek) have no word it could read, in either variant; their contrast is measured above.
LATIN_WORLD = [path for path in WORLD_DIAGRAMS if not path.name.startswith("scripts-")]


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("path", SEED_DIAGRAMS + LATIN_WORLD, ids=name_of)
def test_the_dark_variants_labels_ocr_as_well_as_the_light_ones(browser, path):
    import shutil

    if shutil.which("tesseract") is None:
        pytest.fail("tesseract is not installed: Debian's tesseract-ocr (.ci/system-deps test installs it)")
    (light_found, total, light_missed), (dark_found, _, dark_missed) = ocr_recall(browser, path)
    assert total > 0
    # OCR flips a word now and then between near-identical images: one word either way.
    assert dark_found >= light_found - 1, f"light missed {light_missed}, dark missed {dark_missed}"


# ---- lines in the file's default colour: 3:1 against what is beside them -----------------------

# A pale container the author filled; inside, an edge with its arrowhead, all in draw.io's default
# black; an edge that starts on the page and ends inside; one on the page only; one in the
# author's red. draw.io draws an arrowhead as its own path, filled in the line's colour.
LINES = """<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="400px" height="260px" viewBox="-0.5 -0.5 400 260">
<defs/><g>
<rect id="container" x="20" y="20" width="200" height="220" fill="#f5f5f5" stroke="rgb(0, 0, 0)" pointer-events="all"/>
<path id="inside" d="M 60 40 L 60 193.63" fill="none" stroke="rgb(0, 0, 0)" stroke-miterlimit="10"/>
<path id="inside-head" d="M 60 198.88 L 56.5 191.88 L 60 193.63 L 63.5 191.88 Z" fill="rgb(0, 0, 0)" stroke="rgb(0, 0, 0)"/>
<path id="crossing" d="M 380 100 L 126.37 100" fill="none" stroke="rgb(0, 0, 0)" stroke-miterlimit="10"/>
<path id="crossing-head" d="M 121.12 100 L 128.12 96.5 L 126.37 100 L 128.12 103.5 Z" fill="rgb(0, 0, 0)" stroke="rgb(0, 0, 0)"/>
<path id="page" d="M 260 160 L 380 160" fill="none" stroke="#000000"/>
<path id="red" d="M 260 200 L 380 200" fill="none" stroke="#d32f2f"/>
</g></svg>"""
DEFAULT_LINES = ["container", "inside", "inside-head", "crossing", "crossing-head", "page"]


def test_every_default_line_reaches_3_to_1_against_what_is_beside_it_in_the_dark(measure):
    from dark_measure import line_contrasts

    dark, _, _ = prepare(LINES.encode(), measure, palette=DARK)
    measured = line_contrasts(dark, DARK.background, DEFAULT_LINES)
    assert all(measured.values()), measured  # every line was found, and something beside it
    failing = {name: min(values) for name, values in measured.items() if min(values) < 3.0}
    assert not failing, failing
    styles = {element.get("id"): element.get("style") or "" for element in etree.fromstring(dark).iter()}
    assert "stroke" not in styles["page"] and "stroke" not in styles["red"]  # white on the page; the author's red


def test_the_light_variant_of_default_lines_is_what_draw_io_draws(measure):
    light, _, _ = prepare(LINES.encode(), measure, palette=LIGHT)
    assert light == prepare(LINES.encode(), measure, palette=LIGHT)[0]
    image = Image.open(io.BytesIO(render(LINES.encode(), palette=LIGHT).png)).convert("RGB")
    assert image.getpixel((60 * SCALE, 120 * SCALE)) == (0, 0, 0)  # the inside edge
    assert image.getpixel((300 * SCALE, 100 * SCALE)) == (0, 0, 0)  # the crossing one, on the page
    assert "stroke:" not in light.decode()  # no line recoloured
