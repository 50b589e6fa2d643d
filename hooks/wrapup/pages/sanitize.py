"""One allowlist sanitiser for every page's HTML, and a report of what it removed.

Event folders come from anyone by pull request, and the site serves their pages under its own
origin. So the HTML Python-Markdown made of a page (raw HTML, and attributes that ``attr_list``,
``md_in_html`` or any other extension let an author set) passes ``nh3`` (the binding of
ammonia, a maintained Rust sanitiser) with the allowlist below before it is published. Only
what the site's own pages need is allowed: no script, style, frames, forms or ``<base>``, no
event handlers, no ``javascript:`` or non-image ``data:`` addresses, no style property that
could lay an element over the page, no data attribute that a script of the theme would read
as markup (GLightbox shows ``data-title``/``data-description`` as HTML, and a link's
``title`` too: a ``<`` in a title is kept as the text ``&lt;``).

What the sanitiser removes is never dropped in silence: ``removals`` compares the elements
and attributes before and after, and ``diagnostics`` points each removal at its source line,
so that ``mkdocs build --strict`` and ``wrapup check --strict`` fail on it.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import nh3
import tinycss2
from selectolax.lexbor import LexborHTMLParser

from wrapup.cache import ContentCache, package_version
from wrapup.diagnostics import Diagnostic, Level, shown
from wrapup.model.frontmatter import FrontMatterError, split_front_matter

RULE = "unsafe-html"
# Markup that only changes how a page looks, which GitHub drops too: its removal is reported
# as information (nothing of the author's content is lost), never as a warning.
PRESENTATION_RULE = "html-presentation"
# GitHub's namespace for ids and names an author writes in raw HTML: an author's element can
# then never stand for an element the theme, the lightbox or our script looks up by id
# (Material reads its settings from the first ``#__config`` of the page).
AUTHOR_ID_PREFIX = "user-content-"
# Ids the site's scripts look up: Material's (``__config``, ``__search``...), GLightbox's. A
# heading whose anchor would be one of these gets the author prefix too.
RESERVED_ID_PREFIXES = ("__", "glightbox", "gslide")

# GitHub's own sanitiser allows about these (github/markup), plus what the site's pages use:
# tables, task-list checkboxes and their labels, the permalink button, navigation landmarks
# and the charts' SVG.
_HTML_TAGS = {
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "big",
    "bdo",
    "blockquote",
    "br",
    "button",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
}
_SVG_TAGS = {
    "svg",
    "g",
    "rect",
    "line",
    "polyline",
    "polygon",
    "circle",
    "ellipse",
    "path",
    "text",
    "tspan",
    "title",
    "desc",
}
TAGS = _HTML_TAGS | _SVG_TAGS
# Removed with their content; every other tag off the list is removed but its text is kept.
_DROPPED_WITH_CONTENT = {"script", "style", "template"}

_GLOBAL = {"class", "id", "title", "lang", "dir", "role", "hidden", "data-search-exclude", "style"}
_SVG_GEOMETRY = {
    "x",
    "y",
    "x1",
    "x2",
    "y1",
    "y2",
    "dx",
    "dy",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "width",
    "height",
    "points",
    "d",
    "transform",
    "text-anchor",
    "dominant-baseline",
    "fill",
    "stroke",
    "stroke-width",
}
ATTRIBUTES: dict[str, set[str]] = {
    "*": _GLOBAL,
    "a": {"href", "name", "data-width", "data-height", "data-desc-position"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes", "align"},
    "source": {"srcset", "sizes", "type", "media"},
    "input": {"disabled", "checked"},
    "button": {"data-anchor"},
    "td": {"colspan", "rowspan", "align", "data-value"},
    "th": {"colspan", "rowspan", "align", "scope", "data-sort"},
    "tr": {"data-event", "data-repositories", "data-status"},
    "table": {"data-sortable"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "details": {"open"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "del": {"datetime"},
    "ins": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "div": {"align"},
    "p": {"align"},
    "h1": {"align"},
    "h2": {"align"},
    "h3": {"align"},
    "svg": {"viewBox", "viewbox", "xmlns", "width", "height", "preserveAspectRatio", "focusable"},
    **{
        tag: set(_SVG_GEOMETRY)
        for tag in ("g", "line", "polyline", "polygon", "circle", "ellipse", "path", "text", "tspan")
    },
    "rect": _SVG_GEOMETRY | {"data-label", "data-series", "data-value"},
}
# Attributes allowed with these values only (a lightbox link shows an image, nothing else).
ATTRIBUTE_VALUES = {
    "a": {"data-type": {"image"}},
    "input": {"type": {"checkbox"}},
    "button": {"type": {"button"}},
}
# Inline CSS that lays out and colours, as authors write it on GitHub (pictures side by side in a
# flex row, a sized image, an aligned cell): nothing here can run script, load from elsewhere or
# lift an element out of its place in the page (no position, z-index, transform; see _covering).
STYLE_PROPERTIES = {
    *("text-align", "vertical-align", "white-space", "float", "clear", "box-sizing", "aspect-ratio"),
    *("color", "background-color", "font-weight", "font-style", "text-decoration", "border-radius"),
    *("display", "width", "height", "min-width", "min-height", "max-width", "max-height"),
    *(f"{box}{side}" for box in ("margin", "padding") for side in ("", "-top", "-right", "-bottom", "-left")),
    *("margin-inline", "margin-block", "padding-inline", "padding-block"),
    *("gap", "row-gap", "column-gap", "order", "object-fit", "object-position"),
    *("flex", "flex-direction", "flex-wrap", "flex-flow", "flex-grow", "flex-shrink", "flex-basis"),
    *("justify-content", "justify-items", "justify-self", "align-items", "align-content", "align-self"),
    *("place-content", "place-items", "place-self"),
    *("grid-template-columns", "grid-template-rows", "grid-auto-flow", "grid-column", "grid-row"),
}
# What an inline style may never do, whatever else it holds: lay the element over the page, load
# from elsewhere, or run code (old browsers' expression() and behavior).
_COVERING_PROPERTIES = {
    *("position", "z-index", "top", "right", "bottom", "left", "inset", "transform", "translate"),
    *("scale", "rotate", "behavior", "-moz-binding", "content", "clip-path", "mask", "filter"),
    *("backdrop-filter", "pointer-events", "cursor", "background", "background-image", "list-style-image"),
    *("border-image", "opacity", "visibility", "overflow", "zoom"),
}
_LOADING_OR_CODE = re.compile(r"url\(|image-set\(|image\(|expression\(|javascript:|@import|\\", re.IGNORECASE)


def style_declarations(style: str) -> list[tuple[str, str]]:
    """(property, value) of each declaration of an inline style, parsed by tinycss2 (the CSS
    parser CairoSVG uses); comments and malformed parts are left out."""
    declarations = tinycss2.parse_blocks_contents(style, skip_comments=True, skip_whitespace=True)
    return [
        (declaration.lower_name, tinycss2.serialize(declaration.value).strip())
        for declaration in declarations
        if declaration.type == "declaration"
    ]


# Properties whose value places or sizes the box: a negative value, a viewport-sized one, or a
# computed one (calc(1px * -3000), which no simple check can bound) pulls it over its neighbours.
_BOX_PROPERTIES = ("margin", "width", "height", "min-", "max-", "inset", "flex-basis", "gap", "row-gap", "column-gap")
_VIEWPORT_UNITS = re.compile(r"^[dsl]?v(w|h|min|max|i|b)$", re.IGNORECASE)


def _pulls_out(value: str) -> bool:
    """Whether a box value is negative, viewport-sized or computed, read token by token."""
    pending = list(tinycss2.parse_component_value_list(value))
    while pending:
        token = pending.pop()
        if token.type == "function":
            return True  # calc(), min(), max(), clamp(), var(), env()
        if token.type in ("number", "percentage", "dimension") and token.value < 0:
            return True
        if token.type == "dimension" and _VIEWPORT_UNITS.match(token.unit):
            return True
        if token.type in ("() block", "[] block", "{} block"):
            pending.extend(token.content)
    return False


def _covering(name: str, value: str) -> bool:
    """Whether a declaration could run code, load from elsewhere or cover the page."""
    if name in _COVERING_PROPERTIES or _LOADING_OR_CODE.search(value):
        return True
    return name.startswith(_BOX_PROPERTIES) and _pulls_out(value)


def _safe_style(style: str) -> str | None:
    """The declarations of ``style`` that the allowlist keeps (None when none is left, so that no
    empty attribute remains); nh3 then filters by property name once more."""
    kept = [
        f"{name}:{value}"
        for name, value in style_declarations(style)
        if name in STYLE_PROPERTIES and not _covering(name, value)
    ]
    return ";".join(kept) or None


def canonical_style(style: str) -> str:
    """An inline style as ``name:value;…``: how nh3 writes one, so that what it kept compares equal."""
    return ";".join(f"{name}:{value}" for name, value in style_declarations(style))


def presentation_only(removal: Removal) -> bool:
    """Whether a removal only changes how the page looks, as GitHub's sanitiser changes it too
    (it drops every class and inline style): an author's class, or inline style with nothing
    that could run code, load from elsewhere or cover the page."""
    if removal.attribute == "class":
        return True
    if removal.attribute == "style":
        return not any(_covering(name, value) for name, value in style_declarations(removal.value))
    return False


URL_SCHEMES = {"http", "https", "mailto", "data"}  # data: is narrowed to raster images below
_IMAGE_DATA = re.compile(r"data:image/(png|jpeg|gif|webp)[;,]", re.IGNORECASE)
_BROWSER_IGNORED = re.compile("[\t\n\r]")
_URL_ATTRIBUTES = {"href", "src", "srcset", "cite", "action", "formaction", "poster", "background", "xlink:href"}


def _shown_as_text(title: str) -> str:
    # GLightbox shows a link's title as HTML in its caption: a '<' in it stays text (as '&lt;').
    return title.replace("<", "&lt;")


# Classes the page's scripts act on (GLightbox's parts, Material's components and its Mermaid
# loader): never on an element of a page's content, whoever wrote it. The lightbox's own link
# class, "glightbox", stays: the lightbox plugin puts it on the links it makes.
_SCRIPT_CLASSES = re.compile(
    r"^(glightbox-|gslide|gdesc|gbtn|gprev|gnext|gclose|goverlay|gcontainer|ginner|gloader|md-|__)|^mermaid$"
)


def _keep(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "title":
        return _shown_as_text(value)
    if attribute == "style":
        return _safe_style(value)
    if attribute in ("id", "name") and is_reserved_id(value):
        # A last net for pages the author pass did not see (a site without the GFM extension).
        return author_id(value)
    if attribute == "class":
        kept = [name for name in value.split() if not _SCRIPT_CLASSES.search(name)]
        return " ".join(kept) or None
    if attribute in _URL_ATTRIBUTES:
        # Read the address as a browser does: tabs and line breaks anywhere are dropped, and
        # leading blanks and control characters ('da&#10;ta:' is 'data:').
        address = _BROWSER_IGNORED.sub("", value).lstrip("".join(map(chr, range(0x21))))
        if address.lower().startswith("data:"):
            # A raster image may be inline, and the lightbox's link to it too (the lightbox wraps
            # every picture in a link to itself); any other data: address (HTML, SVG, script) may not.
            raster = _IMAGE_DATA.match(address) is not None
            return address if raster and (tag, attribute) in (("img", "src"), ("a", "href")) else None
    return value


def clean(html: str) -> str:
    """``html`` with everything off the allowlist removed (the text of unknown elements stays)."""
    return _nh3_clean(html, ATTRIBUTES, _keep)


def _nh3_clean(
    html: str, attributes: dict[str, set[str]], attribute_filter: Callable[[str, str, str], str | None]
) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags=_DROPPED_WITH_CONTENT,
        attributes=attributes,
        generic_attribute_prefixes={"aria-"},
        attribute_filter=attribute_filter,
        tag_attribute_values=ATTRIBUTE_VALUES,
        filter_style_properties=STYLE_PROPERTIES,
        url_schemes=URL_SCHEMES,
        link_rel=None,  # the page's own links stay as they are; links leaving the site get no opener anyway
        strip_comments=True,
    )


def author_id(value: str) -> str:
    """An id or name an author wrote, in the author namespace (as GitHub does)."""
    return value if value.startswith(AUTHOR_ID_PREFIX) else AUTHOR_ID_PREFIX + value


def is_reserved_id(value: str) -> bool:
    return value.startswith(RESERVED_ID_PREFIXES)


@dataclass(frozen=True)
class Signature:
    """Attribute names that mark an ``id``, a ``class`` or a data attribute the site's scripts
    read as the site's own, not the author's.

    The page's element tree holds only what the parser and the site made (raw HTML waits in
    Python-Markdown's stash until the tree is written out): those attributes of it are renamed
    to these names before the raw HTML is put back, and renamed back after the author pass. The
    names hold a digest of the page's source, which no author can write into that source."""

    digest: str

    def name(self, attribute: str) -> str:
        return f"data-wrapup-{self.digest}-{attribute}"

    @property
    def id(self) -> str:
        return self.name("id")

    @property
    def class_(self) -> str:
        return self.name("class")

    def unsigned(self, html: str) -> str:
        """``html`` with the signed names back as they were: nh3 writes every attribute as
        `` name="value"``, and the names are unique to this page."""
        prefix = f" data-wrapup-{self.digest}-"
        if prefix not in html:
            return html
        for attribute in SIGNED:
            html = html.replace(f"{prefix}{attribute}=", f" {attribute}=")
        return html


