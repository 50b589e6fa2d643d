"""Settings: a second community configures the generator through mkdocs.yml only (extra.wrapup),
and a wrong setting is MkDocs' own configuration error naming the option."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.exceptions import ConfigurationError

from conftest import PROJECT, FixtureSite, event_readme, write_config
from wrapup.config import settings_from
from wrapup.model.events import load_catalogue
from wrapup.model.threads import explore
from wrapup.pages.trial import site_config
from wrapup.settings import Limits, Settings


def test_the_original_repository_defaults_to_a_github_repo_url():
    settings = settings_from({"repo_url": "https://github.com/acme/hackdays.git", "site_name": "Acme"})
    assert settings.original_repository == "acme/hackdays"
    assert settings.tracking == ("acme", "hackdays")
    assert settings.home_title == "Acme"
    assert settings.limits == Limits()


def test_a_site_without_a_github_repository_has_no_original_repository():
    assert settings_from({"repo_url": "https://gitlab.com/acme/hackdays"}).original is None
    assert settings_from({}) == Settings(home_title=Settings.home_title)


def test_settings_in_extra_wrapup_override_the_defaults():
    settings = settings_from(
        {
            "site_name": "Acme",
            "extra": {
                "wrapup": {
                    "original_repository": "Acme/HackDays",
                    "tracking_repository": "acme/planning",
                    "explore": False,
                    "texts": {"home_title": "Hack days"},
                    "limits": {"image_widths": [800, 400, 800], "render_seconds": 5, "image_bytes": 1000},
                }
            },
        }
    )
    assert settings.original == ("acme", "hackdays") and settings.tracking == ("acme", "planning")
    assert (settings.explore, settings.home_title) == (False, "Hack days")
    assert settings.limits.image_widths == (400, 800)
    assert (settings.limits.render_seconds, settings.limits.image_bytes) == (5.0, 1000)


@pytest.mark.parametrize(
    ("wrapup", "option", "expected"),
    [
        ({"explore": "yes"}, "extra.wrapup.explore", "Expected type: <class 'bool'>"),
        ({"orignal_repository": "acme/x"}, "extra.wrapup.orignal_repository", "Unrecognised configuration name"),
        ({"original_repository": "hackdays"}, "extra.wrapup.original_repository", "'owner/name'"),
        ({"limits": {"image_widths": [0]}}, "extra.wrapup.limits", "positive whole number"),
        ({"limits": {"render_second": 5}}, "extra.wrapup.limits", "Unrecognised configuration name: render_second"),
        ({"texts": {"home_title": 3}}, "extra.wrapup.texts", "Expected type: <class 'str'>"),
    ],
)
def test_a_wrong_setting_is_a_configuration_error_naming_the_option(wrapup, option, expected):
    with pytest.raises(ConfigurationError) as raised:
        settings_from({"extra": {"wrapup": wrapup}})
    assert f"Config value '{option}'" in str(raised.value) and expected in str(raised.value)


def test_settings_that_are_not_a_mapping_are_a_configuration_error():
    with pytest.raises(ConfigurationError, match=r"'extra\.wrapup'"):
        settings_from({"extra": {"wrapup": ["explore"]}})


def test_mkdocs_build_stops_on_a_wrong_setting_with_its_name(fixture_site: FixtureSite):
    config = yaml.safe_load((fixture_site.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"]["wrapup"]["explore"] = "sometimes"
    (fixture_site.root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme())
    result = fixture_site.build()
    assert result.returncode != 0
    assert "Config value 'extra.wrapup.explore': Expected type: <class 'bool'>" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_string_in_the_package_names_the_first_community():
    # Docstrings may use the seed's names as examples; a value the code uses must come from settings.
    found = []
    for path in sorted((PROJECT / "hooks" / "wrapup").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        found += [
            f"{path.relative_to(PROJECT)}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and "gardener" in node.value.lower()
        ]
    for path in sorted((PROJECT / "hooks" / "wrapup").rglob("*.json")):
        found += [str(path.relative_to(PROJECT))] if "gardener" in path.read_text(encoding="utf-8").lower() else []
    assert found == []


# ---- a second community ------------------------------------------------------------------------

ACME_TOPICS = """\
## 🛠️ Faster Widgets

