"""Where a file of an event folder lands in the site: its path and its address.

Part of the model: the event model checks that no two documents would be one page, and every
page writer (site map, overview, feed, export) asks the same functions.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote


def slug_for(folder: str) -> str:
    return folder.lower().replace("_", "-")


def destination(folder: str, source: str) -> str:
    """Site path of a file of an event folder, under the event's clean URL.

    ``2023-05_Leverkusen/README.md`` -> ``2023-05-leverkusen/index.html``;
    ``.../gardener-node-agent/readme.md`` -> ``.../gardener-node-agent/index.html`` (a
    lower-case readme is its folder's page too); other files keep their relative path.
    """
    slug = slug_for(folder)
    if not source.endswith(".md"):
        return posixpath.join(slug, source)
    parent, name = posixpath.split(source)
    stem = name[: -len(".md")]
    if stem.lower() in ("readme", "index"):
        return posixpath.join(slug, parent, "index.html")
    return posixpath.join(slug, parent, stem, "index.html")


def url_for(dest: str, directory_urls: bool = True) -> str:
    """Directory URL of an ``index.html`` destination (``a/b/index.html`` -> ``a/b/``); the
    destination itself without directory URLs (MkDocs' ``use_directory_urls: false``, which
    Material's offline plugin sets: a folder opened from disk is a listing, not its page)."""
    return dest[: -len("index.html")] if directory_urls and dest.endswith("index.html") else dest


def page_url(dest: str, directory_urls: bool = True) -> str:
    """``url_for``, percent-encoded as MkDocs encodes its own URLs: file names are author text,
    and the theme puts URLs into attributes as they are."""
    return quote(url_for(dest, directory_urls))
