"""The benchmark runs end to end at a tiny size and reports every figure (no timing asserts)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support import ROOT


@pytest.mark.slow
def test_benchmark_smoke_reports_every_figure(tmp_path):
    out = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmark" / "run.py"), "--smoke", "--work", str(tmp_path / "work"), "--out", str(out)],
        check=False,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(out.read_text())
    assert {"cpu", "cores", "mkdocs", "mkdocs-material"} <= set(report["machine"])
    [size] = report["sizes"]
    assert size["annotations"] == 50
    for key in (
        "hooked_build_seconds",
        "prebaked_build_seconds",
        "ratio",
        "hook_seconds",
        "hooked_peak_rss_mb",
        "prebaked_peak_rss_mb",
    ):
        assert size[key] > 0, key
    assert {"on_files", "on_page_markdown", "on_page_content", "on_post_build"} <= set(size["hook_phases"])
    for site in ("hooked_site", "prebaked_site"):
        assert (
            size[site]["largest_page_bytes"] > 0 and size[site]["search_index_bytes"] > 0 and size[site]["treaty_page_bytes"] > 0
        )
    # Every sampled note is in the search index exactly once, with the hooks and without.
    for variant in ("hooked", "prebaked"):
        occurrences = size["index_occurrences"][variant]
        assert occurrences["notes_checked"] > 0 and occurrences["min"] == occurrences["max"] == 1, (variant, occurrences)
    # The edited note showed up under `mkdocs serve`; search found the note in Chromium, fetching nothing before.
    assert all(
        t is not None for t in report["serve"]["hooked"]["rebuild_seconds"] + report["serve"]["prebaked"]["rebuild_seconds"]
    )
    reader = report["reader"]["hooked"]
    assert reader["first_result_cold_seconds"] > 0 and reader["results_shown"] >= 1
    assert reader["search_bytes_before_query"] == 0 < reader["search_bytes_first_query"]  # Pagefind loads on first use
    assert "available" in report["pdf"]
    assert "| 50 |" in result.stdout  # the Markdown table


@pytest.mark.slow
def test_benchmark_times_the_pdf_step_alone_beside_another_commit(tmp_path):
    out = tmp_path / "report.json"
    command = [sys.executable, str(ROOT / "benchmark" / "run.py"), "--smoke", "--pdf-only", "--pdf-base", "HEAD"]
    result = subprocess.run(
        [*command, "--work", str(tmp_path / "work"), "--out", str(out)], check=False, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(out.read_text())
    assert report["sizes"] == []  # no HTML builds at --sizes
    for variant in ("before", "after"):
        step = report["pdf"][variant]
        assert step["pdf_files"] == 3 and step["pdf_pages"] > 0, variant  # two treaties and the dossier
        assert step["peak_tree_rss_mb"] > 0 and step["peak_rss_mb"] > 0, variant  # sampled: it may miss a short peak
        assert step["pdf_reused_after_edit"] == 1, variant  # the treaty whose note was not edited
    assert "PDF step (before)" in result.stdout and "PDF step (after)" in result.stdout
