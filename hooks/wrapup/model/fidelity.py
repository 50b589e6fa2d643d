"""What GitHub shows that the site cannot: warned at the line, rule ``gfm-difference``.

The pages are parsed as GitHub parses them (``wrapup.pages.gfm``), so the structure is the same.
What GitHub adds on top of Markdown, the site has no means to draw: diagrams and maps from
fenced code (Mermaid, GeoJSON, TopoJSON, STL), and math (``$…$``, ``$$…$$``, ```` ```math ````),
which the site shows as its source. And where cmark-gfm links a URL that follows a ``<``
(``<https://example.org/a b>``), the GFM specification and the site leave it text. An author
who means it can accept the rule in the event's front matter (``lint: {accept: [gfm-difference]}``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from wrapup.diagnostics import Diagnostic, Level

if TYPE_CHECKING:
    from markdown_it.token import Token

RULE = "gfm-difference"
# Fenced code GitHub renders as a picture: https://docs.github.com/en/get-started/writing-on-github/
# working-with-advanced-formatting/creating-diagrams
DRAWN_FENCES = {
    "mermaid": "a Mermaid diagram",
    "geojson": "a GeoJSON map",
    "topojson": "a TopoJSON map",
    "stl": "a 3D model",
    "math": "math",
}
# GitHub's inline math: $ opens before a non-space and closes after one, not before a digit.
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?=[^\s$])(?:[^$\n\\]|\\.)+?(?<=[^\s\\])\$(?![\d$])")
_DISPLAY_MATH = re.compile(r"\$\$.+?\$\$", re.DOTALL)
_URL_AFTER_ANGLE = re.compile(r"<((?:https?://|www\.)[^\s<>]+)(?=\s|$)")


def lint_gfm_differences(tokens: list[Token], first_line: int, path: Path) -> list[Diagnostic]:
    """Warnings for the constructs of a document that GitHub shows differently from the site."""
    problems = []
    for token in tokens:
        if not token.map:
            continue
        line = token.map[0] + first_line
        if token.type == "fence":
            language = token.info.strip().split(maxsplit=1)[0].lower() if token.info.strip() else ""
            if language in DRAWN_FENCES:
                problems.append(
                    Diagnostic(
                        path,
                        line,
                        Level.WARNING,
                        f"GitHub draws this ```{language} block as {DRAWN_FENCES[language]}; the site shows its source",
                        RULE,
                    )
                )
        elif token.type == "inline":
            text = _text_outside_code(token)
            for pattern, what in ((_DISPLAY_MATH, "math"), (_INLINE_MATH, "math"), (_URL_AFTER_ANGLE, "a link")):
                match = pattern.search(text)
                if match is None:
                    continue
                at = line + text[: match.start()].count("\n")
                shown = match.group(0) if len(match.group(0)) <= 60 else match.group(0)[:57] + "…"
                if what == "math":
                    message = f"GitHub shows {shown} as math; the site shows the TeX source"
                else:
                    message = (
                        f"GitHub links the URL in {shown} (after '<'), the site shows it as text; "
                        "write <URL> without spaces, or put a space after '<'"
                    )
                problems.append(Diagnostic(path, at, Level.WARNING, message, RULE))
                if what == "math":
                    break  # one warning per paragraph for its math
    return problems


def _text_outside_code(token: Token) -> str:
    """The inline source of ``token`` with code spans blanked (their ``$`` is not math), line
    breaks kept so that lines can be counted."""
    if not token.children:
        return token.content
    parts = []
    for child in token.children:
        if child.type == "code_inline":
            parts.append(" " * (len(child.content) + 2))
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type in ("text", "html_inline"):
            parts.append(child.content)
    return "".join(parts)
