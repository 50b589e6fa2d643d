"""The wrapup command, run as a contributor runs it."""

from __future__ import annotations

import subprocess
import sys

from PIL import Image

from drawio_export import Diagram, Shape, export_svg


def wrapup(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wrapup.cli", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_render_drawio_writes_the_png_the_build_would_make(tmp_path):
    source = tmp_path / "design.drawio.svg"
    source.write_text(export_svg(Diagram("d", 300, 200, shapes=[Shape("s", 10, 10, 100, 40, "OSC")])), encoding="utf-8")
    result = wrapup("render-drawio", str(source), str(tmp_path / "design.png"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{tmp_path / 'design.png'}: 602 x 402 px (shown at 301 x 201)\n"
    with Image.open(tmp_path / "design.png") as image:
        assert image.size == (602, 402)


def test_render_drawio_names_the_file_and_the_reason_on_bad_input(tmp_path):
    source = tmp_path / "broken.drawio.svg"
    source.write_bytes(b"\x89PNG\r\n\x1a\n")
    result = wrapup("render-drawio", str(source), str(tmp_path / "out.png"))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{source}: error: diagram not rendered: it is not well-formed SVG")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.png").exists()


def test_render_drawio_reports_a_missing_input(tmp_path):
    result = wrapup("render-drawio", str(tmp_path / "nowhere.drawio.svg"), str(tmp_path / "out.png"))
    assert result.returncode == 1
    assert result.stderr == f"{tmp_path / 'nowhere.drawio.svg'}: error: cannot read it (No such file or directory)\n"
