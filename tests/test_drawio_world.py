"""draw.io exports as the world writes them: each feature renders with every label, or says
exactly what it could not draw (``tests/drawio_world.py`` writes the corpus)."""

from __future__ import annotations

import base64
import io
import xml.etree.ElementTree as etree
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import event_readme
from drawio_world import WORLD, Box, World, export, worlds
from wrapup.media import drawio_labels
from wrapup.media.diagrams import (
    SCALE,
    DiagramError,
    prepare,
    render,
    resolve_colours,
    shown_url,
)
from wrapup.media.drawio_labels import (
    SVG,
    Measurer,
    installed_families,
    resolve_css_functions,
)

TEXT = f"{{{SVG}}}text"


@pytest.fixture(scope="module")
def measure() -> Measurer:
    return Measurer()


def drawn_words(svg: bytes, measure: Measurer) -> list[str]:
    prepared, _, _ = prepare(svg, measure)
    return [text.text for text in etree.fromstring(prepared).iter(TEXT)]


def one(box: Box, engine: str = "flex", **world) -> bytes:
    return export(World("t", 460, 200, engine, [box], **world)).encode()


def png(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(render(data).png)).convert("RGB")


def test_the_corpus_on_disk_is_what_the_generator_writes():
    on_disk = {path.name: path.read_text(encoding="utf-8") for path in WORLD.glob("*.drawio.svg")}
    assert on_disk == {f"{world.name}.drawio.svg": export(world) for world in worlds()}
    assert len(on_disk) >= 40


@pytest.mark.parametrize("path", sorted(WORLD.glob("*.drawio.svg")), ids=lambda path: path.name)
def test_every_export_of_the_corpus_renders_with_every_label_word(path):
    result = render(path.read_bytes())
    assert result.png.startswith(b"\x89PNG")
    assert [note.message for note in result.notes if note.warning] == []


@pytest.mark.parametrize("engine", ["legacy", "bare", "flex", "adaptive", "variables"])
def test_each_label_engine_draws_the_whole_label(engine, measure):
    box = Box(20, 20, 200, 60, "Reconcile the operating system config")
    assert drawn_words(one(box, engine), measure) == ["Reconcile", "the", "operating", "system", "config"]


def test_a_bare_foreign_object_is_placed_at_its_x_y(measure):
    prepared, _, _ = prepare(one(Box(100, 40, 200, 60, "Seed", align="left"), "bare"), measure)
    text = next(etree.fromstring(prepared).iter(TEXT))
    assert float(text.get("x")) == pytest.approx(104, abs=1)


def test_a_legacy_label_is_centred_in_its_width(measure):
    prepared, _, _ = prepare(one(Box(0, 0, 208, 60, "Seed"), "legacy"), measure)
    text = next(etree.fromstring(prepared).iter(TEXT))
    width = measure.width("Seed", drawio_labels.Font())
    assert float(text.get("x")) == pytest.approx((200 - width) / 2, abs=1)


@pytest.mark.parametrize(
    "value, resolved",
    [
        ("var(--ge-adaptive-bg, #ffffff)", "#ffffff"),
        ("light-dark(var(--ge-dark-color, #121212), #ffffff)", "#121212"),
        ("light-dark(rgb(0, 0, 0), rgb(255, 255, 255))", "rgb(0, 0, 0)"),
        ("var(--undefined)", ""),
    ],
)
def test_css_functions_resolve_as_a_light_browser_does(value, resolved):
    assert resolve_css_functions(value) == resolved


def test_an_unknown_colour_function_is_left_out_rather_than_stopping_the_drawing():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><rect width="20" height="20" '
        b'fill="color-mix(in srgb, red, blue)" style="stroke: oklch(0.5 0.2 30); fill: color-mix(in srgb, red, blue)"/></svg>'
    )
    root = etree.fromstring(svg)
    resolve_colours(root)
    rect = root[0]
    assert rect.get("fill") is None and "color-mix" not in rect.get("style") and "oklch" not in rect.get("style")
    assert render(svg).png.startswith(b"\x89PNG")


