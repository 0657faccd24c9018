"""Material's end-of-life banner is quieted by the project's own mkdocs.yml, not by a variable to know."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import copy_repo, tiny_project

BANNER = "Material for MkDocs reaches end of life"


def mkdocs_build(project: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"} | {"TREATY_PDF": "0"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.build
def test_the_projects_config_quiets_materials_banner(tmp_path):
    plain = mkdocs_build(tiny_project(tmp_path / "tiny"))  # a config without the line prints it
    assert plain.returncode == 0 and BANNER in plain.stderr
    (tmp_path / "repo").mkdir()
    ours = mkdocs_build(copy_repo(tmp_path / "repo"))
    assert ours.returncode == 0, ours.stderr
    assert BANNER not in ours.stderr + ours.stdout
