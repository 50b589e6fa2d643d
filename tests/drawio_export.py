"""Write draw.io SVG exports the way draw.io writes them, from a small list of shapes and edges.

The team's own diagrams (under ``hackathons/``) and the diagram test fixtures are made with it:
every label is HTML inside ``<switch><foreignObject>…</foreignObject><text>cut…</text></switch>``,
the mxGraph model is stored deflated and base64-encoded in the root ``content`` attribute, and the
"Text is not SVG - cannot display" line closes the file, exactly the parts a renderer has to handle.

Regenerate the content diagrams with ``python tests/drawio_export.py`` from the project root.
"""

from __future__ import annotations

import base64
import html
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

EXTENSIBILITY = "http://www.w3.org/TR/SVG11/feature#Extensibility"
WARNING_HREF = "https://www.drawio.com/doc/faq/svg-export-text-problems"


@dataclass
class Shape:
    id: str
    x: int
    y: int
    width: int
    height: int
    label: str  # draw.io label HTML ("a<br>b", "<b>x</b>")
    font_size: int = 12
    align: str = "center"  # left | center | right
    vertical: str = "middle"  # top | middle
    fill: str = "rgb(255, 255, 255)"
    stroke: str = "rgb(0, 0, 0)"
    color: str = "rgb(0, 0, 0)"
    rounded: bool = False
    wrap: bool = True
    padding: int = 4
    container: bool = False  # drawn before the edges, like a draw.io group drawn at the back


@dataclass
class Edge:
    id: str
    points: list[tuple[int, int]]
    label: str = ""
    font_size: int = 12
    source: str | None = None
    target: str | None = None


@dataclass
class Diagram:
    name: str
    width: int
    height: int
    shapes: list[Shape] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def _fallback(label: str) -> str:
    """draw.io's <text> fallback: the first line of the label, cut with '...' when more follows."""
    text = re.sub(r"<br\s*/?>|</div>|</p>|</li>", "\n", label)
    text = html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
    first, _, rest = text.partition("\n")
    return html.escape(first + ("..." if rest.strip() else ""), quote=False)


def _label_html(label: str) -> str:
    # The export is XHTML: void elements must be closed.
    return re.sub(r"<br\s*>", "<br/>", label)


def _switch(
    shape_like: Shape | Edge,
    *,
    box_x: int,
    box_y: int,
    box_width: int,
    justify: str,
    align_items: str,
    text_align: str,
    background: str | None,
    wrap: bool,
    color: str,
    fallback_x: int,
    fallback_y: int,
    anchor: str | None,
) -> str:
    colors = f"color: {color}; " + (f"background-color: {background}; " if background else "")
    white_space = "white-space: normal; overflow-wrap: normal;" if wrap else "white-space: nowrap;"
    background_style = f" background-color: {background};" if background else ""
    anchor_attr = f' text-anchor="{anchor}"' if anchor else ""
    return (
        '<g transform="translate(-0.5 -0.5)"><switch>'
        f'<foreignObject pointer-events="none" width="100%" height="100%" requiredFeatures="{EXTENSIBILITY}" '
        'style="overflow: visible; text-align: left;">'
        f'<div xmlns="http://www.w3.org/1999/xhtml" style="display: flex; align-items: unsafe {align_items}; '
        f"justify-content: unsafe {justify}; width: {box_width}px; height: 1px; padding-top: {box_y}px; "
        f'margin-left: {box_x}px;">'
        f'<div data-drawio-colors="{colors}" style="box-sizing: border-box; font-size: 0px; text-align: {text_align};">'
        f'<div style="display: inline-block; font-size: {shape_like.font_size}px; font-family: Helvetica; '
        f'color: {color}; line-height: 1.2; pointer-events: all;{background_style} {white_space}">'
        f"{_label_html(shape_like.label)}</div></div></div></foreignObject>"
        f'<text x="{fallback_x}" y="{fallback_y}" fill="{color}" font-family="Helvetica" '
        f'font-size="{shape_like.font_size}px"{anchor_attr}>{_fallback(shape_like.label)}</text>'
        "</switch></g>"
    )


