"""The GitHub workflows: valid and audited by a maintained linter, and wired to what contributors need."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from conftest import PROJECT, event_readme
from test_contributors import wrapup

WORKFLOWS = PROJECT / ".github" / "workflows"
LOCKED_INSTALL = "python -m pip install --require-hashes -r requirements.txt && python -m pip install --no-deps -e ."


def zizmor() -> str:
    found = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert found, "zizmor is missing: it comes with the test extras (pip install -e '.[test]')"
    return found


def test_workflows_pass_zizmor_offline():
    # zizmor parses every workflow (a syntax error is a failure) and audits it: pinned actions,
    # no credentials left in the checkout, least permissions, no template injection; and
    # Dependabot's configuration (a cooldown before a new release is proposed).
    dependabot = WORKFLOWS.parent / "dependabot.yml"
    result = subprocess.run(
        [zizmor(), "--offline", "--no-progress", str(WORKFLOWS), str(dependabot)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
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


def test_the_pull_request_artifact_is_the_preview_that_opens_from_disk_and_pages_stays_online():
    steps = yaml.safe_load((WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8"))["jobs"]["check-test-build"][
        "steps"
    ]
    names = [step.get("run", step.get("uses", "")) for step in steps]
    upload = next(i for i, name in enumerate(names) if name.startswith("actions/upload-artifact@"))
    assert names[upload - 1] == "mkdocs build --strict --config-file mkdocs.offline.yml"  # the last build before it
    assert steps[upload - 1]["if"] == steps[upload]["if"]
    publish = yaml.safe_load((WORKFLOWS / "publish.yml").read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    assert "mkdocs build --strict" in [step.get("run") for step in publish]
    assert not any("offline" in str(step.get("run", "")) for step in publish)


def test_check_prints_github_workflow_commands_at_the_problem_line(fixture_site):
    fixture_site.add(
        "2023-05_Leverkusen/README.md",
        event_readme(body="## T\n\n**Problem Statement:** text, 100% done: [a](../../../../etc/passwd)\n"),
    )
    result = wrapup("check", "--format", "github", "--no-media", cwd=fixture_site.root)
    line = next(
        n
        for n, text in enumerate((fixture_site.content / "2023-05_Leverkusen/README.md").read_text().splitlines(), 1)
        if "passwd" in text
    )
    annotations = [text for text in result.stdout.splitlines() if text.startswith("::")]
    assert annotations == [
        (
            f"::warning file=hackathons/2023-05_Leverkusen/README.md,line={line},title=[link-outside]::link "
            "'../../../../etc/passwd' is refused (it climbs out of the content folder): the page shows its text "
            "without the link; put the file in the event folder and link it relatively, or give a full https:// "
            "address"
        )
    ]


def pull_request_matrix() -> list[dict[str, str]]:
    workflow = yaml.safe_load((WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8"))
    return workflow["jobs"]["check-test-build"]["strategy"]["matrix"]["include"]


def test_pull_requests_test_on_the_oldest_and_the_newest_supported_python():
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    oldest = project["requires-python"].removeprefix(">=")
    versions = [
        c.rsplit(" :: ", 1)[1] for c in project["classifiers"] if c.startswith("Programming Language :: Python :: 3.")
    ]
    newest = max(versions, key=lambda version: tuple(map(int, version.split("."))))
    tested = {entry["python"] for entry in pull_request_matrix() if entry["engine"] == "mkdocs"}
    assert tested == {oldest, newest}


def test_pull_requests_run_the_tests_and_a_strict_build_with_properdocs():
    assert {"python": "3.11", "engine": "properdocs"} in pull_request_matrix()
    workflow = yaml.safe_load((WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["check-test-build"]
    assert job["env"]["WRAPUP_ENGINE"] == "${{ matrix.engine }}"
    assert "properdocs build --strict --config-file mkdocs.yml" in [step.get("run") for step in job["steps"]]


def test_pull_requests_audit_the_lock():
    workflow = yaml.safe_load((WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8"))
    runs = [step.get("run") for step in workflow["jobs"]["audit"]["steps"] if "run" in step]
    assert runs == ["make lock-check", "bash .ci/audit"]  # uv's own check of the lock, then the advisories


def test_every_workflow_installs_from_the_lock_with_its_hashes():
    installs = []
    for path in sorted(WORKFLOWS.glob("*.yml")):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job in workflow["jobs"].values():
            installs += [step["run"] for step in job["steps"] if "pip install" in step.get("run", "")]
    assert len(installs) == 3
    for command in installs:
        assert command == LOCKED_INSTALL
