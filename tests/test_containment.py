"""Untrusted content stays in its box: nothing outside hackathons/ is read, copied or linked."""

from __future__ import annotations

import os

import pytest

from conftest import event_readme
from wrapup.model.containment import refusal


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("../../../../etc/passwd", "it climbs out of the content folder"),
        ("../../secret.md", "it climbs out of the content folder"),
        ("/etc/passwd", "an absolute path"),
        ("file:///etc/passwd", "a file: address on the reader's own machine"),
        ("javascript:alert(1)", "a javascript: address runs code in the reader's browser"),
        (" JavaScript:alert(1)", "a javascript: address runs code in the reader's browser"),
        ("data:text/html,<script>alert(1)</script>", "a data: address other than an image"),
    ],
)
def test_addresses_that_leave_the_box_are_refused_with_a_reason(url, reason):
    assert refusal(url, "2023-05_Leverkusen") == reason


@pytest.mark.parametrize(
    "url",
    [
        "design.png",
        "docs/notes.md",
        "../2023-11_Schelklingen/README.md",
        "#topic",
        "https://github.com/gardener/gardener/pull/1",
        "data:image/png;base64,iVBORw0KGgo=",
        "",
    ],
)
def test_addresses_inside_the_box_or_on_the_web_are_kept(url):
    assert refusal(url, "2023-05_Leverkusen") is None


BODY = """## 🕵️ Introduction Of `gardener-node-agent`

**Problem Statement:** the notes are [here](../../../../etc/passwd)
and the picture ![a picture](/etc/hostname) and [a shell](javascript:alert(1)).
"""


def test_links_out_of_the_box_are_warnings_with_their_line_and_lose_only_their_target(fixture_site):
    readme = fixture_site.add("2023-05_Leverkusen/README.md", event_readme(body=BODY))
    first = next(number for number, line in enumerate(readme.read_text().splitlines(), 1) if "etc/passwd" in line)
    result = fixture_site.build(strict=False)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == [
        (
            f"WARNING -  wrapup: hackathons/2023-05_Leverkusen/README.md:{first}: warning: link '../../../../etc/passwd' "
            "is refused (it climbs out of the content folder): the page shows its text without the link; put the file "
            "in the event folder and link it relatively, or give a full https:// address [link-outside]"
        ),
        (
            f"WARNING -  wrapup: hackathons/2023-05_Leverkusen/README.md:{first + 1}: warning: image '/etc/hostname' "
            "is refused (an absolute path): the page shows its alt text without the image; put the file in the event "
            "folder and link it relatively, or give a full https:// address [link-outside]"
        ),
        (
            f"WARNING -  wrapup: hackathons/2023-05_Leverkusen/README.md:{first + 1}: warning: link 'javascript:alert(1)' "
            "is refused (a javascript: address runs code in the reader's browser): the page shows its text without "
            "the link [link-outside]"
        ),
    ]
    page = (fixture_site.site_dir / "2023-05-leverkusen" / "index.html").read_text(encoding="utf-8")
    assert "etc/passwd" not in page and "/etc/hostname" not in page and "javascript:" not in page
    for text in ("here", "a picture", "a shell"):
        assert f'<span class="wrapup-refused">{text}</span>' in page
    assert fixture_site.build().returncode == 1  # --strict fails on them


def test_a_file_linked_from_outside_is_left_out_with_a_warning(fixture_site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("hunter2-7f3a9c", encoding="utf-8")
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme())
    link = fixture_site.content / "2023-05_Leverkusen" / "notes.txt"
    os.symlink(secret, link)
    result = fixture_site.build(strict=False)
    assert result.returncode == 0, result.stderr
    assert (
        f"WARNING -  wrapup: hackathons/2023-05_Leverkusen/notes.txt: warning: is a symbolic link to '{secret}', "
        "outside hackathons/; it is left out of the site [symlink-outside]"
    ) in result.stderr
    assert not list(fixture_site.site_dir.rglob("notes.txt"))
    assert not [
        path for path in fixture_site.site_dir.rglob("*") if path.is_file() and b"hunter2-7f3a9c" in path.read_bytes()
    ]
    assert (fixture_site.site_dir / "2023-05-leverkusen" / "index.html").is_file()


