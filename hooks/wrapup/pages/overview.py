"""Pages across all events: every topic in one table, the history in charts, and a page per
repository that at least two topics touched.

Each page is Markdown with raw HTML where a chart is inline SVG. The topic tables are HTML
made only when their page is converted (``OverviewTables``), put where the page's Markdown has
``TABLE_MARKER``: at 1000x the seed the all-topics table is 60 MB, which Python-Markdown would
hold as a raw-HTML block at about 15 times its size. Links in that HTML are site URLs relative
to the page, since MkDocs rewrites only Markdown links.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from wrapup.model.addresses import destination, url_for
from wrapup.model.events import README, Catalogue, Event
from wrapup.model.threads import STATUS_EXPLAINED, Explored, Status, TopicKey
from wrapup.model.topics import Topic
from wrapup.pages.charts import Bar, bar_chart
from wrapup.pages.templates import Fragments, environment

TOPICS_SOURCE = "topics.md"
NUMBERS_SOURCE = "numbers.md"
REPOSITORIES_SOURCE = "repositories/index.md"
MIN_TOPICS_PER_REPOSITORY = 2
TABLE_MARKER = "<!-- wrapup:topics-table -->"  # kept by Markdown as it is: raw HTML
TOP_REPOSITORIES = 15
# Material writes the whole navigation section of a page into it: a section of every repository
# page grows the site with the square of their number (1 400 repositories of one topic made
# each page list all of them). The navigation lists the most worked-on; the Repositories page
# lists every one.
MAX_REPOSITORIES_IN_NAV = 30


def repository_source(name: str) -> str:
    """Content path of a repository's page: 'gardener/gardener' -> 'repositories/gardener/gardener.md'.
    Characters outside GitHub's own name rules become '-', so no name can leave the folder."""
    owner, _, repo = name.partition("/")
    safe = [re.sub(r"[^A-Za-z0-9_.-]", "-", part).strip(".") or "-" for part in (owner, repo)]
    return f"repositories/{safe[0]}/{safe[1]}.md"


