"""The build never reaches the network: the whole real site builds, cold, with networking blocked."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from conftest import MKDOCS, SEED_CONTENT, write_config

# A cold build of the seed in a network namespace: in the slow tier (make test-slow; CI runs it).
pytestmark = pytest.mark.slow

# Loaded by every Python process of the build (the build and its worker processes) through
# PYTHONPATH: every Internet socket operation is recorded and refused.
GUARD = textwrap.dedent("""
    import os, socket

    _LOG = os.environ["NETWORK_GUARD_LOG"]

    def _refuse(what, *args):
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {what} {args!r}\\n")
        raise OSError(101, "network blocked by the test's guard")

    _connect, _connect_ex, _sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _refuse("connect", address)
        return _connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _refuse("connect_ex", address)
        return _connect_ex(self, address)

    def sendto(self, *args):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _refuse("sendto", args[-1])
        return _sendto(self, *args)

    socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = connect, connect_ex, sendto
    socket.getaddrinfo = lambda *args, **kwargs: _refuse("getaddrinfo", *args)
    socket.gethostbyname = lambda *args: _refuse("gethostbyname", *args)
""")


def unshare_available() -> bool:
    """Whether this machine lets us run a command in a new network namespace with no interfaces."""
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-rn", "true"], capture_output=True, check=False).returncode == 0


def guarded(tmp_path: Path) -> tuple[Path, Path]:
    """A folder to put on PYTHONPATH that loads the guard, and the log it writes attempts to."""
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "network-attempts.log"
    log.touch()
    return guard, log


def test_the_real_site_builds_cold_with_networking_blocked(tmp_path):
    guard, log = guarded(tmp_path)
    config = write_config(tmp_path, SEED_CONTENT, tmp_path / "site")  # empty cache: workers run
    command = [*MKDOCS, "build", "--strict", "--config-file", str(config)]
    # Where the machine allows it, also in a network namespace without interfaces.
    isolated = unshare_available()
    if isolated:
        command = ["unshare", "-rn", *command]
    environment = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "NETWORK_GUARD_LOG": str(log),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(guard), os.environ.get("PYTHONPATH")])),
    }
    result = subprocess.run(
        command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=900, check=False
    )
    print(f"network blocked by the socket guard{' and an empty network namespace' if isolated else ''}")
    assert result.returncode == 0, result.stderr
    assert log.read_text(encoding="utf-8") == "", "the build tried to reach the network"
    assert "diagrams: 2 rendered, 0 cached" in result.stderr  # worker processes ran under the guard
    assert (tmp_path / "site" / "2023-05-leverkusen" / "index.html").is_file()


def test_the_guard_refuses_and_records_a_connection(tmp_path):
    """The guard itself works: without this, the test above could pass with a guard that never loads."""
    guard, log = guarded(tmp_path)
    probe = "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=1)\nexcept OSError as e:\n    print(e)"
    environment = {**os.environ, "NETWORK_GUARD_LOG": str(log), "PYTHONPATH": str(guard)}
    result = subprocess.run(
        [MKDOCS[0], "-c", probe], env=environment, capture_output=True, text=True, timeout=60, check=False
    )
    assert "network blocked by the test's guard" in result.stdout
    assert "getaddrinfo" in log.read_text(encoding="utf-8") or "connect" in log.read_text(encoding="utf-8")