def test_a_folder_linked_from_outside_stops_the_build_before_anything_is_walked(fixture_site):
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme())
    os.symlink("/", fixture_site.content / "2023-05_Leverkusen" / "everything")
    result = fixture_site.build(strict=False)
    assert result.returncode == 1
    assert (
        "hackathons/2023-05_Leverkusen/everything: error: is a symbolic link to the folder '/', outside "
        "hackathons/ or around itself; replace it with the files it should hold [symlink-outside]"
    ) in result.stderr
    assert not fixture_site.site_dir.exists()


def test_a_folder_linked_to_its_own_parent_is_a_loop_and_refused(fixture_site):
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme())
    os.symlink("..", fixture_site.content / "2023-05_Leverkusen" / "again")
    result = fixture_site.build(strict=False)
    assert result.returncode == 1
    assert "hackathons/2023-05_Leverkusen/again: error: is a symbolic link to the folder '..'" in result.stderr


def test_a_readme_linked_from_outside_is_never_read(fixture_site, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text(event_readme(body="## Secret topic\n"), encoding="utf-8")
    (fixture_site.content / "2023-05_Leverkusen").mkdir()
    os.symlink(outside, fixture_site.content / "2023-05_Leverkusen" / "README.md")
    result = fixture_site.build(strict=False)
    assert result.returncode == 1
    assert (
        "hackathons/2023-05_Leverkusen/README.md: error: README.md is a symbolic link to a file outside "
        "hackathons/; the wrap-up must be a file of its event folder [symlink-outside]"
    ) in result.stderr
    assert "Secret topic" not in result.stderr


ACTIVE_HTML = """## Topic

**Problem Statement:** a button <button onclick="steal()">here</button>.

<div class="note">
<img src="x.png" onerror="steal()">
<script>steal()</script>
</div>

**Achievements:** <b>bold</b> is fine.
"""


def test_check_reports_what_the_sanitiser_removes_from_raw_html_at_its_line_as_the_build_does(fixture_site):
    from test_contributors import wrapup

    readme = fixture_site.add("2023-05_Leverkusen/README.md", event_readme(body=ACTIVE_HTML))
    lines = readme.read_text(encoding="utf-8").splitlines()
    line_of = {
        needle: next(n for n, line in enumerate(lines, 1) if needle in line)
        for needle in ("onclick", "onerror", "<script>")
    }
    path = "hackathons/2023-05_Leverkusen/README.md"
    tail = (
        "removed: the site publishes only what its HTML allowlist holds (no script, event handlers, frames, "
        "forms or page-covering styles); the rest of the page is kept [unsafe-html]"
    )
    expected = [
        f"{path}:{line_of['onclick']}: warning: raw HTML attribute onclick= on <button> {tail}",
        f"{path}:{line_of['onerror']}: warning: raw HTML attribute onerror= on <img> {tail}",
        f"{path}:{line_of['<script>']}: warning: raw HTML <script> element {tail}",
    ]
    result = wrapup("check", "--strict", "--no-media", cwd=fixture_site.root)
    assert result.returncode == 1
    assert sorted(line for line in result.stdout.splitlines() if "[unsafe-html]" in line) == sorted(expected)
    build = fixture_site.build(strict=False)
    assert sorted(
        line[line.index("hackathons/") :] for line in build.stderr.splitlines() if "[unsafe-html]" in line
    ) == sorted(expected)
    page = (fixture_site.site_dir / "2023-05-leverkusen" / "index.html").read_text(encoding="utf-8")
    assert "steal()" not in page and "<b>bold</b>" in page


def test_check_reports_links_out_of_the_box_once_as_the_build_does(fixture_site):
    from test_contributors import wrapup

    fixture_site.add("2023-05_Leverkusen/README.md", event_readme(body=BODY))
    result = wrapup("check", "--no-media", cwd=fixture_site.root)
    assert result.returncode == 0  # warnings; --strict fails on them
    assert sum("[link-outside]" in line for line in result.stdout.splitlines()) == 3
    assert wrapup("check", "--strict", "--no-media", cwd=fixture_site.root).returncode == 1
