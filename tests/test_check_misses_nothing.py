"""``wrapup check`` misses nothing the build would publish wrong: a path that is no event folder
or document, headings that skip a level or a '#' heading inside an event, a link to a file the
site will not publish, front matter YAML mistakes (with what to do). Each at its own line, with
its rule."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import event_readme
from wrapup.cli.check import check


def wrapup_check(*paths: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wrapup.cli", "check", "--strict", *paths],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        check=False,
    )


@pytest.mark.parametrize(
    "path", ["hackathons/2099-01_Typo", "hackathons/2023-05_Leverkusen/READM.md", "hackathons/notes", "elsewhere"]
)
def test_a_path_that_is_not_an_event_folder_or_document_is_an_error(fixture_site, path):
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme())
    (fixture_site.root / "elsewhere").mkdir()
    (fixture_site.content / "notes").mkdir()
    result = wrapup_check(path, cwd=fixture_site.root)
    assert result.returncode == 2
    assert result.stderr.startswith(f"wrapup check: error: {path}: ")
    assert "passed" not in result.stdout


def test_an_existing_event_folder_and_document_are_checked(fixture_site):
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme())
    for path in ("hackathons/2023-05_Leverkusen", "hackathons/2023-05_Leverkusen/README.md", "hackathons"):
        assert wrapup_check(path, cwd=fixture_site.root).returncode == 0, path


def found(root: Path) -> list[tuple[int | None, str]]:
    return [(problem.line, problem.code or "") for problem in check(root).diagnostics]


def test_a_skipped_heading_level_is_a_warning_at_its_line(fixture_site):
    readme = fixture_site.add(
        "2023-05_Leverkusen/README.md",
        event_readme(body="## Topic\n\n**Problem Statement:** text\n\n### Details\n\ntext\n\n##### Deep\n\ntext\n"),
    )
    line = readme.read_text(encoding="utf-8").splitlines().index("##### Deep") + 1
    assert found(fixture_site.content) == [(line, "heading-level")]


def test_a_hash_heading_inside_an_event_is_a_warning_at_its_own_line_and_opens_a_topic(fixture_site):
    body = (
        "## First\n\n**Problem Statement:** a\n\n**Achievements:** b\n\n"
        "# Second\n\n**Problem Statement:** c\n\n**Achievements:** d\n\n**Next Steps:** e\n"
    )
    readme = fixture_site.add("2023-05_Leverkusen/README.md", event_readme(body=body))
    line = readme.read_text(encoding="utf-8").splitlines().index("# Second") + 1
    assert found(fixture_site.content) == [(line, "heading-level")]  # no duplicate-section on the first topic


def test_a_link_to_a_file_the_site_will_not_publish_is_a_warning_at_the_link(fixture_site):
    readme = fixture_site.add(
        "2023-05_Leverkusen/README.md",
        event_readme(
            body="## Topic\n\n**Problem Statement:** text\n\n**Code/Pull Requests:** the [slides](slides.pdf)\n"
        ),
    )
    fixture_site.add("2023-05_Leverkusen/slides.pdf", b"%PDF-1.4\n")
    line = readme.read_text(encoding="utf-8").splitlines().index("**Code/Pull Requests:** the [slides](slides.pdf)") + 1
    assert (line, "unpublished-link") in found(fixture_site.content)
    assert (None, "file-refused") in found(fixture_site.content)


@pytest.mark.parametrize(
    ("front", "fix"),
    [
        ("title: x\n\tstart: 2023-05-22\n", "indent with spaces"),
        ("title: 'Hack the Garden\nstart: 2023-05-22\n", "close the quote"),
        ("title: Hack: the Garden\n", "must be quoted"),
    ],
)
def test_a_yaml_mistake_says_what_to_do(fixture_site, front, fix):
    fixture_site.add("2023-05_Leverkusen/README.md", f"---\n{front}---\n\n## Topic\n\ntext\n")
    result = wrapup_check(cwd=fixture_site.root)
    assert result.returncode == 1
    assert "README.md:" in result.stdout and fix in result.stdout


def test_a_documents_front_matter_opened_with_blanks_is_still_held_to_its_schema(fixture_site):
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme())
    fixture_site.add(
        "2023-05_Leverkusen/notes.md", '--- \ndescription: "\\"><img src=x onerror=alert(1)>"\n---\n\n# Notes\n'
    )
    result = wrapup_check(cwd=fixture_site.root)
    assert result.returncode == 1
    assert "notes.md:2: error:" in result.stdout
    build = fixture_site.build()
    assert build.returncode == 1 and "Traceback" not in build.stderr
