"""Topics of a wrap-up, read into one shape whatever style the wrap-up was written in.

Each ``##`` heading of an event README opens a topic. Inside it, a paragraph starting with a
bold label (``**Problem Statement:**``, ``**Next Steps**:``) or a ``###`` heading naming a
label opens a section; the labels and synonyms are data in ``labels.py``. Text before the
first label, and all text of topics written without labels (the 2021 and 2022 wrap-ups), is
kept as the topic's *notes*. After a horizontal rule (``<hr />``), the rest of the topic is
its *trailer*, shown after the topic card. Every piece keeps the author's Markdown and its
file line; nothing of the source is dropped (``pieces`` gives the topic back line by line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import emoji as emoji_table
from markdown.extensions import toc

from wrapup.diagnostics import Diagnostic, Level
from wrapup.model import parser
from wrapup.model.fidelity import lint_gfm_differences
from wrapup.model.labels import (
    CANONICAL_ORDER,
    SectionKind,
    normalise_label,
    section_kind,
)
from wrapup.model.links import CodeLink, classify

if TYPE_CHECKING:
    from markdown_it.token import Token

# Characters that continue an emoji sequence: zero-width joiner, variation selectors,
# the combining keycap, skin-tone modifiers and tag characters.
_EMOJI_JOINERS = {"\u200d", "\ufe0e", "\ufe0f", "\u20e3"}
_HR_HTML = re.compile(r"^\s*<hr\s*/?>\s*$", re.IGNORECASE)
# ``[https://…](words)``: a link written the wrong way round. Run over one inline token's source.
_REVERSED_LINK = re.compile(r"\[(https?://[^\]\s]+)\]\(([^)]*)\)")


def _continues_emoji(char: str) -> bool:
    code = ord(char)
    return char in _EMOJI_JOINERS or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F


def split_emoji(title: str) -> tuple[str | None, str]:
    """Split leading emoji (with their joiners and modifiers) off a heading text.

    ``"🕵️ Introduction Of x"`` -> ``("🕵️", "Introduction Of x")``. Emoji are those of the
    ``emoji`` package's table, which follows Unicode's releases (🫆, Unicode 16), not the
    ``unicodedata`` of the running Python; a letter counts only in its emoji form (``ℹ️``).
    """
    index = 0
    for found in emoji_table.emoji_list(title[:64]):  # a title's icon stands at its start
        if found["match_start"] != index:
            break
        index = found["match_end"]
    while index and index < len(title) and _continues_emoji(title[index]):
        index += 1  # a stray selector or modifier after the emoji belongs to it
    if index == 0:
        return None, title.strip()
    return title[:index], title[index:].strip()


def slugify(text: str) -> str:
    """Anchor for a title, as Python-Markdown's ``toc`` makes heading ids: ASCII words joined by
    hyphens (emoji, punctuation and backticks dropped)."""
    return toc.slugify(text, "-")


def unique_anchor(anchor: str, used: set[str]) -> str:
    """``anchor``, or ``anchor_1``, ``anchor_2``… when taken (``toc``'s rule); the result is added to ``used``."""
    return toc.unique(anchor, used)


@dataclass
class Section:
    kind: SectionKind
    label: str  # as written, without ** and colon ("Code/Pull Requests")
    line: int  # file line of the label
    content_line: int = 0  # file line on which ``markdown`` starts
    markdown: str = ""  # the author's Markdown after the label
    links: list[CodeLink] = field(default_factory=list)
    # Where its blocks start (file lines): the page is built from the README's tokens by them. The
    # first holds the label: a heading the page leaves out, or a paragraph whose label it takes off.
    blocks: list[int] = field(default_factory=list)
    label_is_heading: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.markdown.strip()


@dataclass
class Topic:
    title: str  # visible text of the heading, without the emoji
    emoji: str | None
    line: int  # file line of the '##' heading
    title_markdown: str = ""  # the heading's Markdown without the emoji
    anchor: str = ""  # unique within the page; set by parse_wrapup
    notes: str = ""  # unlabelled text (legacy formats, text before the first label)
    sections: list[Section] = field(default_factory=list)
    trailer: str = ""  # text after a horizontal rule that closes the topic
    trailer_line: int | None = None  # file line of that rule
    links: list[CodeLink] = field(default_factory=list)
    end_line: int = 0  # last file line of the topic
    notes_blocks: list[int] = field(default_factory=list)  # file lines where the blocks of each part start
    trailer_blocks: list[int] = field(default_factory=list)

    @property
    def is_labelled(self) -> bool:
        return bool(self.sections)

    @property
    def is_stub(self) -> bool:
        """Only a title: no notes and no section with text."""
        return not self.notes.strip() and all(section.is_empty for section in self.sections)

    def sections_of(self, kind: SectionKind) -> list[Section]:
        return [section for section in self.sections if section.kind is kind]

    @property
    def reports_achievements(self) -> bool:
        return any(not s.is_empty for s in self.sections_of(SectionKind.ACHIEVEMENTS))

    @property
    def code_links(self) -> list[CodeLink]:
        """Links of the Code & links part; for a topic written without labels, its links to code
        (pull requests, issues, repositories, branches, commits, files) wherever they stand."""
        if not self.is_labelled:
            return [link for link in self.links if link.kind != "other"]
        return [link for section in self.sections_of(SectionKind.CODE) for link in section.links]


@dataclass
class Wrapup:
    """A README body read into its parts."""

    preamble: str  # text before the first topic
    topics: list[Topic]
    diagnostics: list[Diagnostic]
    links: list[parser.Link] = field(default_factory=list)  # every link and image, with file lines
    preamble_blocks: list[int] = field(default_factory=list)  # file lines where its blocks start


@dataclass
class Block:
    """A top-level Markdown block: its tokens and its lines (0-based, end exclusive, in the body)."""

    tokens: list[Token]
    start: int
    end: int

    @property
    def first(self) -> Token:
        return self.tokens[0]

    @property
    def inline(self) -> Token | None:
        return next((t for t in self.tokens if t.type == "inline"), None)


def top_level_blocks(tokens: list[Token], line_count: int) -> list[Block]:
    """The document's top-level blocks in order, each reaching to the next one's first line."""
    # A block without source lines (the footnotes) adds no text: the definitions' lines stay with
    # the blocks they were written between.
    blocks = [Block(group, start, 0) for start, group in parser.top_level_groups(tokens) if start is not None]
    # A block reaches to the next block's start, so blank lines and link reference
    # definitions between blocks (which make no tokens) stay with the text before them.
    for index, block in enumerate(blocks):
        block.end = blocks[index + 1].start if index + 1 < len(blocks) else line_count
    return blocks


# A bold label at the very start of a paragraph: **Label:**, **Label**:, __Label:__, with any
# spaces inside. Matched on the paragraph's own first line only (a marker, not a document).
_LABEL_AT_START = re.compile(r"(?P<mark>\*\*|__)(?P<label>[^*_\n]+?)(?P=mark)[ \t]*(?P<colon>:)?[ \t]*")


@dataclass(frozen=True)
class _Label:
    text: str  # as written, without markup and colon
    has_colon: bool
    length: int  # characters of the first line taken by the label markup


def _label_of(block: Block) -> _Label | None:
    """The bold label a paragraph starts with, or None."""
    inline = block.inline
    if block.first.type != "paragraph_open" or inline is None:
        return None
    match = _LABEL_AT_START.match(inline.content)
    if match is None:
        return None
    label = match["label"].strip()
    colon_inside = label.endswith(":")
    rest = inline.content[match.end() :]
    alone = rest == "" or rest.startswith("\n")
    text = label.rstrip(":").strip()
    return _Label(text, colon_inside or bool(match["colon"]) or alone, match.end()) if text else None


def _strip_label(first_line: str, label: _Label) -> str:
    """The first line of a labelled paragraph without its label markup (indentation dropped)."""
    return first_line.lstrip()[label.length :]


class _TopicBuilder:
    def __init__(self, topic: Topic, path: Path, first_line: int, lines: list[str], diagnostics: list[Diagnostic]):
        self.topic = topic
        self.path = path
        self.first_line = first_line
        self.lines = lines
        self.diagnostics = diagnostics
        self.current: Section | None = None
        self.after_rule = False
        self.seen_order: list[tuple[SectionKind, int]] = []

    def warn(self, line: int, message: str, code: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, Level.WARNING, message, code))

    def text(self, start: int, end: int) -> str:
        return "".join(self.lines[start:end])

    def append(self, markdown_text: str, block_line: int | None = None) -> None:
        """Add text to the part being read; ``block_line``: the file line of the block it is."""
        if self.after_rule:
            self.topic.trailer += markdown_text
            blocks = self.topic.trailer_blocks
        elif self.current is not None:
            self.current.markdown += markdown_text
            blocks = self.current.blocks
        else:
            self.topic.notes += markdown_text
            blocks = self.topic.notes_blocks
        if block_line is not None:
            blocks.append(block_line)

    def open_section(self, kind: SectionKind, label: str, line: int, content_line: int) -> Section:
        self.current = Section(kind=kind, label=label, line=line, content_line=content_line, blocks=[line])
        self.topic.sections.append(self.current)
        self.seen_order.append((kind, line))
        return self.current

    def add(self, block: Block) -> None:
        file_line = block.start + self.first_line
        token = block.first
        if self.after_rule:
            self.append(self.text(block.start, block.end), file_line)
            return
        if token.type == "hr" or (token.type == "html_block" and _HR_HTML.match(token.content)):
            self.after_rule = True
            self.topic.trailer_line = file_line
            self.append(self.text(block.start, block.end), file_line)
            return
        if token.type == "heading_open" and token.tag in ("h3", "h4", "h5", "h6"):
            heading = parser.inline_text(block.inline) if block.inline else ""
            kind = section_kind(heading)
            if kind is not None:
                section = self.open_section(kind, heading.strip().rstrip(":").strip(), file_line, file_line + 1)
                section.label_is_heading = True
                section.markdown += self.text(block.start + 1, block.end)
                return
        found = _label_of(block)
        if found is not None:
            kind = section_kind(found.text)
            if kind is not None and found.has_colon:
                first = self.lines[block.start]
                section = self.open_section(kind, found.text, file_line, file_line)
                remainder = _strip_label(first, found)
                if not remainder.strip():
                    # Nothing after the label on its line: the text starts on the next line.
                    section.content_line = file_line + 1
                    remainder = ""
                section.markdown += remainder + self.text(block.start + 1, block.end)
                return
            if found.has_colon:
                self.warn(
                    file_line,
                    f"unknown section label '{found.text}' in topic "
                    f"'{self.topic.title}': rename it to a known label (listed in hooks/wrapup/model/labels.py), "
                    "or keep it with 'lint: accept: [unknown-label]' in the front matter; its text shows "
                    "under the section before it",
                    "unknown-label",
                )
        elif block.inline is not None and token.type == "paragraph_open":
            raw = block.inline.content
            if raw.startswith(("**", "__")) and section_kind(raw[2:].split(":", 1)[0]) is not None:
                self.warn(
                    file_line,
                    f"section label '{raw[2:].split(':', 1)[0].strip()}' has no closing "
                    f"'{raw[:2]}'; write it as {raw[:2]}{raw[2:].split(':', 1)[0].strip()}:{raw[:2]}",
                    "unclosed-label",
                )
        self.append(self.text(block.start, block.end), file_line)

    def finish(self) -> None:
        kinds = [kind for kind, _ in self.seen_order]
        seen: dict[SectionKind, int] = {}
        for kind, line in self.seen_order:
            if kind in seen and kind is not SectionKind.CODE:
                self.warn(
                    line,
                    f"'{kind.title}' appears twice in topic '{self.topic.title}'; both are shown, in the order written",
                    "duplicate-section",
                )
            seen.setdefault(kind, line)
        positions = [CANONICAL_ORDER.index(kind) for kind in dict.fromkeys(kinds)]
        if positions != sorted(positions):
            line = next(
                line
                for (kind, line), previous in zip(self.seen_order[1:], kinds, strict=False)
                if CANONICAL_ORDER.index(kind) < CANONICAL_ORDER.index(previous)
            )
            self.warn(
                line,
                f"sections of topic '{self.topic.title}' are out of order; they are shown as "
                "Problem Statement, Motivation/Benefits, Achievements, Next Steps, Code",
                "section-order",
            )


