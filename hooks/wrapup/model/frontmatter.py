"""Event front matter: split it off a README, load it with line numbers, validate it against the schema.

The schema file (``schema/event.schema.json``) is the single statement of what an event's
front matter holds; the build, the checks and editors all use it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:  # imported where front matter is validated: a warm build takes events from the cache
    import jsonschema
    import jsonschema.protocols

from wrapup.diagnostics import Diagnostic, Level

SCHEMA_RESOURCE = "schema/event.schema.json"
DOCUMENT_SCHEMA_RESOURCE = "schema/document.schema.json"
FENCE = "---"


@cache
def _schema(resource: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(resource).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def event_schema() -> dict[str, Any]:
    """The JSON Schema of event front matter, as shipped in the package."""
    return _schema(SCHEMA_RESOURCE)


@cache
def _validator(resource: str = SCHEMA_RESOURCE) -> jsonschema.protocols.Validator:
    import jsonschema  # 0.07 s to import; a warm build takes its events from the cache

    schema = _schema(resource)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@dataclass(frozen=True)
class Place:
    name: str
    url: str | None = None


# How each kind of link of an event is titled when the front matter gives no title.
LINK_TITLES = {
    "planning": "Topic planning",
    "review": "Review meeting",
    "recording": "Recording",
    "slides": "Slides",
    "notes": "Notes",
    "other": "Link",
}


@dataclass(frozen=True)
class EventLink:
    """One of the event's other pages (``links:`` in the front matter)."""

    kind: str  # planning | review | recording | slides | notes | other
    url: str
    title: str = ""

    @property
    def text(self) -> str:
        return self.title or LINK_TITLES[self.kind]


@dataclass(frozen=True)
class Photo:
    """The event's group picture: an image of its folder (``photo:``)."""

    src: str
    alt: str = ""


@dataclass(frozen=True)
class ThreadOverrides:
    """Pairs of (anchor of this event's topic, 'folder#anchor' of another) to join or split."""

    join: tuple[tuple[str, str], ...] = ()
    split: tuple[tuple[str, str], ...] = ()
    line: int | None = None  # file line of the 'threads' field
    # File line of each entry, so a problem with one points at it: {('join', 0): 14, ...}
    entry_lines: dict[tuple[str, int], int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, kind: str, index: int) -> int | None:
        return self.entry_lines.get((kind, index), self.line)


@dataclass(frozen=True)
class EventMeta:
    """The facts of one event, exactly as its front matter states them."""

    title: str
    start: dt.date
    end: dt.date
    place: Place
    organiser: str  # its name
    organiser_url: str | None = None
    links: tuple[EventLink, ...] = ()
    photo: Photo | None = None
    accepted_lint: frozenset[str] = frozenset()
    threads: ThreadOverrides = ThreadOverrides()
    # File line of each top-level field, for problems found after validation.
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class SplitDocument:
    """A Markdown file cut into its YAML block and its body.

    ``yaml_line`` is the file line of the YAML block's first line; ``body_line`` the file
    line on which the body starts, so positions in the body can be mapped back to the file.
    """

    yaml_text: str
    yaml_line: int
    body: str
    body_line: int


class FrontMatterError(ValueError):
    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


# How MkDocs tells front matter (mkdocs.utils.meta.YAML_RE): '---' and optional blanks on the first
# line. The model must see front matter wherever MkDocs does, or MkDocs would hand the theme
# metadata that no schema checked.
_OPENING = re.compile(r"-{3}[ \t]*\r?\n")


def starts_with_front_matter(text: str) -> bool:
    return _OPENING.match(text) is not None


def body_of(text: str) -> str:
    """The Markdown of a document without its front matter, as the model reads it (a file whose
    front matter is broken is read whole): the text its tokens are stored under."""
    if starts_with_front_matter(text):
        try:
            return split_front_matter(text).body
        except FrontMatterError:
            return text
    return text


def split_front_matter(text: str) -> SplitDocument:
    """Separate the leading ``---`` YAML block from the Markdown body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != FENCE:
        raise FrontMatterError(
            1,
            "no front matter: an event README must start with a '---' line, then the YAML fields "
            "title, start, end, place and organiser, then a closing '---' line",
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").rstrip() in (FENCE, "..."):
            return SplitDocument(
                yaml_text="".join(lines[1:index]),
                yaml_line=2,
                body="".join(lines[index + 1 :]),
                body_line=index + 2,
            )
    raise FrontMatterError(1, "front matter is not closed: add a '---' line after the YAML fields")


class _StringDateLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings, so the schema's ``format: date`` can judge them
    and report the line, instead of PyYAML turning ``2023-02-30`` into an exception."""


_StringDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _line_map(node: yaml.Node, first_line: int) -> dict[tuple[str | int, ...], int]:
    """Map each path in the YAML tree (as jsonschema reports it) to its 1-based file line."""
    lines: dict[tuple[str | int, ...], int] = {}

    def walk(current: yaml.Node, path: tuple[str | int, ...]) -> None:
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                key_path = (*path, key_node.value)
                # A field is reported at its key: a nested mapping's values start a line later.
                lines[key_path] = lines[(*key_path, "<key>")] = key_node.start_mark.line + first_line
                walk(value_node, key_path)
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                lines[(*path, index)] = item.start_mark.line + first_line
                walk(item, (*path, index))

    lines[()] = first_line
    walk(node, ())
    return lines


def _unknown_fields(error: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """One problem per field the schema does not know, each at its own line."""
    path = tuple(error.absolute_path)
    allowed = sorted(error.schema.get("properties", {}))
    problems = []
    for name in sorted(set(error.instance) - set(allowed), key=str):
        hint = difflib.get_close_matches(str(name), allowed, n=1)
        suggestion = f"; did you mean '{hint[0]}'?" if hint else f"; allowed: {', '.join(allowed)}"
        problems.append(
            ((*path, name, "<key>"), f"unknown field '{'.'.join(str(p) for p in (*path, name))}'{suggestion}")
        )
    return problems


def _describe(error: Any) -> tuple[tuple[str | int, ...], str]:
    """Turn a ``jsonschema.ValidationError`` into (path, message) in words a contributor understands.

    (Typed ``Any``: jsonschema types its fields as unions with an unset marker, which a schema
    error never has.)"""
    path = tuple(error.absolute_path)
    field = ".".join(str(p) for p in path) or "front matter"
    validator = error.validator
    if validator == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]
        where = f" in '{field}'" if path else ""
        return path, f"missing required field '{missing[0]}'{where}" if missing else error.message
    if validator == "format" and error.validator_value == "date":
        return path, f"'{field}' must be a date written YYYY-MM-DD, not {error.instance!r}"
    if validator == "type":
        types = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return path, f"'{field}' must be of type {' or '.join(types)}, not {type(error.instance).__name__}"
    if validator == "pattern" and path and path[-1] == "url":
        return path, f"'{field}' must be an http:// or https:// address, not {error.instance!r}"
    if validator == "minLength":
        return path, f"'{field}' must not be empty"
    return path, f"'{field}': {error.message}"


