"""Checks across files (clauses, sources, quotes, references), and the check command."""

from __future__ import annotations

import subprocess
import sys

import pytest
from support import ANNOTATION, ROOT, SOURCE, tiny_project, write
from treaty_dossier.content import file_cache
from treaty_dossier.content.dossier import load_dossier
from treaty_dossier.content.sources import load_source


def problems_for(tmp_path, annotation: str = ANNOTATION, **kw):
    tiny_project(tmp_path, annotations={"t-2024/note": annotation}, **kw)
    _, problems = load_dossier(tmp_path)
    return [(str(p), p.severity) for p in problems]


def test_the_tiny_project_is_clean(tmp_path):
    assert problems_for(tmp_path) == []


@pytest.mark.parametrize(
    "old, new, expected, severity",
    [
        (
            "clause: t-2024/art_1",
            "clause: t-2024/art_11",
            "annotations/t-2024/note.md:2: unknown clause 't-2024/art_11' (did you mean: t-2024/art_1, t-2024/art_2?)",
            "error",
        ),
        (
            "clause: t-2024/art_1",
            "clause: t-2042/art_1",
            "annotations/t-2024/note.md:2: unknown clause 't-2042/art_1' (did you mean: t-2024/art_1, t-2024/art_2?)",
            "error",
        ),
        (
            "sources: [ew-2024-06-20]",
            "sources: [ew-2024-06-21]",
            "annotations/t-2024/note.md:4: unknown source 'ew-2024-06-21' (did you mean: ew-2024-06-20?); add annotations/sources/ew-2024-06-21.yml or fix the id",
            "error",
        ),
        (
            "quote: state of war",
            "quote: state of peace",
            "annotations/t-2024/note.md:3: quote 'state of peace' is not in the text of t-2024/art_1 (did you mean: 'state of war' [peace → war]?); the note is shown at the end of the clause until the quote is fixed (copy the words as the page shows them)",
            "warning",
        ),
        (
            "clause: t-2024/art_1\nquote: state of war",
            "clause: t-2024/art_2\nquote: The Parties shall consult",
            "annotations/t-2024/note.md:3: quote 'The Parties shall consult' occurs 2 times in t-2024/art_2; add 'prefix' or 'suffix' to say which",
            "error",
        ),
        (
            "kind: commentary",
            "kind: commentary\nrelated: [t-2024/art_9]",
            "annotations/t-2024/note.md:6: unknown clause 't-2024/art_9' in 'related' (did you mean: t-2024/art_2, t-2024/art_1?)",
            "error",
        ),
        (
            "[[t-2024/art_2]]",
            "[[t-2024/art_3]]",
            "annotations/t-2024/note.md:8: unknown clause 't-2024/art_3' in [[t-2024/art_3]] (did you mean: t-2024/art_2, t-2024/art_1?)",
            "warning",
        ),
        (
            "A note citing [@ew-2024-06-20]",
            "A note citing\n[@ew-2024-06-02]",
            "annotations/t-2024/note.md:9: unknown source 'ew-2024-06-02' in [@ew-2024-06-02] (did you mean: ew-2024-06-20?)",
            "warning",
        ),
    ],
)
def test_cross_file_problems(tmp_path, old, new, expected, severity):
    assert old in ANNOTATION
    assert problems_for(tmp_path, ANNOTATION.replace(old, new)) == [(expected, severity)]


def test_quote_selector_with_prefix_picks_one_occurrence(tmp_path):
    ann = ANNOTATION.replace(
        "clause: t-2024/art_1\nquote: state of war",
        "clause: t-2024/art_2\nquote: {exact: The Parties shall consult, suffix: again}",
    )
    assert problems_for(tmp_path, ann) == []


def test_every_problem_is_reported_at_once(tmp_path):
    tiny_project(
        tmp_path,
        annotations={
            "t-2024/a": ANNOTATION.replace("art_1", "art_7"),
            "t-2024/b": ANNOTATION.replace("kind: commentary", "kind: gossip"),
            "t-2024/c": "no front matter\n",
        },
    )
    write(tmp_path, "annotations/sources/bad.yml", SOURCE.replace("https://", "http://"))
    _, problems = load_dossier(tmp_path)
    assert [f"{p.path}:{p.line}" for p in problems] == [
        "annotations/sources/bad.yml:6",
        "annotations/t-2024/a.md:2",
        "annotations/t-2024/b.md:5",
        "annotations/t-2024/c.md:1",
    ]


