"""Fuzzing, with a bounded budget that runs in CI: whatever bytes a pull request puts in a
README, reading it ends in an event or in problems that point into the file, never in a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wrapup.diagnostics import Level
from wrapup.model.events import load_event
from wrapup.model.frontmatter import (
    FrontMatterError,
    parse_event_meta,
    split_front_matter,
)
from wrapup.model.topics import parse_wrapup

BUDGET = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Pieces of front matter, right and wrong, that the fuzzer strings together.
FRONT_LINES = [
    "title: 'Hack The Garden 05/2023 Wrap Up'",
    "title:",
    "title: [a, b]",
    "title: &a x",
    "title: *a",
    "start: 2023-05-22",
    "start: 2023-13-45",
    "start: yesterday",
    "end: 2023-05-26",
    "end: 2023-05-01",
    "place:",
    "  name: Open Sky House",
    "  url: https://www.openskyhouse.org/",
    "  url: javascript:alert(1)",
    "  url: data:text/html,x",
    "organiser: STACKIT",
    "organiser: {a: b}",
    "lint:",
    "  accept: [stub-topic]",
    "  accept: [nonsense]",
    "? complex",
    ": value",
    "'unclosed",
    '"unclosed',
    "- list",
    "!!python/object:os.system",
    "\t tab",
    "key: value # comment",
    "%YAML 1.2",
    "...",
    "---",
]
front_line = st.one_of(st.sampled_from(FRONT_LINES), st.text(max_size=40))
body_line = st.one_of(
    st.sampled_from(
        [
            "## 🕵️ Topic",
            "**Problem Statement:** x",
            "**Code:** https://github.com/a/b/pull/1",
            "[x](../../../../etc/passwd)",
            "![y](/etc/hosts)",
            "<script>x</script>",
            "```",
            "",
            "---",
        ]
    ),
    st.text(max_size=40),
)
readmes = st.builds(
    lambda front, body: "---\n" + "\n".join(front) + "\n---\n" + "\n".join(body) + "\n",
    st.lists(front_line, max_size=15),
    st.lists(body_line, max_size=20),
)


@BUDGET
@given(readmes)
def test_front_matter_is_an_event_or_a_front_matter_error(text):
    try:
        meta = parse_event_meta(split_front_matter(text))
    except FrontMatterError as exc:
        lines = [line for line, _ in getattr(exc, "problems", [(exc.line, exc.message)])]
        for line in lines:
            assert line is None or 1 <= line <= text.count("\n") + 1
    else:
        assert meta.start <= meta.end
        assert meta.place.url is None or meta.place.url.startswith(("http://", "https://"))


@BUDGET
@given(st.text(max_size=2000))
def test_topic_parsing_takes_any_text_and_points_inside_it(body):
    wrapup = parse_wrapup(body, 1, None)
    last = body.count("\n") + 1
    for diagnostic in wrapup.diagnostics:
        assert diagnostic.line is None or 1 <= diagnostic.line <= last, diagnostic


@BUDGET
@given(st.one_of(readmes.map(str.encode), st.binary(max_size=2000)))
def test_any_readme_bytes_give_an_event_or_problems_with_file_lines(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fuzz") / "2023-05_Leverkusen"
    folder.mkdir()
    (folder / "README.md").write_bytes(data)
    event, problems = load_event(folder)
    if event is None:
        assert any(problem.level is Level.ERROR for problem in problems)
    last = data.count(b"\n") + 1
    for problem in problems:
        assert problem.line is None or 1 <= problem.line <= last, problem.format()
