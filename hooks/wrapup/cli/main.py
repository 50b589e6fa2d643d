"""The ``wrapup`` command: tools for contributors that work without building the site."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import ConfigurationError

from wrapup.diagnostics import Diagnostic, Level
from wrapup.media.diagrams import SCALE, DiagramError, render
from wrapup.model.events import FOLDER_PATTERN
from wrapup.settings import Settings


def _render_drawio(arguments: argparse.Namespace) -> int:
    source: Path = arguments.input
    try:
        data = source.read_bytes()
    except OSError as exc:
        print(f"{source}: error: cannot read it ({exc.strerror or exc})", file=sys.stderr)
        return 1
    try:
        result = render(data)
    except DiagramError as exc:
        print(f"{source}: error: diagram not rendered: {exc}", file=sys.stderr)
        return 1
    try:
        arguments.output.write_bytes(result.png)
    except OSError as exc:
        print(f"{arguments.output}: error: cannot write it ({exc.strerror or exc})", file=sys.stderr)
        return 1
    print(
        f"{arguments.output}: {result.width * SCALE} x {result.height * SCALE} px "
        f"(shown at {result.width} x {result.height})"
    )
    return 0


def _ask_required(value: str | None, prompt: str) -> str:
    answer = _ask(value, prompt)
    assert answer is not None  # _ask returns or raises for a required value
    return answer


def _ask(value: str | None, prompt: str, *, required: bool = True) -> str | None:
    """An option's value, or the contributor's answer when run at a terminal."""
    if value is not None:
        return value
    if sys.stdin.isatty():
        answer = input(f"{prompt}: ").strip()
        return answer or (None if not required else _ask(None, prompt))
    if required:
        raise ValueError(f"{prompt.split(' (')[0].lower()} is missing: give it as an option (see wrapup new --help)")
    return None


def _date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} '{value}' is not a date written YYYY-MM-DD") from None


def _new(arguments: argparse.Namespace) -> int:
    from wrapup.cli.scaffold import NewEvent, ScaffoldError, create

    folder = arguments.folder
    if FOLDER_PATTERN.match(folder) is None:
        from wrapup.model.events import FOLDER_RULE

        print(f"wrapup new: error: '{folder}' is not a valid folder name: {FOLDER_RULE}", file=sys.stderr)
        return 1
    try:
        start = _date(_ask_required(arguments.start, "Start date (YYYY-MM-DD)"), "start")
        end = _date(_ask_required(arguments.end, "End date (YYYY-MM-DD)"), "end")
        place = _ask_required(arguments.place, "Place (venue, town)")
        url = _ask(arguments.url, "Place web site (http(s)://..., optional)", required=False)
        organiser = _ask_required(arguments.organiser, "Organiser")
        organiser_url = _ask(arguments.organiser_url, "Organiser web site (http(s)://..., optional)", required=False)
        title = arguments.title or start.strftime(_settings_of(arguments.root).new_event_title)
        readme = create(arguments.root, NewEvent(folder, title, start, end, place, url, organiser, organiser_url))
    except (ValueError, ScaffoldError, ConfigurationError) as exc:
        print(f"wrapup new: error: {exc}", file=sys.stderr)
        return 1
    print(f"created {readme}: add your topics (see the comment in it), then run: wrapup check --strict {readme.parent}")
    return 0


def _import(arguments: argparse.Namespace) -> int:
    from wrapup.cli.check import check
    from wrapup.cli.importer import ImportError_, Sources, import_wrapup

    here = Path.cwd()
    sources = Sources(arguments.images, arguments.events_table, arguments.site_url)
    try:
        imported = import_wrapup(arguments.source, arguments.root, name=arguments.name, sources=sources)
    except ImportError_ as exc:
        for problem in exc.problems:
            print(problem.format(here), file=sys.stderr)
        print("wrapup import: nothing written", file=sys.stderr)
        return 1
    except (OSError, UnicodeDecodeError) as exc:
        print(f"wrapup import: error: {arguments.source}: {exc}; nothing written", file=sys.stderr)
        return 1
    for problem in imported.problems:
        print(problem.format(here))
    # The check's own rules over what was written, so that nothing is found later.
    try:
        result = check(arguments.root, [imported.folder])
    except ConfigurationError as exc:
        print(f"wrapup import: error: {arguments.root.resolve().parent / 'mkdocs.yml'}: {exc}", file=sys.stderr)
        return 1
    for problem in result.diagnostics:
        print(problem.format(here))
    if result.errors or result.warnings:
        print(
            f"created {imported.folder}; wrapup check --strict finds {result.errors} errors and "
            f"{result.warnings} warnings in it (above): fix them before opening the pull request"
        )
        return 1
    print(f"created {imported.folder}: wrapup check --strict passes")
    return 0


def _content_root(arguments: argparse.Namespace) -> Path:
    if arguments.root is not None:
        return Path(arguments.root)
    default = Path("hackathons")
    if default.is_dir() or not arguments.paths:
        return default
    first = Path(arguments.paths[0])
    return first.parent if FOLDER_PATTERN.match(first.resolve().name) else first


def _not_checkable(path: Path, root: Path) -> str | None:
    """Why ``path`` is not something to check (the content folder, an event folder, or a file in
    one), or None: a typo must not pass as a clean check of nothing."""
    if not path.exists():
        return "no such file or folder (a typo? the event folders are in " + str(root) + ")"
    resolved, base = path.resolve(), root.resolve()
    if resolved == base:
        return None
    if base not in resolved.parents:
        return f"not inside the folder of events {root}"
    event = resolved.relative_to(base).parts[0]
    if not FOLDER_PATTERN.match(event):
        return f"not in an event folder (an event folder is named YYYY-MM_Place, not '{event}')"
    return None


def _settings_of(root: Path) -> Settings:
    """The settings in the mkdocs.yml beside the content folder ``root`` (raises ConfigurationError)."""
    from wrapup.config import settings_from
    from wrapup.pages.trial import site_config

    return settings_from(site_config(Path(root)))


def _check(arguments: argparse.Namespace) -> int:
    from wrapup.cli.check import check

    root = _content_root(arguments)
    if not root.is_dir():
        print(f"wrapup check: error: {root} is not a folder of events (give --root or a path)", file=sys.stderr)
        return 2
    for path in arguments.paths:
        if (reason := _not_checkable(Path(path), root)) is not None:
            print(f"wrapup check: error: {path}: {reason}", file=sys.stderr)
            return 2
    from mkdocs.exceptions import ConfigurationError

    try:
        result = check(root, arguments.paths or None, media=not arguments.no_media)
    except ConfigurationError as exc:  # extra.wrapup in the mkdocs.yml beside the content
        print(f"wrapup check: error: {root.resolve().parent / 'mkdocs.yml'}: {exc}", file=sys.stderr)
        return 2
    here = Path.cwd()
    failed = result.errors > 0 or (arguments.strict and result.warnings > 0)
    if arguments.format == "json":
        print(
            json.dumps(
                {
                    "problems": [
                        {
                            "path": d.location(here).rsplit(":", 1)[0] if d.line else d.location(here),
                            "line": d.line,
                            "level": d.level.value,
                            "message": d.message,
                            "rule": d.code,
                        }
                        for d in result.diagnostics
                    ],
                    "errors": result.errors,
                    "warnings": result.warnings,
                    "accepted": len(result.accepted),
                    "ok": not failed,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 1 if failed else 0
    for problem in result.diagnostics:  # sorted by file, then line: each file's problems stand together
        print(github_command(problem, here) if arguments.format == "github" else problem.format(here))
    accepted = f" ({len(result.accepted)} accepted by lint.accept)" if result.accepted else ""
    verdict = "failed" if failed else "passed"
    print(
        f"wrapup check {verdict}: {result.errors} errors, {result.warnings} warnings{accepted}"
        + (" (--strict: warnings fail)" if arguments.strict and result.warnings and not result.errors else "")
    )
    return 1 if failed else 0


def _escape_github(text: str, *, property_value: bool = False) -> str:
    """A value for a GitHub workflow command, escaped as the runner reads it."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def github_command(problem: Diagnostic, here: Path) -> str:
    """``::error file=…,line=…,title=[rule]::message``: GitHub shows it on the pull request's
    changed line (https://docs.github.com/actions/reference/workflow-commands-for-github-actions)."""
    location = problem.location(here)
    path = location.rsplit(":", 1)[0] if problem.line is not None else location
    properties = [f"file={_escape_github(path, property_value=True)}"]
    if problem.line is not None:
        properties.append(f"line={problem.line}")
    properties.append(f"title={_escape_github(f'[{problem.code or problem.level.value}]', property_value=True)}")
    command = "notice" if problem.level is Level.INFO else problem.level.value  # GitHub's name for information
    return f"::{command} {','.join(properties)}::{_escape_github(problem.message)}"


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="wrapup",
        description="Tools for contributors of hackathon wrap-ups, without building the site: "
        "create an event folder, import a wrap-up written elsewhere, check event folders, draw a diagram.",
    )
    main_parser.add_argument("--version", action="version", version=f"wrapup {metadata.version('wrapup')}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # In the order a contributor uses them.
    _add_new(commands)
    _add_import(commands)
    _add_check(commands)
    drawio = commands.add_parser(
        "render-drawio",
        help="render a draw.io SVG export to PNG exactly as the site build does",
        description="Render a draw.io SVG export (*.drawio.svg) to PNG the way the site build does: "
        "labels as text, the 'Text is not SVG' line removed, at 2x.",
    )
    drawio.add_argument("input", type=Path, metavar="IN.drawio.svg")
    drawio.add_argument("output", type=Path, metavar="OUT.png")
    drawio.set_defaults(run=_render_drawio)
    return main_parser


if TYPE_CHECKING:  # generic in typeshed only
    Commands = argparse._SubParsersAction[argparse.ArgumentParser]  # what add_subparsers returns


def _add_new(commands: Commands) -> None:
    new = commands.add_parser(
        "new",
        help="create an event folder with its README",
        description="Create hackathons/<YYYY-MM_Place>/README.md with front matter and a topic template. "
        "Missing options are asked for at a terminal.",
    )
    new.add_argument("folder", metavar="YYYY-MM_Place")
    new.add_argument("--start", help="first day, YYYY-MM-DD")
    new.add_argument("--end", help="last day, YYYY-MM-DD")
    new.add_argument("--place", help="venue and town, e.g. 'Town Hall, Springfield'")
    new.add_argument("--url", help="web site of the venue (optional)")
    new.add_argument("--organiser", help="who organised the event")
    new.add_argument("--organiser-url", help="web site of the organiser (optional)")
    new.add_argument(
        "--title", help="default: extra.wrapup.texts.new_event_title of mkdocs.yml, with the start's month"
    )
    new.add_argument("--root", type=Path, default=Path("hackathons"), help="folder of events (default: hackathons)")
    new.set_defaults(run=_new)


def _add_import(commands: Commands) -> None:
    import_command = commands.add_parser(
        "import",
        help="turn a wrap-up written elsewhere into an event folder",
        description="Import a single-file wrap-up (front matter, an H1, emoji-led fact bullets such as "
        "'🗓️ **Date:** 24.11.2025 – 28.11.2025', a group picture, then the topics) or an event folder "
        "in the seed repository's layout (facts from the events table of the README beside it). "
        "Facts go to front matter, images are copied in, every topic word is kept; what cannot be "
        "mapped stays as text and is reported with path:line. The folder is written whole or not at all, "
        "then checked with wrapup check --strict's rules.",
    )
    import_command.add_argument("source", type=Path, metavar="SOURCE", help="a wrap-up .md file, or an event folder")
    import_command.add_argument(
        "--images",
        type=Path,
        help="folder that site-absolute image addresses (/community/hackathons/images/...) are found under",
    )
    import_command.add_argument(
        "--events-table",
        type=Path,
        metavar="FILE",
        help="the community's events table, whose row linking the page gives its dates, place and organiser "
        "(default: index.md, _index.md or README.md beside the page)",
    )
    import_command.add_argument(
        "--site-url",
        metavar="URL",
        help="the site the page was published on: its site-absolute links (/docs/...) become absolute",
    )
    import_command.add_argument(
        "--root", type=Path, default=Path("hackathons"), help="folder of events (default: hackathons)"
    )
    import_command.add_argument(
        "--name", metavar="YYYY-MM_Place", help="folder name (default: from the date and the town)"
    )
    import_command.set_defaults(run=_import)


def _add_check(commands: Commands) -> None:
    check_command = commands.add_parser(
        "check",
        help="check event folders without building the site",
        description="Check event folders with the build's rules: front matter, topics, links, images, diagrams. "
        "One line per problem (path:line: level: message [rule]); exit 1 on errors, or on "
        "warnings with --strict.",
    )
    check_command.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="event folders or files (default: all)"
    )
    check_command.add_argument("--root", type=Path, help="folder of events (default: hackathons)")
    check_command.add_argument("--strict", action="store_true", help="warnings fail too, as in mkdocs build --strict")
    check_command.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="github: workflow commands that annotate the pull request's lines",
    )
    check_command.add_argument("--no-media", action="store_true", help="skip rendering diagrams and images (faster)")
    check_command.set_defaults(run=_check)


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    status: int = arguments.run(arguments)
    return status


if __name__ == "__main__":
    sys.exit(main())
