"""Text from front matter and wrap-ups made safe for the Markdown and HTML it is put into."""

from __future__ import annotations

import html
import re

# Characters Python-Markdown treats as markup in a table cell; '<' and '&' are handled by
# HTML escaping because Python-Markdown has no backslash escape for them.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def escape_cell(text: str) -> str:
    """Text that reads literally inside a Markdown table cell, whatever the front matter holds."""
    text = " ".join(text.split())  # a newline would end the table row
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False))
