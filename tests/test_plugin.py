"""The ``treaty-dossier`` plugin as another dossier uses it: named in ``plugins:``, no hooks folder."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from support import ROOT, TEST_REPO_URL, build, tiny_project, write

PLUGIN_CONFIG = (
    "site_name: Tiny\ntheme: {name: material, font: false}\n"
    "markdown_extensions: [attr_list, footnotes, md_in_html, tables, {toc: {permalink: true}}]\n"
)


def plugin_project(root: Path, settings: str = "") -> Path:
    tiny_project(root)
    write(root, "mkdocs.yml", PLUGIN_CONFIG + "plugins:\n  - treaty-dossier" + (f":\n      {settings}\n" if settings else "\n"))
    return root


@pytest.mark.build
def test_a_dossier_with_the_plugin_and_no_hooks_gets_its_notes_and_references(tmp_path: Path):
    project = plugin_project(tmp_path)
    result = build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "treaties" / "t-2024" / "index.html").read_text(encoding="utf-8")
    assert 'id="fnref:t-2024--note"' in page  # the note's mark on its clause
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="treaties/t-2024/#art_1"' in home  # [[t-2024/art_1]] resolved
    assert (project / "site" / "sources" / "ew-2024-06-20" / "index.html").is_file()


@pytest.mark.build
@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("content_root: no-such-folder", "the setting 'content_root' names 'no-such-folder', which is not a folder"),
        ("pdf: perhaps", "option 'pdf': Expected type: <class 'bool'> but received: <class 'str'>"),
    ],
)
def test_a_wrong_setting_gets_one_message_naming_it_and_nothing_is_written(tmp_path: Path, settings: str, message: str):
    project = plugin_project(tmp_path, settings)
    result = build(project)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()


@pytest.mark.build
def test_a_dossier_without_treaties_is_told_where_to_put_one(tmp_path: Path):
    project = plugin_project(tmp_path)
    (project / "docs" / "treaties" / "t-2024.md").unlink()
    for note in (project / "annotations" / "t-2024").glob("*.md"):
        note.unlink()
    result = build(project)
    assert result.returncode != 0
    assert "no treaty files in docs/treaties/ under the setting 'content_root'" in result.stderr
    assert "add one as docs/treaties/<treaty-id>.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site" / "index.html").exists()


@pytest.mark.unit
def test_the_package_depends_on_what_requirements_txt_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pinned = [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]
    assert sorted(project["dependencies"], key=str.lower) == sorted(pinned, key=str.lower)
    assert project["entry-points"]["mkdocs.plugins"]["treaty-dossier"] == "treaty_dossier.mkdocs_plugin:DossierPlugin"


@pytest.mark.build
def test_a_dossier_in_a_subfolder_of_its_repository_has_its_history_and_annotate_links(tmp_path: Path):
    import subprocess

    project = plugin_project(tmp_path / "examples" / "tiny")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "repo_url: !ENV [TREATY_REPO_URL, null]\n", encoding="utf-8")
    git = ["git", "-C", str(tmp_path), "-c", "user.name=T", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run(
        [*git, "commit", "-q", "-m", "First texts", "--date=2024-07-01T12:00:00Z"],
        check=True,
        env={"GIT_COMMITTER_DATE": "2024-07-01T12:00:00Z", **os.environ},
    )
    result = build(project, repo_url=TEST_REPO_URL)
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "treaties" / "t-2024" / "index.html").read_text(encoding="utf-8")
    assert "Text as of 1 July 2024" in page  # the treaty's revision history, read from the subfolder
    assert f"{TEST_REPO_URL}/new/main/examples/tiny/annotations/t-2024?" in page.replace("&amp;", "&")
