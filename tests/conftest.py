"""Shared fixtures: the project, the seed corpus, small fixture sites and the built real site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

from wrapup.settings import Settings

# In CI every property test draws the same examples in every run, and keeps no example database:
# a run passes or fails on the code alone, never on what an earlier run happened to find.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

PROJECT = Path(__file__).resolve().parent.parent
SEED = PROJECT.parent / "shared" / "corpus" / "seed"
# The seven seed events as this project publishes them (front matter added, figures by their
# published address, diagrams redrawn), frozen here: the tests that check the seed's exact
# figures build this copy, never the live hackathons/, so adding an event never breaks them.
SEED_CONTENT = PROJECT / "tests" / "fixtures" / "seed"
# The seed is read as the community's site reads it: links into its original repository are its events.
SEED_SETTINGS = Settings(original_repository="gardener-community/hackathon")
# The engine every build of the tests runs: MkDocs, or ProperDocs with WRAPUP_ENGINE=properdocs
# (`make test ENGINE=properdocs`; README, Engines). Both read the same mkdocs.yml and hooks.
ENGINE = os.environ.get("WRAPUP_ENGINE") or "mkdocs"
if ENGINE not in ("mkdocs", "properdocs"):
    raise pytest.UsageError(f"WRAPUP_ENGINE={ENGINE}: the engines are mkdocs and properdocs")
MKDOCS = [sys.executable, "-m", ENGINE]


def chromium_executable() -> str:
    """The browser the browser tests drive: $CHROMIUM when set (GitHub's runners have a Chrome of
    their own), else Debian's chromium. Fails, naming what to install, when there is none."""
    named = os.environ.get("CHROMIUM")
    path = named or shutil.which("chromium")
    if not path or not os.access(path, os.X_OK):
        pytest.fail(
            f"CHROMIUM={named} is not an executable"
            if named
            else "Chromium is not installed: the browser tests need Debian's package 'chromium' (sudo apt-get install "
            "chromium; `make test` with CI=true installs it), or CHROMIUM=/path/to/chrome"
        )
    return path


@pytest.fixture(scope="session")
def seed_root() -> Path:
    """The original wrap-ups. Tests that compare against them fail, loudly, when they are absent."""
    if not (SEED / "README.md").is_file():
        pytest.fail(
            f"the seed corpus is missing: expected {SEED} (../shared/corpus/seed next to the project). "
            "It is the reference for the end-to-end checks; run the tests from a checkout that has it."
        )
    return SEED


def event_readme(
    title: str = "Hack The Garden 05/2023 Wrap Up",
    start: str = "2023-05-22",
    end: str = "2023-05-26",
    place: str = "Open Sky House, Leverkusen",
    url: str = "https://www.openskyhouse.org/",
    organiser: str = "STACKIT",
    body: str = "## 🕵️ Introduction Of `gardener-node-agent`\n\n**Problem Statement:** text\n",
) -> str:
    """A valid event README; tests change one field to get exactly the problem they pin down."""
    return (
        "---\n"
        f"title: {title!r}\n"
        f"start: {start}\n"
        f"end: {end}\n"
        "place:\n"
        f"  name: {place!r}\n"
        f"  url: {url}\n"
        f"organiser: {organiser!r}\n"
        "---\n\n" + body
    )


@dataclass
class FixtureSite:
    """A small site: its own hackathons/ folder, built with the project's hooks and theme."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "hackathons"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    def add(self, relative: str, text: str | bytes) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    def build(self, *args: str, strict: bool = True, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        mode = "--strict" if strict else "--no-strict"
        return subprocess.run(
            [*MKDOCS, "build", mode, "--config-file", str(self.root / "mkdocs.yml"), *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            timeout=timeout,
            check=False,
        )


def write_config(root: Path, docs_dir: Path, site_dir: Path) -> Path:
    """The project's mkdocs.yml, pointed at another content folder and output folder."""
    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs_dir)
    config["theme"]["custom_dir"] = str(PROJECT / config["theme"]["custom_dir"])
    config["site_dir"] = str(site_dir)
    config["hooks"] = [str(PROJECT / hook) for hook in config["hooks"]]
    config.pop("watch", None)
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def fixture_site(tmp_path: Path) -> FixtureSite:
    site = FixtureSite(tmp_path)
    site.content.mkdir()
    write_config(tmp_path, site.content, site.site_dir)
    return site


def build_content(root: Path, content: Path) -> Path:
    """Build ``content`` with the project's configuration into ``root``/site; --strict, no warning."""
    site_dir = root / "site"
    config = write_config(root, content, site_dir)
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "--config-file", str(config)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    assert "WARNING" not in result.stderr, result.stderr
    return site_dir


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed site (``SEED_CONTENT``), built once per test session with --strict."""
    return build_content(tmp_path_factory.mktemp("seed-site"), SEED_CONTENT)


# ---- the browser tests' shared fixtures (tests/test_browser.py, tests/test_accessibility.py) ----


@pytest.fixture(scope="module")
def chromium_path() -> str:
    return chromium_executable()


@pytest.fixture(scope="module")
def site_url(built_site: Path):
    """The seed site served on loopback for the module's tests."""
    from test_browser import serving

    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    from test_browser import CHROMIUM_FLAGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
