"""What a contributor runs: wrapup new and wrapup check, the schema, the workflows, the feed."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from conftest import PROJECT, SEED_CONTENT, event_readme
from wrapup.model.frontmatter import EventMeta, Place, event_schema


def wrapup(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wrapup.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        check=False,
    )


NEW = [
    "new",
    "2026-05_Schelklingen",
    "--start",
    "2026-05-11",
    "--end",
    "2026-05-15",
    "--place",
    "Schlosshof Freizeitheim, Schelklingen",
    "--url",
    "https://www.schlosshof-info.de/",
    "--organiser",
    "x-cellent",
]


def test_new_scaffolds_an_event_that_passes_check_and_builds(fixture_site):
    result = wrapup(*NEW, cwd=fixture_site.root)
    assert result.returncode == 0, result.stderr
    readme = fixture_site.content / "2026-05_Schelklingen" / "README.md"
    text = readme.read_text(encoding="utf-8")
    assert 'title: "Hack The Garden 05/2026 Wrap Up"' in text and "**Problem Statement:**" in text
    checked = wrapup("check", "--strict", cwd=fixture_site.root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout == "wrapup check passed: 0 errors, 0 warnings\n"
    built = fixture_site.build()
    assert built.returncode == 0, built.stderr
    assert (fixture_site.site_dir / "2026-05-schelklingen" / "index.html").is_file()


@pytest.mark.parametrize(
    "args, message",
    [
        (["new", "2026-05 Schelklingen"], "'2026-05 Schelklingen' is not a valid folder name"),
        (["new", "2026-05_München"], "'2026-05_München' is not a valid folder name"),
        ([*NEW[:5], "2026-05-01", *NEW[6:]], "the end (2026-05-01) is before the start (2026-05-11)"),
        (
            ["new", "2026-05_X", "--start", "2026-06-01", "--end", "2026-06-02", "--place", "x", "--organiser", "y"],
            "the start (2026-06-01) is not in 2026-05, as the folder name says",
        ),
        (["new", "2026-05_X", "--start", "11.05.2026"], "start '11.05.2026' is not a date written YYYY-MM-DD"),
        (["new", "2026-05_X"], "start date is missing: give it as an option"),
    ],
    ids=["space", "non-ascii", "end-before-start", "month-mismatch", "bad-date", "missing-option"],
)
def test_new_refuses_with_one_clear_line(tmp_path, args, message):
    (tmp_path / "hackathons").mkdir()
    result = wrapup(*args, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"wrapup new: error: {message}")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert list((tmp_path / "hackathons").iterdir()) == []


def test_new_refuses_an_existing_folder(tmp_path):
    (tmp_path / "hackathons" / "2026-05_Schelklingen").mkdir(parents=True)
    result = wrapup(*NEW, cwd=tmp_path)
    assert result.returncode == 1
    assert "exists already" in result.stderr


def test_check_passes_the_seed_content_with_its_accepted_quirks():
    # On the fixture copy of the seed: a new event in hackathons/ must not change the figures.
    result = wrapup("check", "--strict", "--root", str(SEED_CONTENT), cwd=PROJECT)
    assert result.returncode == 0, result.stdout
    assert result.stdout == "wrapup check passed: 0 errors, 0 warnings (2 accepted by lint.accept)\n"


def bad_site(root: Path) -> None:
    content = root / "hackathons"
    good = content / "2023-05_Leverkusen"
    good.mkdir(parents=True)
    (good / "README.md").write_text(
        event_readme(
            body=(
                "## A\n\n**Achievements:** x\n\n**Problem Statement:** see [the design](design.md) and ![](missing.png)\n\n"
                "## A\n\n**Problem Statement:** [https://github.com/a/b](words)\n"
            )
        ),
        encoding="utf-8",
    )
    (content / "2023-11_Schelklingen").mkdir()
    (content / "2023-12 Bad").mkdir()
    (content / "2023-12 Bad" / "README.md").write_text("x", encoding="utf-8")
    (content / "2024-01_Empty").mkdir()
    (content / "2024-01_Empty" / "README.md").write_text("", encoding="utf-8")
    (content / "2024-02_Binary").mkdir()
    (content / "2024-02_Binary" / "README.md").write_bytes(b"\x89PNG\x00\x00")


def test_check_reports_each_rule_grouped_per_file_with_a_summary(tmp_path):
    bad_site(tmp_path)
    result = wrapup("check", "--no-media", cwd=tmp_path)
    assert result.returncode == 1
    *problems, summary = result.stdout.splitlines()
    # Each problem is "path[:line]: level: message [rule]", in file and line order; the words may change.
    found = [re.fullmatch(r"(.+?): (error|warning): .+ \[([a-z-]+)\]", line).groups() for line in problems]
    readme = "hackathons/2023-05_Leverkusen/README.md"
    assert found == [
        (f"{readme}:15", "warning", "broken-link"),  # the image
        (f"{readme}:15", "warning", "broken-link"),  # the link
        (f"{readme}:15", "warning", "section-order"),
        (f"{readme}:17", "warning", "duplicate-title"),
        (f"{readme}:19", "warning", "reversed-link"),
        ("hackathons/2023-11_Schelklingen", "error", "event-folder"),
        ("hackathons/2023-12 Bad", "error", "event-folder"),
        ("hackathons/2024-01_Empty/README.md", "error", "event-folder"),
        ("hackathons/2024-02_Binary/README.md", "error", "unreadable"),
    ]
    assert "missing.png" in problems[0] and "design.md" in problems[1]  # each says which reference
    assert summary == "wrapup check failed: 4 errors, 5 warnings"


def test_check_json_output_for_tools(tmp_path):
    bad_site(tmp_path)
    result = wrapup(
        "check", "--no-media", "--strict", "--format", "json", "hackathons/2023-05_Leverkusen", cwd=tmp_path
    )
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert (report["errors"], report["warnings"], report["ok"]) == (0, 5, False)
    assert report["problems"][1] == {
        "path": "hackathons/2023-05_Leverkusen/README.md",
        "line": 15,
        "level": "warning",
        "message": "link 'design.md' does not resolve: there is no 2023-05_Leverkusen/design.md; correct the path "
        "(it is relative to this file) or add the file",
        "rule": "broken-link",
    }


def test_warnings_exit_0_unless_strict(tmp_path):
    content = tmp_path / "hackathons" / "2023-05_Leverkusen"
    content.mkdir(parents=True)
    (content / "README.md").write_text(
        event_readme(body="## T\n\n**Achievements:** a\n\n**Problem Statement:** p\n"), encoding="utf-8"
    )
    assert wrapup("check", cwd=tmp_path).returncode == 0
    strict = wrapup("check", "--strict", cwd=tmp_path)
    assert strict.returncode == 1
    assert strict.stdout.endswith("wrapup check failed: 0 errors, 1 warnings (--strict: warnings fail)\n")


def test_check_finds_diagrams_and_images_the_build_would_refuse(tmp_path):
    content = tmp_path / "hackathons" / "2023-05_Leverkusen"
    content.mkdir(parents=True)
    (content / "README.md").write_text(
        event_readme(body="## T\n\n**Problem Statement:** ![photo](photo.jpg)\n"), encoding="utf-8"
    )
    (content / "photo.jpg").write_text("not a picture")
    (content / "broken.drawio.svg").write_text("<svg")
    result = wrapup("check", cwd=tmp_path)
    assert (
        "hackathons/2023-05_Leverkusen/broken.drawio.svg: warning: diagram not rendered: it is not well-formed SVG"
        in result.stdout
    )
    assert "hackathons/2023-05_Leverkusen/photo.jpg: warning: image not published: it is not an image" in result.stdout


# ---- the schema and the model --------------------------------------------------------------


def test_shipped_schema_and_event_model_name_the_same_fields():
    schema = event_schema()
    model_fields = set(EventMeta.__dataclass_fields__) - {"field_lines", "accepted_lint", "threads"}
    optional = {"links", "photo"}  # organiser_url is the 'url' of an organiser written as an object
    assert set(schema["required"]) == model_fields - optional - {"organiser_url"}
    assert set(schema["properties"]) == model_fields - {"organiser_url"} | {"lint", "threads"}
    assert set(schema["properties"]["place"]["properties"]) == set(Place.__dataclass_fields__)


def test_every_lint_rule_the_build_reports_can_be_accepted():
    accepted = set(event_schema()["properties"]["lint"]["properties"]["accept"]["items"]["enum"])
    source = "".join(path.read_text(encoding="utf-8") for path in (PROJECT / "hooks" / "wrapup").rglob("*.py"))
    # Rules the build emits as warnings about wrap-up text (check-only rules are errors or about files).
    emitted = set(
        re.findall(
            r'"(reversed-link|unknown-label|unclosed-label|duplicate-title|duplicate-section|'
            r"section-order|stub-topic|empty-heading|missing-target|gfm-difference|heading-level|"
            r'repository-name)"',
            source,
        )
    )
    assert emitted == accepted


# ---- the workflows ---------------------------------------------------------------------------


def workflow_commands() -> list[str]:
    commands = []
    for path in sorted((PROJECT / ".github" / "workflows").glob("*.yml")):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job in workflow["jobs"].values():
            commands += [step["run"] for step in job["steps"] if "run" in step]
    return commands


def test_workflows_are_valid_and_use_the_official_pages_actions():
    uses = []
    for path in sorted((PROJECT / ".github" / "workflows").glob("*.yml")):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert workflow["jobs"], path
        uses += [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    for action in (
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
        "actions/upload-artifact@",
        "actions/setup-python@",
    ):
        assert any(u.startswith(action) for u in uses), action


def test_workflow_commands_exist_in_this_project():
    cli = subprocess.run(
        [sys.executable, "-m", "wrapup.cli", "--help"], capture_output=True, text=True, check=False
    ).stdout
    checked = 0
    for command in workflow_commands():
        for part in command.split("&&"):
            words = shlex.split(part)
            if words[:1] == ["wrapup"]:
                assert words[1] in cli, part
                help_text = subprocess.run(
                    [sys.executable, "-m", "wrapup.cli", words[1], "--help"],
                    capture_output=True,
                    text=True,
                    check=False,
                ).stdout
                assert all(option in help_text for option in words[2:] if option.startswith("--")), part
                checked += 1
            elif words[:1] == ["mkdocs"]:
                assert (PROJECT / "mkdocs.yml").is_file()
                checked += 1
            elif words[:3] == ["python", "-m", "pytest"]:
                assert (PROJECT / "tests").is_dir()
                checked += 1
            elif words[:4] == ["python", "-m", "pip", "install"]:
                extras = re.findall(r"\[(\w+)\]", part)
                optional = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
                assert all(extra in optional for extra in extras), part
                checked += 1
    assert checked >= 6


# ---- the feed and the date of the last change ------------------------------------------------


def test_event_pages_say_when_they_were_last_changed_and_the_feed_lists_events(built_site):
    page = (built_site / "2023-05-leverkusen" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="wrapup-updated">Wrap-up last changed on <time datetime="\d{4}-\d\d-\d\dT', page)
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(built_site / "feed.xml").getroot()
    titles = [entry.findtext(f"{atom}title") for entry in feed.iter(f"{atom}entry")]
    assert titles[0] == "Hack The Garden 06/2025 Wrap Up" and len(titles) == 7
    assert '<link rel="alternate" type="application/atom+xml"' in (built_site / "index.html").read_text(
        encoding="utf-8"
    )