def _web_links(links: list[parser.Link], first: int, last: int, label: str = "") -> list[CodeLink]:
    """The http(s) links among ``links`` (file lines) whose line lies in ``first..last``."""
    return [
        classify(link.url, label=label, line=link.line)
        for link in links
        if first <= link.line <= last and link.url.startswith(("http://", "https://"))
    ]


def lint_reversed_links(tokens: list[Token], first_line: int, path: Path) -> list[Diagnostic]:
    """``[https://…](words)``: the URL and the words are swapped, so GitHub shows no working link."""
    problems = []
    for token in tokens:
        if token.type != "inline" or not token.map:
            continue
        for match in _REVERSED_LINK.finditer(token.content):
            if not match.group(2).startswith(("http://", "https://", "/", "#", ".")):
                problems.append(
                    Diagnostic(
                        path,
                        token.map[0] + first_line + token.content[: match.start()].count("\n"),
                        Level.WARNING,
                        f"link written the wrong way round: [{match.group(1)}]({match.group(2)}); "
                        f"write [{match.group(2)}]({match.group(1)})",
                        "reversed-link",
                    )
                )
    return problems


# ## headings that frame a wrap-up rather than name a topic of it (compared without case,
# emoji and a trailing colon). Their text is kept: before the first topic it opens the page,
# after a topic it follows that topic's card.
FRAMING_TITLES = {
    "preparation",
    "conclusion",
    "conclusions",
    "summary",
    "introduction",
    "agenda",
    "outlook",
    "organisation",
    "organization",
    "participants",
    "logistics",
    "schedule",
    "overview",
    "acknowledgements",
    "acknowledgments",
    "thanks",
    "retrospective",
    "wrap-up",
    "wrap up",
}


