"""Check event folders without building the site.

The check runs the build's own rules (event model, front matter schema, topic lint, links
between wrap-ups) and adds what the build learns from MkDocs and from drawing: relative
links and images that do not resolve, images that cannot be processed, draw.io exports that
will not render. A clean check therefore means a clean ``mkdocs build --strict``.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from wrapup.config import settings_from
from wrapup.diagnostics import Diagnostic, Level
from wrapup.model import containment, publish
from wrapup.model.events import Catalogue, load_catalogue, markdown_paths, read_text
from wrapup.model.link_targets import link_diagnostics
from wrapup.model.threads import explore
from wrapup.pages.sanitize import diagnostics as removal_diagnostics
from wrapup.pages.trial import convert_all, site_config, site_settings


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    accepted: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(d.level is Level.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.level is Level.WARNING for d in self.diagnostics)


def _within(path: Path, folders: list[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved == folder or folder in resolved.parents for folder in folders)


def _media(root: Path, catalogue: Catalogue) -> list[Diagnostic]:
    """Every file of the event folders, judged by the build's rule (``wrapup.model.publish``) and
    processed by the build's own time- and memory-boxed workers: refused types, images that
    cannot be re-encoded, drawings that cannot be drawn."""
    from wrapup.cache import ContentCache
    from wrapup.media.diagrams import render_all
    from wrapup.media.images import process_all

    problems = []
    rasters, drawings = {}, {}
    for event in catalogue.events:
        for path in sorted(event.path.rglob("*")):
            inside = path.relative_to(root)
            if any(part.startswith(".") for part in inside.parts) or not path.is_file():
                continue  # MkDocs leaves dot files out of the site
            if not containment.within(path, root):
                continue  # a symbolic link out of hackathons/: reported as symlink-outside
            kind = publish.kind_of(path.name)
            if kind is publish.Kind.REFUSED:
                problems.append(publish.refusal_diagnostic(path))
            elif kind is publish.Kind.SVG:
                drawings[inside.as_posix()] = path
            elif kind is publish.Kind.RASTER:
                if (
                    oversized := publish.oversized_image_diagnostic(path, catalogue.settings.limits.image_bytes)
                ) is not None:
                    problems.append(oversized)
                rasters[inside.as_posix()] = path
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="wrapup-check-") as scratch:
        cache = ContentCache(Path(scratch), lambda message: None)  # outputs are not kept: only the verdict
        if drawings:
            report = render_all(drawings, cache, workers, catalogue.settings.limits)
            for relative, reason in report.errors.items():
                problems.append(
                    publish.unpublished_diagram_diagnostic(root / relative, reason, relative in report.originals)
                )
            for relative, drawn in sorted(report.outputs.items()):
                problems.extend(
                    publish.diagram_note_diagnostic(root / relative, note.message)
                    for note in drawn.notes
                    if note.warning
                )
        if rasters:
            for relative, reason in process_all(rasters, cache, workers, catalogue.settings.limits).problems.items():
                problems.append(publish.unpublished_image_diagnostic(root / relative, reason))
    return problems


def check(root: Path, only: list[Path] | None = None, *, media: bool = True) -> CheckResult:
    """Every problem in the event folders under ``root`` (limited to the paths in ``only``).

    All events are read even when ``only`` names a few, since links between wrap-ups are
    checked against the whole collection."""
    site = site_config(root)  # the mkdocs.yml beside the content: its extensions and its settings
    # The build's own trial: every file converted within limits by the site's engine, sanitised.
    settings = settings_from(site)
    conversions = convert_all(
        markdown_paths(root, settings.limits), site_settings(root, site), workers=os.cpu_count() or 1
    )
    catalogue = load_catalogue(root, conversions=conversions, settings=settings)
    problems = list(catalogue.diagnostics)
    problems.extend(
        explore(catalogue.events, catalogue.crosslinks, catalogue.settings).diagnostics
    )  # self-links, thread overrides
    problems.extend(link_diagnostics(catalogue))  # the build's own rule (wrapup.model.link_targets)
    # What the build's sanitiser will remove from each page, at its source line (wrapup.pages.sanitize).
    for event in catalogue.events:
        for path in [event.readme, *(event.path / document.source for document in event.documents)]:
            if (conversion := conversions.get(path)) is not None and conversion.removed:
                problems.extend(removal_diagnostics(path, read_text(path), list(conversion.removed)))
    if media:
        problems.extend(_media(root, catalogue))
    accepted = list(catalogue.accepted)
    by_folder = {event.folder: event for event in catalogue.events}
    kept = []
    for problem in problems:
        owner = by_folder.get(_event_folder(problem.path, root))
        if owner is not None and problem.code in owner.meta.accepted_lint:
            accepted.append(problem)
        else:
            kept.append(problem)
    if only:
        folders = [path.resolve() for path in only]
        kept = [p for p in kept if _within(p.path, folders)]
        accepted = [p for p in accepted if _within(p.path, folders)]
    kept.sort(key=lambda d: (str(d.path), d.line or 0, d.message))
    return CheckResult(kept, accepted)


def _event_folder(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).parts[0]
    except (ValueError, IndexError):
        return ""
