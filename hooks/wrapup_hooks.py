"""MkDocs hooks: adapt MkDocs' build events to the ``wrapup`` package.

Nothing here decides what the site contains; it only routes events:

- ``on_startup``    notes whether this is a clean ``mkdocs build`` (whose output is staged, ``wrapup.output.staging``);
- ``on_config``     makes this build's state (``WrapupHooks``: no state outlives a build)
                    and points a staged build at its staging folder beside ``site/``;
- ``on_env``        lets the theme's environment keep compiled templates in the content cache;
- ``on_pre_build``  reads every event folder, before MkDocs cleans ``site/``, so that bad
                    content stops the build with ``site/`` untouched;
- ``on_files``      moves event files to their clean URLs; adds the home page, the stylesheet,
                    the feed, rendered diagrams and image derivatives; sets the navigation;
- ``on_page_markdown`` lays an event README out as topic cards (``wrapup.pages.event_page``);
- ``on_page_content`` sanitises each page's HTML and, unless another plugin reads pages in
                    ``on_env``, parks it on disk until ``on_page_context`` (``wrapup.output.page_store``);
- ``on_post_page``  releases a written page's HTML;
- ``on_post_build`` writes ``topics.json`` and the redirects from the original repository's paths,
                    then swaps the staged site in, unless ``--strict`` is about to fail the build;
- ``on_build_error`` discards the staged site: the previous ``site/`` stays as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, meta
from mkdocs.utils.templates import TemplateContext

from wrapup.cache import ContentCache
from wrapup.config import settings_from
from wrapup.diagnostics import ContentError, Level
from wrapup.media.social_cards import CardText, card
from wrapup.model import addresses, containment, publish
from wrapup.model.events import README, Catalogue, load_catalogue, markdown_paths
from wrapup.model.frontmatter import body_of
from wrapup.model.history import last_changed
from wrapup.model.link_targets import link_diagnostics
from wrapup.model.parser import TokenStore
from wrapup.model.threads import Explored, explore
from wrapup.output import page_cache, staging
from wrapup.output.page_store import PageStore
from wrapup.pages import site_map, templates
from wrapup.pages.event_page import event_layout
from wrapup.pages.export import topics_document, write_json
from wrapup.pages.extension import DiagramImage, ResponsiveImage, WrapupExtension
from wrapup.pages.feed import atom_feed
from wrapup.pages.home import HomePage, format_dates, render_home
from wrapup.pages.layout import LayoutError
from wrapup.pages.overview import (
    NUMBERS_SOURCE,
    REPOSITORIES_SOURCE,
    TABLE_MARKER,
    TOPICS_SOURCE,
    OverviewTables,
    all_topics_page,
    numbers_page,
    repositories_in_nav,
    repository_pages,
)
from wrapup.pages.sanitize import diagnostics as removal_diagnostics
from wrapup.pages.sanitize import sanitize_cached
from wrapup.pages.trial import MarkdownSettings, convert_all
from wrapup.settings import Settings

log = get_plugin_logger("wrapup")
# Problems of this machine, not of the content (a cache folder that cannot be written): shown
# as warnings, but outside MkDocs' logger, whose count `--strict` turns into a failed build.
machine_log = logging.getLogger("wrapup.machine")
if not machine_log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("WARNING -  wrapup: %(message)s"))
    machine_log.addHandler(_handler)
    machine_log.propagate = False

STYLESHEET = "assets/stylesheets/wrapup.css"
SCRIPT = "assets/javascripts/wrapup.js"
TOPICS_JSON = "topics.json"
FEED = "feed.xml"
CARD = "wrapup-card.png"  # each event's social preview image, beside its page
# Templates and styles ship with the hooks (not with a site's docs), so any mkdocs.yml that
# uses these hooks, such as the small test sites, gets the same home page and styles.
ASSETS = Path(__file__).resolve().parent.parent / "assets"


@dataclass
class BuildState:
    project_root: Path
    settings: Settings  # extra.wrapup of mkdocs.yml, validated (wrapup.config)
    today: dt.date
    markdown_extension: WrapupExtension
    cache: ContentCache
    read_catalogue: Catalogue | None = None  # set by on_pre_build
    redirects: dict[str, str] = field(default_factory=dict)
    updated: dict[str, dt.datetime] = field(default_factory=dict)  # event folder -> wrap-up last changed
    spool: PageStore | None = None  # this build's converted pages, until each is written
    read_explored: Explored | None = None  # statuses, threads, repositories across events
    tables: OverviewTables | None = None  # the overview pages' topic tables, made as each page is converted
    staged: staging.StagedOutput | None = None  # None: MkDocs writes into site_dir itself
    # Whether converted pages wait on disk (wrapup.output.page_store) rather than in page.content:
    # only when no other plugin reads page.content in on_env, which MkDocs' contract allows.
    store_pages: bool = True
    # The HTML fragments (tables, charts, redirects), a site's own from its custom_dir first.
    fragments: templates.Fragments = field(default_factory=templates.Fragments)
    home: HomePage | None = None  # the home page's text and frame, made in on_files
    conversions: page_cache.Conversions | None = None  # converted pages by content, made at the first page
    tokens: TokenStore = field(default_factory=TokenStore)  # every document's tokens, from its one parse

    @property
    def catalogue(self) -> Catalogue:
        if self.read_catalogue is None:
            raise PluginError("wrapup: hooks called before the event folders were read (on_pre_build)")
        return self.read_catalogue

    @property
    def explored(self) -> Explored:
        if self.read_explored is None:
            raise PluginError("wrapup: hooks called before the event folders were read (on_pre_build)")
        return self.read_explored


def _other_env_handlers(config: MkDocsConfig, own: object) -> list[str]:
    """The plugins other than these hooks that handle on_env, where MkDocs lets a plugin read and
    change every page's HTML (mkdocs-autorefs fixes references there, Material's tags fills its
    listings): for them each page's content must be in ``page.content`` until it is written."""
    return [_plugin_name(handler) for handler in config.plugins.events["env"] if handler != own]


