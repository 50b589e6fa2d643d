"""Every file of site/ is readable by everyone: a web server that does not run as the builder
(nginx, Apache, a container's user) serves every page and every image.

The published media (diagram PNGs, image sizes, social cards) are hard links to cache entries,
and MkDocs writes with the builder's umask: both must end readable, however they were made."""

from __future__ import annotations

import http.client
import io
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from PIL import Image

from conftest import MKDOCS, PROJECT, event_readme
from drawio_export import Diagram, Shape, export_svg

BODY = "![Group](group.png)\n\n## Architecture\n\n**Problem Statement:** see ![Design](design.drawio.svg)\n"
SERVER = PROJECT / "tests" / "unprivileged_server.py"


def group_picture() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), "seagreen").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def media_site(fixture_site):
    """A fixture event with a picture (its sizes), a diagram (its PNG) and so a social card."""
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme(body=BODY))
    fixture_site.add("2023-05_Leverkusen/group.png", group_picture())
    diagram = Diagram("t", 300, 200, shapes=[Shape("s", 20, 20, 200, 60, "OSC")])
    fixture_site.add("2023-05_Leverkusen/design.drawio.svg", export_svg(diagram))
    return fixture_site


def build(root: Path, umask: int = 0o022, config: str = "mkdocs.yml") -> None:
    """``mkdocs build --strict`` of the site at ``root`` with the builder's ``umask``."""
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "--config-file", str(root / config)],
        check=False,
        cwd=root,
        capture_output=True,
        text=True,
        umask=umask,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr


def modes(folder: Path) -> dict[str, str]:
    """Every path under ``folder`` (itself as ".") with its permission bits, octal."""
    paths = [folder, *folder.rglob("*")]
    return {str(path.relative_to(folder)): oct(stat.S_IMODE(path.lstat().st_mode)) for path in paths}


def wrongly_set(folder: Path) -> dict[str, str]:
    return {
        name: mode
        for name, mode in modes(folder).items()
        if mode != (oct(0o755) if (folder / name).is_dir() else oct(0o644))
    }


MEDIA = [
    "2023-05-leverkusen/design.drawio.png",
    "2023-05-leverkusen/group.480.webp",
    "2023-05-leverkusen/group.png",
    "2023-05-leverkusen/wrapup-card.png",
]


def published_files(site_dir: Path) -> list[str]:
    files = sorted(path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_file())
    assert set(MEDIA) <= set(files), "the fixture no longer publishes every kind of cached media"
    return files


def test_a_build_under_umask_077_publishes_files_0644_and_folders_0755(media_site):
    build(media_site.root, umask=0o077)
    published_files(media_site.site_dir)
    assert wrongly_set(media_site.site_dir) == {}


def test_a_cache_written_0600_by_an_older_build_is_published_readable(media_site):
    build(media_site.root)
    cache = media_site.root / ".cache" / "wrapup"
    entries = [path for path in cache.rglob("*") if path.is_file()]
    assert entries
    for entry in entries:
        entry.chmod(0o600)
    shutil.rmtree(media_site.site_dir)
    build(media_site.root)
    assert wrongly_set(media_site.site_dir) == {}


def test_cache_entries_are_written_readable_by_everyone_under_any_umask(media_site):
    build(media_site.root, umask=0o077)
    cache = media_site.root / ".cache" / "wrapup"
    diagram_renders = [path for path in cache.rglob("*.png") if path.is_file()]
    assert diagram_renders
    assert {oct(stat.S_IMODE(path.stat().st_mode)) for path in diagram_renders} == {oct(0o644)}


def as_root() -> list[str]:
    """How to start the server as root: directly when the tests run as root (as in .ci/run here),
    through passwordless sudo otherwise (GitHub's runners). Fails, saying so, when neither works:
    a server running as the builder reads the builder's private files and would prove nothing."""
    if os.geteuid() == 0:
        return []
    sudo = shutil.which("sudo")
    if sudo and subprocess.run([sudo, "-n", "true"], check=False, capture_output=True).returncode == 0:
        return ["sudo", "-n"]
    pytest.fail(
        "this test serves the site as the user 'nobody' and cannot become it: run the tests "
        "as root or as a user with passwordless sudo (GitHub's runners have it)"
    )


def get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/" + quote(path))
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_a_server_running_as_nobody_answers_200_for_every_file_of_a_umask_077_build(media_site):
    build(media_site.root, umask=0o077)
    files = published_files(media_site.site_dir)
    server = subprocess.Popen(
        [*as_root(), sys.executable, "-I", str(SERVER), str(media_site.site_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        port = server.stdout.readline().strip()
        assert port.isdigit(), f"the server did not start: {port}{server.stderr.read() if server.poll() else ''}"
        statuses = {path: get(int(port), path) for path in files}
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stdout.close()
        server.stderr.close()
    assert {path: status for path, status in statuses.items() if status != 200} == {}
