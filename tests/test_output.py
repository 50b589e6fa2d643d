"""Atomic output: a build publishes a whole new site/ or leaves the previous one as it was."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
from pathlib import Path

import yaml

from conftest import MKDOCS, event_readme
from wrapup.output import staging


def snapshot(folder: Path) -> dict[str, str]:
    """Every file of a folder with a hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def staging_folders(site_dir: Path) -> list[Path]:
    return sorted(site_dir.parent.glob(f".{site_dir.name}.building-*"))


def test_a_build_swaps_a_complete_site_in_and_leaves_no_staging_folder(fixture_site):
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme())
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    assert (fixture_site.site_dir / "2023-05-leverkusen" / "index.html").is_file()
    assert (fixture_site.site_dir / "search" / "search_index.json").is_file()
    assert staging_folders(fixture_site.site_dir) == []


def test_a_build_failed_by_strict_leaves_the_previous_site_untouched(fixture_site):
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme())
    assert fixture_site.build().returncode == 0
    before = snapshot(fixture_site.site_dir)
    # A warning, not an error: the build runs to its end and only --strict fails it.
    fixture_site.add(
        "2023-11_Schelklingen/README.md",
        event_readme(start="2023-11-06", end="2023-11-10", body="## Topic\n\n**Problem Statment:** typo\n"),
    )
    result = fixture_site.build()
    assert result.returncode == 1
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr
    assert snapshot(fixture_site.site_dir) == before
    assert staging_folders(fixture_site.site_dir) == []


def test_a_build_killed_mid_write_leaves_the_previous_site_complete(fixture_site):
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme())
    assert fixture_site.build().returncode == 0
    before = snapshot(fixture_site.site_dir)

    # A hook that stops the next build while it writes pages, so that the kill lands mid-write.
    reached = fixture_site.root / "reached"
    pause = fixture_site.root / "pause_hooks.py"
    pause.write_text(
        "import pathlib, time\n"
        "def on_post_page(output, page, config):\n"
        f"    pathlib.Path({str(reached)!r}).write_text(config.site_dir)\n"
        "    time.sleep(60)\n"
        "    return output\n",
        encoding="utf-8",
    )
    config_path = fixture_site.root / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["hooks"].append(str(pause))
    config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
    fixture_site.add("2023-11_Schelklingen/README.md", event_readme(start="2023-11-06", end="2023-11-10"))

    build = subprocess.Popen(
        [*MKDOCS, "build", "--strict", "--config-file", str(config_path)],
        cwd=fixture_site.root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not reached.exists() and time.monotonic() < deadline and build.poll() is None:
            time.sleep(0.05)
        assert reached.exists(), "the build never reached its writing phase"
        writing_into = Path(reached.read_text())
        assert writing_into != fixture_site.site_dir.resolve()  # it writes into a staging folder
        assert any(writing_into.rglob("*.css"))  # and has written part of the new site there
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()

    assert snapshot(fixture_site.site_dir) == before
    assert staging_folders(fixture_site.site_dir) == [writing_into]

    # The next build removes the dead build's leftovers and publishes the new event.
    config["hooks"].remove(str(pause))
    config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    assert (fixture_site.site_dir / "2023-11-schelklingen" / "index.html").is_file()
    assert staging_folders(fixture_site.site_dir) == []


def test_publish_replaces_an_existing_site_and_removes_the_old_one(tmp_path):
    site_dir = tmp_path / "site"
    (site_dir / "old").mkdir(parents=True)
    staged = staging.stage(site_dir)
    (staged.staging_dir / "new").mkdir(parents=True)
    staging.publish(staged)
    assert [path.name for path in site_dir.iterdir()] == ["new"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_leftovers_of_running_builds_are_kept_and_of_dead_builds_removed(tmp_path):
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    dead = subprocess.Popen(["true"])
    dead.wait()
    running = tmp_path / f".site.building-{os.getppid()}"
    gone = tmp_path / f".site.building-{dead.pid}"
    unrelated = tmp_path / ".site.notes"
    for folder in (running, gone, unrelated):
        folder.mkdir()
    assert staging.remove_leftovers(site_dir) == [gone]
    assert running.exists() and unrelated.exists()
