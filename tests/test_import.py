"""``wrapup import``: wrap-ups written elsewhere become event folders that pass the check untouched."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from PIL import Image

from conftest import PROJECT
from wrapup.cli import importer
from wrapup.cli.check import check
from wrapup.cli.importer import ImportError_, import_wrapup, parse_dates
from wrapup.model.frontmatter import split_front_matter

FIXTURES = PROJECT / "tests" / "fixtures" / "import"
IMAGES = {
    "2025-11/group-picture.jpeg": "JPEG",
    "2025-11/prow-go-build-cache/prow-with-cache.png": "PNG",
    "2025-11/scale-out-tests/concept.png": "PNG",
    "2026-03/group-picture.jpeg": "JPEG",
    "2026-03/sofia-bg.jpeg": "JPEG",
}


@pytest.fixture
def images(tmp_path) -> Path:
    """The documentation site's image folder, as the fixtures reference it."""
    folder = tmp_path / "images"
    for name, kind in IMAGES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (640, 400), (80, 140, 60)).save(folder / name, kind)
    return folder


def imported(tmp_path: Path, images: Path, name: str) -> Path:
    return import_wrapup(FIXTURES / f"{name}.md", tmp_path / "hackathons", images).folder


def front(folder: Path) -> dict:
    return yaml.safe_load(split_front_matter((folder / "README.md").read_text(encoding="utf-8")).yaml_text)


@pytest.mark.parametrize("name", ["2025-11", "2026-03", "2025-07", "2025-12"])
def test_each_fixture_imports_to_a_folder_that_passes_the_strict_check(tmp_path, images, name):
    folder = imported(tmp_path, images, name)
    result = check(folder.parent)
    assert [problem.format(tmp_path) for problem in result.diagnostics] == []


@pytest.mark.parametrize("name", ["2025-11", "2026-03", "2025-07", "2025-12"])
def test_every_topic_word_url_and_image_is_kept(tmp_path, images, name):
    source = (FIXTURES / f"{name}.md").read_text(encoding="utf-8")
    folder = imported(tmp_path, images, name)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    topics = source[source.index("\n## ") + 1 :]
    for written in re.findall(r"(?:\]\(|src=\")((?:\./|/)[^)\"]+)", topics):
        topics = topics.replace(written, written.split("images/", 1)[1].split("/", 1)[1])
    assert topics in readme  # verbatim, with image addresses pointing into the folder
    body = source.split("\n---\n", 1)[1] if source.startswith("---\n") else source  # the site's own keys stay behind
    for url in set(re.findall(r"https?://[^\s)\]>\"]+", body)):
        assert url in readme, url
    for written in re.findall(r"(?:\]\(|src=\")((?:\./|/)[^)\"]+)", source):
        assert (folder / written.split("images/", 1)[1].split("/", 1)[1]).is_file(), written


def test_facts_land_in_front_matter(tmp_path, images):
    assert front(imported(tmp_path, images, "2025-11")) == {
        "title": "Hack The Garden 11/2025 Wrap Up",
        "start": "2025-11-24",
        "end": "2025-11-28",
        "place": {"name": "Schlosshof Freizeitheim, Schelklingen", "url": "https://www.schlosshof-info.de/"},
        "organiser": {"name": "x-cellent", "url": "https://www.x-cellent.com/"},
        "links": [
            {"kind": "planning", "url": "https://hackmd.io/c-SxOnnDTE-XQbrXnrPprw", "title": "Topic planning"},
            {
                "kind": "review",
                "url": "https://gardener.cloud/community/review-meetings/2025-reviews/"
                "#_2025-12-03-hack-the-garden-wrap-up",
                "title": "Review meeting summary",
            },
        ],
        "photo": {"src": "group-picture.jpeg", "alt": "Group picture"},
    }


def test_german_labels_and_a_plain_place_and_organiser(tmp_path, images):
    folder = imported(tmp_path, images, "2025-07")
    assert folder.name == "2025-07_Bad-Wildbad"
    facts = front(folder)
    assert (facts["start"], facts["end"], facts["place"], facts["organiser"]) == (
        "2025-07-07",
        "2025-07-11",
        {"name": "Haus am See, Bad Wildbad"},
        "STACKIT",
    )
    assert facts["links"][0]["kind"] == "review"