# What the site's own elements carry and an author's must not: ids and classes (which the
# theme, the lightbox and our script look up) and the data attributes our script reads (a
# sortable table, a copy-link button, a row's filters).
SITE_DATA: tuple[str, ...] = (
    *("data-sortable", "data-anchor", "data-event", "data-status", "data-repositories"),
    *("data-value", "data-sort", "data-label", "data-series"),
)
SIGNED = ("id", "class", *SITE_DATA)


def _author_attribute(signature: Signature, author_ids: set[str]) -> Callable[[str, str, str], str | None]:
    signed = {signature.name(attribute) for attribute in SIGNED}

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute in signed:
            return value
        if attribute in ("id", "name"):
            return author_id(value)
        if attribute == "class" or attribute in SITE_DATA:
            return None  # GitHub drops an author's classes; the page's scripts act on these
        if attribute == "href" and value.startswith("#") and value[1:] in author_ids:
            return "#" + author_id(value[1:])  # a link to an author's anchor follows it
        return _keep(tag, attribute, value)

    return keep


@functools.cache
def _signed_attributes(signature: Signature) -> dict[str, set[str]]:
    attributes = {tag: set(names) for tag, names in ATTRIBUTES.items()}
    attributes["*"] = attributes["*"] | {signature.name(attribute) for attribute in SIGNED}
    return attributes


