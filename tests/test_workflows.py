"""The GitHub workflows: valid and audited by a maintained linter, and wired to what contributors need."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import PROJECT, event_readme
from test_contributors import wrapup

WORKFLOWS = PROJECT / ".github" / "workflows"


def zizmor() -> str:
    found = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert found, "zizmor is missing: it comes with the test extras (pip install -e '.[test]')"
    return found


def test_workflows_pass_zizmor_offline():
    # zizmor parses every workflow (a syntax error is a failure) and audits it: pinned actions,
    # no credentials left in the checkout, least permissions, no template injection.
    result = subprocess.run([zizmor(), "--offline", "--no-progress", str(WORKFLOWS)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_workflow_installs_a_browser_driver_or_debian_chromium():
    for workflow in WORKFLOWS.glob("*.yml"):
        text = workflow.read_text(encoding="utf-8")
        assert "chromium-driver" not in text, workflow.name
        assert "apt-get install" not in text or "chromium" not in text, workflow.name


def test_pull_requests_annotate_problems_and_keep_the_render_cache():
    workflow = yaml.safe_load((WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check-test-build"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert "wrapup check --strict --format github" in commands
    caches = [step for step in steps if step.get("uses", "").startswith("actions/cache@")]
    assert [step["with"]["path"] for step in caches] == [".cache/wrapup"]
    assert workflow["env"]["CHROMIUM"]


def test_check_prints_github_workflow_commands_at_the_problem_line(fixture_site):
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme(
        body="## T\n\n**Problem Statement:** text, 100% done: [a](../../../../etc/passwd)\n"))
    result = wrapup("check", "--format", "github", "--no-media", cwd=fixture_site.root)
    line = next(n for n, text in enumerate(
        (fixture_site.content / "2023-05_Leverkusen/README.md").read_text().splitlines(), 1) if "passwd" in text)
    annotations = [text for text in result.stdout.splitlines() if text.startswith("::")]
    assert annotations == [
        f"::warning file=hackathons/2023-05_Leverkusen/README.md,line={line},title=[link-outside]::link "
        "'../../../../etc/passwd' is refused (it climbs out of the content folder): the page shows its text "
        "without the link; put the file in the event folder and link it relatively, or give a full https:// "
        "address"
    ]
