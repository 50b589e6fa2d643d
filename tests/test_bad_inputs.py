"""The bad-input corpus: hostile or broken content next to a good event.

Small cases are files under tests/bad_inputs/<case>/ (one event folder each, see its README);
large or machine-dependent ones (a decompression bomb, a symlink, 50 MB of Markdown, 10 000
topics, folders whose addresses collide) are made here. Each case pins the exact problem lines
(file and line) and that the rest of the site is not lost: a warning leaves the good event
built next to the bad one; an error stops the build before anything is written and the
previous site/ stays as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from conftest import FixtureSite, event_readme

CORPUS = Path(__file__).parent / "bad_inputs"
GOOD = "2023-05_Leverkusen"


def problem_lines(stderr: str) -> list[str]:
    """Our diagnostics, as printed: 'hackathons/…: level: message [rule]'."""
    return [
        line[line.index("hackathons/") :].strip()
        for line in stderr.splitlines()
        if ("hackathons/" in line and ": warning: " in line) or ": error: " in line
    ]


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def site(fixture_site: FixtureSite) -> FixtureSite:
    fixture_site.add(f"{GOOD}/README.md", event_readme())
    return fixture_site


def add_case(site: FixtureSite, case: str) -> None:
    for event in (CORPUS / case).iterdir():
        if event.is_dir():
            shutil.copytree(event, site.content / event.name)


def builds_with_warnings(site: FixtureSite, expected: list[str]) -> None:
    result = site.build(strict=False, timeout=300)
    assert result.returncode == 0, result.stderr
    assert problem_lines(result.stderr) == expected
    assert (site.site_dir / "2023-05-leverkusen" / "index.html").is_file()  # the rest of the site


def stops_with_errors(site: FixtureSite, add, expected: list[str]) -> None:
    first = site.build()
    assert first.returncode == 0, first.stderr
    before = snapshot(site.site_dir)
    add()
    result = site.build(timeout=300)
    assert result.returncode == 1
    assert problem_lines(result.stderr) == expected
    assert snapshot(site.site_dir) == before  # the previous site, whole


# ---- committed cases -------------------------------------------------------------------------


def test_malformed_yaml_is_an_error_at_its_line(site):
    stops_with_errors(
        site,
        lambda: add_case(site, "malformed-yaml"),
        [
            (
                "hackathons/2024-05_Broken/README.md:6: error: front matter is not valid YAML: found unexpected end of "
                "stream while scanning a quoted scalar that starts here; close the quote (a ' or \" that opens a value "
                "must close it on the same value) [front-matter]"
            ),
        ],
    )


def test_billion_laughs_diagram_is_not_expanded(site):
    add_case(site, "xml-bomb")
    builds_with_warnings(
        site,
        [
            (
                "hackathons/2024-05_Bomb/bomb.drawio.svg: warning: diagram not rendered: it declares XML entities "
                "or external references, which are not allowed (EntitiesForbidden); the SVG is not published and the page shows its alt text instead [diagram]"
            ),
        ],
    )


def test_external_entity_diagram_never_reads_the_file(site):
    add_case(site, "xxe")
    builds_with_warnings(
        site,
        [
            (
                "hackathons/2024-05_Xxe/secret.drawio.svg: warning: diagram not rendered: it declares XML entities "
                "or external references, which are not allowed (EntitiesForbidden); the SVG is not published and the page shows its alt text instead [diagram]"
            ),
        ],
    )
    assert not [path for path in site.site_dir.rglob("*.png") if b"root:x:0" in path.read_bytes()]


def test_external_images_are_never_fetched(site):
    add_case(site, "external-images")
    builds_with_warnings(
        site,
        [
            (
                "hackathons/2024-05_External/tracker.drawio.svg: warning: diagram drawn with a difference: left out the "
                "image from http://example.org/tracker.png: a diagram's pictures must be embedded in it, outside resources "
                "are never fetched [diagram]"
            ),
        ],
    )
    page = (site.site_dir / "2024-05-external" / "index.html").read_text(encoding="utf-8")
    assert 'src="https://example.org/photo.jpg"' in page and 'loading="lazy"' in page


def test_path_traversal_is_refused_at_its_lines(site):
    add_case(site, "path-traversal")
    builds_with_warnings(
        site,
        [
            (
                "hackathons/2024-05_Traversal/README.md:13: warning: link '../../../../etc/passwd' is refused (it climbs out "
                "of the content folder): the page shows its text without the link; put the file in the event folder and link "
                "it relatively, or give a full https:// address [link-outside]"
            ),
            (
                "hackathons/2024-05_Traversal/README.md:14: warning: image '../../../../../etc/hosts' is refused (it climbs "
                "out of the content folder): the page shows its alt text without the image; put the file in the event folder "
                "and link it relatively, or give a full https:// address [link-outside]"
            ),
        ],
    )


def test_markdown_that_is_not_utf8_is_an_error_at_its_line(site):
    stops_with_errors(
        site,
        lambda: add_case(site, "non-utf8"),
        [
            (
                "hackathons/2024-05_Latin1/README.md:11: error: README.md is not UTF-8 text (byte 0xe9 at column 7); "
                "save it as UTF-8 [unreadable]"
            ),
        ],
    )


# ---- generated cases -------------------------------------------------------------------------


def test_decompression_bomb_is_not_published(site):
    # 30 000 x 30 000 pixels (900 megapixels) in a file of a few hundred KB.
    folder = site.content / "2024-05_Bomb"
    folder.mkdir()
    Image.new("1", (30_000, 30_000)).save(folder / "bomb.png", optimize=True)
    (folder / "README.md").write_text(
        event_readme(start="2024-05-13", end="2024-05-17", body="## Photo\n\n![Bomb](bomb.png)\n"), encoding="utf-8"
    )
    builds_with_warnings(
        site,
        [
            (
                "hackathons/2024-05_Bomb/bomb.png: warning: image not published: it is a decompression bomb: Image size "
                "(900000000 pixels) exceeds limit of 100000000 pixels, could be decompression bomb DOS attack.; the page "
                "shows its alt text instead [image]"
            ),
        ],
    )
    assert not list(site.site_dir.rglob("bomb.png"))


def test_symlink_escape_is_left_out(site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("hunter2-7f3a9c", encoding="utf-8")
    os.symlink(secret, site.content / GOOD / "secret.txt")
    builds_with_warnings(
        site,
        [
            (
                f"hackathons/{GOOD}/secret.txt: warning: is a symbolic link to '{secret}', outside hackathons/; it is left "
                "out of the site [symlink-outside]"
            ),
        ],
    )
    assert not list(site.site_dir.rglob("secret.txt"))


def test_50_mb_of_markdown_is_refused_before_it_is_read(site):
    def add() -> None:
        folder = site.content / "2024-05_Huge"
        folder.mkdir()
        paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 20 + "\n\n"
        with (folder / "README.md").open("w", encoding="utf-8") as stream:
            stream.write(event_readme(start="2024-05-13", end="2024-05-17"))
            while stream.tell() < 50_000_000:
                stream.write(paragraph)

    stops_with_errors(
        site,
        add,
        [
            (
                "hackathons/2024-05_Huge/README.md: error: README.md is 50.0 MB; a wrap-up's Markdown may be at most 5 MB "
                "(link large material instead of pasting it) [unreadable]"
            ),
        ],
    )


@pytest.mark.e2e
@pytest.mark.slow
def test_10000_topics_in_one_file_build_in_full(site):
    body = "".join(
        f"## Topic number {n}\n\n**Problem Statement:** problem {n}, https://github.com/gardener/gardener/pull/{n}\n\n"
        for n in range(10_000)
    )
    site.add("2024-05_Many/README.md", event_readme(start="2024-05-13", end="2024-05-17", body=body))
    builds_with_warnings(site, [])
    page = (site.site_dir / "2024-05-many" / "index.html").read_text(encoding="utf-8")
    assert page.count('<h2 id="topic-number-') == 10_000
    assert 'id="topic-number-9999"' in page


def test_duplicate_slugs_across_events_are_an_error(site):
    def add() -> None:
        site.add("2024-05_Schelklingen/README.md", event_readme(start="2024-05-13", end="2024-05-17"))
        site.add("2024-05_schelklingen/README.md", event_readme(start="2024-05-13", end="2024-05-17"))

    stops_with_errors(
        site,
        add,
        [
            (
                "hackathons/2024-05_schelklingen: error: '2024-05_schelklingen' and '2024-05_Schelklingen' would share the "
                "address /2024-05-schelklingen/; rename one of them [event-folder]"
            ),
        ],
    )


def test_yaml_alias_bomb_is_refused_at_its_line_at_once(site):
    # 509 bytes whose aliases expand to 9^9 strings: refused before anything expands them.
    stops_with_errors(
        site,
        lambda: add_case(site, "yaml-alias-bomb"),
        [
            (
                "hackathons/2024-05_Aliases/README.md:9: error: front matter may not use YAML anchors or aliases "
                "(&name, *name): write each value out [front-matter]"
            ),
        ],
    )


def test_theme_keys_in_a_documents_front_matter_are_errors_at_their_lines(site):
    stops_with_errors(
        site,
        lambda: add_case(site, "document-theme-keys"),
        [
            "hackathons/2024-05_Theme/notes/plan.md:3: error: unknown field 'template'; allowed: title [front-matter]",
            "hackathons/2024-05_Theme/notes/plan.md:4: error: unknown field 'icon'; allowed: title [front-matter]",
        ],
    )


def test_files_a_browser_could_run_are_refused_by_name(site):
    add_case(site, "refused-files")
    tail = (
        "warning: file not published: an event folder may publish Markdown, raster images (PNG, JPEG, GIF, "
        "WebP) and SVG diagrams (shown as PNG), nothing that a browser could run; link other material from "
        "where it lives [file-refused]"
    )
    builds_with_warnings(
        site, [f"hackathons/2024-05_Files/{name}: {tail}" for name in ("notes.txt", "slides.html", "tool.js")]
    )
    folder = site.site_dir / "2024-05-files"
    assert sorted(p.name for p in folder.iterdir()) == ["index.html", "wrapup-card.png"]


# Each shape takes one of the Markdown engines minutes (or overflows its stack); the trial
# conversion (wrapup.pages.trial) stops every one within its time limit. ("[a](" * 20 000 took
# Python-Markdown's parser 76 s; pages are parsed by markdown-it-py now, which takes 0.1 s.)
PATHOLOGICAL_MARKDOWN = {
    "autolink-openers": "<http://" * 15_000,  # markdown-it-py: 31 s, Python-Markdown: 22 s
    "deep-emphasis": "*" * 20_000 + "a" + "*" * 20_000,  # a tree 20 000 deep: RecursionError
}


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(PATHOLOGICAL_MARKDOWN))
def test_markdown_that_would_take_minutes_is_an_error_within_seconds(site, shape):
    text = PATHOLOGICAL_MARKDOWN[shape]

    def add() -> None:
        site.add(
            "2024-05_Slow/README.md", event_readme(start="2024-05-13", end="2024-05-17", body=f"## Topic\n\n{text}\n")
        )

    first = site.build()
    assert first.returncode == 0, first.stderr
    before = snapshot(site.site_dir)
    add()
    result = site.build(timeout=60)  # the harness's limit: a hang fails here instead of stalling CI
    assert result.returncode == 1
    lines = problem_lines(result.stderr)
    assert len(lines) == 1 and lines[0].startswith(
        "hackathons/2024-05_Slow/README.md: error: README.md is not published: "
    ), lines
    assert lines[0].endswith("[markdown-limit]")
    assert "Traceback" not in result.stderr
    assert snapshot(site.site_dir) == before


def _corpus_cases() -> list[str]:
    return sorted(case.name for case in CORPUS.iterdir() if case.is_dir())


@pytest.mark.slow
@pytest.mark.parametrize("case", _corpus_cases())
def test_check_and_the_strict_build_give_one_verdict(site, case):
    from test_contributors import wrapup

    add_case(site, case)
    build = site.build(timeout=120)
    check = wrapup("check", "--strict", cwd=site.root)
    assert "Traceback" not in build.stderr + check.stdout + check.stderr
    assert (check.returncode == 0) == (build.returncode == 0), (build.stderr, check.stdout)
    # Our own diagnostics are the same lines in both.
    built = sorted(
        line[line.index("hackathons/") :]
        for line in build.stderr.splitlines()
        if "hackathons/" in line and ("warning: " in line or "error: " in line)
    )
    checked = sorted(line for line in check.stdout.splitlines() if line.startswith("hackathons/"))
    assert built == checked


# ---- bounded and honest: each class of problem is one diagnostic, never a traceback ----------


def test_diagrams_with_absurd_structure_are_refused_by_name(site):
    for case in ("svg-deep-nesting", "svg-bad-sizes", "svg-absurd-font"):
        add_case(site, case)
    tail = "; the SVG is not published and the page shows its alt text instead [diagram]"
    copy = "; the page links an inert copy of the SVG (drawing elements only) under its alt text [diagram]"
    result = site.build(strict=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert problem_lines(result.stderr) == [
        "hackathons/2024-05_Font/font.drawio.svg: warning: diagram not rendered: CairoSVG could not draw it "
        "(CairoError: cairo returned CAIRO_STATUS_FREETYPE_ERROR: b'error occurred in libfreetype')" + copy,
        "hackathons/2024-05_Nested/deep.drawio.svg: warning: diagram not rendered: its elements nest more than 200 "
        "levels deep; draw.io never does" + tail,
        *(
            f"hackathons/2024-05_Sizes/{name}.drawio.svg: warning: diagram not rendered: it has no size (width/height "
            "or viewBox)" + copy
            for name in ("empty", "huge", "words")
        ),
    ]
    copy_of_font = site.site_dir / "2024-05-font" / "font.drawio.sanitised.svg"
    assert copy_of_font.is_file() and b"<script" not in copy_of_font.read_bytes()


def test_a_folder_named_like_markdown_is_an_error_naming_it(site):
    stops_with_errors(
        site,
        lambda: add_case(site, "folder-named-md"),
        [
            (
                "hackathons/2024-05_Folder/notes.md: error: notes.md is not a regular file (a folder or a special file named "
                "like Markdown); rename it or turn it into a file [unreadable]"
            ),
        ],
    )


def test_control_characters_are_an_error_at_their_line(site):
    stops_with_errors(
        site,
        lambda: add_case(site, "control-bytes-link"),
        [
            (
                "hackathons/2024-05_Control/README.md:13: error: README.md holds the control character U+0001 on this line "
                "(invisible in editors); delete it [unreadable]"
            ),
        ],
    )


def test_index_md_beside_the_readme_is_an_error(site):
    stops_with_errors(
        site,
        lambda: add_case(site, "index-beside-readme"),
        [
            (
                "hackathons/2024-05_Index/index.md: error: index.md and README.md would be the same page; rename index.md "
                "[page-conflict]"
            ),
        ],
    )


def test_links_to_anchors_that_do_not_exist_are_warnings_at_their_line(site):
    add_case(site, "missing-anchor")
    builds_with_warnings(
        site,
        [
            (
                "hackathons/2024-05_Anchor/README.md:13: warning: link 'notes.md#no-such-section' points at "
                "#no-such-section, which is not on 2024-05_Anchor/notes.md; use the anchor of one of its headings "
                "[missing-anchor]"
            ),
            (
                "hackathons/2024-05_Anchor/README.md:13: warning: link '#no-such-topic' points at #no-such-topic, which is "
                "not on this page; use the anchor of one of its headings [missing-anchor]"
            ),
        ],
    )


def test_a_title_too_long_for_the_social_card_still_builds(site):
    add_case(site, "long-title")
    builds_with_warnings(site, [])
    assert (site.site_dir / "2024-05-long" / "wrapup-card.png").is_file()


def test_a_folder_symlinked_inside_hackathons_is_one_diagnostic(site):
    os.symlink(GOOD, site.content / "2023-06_Linked")
    result = site.build(timeout=120)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert problem_lines(result.stderr) == [
        (
            f"hackathons/2023-06_Linked: error: is a symbolic link to the folder '{GOOD}'; an event folder must be a "
            "real folder [symlink-folder]"
        ),
    ]