def sanitize_author(html: str, signature: Signature) -> Cleaned:
    """The first pass over a page whose raw HTML is the author's: the allowlist, author ids and
    names namespaced, author classes dropped; the site's own (signed) ids and classes kept."""
    found = _inventory(html)
    generated = {value for (_tag, name, value) in found.attributes if name == signature.id}
    author_ids = {value for (_tag, name, value) in found.attributes if name in ("id", "name")} - generated
    keep = _author_attribute(signature, author_ids)
    cleaned = signature.unsigned(_nh3_clean(html, _signed_attributes(signature), keep))
    return Cleaned(cleaned, _removals(found.unsigned(signature), _inventory(cleaned)))


@dataclass(frozen=True)
class Removal:
    """An element, or one attribute of an element, that the sanitiser took out."""

    tag: str
    attribute: str | None = None
    value: str = ""
    count: int = 1

    def describe(self) -> str:
        if self.attribute is None:
            return f"<{self.tag}> element"
        if self.value and self.attribute in _URL_ATTRIBUTES | {"style"}:
            return f'{self.attribute}="{shown(self.value, 60)}" on <{self.tag}>'
        return f"attribute {self.attribute}= on <{self.tag}>"


# A plugin that parses the page as a document (the lightbox) hands it on wrapped in these;
# the sanitiser takes the wrappers off, which is no loss.
_DOCUMENT_TAGS = {"html", "head", "body"}


