"""The ``wrapup`` command: tools for contributors that work without building the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .diagrams import SCALE, DiagramError, render


def _render_drawio(arguments: argparse.Namespace) -> int:
    source: Path = arguments.input
    try:
        data = source.read_bytes()
    except OSError as exc:
        print(f"{source}: error: cannot read it ({exc.strerror or exc})", file=sys.stderr)
        return 1
    try:
        result = render(data)
    except DiagramError as exc:
        print(f"{source}: error: diagram not rendered: {exc}", file=sys.stderr)
        return 1
    try:
        arguments.output.write_bytes(result.png)
    except OSError as exc:
        print(f"{arguments.output}: error: cannot write it ({exc.strerror or exc})", file=sys.stderr)
        return 1
    print(f"{arguments.output}: {result.width * SCALE} x {result.height * SCALE} px "
          f"(shown at {result.width} x {result.height})")
    return 0


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="wrapup", description=__doc__)
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    drawio = commands.add_parser(
        "render-drawio",
        help="render a draw.io SVG export to PNG exactly as the site build does",
        description="Render a draw.io SVG export (*.drawio.svg) to PNG the way the site build does: "
                    "labels as text, the 'Text is not SVG' line removed, at 2x.",
    )
    drawio.add_argument("input", type=Path, metavar="IN.drawio.svg")
    drawio.add_argument("output", type=Path, metavar="OUT.png")
    drawio.set_defaults(run=_render_drawio)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    return arguments.run(arguments)


if __name__ == "__main__":
    sys.exit(main())
