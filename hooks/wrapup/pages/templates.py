"""The Jinja2 environment for our templates under ``assets/templates``, the HTML fragments a
site can override, and a bytecode cache for compiled templates (ours and the theme's).

Every piece of HTML the package makes (the topic tables, the charts, the redirect pages) is a
template under ``fragments/``, rendered with autoescape on: escaping is Jinja's, nowhere else. A
site replaces one by putting a file of the same name under ``fragments/`` in its theme's
``custom_dir``, as Material's own fragments are overridden (``Fragments``).

One environment per template folder, kept across ``mkdocs serve`` rebuilds: compiling the
templates again for every page cost more than rendering them. ``auto_reload`` checks each
template file's modification time, so an edited template is used on the next rebuild.

MkDocs makes a new environment for the theme on every build, and compiling Material's
templates again each time was a sixth of a warm build of the seed (0.15 s of 0.9 s). Compiled
templates therefore go to the content cache: Jinja keys each entry by the template's name and
file and rejects it when the template's source no longer has the checksum it was compiled
from, so an entry is only ever used for the very source it came from.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2
import markupsafe

from wrapup.cache import ContentCache
from wrapup.model.labels import normalise_label
from wrapup.pages.escaping import escape_cell

TEMPLATE_NAMESPACE = "templates"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# The package's templates: beside the hooks, in the project's assets (see wrapup_hooks.ASSETS).
TEMPLATES = Path(__file__).resolve().parents[3] / "assets" / "templates"


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates in the ``ContentCache`` (atomic writes; a cache that cannot be written
    is reported once and the build goes on compiling)."""

    def __init__(self, cache: ContentCache):
        self.cache = cache

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        hit = self.cache.read(TEMPLATE_NAMESPACE, bucket.key, ".jinja", bool)
        if hit is None:
            return
        try:
            # Checks Jinja's and Python's bytecode magic and the source checksum itself.
            bucket.bytecode_from_string(hit.data)
        except Exception:  # a damaged entry (cut off, garbage): compile again and overwrite it
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.cache.write(TEMPLATE_NAMESPACE, bucket.key, ".jinja", bucket.bytecode_to_string())


@lru_cache(maxsize=8)
def environment(template_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=True,
        autoescape=False,  # Markdown output: values go through the 'md' or 'html' filter
    )
    env.filters["md"] = escape_cell
    env.filters["html"] = markupsafe.escape
    return env


@lru_cache(maxsize=8)
def _fragment_environment(template_dir: Path, override_dir: Path | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(template_dir)]
    if override_dir is not None:
        loaders.insert(0, jinja2.FileSystemLoader(override_dir))  # the site's own fragments first
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=True,
        autoescape=True,  # HTML: every value is escaped unless it is Markup
    )
    # A section written under a synonym ("Outcome") keeps its label beside the canonical title.
    env.filters["relabelled"] = lambda label, part: normalise_label(label) != normalise_label(part.title)
    # Text for XML (the feed): without the characters XML 1.0 cannot hold even as references.
    env.filters["xml"] = lambda text: _NOT_XML.sub("", str(text))
    # A label that may wrap after '/' and '-' (repository names), never inside a word.
    env.filters["breakable"] = lambda text: markupsafe.Markup(
        str(markupsafe.escape(text)).replace("/", "/<wbr>").replace("-", "-<wbr>")
    )
    return env


class Fragments:
    """The HTML fragments under ``fragments/`` of the package's templates, or of a site's
    ``custom_dir`` where it has one of the same name."""

    def __init__(self, override_dir: Path | None = None, template_dir: Path = TEMPLATES) -> None:
        self.override_dir = override_dir if override_dir is not None and override_dir.is_dir() else None
        self.template_dir = template_dir

    def render(self, name: str, **context: object) -> str:
        environment = _fragment_environment(self.template_dir, self.override_dir)
        return environment.get_template(f"fragments/{name}").render(**context)
