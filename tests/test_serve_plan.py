"""What an edit under `mkdocs serve` needs: which files changed, and when every page must be built again."""

from __future__ import annotations

from support import tiny_project, write
from treaty_dossier.site import serve_plan
from treaty_dossier.site.figures import MARKER

PAGES = ["index.md", "about.md", "treaties/t-2024.md"]


def test_a_snapshot_sees_files_edited_added_and_removed(tmp_path):
    project = tiny_project(tmp_path)
    watched = [project / "docs", project / "annotations", project / "mkdocs.yml"]
    before = serve_plan.snapshot(project, watched)
    assert "annotations/t-2024/note.md" in before and "mkdocs.yml" in before
    write(project, "annotations/t-2024/note.md", "changed, and longer than it was before\n")
    write(project, "annotations/t-2024/new.md", "new\n")
    (project / "docs" / "index.md").unlink()
    found = serve_plan.changes(before, serve_plan.snapshot(project, watched))
    assert found.modified == {"annotations/t-2024/note.md"}
    assert found.added == {"annotations/t-2024/new.md"} and found.removed == {"docs/index.md"}
    assert not serve_plan.changes(before, before)


def _changes(modified=(), added=(), removed=()) -> serve_plan.Changes:
    return serve_plan.Changes(frozenset(modified), frozenset(added), frozenset(removed))


def test_content_edits_are_planned_page_by_page():
    for found in (
        _changes(modified=["annotations/t-2024/note.md"]),
        _changes(added=["annotations/t-2024/new.md"], removed=["annotations/t-2024/old.md"]),
        _changes(modified=["annotations/sources/ew.yml", "docs/treaties/t-2024.md", "docs/about.md", "CONTRIBUTING.md"]),
    ):
        assert serve_plan.needs_whole_site(found, "docs", PAGES) is None, found


def test_what_changes_every_page_says_why():
    assert serve_plan.needs_whole_site(_changes(modified=["mkdocs.yml"]), "docs", PAGES) == "mkdocs.yml is not content"
    assert serve_plan.needs_whole_site(_changes(modified=["docs/img/map.png"]), "docs", PAGES) == (
        "docs/img/map.png is not content"
    )
    assert serve_plan.needs_whole_site(_changes(added=["docs/new.md"]), "docs", PAGES) == (
        "docs/new.md was added: the list of pages changes"
    )
    assert serve_plan.needs_whole_site(_changes(removed=["docs/about.md"]), "docs", PAGES) == (
        "docs/about.md was removed: the list of pages changes"
    )
    assert serve_plan.needs_whole_site(_changes(modified=["docs/draft.md"]), "docs", PAGES) == (
        "docs/draft.md is not one of the site's pages (left out of the build, perhaps)"
    )


def test_written_pages_are_built_again_when_edited_or_when_they_show_the_figures():
    markdown = {"index.md": f"# Home\n\n{MARKER}\n", "about.md": "# About\n", "notes.md": "# Notes\n"}
    assert serve_plan.written_pages_to_build(_changes(modified=["annotations/t-2024/note.md"]), "docs", markdown) == {"index.md"}
    assert serve_plan.written_pages_to_build(_changes(modified=["docs/about.md"]), "docs", markdown) == {"index.md", "about.md"}