def page_url(source: str, directory_urls: bool = True) -> str:
    """The site URL of a generated page: 'topics.md' -> 'topics/' ('topics.html' without directory URLs)."""
    stem = source[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def _relative(target_url: str, from_url: str) -> str:
    folder = from_url if from_url.endswith("/") else posixpath.dirname(from_url)  # 'topics/' or 'topics.html'
    return posixpath.relpath(target_url or ".", folder or ".") + ("/" if target_url.endswith("/") else "")


@dataclass(frozen=True)
class TopicRow:
    key: TopicKey
    event: Event
    title: str
    status: Status
    repositories: tuple[str, ...]
    pulls: int
    issues: int

    def url(self) -> str:
        return url_for(destination(self.event.folder, README)) + f"#{self.key.anchor}"


def _row(event: Event, topic: Topic, explored: Explored) -> TopicRow:
    key = TopicKey(event.folder, topic.anchor)
    kinds = Counter(link.kind for link in topic.links)
    return TopicRow(
        key,
        event,
        topic.title or "(untitled topic)",
        explored.status[key],
        explored.repositories_of[key],
        kinds["pull"],
        kinds["issue"],
    )


def _table(
    rows: Iterable[TopicRow], here: str, repositories_with_page: set[str], directory_urls: bool, fragments: Fragments
) -> str:
    """The topic table (``fragments/topics_table.html``), its addresses relative to the page ``here``."""
    views = []
    for row in rows:
        event_url = _relative(url_for(destination(row.event.folder, README), directory_urls), here)
        views.append(
            {
                "folder": row.event.folder,
                "start": row.event.meta.start.isoformat(),
                "event_url": event_url,
                "event_label": row.event.label,
                "anchor": row.key.anchor,
                "title": row.title,
                "status": row.status.value,
                "status_explained": STATUS_EXPLAINED[row.status],
                "repositories": [
                    _repository(name, here, repositories_with_page, directory_urls) for name in row.repositories
                ],
                "pulls": row.pulls,
                "issues": row.issues,
            }
        )
    return fragments.render("topics_table.html", rows=views)


# Why a repository of the Repositories column is text, not a link (its tooltip; the page's legend says it too).
NO_PAGE = f"No page of its own: fewer than {MIN_TOPICS_PER_REPOSITORY} topics link to it"
THIS_PAGE = "This page's repository"


@dataclass(frozen=True)
class RepositoryCell:
    """A repository of the Repositories column: a link to its page, or text saying why it has none."""

    name: str
    href: str | None
    reason: str = ""


def _repository(name: str, here: str, with_page: set[str], directory_urls: bool) -> RepositoryCell:
    url = page_url(repository_source(name), directory_urls)
    if name in with_page:
        return RepositoryCell(name, _relative(url, here))
    return RepositoryCell(name, None, THIS_PAGE if url == here else NO_PAGE)


def repositories_in_nav(explored: Explored) -> list[str]:
    """Content paths of the repository pages the navigation lists: the most worked-on, by name."""
    with_page = _repositories_with_page(explored)
    ranked = sorted(with_page.items(), key=lambda item: (-len(item[1]), item[0].lower()))
    chosen = {name for name, _ in ranked[:MAX_REPOSITORIES_IN_NAV]}
    return [repository_source(name) for name in with_page if name in chosen]


def _repositories_with_page(explored: Explored) -> dict[str, list[TopicKey]]:
    return {name: keys for name, keys in explored.repositories.items() if len(keys) >= MIN_TOPICS_PER_REPOSITORY}


class OverviewTables:
    """The topic table of each overview page, made when the page is converted.

    ``html(source)`` gives the table of the all-topics page or of a repository page (None for
    any other page); nothing is kept between calls, so one table at most is in memory.
    """

    def __init__(
        self,
        catalogue: Catalogue,
        explored: Explored,
        directory_urls: bool = True,
        fragments: Fragments | None = None,
    ) -> None:
        self._directory_urls = directory_urls  # MkDocs' use_directory_urls: off in the offline preview
        self._fragments = fragments or Fragments()
        self._catalogue = catalogue
        self._explored = explored
        self._with_page = _repositories_with_page(explored)
        self._repository_of_source = {repository_source(name): name for name in self._with_page}

    def html(self, source: str) -> str | None:
        if source == TOPICS_SOURCE:
            every = (
                _row(event, topic, self._explored) for event in self._catalogue.events for topic in event.topics
            )  # newest event first
            here = page_url(TOPICS_SOURCE, self._directory_urls)
            return _table(every, here, set(self._with_page), self._directory_urls, self._fragments)
        name = self._repository_of_source.get(source)
        if name is None:
            return None
        wanted = set(self._with_page[name])
        rows = sorted(
            (
                _row(event, topic, self._explored)
                for event in self._catalogue.events
                for topic in event.topics
                if TopicKey(event.folder, topic.anchor) in wanted
            ),
            key=lambda row: (row.event.meta.start, row.key.anchor),
            reverse=True,
        )
        here = page_url(source, self._directory_urls)
        return _table(rows, here, set(self._with_page) - {name}, self._directory_urls, self._fragments)


def all_topics_page(template_dir: Path, catalogue: Catalogue, explored: Explored) -> str:
    """The page's Markdown; its table is ``OverviewTables.html(TOPICS_SOURCE)``."""
    return (
        environment(template_dir)
        .get_template("topics.md.jinja")
        .render(
            marker=TABLE_MARKER,
            count=sum(len(event.topics) for event in catalogue.events),
            events=len(catalogue.events),
            statuses=[(status.value, STATUS_EXPLAINED[status]) for status in Status],
            minimum=MIN_TOPICS_PER_REPOSITORY,
        )
    )


def repository_pages(template_dir: Path, catalogue: Catalogue, explored: Explored) -> dict[str, str]:
    """Content path -> Markdown of each repository page (tables from ``OverviewTables``), and of
    the repositories index."""
    template = environment(template_dir).get_template("repository.md.jinja")
    pages, listed = {}, []
    for name, keys in _repositories_with_page(explored).items():
        source = repository_source(name)
        pages[source] = template.render(
            name=name,
            marker=TABLE_MARKER,
            count=len(keys),
            events=len({key.folder for key in keys}),
            minimum=MIN_TOPICS_PER_REPOSITORY,
        )
        listed.append((name, posixpath.relpath(source, posixpath.dirname(REPOSITORIES_SOURCE)), len(keys)))
    listed.sort(key=lambda item: (-item[2], item[0].lower()))
    pages[REPOSITORIES_SOURCE] = (
        environment(template_dir)
        .get_template("repositories.md.jinja")
        .render(repositories=listed, minimum=MIN_TOPICS_PER_REPOSITORY)
    )
    return pages


@dataclass(frozen=True)
class Numbers:
    """What the charts show, from the same model topics.json is written from."""

    topics_per_event: list[Bar]
    status_per_event: list[Bar]
    top_repositories: list[Bar]
    topics_per_organiser: list[Bar]


def numbers(catalogue: Catalogue, explored: Explored) -> Numbers:
    chronological = sorted(catalogue.events, key=lambda event: (event.meta.start, event.folder))
    per_event, per_status = [], []
    for event in chronological:
        statuses = Counter(explored.status[TopicKey(event.folder, topic.anchor)] for topic in event.topics)
        per_event.append(Bar(event.label, (len(event.topics),)))
        per_status.append(Bar(event.label, tuple(statuses[status] for status in Status)))
    repositories = sorted(
        ((name, len(keys)) for name, keys in explored.repositories.items()),
        key=lambda item: (-item[1], item[0].lower()),
    )[:TOP_REPOSITORIES]
    organisers: dict[str, int] = defaultdict(int)
    for event in chronological:
        organisers[event.meta.organiser] += len(event.topics)
    return Numbers(
        per_event,
        per_status,
        [Bar(name, (count,)) for name, count in repositories],
        [Bar(name, (count,)) for name, count in sorted(organisers.items(), key=lambda item: (-item[1], item[0]))],
    )


def numbers_page(
    template_dir: Path, catalogue: Catalogue, explored: Explored, fragments: Fragments | None = None
) -> str:
    figures = numbers(catalogue, explored)
    charts = [
        bar_chart(
            "topics-per-event",
            "Topics per event",
            "Number of topics reported in each wrap-up, oldest event first.",
            "topics",
            figures.topics_per_event,
            fragments=fragments,
        ),
        bar_chart(
            "status-per-event",
            "Status of the topics, per event",
            "For each event, how many topics are done, in progress, proposed or not reported.",
            "topics",
            figures.status_per_event,
            [status.value for status in Status],
            fragments=fragments,
        ),
        bar_chart(
            "top-repositories",
            f"The {TOP_REPOSITORIES} repositories most often touched",
            "Number of topics that link to each repository (pull requests, issues, branches, commits, the repository).",
            "topics",
            figures.top_repositories,
            fragments=fragments,
        ),
        bar_chart(
            "topics-per-organiser",
            "Topics per organiser",
            "Number of topics produced by the events each organiser ran.",
            "topics",
            figures.topics_per_organiser,
            fragments=fragments,
        ),
    ]
    total = sum(bar.total for bar in figures.topics_per_event)
    return (
        environment(template_dir)
        .get_template("numbers.md.jinja")
        .render(
            charts=charts,
            total=total,
            events=len(catalogue.events),
            threads=len(explored.threads),
            repositories=len(explored.repositories),
        )
    )
