"""The Jinja2 environment for our templates under ``assets/templates``.

One environment per template folder, kept across ``mkdocs serve`` rebuilds: compiling the
templates again for every page cost more than rendering them. ``auto_reload`` checks each
template file's modification time, so an edited template is used on the next rebuild.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
import markupsafe

from .escaping import escape_cell
from .labels import normalise_label


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
    # A section written under a synonym ("Outcome") keeps its label beside the canonical title.
    env.filters["relabelled"] = lambda label, part: normalise_label(label) != normalise_label(part.title)
    return env
