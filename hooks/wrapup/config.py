"""The site's settings in ``mkdocs.yml`` (``extra.wrapup``), validated by MkDocs' config machinery.

MkDocs gives hooks no options of their own and rejects unknown top-level names, so the
settings sit under ``extra.wrapup``, and ``WrapupConfig`` (a ``Config`` subclass, as Material's
plugins declare theirs) validates them. A wrong type or an unknown name is a
``ConfigurationError`` naming the option and what it expected, as MkDocs reports its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import ConfigurationError

from wrapup.settings import Limits, Settings

# GitHub's rules for owner and repository names.
_REPOSITORY = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")
_GITHUB_REPO_URL = re.compile(r"https?://github\.com/(?P<repository>[^/#?]+/[^/#?]+?)(?:\.git)?/?$")


class Repository(c.Type[str]):
    """A GitHub repository as ``owner/name``."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value)
        if not _REPOSITORY.fullmatch(text):
            raise base.ValidationError(f"Expected a GitHub repository as 'owner/name', got {text!r}")
        return text


class Positive(c.Type[int]):
    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if isinstance(number, bool) or number <= 0:
            raise base.ValidationError(f"Expected a positive whole number, got {number!r}")
        return number


class LimitsConfig(base.Config):
    markdown_bytes = Positive(Limits.markdown_bytes)
    diagram_bytes = Positive(Limits.diagram_bytes)
    image_bytes = Positive(Limits.image_bytes)
    render_seconds = Positive(int(Limits.render_seconds))
    image_widths = c.ListOfItems(Positive(1), default=list(Limits.image_widths))


class TextsConfig(base.Config):
    home_title = c.Optional(c.Type(str))  # default: site_name
    new_event_title = c.Type(str, default=Settings.new_event_title)


class WrapupConfig(base.Config):
    original_repository = c.Optional(Repository())  # default: repo_url, when it is a GitHub repository
    tracking_repository = c.Optional(Repository())  # default: the original repository
    explore = c.Type(bool, default=True)
    dark_diagrams = c.Type(bool, default=Settings.dark_diagrams)
    limits = c.SubConfig(LimitsConfig)
    texts = c.SubConfig(TextsConfig)


def settings_from(site: Mapping[str, Any]) -> Settings:
    """The ``Settings`` of a site's configuration (``mkdocs.yml`` as a mapping, or MkDocs' own
    config): ``extra.wrapup`` validated, and defaults taken from the site's own names."""
    extra = site.get("extra") or {}
    raw = extra.get("wrapup", {}) if isinstance(extra, Mapping) else {}
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise ConfigurationError(
            f"Config value 'extra.wrapup': Expected a mapping of settings, got {type(raw).__name__}"
        )
    config = WrapupConfig()
    config.load_dict(dict(raw))
    failed, warnings = config.validate()
    # An unknown name is a mistake here (a typo would silently keep a default): an error, not a warning.
    problems = [*failed, *warnings]
    if problems:
        raise ConfigurationError(
            "\n".join(f"Config value 'extra.wrapup.{key}': {message}" for key, message in problems)
        )
    limits = config.limits
    return Settings(
        original_repository=config.original_repository or _repository_of(site.get("repo_url")),
        tracking_repository=config.tracking_repository,
        explore=config.explore,
        dark_diagrams=config.dark_diagrams,
        home_title=config.texts.home_title or str(site.get("site_name") or Settings.home_title),
        new_event_title=config.texts.new_event_title,
        limits=Limits(
            markdown_bytes=limits.markdown_bytes,
            diagram_bytes=limits.diagram_bytes,
            image_bytes=limits.image_bytes,
            render_seconds=float(limits.render_seconds),
            image_widths=tuple(sorted(set(limits.image_widths))),
        ),
    )


def _repository_of(repo_url: object) -> str | None:
    """``owner/name`` of a GitHub ``repo_url``; None for any other address."""
    if not isinstance(repo_url, str) or (match := _GITHUB_REPO_URL.match(repo_url)) is None:
        return None
    return match["repository"]
