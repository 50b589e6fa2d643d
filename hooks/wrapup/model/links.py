"""Links of a topic: what kind each is, and the compact chip it is shown as.

``https://github.com/gardener/gardener/pull/8767`` is the chip ``gardener/gardener#8767`` of
kind *pull*; the full URL stays the link target. Links into the original hackathon
repository (the site's ``original_repository``: ``github.com/<owner>/<name>/blob/main/<event>/…``)
are recognised so the build can point them at this site.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

GITHUB_HOSTS = {"github.com", "www.github.com"}
# GitHub's own rules for names: an owner of at most 39 letters, digits and single hyphens, a
# repository of at most 100 letters, digits, '.', '_' and '-'. A link outside them names no
# repository (and would make a repository page whose file name the disk refuses).
_OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")
_REPOSITORY = re.compile(r"[A-Za-z0-9._-]{1,100}")


def github_name_problem(url: str) -> str | None:
    """Why a github.com link's owner/repository cannot be a repository's, or None."""
    parts = urlsplit(url)
    if (parts.hostname or "").lower() not in GITHUB_HOSTS:
        return None
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if len(segments) < 2:
        return None
    owner, repo = segments[0], segments[1].removesuffix(".git")
    if not _OWNER.fullmatch(owner):
        return f"'{owner[:60]}' cannot be a GitHub owner (at most 39 letters, digits and '-')"
    if not _REPOSITORY.fullmatch(repo) or repo in (".", ".."):
        return f"'{repo[:60]}' cannot be a GitHub repository name (at most 100 letters, digits, '.', '_', '-')"
    return None


KIND_NAMES = {
    "pull": "Pull request",
    "issue": "Issue",
    "repo": "Repository",
    "tree": "Branch",
    "commit": "Commit",
    "file": "File",
    "other": "Link",
}


@dataclass(frozen=True)
class CodeLink:
    """A link found in a topic. ``line`` is the file line; ``label`` the section label it was
    written under ("Issue", "GEP Document"), empty outside labelled code sections."""

    url: str
    kind: str
    chip: str
    owner: str | None = None
    repo: str | None = None
    number: int | None = None
    ref: str | None = None
    label: str = ""
    line: int = 0

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]

    @property
    def repository(self) -> str | None:
        return f"{self.owner}/{self.repo}" if self.owner and self.repo else None


def classify(url: str, *, label: str = "", line: int = 0) -> CodeLink:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host not in GITHUB_HOSTS:
        chip = host.removeprefix("www.") or url
        return CodeLink(url, "other", chip, label=label, line=line)
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if len(segments) < 2 or github_name_problem(url) is not None:
        return CodeLink(url, "other", "github.com", label=label, line=line)
    owner, repo = segments[0], segments[1].removesuffix(".git")
    base = f"{owner}/{repo}"
    rest = segments[2:]

    def link(kind: str, chip: str, number: int | None = None, ref: str | None = None) -> CodeLink:
        return CodeLink(url, kind, chip, owner, repo, number, ref, label, line)

    if len(rest) >= 2 and rest[0] in ("pull", "pulls") and rest[1].isdigit():
        return link("pull", f"{base}#{rest[1]}", number=int(rest[1]))
    if len(rest) >= 2 and rest[0] == "issues" and rest[1].isdigit():
        return link("issue", f"{base}#{rest[1]}", number=int(rest[1]))
    if len(rest) >= 2 and rest[0] == "tree":
        ref = "/".join(rest[1:])
        return link("tree", f"{base}@{ref}", ref=ref)
    if len(rest) >= 2 and rest[0] == "commit":
        return link("commit", f"{base}@{rest[1][:7]}", ref=rest[1])
    if len(rest) >= 3 and rest[0] == "blob":
        return link("file", f"{base}:{rest[-1]}", ref=rest[1])
    return link("repo", base)


@dataclass(frozen=True)
class HackathonTarget:
    """A place in the original hackathon repository: an event folder, a file in it, an anchor."""

    folder: str
    source: str  # path inside the event folder ('README.md' for the folder itself)
    fragment: str


def hackathon_target(url: str, repository: tuple[str, str] | None) -> HackathonTarget | None:
    """Where a link into the original repository points, or None for any other URL.

    ``…/hackathon/tree/main/2023-05_Leverkusen#x`` and
    ``…/hackathon/blob/main/2023-05_Leverkusen/README.md#x`` are both the README of that event.
    """
    if repository is None:
        return None
    parts = urlsplit(url)
    if (parts.hostname or "").lower() not in GITHUB_HOSTS:
        return None
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if (
        tuple(segment.lower() for segment in segments[:2]) != repository
        or len(segments) < 5
        or segments[2] not in ("blob", "tree")
    ):
        return None
    folder, inner = segments[4], "/".join(segments[5:])
    source = posixpath.normpath(inner) if inner else "README.md"
    if segments[2] == "tree" and not source.endswith(".md"):
        source = posixpath.join(source, "README.md") if inner else "README.md"
    return HackathonTarget(folder=folder, source=source, fragment=unquote(parts.fragment))
