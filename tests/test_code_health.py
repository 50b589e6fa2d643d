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


# The package's folders, lowest first: each may import only from those before it and from the
# package's top-level modules (settings, config, diagnostics, cache), never from those after it.
LAYERS = ("model", "media", "pages", "output", "cli")
TOP_LEVEL_MODULES = ("settings", "config", "diagnostics", "cache")


def _type_checking_only(tree: ast.Module) -> set[ast.AST]:
    """The imports under ``if TYPE_CHECKING:``: names for annotations, never run."""
    return {
        inner
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }


def _package_imports(at_run_time_only: bool = False) -> dict[str, set[str]]:
    """Each module of the package (``model.events``) and the package modules it imports, at any
    depth of its body (imports inside functions count: they are still a dependency)."""
    package = PROJECT / "hooks" / "wrapup"
    found: dict[str, set[str]] = {}
    for path in package.rglob("*.py"):
        module = ".".join(path.relative_to(package).with_suffix("").parts)
        targets: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _type_checking_only(tree) if at_run_time_only else set()
        for node in ast.walk(tree):
            if node in skipped:
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("wrapup"):
                base = node.module.removeprefix("wrapup").lstrip(".")
                targets.update(f"{base}.{alias.name}".lstrip(".") for alias in node.names)
            elif isinstance(node, ast.Import):
                targets.update(a.name.removeprefix("wrapup.") for a in node.names if a.name.startswith("wrapup."))
        found[module] = targets
    return found


def _layer(module: str) -> str:
    return module.split(".")[0]


def test_folders_import_only_the_folders_below_them():
    wrong = []
    for module, targets in _package_imports().items():
        if _layer(module) not in LAYERS:
            continue
        allowed = set(LAYERS[: LAYERS.index(_layer(module)) + 1]) | set(TOP_LEVEL_MODULES)
        wrong += [f"{module} imports {target}" for target in sorted(targets) if _layer(target) not in allowed]
    assert wrong == []


def test_the_top_level_modules_import_no_folder():
    wrong = [
        f"{module} imports {target}"
        for module, targets in _package_imports().items()
        if module in TOP_LEVEL_MODULES
        for target in sorted(targets)
        if _layer(target) in LAYERS
    ]
    assert wrong == []


def test_the_package_modules_import_no_cycle():
    imports = _package_imports(at_run_time_only=True)
    modules = set(imports)

    def resolved(target: str) -> str | None:
        # ``from wrapup.model import events`` names a module; ``from wrapup.model.events import X``
        # names a member of one.
        return target if target in modules else (target.rsplit(".", 1)[0] if "." in target else None)

    graph = {
        module: {m for t in targets if (m := resolved(t)) in modules and m != module}
        for module, targets in imports.items()
    }
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles: list[str] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_no_module_rebinds_its_globals():
    # Build state lives on the hooks' object (``WrapupHooks``), made afresh for every build and
    # every rebuild of ``mkdocs serve``; a ``global`` statement would carry state across them.
    found = [
        f"{path.relative_to(PROJECT)}:{node.lineno}"
        for path in [PROJECT / "hooks" / "wrapup_hooks.py", *(PROJECT / "hooks" / "wrapup").rglob("*.py")]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Global | ast.Nonlocal)
    ]
    assert found == []