class _Inventory:
    """Counts elements and (tag, attribute, value) triples of a page, as a browser parses it."""

    def __init__(self) -> None:
        self.tags: Counter[str] = Counter()
        self.attributes: Counter[tuple[str, str, str]] = Counter()

    def add(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DOCUMENT_TAGS:
            return
        self.tags[tag] += 1
        for name, value in attrs:
            value = " ".join((value or "").split())
            if name == "style":  # the sanitiser writes 'text-align: left;' as 'text-align:left'
                value = canonical_style(value)
            elif name == "title":  # kept, as text (_shown_as_text)
                value = _shown_as_text(value)
            elif name in ("id", "name"):  # kept, in the author namespace (author_id)
                value = value.removeprefix(AUTHOR_ID_PREFIX)
            self.attributes[(tag, name, value)] += 1

    def unsigned(self, signature: Signature) -> _Inventory:
        """The page as if its signed attributes had their own names: what counting the unsigned
        page would give, without parsing it again."""
        plain = {signature.name(attribute): attribute for attribute in SIGNED}
        copy = _Inventory()
        copy.tags = Counter(self.tags)
        for (tag, name, value), count in self.attributes.items():
            name = plain.get(name, name)
            if name in ("id", "name"):
                value = value.removeprefix(AUTHOR_ID_PREFIX)
            copy.attributes[(tag, name, value)] += count
        return copy


def _inventory(html: str) -> _Inventory:
    """The page's elements as an HTML5 parser sees them (lexbor, through selectolax): the same
    way nh3's html5ever and the reader's browser do, so that markup written to confuse another
    parser (a comment closed by '--!>' around an <img onerror>) is counted where it really is."""
    inventory = _Inventory()
    root = LexborHTMLParser(html).root
    if root is not None:
        for node in root.traverse(include_text=False):
            if node.tag and not node.tag.startswith(("-", "_")):
                inventory.add(node.tag, list(node.attributes.items()))
    return inventory


def removals(before: str, after: str) -> list[Removal]:
    """What ``clean`` took out of ``before`` to make ``after``: whole elements, then attributes
    of elements that stayed."""
    return _removals(_inventory(before), _inventory(after))


def _removals(old: _Inventory, new: _Inventory) -> list[Removal]:
    found = [Removal(tag, count=count) for tag, count in (old.tags - new.tags).items()]
    gone = {removal.tag for removal in found}
    for (tag, attribute, value), count in (old.attributes - new.attributes).items():
        if tag not in gone or new.tags[tag]:
            found.append(Removal(tag, attribute, value, count))
    return found


@dataclass(frozen=True)
class Cleaned:
    html: str
    removed: list[Removal]


def sanitize(html: str) -> Cleaned:
    cleaned = clean(html)
    return Cleaned(cleaned, removals(html, cleaned))


@functools.cache
def _version() -> bytes:
    """What a sanitised page is valid for: the package's source and its libraries' versions."""
    return package_version().encode()


def sanitize_cached(html: str, cache: ContentCache) -> Cleaned:
    """``sanitize``, from ``cache`` (a ``ContentCache``) when the same HTML was sanitised before:
    a warm build's pages are the same as the last build's."""
    key = hashlib.sha256(_version() + html.encode("utf-8", "surrogatepass")).hexdigest()
    hit = cache.read("pages", key, ".pickle", lambda data: data[:1] == b"\x80")
    if hit is not None:
        try:
            found = pickle.loads(hit.data)
            if isinstance(found, Cleaned):
                return found
        except Exception:  # a damaged entry: sanitise again and store a good one
            pass
    cleaned = sanitize(html)
    cache.write("pages", key, ".pickle", pickle.dumps(cleaned, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
    return cleaned


_WRITTEN_TAG = re.compile(r"<([a-z][a-z0-9-]*)")


class _SourceTags(HTMLParser):
    """Where each start tag of an author's source stands: lines by tag, by tag and attribute,
    and by tag, attribute and value (normalised as ``_Inventory`` normalises them). One pass
    over the source, so that finding the lines of any number of removals costs one lookup each."""

    def __init__(self, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.by_tag: defaultdict[str, list[int]] = defaultdict(list)
        self.by_attribute: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
        self.by_value: defaultdict[tuple[str, str, str], list[int]] = defaultdict(list)
        self.text: list[str] = []  # the source's lines, from ``first_line`` on
        self.written: defaultdict[str, list[int]] = defaultdict(list)  # lines where '<tag' is written

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0] + self.first_line - 1
        self.by_tag[tag].append(line)
        inventory = _Inventory()
        inventory.add(tag, attrs)
        for attribute_tag, name, value in inventory.attributes:
            self.by_attribute[(attribute_tag, name)].append(line)
            self.by_value[(attribute_tag, name, value)].append(line)

    handle_startendtag = handle_starttag


@dataclass(frozen=True)
class SourceIndex:
    """The start tags of a source by what they hold, with their file lines."""

    tags: _SourceTags

    @classmethod
    def of(cls, source: str | None) -> SourceIndex:
        body, first_line = "", 1
        if source is not None:
            try:  # front matter is never HTML: its text lands escaped
                split = split_front_matter(source)
                body, first_line = split.body, split.body_line
            except FrontMatterError:
                body = source
        tags = _SourceTags(first_line)
        tags.feed(body)
        tags.close()
        tags.text = body.splitlines()
        for number, line in enumerate(tags.text):
            for tag in set(_WRITTEN_TAG.findall(line.lower())):
                tags.written[tag].append(number + first_line)
        return cls(tags)

    def lines(self, removal: Removal) -> list[int | None]:
        """Up to ``removal.count`` file lines that hold what was removed (None where the source
        does not show it, e.g. HTML the page's template made)."""
        tags = self.tags
        if removal.attribute is None:
            found = tags.by_tag.get(removal.tag, [])
        else:
            found = tags.by_value.get((removal.tag, removal.attribute, removal.value)) or tags.by_attribute.get(
                (removal.tag, removal.attribute), []
            )
        if not found:
            found = self._written(removal)
        return list(found[: removal.count]) or [None]

    def _written(self, removal: Removal) -> list[int]:
        """Lines where the tag is written, for markup that Python's parser reads otherwise than a
        browser (a tag inside what it takes for a comment): '<tag', and the attribute's name."""
        lines = self.tags.written.get(removal.tag, [])
        if removal.attribute is None:
            return lines
        wanted = f"{removal.attribute}="
        return [number for number in lines if wanted in self.tags.text[number - self.tags.first_line].lower()]


# A page with thousands of removals says so without printing thousands of lines.
MAX_REPORTED = 100


def diagnostics(path: Path, source: str | None, removed: list[Removal]) -> list[Diagnostic]:
    """One diagnostic per removal and source line: a warning for what could run script, load
    from elsewhere or cover the page; information for what only changes how the page looks
    (``presentation_only``: GitHub drops it too). At most ``MAX_REPORTED`` of each, then a count."""
    index = SourceIndex.of(source)
    warnings: list[Diagnostic] = []
    notes: list[Diagnostic] = []
    for removal in sorted(removed, key=lambda r: (r.tag, r.attribute or "", r.value)):
        presentation = presentation_only(removal)
        found = notes if presentation else warnings
        for line in index.lines(removal):
            if presentation and removal.attribute == "class":
                message = (
                    f'class="{shown(removal.value, 60)}" on <{removal.tag}> dropped, as GitHub drops it: '
                    "the page's scripts and styles act on classes, so an author's are not kept"
                )
            elif presentation:
                message = (
                    f'style="{shown(removal.value, 60)}" on <{removal.tag}>: only layout, sizes, spacing, '
                    "alignment and colours are kept (GitHub drops inline styles altogether)"
                )
            else:
                message = (
                    f"raw HTML {removal.describe()} removed: the site publishes only what its "
                    "HTML allowlist holds (no script, event handlers, frames, forms or "
                    "page-covering styles); the rest of the page is kept"
                )
            found.append(
                Diagnostic(
                    path,
                    line,
                    Level.INFO if presentation else Level.WARNING,
                    message,
                    PRESENTATION_RULE if presentation else RULE,
                )
            )
    return _bounded(path, warnings, RULE) + _bounded(path, notes, PRESENTATION_RULE)


def _bounded(path: Path, found: list[Diagnostic], rule: str) -> list[Diagnostic]:
    if len(found) <= MAX_REPORTED:
        return found
    rest = len(found) - MAX_REPORTED
    first = found[0]
    return [
        *found[:MAX_REPORTED],
        Diagnostic(
            path,
            found[MAX_REPORTED].line,
            first.level,
            f"and {rest} more removals like these (at most {MAX_REPORTED} are listed one by one)",
            rule,
        ),
    ]
