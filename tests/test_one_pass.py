"""Each document is tokenised once per change: in the trial, whose tokens the model and the page
read (``wrapup.model.parser.TokenStore``); a warm build tokenises nothing; an edit, only the
edited document."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import PROJECT, SEED_CONTENT, FixtureSite
from wrapup.model.frontmatter import body_of


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def parses(site: FixtureSite, log: Path) -> Counter[str]:
    """How often each text (by digest) was tokenised in one ``mkdocs build --strict`` of ``site``."""
    log.write_text("", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(PROJECT / "tests" / "parse_counter.py"), "build", "--strict"],
        cwd=site.root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PARSE_LOG": str(log)},
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return Counter(log.read_text(encoding="utf-8").split())


def documents(content: Path) -> dict[Path, str]:
    """Every Markdown file of the content, by path: the digest of the text its pages read."""
    return {
        path: digest(body_of(path.read_text(encoding="utf-8")))
        for path in content.rglob("*.md")
        if not any(part.startswith(".") for part in path.relative_to(content).parts)
    }


@pytest.fixture(scope="module")
def seed_copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[FixtureSite, Path, Counter[str]]:
    """A copy of the seed, built once cold (its parses kept): each test after it builds warm."""
    from conftest import write_config

    root = tmp_path_factory.mktemp("one-pass")
    site = FixtureSite(root)
    shutil.copytree(SEED_CONTENT, site.content)
    write_config(root, site.content, site.site_dir)
    log = root / "parses.log"
    return site, log, parses(site, log)


def test_a_cold_build_tokenises_each_document_once_and_no_text_twice(seed_copy):
    site, _log, counts = seed_copy
    every_document = documents(site.content)
    assert every_document, "the fixture has documents"
    assert {path.name: counts[text] for path, text in every_document.items()} == {
        path.name: 1 for path in every_document
    }
    assert [text for text, count in counts.items() if count > 1] == []


def test_a_warm_build_tokenises_nothing(seed_copy):
    site, log, _cold = seed_copy
    assert parses(site, log) == Counter()


def test_after_an_edit_only_the_edited_document_is_tokenised_once(seed_copy):
    site, log, _cold = seed_copy
    readme = sorted(site.content.glob("*/README.md"))[0]
    readme.write_text(readme.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert parses(site, log) == Counter({digest(body_of(readme.read_text(encoding="utf-8"))): 1})