def _refuse_aliases(split: SplitDocument) -> None:
    """YAML anchors and aliases (``&a``, ``*a``) let a few hundred bytes stand for gigabytes once
    expanded (validating or printing the value expands it); front matter never needs them.
    Read as a stream of events, which costs time linear in the text."""
    try:
        for event in yaml.parse(split.yaml_text, Loader=_StringDateLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise FrontMatterError(
                    (event.start_mark.line if event.start_mark else 0) + split.yaml_line,
                    "front matter may not use YAML anchors or aliases (&name, *name): write each value out",
                )
    except yaml.YAMLError:
        return  # reported, with its line, when the YAML is loaded


# What YAML's escapes can write but no page can show: a lone surrogate (half of a character; UTF-8
# cannot encode it), C0 and C1 control characters but tab and newline, and Unicode noncharacters.
_UNWRITABLE = re.compile("[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def _unwritable(data: Any, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], str]]:
    """Every string of the front matter holding a character a page cannot show, at its field."""
    if isinstance(data, str):
        if (found := _UNWRITABLE.search(data)) is None:
            return []
        character = found[0]
        if "\ud800" <= character <= "\udfff":
            kind = "half of a character (a lone surrogate)"
        elif character >= "\ufdd0":
            kind = "a Unicode noncharacter"
        else:
            kind = "a control character"
        field = path[-1] if path else "value"
        message = f"'{field}' holds {kind}, U+{ord(character):04X}, which no page can show; write the character"
        return [(path, message + " itself, or leave it out")]
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in _unwritable(value, (*path, key))]
    if isinstance(data, list):
        return [found for index, value in enumerate(data) for found in _unwritable(value, (*path, index))]
    return []


# What to do about PyYAML's most frequent complaints, in a contributor's words.
_YAML_FIXES = (
    ("'\\t'", "YAML does not allow tabs: indent with spaces"),
    ("quoted scalar", "close the quote (a ' or \" that opens a value must close it on the same value)"),
    ("mapping values are not allowed", "a value holding ': ' must be quoted: title: \"Hack: the Garden\""),
    ("could not find expected ':'", "each line is 'key: value'; a value that goes on needs quotes or indenting"),
    ("expected <block end>", "keep the fields of one level at the same indentation"),
    ("found undefined alias", "'*' starts an alias in YAML: quote a value that starts with '*'"),
    ("found character '@'", "'@' and '`' cannot start a YAML value: quote it"),
    ("found character '`'", "'@' and '`' cannot start a YAML value: quote it"),
)


def _yaml_fix(problem: str, context: str | None) -> str:
    said = f"{problem} {context or ''}"
    return next((f"; {fix}" for found, fix in _YAML_FIXES if found in said), "")


def _load_validated(split: SplitDocument, resource: str, what: str) -> tuple[Any, dict[tuple[str | int, ...], int]]:
    """The front matter's data and the file line of each field, validated against a schema;
    FrontMatterError (every schema problem, each with its line) otherwise."""
    _refuse_aliases(split)
    try:
        node = yaml.compose(split.yaml_text, Loader=_StringDateLoader)
        data = yaml.load(split.yaml_text, Loader=_StringDateLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and context_mark is not None and "end of stream" in problem:
            # An unclosed quote or bracket runs to the end: the line to fix is where it opened.
            mark, problem = context_mark, f"{problem} {context} that starts here"
        line = mark.line + split.yaml_line if mark is not None else split.yaml_line
        raise FrontMatterError(
            line, f"front matter is not valid YAML: {problem}{_yaml_fix(problem, context)}"
        ) from None
    if node is None or not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(split.yaml_line, f"front matter must be a YAML mapping of {what}")
    lines = _line_map(node, split.yaml_line)
    problems = [
        (lines.get(path) or lines.get(path[:-1]) or split.yaml_line, message) for path, message in _unwritable(data)
    ]
    for error in sorted(_validator(resource).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        for path, message in (
            _unknown_fields(error) if error.validator == "additionalProperties" else [_describe(error)]
        ):
            line = lines.get(path) or lines.get(path[:-1]) or split.yaml_line
            problems.append((line, message))
    problems.sort(key=lambda problem: problem[0])
    if problems:
        raise MultipleFrontMatterErrors(problems)
    return data, lines


def parse_document_title(split: SplitDocument) -> str | None:
    """The ``title`` of a further document's front matter (None without one), validated: a
    document may set its title and nothing else (no theme keys such as template or icon)."""
    data, _ = _load_validated(split, DOCUMENT_SCHEMA_RESOURCE, "its title (the only field a document may set)")
    title = data.get("title")
    return title.strip() if title else None


def parse_event_meta(split: SplitDocument) -> EventMeta:
    """Load and validate front matter; raise FrontMatterError with the file line of the first problem
    (all schema problems are gathered into one message, each with its line)."""
    data, lines = _load_validated(split, SCHEMA_RESOURCE, "title, start, end, place and organiser")
    start = dt.date.fromisoformat(data["start"])
    end = dt.date.fromisoformat(data["end"])
    if end < start:
        raise FrontMatterError(lines[("end",)], f"'end' ({end}) is before 'start' ({start})")
    place = data["place"]
    organiser = data["organiser"] if isinstance(data["organiser"], dict) else {"name": data["organiser"]}
    photo = data.get("photo")
    return EventMeta(
        title=data["title"].strip(),
        start=start,
        end=end,
        place=Place(name=place["name"].strip(), url=place.get("url")),
        organiser=organiser["name"].strip(),
        organiser_url=organiser.get("url"),
        links=tuple(
            EventLink(link["kind"], link["url"], link.get("title", "").strip()) for link in data.get("links", [])
        ),
        photo=Photo(photo["src"], photo.get("alt", "").strip()) if photo else None,
        accepted_lint=frozenset(data.get("lint", {}).get("accept", [])),
        threads=ThreadOverrides(
            join=tuple((str(first), str(second)) for first, second in data.get("threads", {}).get("join", [])),
            split=tuple((str(first), str(second)) for first, second in data.get("threads", {}).get("split", [])),
            line=lines.get(("threads",)),
            entry_lines={
                (str(path[1]), path[2]): line
                for path, line in lines.items()
                if len(path) == 3 and path[0] == "threads" and isinstance(path[2], int)
            },
        ),
        field_lines={str(path[0]): line for path, line in lines.items() if len(path) == 1},
    )


class MultipleFrontMatterErrors(FrontMatterError):
    def __init__(self, problems: list[tuple[int, str]]):
        super().__init__(problems[0][0], problems[0][1])
        self.problems = problems


def diagnostics_for(path: Path, error: FrontMatterError) -> list[Diagnostic]:
    problems = getattr(error, "problems", None) or [(error.line, error.message)]
    return [Diagnostic(path, line, Level.ERROR, message, "front-matter") for line, message in problems]
