"""What stays in the box: event folders arrive by pull request from anyone, so nothing they
contain may make the build read, copy or link a file outside ``hackathons/``.

Two ways out are closed here:

- symbolic links whose target lies outside ``hackathons/`` (a file is left out of the site
  with a warning; a folder is an error, because MkDocs follows linked folders when it lists
  the docs and a link to ``/`` would make it walk the whole machine);
- links and images in the Markdown that climb out (``../../../../etc/passwd``), are absolute
  paths (``/etc/passwd``), ``file:`` URLs, or run code (``javascript:``; ``data:`` other than
  an image): each is a warning with its line, and the page shows the link's text without the
  link (an image's alt text without the image).
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from wrapup.diagnostics import Diagnostic, Level, shown


@dataclass(frozen=True)
class Escape:
    path: Path  # the symbolic link, inside the content root
    target: str  # what it points at, as written in the link
    is_folder: bool


def within(path: Path, root: Path) -> bool:
    """Whether ``path``, with every symbolic link followed, lies inside ``root`` (also resolved)."""
    resolved, base = path.resolve(), root.resolve()
    return resolved == base or base in resolved.parents


def escapes(path: Path, root: Path) -> bool:
    return path.is_symlink() and not within(path, root)


def escaping_symlinks(root: Path) -> list[Escape]:
    """Every symbolic link under ``root`` that leads outside it, or to a folder that contains it
    (a loop MkDocs would follow), without following any link while looking."""
    found = []
    base = root.resolve()
    for folder, subfolders, files in os.walk(root, followlinks=False):
        for name in sorted(subfolders + files):
            path = Path(folder) / name
            if not path.is_symlink():
                continue
            resolved = path.resolve()
            is_folder = resolved.is_dir()
            loops = is_folder and (
                resolved == base or resolved in path.parent.resolve().parents or resolved == path.parent.resolve()
            )
            if loops or not (resolved == base or base in resolved.parents):
                found.append(Escape(path, os.readlink(path), is_folder))
    return found


def escape_diagnostics(escapes_found: list[Escape], root: Path) -> list[Diagnostic]:
    problems = []
    for escape in escapes_found:
        if escape.is_folder:
            problems.append(
                Diagnostic(
                    escape.path,
                    None,
                    Level.ERROR,
                    f"is a symbolic link to the folder '{escape.target}', outside {root.name}/ "
                    "or around itself; replace it with the files it should hold",
                    "symlink-outside",
                )
            )
        else:
            problems.append(
                Diagnostic(
                    escape.path,
                    None,
                    Level.WARNING,
                    f"is a symbolic link to '{escape.target}', outside {root.name}/; it is left out of the site",
                    "symlink-outside",
                )
            )
    return problems


FILE_ADDRESS = "a file: address on the reader's own machine"
ABSOLUTE_PATH = "an absolute path"
CLIMBS_OUT = "it climbs out of the content folder"


def refusal(url: str, page_folder: str) -> str | None:
    """Why a link or image on a page in ``page_folder`` (relative to the content root, '/'-separated)
    leaves the box, or None when it stays inside or is a web address."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "file":
        return FILE_ADDRESS
    if scheme in ("javascript", "vbscript"):
        return f"a {scheme}: address runs code in the reader's browser"
    if scheme == "data" and not parts.path.lower().startswith("image/"):
        return "a data: address other than an image"
    if parts.scheme or parts.netloc or not parts.path:
        return None
    if parts.path.startswith("/"):
        return ABSOLUTE_PATH
    target = posixpath.normpath(posixpath.join(page_folder, unquote(parts.path)))
    if target == ".." or target.startswith("../"):
        return CLIMBS_OUT
    return None


def link_diagnostic(path: Path, line: int | None, url: str, is_image: bool, reason: str) -> Diagnostic:
    kind = "image" if is_image else "link"
    instead = "its alt text without the image" if is_image else "its text without the link"
    fix = (
        "; put the file in the event folder and link it relatively, or give a full https:// address"
        if reason in (CLIMBS_OUT, ABSOLUTE_PATH, FILE_ADDRESS)
        else ""
    )
    return Diagnostic(
        path,
        line,
        Level.WARNING,
        f"{kind} '{shown(url)}' is refused ({reason}): the page shows {instead}{fix}",
        "link-outside",
    )