**Problem Statement:** Widgets were slow.

**Achievements:** The [last hack days' start](https://github.com/acme/hackdays/blob/main/2025-09_Shelbyville/README.md#-widget-cache)
was finished. Planned in https://github.com/acme/hackdays/issues/7.

**Code/Pull Requests:** https://github.com/acme/widgets/pull/3
"""

ACME_EARLIER = "## 🧰 Widget Cache\n\n**Problem Statement:** Widgets were slow.\n"


@pytest.fixture(scope="module")
def acme_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second community's site: the generator's mkdocs.yml with its own names and settings."""
    site = FixtureSite(tmp_path_factory.mktemp("acme"))
    site.content.mkdir()
    config_file = write_config(site.root, site.content, site.site_dir)
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config.update(
        site_name="Acme Hack Days",
        site_description="What the Acme hack days did.",
        site_url="https://acme.example/hackdays/",
        repo_url="https://github.com/acme/site",
        repo_name="acme/site",
    )
    config["extra"] = {"wrapup": {"original_repository": "acme/hackdays", "explore": False}}
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    site.add("index.md", "Twice a year, Acme's engineers hack for a week.\n\n<!-- events -->\n")
    site.add(
        "2026-03_Springfield/README.md",
        event_readme(
            title="Acme Hack Days 03/2026",
            start="2026-03-02",
            end="2026-03-06",
            place="Springfield Office",
            url="https://acme.example/",
            organiser="Acme",
            body=ACME_TOPICS,
        ),
    )
    site.add(
        "2025-09_Shelbyville/README.md",
        event_readme(
            title="Acme Hack Days 09/2025",
            start="2025-09-01",
            end="2025-09-05",
            place="Shelbyville Office",
            url="https://acme.example/",
            organiser="Acme",
            body=ACME_EARLIER,
        ),
    )
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site.site_dir


def test_a_second_community_site_builds_strict_with_its_own_names(acme_site: Path):
    home = BeautifulSoup((acme_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.title.get_text().startswith("Acme Hack Days")
    assert home.h1.find(string=True, recursive=False).strip() == "Acme Hack Days"
    links = [a.get_text(strip=True) for a in home.select("table a")]
    assert "Acme Hack Days 03/2026" in links and "Acme Hack Days 09/2025" in links


def test_links_into_the_configured_original_repository_point_at_its_pages(acme_site: Path):
    page = BeautifulSoup((acme_site / "2026-03-springfield" / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in page.select("article a[href]")]
    assert "../2025-09-shelbyville/#widget-cache" in hrefs
    assert not any("github.com/acme/hackdays/blob" in href for href in hrefs)


def test_without_explore_there_are_no_explore_pages_nor_links_to_them(acme_site: Path):
    for missing in ("topics", "numbers", "repositories"):
        assert not (acme_site / missing).exists()
    html = (acme_site / "index.html").read_text(encoding="utf-8")
    assert "Explore" not in html and "topics/" not in html


def test_the_tracking_repository_is_no_repository_worked_on(acme_site: Path):
    content = acme_site.parent / "hackathons"
    catalogue = load_catalogue(content, settings=settings_from(site_config(content)))
    explored = explore(catalogue.events, catalogue.crosslinks, catalogue.settings)
    assert list(explored.repositories) == ["acme/widgets"]  # not acme/hackdays, whose issue #7 it links


def test_nothing_of_the_first_community_reaches_a_second_site(acme_site: Path):
    for path in acme_site.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".css", ".js") and "assets/javascripts/bundle" not in str(path):
            assert "gardener" not in path.read_text(encoding="utf-8", errors="replace").lower(), path
