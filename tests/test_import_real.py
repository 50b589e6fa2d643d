"""Real wrap-ups import with no hand edit: each defect a contributor met, pinned on a page of the
community's shape (tests/fixtures/import/site/2026-05.md and the events table beside it)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from PIL import Image

from conftest import PROJECT
from wrapup.cli.check import check
from wrapup.cli.events_table import page_name
from wrapup.cli.importer import Sources, import_wrapup
from wrapup.model.frontmatter import split_front_matter

SITE = PROJECT / "tests" / "fixtures" / "import" / "site"
SITE_URL = "https://gardener.cloud/"


@pytest.fixture
def source(tmp_path) -> Path:
    """The page and its events table, as the documentation site keeps them, and its images."""
    folder = tmp_path / "site"
    shutil.copytree(SITE, folder)
    images = tmp_path / "images" / "2026-05"
    images.mkdir(parents=True)
    Image.new("RGB", (640, 400), (80, 140, 60)).save(images / "group-picture.jpeg", "JPEG")
    return folder / "2026-05.md"


def run(source: Path, tmp_path: Path, **options) -> tuple[Path, list[str]]:
    sources = Sources(
        images=tmp_path / "images", site_url=options.get("site_url", SITE_URL), events_table=options.get("events_table")
    )
    result = import_wrapup(source, tmp_path / "hackathons", sources=sources)
    return result.folder, [problem.format(tmp_path) for problem in result.problems]


def front(folder: Path) -> dict:
    return yaml.safe_load(split_front_matter((folder / "README.md").read_text(encoding="utf-8")).yaml_text)


def body(folder: Path) -> str:
    return split_front_matter((folder / "README.md").read_text(encoding="utf-8")).body


def test_the_page_imports_and_passes_the_strict_check_untouched(source, tmp_path):
    _folder, _ = run(source, tmp_path)
    result = check(tmp_path / "hackathons")
    assert [problem.format(tmp_path) for problem in result.diagnostics if problem.level.value != "info"] == []


def test_the_command_ends_with_the_checks_verdict(source, tmp_path):
    command = [
        sys.executable,
        "-m",
        "wrapup.cli",
        "import",
        str(source),
        "--images",
        str(tmp_path / "images"),
        "--site-url",
        SITE_URL,
        "--root",
        str(tmp_path / "hackathons"),
    ]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.rstrip().endswith("wrapup check --strict passes")


def test_each_fact_lands_once_and_an_unmapped_one_stays_as_text_reported_once(source, tmp_path):
    folder, problems = run(source, tmp_path)
    text = body(folder)
    assert "🍕 **Food:** cooked together every evening" in text
    assert "**Date:**" not in text and "**Location:**" not in text and "**Review Meeting:**" not in text
    assert [line for line in problems if "Food" in line] == [
        "site/2026-05.md:19: warning: fact 'Food' has no place in the front matter; it stays in the page as text [import]"
    ]
    assert [link["kind"] for link in front(folder)["links"]] == ["review"]


def test_the_documentation_sites_navigation_keys_are_left_behind_quietly(source, tmp_path):
    _, problems = run(source, tmp_path)
    assert not [line for line in problems if "front matter key" in line]


def test_facts_the_page_does_not_state_come_from_the_events_table_beside_it(source, tmp_path):
    folder, _ = run(source, tmp_path)
    facts = front(folder)
    assert facts["place"] == {"name": "Schlosshof Freizeitheim, Schelklingen", "url": "https://www.schlosshof-info.de/"}
    assert facts["organiser"] == {"name": "STACKIT", "url": "https://www.stackit.de/"}
    assert (facts["start"], facts["end"]) == ("2026-05-11", "2026-05-15")


def test_an_events_table_given_by_name_is_used(source, tmp_path):
    table = tmp_path / "table.md"
    (source.parent / "_index.md").rename(table)
    folder, _ = run(source, tmp_path, events_table=table)
    assert front(folder)["organiser"]["name"] == "STACKIT"


@pytest.mark.parametrize(
    "href",
    [
        "/community/hackathons/2026-05/",
        "2026-05.md",
        "2026-05/README.md",
        "./2026-05/index.md",
        "https://gardener.cloud/community/hackathons/2026-05",
    ],
)
def test_a_table_row_links_the_page_in_any_of_its_forms(href):
    assert page_name(href) == "2026-05"


def test_site_absolute_links_become_absolute_with_the_site_url(source, tmp_path):
    folder, problems = run(source, tmp_path)
    assert "[node identity guide](https://gardener.cloud/docs/gardener/node-identity/)" in body(folder)
    assert any(
        line.startswith("site/2026-05.md:26: info: made '/docs/gardener/node-identity/' absolute") for line in problems
    )


def test_without_the_site_url_a_site_absolute_link_is_a_warning_at_its_line(source, tmp_path):
    _, problems = run(source, tmp_path, site_url=None)
    assert any(
        line.startswith("site/2026-05.md:26: warning: site-absolute link '/docs/gardener/node-identity/'")
        for line in problems
    )


def test_a_link_written_the_wrong_way_round_is_repaired_and_reported(source, tmp_path):
    folder, problems = run(source, tmp_path)
    assert "[the pull request](https://github.com/gardener/gardener/pull/14001)" in body(folder)
    assert any(line.startswith("site/2026-05.md:34: info: link written the wrong way round") for line in problems)


def test_labels_real_wrap_ups_use_map_to_a_section(source, tmp_path):
    _folder, _ = run(source, tmp_path)
    result = check(tmp_path / "hackathons")
    assert not [problem for problem in result.diagnostics if problem.code == "unknown-label"]
    from wrapup.model.labels import SectionKind, section_kind

    assert {section_kind(label) for label in ("Conclusion", "Outcome", "Results", "Summary")} == {
        SectionKind.ACHIEVEMENTS
    }


def test_a_unicode_16_emoji_becomes_the_topics_icon(source, tmp_path):
    from wrapup.model.events import load_event

    folder, _ = run(source, tmp_path)
    event, _ = load_event(folder)
    assert next((topic.emoji, topic.title) for topic in event.topics) == ("🫆", "Fingerprint Node Identities")


def test_a_missing_image_with_images_given_says_where_it_was_looked_for(source, tmp_path):
    (tmp_path / "images" / "2026-05" / "group-picture.jpeg").unlink()
    _, problems = run(source, tmp_path)
    line = next(line for line in problems if "group-picture" in line)
    assert "give --images" not in line and "not found beside the page or under" in line
