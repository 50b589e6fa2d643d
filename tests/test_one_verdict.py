"""``wrapup check --strict`` and ``mkdocs build --strict`` reach one verdict on the same content,
and report the same problems at the same lines: nothing the check passes fails the build, and
nothing the build publishes quietly was hidden from the check."""

from __future__ import annotations

import base64
import io
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from conftest import FixtureSite, event_readme, write_config

DEFAULT_TITLE = "title: 'Hack The Garden 05/2023 Wrap Up'"


def tiny_png() -> str:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (1, 2, 3)).save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def verdicts(site: FixtureSite) -> tuple[tuple[int, set[str]], tuple[int, set[str]]]:
    """(exit code, reported 'path:line: level … [rule]' heads) of the strict build and of the check."""
    build = site.build()
    check = subprocess.run(
        [sys.executable, "-m", "wrapup.cli", "check", "--strict"],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert "Traceback" not in build.stderr + check.stderr

    def reported(output: str) -> set[str]:
        return {
            line[line.index("hackathons/") :].split(": ")[0] + " " + line.rstrip().rsplit(" ", 1)[-1]
            for line in output.splitlines()
            if "hackathons/" in line and (": warning: " in line or ": error: " in line)
        }

    return (build.returncode, reported(build.stderr)), (check.returncode, reported(check.stdout))


def site_with(tmp_path, events: dict[str, str]) -> FixtureSite:
    site = FixtureSite(tmp_path)
    site.content.mkdir()
    write_config(site.root, site.content, site.site_dir)
    for folder, readme in events.items():
        site.add(f"{folder}/README.md", readme)
    return site


def test_raw_html_cases_get_one_verdict_and_the_same_lines(tmp_path):
    png = tiny_png()
    bodies = {
        # A comment closed the way browsers close it ('--!>'), an image with a handler after it.
        "2023-01_Comment": "<!-- a --!> <img src=x onerror=alert(1)> -->\n",
        "2023-02_Split": "**Problem Statement:** text <!-- x\n\n**Achievements:** --> <img src=x onerror=alert(1)>\n",
        "2023-03_DataMarkdown": f"**Problem Statement:** ![a dot]({png})\n",
        "2023-04_DataHtml": f'**Problem Statement:** <img src="{png}" alt="a dot">\n',
        "2023-06_DataSvg": '**Problem Statement:** <img src="data:image/svg+xml;base64,PHN2Zy8+" alt="svg">\n',
    }
    events = {
        folder: event_readme(start=f"{folder[:7]}-10", end=f"{folder[:7]}-12", body=f"## Topic\n\n{body}")
        for folder, body in bodies.items()
    }
    (build_code, build_lines), (check_code, check_lines) = verdicts(site_with(tmp_path, events))
    assert build_code == check_code == 1
    assert build_lines == check_lines
    assert any(line.startswith("hackathons/2023-01_Comment/README.md:") for line in build_lines)
    assert not any("Data" in line and "Svg" not in line for line in build_lines)  # a raster inline is fine


@pytest.mark.parametrize(
    "field",
    [
        'title: "Hack \\ud800 the Garden"',
        'title: "Hack \\x00\\x1b the Garden"',
        'title: "Hack \\uffff"',
        'title: "\\x9b31m Hack"',
    ],
)
def test_characters_no_page_can_show_are_an_error_at_their_line_in_check_and_build(tmp_path, field):
    site = site_with(tmp_path, {"2023-05_Leverkusen": event_readme().replace(DEFAULT_TITLE, field)})
    (build_code, build_lines), (check_code, check_lines) = verdicts(site)
    assert build_code == check_code == 1
    assert build_lines == check_lines == {"hackathons/2023-05_Leverkusen/README.md:2 [front-matter]"}


ESCAPES = st.sampled_from(
    [
        "\\x00",
        "\\x07",
        "\\x1b",
        "\\x85",
        "\\u2028",
        "\\u202e",
        "\\ud800",
        "\\udfff",
        "\\ufffe",
        "\\t",
        "\\\\",
        '\\"',
        "\\u00e9",
        "\\U0001F680",
        "<",
        "&amp;",
        "'",
    ]
)
TEXT = st.lists(st.one_of(ESCAPES, st.text(alphabet="abc XYZ-", min_size=1, max_size=4)), min_size=1, max_size=6)


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(titles=st.lists(TEXT, min_size=3, max_size=3), places=st.lists(TEXT, min_size=3, max_size=3))
def test_check_and_build_agree_on_front_matter_written_with_escapes(tmp_path_factory, titles, places):
    events = {}
    for number, (title, place) in enumerate(zip(titles, places, strict=True)):
        readme = event_readme(start=f"2023-0{number + 1}-10", end=f"2023-0{number + 1}-12")
        readme = readme.replace(DEFAULT_TITLE, f'title: "Hack {"".join(title)}"')
        readme = readme.replace("name: 'Open Sky House, Leverkusen'", f'name: "{"".join(place)}"')
        events[f"2023-0{number + 1}_Place"] = readme
    (build_code, build_lines), (check_code, check_lines) = verdicts(site_with(tmp_path_factory.mktemp("v"), events))
    assert build_code == check_code
    assert build_lines == check_lines


def test_a_file_name_that_is_not_utf8_is_an_error_in_check_and_build_alike(tmp_path):
    import os

    site = site_with(tmp_path, {"2023-05_Leverkusen": event_readme()})
    folder = os.fsencode(site.content / "2023-05_Leverkusen")
    for name in (b"notes\xff\xfe.md", b"photo\xe9.png"):
        with open(os.path.join(folder, name), "wb") as stream:
            stream.write(b"# Notes\n")
    (build_code, build_lines), (check_code, check_lines) = verdicts(site)
    assert build_code == check_code == 1
    assert build_lines == check_lines == {"hackathons/2023-05_Leverkusen [file-name]"}