def is_framing(title: str) -> bool:
    return title.strip().rstrip(":").strip().lower() in FRAMING_TITLES


def _frame_text(wrapup: Wrapup, preamble_parts: list[str], text: str, file_line: int) -> None:
    """Text outside every topic: the preamble before the first one, else after the last one's card."""
    if not wrapup.topics:
        preamble_parts.append(text)
        wrapup.preamble_blocks.append(file_line)
        return
    topic = wrapup.topics[-1]
    if topic.trailer_line is None and text.strip():
        topic.trailer_line = file_line
    topic.trailer += text
    topic.trailer_blocks.append(file_line)


def parse_wrapup(
    body: str, first_line: int = 1, path: Path | None = None, tokenise: parser.Tokenise = parser.parse
) -> Wrapup:
    """Read a README body (front matter removed) into preamble and topics.

    ``first_line`` is the file line on which ``body`` starts, so every line reported is a file line.
    """
    path = path or Path("README.md")
    lines = body.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    tokens = tokenise(body)
    blocks = top_level_blocks(tokens, len(lines))
    diagnostics: list[Diagnostic] = []
    preamble_parts: list[str] = []
    topics: list[Topic] = []
    wrapup = Wrapup(preamble="", topics=topics, diagnostics=diagnostics)
    builder: _TopicBuilder | None = None
    used_anchors: set[str] = set()

    for block, role in zip(blocks, _heading_roles(blocks), strict=True):
        if role == "framing":
            if builder is not None:
                builder.finish()
                builder = None
            _frame_text(wrapup, preamble_parts, "".join(lines[block.start : block.end]), block.start + first_line)
            continue
        if role == "topic":
            if builder is not None:
                builder.finish()
            topic = _topic_of(block, block.start + first_line, used_anchors)
            if not topic.title:
                message = "topic heading has no text; give the topic a title"
                diagnostics.append(Diagnostic(path, topic.line, Level.WARNING, message, "empty-heading"))
            topics.append(topic)
            builder = _TopicBuilder(topic, path, first_line, lines, diagnostics)
            # Link reference definitions right under the heading make no tokens: keep them
            # (a reference anywhere in the document may use them, as on GitHub).
            heading_end = block.first.map[1] if block.first.map else block.end
            if "".join(lines[heading_end : block.end]).strip():
                builder.append(builder.text(heading_end, block.end))
            continue
        if builder is None:
            _frame_text(wrapup, preamble_parts, "".join(lines[block.start : block.end]), block.start + first_line)
        else:
            builder.add(block)
    if builder is not None:
        builder.finish()

    # Lines before the first block (leading blank lines) belong to the preamble.
    leading = blocks[0].start if blocks else len(lines)
    wrapup.preamble = "".join(lines[:leading]) + "".join(preamble_parts)
    _lint(wrapup, tokens, first_line, len(lines), path)
    return wrapup