def _shape_svg(shape: Shape) -> str:
    radius = ' rx="12" ry="12"' if shape.rounded else ""
    parts = [
        (
            f'<rect x="{shape.x}" y="{shape.y}" width="{shape.width}" height="{shape.height}"{radius} '
            f'fill="{shape.fill}" stroke="{shape.stroke}" pointer-events="all"/>'
        )
    ]
    if shape.label:
        justify = {"left": "flex-start", "center": "center", "right": "flex-end"}[shape.align]
        if shape.vertical == "top":
            box_y, align_items, fallback_y = (
                shape.y + shape.padding + 3,
                "flex-start",
                shape.y + shape.padding + 3 + shape.font_size,
            )
        else:
            box_y, align_items, fallback_y = (
                shape.y + shape.height // 2,
                "center",
                shape.y + shape.height // 2 + shape.font_size // 3,
            )
        if shape.align == "left":
            fallback_x, anchor = shape.x + shape.padding + 2, None
        elif shape.align == "right":
            fallback_x, anchor = shape.x + shape.width - shape.padding - 2, "end"
        else:
            fallback_x, anchor = shape.x + shape.width // 2, "middle"
        parts.append(
            _switch(
                shape,
                box_x=shape.x + shape.padding + 1,
                box_y=box_y,
                box_width=shape.width - 2 * shape.padding - 2,
                justify=justify,
                align_items=align_items,
                text_align=shape.align,
                background=None,
                wrap=shape.wrap,
                color=shape.color,
                fallback_x=fallback_x,
                fallback_y=fallback_y,
                anchor=anchor,
            )
        )
    return "".join(parts)


def _edge_svg(edge: Edge) -> str:
    (x0, y0), *rest = edge.points
    path = f"M {x0} {y0} " + " ".join(f"L {x} {y}" for x, y in rest)
    (xa, ya), (xb, yb) = edge.points[-2], edge.points[-1]
    # A filled arrow head pointing from the last segment's start to its end.
    length = max(((xb - xa) ** 2 + (yb - ya) ** 2) ** 0.5, 1)
    ux, uy = (xb - xa) / length, (yb - ya) / length
    left = (xb - 7 * ux + 3.5 * uy, yb - 7 * uy - 3.5 * ux)
    right = (xb - 7 * ux - 3.5 * uy, yb - 7 * uy + 3.5 * ux)
    head = f"M {xb} {yb} L {left[0]:.2f} {left[1]:.2f} L {right[0]:.2f} {right[1]:.2f} Z"
    parts = [
        f'<path d="{path}" fill="none" stroke="rgb(0, 0, 0)" stroke-miterlimit="10" pointer-events="stroke"/>',
        f'<path d="{head}" fill="rgb(0, 0, 0)" stroke="rgb(0, 0, 0)" stroke-miterlimit="10" pointer-events="all"/>',
    ]
    if edge.label:
        middle = len(edge.points) // 2
        (ax, ay), (bx, by) = edge.points[middle - 1], edge.points[middle]
        cx, cy = (ax + bx) // 2, (ay + by) // 2
        parts.append(
            _switch(
                edge,
                box_x=cx,
                box_y=cy,
                box_width=1,
                justify="center",
                align_items="center",
                text_align="center",
                background="rgb(255, 255, 255)",
                wrap=False,
                color="rgb(0, 0, 0)",
                fallback_x=cx,
                fallback_y=cy + edge.font_size // 3,
                anchor="middle",
            )
        )
    return "".join(parts)


def _model_xml(diagram: Diagram) -> str:
    cells = ['<mxCell id="0"/>', '<mxCell id="1" parent="0"/>']
    for shape in diagram.shapes:
        style = (
            f"rounded={int(shape.rounded)};whiteSpace={'wrap' if shape.wrap else 'nowrap'};html=1;"
            f"align={shape.align};verticalAlign={shape.vertical};fontSize={shape.font_size};"
        )
        cells.append(
            f'<mxCell id="{shape.id}" value="{html.escape(shape.label, quote=True)}" style="{style}" vertex="1" parent="1">'
            f'<mxGeometry x="{shape.x}" y="{shape.y}" width="{shape.width}" height="{shape.height}" as="geometry"/></mxCell>'
        )
    for edge in diagram.edges:
        ends = (f' source="{edge.source}"' if edge.source else "") + (f' target="{edge.target}"' if edge.target else "")
        points = "".join(f'<mxPoint x="{x}" y="{y}"/>' for x, y in edge.points[1:-1])
        (sx, sy), (tx, ty) = edge.points[0], edge.points[-1]
        cells.append(
            f'<mxCell id="{edge.id}" value="{html.escape(edge.label, quote=True)}" '
            f'style="edgeStyle=orthogonalEdgeStyle;html=1;fontSize={edge.font_size};" edge="1" parent="1"{ends}>'
            f'<mxGeometry relative="1" as="geometry"><mxPoint x="{sx}" y="{sy}" as="sourcePoint"/>'
            f'<mxPoint x="{tx}" y="{ty}" as="targetPoint"/><Array as="points">{points}</Array></mxGeometry></mxCell>'
        )
    return (
        f'<mxGraphModel dx="{diagram.width}" dy="{diagram.height}" grid="1" gridSize="10" guides="1" tooltips="1" '
        'connect="1" arrows="1" fold="1" page="1" pageScale="1" pageWidth="1169" pageHeight="827" math="0" shadow="0">'
        f"<root>{''.join(cells)}</root></mxGraphModel>"
    )


