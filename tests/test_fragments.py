"""Every piece of HTML the package makes comes from a template with autoescape on, which a site
can replace through its theme's custom_dir, as Material's fragments are replaced."""

from __future__ import annotations

import ast
import re
import shutil

import yaml

from conftest import PROJECT, FixtureSite, event_readme, write_config
from wrapup.pages.templates import Fragments

PACKAGE = PROJECT / "hooks" / "wrapup"
# Markup written out: a closing tag ('</tr') or a tag with an attribute ('<td data-value='). A
# message that names an element ("its <use> elements") writes no HTML.
_TAG = re.compile(r"</[a-zA-Z]|<[a-zA-Z][\w-]*\s+[\w-]+\s*=")


def test_no_module_writes_html_in_an_f_string():
    found = []
    for path in sorted([*PACKAGE.rglob("*.py"), PROJECT / "hooks" / "wrapup_hooks.py"]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                text = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
                if _TAG.search(text):
                    found.append(f"{path.relative_to(PROJECT)}:{node.lineno}")
    assert found == []


def test_values_in_a_fragment_are_escaped():
    html = Fragments().render("redirect.html", target='x"><script>alert(1)</script>', script_target='"x"')
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def site_with_fragment(tmp_path, name: str, template: str) -> FixtureSite:
    """A site whose theme's custom_dir holds its own ``fragments/name``."""
    site = FixtureSite(tmp_path)
    site.content.mkdir()
    config_path = write_config(site.root, site.content, site.site_dir)
    overrides = tmp_path / "overrides"
    shutil.copytree(PROJECT / "assets" / "overrides", overrides)
    (overrides / "fragments").mkdir()
    (overrides / "fragments" / name).write_text(template, encoding="utf-8")
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(overrides)
    config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
    site.add("2023-05_Leverkusen/README.md", event_readme())
    return site


def test_a_site_overrides_one_fragment_through_its_custom_dir(tmp_path):
    site = site_with_fragment(
        tmp_path, "bar_chart.html", '<p class="our-own-chart">{{ title }}: {{ bars | length }} bars</p>\n'
    )
    result = site.build()
    assert result.returncode == 0, result.stderr
    numbers = (site.site_dir / "numbers" / "index.html").read_text(encoding="utf-8")
    assert '<p class="our-own-chart">Topics per event: 1 bars</p>' in numbers
    assert "wrapup-chart__rows" not in numbers  # the package's own fragment is not used
    topics = (site.site_dir / "topics" / "index.html").read_text(encoding="utf-8")
    assert 'class="wrapup-all-topics"' in topics  # the fragments it does not override stay the package's


def test_a_sites_event_frame_that_is_not_well_formed_is_one_error_naming_it(tmp_path):
    site = site_with_fragment(tmp_path, "event.html", '<div class="our-card">{{ slot("end") }}\n')
    result = site.build()
    assert result.returncode == 1
    assert "2023-05_Leverkusen/README.md: fragments/event.html did not make well-formed HTML" in result.stderr
    assert "Traceback" not in result.stderr