def _lint(wrapup: Wrapup, tokens: list[Token], first_line: int, line_count: int, path: Path) -> None:
    """Every link of the README with its file line, placed in its topic, and the lint rules' findings."""
    wrapup.links = [replace(link, line=link.line + first_line) for link in parser.iter_links(tokens)]
    diagnostics = wrapup.diagnostics
    diagnostics.extend(_place_links(wrapup.topics, wrapup.links, line_count + first_line - 1, path))
    diagnostics.extend(_duplicate_titles(wrapup.topics, path))
    for lint in (lint_reversed_links, lint_heading_levels, lint_gfm_differences):
        diagnostics.extend(lint(tokens, first_line, path))
    diagnostics.sort(key=lambda d: (d.line or 0, d.message))


def lint_heading_levels(tokens: list[Token], first_line: int, path: Path) -> list[Diagnostic]:
    """A '#' heading after the wrap-up's own title (the page's title is the front matter's; a topic
    is a '##' heading), and a heading that skips a level ('###' straight to '#####'), which screen
    readers announce as a missing level. Each at its own line."""
    problems = []
    level = 1  # the page's title
    seen_content = False
    for token in tokens:
        if token.type != "heading_open" or token.map is None:
            seen_content = seen_content or token.type in ("paragraph_open", "bullet_list_open", "table_open")
            continue
        this = int(token.tag[1])
        line = token.map[0] + first_line
        if this == 1 and (seen_content or level > 1):
            message = (
                "a '#' heading inside the wrap-up: a topic is a '##' heading (the page's title is the "
                "front matter's); make it '##'"
            )
            problems.append(Diagnostic(path, line, Level.WARNING, message, "heading-level"))
        elif this > level + 1:
            message = (
                f"heading level skips from {'#' * level} to {'#' * this}: screen readers announce a missing level; "
                f"make it {'#' * (level + 1)}"
            )
            problems.append(Diagnostic(path, line, Level.WARNING, message, "heading-level"))
        level = this
    return problems


