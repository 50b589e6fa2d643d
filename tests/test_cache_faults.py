"""The content cache under faults, through whole builds: damaged entries, a kill mid-write,
two builds at once, a cache that cannot be written. The site must come out the same."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from PIL import Image

from conftest import MKDOCS, FixtureSite, event_readme
from test_diagrams import one_label

# Faults of the machine, each through whole builds: in the slow tier (make test-slow; CI runs it).
pytestmark = pytest.mark.slow

BODY = "## Design\n\n![Design](design.drawio.svg)\n\n![Team](team.png)\n\n**Problem Statement:** text\n"


def cached_site(fixture_site: FixtureSite) -> FixtureSite:
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme(body=BODY))
    fixture_site.add("2023-05_Leverkusen/design.drawio.svg", one_label("Gardener node agent"))
    picture = io.BytesIO()
    Image.radial_gradient("L").resize((1200, 900)).convert("RGB").save(picture, "PNG")
    fixture_site.add("2023-05_Leverkusen/team.png", picture.getvalue())
    return fixture_site


def cache_files(site: FixtureSite) -> list[Path]:
    return sorted(path for path in (site.root / ".cache" / "wrapup").rglob("*") if path.is_file())


def rendered_outputs(site_dir: Path) -> dict[str, bytes]:
    folder = site_dir / "2023-05-leverkusen"
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.suffix in (".png", ".webp")}


def test_garbage_truncated_and_half_written_entries_are_made_again(fixture_site):
    site = cached_site(fixture_site)
    assert site.build().returncode == 0
    expected = rendered_outputs(site.site_dir)
    entries = cache_files(site)
    assert entries
    for number, entry in enumerate(entries):
        data = entry.read_bytes()
        # Alternately garbage and cut in half (what a kill mid-write without rename would leave).
        entry.write_bytes(b"\x00garbage" * 3 if number % 2 else data[: len(data) // 2])
    # A temporary file of a write that was killed before its rename.
    (entries[0].parent / f".{entries[0].stem}.abcd.tmp").write_bytes(b"half")

    result = site.build()
    assert result.returncode == 0, result.stderr
    assert "diagrams: 1 rendered, 0 cached" in result.stderr
    assert "images: 1 made, 0 cached" in result.stderr
    assert rendered_outputs(site.site_dir) == expected


def test_two_builds_at_once_share_one_cache(fixture_site):
    site = cached_site(fixture_site)
    config = yaml.safe_load((site.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_dir"] = str(site.root / "site-two")
    (site.root / "two.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    builds = [
        subprocess.Popen(
            [*MKDOCS, "build", "--strict", "--config-file", str(site.root / name)],
            cwd=site.root,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("mkdocs.yml", "two.yml")
    ]
    for build in builds:
        _, stderr = build.communicate(timeout=600)
        assert build.returncode == 0, stderr
    assert rendered_outputs(site.site_dir) == rendered_outputs(site.root / "site-two")
    assert not [path for path in cache_files(site) if path.suffix == ".tmp"]

    again = site.build()
    assert "diagrams: 0 rendered, 1 cached" in again.stderr
    assert "images: 0 made, 1 cached" in again.stderr


def test_a_cache_that_cannot_be_written_costs_one_warning_and_no_content(fixture_site):
    site = cached_site(fixture_site)
    # The cache folder's parent is a file: unwritable for every user, root included.
    (site.root / ".cache").write_text("not a folder", encoding="utf-8")
    result = site.build()  # --strict, as the site's own mkdocs.yml: the machine's cache is no content mistake
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1, warnings
    assert "cannot be written" in warnings[0] and ".cache/wrapup" in warnings[0]
    outputs = rendered_outputs(site.site_dir)
    assert "design.drawio.png" in outputs and "team.960.webp" in outputs


def test_cache_entries_that_are_folders_or_links_are_made_again_under_strict(fixture_site, tmp_path):
    site = cached_site(fixture_site)
    assert site.build().returncode == 0
    entries = sorted((site.root / ".cache" / "wrapup").rglob("*.png"))
    assert len(entries) >= 2
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n not ours")
    folder_entry, linked_entry = entries[0], entries[1]
    folder_entry.unlink()
    folder_entry.mkdir()
    linked_entry.unlink()
    linked_entry.symlink_to(secret)
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert folder_entry.is_file() and not linked_entry.is_symlink() and linked_entry.is_file()
    published = [path.read_bytes() for path in site.site_dir.rglob("*.png")]
    assert secret.read_bytes() not in published