def _plugin_name(handler: object) -> str:
    owner = getattr(handler, "__self__", None)  # a plugin's bound method, or a hooks module's function
    return type(owner).__name__ if owner is not None else str(getattr(handler, "__module__", handler))


def _add_explore_pages(files: Files, config: MkDocsConfig, state: BuildState) -> dict[str, str]:
    """All topics, By the numbers and a page per repository; the repository pages by source."""
    template_dir = ASSETS / "templates"
    catalogue, explored = state.catalogue, state.explored
    files.append(File.generated(config, TOPICS_SOURCE, content=all_topics_page(template_dir, catalogue, explored)))
    numbers = numbers_page(template_dir, catalogue, explored, state.fragments)
    files.append(File.generated(config, NUMBERS_SOURCE, content=numbers))
    state.tables = OverviewTables(catalogue, explored, config.use_directory_urls, state.fragments)
    repositories = repository_pages(template_dir, catalogue, explored)
    for source, markdown in repositories.items():
        files.append(File.generated(config, source, content=markdown))
    return repositories


def _source_path(file: File) -> Path:
    """The file's own path: every file of the content has one (a generated file may not)."""
    if file.abs_src_path is None:
        raise PluginError(f"wrapup: {file.src_uri} has no source file")
    return Path(file.abs_src_path)


def _place(file: File, config: MkDocsConfig) -> File:
    """Move a file of an event folder to its clean-URL destination (``addresses.destination``)."""
    folder, _, rest = file.src_uri.partition("/")
    file.dest_uri = addresses.destination(folder, rest)
    file.url = addresses.page_url(file.dest_uri, config.use_directory_urls)
    file.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, file.dest_uri))
    return file


