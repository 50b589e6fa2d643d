"""Across events: each topic's status, the threads topics form over the years, and the
repositories they touched.

Threads are joined only on evidence, each join with its rule and reason (a wrong join is
worse than a missed one):

- ``link``: a topic links to a topic of another wrap-up (the links between wrap-ups);
- ``title``: a later title says it continues an earlier one with the same subject
  ("Continuation Of `gardener-node-agent`" after "Introduction Of `gardener-node-agent`",
  "Making … Production-Ready" after "Rework …");
- ``code``: exactly two topics, of different events, name the same pull request or issue, or
  the same branch of the same repository (a reference shared by more topics is an umbrella
  issue or a coincidence, not a thread).

An event's front matter can join or split topics by hand (``threads.join`` /
``threads.split``: pairs of ``anchor`` and ``folder#anchor``).
"""

from __future__ import annotations

import enum
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from wrapup.diagnostics import Diagnostic, Level
from wrapup.model.crosslinks import CrossLinks
from wrapup.model.events import Event
from wrapup.model.labels import SectionKind
from wrapup.model.links import github_name_problem, hackathon_target
from wrapup.model.topics import Topic
from wrapup.settings import Settings


@dataclass(frozen=True, order=True)
class TopicKey:
    folder: str
    anchor: str

    def __str__(self) -> str:
        return f"{self.folder}#{self.anchor}"


class Status(enum.Enum):
    DONE = "done"
    IN_PROGRESS = "in progress"
    PROPOSED = "proposed"
    NOT_REPORTED = "not reported"
    NOT_STRUCTURED = "not structured"


STATUS_EXPLAINED = {
    Status.DONE: "achievements reported, no next steps",
    Status.IN_PROGRESS: "achievements and next steps reported",
    Status.PROPOSED: "a problem stated, no achievements yet",
    Status.NOT_REPORTED: "no problem statement or achievements in the wrap-up's sections",
    Status.NOT_STRUCTURED: "written without sections (as the 2021 and 2022 wrap-ups are): read its notes",
}

# Next steps that say there are none.
_NO_NEXT_STEPS = {"", "none", "n/a", "na", "-", "--", "nothing", "no", "done", "tbd"}


def _text(topic: Topic, kind: SectionKind) -> str:
    return " ".join(section.markdown.strip() for section in topic.sections_of(kind)).strip()


def topic_status(topic: Topic) -> Status:
    if not topic.is_labelled and topic.notes.strip():
        return Status.NOT_STRUCTURED  # its text may well report achievements; no section says which
    achievements = _text(topic, SectionKind.ACHIEVEMENTS)
    next_steps = re.sub(r"[\s.!*_`]+", " ", _text(topic, SectionKind.NEXT_STEPS)).strip().lower()
    if achievements:
        return Status.DONE if next_steps in _NO_NEXT_STEPS else Status.IN_PROGRESS
    if _text(topic, SectionKind.PROBLEM):
        return Status.PROPOSED
    return Status.NOT_REPORTED


# ---- threads --------------------------------------------------------------------------------

_CONTINUES = re.compile(r"\b(continuation of|continued|follow[- ]up|production[- ]ready|revisited|part [2-9])\b", re.I)
_FRAMING = re.compile(
    r"\b(continuation of|continued|follow[- ]up( on| of)?|production[- ]ready|revisited|part \d+|"
    r"introduction of|introducing|introduce|rework(ing)?|making|make|towards)\b",
    re.I,
)


def _same_title(a: str, b: str) -> bool:
    """Titles that differ only in case, spaces and punctuation ("WireGuard" and "Wireguard")."""

    def key(title: str) -> str:
        return re.sub(r"[\W_]+", "", title.lower())

    return bool(key(a)) and key(a) == key(b)


def title_subject(title: str) -> str:
    """The subject of a title without its framing words: "Making Shoot Flux Extension
    Production-Ready" -> "shoot flux extension"."""
    words = re.sub(r"[^\w\s-]", " ", _FRAMING.sub(" ", title)).lower().split()
    return " ".join(words)


@dataclass(frozen=True)
class Join:
    earlier: TopicKey
    later: TopicKey
    rule: str  # link | title | code | override
    reason: str


@dataclass
class Thread:
    steps: list[TopicKey]  # oldest first
    joins: list[Join]


