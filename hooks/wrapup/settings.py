"""What a community sets for its site, as the package's code reads it.

The values come from ``extra.wrapup`` in ``mkdocs.yml``, validated by MkDocs' own config
machinery (``wrapup.config``); this module holds only the typed result, so that the content
model and the media code stay free of MkDocs. The defaults here are the documented ones
(README, "Settings").
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limits:
    """Bounds on what one file of an event folder may cost the build."""

    markdown_bytes: int = 5_000_000  # a Markdown file larger than this is an error
    diagram_bytes: int = 5 * 1024 * 1024  # an SVG larger than this is not drawn
    image_bytes: int = 25 * 1024 * 1024  # a raster image larger than this is a warning (it is still published)
    render_seconds: float = 60.0  # drawing one diagram or processing one image
    image_widths: tuple[int, ...] = (480, 960, 1600)  # the responsive widths of every raster image


@dataclass(frozen=True)
class Settings:
    """A site's settings; ``Settings()`` is a site with every default (and no original repository)."""

    # "owner/name" of the GitHub repository the wrap-ups were first written in: links into it
    # (…/blob/main/<event>/README.md#topic) become links to this site's pages.
    original_repository: str | None = None
    # "owner/name" whose issues are the community's planning and tracking issues: its links are
    # no "repository worked on" of a topic. The original repository unless set.
    tracking_repository: str | None = None
    explore: bool = True  # the Explore pages: All topics, By the numbers, Repositories
    # Each diagram also drawn as draw.io's dark theme draws it, shown in Material's dark scheme.
    dark_diagrams: bool = True
    home_title: str = "Hackathons"  # the home page's title (default: the site_name)
    new_event_title: str = "Hackathon %m/%Y Wrap Up"  # `wrapup new`'s title, with the start's strftime codes
    limits: Limits = field(default_factory=Limits)

    @property
    def original(self) -> tuple[str, str] | None:
        """The original repository as (owner, name), lower-case, or None."""
        return _pair(self.original_repository)

    @property
    def tracking(self) -> tuple[str, str] | None:
        return _pair(self.tracking_repository or self.original_repository)


def _pair(repository: str | None) -> tuple[str, str] | None:
    if not repository:
        return None
    owner, _, name = repository.lower().partition("/")
    return owner, name
