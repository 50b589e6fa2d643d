"""The second engine: ProperDocs, the continuation of MkDocs 1.x, builds this site from the same
mkdocs.yml and hooks into the same files (README, Engines)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED_CONTENT, write_config

pytestmark = pytest.mark.e2e


def build(engine: str, root: Path) -> dict[str, bytes]:
    """The seed site built --strict by ``engine``: every file by its path, without the generator line."""
    root.mkdir()
    site_dir = root / "site"
    config = write_config(root, SEED_CONTENT, site_dir)
    command = [sys.executable, "-m", engine, "build", "--strict", "--config-file", str(config)]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        command, cwd=root, capture_output=True, text=True, env=environment, timeout=900, check=False
    )
    assert result.returncode == 0, f"{engine} build --strict failed:\n{result.stderr}"
    assert "WARNING" not in result.stderr, result.stderr
    files = {}
    for path in sorted(site_dir.rglob("*")):
        if path.is_file():
            lines = path.read_bytes().splitlines(keepends=True)
            files[path.relative_to(site_dir).as_posix()] = b"".join(
                line for line in lines if b'<meta name="generator"' not in line
            )
    return files


def test_properdocs_builds_the_same_files_as_mkdocs(tmp_path: Path):
    with_mkdocs = build("mkdocs", tmp_path / "mkdocs")
    with_properdocs = build("properdocs", tmp_path / "properdocs")
    assert sorted(with_properdocs) == sorted(with_mkdocs)
    differing = [path for path in with_mkdocs if with_mkdocs[path] != with_properdocs[path]]
    assert differing == []