@dataclass
class Explored:
    status: dict[TopicKey, Status] = field(default_factory=dict)
    threads: list[Thread] = field(default_factory=list)
    thread_of: dict[TopicKey, Thread] = field(default_factory=dict)
    position: dict[TopicKey, int] = field(default_factory=dict)  # index of each topic in its thread's steps
    titles: dict[TopicKey, str] = field(default_factory=dict)
    repositories: dict[str, list[TopicKey]] = field(default_factory=dict)  # owner/repo -> topics, oldest first
    repositories_of: dict[TopicKey, tuple[str, ...]] = field(default_factory=dict)  # topic -> owner/repo names
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _code_references(topic: Topic) -> set[tuple[str, str]]:
    """What identifies work in code: (repository, '#number') of PRs and issues, (repository, '@branch')."""
    found = set()
    for link in topic.links:
        if link.repository is None:
            continue
        if link.kind in ("pull", "issue") and link.number is not None:
            found.add((link.repository.lower(), f"#{link.number}"))
        elif link.kind == "tree" and link.ref:
            found.add((link.repository.lower(), f"@{link.ref}"))
    return found


Topics = dict[TopicKey, tuple[Event, Topic]]  # every topic of the site, oldest event first


def explore(events: list[Event], crosslinks: CrossLinks, settings: Settings = Settings()) -> Explored:
    """Statuses, threads and repositories across ``events`` (any order); ``crosslinks`` their resolved links."""
    chronological = sorted(events, key=lambda event: (event.meta.start, event.folder))
    order = {event.folder: position for position, event in enumerate(chronological)}
    topics: Topics = {}
    result = Explored()
    for event in chronological:
        for topic in event.topics:
            key = TopicKey(event.folder, topic.anchor)
            topics[key] = (event, topic)
            result.status[key] = topic_status(topic)
            result.titles[key] = topic.title

    result.diagnostics.extend(_self_links(topics, crosslinks))
    candidates = [
        *_link_joins(topics, crosslinks),
        *_title_joins(topics, order),
        *_code_joins(topics),
    ]
    candidates = [_ordered(join, order) for join in candidates]
    joins = _apply_overrides(candidates, chronological, topics, order, result.diagnostics)
    result.threads, result.thread_of = _threads(joins, order)
    result.position = {key: index for thread in result.threads for index, key in enumerate(thread.steps)}
    result.repositories_of, result.repositories = _repositories(topics, settings)
    result.diagnostics.extend(_unnamed_repositories(topics))
    return result


def _unnamed_repositories(topics: Topics) -> list[Diagnostic]:
    """A github.com link whose owner or repository no GitHub repository can have: a slip the
    author can fix, shown as a plain link meanwhile."""
    found = []
    for event, topic in topics.values():
        for link in topic.links:
            if (problem := github_name_problem(link.url)) is not None:
                message = f"{problem}: the link stays, but names no repository"
                found.append(Diagnostic(event.readme, link.line or None, Level.WARNING, message, "repository-name"))
    return found


def _ordered(join: Join, order: dict[str, int]) -> Join:
    """The join with its earlier topic first (by event date, then anchor)."""
    earlier, later = sorted((join.earlier, join.later), key=lambda key: (order[key.folder], key.anchor))
    return Join(earlier, later, join.rule, join.reason)


def _link_joins(topics: Topics, crosslinks: CrossLinks) -> list[Join]:
    """link: the links between wrap-ups (crosslinks keeps who links to whom)."""
    joins = []
    for (folder, anchor), refs in sorted(crosslinks.continued_in.items()):
        target = TopicKey(folder, anchor)
        for ref in refs:
            source = TopicKey(ref.folder, ref.anchor)
            if target in topics and source in topics:
                joins.append(Join(source, target, "link", f"{source} links to {target}"))
    return joins


def _self_links(topics: Topics, crosslinks: CrossLinks) -> list[Diagnostic]:
    problems = []
    for key, (event, topic) in topics.items():
        for link in topic.links:
            resolved = crosslinks.targets.get(link.url)
            if resolved and resolved.source == f"{key.folder}/README.md" and resolved.anchor == key.anchor:
                problems.append(
                    Diagnostic(
                        Path(event.path) / "README.md",
                        link.line,
                        Level.WARNING,
                        f"topic '{topic.title}' links to itself: {link.url}",
                        "self-link",
                    )
                )
    return problems


def _title_joins(topics: Topics, order: dict[str, int]) -> list[Join]:
    """title: a later title that says it continues an earlier one with the same subject, or repeats it."""
    by_subject: dict[str, list[TopicKey]] = defaultdict(list)
    for key, (_, topic) in topics.items():
        if subject := title_subject(topic.title):
            by_subject[subject].append(key)
    joins = []
    for key, (_, topic) in topics.items():
        earlier = [
            other for other in by_subject.get(title_subject(topic.title), []) if order[other.folder] < order[key.folder]
        ]
        if not earlier:
            continue
        previous = max(earlier, key=lambda other: order[other.folder])
        previous_title = topics[previous][1].title
        if _CONTINUES.search(topic.title):
            joins.append(Join(previous, key, "title", f"'{topic.title}' continues '{previous_title}'"))
        elif _same_title(topic.title, previous_title):
            # The same title at a later event ("Replace OpenVPN with WireGuard" in 2025-06 and 2026-05).
            joins.append(Join(previous, key, "title", f"'{topic.title}' repeats the title of '{previous_title}'"))
    return joins