def test_embedded_png_jpeg_and_svg_pictures_are_drawn():
    image = png((WORLD / "icons-flex.drawio.svg").read_bytes())
    # The icons sit at (24, 24) in each box: green PNG, orange JPEG, blue SVG cloud.
    assert image.getpixel((28 * SCALE, 28 * SCALE))[1] > 140 and image.getpixel((28 * SCALE, 28 * SCALE))[0] < 100
    red, _green, blue = image.getpixel((228 * SCALE, 28 * SCALE))
    assert red > 200 and blue < 80
    cloud = image.crop((24 * SCALE, 104 * SCALE, 48 * SCALE, 128 * SCALE))
    pixels = cloud.tobytes()
    assert any(pixels[i + 2] > 180 and pixels[i] < 80 for i in range(0, len(pixels), 3))


def picture(href: str) -> bytes:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40">'
        f'<rect width="40" height="40" fill="#ffffff"/><image width="20" height="20" xlink:href="{href}"/></svg>'
    ).encode()


def test_an_embedded_picture_that_cannot_be_decoded_is_left_out_with_a_warning():
    result = render(picture("data:image/png;base64," + base64.b64encode(b"not a png at all").decode()))
    assert [note.message for note in result.notes if note.warning] == [
        "left out an embedded image/png picture that cannot be decoded (UnidentifiedImageError)"
    ]


