"""``mkdocs`` with every markdown-it parse logged: ``python tests/parse_counter.py build …``.

Each parse appends the SHA-256 of the parsed text to the file named by ``PARSE_LOG``, from the
build process and from its workers (which fork from it and inherit the patch).
"""

from __future__ import annotations

import hashlib
import os
import sys

from markdown_it import MarkdownIt

_parse = MarkdownIt.parse


def _logged_parse(self, src, env=None):  # type: ignore[no-untyped-def]
    with open(os.environ["PARSE_LOG"], "a", encoding="utf-8") as log:
        log.write(hashlib.sha256(src.encode("utf-8", "surrogatepass")).hexdigest() + "\n")
    return _parse(self, src, env)


if __name__ == "__main__":
    MarkdownIt.parse = _logged_parse  # type: ignore[method-assign]
    from mkdocs.__main__ import cli

    sys.argv = ["mkdocs", *sys.argv[1:]]
    cli()