def test_a_fact_without_a_place_stays_as_text_and_is_reported_at_its_line(tmp_path, images):
    result = import_wrapup(FIXTURES / "2025-12.md", tmp_path / "hackathons", images)
    assert [(p.line, p.code) for p in result.problems] == [(6, "import")]
    assert "'Food'" in result.problems[0].message
    readme = (result.folder / "README.md").read_text(encoding="utf-8")
    assert "🍕 **Food:** cooked together every evening" in readme
    assert front(result.folder)["start"] == "2025-12-01"


@pytest.mark.parametrize(
    "text, dates",
    [
        ("24.11.2025 – 28.11.2025", ("2025-11-24", "2025-11-28")),
        ("24.11. - 28.11.2025", ("2025-11-24", "2025-11-28")),
        ("07.–11.07.2025", ("2025-07-07", "2025-07-11")),
        ("30.12.2025 - 02.01.2026", ("2025-12-30", "2026-01-02")),
        ("2025-12-01 – 2025-12-05", ("2025-12-01", "2025-12-05")),
        ("3.6.2024", ("2024-06-03", "2024-06-03")),
    ],
)
def test_dates_are_read_in_german_and_iso_forms(text, dates):
    assert tuple(day.isoformat() for day in parse_dates(text)) == dates


def test_a_source_without_its_facts_is_an_error_at_its_line_and_writes_nothing(tmp_path):
    source = tmp_path / "wrapup.md"
    source.write_text("---\ntitle: x\n---\n\nSome intro.\n\n## Topic\n\ntext\n", encoding="utf-8")
    into = tmp_path / "hackathons"
    with pytest.raises(ImportError_) as failed:
        import_wrapup(source, into)
    problem = failed.value.problems[0]
    assert (problem.path, problem.line) == (source, 4)
    assert problem.message.startswith("expected a title (an H1 heading), the dates (a 'Date:' fact)")
    assert not into.exists() or list(into.iterdir()) == []


def test_broken_front_matter_is_an_error_at_its_line(tmp_path):
    source = tmp_path / "wrapup.md"
    source.write_text("---\ntitle: [oops\n---\n# T\n", encoding="utf-8")
    with pytest.raises(ImportError_) as failed:
        import_wrapup(source, tmp_path / "hackathons")
    assert failed.value.problems[0].line == 3 and "expected YAML front matter" in failed.value.problems[0].message


def test_a_failure_half_way_leaves_no_folder(tmp_path, images, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(importer.shutil, "copyfile", broken)
    into = tmp_path / "hackathons"
    with pytest.raises(OSError):
        import_wrapup(FIXTURES / "2025-11.md", into, images)
    assert list(into.iterdir()) == []


def test_an_existing_folder_is_never_overwritten(tmp_path, images):
    imported(tmp_path, images, "2025-07")
    with pytest.raises(ImportError_, match="exists already"):
        imported(tmp_path, images, "2025-07")


def test_the_command_reports_path_line_and_exits_1(tmp_path):
    source = tmp_path / "bad.md"
    source.write_text("# Only a title\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "wrapup.cli", "import", str(source), "--root", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("bad.md:1: error: expected the dates")
    assert "nothing written" in result.stderr


def test_a_seed_folder_imports_with_the_facts_of_its_events_table(tmp_path, seed_root):
    source = tmp_path / "seed"
    shutil.copytree(seed_root / "2024-05_Schelklingen", source / "2024-05_Schelklingen")
    shutil.copyfile(seed_root / "README.md", source / "README.md")
    result = import_wrapup(source / "2024-05_Schelklingen", tmp_path / "hackathons")
    facts = front(result.folder)
    assert (facts["title"], facts["start"], facts["end"], facts["place"]["name"], facts["organiser"]) == (
        "Hack The Garden 05/2024 Wrap Up",
        "2024-05-13",
        "2024-05-17",
        "Schlosshof Freizeitheim, Schelklingen",
        "x-cellent",
    )
    original = (seed_root / "2024-05_Schelklingen" / "README.md").read_text(encoding="utf-8")
    body = split_front_matter((result.folder / "README.md").read_text(encoding="utf-8")).body
    assert body.strip() == original.split("\n", 1)[1].strip()  # all but the H1, which is the title now
    assert check(tmp_path / "hackathons").errors == 0


def test_a_seed_folder_without_a_table_row_is_an_error_naming_the_table(tmp_path, seed_root):
    shutil.copytree(seed_root / "2024-05_Schelklingen", tmp_path / "2024-05_Schelklingen")
    (tmp_path / "README.md").write_text("# Events\n", encoding="utf-8")
    with pytest.raises(ImportError_, match=r"expected a row for 2024-05_Schelklingen/README\.md"):
        import_wrapup(tmp_path / "2024-05_Schelklingen", tmp_path / "hackathons")


# ---- phone photos ------------------------------------------------------------------------------


def camera_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Apple"  # make
    exif[0x0112] = 6  # orientation: rotated
    exif.get_ifd(0x8825)[2] = (48.0, 8.0, 0.0)  # GPS latitude
    return exif


def test_an_iphone_mpo_saved_as_jpeg_is_converted_upright_without_metadata():
    from wrapup.media.images import process

    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 120, 200)).save(
        buffer, "MPO", save_all=True, exif=camera_exif(), append_images=[Image.new("RGB", (800, 600))]
    )
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"
    processed, files = process(buffer.getvalue())
    assert (processed.width, processed.height) == (600, 800)
    for data in files.values():
        assert b"Apple" not in data and not Image.open(io.BytesIO(data)).getexif()


