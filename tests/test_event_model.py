"""The event model: front matter in, typed EventMeta out, or one clear problem per field with its line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import event_readme
from wrapup.diagnostics import Level
from wrapup.model.events import load_catalogue, load_event
from wrapup.model.frontmatter import EventMeta, Place


def write_event(tmp_path: Path, folder: str, text: str | bytes) -> Path:
    path = tmp_path / folder
    path.mkdir(parents=True)
    if isinstance(text, bytes):
        (path / "README.md").write_bytes(text)
    else:
        (path / "README.md").write_text(text, encoding="utf-8")
    return path


def only_problem(tmp_path: Path, folder: str, text: str | bytes) -> tuple[int | None, str]:
    event, problems = load_event(write_event(tmp_path, folder, text))
    assert event is None
    assert len(problems) == 1, [p.format() for p in problems]
    assert problems[0].level is Level.ERROR
    return problems[0].line, problems[0].message


def test_valid_front_matter_becomes_typed_event(tmp_path):
    event, problems = load_event(write_event(tmp_path, "2023-05_Leverkusen", event_readme()))
    assert problems == []
    assert event.meta == EventMeta(
        title="Hack The Garden 05/2023 Wrap Up",
        start=dt.date(2023, 5, 22),
        end=dt.date(2023, 5, 26),
        place=Place("Open Sky House, Leverkusen", "https://www.openskyhouse.org/"),
        organiser="STACKIT",
    )
    assert event.slug == "2023-05-leverkusen"
    assert event.label == "2023-05 Leverkusen"
    assert [t.title for t in event.topics] == ["Introduction Of gardener-node-agent"]
    assert event.topics[0].line == 11  # the '##' line in the file, after 9 lines of front matter


@pytest.mark.parametrize(
    "field, line",
    [("title", 2), ("start", 3), ("end", 4), ("organiser", 8)],
)
def test_missing_field_is_named(tmp_path, field, line):
    text = "\n".join(line for line in event_readme().splitlines() if not line.startswith(f"{field}:")) + "\n"
    problem_line, message = only_problem(tmp_path, "2023-05_Leverkusen", text)
    assert message == f"missing required field '{field}'"
    assert problem_line == 2  # the first line of the front matter


def test_missing_place_name_points_at_place(tmp_path):
    text = event_readme().replace("  name: 'Open Sky House, Leverkusen'\n", "")
    line, message = only_problem(tmp_path, "2023-05_Leverkusen", text)
    assert (line, message) == (5, "missing required field 'name' in 'place'")


def test_date_that_is_not_a_date_names_field_and_line(tmp_path):
    line, message = only_problem(tmp_path, "2023-05_Leverkusen", event_readme(start="22.05.2023"))
    assert line == 3
    assert message == "'start' must be a date written YYYY-MM-DD, not '22.05.2023'"


def test_impossible_date_is_reported_not_raised(tmp_path):
    line, message = only_problem(tmp_path, "2023-02_Leverkusen", event_readme(start="2023-02-30", end="2023-03-01"))
    assert line == 3
    assert "'start' must be a date" in message


def test_unknown_field_is_reported_at_its_key_with_a_suggestion(tmp_path):
    text = event_readme().replace("organiser: 'STACKIT'\n", "organiser: 'STACKIT'\norganizer: 'STACKIT'\n")
    line, message = only_problem(tmp_path, "2023-05_Leverkusen", text)
    assert (line, message) == (9, "unknown field 'organizer'; did you mean 'organiser'?")


def test_front_matter_that_is_not_yaml_names_the_line(tmp_path):
    text = event_readme().replace("organiser: 'STACKIT'", "organiser: [STACKIT")
    line, message = only_problem(tmp_path, "2023-05_Leverkusen", text)
    assert line == 9
    assert message.startswith("front matter is not valid YAML")


def test_readme_without_front_matter(tmp_path):
    line, message = only_problem(tmp_path, "2023-05_Leverkusen", "# Hack The Garden\n\n## Topic\n")
    assert line == 1
    assert message.startswith("no front matter")


def test_unclosed_front_matter(tmp_path):
    line, message = only_problem(tmp_path, "2023-05_Leverkusen", "---\ntitle: x\n")
    assert (line, message) == (1, "front matter is not closed: add a '---' line after the YAML fields")


def test_end_before_start(tmp_path):
    line, message = only_problem(tmp_path, "2023-05_Leverkusen", event_readme(end="2023-05-20"))
    assert (line, message) == (4, "'end' (2023-05-20) is before 'start' (2023-05-22)")


def test_folder_name_that_disagrees_with_start_date(tmp_path):
    line, message = only_problem(tmp_path, "2023-06_Leverkusen", event_readme())
    assert line == 3
    assert message == (
        "'start' (2023-05-22) does not match the folder name '2023-06_Leverkusen': "
        "rename the folder to 2023-05_Leverkusen or correct the date"
    )


def test_place_link_must_be_http(tmp_path):
    line, message = only_problem(tmp_path, "2023-05_Leverkusen", event_readme(url="javascript:alert(1)"))
    assert line == 7
    assert message == "'place.url' must be an http:// or https:// address, not 'javascript:alert(1)'"


def test_wrong_type_is_named(tmp_path):
    line, message = only_problem(tmp_path, "2023-05_Leverkusen", event_readme().replace("'STACKIT'", "[STACKIT]"))
    assert (line, message) == (8, "'organiser' must be of type string or object, not list")


@pytest.mark.parametrize(
    "folder", ["2023-5_Leverkusen", "2023-05 Leverkusen", "2023-05_Köln", "Leverkusen", "2023-13_X"]
)
def test_folder_names_outside_the_rule_are_refused(tmp_path, folder):
    line, message = only_problem(tmp_path, folder, event_readme())
    assert line is None
    assert message.startswith(f"'{folder}' is not a valid folder name: an event folder is named YYYY-MM_Place")


def test_folder_without_readme(tmp_path):
    (tmp_path / "2023-05_Leverkusen").mkdir()
    event, problems = load_event(tmp_path / "2023-05_Leverkusen")
    assert event is None
    assert [p.message for p in problems] == [
        "event folder has no README.md: add one with the event's front matter and topics"
    ]


def test_empty_readme(tmp_path):
    _, message = only_problem(tmp_path, "2023-05_Leverkusen", "\n  \n")
    assert message == "README.md is empty: it needs front matter and at least a title"


def test_binary_readme(tmp_path):
    _, message = only_problem(tmp_path, "2023-05_Leverkusen", b"\x89PNG\r\n\x1a\n\x00\x00")
    assert message == "README.md is not a text file (it contains NUL bytes)"


def test_readme_that_is_not_utf8(tmp_path):
    line, message = only_problem(
        tmp_path, "2023-05_Leverkusen", event_readme(place="Württemberger Haus", body="## Topic\n").encode("latin-1")
    )
    assert (line, message) == (6, "README.md is not UTF-8 text (byte 0xfc at column 11); save it as UTF-8")


def test_catalogue_lists_events_newest_first_and_collects_every_problem(tmp_path):
    write_event(tmp_path, "2023-05_Leverkusen", event_readme())
    write_event(tmp_path, "2024-05_Schelklingen", event_readme(start="2024-05-13", end="2024-05-17"))
    write_event(tmp_path, "2022-09_Hirschegg", event_readme(start="2022-09-26", end="2022-09-20"))
    (tmp_path / "2021-11_Steinberg").mkdir()
    (tmp_path / "notes.md").write_text("stray", encoding="utf-8")
    catalogue = load_catalogue(tmp_path)
    assert [e.folder for e in catalogue.events] == ["2024-05_Schelklingen", "2023-05_Leverkusen"]
    assert sorted((d.location(tmp_path), d.code) for d in catalogue.errors) == [
        ("2021-11_Steinberg", "event-folder"),  # no README.md
        ("2022-09_Hirschegg/README.md:4", "front-matter"),  # end before start
        ("notes.md", "event-folder"),  # not an event folder
    ]


def test_upcoming_means_future_start_or_no_topics(tmp_path):
    event, _ = load_event(write_event(tmp_path, "2023-05_Leverkusen", event_readme()))
    empty, _ = load_event(write_event(tmp_path / "b", "2023-05_Leverkusen", event_readme(body="Plans to come.\n")))
    assert not event.is_upcoming(dt.date(2023, 6, 1))
    assert event.is_upcoming(dt.date(2023, 5, 1))
    assert empty.is_upcoming(dt.date(2030, 1, 1))


def test_documents_know_whether_the_readme_links_them(tmp_path):
    folder = write_event(
        tmp_path, "2023-05_Leverkusen", event_readme(body="## Topic\n\nSee [design](agent/readme.md).\n")
    )
    (folder / "agent").mkdir()
    (folder / "agent" / "readme.md").write_text("# Gardener Node Agent\n", encoding="utf-8")
    (folder / "shoot").mkdir()
    (folder / "shoot" / "summary.md").write_text("No heading here\n", encoding="utf-8")
    event, _ = load_event(folder)
    assert [(d.source, d.title, d.linked_from_readme) for d in event.documents] == [
        ("agent/readme.md", "Gardener Node Agent", True),
        ("shoot/summary.md", "summary", False),
    ]


def test_every_cache_is_keyed_by_every_module_and_schema_of_the_package(tmp_path):
    # Computed, not kept by hand: a change to any module (one the parser reaches or not) or to a
    # schema makes every cached event, trial, page and sanitised page stale.
    import shutil

    from wrapup.cache import PACKAGE, package_version

    copy = tmp_path / "wrapup"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = package_version(copy)
    for changed in ("model/labels.py", "pages/charts.py", "model/schema/event.schema.json"):
        path = copy / changed
        path.write_bytes(path.read_bytes() + b"\n")
        assert package_version.__wrapped__(copy) != before, changed
        before = package_version.__wrapped__(copy)
