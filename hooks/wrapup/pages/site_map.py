"""Where event files land in the site, the navigation, and redirects from the old repository paths.

Pure functions over the event model: the MkDocs hook applies them to its ``File`` objects.
"""

from __future__ import annotations

import html
import json
import posixpath
from itertools import groupby
from typing import Any
from urllib.parse import quote

from wrapup.model.addresses import destination, url_for
from wrapup.model.events import README, Catalogue, Event
from wrapup.pages.templates import Fragments

HOME_SOURCE = "index.md"


# Material renders the open section's whole list into every page: a year with more events
# than this is split by month, so that no page carries hundreds of links.
EVENTS_PER_NAV_SECTION = 24


def _nav_entry(event: Event) -> dict[str, list[Any]]:
    # Material prints navigation titles as HTML: a document's title and the folder name are
    # author text, so they go in escaped.
    readme = f"{event.folder}/{README}"
    label = html.escape(event.label)
    # Always a section whose index is the README (navigation.indexes): the event shows by its
    # name. A bare README page first in a year would become the year's own link instead, and
    # the newest event of each year would never appear by name.
    return {label: [readme] + [{html.escape(doc.title): f"{event.folder}/{doc.source}"} for doc in event.documents]}


def navigation(catalogue: Catalogue, repository_sources: list[str] | None = None) -> list[Any]:
    """The nav in mkdocs.yml's shape: Home, then one section per year, newest first, each event
    with its further documents under it (and months between, in a year with many events)."""
    # Explore: pages across events; the repository pages sit in a section of their own, which
    # navigation.prune leaves out of every page but those of the section.
    repositories = ["repositories/index.md", *(repository_sources or [])]
    nav: list[Any] = [{"Home": HOME_SOURCE}]
    if catalogue.settings.explore:
        nav.append(
            {"Explore": [{"All topics": "topics.md"}, {"By the numbers": "numbers.md"}, {"Repositories": repositories}]}
        )
    for year, in_year in groupby(catalogue.events, key=lambda event: event.year):  # newest first
        events = list(in_year)
        if len(events) <= EVENTS_PER_NAV_SECTION:
            nav.append({str(year): [_nav_entry(event) for event in events]})
            continue
        months = groupby(events, key=lambda event: event.meta.start.month)
        nav.append(
            {
                str(year): [
                    {f"{year}-{month:02d}": [_nav_entry(event) for event in in_month]} for month, in_month in months
                ]
            }
        )
    return nav


def redirects(catalogue: Catalogue) -> dict[str, str]:
    """Old site paths of the original repository -> destination of the page now serving them.

    Each key is an ``index.html`` inside a folder named like the old path, so that
    ``/2023-05_Leverkusen/README.md`` and ``/2023-05_Leverkusen/`` both land on the event.
    """
    mapping: dict[str, str] = {}
    for event in catalogue.events:
        sources = [README] + [doc.source for doc in event.documents]
        for source in sources:
            target = destination(event.folder, source)
            old = f"{event.folder}/{source}"
            mapping[f"{old}/index.html"] = target
            parent, name = posixpath.split(old)
            if name.lower() == "readme.md":
                mapping[f"{parent}/index.html"] = target
    return mapping


def redirect_page(
    redirect_path: str, target: str, directory_urls: bool = True, fragments: Fragments | None = None
) -> str:
    """A small HTML page that forwards to ``target`` (keeping the #fragment, which topic links need)."""
    relative = posixpath.relpath(url_for(target, directory_urls) or ".", posixpath.dirname(redirect_path))
    if directory_urls and target.endswith("index.html"):
        relative = relative.rstrip("/") + "/"
    relative = quote(relative)  # document file names are author text
    script_target = json.dumps(relative).replace("<", "\\u003c")  # a JSON string that cannot end the script
    return (fragments or Fragments()).render("redirect.html", target=relative, script_target=script_target)
