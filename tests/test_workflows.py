"""The GitHub workflows, which cannot run here: schema-valid, with the steps the project relies on.

``actionlint`` is not installable here (no Go toolchain or binary from PyPI/Debian), so the files
are validated against the GitHub workflow JSON schema that check-jsonschema ships (offline), and
the steps are asserted one by one. The ProperDocs escape hatch is exercised for real.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent


def load(name: str) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def uses(job: dict) -> list[str]:
    return [step["uses"] for step in job["steps"] if "uses" in step]


def step_using(job: dict, action: str) -> list[dict]:
    return [step for step in job["steps"] if step.get("uses", "").startswith(action + "@")]


@pytest.mark.parametrize("name", ["pr.yml", "pages.yml", "links.yml"])
def test_workflow_matches_github_schema(name):
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(WORKFLOWS / name)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_rejects_a_broken_workflow(tmp_path):
    """The schema check can fail: a job without runs-on, a step with an unknown key."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  build:\n    steps:\n      - rn: echo\n", encoding="utf-8")
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1


def test_pull_request_workflow_checks_builds_tests_and_uploads():
    flow = load("pr.yml")
    assert "pull_request" in flow["on"]
    assert flow["permissions"] == {"contents": "read"}
    assert flow["env"]["TREATY_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    [job] = flow["jobs"].values()
    assert job["container"].startswith("python:3.1")  # Python from a Debian image: Debian's chromium, as the tests expect
    script = runs(job)
    order = [
        "apt-get install",
        "pip install --require-hashes -r requirements-dev.lock",
        "pip install --no-deps --no-build-isolation -e .",
        "reuse lint",
        "python hooks/check.py --strict",
        "mkdocs build --strict",
        "properdocs build -f mkdocs.yml --strict",
        "python -m pytest",
    ]
    positions = [script.find(piece) for piece in order]
    assert -1 not in positions and positions == sorted(positions), dict(zip(order, positions, strict=False))
    for package in ("chromium", "poppler-utils", "fonts-dejavu-core", "fonts-noto-cjk"):
        assert package in script
    assert "pango" not in script and "fonts-nanum" not in script  # Typst needs no system library
    assert "actions/checkout@v4" in uses(job)
    uploads = {step["with"]["name"]: step["with"] for step in step_using(job, "actions/upload-artifact")}
    assert uploads["site"]["path"] == "site/"
    assert uploads["pdf"]["path"] == "site/pdf/" and uploads["pdf"]["if-no-files-found"] == "error"


def test_pages_workflow_deploys_main_with_the_official_actions():
    flow = load("pages.yml")
    assert flow["on"]["push"]["branches"] == ["main"]
    assert flow["concurrency"]["group"] == "pages" and flow["concurrency"]["cancel-in-progress"] is False
    assert flow["env"]["TREATY_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert "python hooks/check.py --strict" in runs(build) and "mkdocs build --strict" in runs(build)
    assert step_using(build, "actions/configure-pages")
    [upload] = step_using(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site/"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    [step] = step_using(deploy, "actions/deploy-pages")
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"


def test_link_check_runs_weekly_and_reports_in_the_run_summary():
    """The checker writes its report to $GITHUB_STEP_SUMMARY itself (tested in test_link_check)."""
    flow = load("links.yml")
    [schedule] = flow["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()  # once a week
    assert "workflow_dispatch" in flow["on"]
    assert flow["permissions"] == {"contents": "read"}
    [job] = flow["jobs"].values()
    assert "python hooks/check.py --links" in runs(job)
    assert "pip install -r requirements.txt" in runs(job)


@pytest.mark.parametrize("name", ["pr.yml", "pages.yml"])
def test_workflows_check_out_the_full_history(name):
    """A shallow checkout would build a site whose clauses say their history is unavailable."""
    for job_name, job in load(name)["jobs"].items():
        for step in step_using(job, "actions/checkout"):
            assert step.get("with", {}).get("fetch-depth") == 0, f"{name}: job {job_name} checks out a shallow clone"


def test_pull_request_template_has_the_content_checklist():
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    items = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(items) >= 6
    for rule in ("own words", "real", "invented", "exact", "derived_from", "python hooks/check.py --strict"):
        assert any(rule in item for item in items), rule


@pytest.mark.build
def test_properdocs_builds_the_real_site(tmp_path):
    """The escape hatch if MkDocs 1.x breaks: the maintained fork builds the same site, strictly."""
    site = tmp_path / "site"
    env = {k: v for k, v in os.environ.items() if k != "TREATY_REPO_URL"} | {"NO_MKDOCS_2_WARNING": "1", "TREATY_PDF": "0"}
    properdocs = shutil.which("properdocs", path=str(BIN)) or "properdocs"
    # Exactly as the workflow runs it: from the root, with the config named relative to it.
    result = subprocess.run(
        [properdocs, "build", "-f", "mkdocs.yml", "--strict", "-d", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((site / "annotations.json").read_text(encoding="utf-8"))
    on_disk = {p.relative_to(ROOT / "annotations").with_suffix("").as_posix() for p in (ROOT / "annotations").glob("*/*.md")}
    assert {e["id"] for e in manifest} == on_disk  # every note rendered, as with MkDocs
    page = (site / "treaties/dprk-russia-2024/index.html").read_text(encoding="utf-8")
    assert 'class="footnote-ref"' in page and 'id="art_4"' in page
    assert (site / "contributing/index.html").exists() and (site / "contributors/index.html").exists()