def test_a_heic_photo_is_converted_like_any_image():
    pillow_heif = pytest.importorskip("pillow_heif", reason="pillow-heif is a dependency: pip install -e .")
    from wrapup.media.images import process

    pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 120, 200)).save(buffer, "HEIF")
    processed, files = process(buffer.getvalue())
    assert processed.width == 800 and {name.rsplit(".", 1)[1] for name in files} == {"webp", "jpg"}


def test_an_unreadable_photo_names_the_formats_the_site_takes():
    from wrapup.media.images import ImageProblem, process

    with pytest.raises(ImageProblem, match=r"it takes PNG, JPEG .also MPO, as phones save it., WebP, GIF or HEIC/HEIF"):
        process(b"not an image at all")


def test_front_matter_of_before_stays_valid_and_the_new_fields_are_validated(tmp_path):
    from wrapup.model.frontmatter import FrontMatterError, parse_event_meta

    base = "---\ntitle: T\nstart: 2025-11-24\nend: 2025-11-28\nplace:\n  name: P\n"
    old = parse_event_meta(split_front_matter(base + "organiser: x-cellent\n---\n"))
    assert (old.organiser, old.organiser_url, old.links, old.photo) == ("x-cellent", None, (), None)
    new = parse_event_meta(
        split_front_matter(
            base
            + "organiser:\n  name: SAP\n  url: https://www.sap.com/\nlinks:\n  - kind: slides\n    url: https://e.org/s\n"
            "photo:\n  src: group.jpeg\n---\n"
        )
    )
    assert (new.organiser_url, new.links[0].text, new.photo.src) == ("https://www.sap.com/", "Slides", "group.jpeg")
    for bad in (
        "organiser: x\nlinks:\n  - kind: podcast\n    url: https://e.org\n",
        "organiser:\n  name: x\n  url: javascript:alert(1)\n",
        "organiser: x\nphoto:\n  src: ../../etc/passwd\n",
    ):
        with pytest.raises(FrontMatterError):
            parse_event_meta(split_front_matter(base + bad + "---\n"))


def test_the_dates_of_an_import_are_real_dates():
    with pytest.raises(ValueError):
        parse_dates("31.02.2025")
    assert parse_dates("no date here") is None
    assert parse_dates("1.1.2026")[0] == dt.date(2026, 1, 1)


def test_a_photo_sized_with_raw_html_keeps_its_size_and_gets_responsive_sources(fixture_site):
    from bs4 import BeautifulSoup

    from conftest import event_readme

    buffer = io.BytesIO()
    Image.new("RGB", (2400, 1600), (80, 140, 60)).save(
        buffer, "MPO", save_all=True, append_images=[Image.new("RGB", (8, 8))]
    )
    fixture_site.add(
        "2023-05_Leverkusen/README.md",
        event_readme(
            body='<img src="group.jpeg" width="600" alt="Group picture">\n\n## Topic\n\n**Problem Statement:** x\n'
        ),
    )
    fixture_site.add("2023-05_Leverkusen/group.jpeg", buffer.getvalue())
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup(
        (fixture_site.site_dir / "2023-05-leverkusen" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    image = page.select_one('article img[alt="Group picture"]')
    assert (image["width"], image["sizes"]) == ("600", "600px")
    widths = [int(candidate.split()[1][:-1]) for candidate in image["srcset"].split(", ")]
    assert max(widths) >= 1200  # a sharp picture on a dense screen: a thumbnail never stands in for the photo
    assert (fixture_site.site_dir / "2023-05-leverkusen" / "group.jpeg").is_file()