def test_duplicate_source_id(tmp_path):
    tiny_project(tmp_path)
    write(tmp_path, "annotations/sources/ew-2024-06-20.yaml", SOURCE)
    _, problems = load_dossier(tmp_path)
    assert [str(p) for p in problems] == [
        "annotations/sources/ew-2024-06-20.yml:1: duplicate source id 'ew-2024-06-20': annotations/sources/ew-2024-06-20.yaml has the same name"
    ]


def test_copy_names_unknown_original(tmp_path):
    copy = "kind: news\nlanguage: en\nderived_from: ew-2024-06-02\n"
    tiny_project(tmp_path, sources={"ew-2024-06-20": SOURCE, "copy": copy})
    _, problems = load_dossier(tmp_path)
    assert [str(p) for p in problems] == [
        "annotations/sources/copy.yml:3: 'derived_from' names unknown source 'ew-2024-06-02' (did you mean: ew-2024-06-20?)"
    ]


def test_annotation_in_the_wrong_folder(tmp_path):
    tiny_project(tmp_path, annotations={"other/note": ANNOTATION})
    _, problems = load_dossier(tmp_path)
    assert [str(p) for p in problems] == [
        "annotations/other/note.md:2: an annotation on 't-2024/art_1' belongs in annotations/t-2024/, not annotations/other/"
    ]


def test_index_of_citations_and_backlinks(tmp_path):
    tiny_project(tmp_path)
    dossier, _ = load_dossier(tmp_path)
    assert [a.id for a in dossier.cited_by["ew-2024-06-20"]] == ["t-2024/note"]
    assert [(kind, item.id) for kind, item in dossier.referred_by["t-2024/art_2"]] == [("annotation", "t-2024/note")]


def run_check(root, *args):
    return subprocess.run([sys.executable, str(ROOT / "hooks" / "check.py"), str(root), *args], capture_output=True, text=True)


def test_check_command_reports_and_fails(tmp_path):
    tiny_project(tmp_path, annotations={"t-2024/note": ANNOTATION.replace("art_1", "art_7")})
    write(tmp_path, "docs/about.md", "# About\n\n`[[not/checked]]` but [[t-2024/art_9]] is.\n")
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "annotations/t-2024/note.md:2: unknown clause 't-2024/art_7' (did you mean: t-2024/art_2, t-2024/art_1?)",
        "docs/about.md:3: unknown clause 't-2024/art_9' in [[t-2024/art_9]] (did you mean: t-2024/art_2, t-2024/art_1?) [warning]",
    ]


def test_check_command_strict_fails_on_warnings_only(tmp_path):
    tiny_project(tmp_path, annotations={"t-2024/note": ANNOTATION.replace("quote: state of war", "quote: state of peace")})
    assert run_check(tmp_path).returncode == 0
    assert run_check(tmp_path, "--strict").returncode == 1


def test_check_command_passes_on_the_real_content():
    result = run_check(ROOT, "--strict")
    assert result.returncode == 0, result.stdout


def test_a_rebuild_forgets_deleted_and_renamed_files(tmp_path):
    """`mkdocs serve` keeps the cache between builds: a deleted or renamed note leaves nothing behind."""
    tiny_project(tmp_path, annotations={"t-2024/one": ANNOTATION, "t-2024/two": ANNOTATION})
    dossier, _ = load_dossier(tmp_path)
    assert sorted(a.id for a in dossier.annotations) == ["t-2024/one", "t-2024/two"]
    held = file_cache.size()
    (tmp_path / "annotations/t-2024/one.md").unlink()
    (tmp_path / "annotations/t-2024/two.md").rename(tmp_path / "annotations/t-2024/three.md")
    dossier, _ = load_dossier(tmp_path)
    assert [a.id for a in dossier.annotations] == ["t-2024/three"]
    assert file_cache.size() == held - 1  # one note fewer; the renamed one is held once, under its new name


def test_cached_sources_are_never_changed_by_a_build(tmp_path):
    """A copy's link to its original is set per build, on the dossier's own copy of the source."""
    copy = SOURCE.replace("title: A report", "title: A copy") + "derived_from: ew-2024-06-20\n"
    tiny_project(tmp_path, sources={"ew-2024-06-20": SOURCE, "copy-2024-06-21": copy})
    dossier, problems = load_dossier(tmp_path)
    assert problems == []
    assert dossier.sources["copy-2024-06-21"].original is dossier.sources["ew-2024-06-20"]
    file = tmp_path / "annotations/sources/copy-2024-06-21.yml"
    shared, _ = file_cache.cached(load_source, file, "annotations/sources/copy-2024-06-21.yml")
    assert shared is not None and shared.original is None and shared is not dossier.sources["copy-2024-06-21"]
