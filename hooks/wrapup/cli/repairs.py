"""Mechanical repairs ``wrapup import`` makes to a wrap-up's body, each reported at its line.

- A link written the wrong way round, ``[https://…](words)`` (GitHub shows the URL as the link's
  text and the words as a broken address), becomes ``[words](https://…)``.
- A site-absolute link of the site the page was published on (``/docs/…``) becomes absolute
  against ``--site-url``; without it, it is reported (it would lead nowhere on this site).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

from wrapup.diagnostics import Diagnostic, Level, shown
from wrapup.model import parser

RULE = "import"
# The topic lint's own pattern (wrapup.model.topics): a URL as the text, anything but a URL after it.
_REVERSED_LINK = re.compile(r"\[(https?://[^\]\s]+)\]\((?!https?://)([^)]*)\)")
# A Markdown link or image target, or an HTML href/src, that starts with one '/'.
_SITE_ABSOLUTE = re.compile(r"(\]\(\s*<?|\b(?:href|src)\s*=\s*[\"']?)(/(?!/)[^)\s\"'>]*)")


def repaired(
    lines: list[str],
    line_of: Callable[[int], int],
    path: Path,
    site_url: str | None,
    problems: list[Diagnostic],
) -> list[str]:
    """``lines`` with the repairs made; what was repaired or could not be is added to ``problems``.
    Code (fenced or indented, and lines with a code span) is left as written: the engine's tokens
    say where it is."""
    verbatim = {
        number
        for token in parser.parse("".join(lines))
        if token.type in ("fence", "code_block") and token.map
        for number in range(*token.map)
    }
    result = []
    for index, line in enumerate(lines):
        if index in verbatim or "`" in line:
            result.append(line)  # a code span may show such a link on purpose
            continue
        line = _unreversed(line, path, line_of(index), problems)
        result.append(_absolute(line, path, line_of(index), site_url, problems))
    return result


def _unreversed(line: str, path: Path, number: int, problems: list[Diagnostic]) -> str:
    def swap(match: re.Match[str]) -> str:
        url, words = match[1], match[2]
        message = (
            f"link written the wrong way round, [{shown(url, 60)}]({shown(words, 40)}): made [{shown(words, 40)}](url)"
        )
        problems.append(Diagnostic(path, number, Level.INFO, message, RULE))
        return f"[{words}]({url})"

    return _REVERSED_LINK.sub(swap, line)


def _absolute(line: str, path: Path, number: int, site_url: str | None, problems: list[Diagnostic]) -> str:
    def join(match: re.Match[str]) -> str:
        target = match[2]
        if site_url is None:
            message = (
                f"site-absolute link '{shown(target, 60)}' leads nowhere on this site: give --site-url "
                "(the site the page was published on) to make it absolute"
            )
            problems.append(Diagnostic(path, number, Level.WARNING, message, RULE))
            return match[0]
        absolute = urljoin(site_url, target)  # a site-absolute path is taken from the site's origin
        problems.append(Diagnostic(path, number, Level.INFO, f"made '{shown(target, 60)}' absolute: {absolute}", RULE))
        return f"{match[1]}{absolute}"

    return _SITE_ABSOLUTE.sub(join, line) if "/" in line else line
