"""The package as another dossier gets it: a wheel installed into a fresh virtual environment.

Nothing here uses this checkout's hooks folder: the commands and the plugin come from the
wheel (``pip wheel .``), and each dossier is built in a folder of its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support import ROOT

pytestmark = pytest.mark.slow

EXAMPLE = ROOT / "examples" / "north-atlantic"


def run(cmd: list[str | Path], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "TREATY_REPO_URL"}}
    env |= {"NO_MKDOCS_2_WARNING": "1", "TREATY_PDF": "1"}
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    done = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, ROOT], cwd=dist)
    assert done.returncode == 0, done.stderr
    return next(dist.glob("treaty_dossier-*.whl"))


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a fresh virtual environment with only the wheel and its dependencies."""
    where = tmp_path_factory.mktemp("venv")
    assert run([sys.executable, "-m", "venv", where], cwd=where).returncode == 0
    done = run([where / "bin" / "python", "-m", "pip", "install", "-q", wheel], cwd=where)
    assert done.returncode == 0, done.stderr
    return where / "bin"


def test_the_wheel_carries_the_files_the_package_reads(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "treaty_dossier/pdf/edition.typ",
        "treaty_dossier/data/dossier.schema.json",
        "treaty_dossier/mkdocs_plugin.py",
    ):
        assert needed in names
    assert not [n for n in names if n.startswith(("tests/", "annotations/", "docs/"))]


def test_the_package_is_imported_from_the_environment_not_the_checkout(venv: Path):
    where = run([venv / "python", "-c", "import treaty_dossier; print(treaty_dossier.__file__)"], cwd=venv)
    assert where.stdout.startswith(str(venv.parent)), where.stdout


def test_a_new_dossier_from_the_command_builds_strictly_with_its_pdf(venv: Path, tmp_path: Path):
    made = run(
        [venv / "treaty-dossier-new", tmp_path / "new", "--treaty-id", "example-2001", "--title", "Example Treaty"], cwd=tmp_path
    )
    assert made.returncode == 0, made.stderr
    assert "Wrote a new dossier" in made.stdout
    checked = run([venv / "treaty-dossier-check", "--strict"], cwd=tmp_path / "new")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = run([venv / "mkdocs", "build", "--strict"], cwd=tmp_path / "new")
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "new" / "site" / "treaties" / "example-2001" / "index.html").read_text(encoding="utf-8")
    assert 'id="art_1"' in page
    assert (tmp_path / "new" / "site" / "pdf" / "example-2001.pdf").is_file()
    again = run(
        [venv / "treaty-dossier-new", tmp_path / "new", "--treaty-id", "example-2001", "--title", "Example Treaty"], cwd=tmp_path
    )
    assert again.returncode == 2 and "nothing was written" in again.stderr


def test_the_example_dossier_builds_strictly_from_the_installed_package(venv: Path, tmp_path: Path):
    project = shutil.copytree(EXAMPLE, tmp_path / "example", ignore=shutil.ignore_patterns("site"))
    assert not (project / "hooks").exists()
    built = run([venv / "mkdocs", "build", "--strict"], cwd=project)
    assert built.returncode == 0, built.stderr
    notes = sorted(project.glob("annotations/*/*.md"))
    assert notes
    for treaty in (project / "docs" / "treaties").glob("*.md"):
        html = (project / "site" / "treaties" / treaty.stem / "index.html").read_text(encoding="utf-8")
        on_page = [n for n in notes if n.parent.name == treaty.stem]
        assert html.count('class="footnote-ref"') >= len(on_page)
