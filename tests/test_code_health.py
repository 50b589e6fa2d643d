"""The maintainer's checks on the package and the tests, as tests: ruff (rules and format), mypy --strict,
and functions short enough to read (at most 60 lines; ruff's McCabe rule caps complexity at 15).
Their configuration is in pyproject.toml."""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import PROJECT

PACKAGE = PROJECT / "hooks" / "wrapup"
HOOKS = PROJECT / "hooks"
TESTS = PROJECT / "tests"  # held to the same rules (pyproject.toml: one exception, long lines)
LONGEST_FUNCTION = 60


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=PROJECT, capture_output=True, text=True, timeout=300, check=False
    )


def test_ruff_finds_nothing():
    result = _run("ruff", "check", "--no-cache", str(HOOKS), str(TESTS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_in_ruff_format():
    result = _run("ruff", "format", "--check", "--no-cache", str(HOOKS), str(TESTS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_finds_nothing():
    result = _run("mypy")  # strict, on the wrapup package and the hooks: [tool.mypy] in pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_function_is_longer_than_60_lines():
    long = []
    for path in sorted(HOOKS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno is not None:
                length = node.end_lineno - node.lineno + 1
                if length > LONGEST_FUNCTION:
                    long.append(f"{path.relative_to(PROJECT)}:{node.lineno} {node.name}: {length} lines")
    assert long == []