def _topic_of(block: Block, line: int, used_anchors: set[str]) -> Topic:
    """The topic a heading opens, with an anchor no earlier topic of the page has."""
    emoji, title_markdown = split_emoji(block.inline.content if block.inline else "")
    _, title = split_emoji(parser.inline_text(block.inline) if block.inline else "")
    topic = Topic(title=title, emoji=emoji, line=line, title_markdown=title_markdown)
    topic.anchor = unique_anchor(slugify(title) or "topic", used_anchors)
    return topic


def _place_links(topics: list[Topic], links: list[parser.Link], last_line: int, path: Path) -> list[Diagnostic]:
    """Give each topic (and each of its code sections) the links within its lines; a topic that
    is only a title is a warning."""
    problems = []
    for index, topic in enumerate(topics):
        topic.end_line = (topics[index + 1].line - 1) if index + 1 < len(topics) else last_line
        topic.links = _web_links(links, topic.line, topic.end_line)
        ends = [section.line for section in topic.sections[1:]] + [topic.trailer_line or topic.end_line + 1]
        for section, next_start in zip(topic.sections, ends, strict=False):  # no sections: one end
            if section.kind is SectionKind.CODE:
                section.links = _web_links(links, section.line, next_start - 1, label=section.label)
        if topic.is_stub:
            message = f"topic '{topic.title}' has only a title; add at least a problem statement"
            problems.append(Diagnostic(path, topic.line, Level.WARNING, message, "stub-topic"))
    return problems


def _duplicate_titles(topics: list[Topic], path: Path) -> list[Diagnostic]:
    problems = []
    seen_titles: dict[str, int] = {}
    for topic in topics:
        key = normalise_label(topic.title)
        if key and key in seen_titles:
            problems.append(
                Diagnostic(
                    path,
                    topic.line,
                    Level.WARNING,
                    f"topic title '{topic.title}' is used twice (first at line "
                    f"{seen_titles[key]}); its anchor is #{topic.anchor}",
                    "duplicate-title",
                )
            )
        seen_titles.setdefault(key, topic.line)
    return problems


def _heading_roles(blocks: list[Block]) -> list[str | None]:
    """Per block: "framing" for a heading that frames the event, "topic" for one that opens a
    topic, None for the rest. A "## Preparation" or "## Conclusion" frames the event, it is no
    topic (FRAMING_TITLES); in a wrap-up whose every ## heading frames it (2021), the ###
    headings inside are the topics."""

    def title_of(block: Block) -> str:
        return split_emoji(parser.inline_text(block.inline) if block.inline else "")[1]

    def is_heading(block: Block, tag: str) -> bool:
        return block.first.type == "heading_open" and block.first.tag == tag

    h2_titles = [title_of(block) for block in blocks if is_heading(block, "h2")]
    promote_h3 = bool(h2_titles) and all(is_framing(title) for title in h2_titles)
    roles: list[str | None] = []
    framing = False
    for block in blocks:
        if is_heading(block, "h2") and is_framing(title_of(block)):
            roles.append("framing")
            framing = True
        elif (
            is_heading(block, "h2")
            or (promote_h3 and framing and is_heading(block, "h3"))
            or (is_heading(block, "h1") and "topic" in roles)  # meant as a topic: reported as heading-level
        ):
            roles.append("topic")
        else:
            roles.append(None)
    return roles
