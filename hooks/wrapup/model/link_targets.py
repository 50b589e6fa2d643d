"""Where relative links land: the file must exist, and an ``#anchor`` must be on the page.

MkDocs checks both when it builds, but says neither file line nor how to fix it, and its
check runs only at build time. This is one implementation, for the build (``on_pre_build``)
and ``wrapup check`` alike, with the source line of each link. A page's anchors are the ids
of the page's trial conversion (``wrapup.pages.trial``); an event page adds its topics' anchors
and the anchors GitHub gives the same headings, which the page also carries.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from wrapup.diagnostics import Diagnostic, Level
from wrapup.model.anchors import github_anchor, loose_key
from wrapup.model.containment import refusal
from wrapup.model.events import README, Catalogue, Event
from wrapup.model.parser import Link
from wrapup.model.publish import Kind, kind_of

_URL_TEXT = re.compile(r"https?://\S+")


def _sources(event: Event) -> list[str]:
    return [README] + [document.source for document in event.documents]


def _anchors(event: Event, source: str, catalogue: Catalogue) -> tuple[set[str], set[str]]:
    """(ids, loose keys of topics) of the page made from ``source`` of ``event``."""
    path = event.path / source
    conversion = catalogue.conversions.get(path)
    ids = set(conversion.ids) if conversion is not None else set()
    keys: set[str] = set()
    if source == README:
        for topic in event.topics:
            ids.add(topic.anchor)
            ids.add(github_anchor(f"{topic.emoji or ''} {topic.title_markdown}".strip()))
            keys.add(loose_key(topic.title))
    return ids, keys


def link_diagnostics(catalogue: Catalogue) -> list[Diagnostic]:
    """Relative links and images of every page whose file does not exist or will not be
    published, and links whose ``#anchor`` is not on the page they point at. (The links come
    with the parsed event, so nothing is parsed again here.)"""
    pages = {f"{event.folder}/{source}": (event, source) for event in catalogue.events for source in _sources(event)}
    problems = []
    for event in catalogue.events:
        for source, link in event.links:
            problem = _link_problem(catalogue, pages, event, source, link)
            if problem is not None:
                problems.append(problem)
    return problems


def _link_problem(
    catalogue: Catalogue, pages: dict[str, tuple[Event, str]], event: Event, source: str, link: Link
) -> Diagnostic | None:
    path = event.path / source
    page_folder = posixpath.dirname(f"{event.folder}/{source}")
    parts = urlsplit(link.url)
    if parts.scheme or parts.netloc or refusal(link.url, page_folder):
        return None
    if _URL_TEXT.fullmatch(link.text.strip()):
        return None  # [https://…](words): reported as reversed-link, and the build links the URL
    target = (
        posixpath.normpath(posixpath.join(page_folder, unquote(parts.path)))
        if parts.path
        else f"{event.folder}/{source}"
    )
    kind = "image" if link.is_image else "link"
    if parts.path and not (catalogue.root / target).exists():
        message = (
            f"{kind} '{link.url}' does not resolve: there is no {target}; correct "
            "the path (it is relative to this file) or add the file"
        )
        return Diagnostic(path, link.line, Level.WARNING, message, "broken-link")
    if parts.path and (catalogue.root / target).is_file() and kind_of(target) is Kind.REFUSED:
        message = (
            f"{kind} '{link.url}' leads to a file the site does not publish (it publishes Markdown, "
            "raster images and SVG diagrams only), so it would be a dead link; link the file from "
            "where it lives with a full https:// address"
        )
        return Diagnostic(path, link.line, Level.WARNING, message, "unpublished-link")
    if not parts.fragment or target not in pages:
        return None
    ids, keys = _anchors(*pages[target], catalogue)
    fragment = unquote(parts.fragment)
    in_page = target == f"{event.folder}/{source}"
    # On its own page, a hand-written anchor that names a topic in other words
    # (GitHub's, or differently cased) is pointed at the topic (wrapup.pages.extension).
    if fragment in ids or (in_page and loose_key(fragment) in keys):
        return None
    where = "this page" if in_page else target
    message = f"link '{link.url}' points at #{fragment}, which is not on {where}; use the anchor of one of its headings"
    return Diagnostic(path, link.line, Level.WARNING, message, "missing-anchor")
