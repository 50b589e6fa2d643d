"""draw.io exports as the world writes them: the corpus of ``tests/fixtures/drawio-world/``.

The public exports we looked at (draw.io 12 to 29, 2020-2026, the VS Code extension,
Inkscape-edited files) mostly carry no licence that lets us keep them here, so this module
writes equivalents that reproduce each of their features, one file per combination:

- label engines: draw.io 12's inline-block labels in ``<switch>``, the same as a bare
  ``<foreignObject x y width height>`` (the VS Code extension's engine), the flex labels of
  2020-2023, the ``light-dark()`` colours of 2024, the ``var(--ge-adaptive-bg, …)`` colours and
  ``@supports`` sheet of draw.io 29;
- content: plain words, rich text (``<b>``, ``<i>``, ``<u>``, links, ``<font color size>``),
  lists (bullets, numbers, nested), alignment, vertical text (a rotated label), CJK and other
  scripts, a font that is not installed (Roboto) and one with a metric-compatible stand-in
  (Calibri), math (MathJax's SVG inside the label), embedded pictures (PNG, JPEG, SVG icons as
  ``data:`` addresses);
- files: one line, pretty-printed, Inkscape-edited (namespaces, metadata, named view), and a
  canvas too large to draw at 2x.

``python tests/drawio_world.py`` writes them; ``tests/test_drawio_world.py`` and
``bench/drawio_fidelity.py --world`` use them.
"""

from __future__ import annotations

import base64
import html
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

EXTENSIBILITY = "http://www.w3.org/TR/SVG11/feature#Extensibility"
WORLD = Path(__file__).resolve().parent / "fixtures" / "drawio-world"
XHTML = "http://www.w3.org/1999/xhtml"

ENGINES = ("legacy", "bare", "flex", "adaptive", "variables")


@dataclass
class Box:
    x: int
    y: int
    width: int
    height: int
    label: str  # label HTML
    font_size: int = 12
    font_family: str = "Helvetica"
    align: str = "center"
    wrap: bool = True
    rotate: bool = False  # vertical text: draw.io rotates the label's group by -90 degrees
    icon: str | None = None  # a data: address drawn left of the label


@dataclass
class World:
    name: str
    width: int
    height: int
    engine: str
    boxes: list[Box] = field(default_factory=list)
    edges: list[tuple[tuple[int, int], tuple[int, int], str]] = field(default_factory=list)
    layout: str = "line"  # line | pretty | inkscape


def _colour(value: str, engine: str, dark: str = "rgb(255, 255, 255)") -> str:
    if engine == "adaptive":
        return f"light-dark({value}, {dark})"
    if engine == "variables":
        return f"light-dark({value}, var(--ge-dark-color, {dark}))"
    return value


def _fill_style(engine: str) -> str:
    if engine == "variables":
        return ' style="fill: var(--ge-adaptive-bg, #ffffff); stroke: light-dark(rgb(0, 0, 0), rgb(255, 255, 255));"'
    if engine == "adaptive":
        return ' style="fill: light-dark(#ffffff, var(--ge-dark-color, #121212)); stroke: light-dark(rgb(0, 0, 0), rgb(255, 255, 255));"'
    return ""


