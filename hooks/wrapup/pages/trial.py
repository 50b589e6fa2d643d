"""Every Markdown file is converted once within limits before anything else parses it.

Both Markdown engines have inputs that take them minutes or overflow Python's stack: Python-
Markdown is quadratic in link and image openers of one paragraph (80 KB of ``[a](`` took 76 s
here, 40 KB of ``[`` 191 s), markdown-it-py in ``<http://`` openers (31 s for 120 KB), and
20 000 nested ``*`` raise RecursionError. Rather than a list of shapes to refuse (there is
always one more), each file is converted in a worker process, by markdown-it-py and by
Python-Markdown with the site's extensions, within a time limit that grows with its size and
a memory limit (``wrapup.media.workers``). A file that does not convert in time is an error naming
it, and the build stops before MkDocs would hang on it; ``wrapup check`` runs the same trial.

The trial also sanitises the HTML it made, so ``wrapup check`` reports what the build's
sanitiser will remove without converting again. Results are cached by content, so a warm
build converts nothing here.
"""

from __future__ import annotations

import hashlib
import html as html_text
import json
import pickle
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from wrapup.cache import ContentCache, package_version
from wrapup.model.parser import TokenStore
from wrapup.pages.sanitize import AUTHOR_ID_PREFIX, Removal

# A wrap-up of 1 MB (10 000 topics) converts in under 2 s in each engine; the limit leaves
# room for a slow machine and stays a few seconds for the files people write (a 100 KB file: 3 s).
SECONDS_BASE = 2.0
SECONDS_PER_MB = 10.0
CACHE_VERSION = "3"  # 2: ids; 3: author ids and classes
# The sanitiser writes every attribute as name="value": a unique marker, safe to find by pattern.
_ID = re.compile(r'\sid="([^"]*)"')

# The site's Markdown extensions when there is no mkdocs.yml beside the content (a test site
# writes its own): GitHub-flavoured Markdown, as in the project's mkdocs.yml.
GFM_EXTENSION = "wrapup.pages.gfm"  # the pages' engine, the model's too (wrapup.model.parser)
DEFAULT_EXTENSIONS: list[str | dict[str, Any]] = [GFM_EXTENSION, {"toc": {"permalink": True}}]


@dataclass(frozen=True)
class MarkdownSettings:
    """Python-Markdown extensions by name, and their settings as JSON (plain, hashable, picklable)."""

    extensions: tuple[str, ...]
    configs_json: str = "{}"

    @classmethod
    def of(cls, names: Sequence[object], configs: dict[str, Any] | None = None) -> MarkdownSettings:
        plain = [name for name in names if isinstance(name, str)]  # instances (our own extension) stay out
        wanted = {name: value for name, value in (configs or {}).items() if name in plain}
        return cls(tuple(plain), json.dumps(wanted, sort_keys=True, default=str))

    @property
    def configs(self) -> dict[str, Any]:
        configs: dict[str, Any] = json.loads(self.configs_json)
        return configs


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml may hold !!python/name and !ENV tags; the extension list never needs them."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def site_config(root: Path) -> dict[str, Any]:
    """The mkdocs.yml beside the content folder ``root``, as a mapping (empty if there is none)."""
    config_file = root.parent / "mkdocs.yml"
    if config_file.is_file():
        try:
            loaded = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_IgnoreTags)
        except (yaml.YAMLError, OSError, UnicodeDecodeError):
            return {}
        return loaded if isinstance(loaded, dict) else {}
    return {}


def site_settings(root: Path, site: Mapping[str, Any] | None = None) -> MarkdownSettings:
    """The Markdown extensions of the site whose content is ``root``, from the mkdocs.yml beside it
    (``site``, when the caller has read it already)."""
    listed = (site_config(root) if site is None else site).get("markdown_extensions") or DEFAULT_EXTENSIONS
    names, configs = [], {}
    for entry in listed:
        name, config = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if config:
            configs[name] = config
    return MarkdownSettings.of(names, configs)


@dataclass(frozen=True)
class Conversion:
    """What converting one file within the limits gave: a problem, or what sanitising removes."""

    problem: str | None = None
    removed: tuple[Removal, ...] = field(default=())
    ids: frozenset[str] = frozenset()  # element ids of the converted page: where links' #anchors may land
    # The file's tokens, packed, on their way from the worker to the token store; never kept.
    tokens_key: str = ""
    tokens_blob: bytes | None = None


def seconds_for(size: int) -> float:
    return SECONDS_BASE + SECONDS_PER_MB * size / 1e6