def test_an_embedded_picture_too_large_to_decode_is_left_out_with_a_warning():
    buffer = io.BytesIO()
    Image.new("1", (5000, 4000)).save(buffer, "PNG")  # 20 MP in a few kB
    result = render(picture("data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()))
    assert any("5000 x 4000 pixels" in note.message and note.warning for note in result.notes)


def test_an_embedded_svg_passes_the_same_checks_as_a_diagram():
    hostile = b'<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'
    with pytest.raises(DiagramError, match="entities"):
        render(picture("data:image/svg+xml;base64," + base64.b64encode(hostile).decode()))


def test_every_other_address_is_refused_and_a_message_never_holds_a_whole_data_address():
    assert [note.message for note in render(picture("https://example.org/x.png")).notes] == [
        (
            "left out the image from https://example.org/x.png: a diagram's pictures must be embedded in it, outside "
            "resources are never fetched"
        )
    ]
    long = "data:image/png;base64," + "A" * 5000
    assert shown_url(long) == "data:image/png;base64,…" and len(shown_url("https://e.org/" + "a" * 500)) <= 100


def test_math_inside_a_label_is_drawn_as_a_picture_between_its_words(measure):
    prepared, _, _ = prepare((WORLD / "math-flex.drawio.svg").read_bytes(), measure)
    root = etree.fromstring(prepared)
    label = next(group for group in root.iter(f"{{{SVG}}}g") if group.get("class") == "wrapup-label")
    assert [child.tag.rsplit("}", 1)[1] for child in label] == ["text", "svg", "text", "text"]
    assert [text.text for text in label.iter(TEXT)] == ["Loss", "per", "node"]


def test_a_label_that_cannot_be_laid_out_is_drawn_as_its_text_with_a_warning(monkeypatch, measure):
    def broken(foreign, measure):
        raise ValueError("odd label")

    monkeypatch.setattr(drawio_labels, "label_to_svg", broken)
    notes = []
    prepared, _, _ = prepare(one(Box(20, 20, 200, 60, "Keep these words")), measure, notes)
    assert [text.text for text in etree.fromstring(prepared).iter(TEXT)] == ["Keep", "these", "words"]
    assert [note.warning for note in notes] == [True] and "drawn plainly" in notes[0].message


def test_a_drawing_with_fewer_words_than_its_labels_is_a_warning(monkeypatch, measure):
    real = drawio_labels._emit_words

    def lossy(target, run, x, baseline, measure):
        if "secret" not in run.text:
            real(target, run, x, baseline, measure)

    monkeypatch.setattr(drawio_labels, "_emit_words", lossy)
    notes = []
    prepare(one(Box(20, 20, 300, 60, "<b>secret</b> plan")), measure, notes)
    assert any(note.warning and "missing secret" in note.message for note in notes)


def test_list_markers_stand_on_their_items_line_and_count(measure):
    box = Box(
        20, 20, 300, 150, "<ol><li>one</li><li><div>two</div></li></ol><ul><li><p>bullet</p></li></ul>", align="left"
    )
    prepared, _, _ = prepare(one(box), measure)
    texts = [(text.text, text.get("y")) for text in etree.fromstring(prepared).iter(TEXT)]
    by_word = dict(texts)
    assert by_word["1."] == by_word["one"] and by_word["2."] == by_word["two"] and by_word["•"] == by_word["bullet"]


def test_rich_text_keeps_its_styles(measure):
    prepared, _, _ = prepare(
        one(
            Box(
                20,
                20,
                400,
                60,
                '<font size="1">small</font> <a href="https://e.org">link</a> <font color="#ff0000">red</font>',
            )
        ),
        measure,
    )
    texts = {text.text: text for text in etree.fromstring(prepared).iter(TEXT)}
    assert texts["small"].get("font-size") == "10"
    assert texts["link"].get("fill") == drawio_labels.LINK_COLOR
    assert texts["red"].get("fill") == "#ff0000"


def test_a_font_that_is_not_installed_falls_back_as_chromium_does_and_says_so(measure):
    notes = []
    prepared, _, _ = prepare(one(Box(20, 20, 200, 60, "Roboto text", font_family="Roboto")), measure, notes)
    assert next(etree.fromstring(prepared).iter(TEXT)).get("font-family") == drawio_labels.DEFAULT_FAMILY
    assert [(note.message, note.warning) for note in notes] == [
        ("font 'Roboto' is not installed; drawn in Liberation Serif, Chromium's default font", False)
    ]


@pytest.mark.skipif(
    "Noto Sans CJK SC" not in installed_families(), reason="needs Debian's fonts-noto-cjk (.ci/system-deps installs it)"
)
def test_cjk_characters_are_drawn_in_a_font_that_has_them(measure):
    notes = []
    prepared, _, _ = prepare(one(Box(20, 20, 200, 60, "Node 参照")), measure, notes)
    families = {text.text: text.get("font-family") for text in etree.fromstring(prepared).iter(TEXT)}
    assert families == {"Node": "Liberation Sans", "参照": "Noto Sans CJK SC"}
    assert any("Noto Sans CJK SC" in note.message and not note.warning for note in notes)


def test_a_canvas_too_large_for_2x_is_drawn_smaller_with_a_note():
    result = render((WORLD / "huge-canvas-flex.drawio.svg").read_bytes())
    width, _ = Image.open(io.BytesIO(result.png)).size
    assert SCALE * 6000 > width > 6000
    assert any("drawn at 1.29x" in note.message for note in result.notes)


def test_a_web_font_import_is_not_fetched():
    assert render((WORLD / "fonts-flex.drawio.svg").read_bytes()).png.startswith(b"\x89PNG")


def test_inkscape_edited_and_pretty_printed_exports_keep_their_words(measure):
    for name in ("plain-legacy", "inkscape-flex", "pretty-variables", "rich-flex"):
        words = drawn_words((WORLD / f"{name}.drawio.svg").read_bytes(), measure)
        assert words and "Text" not in words, name


def test_the_build_warns_about_a_picture_it_left_out_and_still_publishes_the_diagram(fixture_site):
    fixture_site.add(
        "2023-05_Leverkusen/README.md", event_readme(body="## Architecture\n\n![Design](design.drawio.svg)\n")
    )
    fixture_site.add(
        "2023-05_Leverkusen/design.drawio.svg",
        picture("data:image/png;base64," + base64.b64encode(b"broken").decode()).decode(),
    )
    result = fixture_site.build(strict=False)
    assert result.returncode == 0
    assert (
        "hackathons/2023-05_Leverkusen/design.drawio.svg: warning: diagram drawn with a difference: left out an "
        "embedded image/png picture that cannot be decoded"
    ) in result.stderr
    assert (fixture_site.site_dir / "2023-05-leverkusen" / "design.drawio.png").is_file()
    page = BeautifulSoup(
        (fixture_site.site_dir / "2023-05-leverkusen" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert page.select_one("article a.wrapup-diagram img")["src"] == "design.drawio.png"
    # Warm: the same warning again, from the cache.
    again = fixture_site.build(strict=False)
    assert (
        "diagram drawn with a difference: left out" in again.stderr and "diagrams: 0 rendered, 1 cached" in again.stderr
    )


def test_world_files_are_small_enough_to_keep():
    assert sum(path.stat().st_size for path in Path(WORLD).glob("*.svg")) < 1_000_000


HOSTILE_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40"
 onload="alert(1)"><script>alert(1)</script><style>@import url(https://e.org/x.css); rect { fill: red }</style>
<a xlink:href="javascript:alert(1)"><rect width="5" height="5" onclick="alert(1)"/></a>
<rect width="3" height="3" style="fill:url(https://e.org/track)"/><text x="1" y="2">kept <tspan>words</tspan></text>
<foreignObject><div xmlns="http://www.w3.org/1999/xhtml" onmouseover="alert(1)">html</div></foreignObject>
<use xlink:href="https://e.org/sprite.svg#a"/><use xlink:href="#local"/>
<image xlink:href="data:image/svg+xml;base64,PHN2Zy8+" width="1" height="1"/>
<animate attributeName="href" to="javascript:alert(1)"/><set attributeName="onload" to="alert(1)"/></svg>"""


def test_the_inert_copy_keeps_the_drawing_and_nothing_that_acts():
    from wrapup.media.diagrams import sanitised_svg

    copy = sanitised_svg(HOSTILE_SVG).decode()
    for acting in (
        "script",
        "onload",
        "onclick",
        "onmouseover",
        "javascript",
        "foreignObject",
        "@import",
        "https://",
        "animate",
        "<set",
        "data:image/svg",
    ):
        assert acting not in copy, acting
    root = etree.fromstring(copy.encode())
    assert "".join(next(root.iter(TEXT)).itertext()) == "kept words"
    assert len(list(root.iter(f"{{{SVG}}}rect"))) == 2
    assert [use.get("{http://www.w3.org/1999/xlink}href") for use in root.iter(f"{{{SVG}}}use")] == ["#local"]


@pytest.mark.parametrize(
    "attributes",
    [
        'fill="url(https://e.org/paint)"',
        "mask=\"url( 'http://e.org/m.svg#m' )\"",
        'filter="url(//e.org/f.svg#f)"',
        'clip-path="URL(https://e.org/c#c)"',
        'marker-end="url(https://e.org/marker.svg#arrow)"',
        "style=\"fill: image-set('https://e.org/a.png' 1x)\"",
        'style="cursor: url(https://e.org/cursor.png), auto"',
        'fill="\\75rl(https://e.org/escaped)"',
        'style="background: cross-fade(url(#a), url(https://e.org/x.png), 50%)"',
    ],
)
def test_the_inert_copy_keeps_no_reference_outside_itself(attributes):
    from wrapup.media.diagrams import sanitised_svg

    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><defs><linearGradient id="g"/></defs>'
        f'<rect width="5" height="5" fill="url(#g)"/><rect width="4" height="4" {attributes}/></svg>'
    ).encode()
    copy = sanitised_svg(svg).decode()
    assert "e.org" not in copy
    assert 'fill="url(#g)"' in copy  # a reference inside the drawing stays


def test_a_diagram_that_cannot_be_drawn_is_linked_as_its_inert_copy(fixture_site):
    fixture_site.add(
        "2023-05_Leverkusen/README.md", event_readme(body="## Architecture\n\n![Design](design.drawio.svg)\n")
    )
    fixture_site.add(
        "2023-05_Leverkusen/design.drawio.svg", HOSTILE_SVG.decode().replace(' width="40" height="40"', "")
    )
    result = fixture_site.build(strict=False)
    assert (
        "hackathons/2023-05_Leverkusen/design.drawio.svg: warning: diagram not rendered: it has no size "
        "(width/height or viewBox); the page links an inert copy of the SVG"
    ) in result.stderr
    page = BeautifulSoup(
        (fixture_site.site_dir / "2023-05-leverkusen" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    link = page.select_one("article a.wrapup-diagram-original")
    assert (link["href"], link.get_text()) == ("design.drawio.sanitised.svg", "Design")
    copy = (fixture_site.site_dir / "2023-05-leverkusen" / "design.drawio.sanitised.svg").read_bytes()
    assert b"script" not in copy and b"onload" not in copy
    assert not (fixture_site.site_dir / "2023-05-leverkusen" / "design.drawio.svg").exists()
