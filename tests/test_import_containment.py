"""``wrapup import`` reads only inside the folders it is given, never follows a link out of them,
and writes only inside the new event folder: a hostile page or folder cannot publish a private
file of the maintainer's, nor write over the project's own code."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PIL import Image

from conftest import PROJECT
from wrapup.cli.importer import ImportError_, import_wrapup

FIXTURE = (PROJECT / "tests" / "fixtures" / "import" / "2025-07.md").read_text(encoding="utf-8")
SECRET = b"maintainer's private bytes"


def snapshot(root: Path, leave_out: Path | None = None) -> dict[str, tuple[int, int]]:
    """Every path under ``root`` (links not followed) with its size and modification time."""
    found = {}
    for folder, subfolders, names in os.walk(root, followlinks=False):
        for name in [*subfolders, *names]:
            path = Path(folder) / name
            if leave_out is not None and (path == leave_out or leave_out in path.parents):
                continue
            status = path.lstat()
            found[str(path.relative_to(root))] = (status.st_size, status.st_mtime_ns)
    return found


def png(path: Path, colour=(10, 120, 200)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (32, 32), colour).save(path, "PNG")
    return path


@pytest.fixture
def layout(tmp_path) -> Path:
    """A maintainer's disk: a private folder, the source's folder, an images folder, the project."""
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "secret.png").write_bytes(SECRET)
    png(tmp_path / "private" / "photo.png", (255, 0, 0))
    (tmp_path / "source").mkdir()
    (tmp_path / "images" / "2025-07").mkdir(parents=True)
    (tmp_path / "project" / "hooks").mkdir(parents=True)
    (tmp_path / "project" / "hooks" / "wrapup_hooks.py").write_text("# the project's code\n", encoding="utf-8")
    (tmp_path / "project" / "hackathons").mkdir()  # the events folder: the new folder is renamed into it
    return tmp_path


def page_with(body: str) -> str:
    return FIXTURE.replace("## 🧪 Faster Integration Tests\n", f"## 🧪 Faster Integration Tests\n\n{body}\n", 1)


def run_import(layout: Path, body: str) -> tuple[Path, list[str], dict, dict]:
    source = layout / "source" / "2025-07.md"
    source.write_text(page_with(body), encoding="utf-8")
    into = layout / "project" / "hackathons"
    before = snapshot(layout)
    result = import_wrapup(source, into, layout / "images")
    after = snapshot(layout, leave_out=result.folder)
    return result.folder, [problem.format(layout) for problem in result.problems], before, after


def assert_nothing_outside_changed(before: dict, after: dict) -> None:
    changed = {path for path in after if before.get(path) != after[path]}
    assert changed <= {"project/hackathons"}, changed


def published_bytes(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in folder.rglob("*") if path.is_file())


@pytest.mark.parametrize(
    "body",
    [
        "![private](../private/secret.png)",
        "![private](./../private/photo.png)",
        '<img src="../private/photo.png" width="300">',
        "![private](/community/hackathons/images/2025-07/../../private/photo.png)",
        "![private](/community/hackathons/images/../private/secret.png)",
    ],
)
def test_an_image_address_that_climbs_out_is_not_read_and_is_reported_at_its_line(layout, body):
    folder, problems, before, after = run_import(layout, body)
    assert SECRET not in published_bytes(folder)
    assert not [
        path for path in folder.rglob("*.png") if path.read_bytes() == (layout / "private/photo.png").read_bytes()
    ]
    line = page_with(body).splitlines().index(body) + 1
    assert any(
        problem.startswith(f"source/2025-07.md:{line}: warning: image") and "outside the folders" in problem
        for problem in problems
    ), problems
    assert_nothing_outside_changed(before, after)


def test_an_image_that_is_a_link_out_of_the_images_folder_is_not_read(layout):
    (layout / "images" / "2025-07" / "leak.png").symlink_to(layout / "private" / "photo.png")
    (layout / "source" / "near.png").symlink_to(layout / "private" / "secret.png")
    folder, problems, before, after = run_import(
        layout, "![a](/community/hackathons/images/2025-07/leak.png)\n\n![b](near.png)"
    )
    assert not list(folder.rglob("leak.png")) and not list(folder.rglob("near.png"))
    assert sum("outside the folders" in problem for problem in problems) == 2
    assert_nothing_outside_changed(before, after)


def test_an_address_that_would_be_written_outside_the_new_folder_is_refused(layout):
    (layout / "seed" / "2025-07_Place" / "sub").mkdir(parents=True)
    folder = layout / "seed" / "2025-07_Place"
    png(folder / "x.png")
    # Read inside the folder (sub/../x.png), but kept as written it would land beside the new folder.
    (folder / "README.md").write_text(
        "# Hack The Garden 07/2025 Wrap Up\n\n## Topic\n\n![x](sub/../../2025-07_Place/x.png)\n", encoding="utf-8"
    )
    (layout / "seed" / "README.md").write_text(
        "| Date | Location | Organizer | Wrap Up |\n| --- | --- | --- | --- |\n"
        "| 07.07.2025 - 11.07.2025 | Place | STACKIT | [wrap up](2025-07_Place/README.md) |\n",
        encoding="utf-8",
    )
    into = layout / "project" / "hackathons"
    before = snapshot(layout)
    result = import_wrapup(folder, into)
    after = snapshot(layout, leave_out=result.folder)
    assert_nothing_outside_changed(before, after)
    assert sorted(path.name for path in into.iterdir()) == [result.folder.name]
    assert any("written outside the new folder" in problem.message for problem in result.problems)


def test_a_seed_folder_whose_readme_is_a_link_is_refused_and_nothing_is_written(layout):
    folder = layout / "seed" / "2025-07_Place"
    folder.mkdir(parents=True)
    (layout / "private" / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (folder / "README.md").symlink_to(layout / "private" / "passwd")
    (layout / "seed" / "README.md").write_text("| Date | Location | Organizer | Wrap Up |\n", encoding="utf-8")
    before = snapshot(layout)
    with pytest.raises(ImportError_) as refused:
        import_wrapup(folder, layout / "project" / "hackathons")
    assert "symbolic link" in refused.value.problems[0].message
    assert snapshot(layout) == before


def test_links_in_a_seed_folder_are_left_behind_with_a_warning(layout):
    folder = layout / "seed" / "2025-07_Place"
    (folder / "docs").mkdir(parents=True)
    (folder / "README.md").write_text("# Hack The Garden 07/2025 Wrap Up\n\n## Topic\n\ntext\n", encoding="utf-8")
    (folder / "passwd.md").symlink_to(layout / "private" / "secret.png")
    (folder / "docs" / "outside").symlink_to(layout / "private", target_is_directory=True)
    (layout / "seed" / "README.md").write_text(
        "| Date | Location | Organizer | Wrap Up |\n| --- | --- | --- | --- |\n"
        "| 07.07.2025 - 11.07.2025 | Place | STACKIT | [wrap up](2025-07_Place/README.md) |\n",
        encoding="utf-8",
    )
    before = snapshot(layout)
    result = import_wrapup(folder, layout / "project" / "hackathons")
    assert SECRET not in published_bytes(result.folder)
    assert not (result.folder / "passwd.md").exists() and not (result.folder / "docs" / "outside").exists()
    assert sum("symbolic link" in problem.message for problem in result.problems) == 2
    assert_nothing_outside_changed(before, snapshot(layout, leave_out=result.folder))


def test_two_pictures_of_the_same_name_are_both_kept(layout):
    png(layout / "source" / "team-a" / "photo.png", (255, 0, 0))
    png(layout / "source" / "team-b" / "photo.png", (0, 0, 255))
    body = "![a](team-a/photo.png)\n\n![b](team-b/photo.png)"
    folder, _, _, _ = run_import(layout, body)
    text = (folder / "README.md").read_text(encoding="utf-8")
    names = re.findall(r"!\[[ab]\]\(([^)]+)\)", text)
    assert len(set(names)) == 2
    colours = {Image.open(folder / name).convert("RGB").getpixel((0, 0)) for name in names}
    assert colours == {(255, 0, 0), (0, 0, 255)}


def test_a_file_that_is_not_an_image_is_never_copied(layout):
    (layout / "source" / "id_rsa").write_bytes(SECRET)
    folder, problems, _, _ = run_import(layout, '<img src="id_rsa" alt="key">')
    assert SECRET not in published_bytes(folder)
    assert any("is not an image the site publishes" in line for line in problems)