def _convert(job: tuple[str, MarkdownSettings]) -> Conversion:
    """Worker: the file tokenised once, converted by Python-Markdown with the site's extensions
    from those tokens, then sanitised. Never raises: a problem is a string."""
    path, settings = job
    try:
        import markdown as python_markdown

        from wrapup.model import parser as markdown_it
        from wrapup.model.frontmatter import body_of
        from wrapup.pages.sanitize import sanitize

        text = body_of(Path(path).read_bytes().decode("utf-8", errors="replace"))
        tokens = markdown_it.parse(text)  # the one tokenisation: the model and the page read these
        md = python_markdown.Markdown(extensions=list(settings.extensions), extension_configs=settings.configs)
        for gfm in _gfm_extensions(md):
            gfm.tokenise = lambda source: tokens if source == text else markdown_it.parse(source)
        html = md.convert(text)
        # The author pass of the GFM extension (ids namespaced, classes dropped), then the page pass.
        author_removed = [removal for gfm in _gfm_extensions(md) for removal in gfm.removed]
        cleaned = sanitize(html)
        ids = {html_text.unescape(found) for found in _ID.findall(cleaned.html)}
        # A link to an author's anchor is written to its namespaced id; it lands either way.
        ids |= {found.removeprefix(AUTHOR_ID_PREFIX) for found in ids}
        return Conversion(
            removed=(*author_removed, *cleaned.removed),
            ids=frozenset(ids),
            tokens_key=markdown_it.tokens_key(text),
            tokens_blob=markdown_it.pack(tokens),
        )
    except RecursionError:
        return Conversion(problem="it nests too deeply to convert (emphasis, lists or quotes thousands of levels deep)")
    except MemoryError:
        return Conversion(problem="converting it needs more memory than a wrap-up may take")
    except Exception as exc:  # an engine's own bug on odd input: one diagnostic, never a traceback
        return Conversion(problem=f"the Markdown engines fail on it ({type(exc).__name__}: {str(exc)[:120]})")


def _gfm_extensions(md: Any) -> list[Any]:
    from wrapup.pages.gfm import GfmExtension

    return [extension for extension in md.registeredExtensions if isinstance(extension, GfmExtension)]


def _warm_up(settings: MarkdownSettings) -> None:
    """Build both engines once here: a worker forked from this process starts with their
    compiled rules (a tenth of a second each), and the build needs them next anyway."""
    try:
        import markdown as python_markdown

        from wrapup.model import parser as markdown_it

        markdown_it.parser()
        python_markdown.Markdown(extensions=list(settings.extensions), extension_configs=settings.configs).convert("")
    except Exception:  # a broken extension is reported by the trial itself, for each file
        pass


@cache
def _code_version() -> bytes:
    """What a trial conversion is valid for: the package's source and its libraries' versions."""
    return hashlib.sha256(CACHE_VERSION.encode() + package_version().encode()).digest()


def _key(data: bytes, settings: MarkdownSettings) -> str:
    digest = hashlib.sha256(_code_version())
    digest.update(repr(settings).encode() + b"\0")
    digest.update(data)
    return digest.hexdigest()


def convert_all(
    paths: list[Path],
    settings: MarkdownSettings,
    cache: ContentCache | None = None,
    workers: int = 1,
    tokens: TokenStore | None = None,
) -> dict[Path, Conversion]:
    """A ``Conversion`` of every file, from ``cache`` where the same bytes were converted before;
    the tokens of each file converted now go to ``tokens``."""
    from wrapup.media.workers import run_parallel

    results: dict[Path, Conversion] = {}
    jobs: dict[str, tuple[str, MarkdownSettings]] = {}
    keys: dict[str, str] = {}
    limits: dict[str, float] = {}
    for path in paths:
        data = path.read_bytes()
        key = _key(data, settings)
        hit = cache.read("conversions", key, ".pickle", lambda raw: raw[:1] == b"\x80") if cache else None
        if hit is not None:
            try:
                results[path] = pickle.loads(hit.data)
                continue
            except Exception:  # a damaged entry: convert again
                pass
        name = str(path)
        jobs[name], keys[name], limits[name] = (name, settings), key, seconds_for(len(data))
    if jobs:
        _warm_up(settings)
    outcomes = run_parallel(_convert, jobs, workers, limits, timed_out="")
    for name, outcome in outcomes.items():
        if not isinstance(outcome, Conversion):  # a worker that overran its time, died, or sent nothing usable
            seconds = limits[name]
            results[Path(name)] = Conversion(
                problem=(f"it did not convert within {seconds:.0f} s" if outcome == "" else outcome)
            )
            continue
        if outcome.tokens_blob is not None:
            if tokens is not None:
                tokens.store(outcome.tokens_key, outcome.tokens_blob)
            outcome = replace(outcome, tokens_blob=None)
        if cache is not None:
            cache.write(
                "conversions",
                keys[name],
                ".pickle",
                pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL),
                durable=False,
            )  # checked when read
        results[Path(name)] = outcome
    return results
