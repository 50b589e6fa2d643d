"""A page whose Markdown, site and code are unchanged is not converted again: warm builds and serve
rebuilds take it from the cache, and say and publish exactly what a cold build does."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import FixtureSite, event_readme


def counts(stderr: str) -> tuple[int, int]:
    found = re.search(r"pages: (\d+) converted, (\d+) from the cache", stderr)
    assert found is not None, stderr
    return int(found[1]), int(found[2])


def problems(stderr: str) -> list[str]:
    return sorted(
        line.split("  -  ", 1)[-1]
        for line in stderr.splitlines()
        if line.startswith(("WARNING", "INFO    -  wrapup: hackathons"))
    )


def site_files(site: FixtureSite) -> dict[str, bytes]:
    return {
        str(path.relative_to(site.site_dir)): path.read_bytes()
        for path in sorted(site.site_dir.rglob("*"))
        if path.is_file()
    }


BODY = (
    '## First\n\n**Problem Statement:** <span class="x" onclick="f()">raw</span> text\n\n'
    "## Second\n\n**Problem Statement:** see [first](#first)\n"
)


@pytest.fixture
def site(fixture_site: FixtureSite) -> FixtureSite:
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme(body=BODY))
    fixture_site.add("2023-05_Leverkusen/notes.md", "# Notes\n\nSee the [wrap-up](README.md#second).\n")
    fixture_site.add("2024-05_Schelklingen/README.md", event_readme(start="2024-05-13", end="2024-05-17"))
    return fixture_site


def test_a_warm_build_converts_no_page_and_publishes_the_same_bytes(site):
    cold = site.build(strict=False)
    first = site_files(site)
    warm = site.build(strict=False)
    converted, cached = counts(warm.stderr)
    assert converted == 0 and cached == counts(cold.stderr)[0] > 5
    assert site_files(site) == first


def test_a_warm_build_reports_what_the_cold_one_did_and_fails_strict_alike(site):
    cold = site.build()
    warm = site.build()
    assert cold.returncode == warm.returncode == 1  # the onclick is removed: a warning
    assert problems(warm.stderr) == problems(cold.stderr)
    assert any("[unsafe-html]" in line for line in problems(warm.stderr))
    assert any("[html-presentation]" in line for line in problems(warm.stderr))


def test_after_one_edit_only_that_page_converts_again(site):
    site.build(strict=False)
    notes = site.content / "2023-05_Leverkusen" / "notes.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    again = site.build(strict=False)
    assert counts(again.stderr)[0] == 1
    assert "One more line." in (site.site_dir / "2023-05-leverkusen" / "notes" / "index.html").read_text("utf-8")


def test_a_change_of_what_a_page_links_to_converts_the_pages_again(site):
    site.build(strict=False)
    shutil.rmtree(site.content / "2024-05_Schelklingen")  # the site's files change: links may resolve otherwise
    again = site.build(strict=False)
    assert counts(again.stderr)[1] == 0


def test_a_change_of_how_links_are_validated_converts_the_pages_again(site):
    import yaml

    site.build(strict=False)
    config_path = site.root / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config.setdefault("validation", {}).setdefault("links", {})["not_found"] = "warn"
    config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
    again = site.build(strict=False)
    assert counts(again.stderr)[1] == 0


def test_an_extension_the_cache_cannot_stand_for_turns_it_off():
    from wrapup.output.page_cache import uncacheable

    assert uncacheable(["toc", "wrapup.pages.gfm", "pymdownx.highlight"]) == []
    assert uncacheable(["toc", "mkdocs_autorefs"]) == ["mkdocs_autorefs"]
