"""draw.io exports to PNG: label conversion, the cache, and untrusted input."""

from __future__ import annotations

import io
import xml.etree.ElementTree as etree

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import SEED_CONTENT, event_readme
from drawio_export import Diagram, Edge, Shape, export_svg
from wrapup.cache import ContentCache
from wrapup.media.diagrams import (
    SCALE,
    DiagramError,
    cache_key,
    prepare,
    render,
    render_all,
)
from wrapup.media.drawio_labels import SVG, Font, Measurer
from wrapup.settings import Limits

TEXT = f"{{{SVG}}}text"


@pytest.fixture(scope="module")
def measure() -> Measurer:
    return Measurer()


def one_label(label: str, **shape) -> bytes:
    fields = {"x": 20, "y": 20, "width": 200, "height": 60, "label": label, **shape}
    return export_svg(Diagram("t", 300, 200, shapes=[Shape("s", **fields)])).encode()


def texts(svg: bytes, measure: Measurer) -> list[etree.Element]:
    prepared, _, _ = prepare(svg, measure)
    return list(etree.fromstring(prepared).iter(TEXT))


def words(svg: bytes, measure: Measurer) -> list[str]:
    return [t.text for t in texts(svg, measure)]


def test_full_label_replaces_the_truncated_fallback(measure):
    svg = one_label("Registry<br><br>- kubelet<br>- gardener-node-agent", align="left", vertical="top")
    assert b"Registry..." in svg  # what CairoSVG alone would draw
    assert words(svg, measure) == ["Registry", "-", "kubelet", "-", "gardener-node-agent"]


def test_line_breaks_and_empty_lines_keep_the_line_height(measure):
    lines = texts(one_label("Registry<br><br>- kubelet", align="left", vertical="top"), measure)
    registry, dash = float(lines[0].get("y")), float(lines[1].get("y"))
    assert dash - registry == pytest.approx(2 * 1.2 * 12, abs=0.01)  # one empty line between


def test_block_elements_start_new_lines(measure):
    lines = texts(
        one_label("gardener-node-agent<div>reconciles:</div><div>- node</div>", align="left", vertical="top"), measure
    )
    assert len({t.get("y") for t in lines}) == 3


def test_long_label_wraps_within_the_shape_width(measure):
    svg = one_label("a label long enough to need several lines in a narrow box", width=100)
    lines: dict[str, list[etree.Element]] = {}
    for element in texts(svg, measure):
        lines.setdefault(element.get("y"), []).append(element)
    assert len(lines) >= 3
    font = Font(size=12)
    for line in lines.values():
        start = float(line[0].get("x"))
        end = float(line[-1].get("x")) + measure.width(line[-1].text, font)
        assert end - start <= 100 - 2 * 4 - 2 + 0.01  # the label box inside the shape's padding


def test_wrapping_breaks_after_a_hyphen_like_a_browser(measure):
    # Room for "workergroup-osc-" but not for the whole name, as in the seed's rolling update sketch.
    room = measure.width("workergroup-osc-", Font(size=12)) + 2
    svg = one_label("workergroup-osc-secret", width=round(room + 2 * 4 + 2))
    lines: dict[str, str] = {}
    for element in texts(svg, measure):
        lines[element.get("y")] = lines.get(element.get("y"), "") + element.text
    assert list(lines.values()) == ["workergroup-osc-", "secret"]


@pytest.mark.parametrize("align", ["left", "center", "right"])
def test_alignment_places_the_line_in_the_box(measure, align):
    svg = one_label("OSC", align=align, x=0, width=200, padding=4)
    element = texts(svg, measure)[0]
    width = measure.width("OSC", Font(size=12))
    box_left, box_width = 0 + 4 + 1, 200 - 2 * 4 - 2
    expected = {"left": box_left, "center": box_left + (box_width - width) / 2, "right": box_left + box_width - width}[
        align
    ]
    assert float(element.get("x")) == pytest.approx(expected, abs=0.01)


def test_font_size_weight_and_colour_come_from_the_label(measure):
    svg = one_label('<b>bold</b> <font color="#0000ff">blue</font>', font_size=18, color="rgb(10, 20, 30)")
    bold, blue = texts(svg, measure)
    assert (bold.get("font-weight"), bold.get("font-size"), bold.get("fill")) == ("bold", "18", "rgb(10, 20, 30)")
    assert (blue.get("font-weight"), blue.get("fill")) == (None, "#0000ff")
    assert bold.get("font-family") == "Liberation Sans"  # draw.io's Helvetica, as Chromium resolves it


def test_light_dark_colours_resolve_to_the_light_theme(measure):
    svg = one_label("text", color="light-dark(rgb(255, 0, 0), rgb(0, 255, 255))")
    assert texts(svg, measure)[0].get("fill") == "rgb(255, 0, 0)"