def _code_joins(topics: Topics) -> list[Join]:
    """code: the same pull request, issue or branch in topics of different events."""
    by_reference: dict[tuple[str, str], list[TopicKey]] = defaultdict(list)
    for key, (_, topic) in topics.items():
        for reference in _code_references(topic):
            by_reference[reference].append(key)
    return [
        Join(keys[0], keys[1], "code", f"both name {repository}{reference}")
        for (repository, reference), keys in sorted(by_reference.items())
        if len(keys) == 2 and keys[0].folder != keys[1].folder
    ]


def _repositories(
    topics: Topics, settings: Settings
) -> tuple[dict[TopicKey, tuple[str, ...]], dict[str, list[TopicKey]]]:
    """The repositories each topic worked on, and the topics of each repository (oldest first)."""
    of_topic: dict[TopicKey, tuple[str, ...]] = {}
    repositories: dict[str, list[TopicKey]] = defaultdict(list)
    for key, (_, topic) in topics.items():
        # The tracking repository holds the community's planning and tracking issues (and, as the
        # original repository, the wrap-ups themselves): links there are bookkeeping, not work
        # the hackathon did on code.
        names = sorted(
            {
                link.repository
                for link in topic.links
                if link.repository
                and hackathon_target(link.url, settings.original) is None
                and tuple(link.repository.lower().split("/")) != settings.tracking
            },
            key=str.lower,
        )
        of_topic[key] = tuple(names)
        for name in names:
            repositories[name].append(key)
    return of_topic, dict(sorted(repositories.items(), key=lambda item: item[0].lower()))


def _apply_overrides(
    candidates: list[Join], events: list[Event], topics: Topics, order: dict[str, int], diagnostics: list[Diagnostic]
) -> list[Join]:
    """Automatic joins minus the pairs an event splits, plus the pairs it joins."""
    split: set[frozenset[TopicKey]] = set()
    joins: list[Join] = []
    for event in events:
        threads = event.meta.threads
        for kind, pairs in (("split", threads.split), ("join", threads.join)):
            for index, (anchor, other) in enumerate(pairs):
                here = TopicKey(event.folder, anchor)
                folder, _, other_anchor = other.partition("#")
                there = TopicKey(folder, other_anchor)
                missing = [str(key) for key in (here, there) if key not in topics]
                if missing or here == there:
                    why = f"no topic {', '.join(missing)}" if missing else "a topic cannot be joined to itself"
                    diagnostics.append(
                        Diagnostic(
                            Path(event.path) / "README.md",
                            threads.line_of(kind, index),
                            Level.WARNING,
                            f"threads.{kind} [{anchor}, {other}]: {why}",
                            "thread-override",
                        )
                    )
                    continue
                if kind == "split":
                    split.add(frozenset((here, there)))
                else:
                    earlier, later = sorted((here, there), key=lambda key: (order[key.folder], key.anchor))
                    joins.append(Join(earlier, later, "override", f"joined by {event.folder}'s front matter"))
    kept = [join for join in candidates if frozenset((join.earlier, join.later)) not in split]
    # One join per pair; when several rules found it, its reason says all of them (the rule
    # named is the first found: link, title, code, override).
    unique: dict[frozenset[TopicKey], Join] = {}
    for join in kept + joins:
        pair = frozenset((join.earlier, join.later))
        if join.earlier == join.later:
            continue
        if pair in unique:
            first = unique[pair]
            unique[pair] = Join(first.earlier, first.later, first.rule, f"{first.reason}; {join.reason}")
        else:
            unique[pair] = join
    return list(unique.values())


def _threads(joins: list[Join], order: dict[str, int]) -> tuple[list[Thread], dict[TopicKey, Thread]]:
    """Connected topics, each group a thread (joins that close a cycle change nothing)."""
    parent: dict[TopicKey, TopicKey] = {}

    def root(key: TopicKey) -> TopicKey:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for join in joins:
        parent[root(join.earlier)] = root(join.later)
    groups: dict[TopicKey, list[TopicKey]] = defaultdict(list)
    for key in list(parent):
        groups[root(key)].append(key)
    # Each group's joins by its root, in one pass: picking them per group was quadratic
    # (at 1000x the seed, 12 000 threads x 12 000 joins).
    joins_of: dict[TopicKey, list[Join]] = defaultdict(list)
    for join in joins:
        joins_of[root(join.earlier)].append(join)
    threads, thread_of = [], {}
    for group_root, members in groups.items():
        steps = sorted(members, key=lambda key: (order[key.folder], key.anchor))
        thread = Thread(steps, joins_of[group_root])
        threads.append(thread)
        for key in steps:
            thread_of[key] = thread
    threads.sort(key=lambda thread: (order[thread.steps[0].folder], thread.steps[0].anchor))
    return threads, thread_of
