"""Other plugins: MkDocs lets a plugin read and change every page's HTML in on_env (mkdocs-autorefs,
Material's tags listings). With such a plugin in the site, the generator keeps each page's HTML in
page.content until it is written; without one, it parks pages on disk (wrapup.output.page_store)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import PROJECT, FixtureSite, event_readme, write_config

POST_PROCESSOR = PROJECT / "tests" / "fixtures" / "plugins" / "post_process_hooks.py"
MARKER = "post-processed-in-on-env"


def _with_plugins(site: FixtureSite, *, hooks: list[str], plugins: list[str]) -> None:
    config_file = site.root / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["hooks"] = [*config["hooks"], *hooks]
    config["plugins"] = [*config["plugins"], *plugins]
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = FixtureSite(tmp_path_factory.mktemp("plugins"))
    site.content.mkdir()
    write_config(site.root, site.content, site.site_dir)
    _with_plugins(site, hooks=[str(POST_PROCESSOR)], plugins=["tags"])
    site.add("2023-05_Leverkusen/README.md", event_readme())
    site.add("2023-05_Leverkusen/notes/summary.md", "# Summary\n\nWhat we learned.\n")
    result = site.build("--verbose")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    (site.root / "build.log").write_text(result.stderr, encoding="utf-8")
    return site.site_dir


def test_a_plugin_post_processing_pages_in_on_env_changes_every_page(plugin_site: Path):
    pages = sorted(plugin_site.rglob("index.html"))
    made = [page for page in pages if "Redirecting" not in page.read_text(encoding="utf-8")]
    assert len(made) >= 6  # home, the event, its document, the Explore pages
    assert [page for page in made if MARKER not in page.read_text(encoding="utf-8")] == []


def test_the_build_says_why_pages_stay_in_memory(plugin_site: Path):
    log = (plugin_site.parent / "build.log").read_text(encoding="utf-8")
    assert "pages stay in memory until written" in log and "post_process_hooks" in log


def test_pages_are_parked_on_disk_when_no_plugin_reads_them_in_on_env(fixture_site: FixtureSite):
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme())
    result = fixture_site.build("--verbose")
    assert result.returncode == 0, result.stderr
    assert "pages stay in memory" not in result.stderr