def compress_model(xml: str) -> str:
    """draw.io's diagram encoding: URL-encode, raw deflate, base64."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = compressor.compress(quote(xml, safe="~()*!.'").encode("ascii")) + compressor.flush()
    return base64.b64encode(data).decode("ascii")


def export_svg(diagram: Diagram) -> str:
    mxfile = (
        f'<mxfile><diagram id="{diagram.name}" name="Page-1">{compress_model(_model_xml(diagram))}</diagram></mxfile>'
    )
    body = (
        "".join(_shape_svg(shape) for shape in diagram.shapes if shape.container)
        + "".join(_edge_svg(edge) for edge in diagram.edges)
        + "".join(_shape_svg(shape) for shape in diagram.shapes if not shape.container)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
        f'width="{diagram.width + 1}px" height="{diagram.height + 1}px" viewBox="-0.5 -0.5 {diagram.width + 1} {diagram.height + 1}" '
        f'content="{html.escape(mxfile, quote=True)}"><defs/><g>{body}</g>'
        f'<switch><g requiredFeatures="{EXTENSIBILITY}"/><a transform="translate(0,-5)" xlink:href="{WARNING_HREF}" '
        'target="_blank"><text text-anchor="middle" font-size="10px" x="50%" y="100%">Text is not SVG - cannot display</text>'
        "</a></switch></svg>\n"
    )


def gardener_node_agent_design() -> Diagram:
    """The architecture the 2023-05 wrap-up describes: gardener-node-init fetches gardener-node-agent
    from the registry; the agent watches its node and secrets and manages the node's units."""
    d = Diagram("gardener-node-agent-design", 960, 660)
    grey = "rgb(245, 245, 245)"
    d.shapes += [
        Shape(
            "registry",
            400,
            10,
            170,
            84,
            "OCI Registry<br><br>- kubelet<br>- gardener-node-agent",
            align="left",
            vertical="top",
        ),
        Shape(
            "cp",
            10,
            170,
            400,
            480,
            "Shoot Control Plane (in the Seed)",
            font_size=22,
            align="left",
            vertical="top",
            fill=grey,
            container=True,
        ),
        Shape(
            "worker",
            540,
            170,
            410,
            480,
            "Worker Node",
            font_size=22,
            align="left",
            vertical="top",
            fill=grey,
            container=True,
        ),
        Shape("gardenlet", 40, 240, 150, 60, "gardenlet", rounded=True),
        Shape("osc", 230, 240, 150, 60, "OperatingSystemConfig<br>(OSC)", rounded=True),
        Shape("mcm", 40, 380, 150, 60, "machine-controller-manager (MCM)", rounded=True),
        Shape(
            "secret",
            230,
            380,
            150,
            80,
            "Secret with the compiled OSC and the gardener-node-agent configuration",
            font_size=11,
            rounded=True,
        ),
        Shape("token", 230, 520, 150, 60, "shoot-access-token Secret", rounded=True),
        Shape("init", 580, 240, 170, 60, "gardener-node-init<br>(from user data)", rounded=True),
        Shape("agent", 580, 380, 170, 70, "<b>gardener-node-agent</b><br>controller-runtime", rounded=True),
        Shape(
            "units",
            790,
            380,
            140,
            90,
            "systemd units<br>- kubelet<br>- containerd<br>- gardener-node-agent",
            align="left",
            vertical="top",
        ),
        Shape("node", 580, 540, 170, 60, "Node object<br>(and its Lease)", rounded=True),
    ]
    d.edges += [
        Edge("e1", [(115, 240), (115, 52), (400, 52)], "store image vector", source="gardenlet", target="registry"),
        Edge("e2", [(665, 240), (665, 52), (570, 52)], "pull gardener-node-agent", source="init", target="registry"),
        Edge("e3", [(665, 300), (665, 380)], "starts", source="init", target="agent"),
        Edge("e4", [(580, 420), (380, 420)], "watch", source="agent", target="secret"),
        Edge("e5", [(620, 450), (620, 550), (380, 550)], "watch", source="agent", target="token"),
        Edge("e6", [(750, 425), (790, 425)], source="agent", target="units"),
        Edge("e7", [(700, 450), (700, 540)], "watch", source="agent", target="node"),
        Edge("e8", [(305, 300), (305, 380)], "compiled into", source="osc", target="secret"),
        Edge("e9", [(115, 300), (115, 380)], "deploys", source="gardenlet", target="mcm"),
    ]
    return d


