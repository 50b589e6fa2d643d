"""Bad content stops the build with one clear message naming file and line, no traceback,
and leaves the previous site/ as it was."""

from __future__ import annotations

import pytest

from conftest import event_readme

GOOD = event_readme()


def test_fixture_site_builds_cleanly(fixture_site):
    fixture_site.add("2023-05_Leverkusen/README.md", GOOD)
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    assert (fixture_site.site_dir / "2023-05-leverkusen" / "index.html").is_file()


@pytest.mark.parametrize(
    "folder, content, expected",
    [
        ("2023-05_Leverkusen", None, "hackathons/2023-05_Leverkusen: error: event folder has no README.md"),
        (
            "2023-05_Leverkusen",
            GOOD.replace("organiser: 'STACKIT'", "organiser: [oops"),
            "hackathons/2023-05_Leverkusen/README.md:9: error: front matter is not valid YAML",
        ),
        (
            "2023-05_Leverkusen",
            GOOD.replace("organiser:", "venue: x\norganiser:"),
            "hackathons/2023-05_Leverkusen/README.md:8: error: unknown field 'venue'",
        ),
        (
            "2023-05_Leverkusen",
            event_readme(end="26.05.2023"),
            "hackathons/2023-05_Leverkusen/README.md:4: error: 'end' must be a date written YYYY-MM-DD, not '26.05.2023'",
        ),
    ],
    ids=["no-readme", "not-yaml", "unknown-field", "not-a-date"],
)
def test_bad_event_is_a_build_error_naming_file_and_line(fixture_site, folder, content, expected):
    fixture_site.add("2022-09_Hirschegg/README.md", event_readme(start="2022-09-26", end="2022-09-30"))
    assert fixture_site.build().returncode == 0
    previous = (fixture_site.site_dir / "index.html").read_bytes()

    if content is None:
        (fixture_site.content / folder).mkdir()
    else:
        fixture_site.add(f"{folder}/README.md", content)
    result = fixture_site.build()

    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    # The error stops the build before MkDocs cleans site/: the previous site is intact.
    assert (fixture_site.site_dir / "index.html").read_bytes() == previous
    assert (fixture_site.site_dir / "2022-09-hirschegg" / "index.html").is_file()


def test_every_bad_event_is_reported_in_one_run(fixture_site):
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme(end="2023-05-01"))
    fixture_site.add("2023-11_Schelklingen/README.md", event_readme(start="2023-10-06", end="2023-10-10"))
    result = fixture_site.build()
    assert result.returncode == 1
    assert "2 problems in hackathons content" in result.stderr
    assert (
        "hackathons/2023-05_Leverkusen/README.md:4: error: 'end' (2023-05-01) is before 'start' (2023-05-22)"
        in result.stderr
    )
    assert (
        "hackathons/2023-11_Schelklingen/README.md:3: error: 'start' (2023-10-06) does not match the folder name"
        in result.stderr
    )


def test_new_folder_appears_in_nav_and_index_without_config_edits(fixture_site):
    fixture_site.add("2023-05_Leverkusen/README.md", GOOD)
    fixture_site.add(
        "2099-05_Schelklingen/README.md", event_readme(start="2099-05-11", end="2099-05-15", body="Plans.\n")
    )
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    home = (fixture_site.site_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="2099-05-schelklingen/"' in home
    assert "<em>upcoming</em>" in home
    assert (fixture_site.site_dir / "2099-05-schelklingen" / "index.html").is_file()