def test_entities_in_labels_are_text(measure):
    # The label is HTML: "&amp;" is an ampersand, "&lt;c&gt;" the text "<c>".
    assert words(one_label("a &amp; b &lt;c&gt;"), measure) == ["a", "&", "b", "<c>"]


def test_edge_label_gets_its_white_background(measure):
    svg = export_svg(Diagram("t", 300, 200, edges=[Edge("e", [(10, 100), (290, 100)], "watches")])).encode()
    prepared, _, _ = prepare(svg, measure)
    label = next(g for g in etree.fromstring(prepared).iter(f"{{{SVG}}}g") if g.get("class") == "wrapup-label")
    rect, text = list(label)[:2]
    assert rect.tag == f"{{{SVG}}}rect" and rect.get("fill") == "rgb(255, 255, 255)"
    assert text.text == "watches"


def test_warning_line_is_removed(measure):
    svg = one_label("x")
    assert b"Text is not SVG - cannot display" in svg
    prepared, _, _ = prepare(svg, measure)
    assert b"Text is not SVG" not in prepared
    assert b"foreignObject" not in prepared


def test_render_gives_a_2x_png_on_white_without_the_warning_line():
    result = render(one_label("OSC"))
    image = Image.open(io.BytesIO(result.png)).convert("RGB")
    assert (result.width, result.height) == (301, 201)
    assert image.size == (301 * SCALE, 201 * SCALE)
    # draw.io puts the warning at the bottom centre of the canvas: that strip stays blank.
    bottom = image.crop((image.width // 4, image.height - 14 * SCALE, 3 * image.width // 4, image.height))
    assert bottom.getextrema() == ((255, 255), (255, 255), (255, 255))


# ---- the cache ---------------------------------------------------------------------------


def as_files(folder, **diagrams: bytes) -> dict:
    """Diagram files as the build hands them over: {name: path}."""
    folder.mkdir(exist_ok=True)
    paths = {}
    for name, data in diagrams.items():
        (folder / f"{name}.drawio.svg").write_bytes(data)
        paths[f"{name}.drawio.svg"] = folder / f"{name}.drawio.svg"
    return paths


def test_second_render_of_the_same_content_comes_from_the_cache(tmp_path):
    cache = ContentCache(tmp_path / "cache", warn=pytest.fail)
    inputs = as_files(tmp_path / "in", a=one_label("OSC"))
    first = render_all(inputs, cache, workers=1)
    second = render_all(inputs, cache, workers=1)
    assert (first.rendered, first.cached) == (1, 0)
    assert (second.rendered, second.cached) == (0, 1)
    assert second.summary == "diagrams: 0 rendered, 1 cached"
    assert second.outputs["a.drawio.svg"].path == first.outputs["a.drawio.svg"].path


def test_changed_content_is_a_cache_miss(tmp_path):
    cache = ContentCache(tmp_path / "cache", warn=pytest.fail)
    render_all(as_files(tmp_path / "in", a=one_label("OSC")), cache, workers=1)
    report = render_all(as_files(tmp_path / "in", a=one_label("MCM")), cache, workers=1)
    assert (report.rendered, report.cached) == (1, 0)


def test_corrupt_cache_entry_is_rendered_again(tmp_path):
    cache = ContentCache(tmp_path / "cache", warn=pytest.fail)
    svg = one_label("OSC")
    cache.path("diagrams", cache_key(svg), ".png").parent.mkdir(parents=True)
    cache.path("diagrams", cache_key(svg), ".png").write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    report = render_all(as_files(tmp_path / "in", a=svg), cache, workers=1)
    assert (report.rendered, report.cached) == (1, 0)
    with Image.open(report.outputs["a.drawio.svg"].path) as image:
        assert image.size == (301 * SCALE, 201 * SCALE)


def test_unwritable_cache_warns_once_and_still_renders(tmp_path):
    warnings: list[str] = []
    # A folder that cannot be created (its parent is a file): unwritable even for root.
    (tmp_path / "a-file").write_text("not a folder")
    cache = ContentCache(tmp_path / "a-file" / "cache", warn=warnings.append)
    report = render_all(as_files(tmp_path / "in", a=one_label("OSC"), b=one_label("MCM")), cache, workers=1)
    assert report.rendered == 2
    assert all(output.png and output.path is None for output in report.outputs.values())
    assert len(warnings) == 1 and "cannot be written" in warnings[0]


# ---- untrusted input ---------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&c;</text></svg>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&secret;</text></svg>"""
FILE_IMAGE = b"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">
<image xlink:href="file:///etc/passwd" width="10" height="10"/></svg>"""
HTTP_IMAGE = b"""<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
<image href="http://example.org/tracker.png" width="10" height="10"/></svg>"""
HUGE = b'<svg xmlns="http://www.w3.org/2000/svg" width="50000" height="50000"><rect width="10" height="10"/></svg>'


@pytest.mark.parametrize(
    "data, reason",
    [
        (BILLION_LAUGHS, "it declares XML entities or external references, which are not allowed"),
        (XXE, "it declares XML entities or external references, which are not allowed"),
        (one_label("OSC")[:900], "it is not well-formed SVG"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "it is not well-formed SVG"),
        (b"<html><body>not a drawing</body></html>", "it is not an SVG document (its root element is not <svg>)"),
        (HUGE, "its canvas is 50000 x 50000 pixels; even at 0.5x that is more than 40,000,000 pixels"),
    ],
    ids=["billion-laughs", "external-entity", "truncated", "png-bytes", "not-svg", "huge-canvas"],
)
def test_untrusted_input_is_refused_with_a_reason(data, reason):
    with pytest.raises(DiagramError) as refused:
        render(data)
    assert str(refused.value).startswith(reason)


@pytest.mark.parametrize(
    "data, address",
    [(FILE_IMAGE, "file:///etc/passwd"), (HTTP_IMAGE, "http://example.org/tracker.png")],
    ids=["file-image", "http-image"],
)
def test_an_outside_picture_is_never_fetched_but_left_out_with_a_warning(data, address, monkeypatch):
    def no_fetch(*args, **kwargs):
        raise AssertionError("fetched")

    monkeypatch.setattr("urllib.request.urlopen", no_fetch)
    result = render(data)
    assert [(note.message, note.warning) for note in result.notes] == [
        (
            (
                f"left out the image from {address}: a diagram's pictures must be embedded in it, outside resources are "
                "never fetched"
            ),
            True,
        )
    ]


def test_a_render_that_overruns_its_time_is_stopped(tmp_path):
    cache = ContentCache(tmp_path / "cache", warn=pytest.fail)
    report = render_all(
        as_files(tmp_path / "in", slow=one_label("OSC")), cache, workers=1, limits=Limits(render_seconds=0.001)
    )
    assert report.errors == {"slow.drawio.svg": "rendering took longer than 0 s and was stopped"}
    assert report.outputs == {}


# ---- in the build ------------------------------------------------------------------------

DIAGRAM_PAGE = "## Architecture\n\n![Design](design.drawio.svg)\n"


def test_page_shows_the_png_with_its_size_and_opens_it_large(fixture_site):
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme(body=DIAGRAM_PAGE))
    fixture_site.add("2023-05_Leverkusen/design.drawio.svg", one_label("OSC").decode())
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    assert "diagrams: 1 rendered, 0 cached" in result.stderr
    page = BeautifulSoup(
        (fixture_site.site_dir / "2023-05-leverkusen" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    link = page.select_one("article a.wrapup-diagram")
    assert (link["href"], link["title"], link["data-type"]) == ("design.drawio.png", "Open the diagram large", "image")
    assert "glightbox" in link["class"]
    assert not (fixture_site.site_dir / "2023-05-leverkusen" / "design.drawio.svg").exists()  # never the SVG
    image = link.img
    assert (image["src"], image["width"], image["height"], image["alt"]) == (
        "design.drawio.png",
        "301",
        "201",
        "Design",
    )
    assert (fixture_site.site_dir / "2023-05-leverkusen" / "design.drawio.png").is_file()
    assert fixture_site.build().stderr.count("diagrams: 0 rendered, 1 cached") == 1


def test_bad_diagram_is_a_warning_naming_the_file_and_the_page_shows_its_alt_text(fixture_site):
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme(body=DIAGRAM_PAGE))
    fixture_site.add("2023-05_Leverkusen/design.drawio.svg", XXE.decode())
    warning = (
        "hackathons/2023-05_Leverkusen/design.drawio.svg: warning: diagram not rendered: it declares XML "
        "entities or external references, which are not allowed"
    )
    strict = fixture_site.build()
    assert strict.returncode == 1 and warning in strict.stderr
    relaxed = fixture_site.build(strict=False)
    assert relaxed.returncode == 0 and warning in relaxed.stderr
    page = BeautifulSoup(
        (fixture_site.site_dir / "2023-05-leverkusen" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert page.select_one("article img") is None
    assert page.select_one("article .wrapup-refused").get_text() == "Design"
    assert not (fixture_site.site_dir / "2023-05-leverkusen" / "design.drawio.png").exists()
    assert not (fixture_site.site_dir / "2023-05-leverkusen" / "design.drawio.svg").exists()


def test_real_site_has_a_2x_png_for_each_diagram_drawn_without_the_warning_line(built_site, measure):
    from wrapup.model.addresses import destination

    diagrams = sorted(SEED_CONTENT.rglob("*.drawio.svg"))
    assert diagrams
    for svg in diagrams:
        prepared, width, height = prepare(svg.read_bytes(), measure)
        assert b"Text is not SVG" not in prepared and b"foreignObject" not in prepared, svg
        folder, _, source = svg.relative_to(SEED_CONTENT).as_posix().partition("/")
        with Image.open(built_site / destination(folder, source[: -len(".svg")] + ".png")) as image:
            assert image.size == (round(width) * SCALE, round(height) * SCALE), svg
