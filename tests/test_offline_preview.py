"""The pull request's preview opens from disk: the site built with Material's offline plugin
(mkdocs.offline.yml, which inherits mkdocs.yml, for that build only) links every page as a file
that exists, never a folder (a browser shows a folder of a disk as a listing, not its index.html)."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import PROJECT, SEED_CONTENT, write_config
from test_readable_site import build

OFFLINE_CONFIG = PROJECT / "mkdocs.offline.yml"


def plugin_names(plugins: list) -> list[str]:
    return [next(iter(plugin)) if isinstance(plugin, dict) else plugin for plugin in plugins]


def test_the_offline_config_is_mkdocs_yml_with_the_offline_plugin_added():
    # MkDocs replaces a list it inherits: the offline config repeats mkdocs.yml's plugins.
    online = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    offline = yaml.safe_load(OFFLINE_CONFIG.read_text(encoding="utf-8"))
    assert offline.pop("INHERIT") == "mkdocs.yml"
    assert offline == {"plugins": [*online["plugins"], "offline"]}
    assert "offline" not in plugin_names(online["plugins"])  # Pages keeps its directory URLs


def local_targets(page: Path) -> list[str]:
    """The site-relative addresses a page links to and loads (links, stylesheets, scripts, images)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    addresses = [
        element.get(attribute)
        for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"))
        for element in soup.find_all(tag)
    ]
    return [
        address
        for address in addresses
        if address and not urlsplit(address).scheme and not address.startswith(("#", "//"))
    ]


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("offline")
    shutil.copytree(SEED_CONTENT, root / "hackathons")
    write_config(root, root / "hackathons", root / "site")
    shutil.copy(OFFLINE_CONFIG, root / OFFLINE_CONFIG.name)  # inherits the fixture's mkdocs.yml beside it
    build(root, config=OFFLINE_CONFIG.name)
    return root / "site"


def test_every_page_of_the_offline_preview_links_to_files_that_exist(offline_site):
    # 404.html is left out: MkDocs gives the error page absolute addresses, for a server to use.
    dead = {}
    for page in sorted(offline_site.rglob("*.html")):
        if page.name == "404.html":
            continue
        missing = [
            address for address in local_targets(page) if not (page.parent / unquote(urlsplit(address).path)).is_file()
        ]
        if missing:
            dead[page.relative_to(offline_site).as_posix()] = missing[:5]
    assert dead == {}


def test_the_offline_preview_links_events_as_index_html(offline_site):
    home = local_targets(offline_site / "index.html")
    assert "2023-05-leverkusen/index.html" in home
    assert (offline_site / "search" / "search_index.js").is_file()  # search without a server
