"""The pull request's preview, to be opened from disk: mkdocs.offline.yml inherits mkdocs.yml and
adds Material's offline plugin for that build only; the published site keeps directory URLs."""

from __future__ import annotations

import yaml

from conftest import PROJECT

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

