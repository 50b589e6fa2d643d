"""Compiled templates in the content cache: used only for the source they came from, damaged
entries compiled again, and a cache that cannot be written costs a warning, not the page."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from wrapup.cache import ContentCache
from wrapup.pages.templates import TEMPLATE_NAMESPACE, TemplateCache


class Compiles:
    """An environment over ``folder`` with the template cache, counting what it compiles."""

    def __init__(self, folder: Path, cache: ContentCache):
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), bytecode_cache=TemplateCache(cache))
        self.count = 0
        compile_source = self.env.compile

        def counting(*args, **kwargs):
            self.count += 1
            return compile_source(*args, **kwargs)

        self.env.compile = counting

    def render(self, name: str, **values) -> str:
        return self.env.get_template(name).render(**values)


@pytest.fixture
def templates(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    return folder


def entries(cache: ContentCache) -> list[Path]:
    return sorted((cache.directory / TEMPLATE_NAMESPACE).glob("*.jinja"))


def test_a_template_compiled_once_is_loaded_from_the_cache_by_the_next_build(tmp_path, templates):
    cache = ContentCache(tmp_path / "cache", warn=pytest.fail)
    first = Compiles(templates, cache)
    assert first.render("page.html", title="Leverkusen") == "<h1>Leverkusen</h1>"
    assert first.count == 1 and len(entries(cache)) == 1

    second = Compiles(templates, cache)  # MkDocs makes a new environment for every build
    assert second.render("page.html", title="Hirschegg") == "<h1>Hirschegg</h1>"
    assert second.count == 0


def test_an_edited_template_is_compiled_again_and_its_entry_replaced(tmp_path, templates):
    cache = ContentCache(tmp_path / "cache", warn=pytest.fail)
    Compiles(templates, cache).render("page.html", title="x")
    (templates / "page.html").write_text("<h2>{{ title }}</h2>", encoding="utf-8")

    edited = Compiles(templates, cache)
    assert edited.render("page.html", title="Schelklingen") == "<h2>Schelklingen</h2>"
    assert edited.count == 1
    assert Compiles(templates, cache).render("page.html", title="y") == "<h2>y</h2>"


@pytest.mark.parametrize("damage", [b"", b"\x00garbage" * 3, "cut in half"])
def test_a_damaged_entry_is_compiled_again_and_replaced(tmp_path, templates, damage):
    cache = ContentCache(tmp_path / "cache", warn=pytest.fail)
    Compiles(templates, cache).render("page.html", title="x")
    [entry] = entries(cache)
    whole = entry.read_bytes()
    entry.write_bytes(whole[: len(whole) // 2] if damage == "cut in half" else damage)

    again = Compiles(templates, cache)
    assert again.render("page.html", title="Steinberg") == "<h1>Steinberg</h1>"
    assert again.count == 1
    assert entry.read_bytes() == whole


def test_a_cache_that_cannot_be_written_warns_once_and_templates_still_render(tmp_path, templates):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    warnings: list[str] = []
    compiles = Compiles(templates, ContentCache(blocked / "cache", warn=warnings.append))
    (templates / "other.html").write_text("{{ 1 + 1 }}", encoding="utf-8")
    assert compiles.render("page.html", title="x") == "<h1>x</h1>"
    assert compiles.render("other.html") == "2"
    assert len(warnings) == 1 and "cannot be written" in warnings[0]