class CachedFile(File):
    """A file the build made into the content cache, linked into the site rather than copied
    (``ContentCache.link_entry``: readable by everyone); copied as MkDocs copies it where
    a link cannot be made."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        assert self.abs_src_path is not None and self.abs_dest_path is not None
        destination = Path(self.abs_dest_path)
        destination.parent.mkdir(parents=True, exist_ok=True)
        if not ContentCache.link_entry(Path(self.abs_src_path), destination):
            super().copy_file(dirty)


def _generated_file(config: MkDocsConfig, src_uri: str, content: str | bytes, state: BuildState) -> File:
    """A file made by the build (a cache path or bytes); in an event folder, at its clean-URL destination."""
    generated = (
        CachedFile.generated(config, src_uri, abs_src_path=content)
        if isinstance(content, str)
        else File.generated(config, src_uri, content=content)
    )
    return _place(generated, config) if state.catalogue.event_for(src_uri) is not None else generated


def _add_images(files: Files, rasters: list[File], config: MkDocsConfig, state: BuildState) -> None:
    """Every raster image of the content, re-encoded without metadata: responsive derivatives
    (widths x WebP and the original format) and, at the image's own address, the largest of
    them. From the cache when the same bytes were processed before."""
    if not rasters:
        return
    # Imported here: a site without images (or a test site) does not load the imaging code.
    from wrapup.media.images import process_all

    for raster in rasters:
        if (
            oversized := publish.oversized_image_diagnostic(_source_path(raster), state.settings.limits.image_bytes)
        ) is not None:
            log.warning(oversized.format(state.project_root))
    report = process_all(
        {f.src_uri: _source_path(f) for f in rasters},
        state.cache,
        workers=os.cpu_count() or 1,
        limits=state.settings.limits,
    )
    for src_uri, reason in sorted(report.problems.items()):
        log.warning(
            publish.unpublished_image_diagnostic(Path(config.docs_dir) / src_uri, reason).format(state.project_root)
        )
        state.markdown_extension.unpublished.add(src_uri)
    responsive = {}
    for src_uri, made in report.outputs.items():
        stem = src_uri.rsplit(".", 1)[0]
        sources: dict[str, list[tuple[str, str, int]]] = {}
        for variant in made.processed.variants:
            derived = _generated_file(config, f"{stem}.{variant.name}", made.files[variant.name], state)
            files.append(derived)
            sources.setdefault(variant.mime, []).append((derived.src_uri, derived.url, variant.width))
        largest = made.processed.of_type(made.processed.fallback_mime)[-1]
        files.append(_generated_file(config, src_uri, made.files[largest.name], state))
        responsive[src_uri] = ResponsiveImage(
            made.processed.width, made.processed.height, made.processed.fallback_mime, sources
        )
    state.markdown_extension.images = responsive
    log.info(report.summary)


def _add_cards(files: Files, config: MkDocsConfig, state: BuildState) -> None:
    """An Open Graph image per event, unless the event folder has a file of that name itself."""
    for event in state.catalogue.events:
        src_uri = f"{event.folder}/{CARD}"
        if files.get_file_from_path(src_uri) is None:
            text = CardText(
                config.site_name,
                event.meta.title,
                format_dates(event.meta.start, event.meta.end),
                event.meta.place.name,
            )
            files.append(_generated_file(config, src_uri, card(text, state.cache), state))


def _add_diagrams(files: Files, drawings: list[File], config: MkDocsConfig, state: BuildState) -> None:
    """Render every SVG of the content (draw.io exports and others) to PNG (cached), with a dark
    variant unless the site turned them off, and add the PNGs to the site; the SVGs themselves
    are not published."""
    if not drawings:
        return
    # Imported here: the SVG and font code is needed only where there are diagrams.
    from wrapup.media.diagrams import render_all
    from wrapup.media.drawio_labels import missing_fonts

    report = render_all(
        {f.src_uri: _source_path(f) for f in drawings},
        state.cache,
        workers=os.cpu_count() or 1,
        limits=state.settings.limits,
        dark=state.settings.dark_diagrams,
    )
    originals = {}
    for src_uri, reason in sorted(report.errors.items()):
        log.warning(
            publish.unpublished_diagram_diagnostic(
                Path(config.docs_dir) / src_uri, reason, src_uri in report.originals
            ).format(state.project_root)
        )
        state.markdown_extension.unpublished.add(src_uri)
        if src_uri in report.originals:
            # Readers can still open the drawing in their browser: an inert copy, never the file.
            originals[src_uri] = publish.sanitised_name(src_uri)
            files.append(_generated_file(config, originals[src_uri], report.originals[src_uri], state))
    state.markdown_extension.originals = originals
    for src_uri, drawn in sorted(report.outputs.items()):
        for note in drawn.notes:
            if note.warning:  # a loss the contributor can fix: --strict fails
                log.warning(
                    publish.diagram_note_diagnostic(Path(config.docs_dir) / src_uri, note.message).format(
                        state.project_root
                    )
                )
            else:
                log.info(f"{Path(config.docs_dir, src_uri).relative_to(state.project_root)}: {note.message}")
    diagrams = {}
    for src_uri, drawn in report.outputs.items():
        png_uri = src_uri[: -len(".svg")] + ".png"
        files.append(_generated_file(config, png_uri, drawn.file, state))
        dark_uri = None
        if (dark := drawn.dark_file) is not None:
            dark_uri = publish.dark_name(src_uri)
            files.append(_generated_file(config, dark_uri, dark, state))
        diagrams[src_uri] = DiagramImage(png_uri, drawn.width, drawn.height, dark_uri)
    state.markdown_extension.diagrams = diagrams
    log.info(report.summary)
    if report.rendered and (missing := missing_fonts()):
        # Not a warning: a machine's fonts are not a content mistake, and --strict must not fail.
        log.info(
            f"diagram labels need {', '.join(missing)} (Debian: fonts-liberation); without them "
            "labels are drawn in a wider font and may wrap differently from draw.io"
        )


def _convert_once(page: Page, config: MkDocsConfig, files: Files, state: BuildState) -> None:
    """MkDocs' conversion of ``page`` from the page cache when nothing it depends on changed
    (``wrapup.output.page_cache``)."""
    extension = state.markdown_extension
    if state.conversions is None:
        state.conversions = page_cache.Conversions(_page_cache(page, config, files, state))
    state.conversions.wrap(page, extension.page_state, lambda: extension.author_removed)
    render = page.render

    def render_reporting(config: MkDocsConfig, files: Files) -> None:
        # A site's own frame template (custom_dir) that is not well-formed: one error naming it,
        # as MkDocs reports its configuration errors, not a traceback.
        try:
            render(config, files)
        except LayoutError as exc:
            raise PluginError(f"wrapup: {page.file.src_uri}: {exc}") from None

    page.render = render_reporting  # type: ignore[method-assign]


def _page_cache(page: Page, config: MkDocsConfig, files: Files, state: BuildState) -> page_cache.PageCache | None:
    if not_cacheable := page_cache.uncacheable(config.markdown_extensions):
        log.info(f"pages are converted on every build: {', '.join(not_cacheable)} may record what it converts")
        return None
    known = [(file.src_uri, file.url) for file in files]
    # What else a conversion depends on: the engine, how links are validated and resolved, and
    # whether MkDocs collects links to anchors (it does below --verbose).
    engine = page_cache.engine_of(page)
    settings = (
        engine,
        config.use_directory_urls,
        repr(config.validation),
        logging.getLogger(engine).getEffectiveLevel(),
    )
    extension_state = state.markdown_extension.site_state()
    site = page_cache.site_key(known, config.markdown_extensions, dict(config.mdx_configs), extension_state, settings)
    return page_cache.PageCache(state.cache, site)


def _author_markdown(page: Page, markdown: str, is_wrapup: bool) -> str:
    """A content page's Markdown: the body as the model read it (``frontmatter.body_of``), whose
    tokens the trial stored, so that it is not parsed again; its metadata, what the theme may see."""
    if page.meta and not meta.YAML_RE.match(page.file.content_string):
        # MkDocs also reads MultiMarkdown-style lines ("Title: …", "Template: …") at the top of a
        # file as metadata. They would bypass the front matter's schema (a description in the
        # head's <meta>, a template name outside the theme); GitHub shows them as text, and so
        # does the site: the lines stay in the page and the page has no metadata.
        page.meta = {}
    if not is_wrapup:
        # A further document may set its title and nothing else (its schema, checked by the
        # model): whatever else MkDocs read never reaches the theme.
        page.meta = {key: value for key, value in page.meta.items() if key == "title"}
    return _author_body(page, markdown)


def _author_body(page: Page, markdown: str) -> str:
    """The page's Markdown as the model read it (``frontmatter.body_of``); MkDocs' own when the
    file cannot be read again (the model has reported it)."""
    source = _page_source(page)
    return body_of(source) if source is not None else markdown


def _page_source(page: Page) -> str | None:
    """The author's file a page was made from (to point at lines), None for generated pages."""
    if page.file.generated_by is not None or not page.file.abs_src_path:
        return None
    try:
        return _source_path(page.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _warnings_counted() -> bool:
    """Whether the engine's strict-mode counter has seen a warning or an error in this build: MkDocs
    hangs it on the "mkdocs" logger, ProperDocs on "properdocs"."""
    return any(
        isinstance(handler, CountHandler) and handler.get_counts()
        for engine in ("mkdocs", "properdocs")
        for handler in logging.getLogger(engine).handlers
    )


class WrapupHooks:
    """The hooks' state and handlers. MkDocs loads this file afresh with each configuration (every
    build, every rebuild of ``mkdocs serve``), and ``on_config`` makes a new ``BuildState``; nothing
    of one build reaches the next but the content cache, which is keyed by content."""

    def __init__(self) -> None:
        self.state: BuildState | None = None
        # Set by on_startup for the command line's `mkdocs build` / `gh-deploy` without --dirty;
        # a serve, a dirty build or a build started by other code writes in place, as MkDocs does.
        self.stage_output = False

    def current(self) -> BuildState:
        if self.state is None or self.state.read_catalogue is None:
            raise PluginError("wrapup: hooks called before the event folders were read (on_pre_build)")
        return self.state

    def on_startup(self, command: str, dirty: bool) -> None:
        self.stage_output = command in ("build", "gh-deploy") and not dirty

    @event_priority(100)  # first, so that every plugin sees the staging folder as site_dir
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.close_spool()  # a previous build of `mkdocs serve` that stopped half-way
        project_root = Path(config.config_file_path).resolve().parent
        settings = settings_from(config)  # a wrong setting stops here, as MkDocs' own config errors do
        self.state = BuildState(
            project_root=project_root,
            settings=settings,
            today=dt.date.today(),
            markdown_extension=WrapupExtension(),
            # Keyed by content, so it may outlive rebuilds and builds; resolved against mkdocs.yml.
            cache=ContentCache(project_root / ".cache" / "wrapup", machine_log.warning, shown_as=".cache/wrapup"),
        )
        self.state.tokens = TokenStore(self.state.cache)
        self.state.markdown_extension.tokenise = self.state.tokens.tokens
        # MkDocs takes extension instances too, though its config is typed as names.
        config.markdown_extensions.append(self.state.markdown_extension)  # type: ignore[arg-type]
        readers = _other_env_handlers(config, self.on_env)
        if readers:
            self.state.store_pages = False
            log.info(f"pages stay in memory until written: {', '.join(readers)} post-process pages in on_env")
        templates.environment(ASSETS / "templates").bytecode_cache = templates.TemplateCache(self.state.cache)
        custom_dir = config.theme.custom_dir
        self.state.fragments = templates.Fragments(Path(custom_dir) if custom_dir else None, ASSETS / "templates")
        if self.stage_output:
            self.state.staged = staging.stage(Path(config.site_dir))
            config.site_dir = str(self.state.staged.staging_dir)
        return config

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        assert self.state is not None
        env.bytecode_cache = templates.TemplateCache(self.state.cache)
        return env

    def on_pre_build(self, config: MkDocsConfig) -> None:
        assert self.state is not None
        # Every Markdown file converts within limits in a worker before anything here parses it
        # (wrapup.pages.trial), with the site's own extensions.
        settings = MarkdownSettings.of(config.markdown_extensions, config.mdx_configs)
        root = Path(config.docs_dir)
        paths = markdown_paths(root, self.state.settings.limits)
        state = self.state
        conversions = convert_all(paths, settings, state.cache, workers=os.cpu_count() or 1, tokens=state.tokens)
        catalogue = load_catalogue(root, state.cache, conversions, state.settings, state.tokens.tokens)
        for diagnostic in catalogue.diagnostics:
            if diagnostic.level is Level.WARNING:
                log.warning(diagnostic.format(self.state.project_root))
        for diagnostic in catalogue.accepted:
            log.info(f"accepted by the event's lint.accept: {diagnostic.format(self.state.project_root)}")
        if catalogue.errors:
            # One message with every error, each as path:line; MkDocs prints it without a traceback.
            raise PluginError(str(ContentError(catalogue.errors, self.state.project_root)))
        self.state.read_catalogue = catalogue
        # Relative links and their anchors, with their lines (MkDocs' own check has none; mkdocs.yml
        # leaves it at info).
        for diagnostic in link_diagnostics(catalogue):
            log.warning(diagnostic.format(self.state.project_root))
        self.state.read_explored = explored = explore(catalogue.events, catalogue.crosslinks, self.state.settings)
        for diagnostic in explored.diagnostics:
            log.warning(diagnostic.format(self.state.project_root))
        for thread in explored.threads:
            for join in thread.joins:  # `mkdocs build --verbose` explains every thread
                log.debug(f"thread: {join.earlier} + {join.later} [{join.rule}] {join.reason}")
        log.info(f"{len(explored.threads)} threads across events")
        self.state.redirects = site_map.redirects(catalogue)
        self.state.markdown_extension.targets = catalogue.crosslinks.targets
        changed = last_changed([event.readme for event in catalogue.events], Path(config.docs_dir))
        self.state.updated = {event.folder: changed[event.readme] for event in catalogue.events}

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        state = self.current()
        catalogue = state.catalogue
        docs_dir = Path(config.docs_dir)
        rasters: list[File] = []
        drawings: list[File] = []
        for file in list(files):
            if file.generated_by is not None or file.src_dir != config.docs_dir:
                continue  # generated, or the theme's own files
            if not containment.within(_source_path(file), docs_dir):
                # A symbolic link out of hackathons/ (reported when the folders were read): never copied.
                files.remove(file)
                continue
            # Only what cannot run script is published (wrapup.model.publish): pages, re-encoded rasters,
            # SVG drawn to PNG. The author's own bytes of an image or a drawing never are.
            kind = publish.kind_of(file.src_uri)
            if kind is publish.Kind.REFUSED:
                log.warning(publish.refusal_diagnostic(_source_path(file)).format(state.project_root))
                files.remove(file)
                continue
            if file.src_uri == site_map.HOME_SOURCE:
                files.remove(file)  # the home page's text: the page itself is made below, with the table
                continue
            if kind is not publish.Kind.PAGE:
                files.remove(file)
                (rasters if kind is publish.Kind.RASTER else drawings).append(file)
            elif catalogue.event_for(file.src_uri) is not None:
                _place(file, config)

        state.markdown_extension.unpublished = set()
        state.markdown_extension.originals = {}
        _add_diagrams(files, drawings, config, state)
        _add_images(files, rasters, config, state)
        _add_cards(files, config, state)
        state.home = render_home(
            state.fragments, catalogue.events, state.today, catalogue.home_text, state.settings, state.tokens.tokens
        )
        files.append(File.generated(config, site_map.HOME_SOURCE, content=state.home.markdown))
        files.append(File.generated(config, STYLESHEET, abs_src_path=str(ASSETS / "stylesheets" / "wrapup.css")))
        files.append(File.generated(config, SCRIPT, abs_src_path=str(ASSETS / "javascripts" / "wrapup.js")))
        repositories = _add_explore_pages(files, config, state) if state.settings.explore else {}
        feed = atom_feed(catalogue.events, state.updated, config.site_url or "/", config.site_name, state.fragments)
        files.append(File.generated(config, FEED, content=feed))
        in_nav = repositories_in_nav(state.explored) if state.settings.explore else []
        for source in set(repositories) - set(in_nav) - {REPOSITORIES_SOURCE}:
            if (page_file := files.get_file_from_path(source)) is not None:
                page_file.inclusion = InclusionLevel.NOT_IN_NAV  # reached from the Repositories page
        config.nav = site_map.navigation(catalogue, in_nav)
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        state = self.current()
        is_home = page.file.src_uri == site_map.HOME_SOURCE
        event = state.catalogue.event_for(page.file.src_uri)
        is_wrapup = event is not None and page.file.src_uri == f"{event.folder}/{README}"
        if page.file.generated_by is None:
            markdown = _author_markdown(page, markdown, is_wrapup)
        elif is_home and state.home is not None:
            page.meta = {"title": state.settings.home_title, "hide": ["navigation"]}
            markdown = state.home.markdown
        # The theme prints a page's title as HTML (the header, <title>, the navigation, the footer,
        # the search index), and MkDocs takes it from the front matter as it is: escape it once here.
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = html.escape(page.meta["title"], quote=True)
        # MkDocs renders each page right after this event: tell the extension which page it is.
        extension = state.markdown_extension
        extension.page_source = page.file.src_uri
        extension.page_url = page.file.url
        # Raw HTML is the author's on every page but those the site makes from escaped text alone;
        # the home page holds the maintainers' own text (hackathons/index.md).
        extension.author_html = page.file.generated_by is None or is_home
        extension.layout = state.home.layout if is_home and state.home is not None else None
        if is_wrapup and event is not None:
            # Open Graph: the card (made in on_files) and a description, for main.html's head.
            page.meta["wrapup_card"] = addresses.url_for(addresses.destination(event.folder, CARD))
            page.meta["wrapup_description"] = (
                f"{format_dates(event.meta.start, event.meta.end)}, {event.meta.place.name}: {len(event.topics)} topics"
            )
            # The page is laid out around the README's own tokens; the file in hackathons/ is not touched.
            extension.layout = event_layout(
                state.fragments,
                event,
                state.catalogue.crosslinks,
                state.updated.get(event.folder),
                state.explored,
                state.catalogue.by_folder,
            )
        _convert_once(page, config, files, state)
        return markdown

    @event_priority(-100)  # last: the HTML is final once every other plugin has changed it
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        state = self.current()
        # Every page's HTML passes the one allowlist sanitiser, after every extension and plugin
        # (attr_list, md_in_html, the lightbox) has had its say; what it removes is a warning at
        # the source line. An overview table goes in afterwards: it is made of escaped text only.
        table = state.tables.html(page.file.src_uri) if state.tables is not None else None
        if table is None:
            cleaned = sanitize_cached(html, state.cache)
            html, removed = cleaned.html, cleaned.removed
        else:
            if TABLE_MARKER not in html:
                raise PluginError(f"{page.file.src_uri}: the page's template lost its table marker {TABLE_MARKER}")
            # The table's place, as text the sanitiser keeps. Derived from the page itself, so that
            # the same page gives the same HTML (and the sanitiser's cache serves it), and no author
            # can write it in advance.
            slot = f"wrapup-table-{hashlib.sha256(html.encode('utf-8', 'surrogatepass')).hexdigest()}"
            cleaned = sanitize_cached(html.replace(TABLE_MARKER, slot, 1), state.cache)
            html, removed = cleaned.html.replace(slot, table, 1), cleaned.removed
        del cleaned, table
        # The author pass's, in the page's conversion (or its cache).
        removed = [*(state.conversions.author_removed if state.conversions else []), *removed]
        if removed:
            source = _page_source(page)
            path = _source_path(page.file) if source is not None else Path(config.docs_dir) / page.file.src_uri
            for diagnostic in removal_diagnostics(path, source, removed):
                (log.info if diagnostic.level is Level.INFO else log.warning)(diagnostic.format(state.project_root))
        if not state.store_pages:
            return html
        if state.spool is None:
            state.spool = PageStore()
        state.spool.park(page.file.src_uri, html)
        # The Markdown is converted and nothing reads it again; an empty string (not None, for
        # which MkDocs gives the page no title) lets it go.
        page.markdown = ""
        return ""

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """The footer's Previous and Next walk through the events in date order (older, newer),
        never into the Explore pages; a page that is not an event's gets none."""
        by_source = {page.file.src_uri: page for page in nav.pages}
        in_date_order = sorted(self.current().catalogue.events, key=lambda e: (e.meta.start, e.folder))
        chronological = [page for event in in_date_order if (page := by_source.get(f"{event.folder}/README.md"))]
        for page in nav.pages:
            page.previous_page = page.next_page = None
        for index, page in enumerate(chronological):
            page.previous_page = chronological[index - 1] if index > 0 else None
            page.next_page = chronological[index + 1] if index + 1 < len(chronological) else None
        return nav

    @event_priority(100)  # first: the other plugins (search) read the page's HTML here
    def on_page_context(
        self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        state = self.current()
        if state.spool is not None and (html := state.spool.take(page.file.src_uri)) is not None:
            page.content = html
        return context

    def on_build_error(self, error: Exception) -> None:
        self.close_spool()
        if self.state is not None and self.state.staged is not None:
            staging.discard(self.state.staged)
            self.state.staged = None

    def close_spool(self) -> None:
        if self.state is not None and self.state.spool is not None:
            self.state.spool.close()
            self.state.spool = None

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        # MkDocs keeps every page's HTML until the build ends, though nothing reads it once the
        # page is written (search has taken its text; anchors are checked from their own sets;
        # titles come from the render). Measured at 100x the seed: peak memory 463 -> 448 MB.
        # (Its Markdown must stay: MkDocs gives a page whose Markdown is gone no title.)
        page.content = None
        return output

    @event_priority(-100)  # last: the search index and other plugins' files are written before the swap
    def on_post_build(self, config: MkDocsConfig) -> None:
        state = self.current()
        site_dir = Path(config.site_dir)
        # Streamed to the file at the end: as a string held through the build, topics.json grew
        # with the whole site in memory (tens of MB at 100x the seed's topics).
        with (site_dir / TOPICS_JSON).open("w", encoding="utf-8") as stream:
            write_json(topics_document(state.catalogue, state.explored), stream)
        for old, target in state.redirects.items():
            path = site_dir / old
            path.parent.mkdir(parents=True, exist_ok=True)
            page = site_map.redirect_page(old, target, config.use_directory_urls, state.fragments)
            path.write_text(page, encoding="utf-8")
        log.info(f"{len(state.catalogue.events)} events, {len(state.redirects)} redirects from the original paths")
        if state.conversions is not None:
            log.info(f"pages: {state.conversions.converted} converted, {state.conversions.cached} from the cache")
        self.close_spool()
        if state.staged is not None and not (config.strict and _warnings_counted()):
            staging.publish(state.staged)
            config.site_dir = str(state.staged.site_dir)  # for what runs after the build (gh-deploy)
            state.staged = None
        # Under --strict with warnings, MkDocs aborts right after this event and on_build_error
        # discards the staged site.


# MkDocs finds hooks as functions of this module: the handlers of one object.
_hooks = WrapupHooks()
on_startup = _hooks.on_startup
on_config = _hooks.on_config
on_env = _hooks.on_env
on_pre_build = _hooks.on_pre_build
on_files = _hooks.on_files
on_page_markdown = _hooks.on_page_markdown
on_page_content = _hooks.on_page_content
on_nav = _hooks.on_nav
on_page_context = _hooks.on_page_context
on_build_error = _hooks.on_build_error
on_post_page = _hooks.on_post_page
on_post_build = _hooks.on_post_build