def rolling_update_proposal() -> Diagram:
    """The "orchestrated update" sketch of the 2023-11 discussion: a controller in the seed rolls
    the OSC out node by node through one custom resource per gardener-node-agent."""
    d = Diagram("rolling-update-proposal", 1200, 620)
    grey, blue = "rgb(245, 245, 245)", "rgb(218, 232, 252)"
    d.shapes += [
        Shape("seed", 10, 10, 560, 600, "Seed", font_size=22, align="left", vertical="top", fill=grey, container=True),
        Shape("ns", 30, 60, 520, 530, "Shoot Namespace", font_size=16, align="left", vertical="top", container=True),
        Shape("gardenlet", 60, 110, 160, 50, "gardenlet", rounded=True),
        Shape("worker", 60, 230, 160, 50, "Worker", rounded=True),
        Shape("mcm", 60, 350, 160, 60, "machine-controller-manager", rounded=True),
        Shape("gnac", 320, 110, 200, 60, "gardener-node-agent-controller", rounded=True, fill=blue),
        Shape("osc", 320, 230, 200, 50, "OSC", rounded=True),
        Shape(
            "set",
            320,
            340,
            200,
            100,
            "<b>gardener-node-agent-set</b><br>(containing GNA template, how many nodes to update at once)",
            font_size=11,
            rounded=True,
            fill=blue,
        ),
        Shape(
            "algo",
            320,
            480,
            200,
            70,
            "Rolling Update Algorithm:<br>update one node, wait for it to be healthy, then the next",
            font_size=11,
            fill=blue,
        ),
        Shape(
            "shoot", 630, 10, 560, 600, "Shoot", font_size=22, align="left", vertical="top", fill=grey, container=True
        ),
    ]
    for index in range(3):
        y = 60 + index * 185
        d.shapes += [
            Shape(
                f"node{index}",
                650,
                y,
                520,
                170,
                f"Node {index + 1}",
                font_size=16,
                align="left",
                vertical="top",
                container=True,
            ),
            Shape(
                f"cr{index}",
                670,
                y + 40,
                190,
                50,
                f"gardener-node-agent-node-{index + 1}<br>CR",
                font_size=11,
                rounded=True,
                fill=blue,
            ),
            Shape(f"gna{index}", 670, y + 110, 190, 44, "gardener-node-agent", rounded=True),
            Shape(
                f"units{index}",
                960,
                y + 40,
                190,
                114,
                "systemd<br>- kubelet<br>- containerd",
                align="left",
                vertical="top",
            ),
        ]
        d.edges += [
            Edge(f"ref{index}", [(765, y + 110), (765, y + 90)], "ref", source=f"gna{index}", target=f"cr{index}"),
            Edge(
                f"rec{index}",
                [(860, y + 132), (960, y + 132)],
                "reconciles",
                source=f"gna{index}",
                target=f"units{index}",
            ),
            Edge(
                f"w{index}",
                [(520, 150), (600, 150), (600, y + 65), (670, y + 65)],
                "creates" if index == 0 else "",
                source="gnac",
                target=f"cr{index}",
            ),
        ]
    d.edges += [
        Edge("d1", [(220, 135), (320, 135)], "deploys", source="gardenlet", target="gnac"),
        Edge("d2", [(140, 160), (140, 230)], "deploys", source="gardenlet", target="worker"),
        Edge("d3", [(140, 280), (140, 350)], "reconciled by", source="worker", target="mcm"),
        Edge("d4", [(380, 170), (380, 230)], "reads", source="gnac", target="osc"),
        Edge(
            "d5",
            [(470, 170), (470, 200), (540, 200), (540, 390), (520, 390)],
            "deploys and<br>orchestrates",
            source="gnac",
            target="set",
        ),
        Edge("d6", [(420, 440), (420, 480)], "follows", source="set", target="algo"),
    ]
    return d


CONTENT_DIAGRAMS = {
    "hackathons/2023-05_Leverkusen/gardener-node-agent/design.drawio.svg": gardener_node_agent_design,
    "hackathons/2023-11_Schelklingen/discussions/rolling_update_proposal.drawio.svg": rolling_update_proposal,
}


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    for target, make in CONTENT_DIAGRAMS.items():
        (root / target).write_text(export_svg(make()), encoding="utf-8")
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