def _label(box: Box, engine: str) -> str:
    colour = _colour("rgb(0, 0, 0)", engine)
    white_space = "normal" if box.wrap else "nowrap"
    font = f"font-size: {box.font_size}px; font-family: {box.font_family}; color: {colour}; line-height: 1.2;"
    if engine in ("legacy", "bare"):
        width = box.width - 8
        inner = (
            f'<div xmlns="{XHTML}" style="display: inline-block; {font} vertical-align: top; width: {width}px; '
            f'white-space: {white_space}; overflow-wrap: normal; text-align: {box.align};">'
            f'<div xmlns="{XHTML}" style="display:inline-block;text-align:inherit;text-decoration:inherit;'
            f'white-space:{white_space};">{box.label}</div></div>'
        )
        # draw.io 12 centres the label block with a translate on its group; the text starts at the top.
        top = box.y + max(box.height // 2 - box.font_size, 2)
        if engine == "bare":
            return (
                f'<foreignObject x="{box.x + 4}" y="{top}" width="{width}" height="{box.height}" '
                f'style="overflow:visible;" pointer-events="all">{inner}</foreignObject>'
            )
        return (
            f'<g transform="translate({box.x + 4},{top})"><switch><foreignObject style="overflow:visible;" '
            f'pointer-events="all" width="{width}" height="{box.height}" requiredFeatures="{EXTENSIBILITY}">'
            f'{inner}</foreignObject><text x="{width // 2}" y="{box.font_size}" fill="#000000" text-anchor="middle" '
            f'font-size="{box.font_size}px" font-family="{box.font_family}">{_fallback(box.label)}</text></switch></g>'
        )
    justify = {"left": "flex-start", "center": "center", "right": "flex-end"}[box.align]
    flex = (
        f'<div xmlns="{XHTML}" style="display: flex; align-items: unsafe center; justify-content: unsafe {justify}; '
        f'width: {box.width - 2}px; height: 1px; padding-top: {box.y + box.height // 2}px; margin-left: {box.x + 1}px;">'
        f'<div style="box-sizing: border-box; font-size: 0px; text-align: {box.align};">'
        f'<div style="display: inline-block; {font} pointer-events: all; white-space: {white_space}; '
        f'overflow-wrap: normal;">{box.label}</div></div></div>'
    )
    return (
        f'<g transform="translate(-0.5 -0.5)"><switch><foreignObject pointer-events="none" width="100%" height="100%" '
        f'requiredFeatures="{EXTENSIBILITY}" style="overflow: visible; text-align: left;">{flex}</foreignObject>'
        f'<text x="{box.x + box.width // 2}" y="{box.y + box.height // 2 + 4}" fill="{colour}" font-family="{box.font_family}" '
        f'font-size="{box.font_size}px" text-anchor="middle">{_fallback(box.label)}</text></switch></g>'
    )


def _fallback(label: str) -> str:
    import re

    text = html.unescape(re.sub(r"<[^>]+>", " ", label.replace("<br/>", "\n"))).strip().split("\n")[0]
    return html.escape(text[:20] + ("..." if len(text) > 20 else ""), quote=False)


def _box(box: Box, engine: str) -> str:
    parts = [
        (
            f'<rect x="{box.x}" y="{box.y}" width="{box.width}" height="{box.height}" fill="#ffffff" '
            f'stroke="#000000" pointer-events="all"{_fill_style(engine)}/>'
        )
    ]
    if box.icon:
        parts.append(
            f'<image x="{box.x + 4}" y="{box.y + 4}" width="24" height="24" xlink:href="{box.icon}" '
            'preserveAspectRatio="none"/>'
        )
    label = _label(box, engine)
    if box.rotate:
        cx, cy = box.x + box.width / 2, box.y + box.height / 2
        label = f'<g transform="rotate(-90 {cx} {cy})">{label}</g>'
    parts.append(label)
    return "".join(parts)


def _edge(start: tuple[int, int], end: tuple[int, int], label: str, engine: str) -> str:
    (x0, y0), (x1, y1) = start, end
    parts = [
        (
            f'<path d="M {x0} {y0} L {x1} {y1}" fill="none" stroke="{_colour("rgb(0, 0, 0)", engine)}" '
            'stroke-miterlimit="10" pointer-events="stroke"/>'
        )
    ]
    if label:
        cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
        parts.append(
            _label(
                Box(cx - 40, cy - 10, 80, 20, f'<span style="background-color: #ffffff;">{label}</span>', font_size=11),
                engine,
            )
        )
    return "".join(parts)


def export(world: World) -> str:
    body = "".join(_box(box, world.engine) for box in world.boxes) + "".join(
        _edge(start, end, label, world.engine) for start, end, label in world.edges
    )
    style_sheet = ""
    root_id = ""
    if world.engine == "variables":
        root_id = f' id="ge-svg-{world.name}"'
        style_sheet = (
            f'<style type="text/css">@supports (color: light-dark(#000, #fff)) {{ #ge-svg-{world.name} '
            "{ --ge-adaptive-bg: light-dark(#ffffff, var(--ge-dark-color, #121212)); } }</style>"
        )
    warning = (
        ""
        if world.engine == "bare"
        else f'<switch><g requiredFeatures="{EXTENSIBILITY}"/><a transform="translate(0,-5)" '
        'xlink:href="https://www.drawio.com/doc/faq/svg-export-text-problems" target="_blank">'
        '<text text-anchor="middle" font-size="10px" x="50%" y="100%">Text is not SVG - cannot display</text></a></switch>'
    )
    namespaces = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    extra = ""
    if world.layout == "inkscape":
        namespaces += (
            ' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
            'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
            'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:cc="http://creativecommons.org/ns#" inkscape:version="1.2.2 (b0a8486541, 2022-12-01)" '
            'sodipodi:docname="diagram.drawio.svg"'
        )
        extra = (
            '<metadata><rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format></cc:Work></rdf:RDF></metadata>'
            '<sodipodi:namedview id="namedview1" pagecolor="#ffffff" bordercolor="#666666" inkscape:zoom="1.2" '
            'inkscape:current-layer="layer1"/>'
        )
        body = f'<g inkscape:groupmode="layer" inkscape:label="Layer 1" id="layer1">{body}</g>'
    # A label in a Google font makes draw.io import it (a browser offline falls back).
    defs = (
        '<defs><style type="text/css">@import url(https://fonts.googleapis.com/css?family=Roboto);</style></defs>'
        if any(box.font_family == "Roboto" for box in world.boxes)
        else "<defs/>"
    )
    svg = (
        f'<svg {namespaces} version="1.1" width="{world.width}px" height="{world.height}px" '
        f'viewBox="-0.5 -0.5 {world.width} {world.height}"{root_id} content="&lt;mxfile host=&quot;drawio&quot;&gt;'
        f'&lt;diagram id=&quot;{world.name}&quot;&gt;&lt;/diagram&gt;&lt;/mxfile&gt;">{style_sheet}{extra}{defs}'
        f"<g>{body}</g>{warning}</svg>"
    )
    if world.layout in ("pretty", "inkscape"):
        svg = _pretty(svg)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n"


def _pretty(svg: str) -> str:
    """Indented, one element per line, as editors and Inkscape save: the labels' HTML gets
    whitespace between its elements too."""
    import xml.dom.minidom

    return xml.dom.minidom.parseString(svg).documentElement.toprettyxml(indent="  ")


def _png_icon(colour: tuple[int, int, int], kind: str = "PNG") -> str:
    image = Image.new("RGB", (48, 48), colour)
    for x in range(12, 36):
        for y in range(12, 36):
            image.putpixel((x, y), (255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, kind)
    media = "image/png" if kind == "PNG" else "image/jpeg"
    return f"data:{media};base64,{base64.b64encode(buffer.getvalue()).decode()}"


def _svg_icon() -> str:
    icon = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M6 19a5 5 0 0 1 0-10 7 7 0 0 1 13 2 '
        '4 4 0 0 1-1 8z" fill="#1e88e5"/></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(icon.encode()).decode()


MATH = (
    '<mjx-container class="MathJax" jax="SVG"><svg xmlns="http://www.w3.org/2000/svg" style="vertical-align: -0.5ex;" '
    'width="8ex" height="2.5ex" role="img" focusable="false" viewBox="0 -800 3500 1100">'
    '<g stroke="currentColor" fill="currentColor" stroke-width="0" transform="scale(1,-1)">'
    '<path d="M100 0 L600 700 L700 700 L200 0 Z M700 0 L200 700 L100 700 L600 0 Z"/>'
    '<rect x="1000" y="300" width="600" height="60"/><rect x="1270" y="30" width="60" height="600"/>'
    '<path d="M2000 0 L2500 700 L2600 700 L2100 0 Z M2600 0 L2100 700 L2000 700 L2500 0 Z"/></g></svg></mjx-container>'
)

CONTENTS: dict[str, list[Box]] = {
    "plain": [
        Box(20, 20, 160, 60, "Gardener node agent"),
        Box(240, 20, 160, 60, "Reconcile the operating system config on every node"),
        Box(20, 120, 380, 40, "A longer label that has to wrap within its shape, like most real diagrams do"),
    ],
    "rich": [
        Box(20, 20, 180, 70, "<b>Bold</b> and <i>italic</i> and <u>underlined</u> words"),
        Box(230, 20, 180, 70, 'See the <a href="https://example.org">documentation page</a> for details'),
        Box(20, 110, 180, 70, '<font color="#d32f2f">Red warning</font> <font size="1">small print</font>'),
        Box(230, 110, 180, 70, "Left aligned text in a box", align="left"),
        Box(20, 200, 180, 50, "Right aligned label", align="right"),
    ],
    "lists": [
        Box(
            20, 20, 200, 110, "<ul><li>first bullet</li><li>second bullet</li><li>third bullet</li></ul>", align="left"
        ),
        Box(240, 20, 200, 110, "<ol><li>step one</li><li>step two</li><li>step three</li></ol>", align="left"),
        Box(
            20,
            150,
            420,
            110,
            "<ul><li>outer item<ul><li>inner item</li><li>another inner</li></ul></li>"
            "<li><div>item with a block</div></li></ul>",
            align="left",
        ),
    ],
    "vertical": [
        Box(20, 20, 40, 200, "Control plane", rotate=True, wrap=False),
        Box(100, 20, 200, 60, "Seed cluster"),
        Box(100, 120, 200, 60, "Shoot cluster"),
    ],
    "scripts": [
        Box(20, 20, 160, 60, "参照 構成 管理"),
        Box(200, 20, 160, 60, "노드 에이전트"),
        Box(20, 100, 160, 60, "Узел агента"),
        Box(200, 100, 160, 60, "Κόμβος πράκτορα"),
    ],
    "fonts": [
        Box(20, 20, 180, 60, "Drawn in Roboto", font_family="Roboto"),
        Box(220, 20, 180, 60, "Drawn in Calibri", font_family="Calibri"),
        Box(20, 100, 180, 60, "Drawn in Verdana", font_family="Verdana"),
        Box(220, 100, 180, 60, "Drawn in Courier New", font_family="Courier New"),
    ],
    "math": [
        Box(20, 20, 200, 60, f"Loss {MATH} per node"),
        Box(240, 20, 160, 60, MATH),
        Box(20, 100, 380, 50, "Plain words beside math"),
    ],
    "icons": [
        Box(20, 20, 180, 60, "Storage bucket", icon=_png_icon((67, 160, 71))),
        Box(220, 20, 180, 60, "Photo thumbnail", icon=_png_icon((251, 140, 0), "JPEG")),
        Box(20, 100, 180, 60, "Cloud provider", icon=_svg_icon()),
    ],
}


def worlds() -> list[World]:
    found = []
    for content, boxes in CONTENTS.items():
        height = max(box.y + box.height for box in boxes) + 30
        for engine in ENGINES:
            layout = "pretty" if content in ("rich", "scripts") and engine == "flex" else "line"
            if content == "plain" and engine == "legacy":
                layout = "inkscape"
            edges = [((100, 80), (320, 120), "replicates")] if content == "plain" else []
            found.append(World(f"{content}-{engine}", 460, height, engine, list(boxes), edges, layout))
    found.append(World("pretty-variables", 460, 200, "variables", list(CONTENTS["plain"]), [], "pretty"))
    found.append(World("inkscape-flex", 460, 290, "flex", list(CONTENTS["rich"]), [], "inkscape"))
    huge = [Box(x * 750 + 20, y * 800 + 20, 400, 80, f"Region {x}-{y}") for x in range(8) for y in range(5)]
    found.append(World("huge-canvas-flex", 6000, 4000, "flex", huge))
    return found


def main(target: Path = WORLD) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.drawio.svg"):
        old.unlink()
    for world in worlds():
        (target / f"{world.name}.drawio.svg").write_text(export(world), encoding="utf-8")
    print(f"{len(worlds())} diagrams in {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else WORLD)
